package signature

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds egov's own streaming XML tokenizer. encoding/xml merges a whole text node into one token
// and re-decodes names and values in ways that lose what canonicalisation needs; edXML packages carry
// hundreds of MB of base64 inside the signed document. The tokenizer therefore works over the original
// bytes with one bounded buffer, delivers text in chunks no larger than that buffer, keeps positions, and
// tracks the namespace context itself.

// Default limits of the XML tokenizer.
const (
	// xmlReadBuffer is the size of the tokenizer's read buffer and so the largest text chunk delivered.
	xmlReadBuffer = 64 << 10
	// xmlMaxMarkup bounds one piece of markup (a start tag with its attributes, a comment, a PI).
	xmlMaxMarkup = 4 << 20
	// xmlMaxDepth bounds element nesting.
	xmlMaxDepth = 4096
	// xmlMaxAttrs bounds the attributes (and namespace declarations) of one element.
	xmlMaxAttrs = 1024
	// xmlMaxRef bounds an entity or character reference ("&#x10FFFF;" with leading zeros).
	xmlMaxRef = 64
)

const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// xmlTokenKind classifies tokens.
type xmlTokenKind uint8

const (
	tokStart   xmlTokenKind = iota + 1 // start tag; an empty-element tag is followed by a tokEnd
	tokEnd                             // end tag
	tokText                            // a chunk of character data (decoded, line ends normalised)
	tokComment                         // a comment; Text holds its content
	tokPI                              // a processing instruction; Target and Text (data)
)

// xmlAttr is one attribute (not a namespace declaration) with its value after entity expansion and
// attribute-value normalisation (XML 1.0 §3.3.3).
type xmlAttr struct {
	Prefix, Local string
	Space         string // namespace URI, "" for unprefixed attributes
	Value         string
}

// nsDecl is one namespace declaration: Prefix "" is the default namespace.
type nsDecl struct {
	Prefix, URI string
}

// xmlToken is one token. Its slices are valid only until the next call to next.
type xmlToken struct {
	Kind   xmlTokenKind
	Prefix string    // element prefix (tokStart, tokEnd)
	Local  string    // element local name, or the PI target
	Space  string    // element namespace URI ("" when none or when the prefix is undeclared)
	Attrs  []xmlAttr // tokStart: attributes in document order
	NS     []nsDecl  // tokStart: namespace declarations on this element, in document order
	Empty  bool      // tokStart: written as an empty-element tag (a synthetic tokEnd follows)
	Text   []byte    // tokText chunk, comment content, PI data
	Offset int64     // byte offset of the token's first byte in the input
	Line   int       // 1-based line of the token's first byte
	Depth  int       // element depth: 1 for the document element's start/end and its direct text
}

// SyntaxError reports malformed XML with its position.
type SyntaxError struct {
	Offset int64
	Line   int
	Msg    string
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("signature: XML syntax error at line %d (byte %d): %s", e.Line, e.Offset, e.Msg)
}

// nsStack tracks namespace bindings in scope, for the tokenizer and for canonicalisers replaying tokens.
type nsStack struct {
	decls []nsDecl
	marks []int
}

func (s *nsStack) push(d []nsDecl) {
	s.marks = append(s.marks, len(s.decls))
	s.decls = append(s.decls, d...)
}

func (s *nsStack) pop() {
	if n := len(s.marks); n > 0 {
		s.decls = s.decls[:s.marks[n-1]]
		s.marks = s.marks[:n-1]
	}
}

// lookup returns the namespace bound to prefix; the default namespace is "" when undeclared.
func (s *nsStack) lookup(prefix string) (string, bool) {
	if prefix == "xml" {
		return nsXML, true
	}
	for i := len(s.decls) - 1; i >= 0; i-- {
		if s.decls[i].Prefix == prefix {
			return s.decls[i].URI, true
		}
	}
	return "", prefix == ""
}

// find returns the nearest binding of prefix, without the implicit xml and empty-default bindings.
func (s *nsStack) find(prefix string) (string, bool) {
	for i := len(s.decls) - 1; i >= 0; i-- {
		if s.decls[i].Prefix == prefix {
			return s.decls[i].URI, true
		}
	}
	return "", false
}

// inScope returns the bindings in scope, one per prefix (nearest wins), excluding an empty default.
func (s *nsStack) inScope() []nsDecl {
	var out []nsDecl
	seen := map[string]bool{}
	for i := len(s.decls) - 1; i >= 0; i-- {
		d := s.decls[i]
		if seen[d.Prefix] {
			continue
		}
		seen[d.Prefix] = true
		if d.Prefix == "" && d.URI == "" {
			continue
		}
		out = append(out, d)
	}
	return out
}

// xmlTokenizer reads XML 1.0 (UTF-8) from an io.Reader and yields tokens. Internal DTD subsets that declare
// entities or attribute defaults are refused: they would change the canonical form and are an XXE vector.
type xmlTokenizer struct {
	r      io.Reader
	buf    []byte
	pos    int
	end    int
	eof    bool
	rerr   error
	base   int64 // input offset of buf[0]
	line   int   // line number at buf[pos]
	maxBuf int
	sized  bool // the buffer was sized from the input's known length: grow only when full

	tok     xmlToken
	scratch []byte
	names   map[string]string
	arena   strings.Builder // backs attribute values: one allocation per few KB instead of one per value
	recent  [64]string
	stack   []qname
	ns      nsStack
	attrs   []xmlAttr
	decls   []nsDecl
	rawAttr []rawAttr

	pendingEnd bool // an empty-element tag was returned; its end token comes next
	inCDATA    bool // inside a CDATA section spanning chunks
	started    bool // the document element was seen
	ended      bool // the document element was closed
	prolog     bool // the XML declaration position has passed

	// undeclared records the first use of an undeclared namespace prefix (tolerated: edXML quirk).
	undeclared string
}

type qname struct{ prefix, local string }

type rawAttr struct {
	prefix, local string
	value         string
}

func newXMLTokenizer(r io.Reader) *xmlTokenizer {
	return newXMLTokenizerSize(r, 4<<10)
}

// newXMLTokenizerSize makes a tokenizer whose first buffer holds size bytes.
func newXMLTokenizerSize(r io.Reader, size int) *xmlTokenizer {
	return &xmlTokenizer{
		r:      r,
		buf:    make([]byte, size),
		line:   1,
		maxBuf: xmlMaxMarkup,
		names:  make(map[string]string),
		stack:  make([]qname, 0, 32),
		ns:     nsStack{decls: make([]nsDecl, 0, 16), marks: make([]int, 0, 32)},
	}
}

// offset returns the input offset of the next unread byte.
func (t *xmlTokenizer) offset() int64 { return t.base + int64(t.pos) }

func (t *xmlTokenizer) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: t.offset(), Line: t.line, Msg: fmt.Sprintf(format, args...)}
}

// fill reads more input, keeping buf[pos:end]. It reports false when no more bytes can be read.
func (t *xmlTokenizer) fill() bool {
	if t.eof {
		return false
	}
	if t.pos > 0 {
		n := copy(t.buf, t.buf[t.pos:t.end])
		t.base += int64(t.pos)
		t.pos, t.end = 0, n
	}
	// Grow while the buffer is smaller than xmlReadBuffer and busy (small documents never pay for a big
	// buffer), and beyond it only when one piece of markup does not fit.
	if t.end == len(t.buf) || (!t.sized && len(t.buf) < xmlReadBuffer && t.end > len(t.buf)/2) {
		if len(t.buf) >= t.maxBuf {
			return false
		}
		nb := make([]byte, min(len(t.buf)*2, t.maxBuf))
		copy(nb, t.buf[:t.end])
		t.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := t.r.Read(t.buf[t.end:])
		t.end += n
		if err != nil {
			t.eof = true
			if err != io.EOF {
				t.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	t.eof = true
	t.rerr = io.ErrNoProgress
	return false
}

// ensure makes at least n bytes available at pos; false when the input ends first.
func (t *xmlTokenizer) ensure(n int) bool {
	for t.end-t.pos < n {
		if !t.fill() {
			return false
		}
	}
	return true
}

func (t *xmlTokenizer) advance(n int) {
	t.line += bytes.Count(t.buf[t.pos:t.pos+n], []byte{'\n'})
	t.pos += n
}

func (t *xmlTokenizer) intern(b []byte) string {
	// A direct-mapped cache in front of the map: documents repeat a few names many times.
	var h uint
	if n := len(b); n > 0 {
		h = (uint(n)*131 + uint(b[0])*31 + uint(b[n/2])*7 + uint(b[n-1])) & uint(len(t.recent)-1)
	}
	if s := t.recent[h]; s == string(b) && s != "" {
		return s
	}
	s, ok := t.names[string(b)]
	if !ok {
		s = string(b)
		if len(t.names) < 4096 {
			t.names[s] = s
		}
	}
	t.recent[h] = s
	return s
}

// str returns b as a string carved from the tokenizer's string arena. A strings.Builder never modifies
// bytes it has handed out, so earlier strings stay valid when a fresh arena replaces a full one.
func (t *xmlTokenizer) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if t.arena.Cap()-t.arena.Len() < len(b) {
		t.arena = strings.Builder{}
		t.arena.Grow(max(4<<10, len(b)))
	}
	n := t.arena.Len()
	t.arena.Write(b)
	return t.arena.String()[n:]
}

// next returns the next token, or io.EOF after a complete document.
func (t *xmlTokenizer) next() (*xmlToken, error) {
	tok, err := t.next1()
	if err != nil && err != io.EOF && t.rerr != nil {
		// A read failure shows up as truncated markup: report the read failure itself.
		return nil, fmt.Errorf("signature: reading XML: %w", t.rerr)
	}
	return tok, err
}

func (t *xmlTokenizer) next1() (*xmlToken, error) {
	if t.pendingEnd {
		t.pendingEnd = false
		return t.endToken()
	}
	if !t.prolog && t.base == 0 && t.pos == 0 && t.ensure(3) && bytes.HasPrefix(t.buf[:t.end], []byte("\xEF\xBB\xBF")) {
		t.pos = 3 // UTF-8 byte order mark
	}
	for {
		if t.pos >= t.end && !t.fill() {
			if t.rerr != nil {
				return nil, t.rerr
			}
			if t.inCDATA {
				return nil, t.errorf("unterminated CDATA section")
			}
			if len(t.stack) > 0 {
				return nil, t.errorf("unexpected end of input inside <%s>", t.stack[len(t.stack)-1].local)
			}
			if !t.started {
				return nil, t.errorf("no document element")
			}
			return nil, io.EOF
		}
		if t.inCDATA {
			tok, err := t.cdataChunk()
			if err != nil || tok != nil {
				return tok, err
			}
			continue
		}
		if t.buf[t.pos] == '<' {
			tok, err := t.markup()
			if err != nil || tok != nil {
				return tok, err
			}
			continue
		}
		tok, err := t.text()
		if err != nil || tok != nil {
			return tok, err
		}
	}
}

// text returns the character data up to the next '<' (or the buffer's end), decoded.
func (t *xmlTokenizer) text() (*xmlToken, error) {
	t.prolog = true
	start := t.pos
	off, line := t.offset(), t.line
	seg := t.buf[t.pos:t.end]
	n := bytes.IndexByte(seg, '<')
	if n < 0 {
		n = len(seg)
	}
	seg = seg[:n]
	// An entity or CR split at the buffer end: hold the tail back so the next chunk sees it whole.
	if n == len(t.buf[t.pos:t.end]) && !t.eof {
		// Only the tail can hold a split reference (references longer than xmlMaxRef are refused).
		tail := max(0, len(seg)-xmlMaxRef)
		if i := bytes.LastIndexByte(seg[tail:], '&'); i >= 0 && bytes.IndexByte(seg[tail+i:], ';') < 0 {
			i += tail
			if i == 0 {
				// The entity reference starts the chunk: get more input.
				if !t.ensure(len(seg) + 1) {
					return nil, t.errorf("unterminated entity reference")
				}
				return nil, nil
			}
			seg = seg[:i]
		} else if len(seg) > 0 && seg[len(seg)-1] == '\r' {
			if len(seg) == 1 {
				if !t.ensure(2) {
					seg = seg[:1]
				} else {
					return nil, nil
				}
			} else {
				seg = seg[:len(seg)-1]
			}
		}
	}
	if len(seg) == 0 {
		return nil, nil
	}
	data := seg
	if bytes.IndexByte(seg, '&') >= 0 || bytes.IndexByte(seg, '\r') >= 0 {
		var err error
		t.scratch, err = t.decodeText(t.scratch[:0], seg, false)
		if err != nil {
			return nil, err
		}
		data = t.scratch
	}
	t.advance(start + len(seg) - t.pos)
	if len(t.stack) == 0 {
		// Outside the document element only white space is allowed; it is not part of the data model.
		if len(bytes.Trim(data, " \t\r\n")) != 0 {
			return nil, &SyntaxError{Offset: off, Line: line, Msg: "character data outside the document element"}
		}
		return nil, nil
	}
	t.tok = xmlToken{Kind: tokText, Text: data, Offset: off, Line: line, Depth: len(t.stack)}
	return &t.tok, nil
}

// decodeText expands references and normalises line ends (and, in attributes, white space) of src.
func (t *xmlTokenizer) decodeText(dst, src []byte, attr bool) ([]byte, error) {
	for i := 0; i < len(src); {
		// Copy the run up to the next byte that needs attention in one append.
		j := i
		for j < len(src) && !textSpecial[src[j]] && (!attr || !attrSpecial[src[j]]) {
			j++
		}
		dst = append(dst, src[i:j]...)
		if i = j; i >= len(src) {
			break
		}
		c := src[i]
		switch {
		case c == '\r':
			if attr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, '\n')
			}
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case attr && (c == '\n' || c == '\t'):
			dst = append(dst, ' ')
			i++
		case c == '&':
			j := bytes.IndexByte(src[i:], ';')
			if j < 0 {
				return nil, t.errorf("unterminated entity reference")
			}
			ref := src[i+1 : i+j]
			i += j + 1
			switch string(ref) {
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "amp":
				dst = append(dst, '&')
			case "apos":
				dst = append(dst, '\'')
			case "quot":
				dst = append(dst, '"')
			default:
				if len(ref) < 2 || ref[0] != '#' {
					return nil, t.errorf("undeclared entity &%s;", truncate(ref))
				}
				var v uint64
				var err error
				if ref[1] == 'x' {
					v, err = strconv.ParseUint(string(ref[2:]), 16, 32)
				} else {
					v, err = strconv.ParseUint(string(ref[1:]), 10, 32)
				}
				if err != nil || !validXMLChar(rune(v)) {
					return nil, t.errorf("invalid character reference &%s;", truncate(ref))
				}
				dst = utf8.AppendRune(dst, rune(v))
			}
		case c == '<' && attr:
			return nil, t.errorf("'<' in attribute value")
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, nil
}

// textSpecial marks the bytes decodeText handles in text; attrSpecial those it also handles in attributes.
var (
	textSpecial = [256]bool{'&': true, '\r': true}
	attrSpecial = [256]bool{'\n': true, '\t': true, '<': true}
)

func validXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func truncate(b []byte) string {
	if len(b) > 32 {
		return string(b[:32]) + "…"
	}
	return string(b)
}

// cdataChunk returns the next chunk of a CDATA section.
func (t *xmlTokenizer) cdataChunk() (*xmlToken, error) {
	off, line := t.offset(), t.line
	if !t.ensure(3) && t.end-t.pos < 3 {
		return nil, t.errorf("unterminated CDATA section")
	}
	seg := t.buf[t.pos:t.end]
	n := bytes.Index(seg, []byte("]]>"))
	consume := n + 3
	if n < 0 {
		// Keep the last two bytes: they may start "]]>".
		n = len(seg) - 2
		if seg[len(seg)-1] == '\r' {
			n--
		}
		consume = n
		if n <= 0 {
			if !t.ensure(len(seg) + 1) {
				return nil, t.errorf("unterminated CDATA section")
			}
			return t.cdataChunk()
		}
	} else {
		t.inCDATA = false
	}
	data := seg[:n]
	if bytes.IndexByte(data, '\r') >= 0 {
		t.scratch = t.scratch[:0]
		for i := 0; i < len(data); i++ {
			if data[i] == '\r' {
				t.scratch = append(t.scratch, '\n')
				if i+1 < len(data) && data[i+1] == '\n' {
					i++
				}
				continue
			}
			t.scratch = append(t.scratch, data[i])
		}
		data = t.scratch
	}
	t.advance(consume)
	if len(data) == 0 {
		return nil, nil
	}
	t.tok = xmlToken{Kind: tokText, Text: data, Offset: off, Line: line, Depth: len(t.stack)}
	return &t.tok, nil
}

// markup handles the construct starting at '<'. It returns a nil token for constructs that are skipped.
func (t *xmlTokenizer) markup() (*xmlToken, error) {
	if !t.ensure(2) {
		return nil, t.errorf("unexpected end of input after '<'")
	}
	switch t.buf[t.pos+1] {
	case '/':
		return t.endTag()
	case '?':
		return t.procInst()
	case '!':
		if t.ensure(4) && bytes.HasPrefix(t.buf[t.pos:t.end], []byte("<!--")) {
			return t.comment()
		}
		if t.ensure(9) && bytes.HasPrefix(t.buf[t.pos:t.end], []byte("<![CDATA[")) {
			if len(t.stack) == 0 {
				return nil, t.errorf("CDATA section outside the document element")
			}
			t.advance(9)
			t.inCDATA = true
			return nil, nil
		}
		if t.ensure(9) && bytes.HasPrefix(t.buf[t.pos:t.end], []byte("<!DOCTYPE")) {
			return nil, t.doctype()
		}
		return nil, t.errorf("unsupported markup declaration")
	}
	return t.startTag()
}

// findDelim makes the whole construct ending with delim available and returns its length from pos.
func (t *xmlTokenizer) findDelim(from int, delim string) (int, error) {
	for {
		if i := bytes.Index(t.buf[t.pos+from:t.end], []byte(delim)); i >= 0 {
			return from + i + len(delim), nil
		}
		from = max(from, t.end-t.pos-len(delim)+1)
		if !t.fill() {
			if t.end-t.pos >= t.maxBuf {
				return 0, t.errorf("markup longer than %d bytes", t.maxBuf)
			}
			return 0, t.errorf("unterminated markup (expected %q)", delim)
		}
	}
}

func (t *xmlTokenizer) comment() (*xmlToken, error) {
	t.prolog = true
	off, line := t.offset(), t.line
	n, err := t.findDelim(4, "-->")
	if err != nil {
		return nil, err
	}
	body := t.buf[t.pos+4 : t.pos+n-3]
	if bytes.Contains(body, []byte("--")) || bytes.HasSuffix(body, []byte("-")) {
		return nil, t.errorf("'--' inside a comment")
	}
	data := body
	if bytes.IndexByte(body, '\r') >= 0 {
		t.scratch, _ = t.decodeText(t.scratch[:0], bytes.ReplaceAll(body, []byte("&"), []byte("&amp;")), false)
		data = t.scratch
	}
	t.advance(n)
	t.tok = xmlToken{Kind: tokComment, Text: data, Offset: off, Line: line, Depth: len(t.stack)}
	return &t.tok, nil
}

func (t *xmlTokenizer) procInst() (*xmlToken, error) {
	off, line := t.offset(), t.line
	n, err := t.findDelim(2, "?>")
	if err != nil {
		return nil, err
	}
	body := t.buf[t.pos+2 : t.pos+n-2]
	i := bytes.IndexAny(body, " \t\r\n")
	target, data := body, []byte(nil)
	if i >= 0 {
		target, data = body[:i], bytes.TrimLeft(body[i:], " \t\r\n")
	}
	if len(target) == 0 {
		return nil, t.errorf("processing instruction without a target")
	}
	if bytes.EqualFold(target, []byte("xml")) {
		if t.prolog {
			return nil, t.errorf("XML declaration not at the start of the document")
		}
		if err := checkXMLDecl(data); err != nil {
			return nil, t.errorf("%v", err)
		}
		t.prolog = true
		t.advance(n)
		return nil, nil
	}
	t.prolog = true
	tgt := t.intern(target)
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	}
	t.scratch = append(t.scratch[:0], data...)
	t.advance(n)
	t.tok = xmlToken{Kind: tokPI, Local: tgt, Text: t.scratch, Offset: off, Line: line, Depth: len(t.stack)}
	return &t.tok, nil
}

// checkXMLDecl accepts version 1.0 and the UTF-8 family of encodings only.
func checkXMLDecl(data []byte) error {
	i := bytes.Index(data, []byte("encoding"))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(data[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return errors.New("malformed encoding declaration")
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
		return errors.New("malformed encoding declaration")
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return errors.New("malformed encoding declaration")
	}
	switch string(bytes.ToLower(rest[1 : 1+j])) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return nil
	}
	return fmt.Errorf("unsupported encoding %q (only UTF-8 is supported)", truncate(rest[1:1+j]))
}

// doctype skips a document type declaration. An internal subset that declares entities or attribute lists is
// refused: entity expansion and default attributes change the canonical form.
func (t *xmlTokenizer) doctype() error {
	if t.started {
		return t.errorf("DOCTYPE after the document element")
	}
	t.prolog = true
	// Scan to the '>' that is not inside the internal subset or a quoted literal.
	depth, quote := 0, byte(0)
	for i := 9; ; i++ {
		if t.pos+i >= t.end {
			if !t.fill() {
				return t.errorf("unterminated DOCTYPE")
			}
			i--
			continue
		}
		c := t.buf[t.pos+i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			decl := t.buf[t.pos : t.pos+i+1]
			if bytes.Contains(decl, []byte("<!ENTITY")) || bytes.Contains(decl, []byte("<!ATTLIST")) {
				return t.errorf("DOCTYPE with entity or attribute-list declarations is not supported")
			}
			t.advance(i + 1)
			return nil
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isNameByte(c byte) bool {
	return c >= 0x80 || c == ':' || c == '_' || c == '-' || c == '.' ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// splitName splits a QName into prefix and local part.
func (t *xmlTokenizer) splitName(b []byte) (string, string, error) {
	if len(b) == 0 || (b[0] >= '0' && b[0] <= '9') || b[0] == '-' || b[0] == '.' {
		return "", "", t.errorf("invalid name %q", truncate(b))
	}
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return "", t.intern(b), nil
	}
	if i == 0 || i == len(b)-1 || bytes.IndexByte(b[i+1:], ':') >= 0 {
		return "", "", t.errorf("invalid qualified name %q", truncate(b))
	}
	return t.intern(b[:i]), t.intern(b[i+1:]), nil
}

func (t *xmlTokenizer) startTag() (*xmlToken, error) {
	if t.ended {
		return nil, t.errorf("content after the document element")
	}
	if len(t.stack) >= xmlMaxDepth {
		return nil, t.errorf("elements nested deeper than %d", xmlMaxDepth)
	}
	t.prolog = true
	off, line := t.offset(), t.line
	// Find the tag's end, skipping '>' inside quoted attribute values.
	i, quote := 1, byte(0)
	for {
		if t.pos+i >= t.end {
			if !t.fill() {
				if t.end-t.pos >= t.maxBuf {
					return nil, t.errorf("start tag longer than %d bytes", t.maxBuf)
				}
				return nil, t.errorf("unterminated start tag")
			}
			continue
		}
		c := t.buf[t.pos+i]
		if quote != 0 {
			if j := bytes.IndexByte(t.buf[t.pos+i:t.end], quote); j >= 0 {
				i += j + 1
				quote = 0
			} else {
				i = t.end - t.pos
			}
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
		i++
	}
	tag := t.buf[t.pos+1 : t.pos+i]
	empty := false
	if len(tag) > 0 && tag[len(tag)-1] == '/' {
		empty = true
		tag = tag[:len(tag)-1]
	}
	j := 0
	for j < len(tag) && isNameByte(tag[j]) {
		j++
	}
	prefix, local, err := t.splitName(tag[:j])
	if err != nil {
		return nil, err
	}
	t.rawAttr = t.rawAttr[:0]
	t.decls = t.decls[:0]
	rest := tag[j:]
	for {
		k := 0
		for k < len(rest) && isSpace(rest[k]) {
			k++
		}
		if k == len(rest) {
			break
		}
		if k == 0 {
			return nil, t.errorf("malformed start tag <%s>", local)
		}
		rest = rest[k:]
		k = 0
		for k < len(rest) && isNameByte(rest[k]) {
			k++
		}
		ap, al, err := t.splitName(rest[:k])
		if err != nil {
			return nil, err
		}
		rest = rest[k:]
		for len(rest) > 0 && isSpace(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 || rest[0] != '=' {
			return nil, t.errorf("attribute %q without a value", al)
		}
		rest = rest[1:]
		for len(rest) > 0 && isSpace(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return nil, t.errorf("attribute %q value not quoted", al)
		}
		q := bytes.IndexByte(rest[1:], rest[0])
		if q < 0 {
			return nil, t.errorf("attribute %q value not terminated", al)
		}
		raw := rest[1 : 1+q]
		rest = rest[q+2:]
		var val string
		if bytes.IndexByte(raw, '&') >= 0 || bytes.ContainsAny(raw, "\r\n\t<") {
			t.scratch, err = t.decodeText(t.scratch[:0], raw, true)
			if err != nil {
				return nil, err
			}
			val = t.str(t.scratch)
		} else {
			val = t.str(raw)
		}
		if len(t.rawAttr)+len(t.decls) >= xmlMaxAttrs {
			return nil, t.errorf("more than %d attributes on <%s>", xmlMaxAttrs, local)
		}
		switch {
		case ap == "" && al == "xmlns":
			t.decls = append(t.decls, nsDecl{Prefix: "", URI: val})
		case ap == "xmlns":
			if val == "" {
				return nil, t.errorf("namespace prefix %q bound to the empty name", al)
			}
			if al == "xmlns" || (al == "xml") != (val == nsXML) {
				return nil, t.errorf("reserved namespace prefix %q misused", al)
			}
			t.decls = append(t.decls, nsDecl{Prefix: al, URI: val})
		default:
			t.rawAttr = append(t.rawAttr, rawAttr{prefix: ap, local: al, value: val})
		}
	}
	t.advance(i + 1)
	for a := 0; a < len(t.decls); a++ {
		for b := 0; b < a; b++ {
			if t.decls[a].Prefix == t.decls[b].Prefix {
				return nil, &SyntaxError{Offset: off, Line: line, Msg: fmt.Sprintf("namespace prefix %q declared twice", t.decls[a].Prefix)}
			}
		}
	}
	t.ns.push(t.decls)
	t.attrs = t.attrs[:0]
	for _, ra := range t.rawAttr {
		a := xmlAttr{Prefix: ra.prefix, Local: ra.local, Value: ra.value}
		if ra.prefix != "" {
			uri, ok := t.ns.lookup(ra.prefix)
			if !ok && t.undeclared == "" {
				t.undeclared = ra.prefix
			}
			a.Space = uri
		}
		for _, b := range t.attrs {
			if b.Local == a.Local && b.Space == a.Space && (a.Space != "" || b.Prefix == a.Prefix) {
				return nil, &SyntaxError{Offset: off, Line: line, Msg: fmt.Sprintf("attribute %q repeated", a.Local)}
			}
		}
		t.attrs = append(t.attrs, a)
	}
	space, ok := t.ns.lookup(prefix)
	if !ok && t.undeclared == "" {
		t.undeclared = prefix
	}
	t.stack = append(t.stack, qname{prefix, local})
	t.started = true
	t.tok = xmlToken{Kind: tokStart, Prefix: prefix, Local: local, Space: space, Attrs: t.attrs, NS: t.decls,
		Empty: empty, Offset: off, Line: line, Depth: len(t.stack)}
	t.pendingEnd = empty
	return &t.tok, nil
}

func (t *xmlTokenizer) endTag() (*xmlToken, error) {
	off, line := t.offset(), t.line
	n, err := t.findDelim(2, ">")
	if err != nil {
		return nil, err
	}
	name := bytes.TrimRight(t.buf[t.pos+2:t.pos+n-1], " \t\r\n")
	if len(t.stack) == 0 {
		return nil, t.errorf("end tag </%s> without a start tag", truncate(name))
	}
	top := t.stack[len(t.stack)-1]
	if !matchQName(name, top.prefix, top.local) {
		want := top.local
		if top.prefix != "" {
			want = top.prefix + ":" + top.local
		}
		return nil, t.errorf("end tag </%s> does not match <%s>", truncate(name), want)
	}
	t.advance(n)
	tok, _ := t.endToken()
	tok.Offset, tok.Line = off, line
	return tok, nil
}

// endToken pops the current element and returns its end token.
func (t *xmlTokenizer) endToken() (*xmlToken, error) {
	top := t.stack[len(t.stack)-1]
	depth := len(t.stack)
	space, _ := t.ns.lookup(top.prefix)
	t.stack = t.stack[:len(t.stack)-1]
	t.ns.pop()
	if len(t.stack) == 0 {
		t.ended = true
	}
	t.tok = xmlToken{Kind: tokEnd, Prefix: top.prefix, Local: top.local, Space: space, Offset: t.offset(), Line: t.line, Depth: depth}
	return &t.tok, nil
}

// matchQName reports whether name is prefix:local (or local when prefix is empty).
func matchQName(name []byte, prefix, local string) bool {
	if prefix == "" {
		return string(name) == local
	}
	return len(name) == len(prefix)+1+len(local) && string(name[:len(prefix)]) == prefix &&
		name[len(prefix)] == ':' && string(name[len(prefix)+1:]) == local
}
