package edoc

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/vnegov/egov/diag"
)

// ReaderOptions bounds what a Reader accepts. The zero value gives the defaults documented on each field.
type ReaderOptions struct {
	// MaxHeaderSize is the largest envelope (header and manifest) in bytes; default 4 MiB.
	MaxHeaderSize int64
	// MaxAttachments is the largest number of attachments; default 1000.
	MaxAttachments int
	// MaxAttachmentSize is the largest decoded attachment in bytes; default 4 GiB.
	MaxAttachmentSize int64
	// MaxDepth is the deepest element nesting; default 64.
	MaxDepth int
	// MaxText is the longest character data of an element other than an attachment's content, in bytes;
	// default 1 MiB.
	MaxText int
}

func (o ReaderOptions) withDefaults() ReaderOptions {
	if o.MaxHeaderSize <= 0 {
		o.MaxHeaderSize = 4 << 20
	}
	if o.MaxAttachments <= 0 {
		o.MaxAttachments = 1000
	}
	if o.MaxAttachmentSize <= 0 {
		o.MaxAttachmentSize = 4 << 30
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 64
	}
	if o.MaxText <= 0 {
		o.MaxText = 1 << 20
	}
	return o
}

// Kind says whether a package carries a document or a status.
type Kind uint8

const (
	// KindDocument is a document package (gói tin văn bản).
	KindDocument Kind = iota
	// KindStatus is a status package (gói tin trạng thái).
	KindStatus
)

// Reader reads an edXML package in one streaming pass: NewReader parses the header, then Next yields the
// attachments one by one with their content decoded on the fly. Memory stays bounded by ReaderOptions whatever the
// size of the attachments. A Reader is not safe for concurrent use.
type Reader struct {
	opts  ReaderOptions
	sc    *scanner
	notes notes

	kind   Kind
	pkg    Package
	status *StatusPackage

	envelope *node
	header   *node
	dec      *decoder

	state   readState
	cur     *Attachment
	content *contentReader
	count   int
	err     error // sticky failure
}

type readState uint8

const (
	stateRoot readState = iota
	stateAttachments
	stateInAttachment
	stateDone
)

// NewReader reads the package header from r. Broken input returns an *Error carrying the finding (line and path);
// other failures are read errors. Tolerated quirks are available from Diagnostics.
func NewReader(r io.Reader, opts ReaderOptions) (*Reader, error) {
	rd := &Reader{opts: opts.withDefaults()}
	rd.sc = newScanner(r, rd.opts.MaxText, rd.opts.MaxDepth, &rd.notes)
	if err := rd.readHead(); err != nil {
		rd.err = err
		return nil, err
	}
	return rd, nil
}

// Kind says whether the package is a document or a status package.
func (r *Reader) Kind() Kind { return r.kind }

// Package returns the document package read so far: the header and manifest after NewReader, the attachments
// once Next has passed them. For a status package it holds only what both kinds share.
func (r *Reader) Package() *Package { return &r.pkg }

// Status returns the status package, nil for a document package.
func (r *Reader) Status() *StatusPackage { return r.status }

// Diagnostics returns the quirks tolerated and the format findings made while reading so far, with the
// severities of the Strict profile.
func (r *Reader) Diagnostics() []diag.Diagnostic {
	out := append([]diag.Diagnostic(nil), r.notes.list...)
	if r.dec != nil {
		out = append(out, r.dec.findings...)
	}
	return out
}

func (r *Reader) readHead() error {
	s := r.sc
	t, err := s.next()
	if err != nil {
		return err
	}
	for t.kind == tokText { // whitespace only: text outside the root is refused by the scanner
		if t, err = s.next(); err != nil {
			return err
		}
	}
	if t.kind != tokStart {
		return s.syntax("no root element")
	}
	if t.name.local != "edXML" {
		return &Error{Diagnostic: ruleWrongRoot.At("/"+t.name.local, t.line, 0, t.name.qualified())}
	}
	if t.name.space != NamespaceEdXML {
		r.notes.add(ruleNamespace.At("/edXML", t.line, 0, "edXML", t.name.space, NamespaceEdXML))
	}
	for {
		t, err := s.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEnd:
			r.state = stateDone
			return r.finishHead()
		case tokStart:
			switch t.name.local {
			case "edXMLEnvelope":
				if r.envelope != nil {
					return &Error{Diagnostic: ruleTooMany.At(s.path(), t.line, 0, "edXMLEnvelope", 2, 1)}
				}
				if r.envelope, err = r.readTree(t, r.opts.MaxHeaderSize); err != nil {
					return err
				}
			case "AttachmentEncoded":
				if r.envelope == nil {
					return &Error{Diagnostic: ruleRequired.At(s.path(), t.line, 0, "edXMLEnvelope (before AttachmentEncoded)")}
				}
				r.state = stateAttachments
				return r.finishHead()
			case "Signature":
				if err := r.rootSignature(t); err != nil {
					return err
				}
			default:
				r.notes.add(ruleUnknownElement.At(s.path(), t.line, 0, t.name.qualified()))
				if err := r.skip(); err != nil {
					return err
				}
			}
		}
	}
}

func (r *Reader) rootSignature(t token) error {
	n, err := r.readTree(t, r.opts.MaxHeaderSize)
	if err != nil {
		return err
	}
	r.pkg.Signatures = append(r.pkg.Signatures, signatureInfo(n))
	return nil
}

// skip consumes the element whose start was just returned.
func (r *Reader) skip() error {
	depth := 1
	for depth > 0 {
		t, err := r.sc.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

func (r *Reader) finishHead() error {
	if r.envelope == nil {
		return &Error{Diagnostic: ruleRequired.At("/edXML", 1, 0, "edXMLEnvelope")}
	}
	header := r.envelope.child("edXMLHeader")
	if header == nil {
		return &Error{Diagnostic: ruleRequired.At(r.envelope.p(), r.envelope.line, 0, "edXMLHeader")}
	}
	mh := header.child("MessageHeader")
	if mh == nil {
		return &Error{Diagnostic: ruleRequired.At(header.p(), header.line, 0, "MessageHeader")}
	}
	r.header = header
	r.dec = newDecoder(false)
	for _, n := range []*node{header, r.envelope} {
		for _, sig := range n.all("Signature") {
			r.pkg.Signatures = append(r.pkg.Signatures, signatureInfo(sig))
		}
	}
	if mh.child("StatusCode") != nil {
		r.kind = KindStatus
		r.status = r.dec.status(mh, header)
		return nil
	}
	r.pkg.Header = r.dec.messageHeader(mh)
	r.pkg.Traces = r.dec.traces("", header)
	r.pkg.Business = r.dec.business(header.child("TraceHeaderList").child("Bussiness"))
	r.pkg.Manifest = r.dec.manifest(r.envelope.child("edXMLBody"))
	return nil
}

// Next returns the next attachment, with Content streaming its decoded bytes until the following call of Next.
// Metadata elements that come after ContentTransferEncoded are filled in once the content has been read. Next
// returns io.EOF after the last attachment, an *Error for broken input.
func (r *Reader) Next() (*Attachment, error) {
	if r.err != nil {
		return nil, r.err
	}
	a, err := r.next()
	if err != nil {
		r.err = err
	}
	return a, err
}

func (r *Reader) next() (*Attachment, error) {
	if r.cur != nil {
		if err := r.finishAttachment(); err != nil {
			return nil, err
		}
	}
	s := r.sc
	for {
		switch r.state {
		case stateDone:
			t, err := s.next()
			if err != nil {
				return nil, err
			}
			if t.kind != tokEOF {
				return nil, s.syntax("content after the root element")
			}
			return nil, io.EOF
		case stateAttachments:
			t, err := s.next()
			if err != nil {
				return nil, err
			}
			switch t.kind {
			case tokEnd:
				r.state = stateRoot
			case tokStart:
				if t.name.local != "Attachment" {
					r.notes.add(ruleUnknownElement.At(s.path(), t.line, 0, t.name.qualified()))
					if err := r.skip(); err != nil {
						return nil, err
					}
					continue
				}
				r.count++
				if r.count > r.opts.MaxAttachments {
					return nil, s.fail(ruleLimit, "number of attachments", r.opts.MaxAttachments)
				}
				r.cur = &Attachment{Line: t.line}
				r.state = stateInAttachment
				return r.readAttachmentHead()
			}
		case stateRoot:
			t, err := s.next()
			if err != nil {
				return nil, err
			}
			switch t.kind {
			case tokEnd:
				r.state = stateDone
			case tokStart:
				switch t.name.local {
				case "AttachmentEncoded":
					r.state = stateAttachments
				case "Signature":
					if err := r.rootSignature(t); err != nil {
						return nil, err
					}
				default:
					r.notes.add(ruleUnknownElement.At(s.path(), t.line, 0, t.name.qualified()))
					if err := r.skip(); err != nil {
						return nil, err
					}
				}
			}
		default:
			return nil, errors.New("edoc: reader in an impossible state")
		}
	}
}

// readAttachmentHead reads the metadata children of an Attachment up to its ContentTransferEncoded (or its end).
func (r *Reader) readAttachmentHead() (*Attachment, error) {
	done, err := r.readAttachmentChildren(true)
	if err != nil {
		return nil, err
	}
	if done {
		r.cur.Content = bytes.NewReader(nil)
		r.content = nil
	}
	return r.cur, nil
}

// readAttachmentChildren reads children of the current Attachment. With stopAtContent it returns at the start
// of ContentTransferEncoded, having set up the content stream. It reports whether the Attachment ended.
func (r *Reader) readAttachmentChildren(stopAtContent bool) (bool, error) {
	s := r.sc
	a := r.cur
	for {
		t, err := s.next()
		if err != nil {
			return false, err
		}
		switch t.kind {
		case tokEnd:
			return true, nil
		case tokStart:
			if t.name.local == "ContentTransferEncoded" {
				if !stopAtContent || r.content != nil {
					return false, &Error{Diagnostic: ruleTooMany.At(s.path(), t.line, 0, "ContentTransferEncoded", 2, 1)}
				}
				r.content = newContentReader(r, t.line)
				a.Content = r.content
				return false, nil
			}
			text, err := r.leafText()
			if err != nil {
				return false, err
			}
			switch t.name.local {
			case "ContentId":
				a.ContentID = text
			case "AttachmentName":
				a.AttachmentName = text
			case "Description":
				a.Description = text
			case "ContentType":
				a.ContentType = text
			default:
				r.notes.add(ruleUnknownElement.At(s.path()+"/"+t.name.local, t.line, 0, t.name.qualified()))
			}
		}
	}
}

// leafText reads the trimmed text of the element just started, skipping (with a note) any child element.
func (r *Reader) leafText() (string, error) {
	var b []byte
	for {
		t, err := r.sc.next()
		if err != nil {
			return "", err
		}
		switch t.kind {
		case tokText:
			if len(b)+len(t.text) > r.opts.MaxText {
				return "", r.sc.fail(ruleLimit, "text of <"+r.sc.qnameTop()+">", r.opts.MaxText)
			}
			b = append(b, t.text...)
		case tokStart:
			r.notes.add(ruleUnknownElement.At(r.sc.path(), t.line, 0, t.name.qualified()))
			if err := r.skip(); err != nil {
				return "", err
			}
		case tokEnd:
			return string(bytes.TrimSpace(b)), nil
		}
	}
}

// finishAttachment drains the current content and reads the rest of the Attachment element.
func (r *Reader) finishAttachment() error {
	a := r.cur
	if c := r.content; c != nil {
		if !c.touched {
			// Nobody read the content: skip its character data without decoding it.
			if err := c.skipRest(); err != nil {
				return err
			}
			c.size = -1
		} else if _, err := io.Copy(io.Discard, c); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Diagnostic.Code == ruleTruncated.Code || e.Diagnostic.Code == ruleLimit.Code {
				return err
			}
			// A content finding (bad base64): skip the rest of the character data and go on reading.
			if err := c.skipRest(); err != nil {
				return err
			}
		}
		a.Size, a.EncodedSize = c.size, c.raw
		// Read the end of ContentTransferEncoded, tolerating comments (skipped by the scanner).
		for {
			t, err := r.sc.next()
			if err != nil {
				return err
			}
			if t.kind == tokEnd {
				break
			}
			if t.kind == tokStart {
				r.notes.add(ruleUnknownElement.At(r.sc.path(), t.line, 0, t.name.qualified()))
				if err := r.skip(); err != nil {
					return err
				}
			}
		}
		if _, err := r.readAttachmentChildren(false); err != nil {
			return err
		}
	}
	r.content = nil
	a.Content = nil
	r.pkg.Attachments = append(r.pkg.Attachments, *a)
	r.cur = nil
	r.state = stateAttachments
	return nil
}

// contentReader decodes the base64 character data of ContentTransferEncoded straight from the scanner's buffer:
// runs between line breaks are copied into a bounded buffer and decoded a chunk at a time, so memory stays at a
// few hundred KiB whatever the size of the attachment. Whitespace anywhere, CRLF line breaks and character
// references to whitespace are tolerated.
type contentReader struct {
	r       *Reader
	s       *scanner
	in      []byte
	out     []byte
	op      int
	done    bool // the '<' ending the character data is next in the input
	ended   bool // done and every byte decoded
	padded  bool // a chunk ended with '=' padding
	err     error
	size    int64
	line    int
	raw     int64 // bytes of character data consumed
	touched bool  // Read or WriteTo was called
}

const contentChunk = 96 << 10

func newContentReader(r *Reader, line int) *contentReader {
	return &contentReader{r: r, s: r.sc, line: line, in: make([]byte, 0, contentChunk), out: make([]byte, 0, contentChunk/4*3)}
}

// Read implements io.Reader.
func (c *contentReader) Read(p []byte) (int, error) {
	c.touched = true
	for c.op == len(c.out) {
		if c.err != nil {
			return 0, c.err
		}
		c.fill()
	}
	n := copy(p, c.out[c.op:])
	c.op += n
	return n, nil
}

// WriteTo implements io.WriterTo, saving a copy in io.Copy.
func (c *contentReader) WriteTo(w io.Writer) (int64, error) {
	c.touched = true
	var total int64
	for {
		if c.op < len(c.out) {
			n, err := w.Write(c.out[c.op:])
			total += int64(n)
			c.op += n
			if err != nil {
				return total, err
			}
			continue
		}
		if c.err != nil {
			if c.err == io.EOF {
				return total, nil
			}
			return total, c.err
		}
		c.fill()
	}
}

func (c *contentReader) contentError(rule diag.Rule, args ...any) *Error {
	return &Error{Diagnostic: ruleAt(rule, c.s.path(), c.s.line, args...)}
}

// fill decodes the next chunk into out, or sets err.
func (c *contentReader) fill() {
	c.out, c.op = c.out[:0], 0
	if c.ended {
		c.err = io.EOF
		return
	}
	if !c.done {
		if err := c.gather(); err != nil {
			c.err = err
			return
		}
	}
	n := len(c.in) &^ 3
	if n > 0 && c.padded {
		c.err = c.contentError(ruleBase64, "data after '=' padding")
		return
	}
	if n > 0 {
		m, err := base64.StdEncoding.Decode(c.out[:cap(c.out)], c.in[:n])
		if err != nil && bytes.ContainsAny(c.in[:n], " \t\r") {
			// Whitespace other than line feeds: compact and decode again (rare, slow path).
			c.in = compactSpace(c.in)
			n = len(c.in) &^ 3
			m, err = base64.StdEncoding.Decode(c.out[:cap(c.out)], c.in[:n])
		}
		if err != nil {
			c.err = c.contentError(ruleBase64, describeBase64Error(c.in[:n], err))
			return
		}
		if n > 0 {
			c.padded = c.in[n-1] == '='
		}
		c.out = c.out[:m]
		c.size += int64(m)
		if c.size > c.r.opts.MaxAttachmentSize {
			c.err = c.contentError(ruleLimit, "attachment size in bytes", int(min(c.r.opts.MaxAttachmentSize, 1<<62)))
			return
		}
		c.in = c.in[:copy(c.in, c.in[n:])]
	}
	if c.done {
		if rest := compactSpace(c.in); len(rest) > 0 {
			if bytes.IndexFunc(rest, func(r rune) bool { return !isBase64Char(r) }) >= 0 {
				c.err = c.contentError(ruleBase64, fmt.Sprintf("unexpected characters %q", trimForMessage(rest)))
				return
			}
			c.err = c.contentError(ruleBase64Truncated, len(rest))
			return
		}
		c.ended = true
		if len(c.out) == 0 {
			c.err = io.EOF
		}
	}
}

func isBase64Char(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '='
}

func trimForMessage(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}

func describeBase64Error(in []byte, err error) string {
	var ce base64.CorruptInputError
	if errors.As(err, &ce) && int(ce) < len(in) {
		end := min(int(ce)+20, len(in))
		return fmt.Sprintf("unexpected %q", in[ce:end])
	}
	return err.Error()
}

func compactSpace(b []byte) []byte {
	out := b[:0]
	for _, c := range b {
		if !isSpace(c) {
			out = append(out, c)
		}
	}
	return out
}

// gather moves raw character data from the scanner's buffer into in, until in is nearly full or the '<' that
// ends the character data is next.
func (c *contentReader) gather() error {
	s := c.s
	for cap(c.in)-len(c.in) >= 4096 {
		if s.br.Buffered() == 0 {
			if _, err := s.br.Peek(1); err != nil {
				return s.readErr(err, "end of input in attachment content")
			}
		}
		buf, _ := s.br.Peek(s.br.Buffered())
		if room := cap(c.in) - len(c.in); len(buf) > room {
			buf = buf[:room]
		}
		stop := bytes.IndexByte(buf, '<')
		seg := buf
		if stop >= 0 {
			seg = buf[:stop]
		}
		amp := bytes.IndexByte(seg, '&')
		if amp >= 0 {
			seg = seg[:amp]
		}
		c.appendLines(seg)
		c.raw += int64(len(seg))
		s.offset += int64(len(seg))
		_, _ = s.br.Discard(len(seg))
		if amp >= 0 {
			_, _ = s.br.Discard(1)
			s.offset++
			var ref [8]byte
			dec, err := s.readEntity(ref[:0])
			if err != nil {
				return err
			}
			c.in = append(c.in, dec...) // whitespace is compacted away, anything else fails decoding
			continue
		}
		if stop >= 0 {
			// Only the end tag ends the content; comments are skipped, other markup is refused rather than
			// silently cutting the attachment short.
			next, err := s.br.Peek(4)
			if err != nil && len(next) < 2 {
				return s.readErr(io.ErrUnexpectedEOF, "end of input in attachment content")
			}
			switch {
			case next[1] == '/':
				c.done = true
				return nil
			case bytes.HasPrefix(next, []byte("<!--")):
				_, _ = s.br.Discard(4)
				s.offset += 4
				if err := s.skipUntil("-->", "comment", s.maxText); err != nil {
					return err
				}
			default:
				return c.contentError(ruleBase64, "markup inside the content (CDATA sections and elements are not accepted here)")
			}
		}
	}
	return nil
}

// appendLines copies seg into in without its line feeds (and the carriage return before them), counting lines.
func (c *contentReader) appendLines(seg []byte) {
	for len(seg) > 0 {
		i := bytes.IndexByte(seg, '\n')
		if i < 0 {
			c.in = append(c.in, seg...)
			return
		}
		line := seg[:i]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		c.in = append(c.in, line...)
		c.s.line++
		seg = seg[i+1:]
	}
}

// skipRest discards the remaining character data after a content finding.
func (c *contentReader) skipRest() error {
	s := c.s
	for !c.done {
		if s.br.Buffered() == 0 {
			if _, err := s.br.Peek(1); err != nil {
				return s.readErr(err, "end of input in attachment content")
			}
		}
		buf, _ := s.br.Peek(s.br.Buffered())
		stop := bytes.IndexByte(buf, '<')
		seg := buf
		if stop >= 0 {
			seg = buf[:stop]
			c.done = true
		}
		s.line += bytes.Count(seg, []byte{'\n'})
		c.raw += int64(len(seg))
		s.offset += int64(len(seg))
		_, _ = s.br.Discard(len(seg))
	}
	c.in = c.in[:0]
	c.ended = true
	return nil
}
