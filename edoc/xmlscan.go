package edoc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/vnegov/egov/diag"
)

// Namespaces met in edXML packages.
const (
	// NamespaceEdXML is the namespace of QCVN 102:2016 packages.
	NamespaceEdXML = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
	// NamespaceXMLDSig is the W3C XML-DSig namespace of the Signature element.
	NamespaceXMLDSig = "http://www.w3.org/2000/09/xmldsig#"
	// NamespaceXLink is the XLink namespace some producers use on manifest references.
	NamespaceXLink = "http://www.w3.org/1999/xlink"
	namespaceXML   = "http://www.w3.org/XML/1998/namespace"
)

// The scanner below is a small XML tokenizer written for edXML: the standard library's decoder returns a whole text
// node as one token, which for a base64 attachment of hundreds of megabytes means holding it in memory. This one
// bounds every text it returns and lets the reader stream the character data of ContentTransferEncoded straight
// from the buffered input. It checks what well-formedness needs here (matching tags, one root, attribute syntax,
// entities, UTF-8) and resolves namespaces, tolerating undeclared prefixes with a finding. DTDs are refused: a
// package never needs one, and refusing them rules out entity expansion.

type xname struct {
	prefix, local, space string
}

func (n xname) qualified() string {
	if n.prefix == "" {
		return n.local
	}
	return n.prefix + ":" + n.local
}

type xattr struct {
	name  xname
	value string
}

type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
	tokEOF
)

type token struct {
	kind  tokKind
	name  xname
	attrs []xattr
	line  int
	text  []byte // valid until the next call of next
}

type frame struct {
	name  xname
	qname string
	nsLen int
	line  int
}

type nsBinding struct {
	prefix, uri string
}

// scanner tokenizes XML from a bufio.Reader with bounded memory.
type scanner struct {
	br        *bufio.Reader
	line      int
	offset    int64
	stack     []frame
	ns        []nsBinding
	pending   bool // a self-closing element still owes its end token
	sawRoot   bool
	sawMarkup bool
	rootDone  bool
	text      []byte
	maxText   int
	maxDepth  int
	notes     *notes
	names     map[string]string // interned names, so that repeated tags cost no allocation
}

// notes collects the tolerated quirks the reader met, bounded so that a hostile input cannot grow it forever.
type notes struct {
	list    []diag.Diagnostic
	dropped int
}

const maxNotes = 200

func (n *notes) add(d diag.Diagnostic) {
	if len(n.list) >= maxNotes {
		n.dropped++
		return
	}
	n.list = append(n.list, d)
}

func newScanner(r io.Reader, maxText, maxDepth int, ns *notes) *scanner {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &scanner{br: br, line: 1, maxText: maxText, maxDepth: maxDepth, notes: ns}
}

// path returns the element path of the innermost open element, built on demand: only findings need it.
func (s *scanner) path() string {
	if len(s.stack) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, f := range s.stack {
		b.WriteByte('/')
		b.WriteString(f.name.local)
	}
	return b.String()
}

func (s *scanner) syntax(format string, args ...any) *Error {
	return s.fail(ruleNotWellFormed, phrase{format: format, args: args})
}

func (s *scanner) fail(rule diag.Rule, args ...any) *Error {
	return &Error{Diagnostic: ruleAt(rule, s.path(), s.line, args...)}
}

// ioFail wraps a read failure that is not the end of the input.
func (s *scanner) readErr(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if len(s.stack) > 0 {
			return s.fail(ruleTruncated, s.stack[len(s.stack)-1].qname)
		}
		return s.syntax("%s", what) // before the root element: the input is cut in its prolog
	}
	return fmt.Errorf("edoc: reading input: %w", err)
}

func (s *scanner) readByte() (byte, error) {
	b, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.offset++
	if b == '\n' {
		s.line++
	}
	return b, nil
}

// unread gives back b, the byte the last readByte returned.
func (s *scanner) unread(b byte) {
	_ = s.br.UnreadByte()
	s.offset--
	if b == '\n' {
		s.line--
	}
}

// expect consumes the literal lit.
func (s *scanner) expect(lit string, what string) error {
	for i := 0; i < len(lit); i++ {
		b, err := s.readByte()
		if err != nil {
			return s.readErr(err, "end of input in "+what)
		}
		if b != lit[i] {
			return s.syntax("malformed %s", what)
		}
	}
	return nil
}

// skipUntil consumes input up to and including the terminator term, bounded by limit bytes.
func (s *scanner) skipUntil(term string, what string, limit int) error {
	matched, n := 0, 0
	for {
		b, err := s.readByte()
		if err != nil {
			return s.readErr(err, "unterminated "+what)
		}
		n++
		if n > limit {
			return s.fail(ruleLimit, what, limit)
		}
		if b == term[matched] {
			matched++
			if matched == len(term) {
				return nil
			}
			continue
		}
		matched = 0
		if b == term[0] {
			matched = 1
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\r' || b == '\t' }

func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == ':' ||
		b == '-' || b == '.' || b >= 0x80
}

func isNameStart(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':' || b >= 0x80
}

func (s *scanner) readName(what string) (string, error) {
	var buf [64]byte
	name := buf[:0]
	for {
		// Names are scanned in the buffered bytes directly, refilling only at the buffer's end.
		if _, err := s.br.Peek(1); err != nil {
			return "", s.readErr(err, "end of input in "+what)
		}
		b, _ := s.br.Peek(s.br.Buffered())
		i := 0
		for i < len(b) && isNameByte(b[i]) {
			i++
		}
		if len(name)+i > 256 {
			return "", s.syntax("%s name longer than 256 bytes", what)
		}
		name = append(name, b[:i]...)
		_, _ = s.br.Discard(i)
		s.offset += int64(i)
		if i < len(b) {
			break
		}
	}
	if len(name) == 0 || !isNameStart(name[0]) {
		return "", s.syntax("invalid %s name", what)
	}
	if v, ok := s.names[string(name)]; ok { // no allocation for the lookup
		return v, nil
	}
	if !utf8.Valid(name) {
		return "", s.syntax("%s name is not valid UTF-8", what)
	}
	v := string(name)
	if len(s.names) < maxInternedNames {
		if s.names == nil {
			s.names = make(map[string]string, 64)
		}
		s.names[v] = v
	}
	return v, nil
}

// maxInternedNames bounds the scanner's table of element and attribute names: a package uses a few dozen.
const maxInternedNames = 256

func (s *scanner) skipSpace() (byte, error) {
	for {
		b, err := s.readByte()
		if err != nil {
			return 0, err
		}
		if !isSpace(b) {
			return b, nil
		}
	}
}

// readEntity decodes an entity or character reference after '&' and appends it to dst.
func (s *scanner) readEntity(dst []byte) ([]byte, error) {
	var buf [16]byte
	ref := buf[:0]
	for {
		b, err := s.readByte()
		if err != nil {
			return dst, s.readErr(err, "end of input in an entity reference")
		}
		if b == ';' {
			break
		}
		if len(ref) >= 12 || isSpace(b) || b == '<' || b == '&' {
			return dst, s.syntax("unterminated entity reference &%s", ref)
		}
		ref = append(ref, b)
	}
	switch string(ref) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "quot":
		return append(dst, '"'), nil
	case "apos":
		return append(dst, '\''), nil
	}
	if r, ok := charRef(ref); ok {
		return utf8.AppendRune(dst, r), nil
	}
	return dst, s.syntax("undefined entity &%s;", ref)
}

// charRef decodes "#123" or "#x7B".
func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case base == 16 && c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*rune(base) + rune(v)
	}
	if r == 0 || r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
		return 0, false
	}
	return r, true
}

// next returns the next start, end or text token; comments, processing instructions and the XML declaration are
// skipped. Text tokens are bounded by maxText; the reader streams ContentTransferEncoded itself.
func (s *scanner) next() (token, error) {
	if s.pending {
		s.pending = false
		return s.pop(), nil
	}
	if s.offset == 0 {
		if bom, _ := s.br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
			_, _ = s.br.Discard(3)
			s.offset += 3
		}
	}
	for {
		line := s.line
		b, err := s.readByte()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return token{}, fmt.Errorf("edoc: reading input: %w", err)
			}
			if len(s.stack) > 0 {
				return token{}, s.fail(ruleTruncated, s.stack[len(s.stack)-1].qname)
			}
			if !s.sawRoot {
				if s.offset == 0 {
					return token{}, s.fail(ruleEmpty)
				}
				return token{}, s.syntax("no root element")
			}
			return token{kind: tokEOF, line: line}, nil
		}
		if b != '<' {
			if len(s.stack) == 0 {
				if isSpace(b) {
					continue
				}
				if !s.sawRoot && !s.sawMarkup {
					return token{}, s.fail(ruleNotXML)
				}
				return token{}, s.syntax("text outside the root element")
			}
			s.unread(b)
			return s.readText()
		}
		s.sawMarkup = true
		b, err = s.readByte()
		if err != nil {
			return token{}, s.readErr(err, "end of input after '<'")
		}
		switch b {
		case '?':
			if err := s.readPI(); err != nil {
				return token{}, err
			}
		case '!':
			t, skip, err := s.readBang()
			if err != nil {
				return token{}, err
			}
			if !skip {
				return t, nil
			}
		case '/':
			return s.readEnd(line)
		default:
			s.unread(b)
			return s.readStart(line)
		}
	}
}

// readPI skips a processing instruction, checking that an XML declaration names UTF-8 (or no encoding).
func (s *scanner) readPI() error {
	var pi []byte
	for {
		b, err := s.readByte()
		if err != nil {
			return s.readErr(err, "unterminated processing instruction")
		}
		pi = append(pi, b)
		if len(pi) > 1<<12 {
			return s.fail(ruleLimit, "processing instruction", 1<<12)
		}
		if len(pi) >= 2 && pi[len(pi)-2] == '?' && b == '>' {
			break
		}
	}
	if !bytes.HasPrefix(pi, []byte("xml")) || len(pi) < 4 || !isSpace(pi[3]) {
		return nil
	}
	_, rest, ok := bytes.Cut(pi, []byte("encoding"))
	if !ok {
		return nil
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if len(rest) < 2 || rest[0] != '=' {
		return s.syntax("malformed XML declaration")
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
		return s.syntax("malformed XML declaration")
	}
	end := bytes.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return s.syntax("malformed XML declaration")
	}
	enc := string(rest[1 : 1+end])
	if !strings.EqualFold(enc, "UTF-8") && !strings.EqualFold(enc, "UTF8") {
		return s.fail(ruleEncoding, enc)
	}
	return nil
}

// readBang handles comments, CDATA sections and DOCTYPE.
func (s *scanner) readBang() (token, bool, error) {
	b, err := s.readByte()
	if err != nil {
		return token{}, false, s.readErr(err, "end of input in markup")
	}
	switch b {
	case '-':
		if err := s.expect("-", "comment"); err != nil {
			return token{}, false, err
		}
		return token{}, true, s.skipUntil("-->", "comment", s.maxText)
	case '[':
		if len(s.stack) == 0 {
			return token{}, false, s.syntax("CDATA section outside the root element")
		}
		line := s.line
		if err := s.expect("CDATA[", "CDATA section"); err != nil {
			return token{}, false, err
		}
		s.text = s.text[:0]
		matched := 0
		for {
			c, err := s.readByte()
			if err != nil {
				return token{}, false, s.readErr(err, "unterminated CDATA section")
			}
			s.text = append(s.text, c)
			if len(s.text) > s.maxText {
				return token{}, false, s.fail(ruleLimit, "text of <"+s.stack[len(s.stack)-1].qname+">", s.maxText)
			}
			switch {
			case c == ']' && matched < 2:
				matched++
			case c == ']':
			case c == '>' && matched == 2:
				s.text = s.text[:len(s.text)-3]
				if !utf8.Valid(s.text) {
					return token{}, false, s.syntax("CDATA section is not valid UTF-8")
				}
				return token{kind: tokText, text: s.text, line: line}, false, nil
			default:
				matched = 0
			}
		}
	case 'D':
		return token{}, false, s.fail(ruleDTD)
	}
	return token{}, false, s.syntax("unknown markup <!%c", b)
}

// readText reads character data up to the next '<', decoding references.
func (s *scanner) readText() (token, error) {
	line := s.line
	s.text = s.text[:0]
	for {
		// Fast path: copy runs without markup or references straight from the buffer.
		buf, _ := s.br.Peek(s.br.Buffered())
		if len(buf) == 0 {
			if _, err := s.br.Peek(1); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return token{}, fmt.Errorf("edoc: reading input: %w", err)
			}
			continue
		}
		i := bytes.IndexByte(buf, '<')
		run := buf
		if i >= 0 {
			run = buf[:i]
		}
		if j := bytes.IndexByte(run, '&'); j >= 0 {
			i, run = j, run[:j]
		}
		if len(s.text)+len(run) > s.maxText {
			return token{}, s.fail(ruleLimit, "text of <"+s.qnameTop()+">", s.maxText)
		}
		s.text = append(s.text, run...)
		s.line += bytes.Count(run, []byte{'\n'})
		s.offset += int64(len(run))
		_, _ = s.br.Discard(len(run))
		if i < 0 {
			continue
		}
		if buf[i] == '<' {
			break
		}
		s.offset++
		_, _ = s.br.Discard(1)
		var err error
		if s.text, err = s.readEntity(s.text); err != nil {
			return token{}, err
		}
	}
	if !utf8.Valid(s.text) {
		return token{}, s.syntax("character data is not valid UTF-8")
	}
	return token{kind: tokText, text: s.text, line: line}, nil
}

func (s *scanner) qnameTop() string {
	if len(s.stack) == 0 {
		return "/"
	}
	return s.stack[len(s.stack)-1].qname
}

func (s *scanner) readStart(line int) (token, error) {
	if s.rootDone {
		return token{}, s.syntax("a second root element")
	}
	qname, err := s.readName("element")
	if err != nil {
		return token{}, err
	}
	if len(s.stack) >= s.maxDepth {
		return token{}, s.fail(ruleLimit, "element depth", s.maxDepth)
	}
	var attrs []xattr
	selfClosing := false
	for {
		b, err := s.skipSpace()
		if err != nil {
			return token{}, s.readErr(err, "end of input in <"+qname+">")
		}
		if b == '>' {
			break
		}
		if b == '/' {
			if err := s.expect(">", "empty-element tag"); err != nil {
				return token{}, err
			}
			selfClosing = true
			break
		}
		s.unread(b)
		an, err := s.readName("attribute")
		if err != nil {
			return token{}, err
		}
		if b, err = s.skipSpace(); err != nil || b != '=' {
			if err != nil {
				return token{}, s.readErr(err, "end of input in <"+qname+">")
			}
			return token{}, s.syntax("attribute %s of <%s> has no value", an, qname)
		}
		q, err := s.skipSpace()
		if err != nil {
			return token{}, s.readErr(err, "end of input in <"+qname+">")
		}
		if q != '"' && q != '\'' {
			return token{}, s.syntax("attribute %s of <%s> is not quoted", an, qname)
		}
		var val []byte
		for {
			c, err := s.readByte()
			if err != nil {
				return token{}, s.readErr(err, "end of input in an attribute value")
			}
			if c == q {
				break
			}
			if c == '<' {
				return token{}, s.syntax("'<' in attribute %s of <%s>", an, qname)
			}
			if c == '&' {
				if val, err = s.readEntity(val); err != nil {
					return token{}, err
				}
				continue
			}
			if len(val) >= 1<<14 {
				return token{}, s.fail(ruleLimit, "attribute value", 1<<14)
			}
			val = append(val, c)
		}
		if !utf8.Valid(val) {
			return token{}, s.syntax("attribute %s is not valid UTF-8", an)
		}
		for _, a := range attrs {
			if a.name.qualified() == an {
				return token{}, s.syntax("duplicate attribute %s on <%s>", an, qname)
			}
		}
		attrs = append(attrs, xattr{name: splitName(an), value: string(val)})
	}
	f := frame{qname: qname, nsLen: len(s.ns), line: line}
	for _, a := range attrs {
		switch {
		case a.name.prefix == "" && a.name.local == "xmlns":
			s.ns = append(s.ns, nsBinding{"", a.value})
		case a.name.prefix == "xmlns":
			s.ns = append(s.ns, nsBinding{a.name.local, a.value})
		}
	}
	f.name = splitName(qname)
	s.stack = append(s.stack, f)
	s.stack[len(s.stack)-1].name.space = s.resolve(f.name.prefix, line)
	for i := range attrs {
		if attrs[i].name.prefix != "" && attrs[i].name.prefix != "xmlns" {
			attrs[i].name.space = s.resolve(attrs[i].name.prefix, line)
		}
	}
	s.sawRoot = true
	s.pending = selfClosing
	return token{kind: tokStart, name: s.stack[len(s.stack)-1].name, attrs: attrs, line: line}, nil
}

func splitName(q string) xname {
	if i := strings.IndexByte(q, ':'); i > 0 && i < len(q)-1 {
		return xname{prefix: q[:i], local: q[i+1:]}
	}
	return xname{local: q}
}

// wellKnownPrefix resolves the prefixes producers forget to declare.
func wellKnownPrefix(prefix string) string {
	switch prefix {
	case "edXML":
		return NamespaceEdXML
	case "xlink":
		return NamespaceXLink
	case "ds":
		return NamespaceXMLDSig
	}
	return ""
}

func (s *scanner) resolve(prefix string, line int) string {
	if prefix == "xml" {
		return namespaceXML
	}
	for i := len(s.ns) - 1; i >= 0; i-- {
		if s.ns[i].prefix == prefix {
			return s.ns[i].uri
		}
	}
	if prefix == "" {
		return ""
	}
	d := ruleUndeclaredPrefix.At(s.path(), line, 0, prefix)
	if n := len(s.notes.list); n == 0 || s.notes.list[n-1] != d {
		s.notes.add(d) // once per element and prefix
	}
	return wellKnownPrefix(prefix)
}

func (s *scanner) readEnd(line int) (token, error) {
	// Fast path: the end tag names the open element, followed by '>' (no interning, no copy).
	if n := len(s.stack); n > 0 {
		top := s.stack[n-1].qname
		if b, _ := s.br.Peek(len(top) + 1); len(b) == len(top)+1 && b[len(top)] == '>' && string(b[:len(top)]) == top {
			_, _ = s.br.Discard(len(b))
			s.offset += int64(len(b))
			t := s.pop()
			t.line = line
			return t, nil
		}
	}
	qname, err := s.readName("end tag")
	if err != nil {
		return token{}, err
	}
	b, err := s.skipSpace()
	if err != nil {
		return token{}, s.readErr(err, "end of input in </"+qname+">")
	}
	if b != '>' {
		return token{}, s.syntax("malformed end tag </%s>", qname)
	}
	if len(s.stack) == 0 {
		return token{}, s.syntax("end tag </%s> without a start tag", qname)
	}
	if top := s.stack[len(s.stack)-1].qname; top != qname {
		return token{}, s.syntax("end tag </%s> does not match <%s> of line %d", qname, top, s.stack[len(s.stack)-1].line)
	}
	t := s.pop()
	t.line = line
	return t, nil
}

func (s *scanner) pop() token {
	f := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.ns = s.ns[:f.nsLen]
	if len(s.stack) == 0 {
		s.rootDone = true
	}
	return token{kind: tokEnd, name: f.name, line: s.line}
}
