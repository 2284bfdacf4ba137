package edoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/internal/xmlstream"
)

// ReaderOptions bounds what a Reader accepts. The zero value gives the defaults documented on each field.
type ReaderOptions struct {
	// MaxHeaderSize is the largest envelope (header and manifest) in bytes; default 4 MiB.
	MaxHeaderSize int64
	// MaxAttachments is the largest number of attachments; default 1000.
	MaxAttachments int
	// MaxAttachmentSize is the largest decoded attachment in bytes; default 4 GiB.
	MaxAttachmentSize int64
	// MaxDepth is the deepest element nesting; default 256, the default of the module's XML reader (the same
	// bytes are then accepted by edoc and by the signature verifier).
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
	// envBuilder, when set, builds the envelope's tree in reused memory (Validate's pool).
	envBuilder *xmlstream.Builder
	dec        *decoder

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
func NewReader(r io.Reader, opts ReaderOptions) (*Reader, error) { return newReader(r, opts, nil) }

// newReader is NewReader reading through the reusable memory of sc when it is not nil (Validate's pool): the
// reader must not be used once sc is given back.
func newReader(r io.Reader, opts ReaderOptions, sc *scratch) (*Reader, error) {
	rd := &Reader{opts: opts.withDefaults()}
	var tz *xmlstream.Tokenizer
	if sc != nil {
		tz, rd.envBuilder = sc.tokenizer(), sc.builder()
	}
	rd.sc = newScanner(r, rd.opts.MaxDepth, &rd.notes, tz)
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
	t, err := s.next() // the document element: text outside it and a missing root are tokenizer errors
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // unreachable: the tokenizer reports a document without root
		}
		return err
	}
	if t.Local != "edXML" {
		return &Error{Diagnostic: ruleWrongRoot.At("/"+t.Local, t.Line, t.Column, t.QName())}
	}
	if t.Space != NamespaceEdXML {
		r.notes.add(ruleNamespace.At("/edXML", t.Line, t.Column, "edXML", t.Space, NamespaceEdXML))
	}
	for {
		t, err := s.next()
		if err != nil {
			return err
		}
		switch t.Kind {
		case xmlstream.EndElement:
			r.state = stateDone
			return r.finishHead()
		case xmlstream.StartElement:
			switch t.Local {
			case "edXMLEnvelope":
				if r.envelope != nil {
					return &Error{Diagnostic: ruleTooMany.At(s.path(), t.Line, t.Column, "edXMLEnvelope", 2, 1)}
				}
				if r.envelope, err = r.readTreeWith(r.envBuilder, t, r.opts.MaxHeaderSize); err != nil {
					return err
				}
			case "AttachmentEncoded":
				if r.envelope == nil {
					return &Error{Diagnostic: ruleRequired.At(s.path(), t.Line, t.Column, "edXMLEnvelope (before AttachmentEncoded)")}
				}
				r.state = stateAttachments
				return r.finishHead()
			case "Signature":
				if err := r.rootSignature(t); err != nil {
					return err
				}
			default:
				r.notes.add(ruleUnknownElement.At(s.path(), t.Line, t.Column, t.QName()))
				if err := r.skip(); err != nil {
					return err
				}
			}
		}
	}
}

func (r *Reader) rootSignature(t *token) error {
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
		switch t.Kind {
		case xmlstream.StartElement:
			depth++
		case xmlstream.EndElement:
			depth--
		}
	}
	return nil
}

func (r *Reader) finishHead() error {
	if r.envelope == nil {
		return &Error{Diagnostic: ruleRequired.At("/edXML", 1, 0, "edXMLEnvelope")}
	}
	header := r.envelope.Child("edXMLHeader")
	if header == nil {
		return &Error{Diagnostic: ruleRequired.At(r.envelope.Path(), r.envelope.Line, r.envelope.Column, "edXMLHeader")}
	}
	mh := header.Child("MessageHeader")
	if mh == nil {
		return &Error{Diagnostic: ruleRequired.At(header.Path(), header.Line, header.Column, "MessageHeader")}
	}
	r.header = header
	r.dec = newDecoder(false)
	for _, n := range []*node{header, r.envelope} {
		for _, sig := range n.Elements("Signature") {
			r.pkg.Signatures = append(r.pkg.Signatures, signatureInfo(sig))
		}
	}
	if mh.Child("StatusCode") != nil {
		r.kind = KindStatus
		r.status = r.dec.status(mh, header)
		return nil
	}
	r.pkg.Header = r.dec.messageHeader(mh)
	r.pkg.Traces = r.dec.traces("", header)
	r.pkg.Business = r.dec.business(header.Child("TraceHeaderList").Child("Bussiness"))
	r.pkg.Manifest = r.dec.manifest(r.envelope.Child("edXMLBody"))
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
			if _, err := s.next(); err != io.EOF {
				if err == nil { // unreachable: after the document element the tokenizer reports only EOF or errors
					err = errors.New("edoc: content after the root element")
				}
				return nil, err
			}
			return nil, io.EOF
		case stateAttachments:
			t, err := s.next()
			if err != nil {
				return nil, err
			}
			switch t.Kind {
			case xmlstream.EndElement:
				r.state = stateRoot
			case xmlstream.StartElement:
				if t.Local != "Attachment" {
					r.notes.add(ruleUnknownElement.At(s.path(), t.Line, t.Column, t.QName()))
					if err := r.skip(); err != nil {
						return nil, err
					}
					continue
				}
				r.count++
				if r.count > r.opts.MaxAttachments {
					return nil, s.limit("number of attachments", "số tệp đính kèm", r.opts.MaxAttachments)
				}
				r.cur = &Attachment{Line: t.Line}
				r.state = stateInAttachment
				return r.readAttachmentHead()
			}
		case stateRoot:
			t, err := s.next()
			if err != nil {
				return nil, err
			}
			switch t.Kind {
			case xmlstream.EndElement:
				r.state = stateDone
			case xmlstream.StartElement:
				switch t.Local {
				case "AttachmentEncoded":
					r.state = stateAttachments
				case "Signature":
					if err := r.rootSignature(t); err != nil {
						return nil, err
					}
				default:
					r.notes.add(ruleUnknownElement.At(s.path(), t.Line, t.Column, t.QName()))
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
		switch t.Kind {
		case xmlstream.EndElement:
			return true, nil
		case xmlstream.StartElement:
			if t.Local == "ContentTransferEncoded" {
				if !stopAtContent || r.content != nil {
					return false, &Error{Diagnostic: ruleTooMany.At(s.path(), t.Line, t.Column, "ContentTransferEncoded", 2, 1)}
				}
				r.content = newContentReader(r, t.Line)
				a.Content = r.content
				return false, nil
			}
			name, line, qname := t.Local, t.Line, t.QName()
			text, err := r.leafText()
			if err != nil {
				return false, err
			}
			switch name {
			case "ContentId":
				a.ContentID = text
			case "AttachmentName":
				a.AttachmentName = text
			case "Description":
				a.Description = text
			case "ContentType":
				a.ContentType = text
			default:
				if !r.notes.full() {
					r.notes.add(ruleUnknownElement.At(s.path()+"/"+name, line, 0, qname))
				} else {
					r.notes.dropped++
				}
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
		switch t.Kind {
		case xmlstream.Text:
			if len(b)+len(t.Text) > r.opts.MaxText {
				return "", r.sc.textLimit(r.opts.MaxText)
			}
			b = append(b, t.Text...)
		case xmlstream.StartElement:
			r.notes.add(ruleUnknownElement.At(r.sc.path(), t.Line, t.Column, t.QName()))
			if err := r.skip(); err != nil {
				return "", err
			}
		case xmlstream.EndElement:
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
			if !errors.As(err, &e) || e.Diagnostic.Code == ruleTruncated.Code || e.Diagnostic.Code == ruleLimit.Code ||
				e.Diagnostic.Code == ruleNotWellFormed.Code {
				return err
			}
			// A content finding (bad base64): skip the rest of the character data and go on reading.
			if err := c.skipRest(); err != nil {
				return err
			}
		}
		a.Size, a.EncodedSize = c.size, c.raw
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

// contentReader decodes the base64 character data of ContentTransferEncoded as the tokenizer delivers it in
// bounded chunks, with the module's streaming base64 decoder, so memory stays at a few hundred KiB whatever the
// size of the attachment. White space anywhere, CRLF line breaks, character references and comments are
// tolerated; CDATA sections, elements and processing instructions are refused rather than silently cutting the
// attachment short.
type contentReader struct {
	r       *Reader
	s       *scanner
	dec     xmlstream.Base64Decoder
	out     []byte
	op      int
	depth   int    // tokenizer depth inside ContentTransferEncoded
	path    string // the element path of ContentTransferEncoded, for findings
	done    bool   // its end tag was read
	err     error
	size    int64
	line    int
	raw     int64 // bytes of character data consumed
	touched bool  // Read or WriteTo was called
}

func newContentReader(r *Reader, line int) *contentReader {
	return &contentReader{r: r, s: r.sc, line: line, depth: r.sc.tz.Depth(), path: r.sc.path()}
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
	line, _ := c.s.tz.Pos()
	return &Error{Diagnostic: rule.At(c.path, line, 0, args...)}
}

// fill decodes the next chunk into out, or sets err.
func (c *contentReader) fill() {
	c.out, c.op = nil, 0
	for len(c.out) == 0 && c.err == nil {
		if c.done {
			if _, err := c.dec.Close(); err != nil {
				c.err = c.base64Error(err)
			} else {
				c.err = io.EOF
			}
			return
		}
		t, err := c.s.nextAny()
		if err != nil {
			c.err = err
			return
		}
		switch {
		case t.Kind == xmlstream.Text && !t.CDATA:
			c.raw += int64(len(t.Raw))
			out, err := c.dec.Write(t.Text)
			if err != nil {
				c.err = c.base64Error(err)
				return
			}
			c.out = out
			c.size = c.dec.Decoded()
			if c.size > c.r.opts.MaxAttachmentSize {
				c.err = c.s.limit("attachment size in bytes", "kích thước tệp đính kèm (byte)", int(min(c.r.opts.MaxAttachmentSize, 1<<62)))
			}
		case t.Kind == xmlstream.Comment:
		case t.Kind == xmlstream.EndElement && c.s.tz.Depth() < c.depth:
			c.done = true
		default:
			c.err = c.contentError(ruleBase64, "markup inside the content (CDATA sections and elements are not accepted here)")
		}
	}
}

// base64Error turns a decoding failure into its finding.
func (c *contentReader) base64Error(err error) error {
	var be *xmlstream.Base64Error
	if !errors.As(err, &be) {
		return err
	}
	switch {
	case be.AfterPadding:
		return c.contentError(ruleBase64, "data after '=' padding")
	case be.LeftOver > 0:
		return c.contentError(ruleBase64Truncated, be.LeftOver)
	}
	return c.contentError(ruleBase64, fmt.Sprintf("unexpected %q", be.Near))
}

// skipRest consumes the rest of ContentTransferEncoded without decoding it.
func (c *contentReader) skipRest() error {
	for !c.done {
		t, err := c.s.nextAny()
		if err != nil {
			return err
		}
		if t.Kind == xmlstream.Text {
			c.raw += int64(len(t.Raw))
		}
		if t.Kind == xmlstream.EndElement && c.s.tz.Depth() < c.depth {
			c.done = true
		}
	}
	c.out, c.op = nil, 0
	return nil
}
