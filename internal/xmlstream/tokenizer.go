package xmlstream

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Tokenizer reads XML 1.0 (UTF-8) from an io.Reader with one bounded buffer and yields tokens. It is not safe
// for concurrent use.
type Tokenizer struct {
	opts Options
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	eof  bool
	rerr error
	base int64 // input offset of buf[0]

	line      int   // line of buf[pos]
	lineStart int64 // input offset of the first byte of that line

	sized bool // the buffer was sized from SizeHint: grow only when full

	tok     Token
	scratch []byte
	names   map[string]string
	recent  [64]string
	arena   strings.Builder // backs attribute values: one allocation per few KB instead of one per value
	stack   []frame
	ns      Scope
	attrs   []Attr
	decls   []NSDecl
	undecl  []string
	keys    []int

	pendingEnd bool // an empty-element tag was returned; its end token comes next
	inCDATA    bool // inside a CDATA section spanning chunks
	started    bool // the document element was seen
	ended      bool // the document element was closed
	prolog     bool // the XML declaration's position has passed
	markup     bool // some markup was seen
}

type frame struct {
	prefix, local string
	line          int
}

// NewTokenizer returns a tokenizer reading r with the limits of opts.
func NewTokenizer(r io.Reader, opts Options) *Tokenizer {
	t := &Tokenizer{
		names: make(map[string]string),
		stack: make([]frame, 0, 16),
		ns:    Scope{decls: make([]NSDecl, 0, 8), marks: make([]int, 0, 16)},
	}
	t.Reset(r, opts)
	return t
}

// Reset makes t read r with the limits of opts, as a new tokenizer would, keeping the memory it already has:
// a read buffer of at most 64 KiB (a larger one, grown for a long piece of markup, is dropped), the name table
// (dropped past maxRetainedNames names) and its scratch slices. A caller that tokenizes many small documents
// (a verifier serving requests) reuses one tokenizer, or a pool of them, instead of allocating per document.
// Strings from tokens read before stay valid; the slices of those tokens do not.
func (t *Tokenizer) Reset(r io.Reader, opts Options) {
	opts = opts.withDefaults()
	size, sized := 4<<10, false
	if opts.SizeHint > 0 {
		size, sized = int(min(opts.SizeHint+1, readBuffer)), true
		size = max(size, 64)
	}
	buf := t.buf[:cap(t.buf)]
	if len(buf) < size || len(buf) > readBuffer {
		buf = make([]byte, size)
	}
	names := t.names
	if names == nil || len(names) > maxRetainedNames {
		names = make(map[string]string)
	}
	*t = Tokenizer{
		opts:    opts,
		r:       r,
		buf:     buf,
		line:    1,
		sized:   sized,
		scratch: t.scratch[:0],
		names:   names,
		recent:  t.recent,
		arena:   t.arena, // the copy lands where it was, so the builder's self-check still holds
		stack:   t.stack[:0],
		ns:      Scope{decls: t.ns.decls[:0], marks: t.ns.marks[:0]},
		attrs:   t.attrs[:0],
		decls:   t.decls[:0],
		undecl:  t.undecl[:0],
		keys:    t.keys[:0],
	}
	if cap(t.scratch) > readBuffer {
		t.scratch = nil
	}
}

// Scope returns the namespace bindings in scope after the last token.
func (t *Tokenizer) Scope() *Scope { return &t.ns }

// Offset returns the input offset of the next unread byte.
func (t *Tokenizer) Offset() int64 { return t.base + int64(t.pos) }

// Pos returns the line and column (1-based, column in bytes) of the next unread byte.
func (t *Tokenizer) Pos() (line, column int) { return t.line, int(t.Offset()-t.lineStart) + 1 }

// Depth returns the number of open elements.
func (t *Tokenizer) Depth() int { return len(t.stack) }

// OpenName returns the qualified name of the innermost open element, "" outside the document element.
func (t *Tokenizer) OpenName() string {
	if len(t.stack) == 0 {
		return ""
	}
	f := t.stack[len(t.stack)-1]
	return QName(f.prefix, f.local)
}

// Path returns the local names of the open elements as a path, "/edXML/edXMLEnvelope", or "/" outside them.
func (t *Tokenizer) Path() string {
	if len(t.stack) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, f := range t.stack {
		b.WriteByte('/')
		b.WriteString(f.local)
	}
	return b.String()
}

// fail returns an error of kind at the next unread byte.
func (t *Tokenizer) fail(kind ErrorKind) *Error {
	line, col := t.Pos()
	return &Error{Kind: kind, Line: line, Column: col, Offset: t.Offset()}
}

// failAt returns an error of kind at the token that starts at off, line, col.
func failAt(kind ErrorKind, off int64, line, col int) *Error {
	return &Error{Kind: kind, Line: line, Column: col, Offset: off}
}

func (t *Tokenizer) syntax(what Construct) *Error {
	e := t.fail(ErrSyntax)
	e.What = what
	return e
}

func (t *Tokenizer) limit(l Limit, n int) *Error {
	e := t.fail(ErrLimit)
	e.Limit, e.Max = l, n
	return e
}

// charError reports the bad character at b[i], b starting at buf[pos].
func (t *Tokenizer) charError(i int, kind ErrorKind, r rune) *Error {
	t.advance(i)
	e := t.fail(kind)
	e.Char = r
	return e
}

// fill reads more input, keeping buf[pos:end]. It reports false when no more bytes can be read.
func (t *Tokenizer) fill() bool {
	if t.eof {
		return false
	}
	// Grow while the buffer is smaller than readBuffer and the input fills it (small documents never pay for a
	// big buffer), and beyond it only when one piece of markup does not fit.
	filled := t.end == len(t.buf)
	grow := filled && (t.pos == 0 || !t.sized && len(t.buf) < readBuffer)
	if t.pos > 0 {
		n := copy(t.buf, t.buf[t.pos:t.end])
		t.base += int64(t.pos)
		t.pos, t.end = 0, n
	}
	if grow {
		if len(t.buf) >= t.opts.MaxMarkup {
			return false
		}
		nb := make([]byte, min(len(t.buf)*2, t.opts.MaxMarkup))
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

// full reports whether the buffer cannot grow and holds no consumed bytes: a construct that does not fit is
// over MaxMarkup.
func (t *Tokenizer) full() bool { return t.end-t.pos >= t.opts.MaxMarkup }

// ensure makes at least n bytes available at pos; false when the input ends first.
func (t *Tokenizer) ensure(n int) bool {
	for t.end-t.pos < n {
		if !t.fill() {
			return false
		}
	}
	return true
}

// advance consumes n bytes, counting line ends: LF, CR LF and a lone CR each end a line (XML 1.0 §2.11).
func (t *Tokenizer) advance(n int) { t.advanceCR(n, true) }

// advanceCR is advance for a caller that knows whether the bytes hold a CR (mayCR false: they do not).
func (t *Tokenizer) advanceCR(n int, mayCR bool) {
	seg := t.buf[t.pos : t.pos+n]
	if k := bytes.Count(seg, []byte{'\n'}); k > 0 {
		t.line += k
		t.lineStart = t.base + int64(t.pos+bytes.LastIndexByte(seg, '\n')+1)
	}
	if !mayCR {
		t.pos += n
		return
	}
	if j := bytes.IndexByte(seg, '\r'); j >= 0 {
		for ; j < len(seg); j++ {
			if seg[j] == '\r' && (t.pos+j+1 >= t.end || t.buf[t.pos+j+1] != '\n') {
				t.line++
				if at := t.base + int64(t.pos+j+1); at > t.lineStart {
					t.lineStart = at
				}
			}
		}
	}
	t.pos += n
}

func (t *Tokenizer) intern(b []byte) string {
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

// str returns b as a string carved from the string arena. A strings.Builder never modifies bytes it has handed
// out, so earlier strings stay valid when a fresh arena replaces a full one.
func (t *Tokenizer) str(b []byte) string {
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

// Next returns the next token, io.EOF after a complete document, an *Error for input that is not well-formed
// or over a limit, or the read error of the underlying reader.
func (t *Tokenizer) Next() (*Token, error) {
	tok, err := t.next()
	if err != nil && err != io.EOF && t.rerr != nil {
		return nil, t.rerr // a read failure shows up as truncated markup: report the read failure itself
	}
	return tok, err
}

func (t *Tokenizer) next() (*Token, error) {
	if t.pendingEnd {
		t.pendingEnd = false
		return t.endToken(nil), nil
	}
	if !t.prolog && t.base == 0 && t.pos == 0 {
		if err := t.byteOrderMark(); err != nil {
			return nil, err
		}
	}
	for {
		if t.pos >= t.end && !t.fill() {
			return nil, t.atEOF()
		}
		if t.inCDATA {
			tok, err := t.cdataChunk()
			if err != nil || tok != nil {
				return tok, err
			}
			continue
		}
		if t.buf[t.pos] == '<' {
			tok, err := t.markupToken()
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

// byteOrderMark skips a UTF-8 byte order mark and refuses UTF-16 and UTF-32 ones.
func (t *Tokenizer) byteOrderMark() error {
	t.ensure(4)
	b := t.buf[:t.end]
	switch {
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		t.pos = 3
		t.lineStart = 3
	case bytes.HasPrefix(b, []byte("\xFE\xFF")), bytes.HasPrefix(b, []byte("\xFF\xFE")):
		e := t.fail(ErrEncoding)
		e.Name = "UTF-16"
		return e
	case bytes.HasPrefix(b, []byte("\x00\x00\xFE\xFF")), bytes.HasPrefix(b, []byte("\x00<")), bytes.HasPrefix(b, []byte("<\x00")):
		e := t.fail(ErrEncoding)
		e.Name = "UTF-16"
		return e
	}
	return nil
}

func (t *Tokenizer) atEOF() error {
	if t.rerr != nil {
		return t.rerr
	}
	if t.base+int64(t.end) == 0 {
		return t.fail(ErrEmpty)
	}
	if len(t.stack) > 0 {
		e := t.fail(ErrTruncated)
		e.Name = t.OpenName()
		return e
	}
	if t.inCDATA {
		return t.syntax(ConstructCDATA)
	}
	if !t.started {
		return t.fail(ErrNoRoot)
	}
	return io.EOF
}

// truncated reports the input ending inside a construct: inside an element it is a truncated document.
func (t *Tokenizer) truncated(what Construct) error {
	if t.rerr != nil {
		return t.rerr
	}
	if len(t.stack) > 0 {
		e := t.fail(ErrTruncated)
		e.Name = t.OpenName()
		return e
	}
	return t.syntax(what)
}

// text returns the character data up to the next '<' (or the buffer's end), decoded.
func (t *Tokenizer) text() (*Token, error) {
	t.prolog = true
	off, line, col := t.Offset(), t.line, 0
	_, col = t.Pos()
	all := t.buf[t.pos:t.end]
	n := bytes.IndexByte(all, '<')
	if n < 0 {
		n = len(all)
	}
	seg := all[:n]
	if len(t.stack) == 0 {
		// Outside the document element only white space is allowed; it is not part of the data model.
		for i, c := range seg {
			if !isSpace(c) {
				t.advance(i)
				kind := ErrTextOutsideRoot
				if !t.markup {
					kind = ErrNotXML
				}
				return nil, t.fail(kind)
			}
		}
		t.advance(len(seg))
		return nil, nil
	}
	// A reference, a CR or a UTF-8 sequence split at the buffer's end: hold the tail back so that the next
	// chunk sees it whole.
	if n == len(all) && !t.eof {
		cut := len(seg)
		// The first '&' after the last ';' starts an unfinished reference, when it is near enough the end to be
		// one (longer references are refused whole).
		tail := max(0, len(seg)-maxRef)
		from := tail + bytes.LastIndexByte(seg[tail:], ';') + 1
		if i := bytes.IndexByte(seg[from:], '&'); i >= 0 {
			cut = from + i
		} else if len(seg) > 0 && (seg[len(seg)-1] == '\r' || seg[len(seg)-1] == ']') {
			cut = len(seg) - 1 // a CR LF pair, or a "]]>" that the next chunk may complete
			if cut > 0 && seg[cut-1] == ']' {
				cut--
			}
		} else if k := partialRune(seg); k > 0 {
			cut = len(seg) - k
		}
		if cut == 0 {
			if !t.ensure(len(seg) + 1) {
				if t.rerr != nil {
					return nil, t.rerr
				}
				return nil, nil // the input ends here: the whole tail is decoded (and judged) below next time
			}
			return nil, nil
		}
		seg = seg[:cut]
	}
	if len(seg) == 0 {
		return nil, nil
	}
	// Failures are reported in document order, whatever the chunking: what precedes a bad character first.
	bad, kind, r := checkChars(seg)
	good := seg
	if bad >= 0 {
		good = seg[:bad]
	}
	if bytes.IndexByte(good, ']') >= 0 && bytes.Contains(good, []byte("]]>")) {
		t.advance(bytes.Index(good, []byte("]]>")))
		return nil, t.syntax(ConstructCDATA)
	}
	data := good
	cr := bytes.IndexByte(good, '\r') >= 0
	if cr || bytes.IndexByte(good, '&') >= 0 {
		var err error
		t.scratch, err = t.decodeText(t.scratch[:0], good, false)
		if err != nil {
			return nil, err
		}
		data = t.scratch
	}
	if bad >= 0 {
		return nil, t.charError(bad, kind, r)
	}
	t.advanceCR(len(seg), cr)
	return t.dataToken(Text, false, data, seg, off, line, col), nil
}

// dataToken fills the token for text, a comment or a processing instruction. The token lives in the
// tokenizer, on the heap: it is filled field by field, clearing only what a previous token set, because a
// whole-struct assignment pays a write barrier for each of its pointer slots while the collector runs.
func (t *Tokenizer) dataToken(kind Kind, cdata bool, text, raw []byte, off int64, line, col int) *Token {
	tok := &t.tok
	tok.clearElement()
	tok.Kind, tok.Empty, tok.CDATA = kind, false, cdata
	tok.Text, tok.Raw = text, raw
	tok.Offset, tok.Line, tok.Column, tok.Depth = off, line, col, len(t.stack)
	return tok
}

// clearElement empties the names and slices of an element token, writing only the fields that are set.
func (tok *Token) clearElement() {
	if tok.Local != "" {
		tok.Prefix, tok.Local, tok.Space = "", "", ""
	}
	tok.clearSlices()
}

// clearSlices empties the attribute, declaration and undeclared-prefix slices of a token.
func (tok *Token) clearSlices() {
	if tok.Attrs != nil {
		tok.Attrs = nil
	}
	if tok.NS != nil {
		tok.NS = nil
	}
	if tok.Undeclared != nil {
		tok.Undeclared = nil
	}
}

// decodeText expands references and normalises line ends (XML 1.0 §2.11) and, in attributes, white space
// (§3.3.3) of src.
func (t *Tokenizer) decodeText(dst, src []byte, attr bool) ([]byte, error) {
	special := &textSpecial
	if attr {
		special = &attrSpecial
	}
	// Text without CR (the usual case) only has references to find: a vectorised search between them.
	ampOnly := !attr && bytes.IndexByte(src, '\r') < 0
	for i := 0; i < len(src); {
		j := i
		if ampOnly {
			if k := bytes.IndexByte(src[i:], '&'); k >= 0 {
				j = i + k
			} else {
				j = len(src)
			}
		} else {
			for j < len(src) && !special[src[j]] {
				j++
			}
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
			j := bytes.IndexByte(src[i:min(len(src), i+maxRef)], ';')
			if j < 0 {
				return nil, t.syntax(ConstructReference)
			}
			ref := src[i+1 : i+j]
			i += j + 1
			var err error
			if dst, err = t.appendRef(dst, ref); err != nil {
				return nil, err
			}
		case c == '<' && attr:
			return nil, t.fail(ErrLtInAttr)
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst, nil
}

// appendRef appends the expansion of the reference &ref; (predefined entities and character references).
func (t *Tokenizer) appendRef(dst, ref []byte) ([]byte, error) {
	switch string(ref) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "apos":
		return append(dst, '\''), nil
	case "quot":
		return append(dst, '"'), nil
	}
	if len(ref) < 2 || ref[0] != '#' {
		e := t.fail(ErrUndefinedEntity)
		e.Name = string(ref)
		return nil, e
	}
	var v uint64
	var err error
	if ref[1] == 'x' {
		v, err = strconv.ParseUint(string(ref[2:]), 16, 32)
	} else {
		v, err = strconv.ParseUint(string(ref[1:]), 10, 32)
	}
	if err != nil || !validXMLChar(rune(v)) {
		e := t.fail(ErrBadCharRef)
		e.Name = string(ref)
		return nil, e
	}
	return utf8.AppendRune(dst, rune(v)), nil
}

// tagSpecial marks the bytes that end a start tag or open a quoted value.
var tagSpecial = [256]bool{'"': true, '\'': true, '>': true}

// needsDecoding reports whether an attribute value holds a reference or white space to normalise.
func needsDecoding(raw []byte) bool {
	for _, c := range raw {
		if c == '&' || c == '\r' || c == '\n' || c == '\t' {
			return true
		}
	}
	return false
}

// textSpecial marks the bytes decodeText handles in text; attrSpecial those it handles in attributes.
var (
	textSpecial = [256]bool{'&': true, '\r': true}
	attrSpecial = [256]bool{'&': true, '\r': true, '\n': true, '\t': true, '<': true}
)

// cdataChunk returns the next chunk of a CDATA section.
func (t *Tokenizer) cdataChunk() (*Token, error) {
	off, line := t.Offset(), t.line
	_, col := t.Pos()
	if !t.ensure(3) && t.end-t.pos < 3 {
		return nil, t.truncated(ConstructCDATA)
	}
	seg := t.buf[t.pos:t.end]
	n := bytes.Index(seg, []byte("]]>"))
	consume := n + 3
	if n < 0 {
		// Keep the last two bytes (they may start "]]>"), a trailing CR and a split UTF-8 sequence.
		n = len(seg) - 2
		if seg[n-1] == '\r' {
			n--
		}
		n -= partialRune(seg[:n])
		consume = n
		if n <= 0 {
			if !t.ensure(len(seg) + 1) {
				return nil, t.truncated(ConstructCDATA)
			}
			return nil, nil
		}
	} else {
		t.inCDATA = false
	}
	data := seg[:n]
	if i, kind, r := checkChars(data); i >= 0 {
		return nil, t.charError(i, kind, r)
	}
	raw := seg[:consume]
	if bytes.IndexByte(data, '\r') >= 0 {
		t.scratch = normaliseLineEnds(t.scratch[:0], data)
		data = t.scratch
	}
	t.advance(consume)
	if len(data) == 0 {
		return nil, nil
	}
	return t.dataToken(Text, true, data, raw, off, line, col), nil
}

// normaliseLineEnds appends src to dst with CR LF and lone CR turned into LF (XML 1.0 §2.11).
func normaliseLineEnds(dst, src []byte) []byte {
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			continue
		}
		dst = append(dst, src[i])
	}
	return dst
}

// markupToken handles the construct starting at '<'. It returns a nil token for constructs that are skipped.
func (t *Tokenizer) markupToken() (*Token, error) {
	t.markup = true
	if !t.ensure(2) {
		return nil, t.truncated(ConstructStartTag)
	}
	switch t.buf[t.pos+1] {
	case '/':
		return t.endTag()
	case '?':
		return t.procInst()
	case '!':
		t.ensure(9)
		rest := t.buf[t.pos:t.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			return t.comment()
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if len(t.stack) == 0 {
				return nil, t.syntax(ConstructCDATA)
			}
			t.advance(9)
			t.inCDATA = true
			return nil, nil
		case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
			return nil, t.doctype()
		}
		if len(rest) < 9 && t.eof {
			return nil, t.truncated(ConstructMarkup)
		}
		return nil, t.syntax(ConstructMarkup)
	}
	return t.startTag()
}

// findDelim makes the whole construct ending with delim available and returns its length from pos.
func (t *Tokenizer) findDelim(from int, delim string, what Construct) (int, error) {
	for {
		if i := bytes.Index(t.buf[t.pos+from:t.end], []byte(delim)); i >= 0 {
			return from + i + len(delim), nil
		}
		from = max(from, t.end-t.pos-len(delim)+1)
		if !t.fill() {
			if t.full() {
				return 0, t.limit(LimitMarkup, t.opts.MaxMarkup)
			}
			return 0, t.truncated(what)
		}
	}
}

func (t *Tokenizer) comment() (*Token, error) {
	t.prolog = true
	off, line := t.Offset(), t.line
	_, col := t.Pos()
	n, err := t.findDelim(4, "-->", ConstructComment)
	if err != nil {
		return nil, err
	}
	raw := t.buf[t.pos : t.pos+n]
	body := raw[4 : n-3]
	if i, kind, r := checkChars(body); i >= 0 {
		return nil, t.charError(4+i, kind, r)
	}
	if i := bytes.Index(body, []byte("--")); i >= 0 || bytes.HasSuffix(body, []byte("-")) {
		return nil, failAt(ErrBadComment, off, line, col)
	}
	data := body
	if bytes.IndexByte(body, '\r') >= 0 {
		t.scratch = normaliseLineEnds(t.scratch[:0], body)
		data = t.scratch
	}
	t.advance(n)
	return t.dataToken(Comment, false, data, raw, off, line, col), nil
}

func (t *Tokenizer) procInst() (*Token, error) {
	off, line := t.Offset(), t.line
	_, col := t.Pos()
	n, err := t.findDelim(2, "?>", ConstructPI)
	if err != nil {
		return nil, err
	}
	raw := t.buf[t.pos : t.pos+n]
	if i, kind, r := checkChars(raw); i >= 0 {
		return nil, t.charError(i, kind, r)
	}
	body := raw[2 : n-2]
	i := bytes.IndexAny(body, " \t\r\n")
	target, data := body, []byte(nil)
	if i >= 0 {
		target, data = body[:i], bytes.TrimLeft(body[i:], " \t\r\n")
	}
	bad := func() error {
		e := failAt(ErrBadPI, off, line, col)
		e.Name = string(target)
		return e
	}
	if len(target) == 0 || !validName(target) {
		return nil, bad()
	}
	if bytes.EqualFold(target, []byte("xml")) {
		if t.prolog || !bytes.Equal(target, []byte("xml")) {
			return nil, bad() // an XML declaration only at the very start (§2.8), and "xml" is reserved
		}
		if err := checkXMLDecl(data, off, line, col); err != nil {
			return nil, err
		}
		t.prolog = true
		t.advance(n)
		return nil, nil
	}
	t.prolog = true
	tgt := t.intern(target)
	if bytes.IndexByte(data, '\r') >= 0 {
		t.scratch = normaliseLineEnds(t.scratch[:0], data)
	} else {
		t.scratch = append(t.scratch[:0], data...)
	}
	t.advance(n)
	tok := t.dataToken(ProcInst, false, t.scratch, raw, off, line, col)
	tok.Local = tgt
	return tok, nil
}

// checkXMLDecl accepts an encoding declaration of UTF-8 (or none): the bytes are read as UTF-8, so a document
// declaring another encoding would be misread.
func checkXMLDecl(data []byte, off int64, line, col int) error {
	i := bytes.Index(data, []byte("encoding"))
	if i < 0 {
		return nil
	}
	malformed := failAt(ErrXMLDecl, off, line, col)
	rest := bytes.TrimLeft(data[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return malformed
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
		return malformed
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return malformed
	}
	enc := rest[1 : 1+j]
	if bytes.EqualFold(enc, []byte("UTF-8")) || bytes.EqualFold(enc, []byte("UTF8")) {
		return nil
	}
	e := failAt(ErrEncoding, off, line, col)
	e.Name = string(enc)
	return e
}

// doctype applies the DTD policy to a document type declaration.
func (t *Tokenizer) doctype() error {
	if t.opts.DTD == DTDReject || t.started {
		return t.fail(ErrDTD)
	}
	t.prolog = true
	// Scan to the '>' that is not inside the internal subset or a quoted literal.
	depth, quote := 0, byte(0)
	for i := 9; ; i++ {
		if t.pos+i >= t.end {
			if !t.fill() {
				if t.full() {
					return t.limit(LimitMarkup, t.opts.MaxMarkup)
				}
				return t.truncated(ConstructMarkup)
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
				return t.fail(ErrDTD)
			}
			if j, kind, r := checkChars(decl); j >= 0 {
				return t.charError(j, kind, r)
			}
			t.advance(i + 1)
			return nil
		}
	}
}

// trimSpaceLeft drops leading XML white space.
func trimSpaceLeft(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// validName checks the first byte of a name (XML 1.0 §2.3 NameStartChar, for ASCII).
func validName(b []byte) bool {
	return len(b) > 0 && !(b[0] >= '0' && b[0] <= '9') && b[0] != '-' && b[0] != '.'
}

// splitName splits a QName into prefix and local part (Namespaces in XML 1.0 §4).
func (t *Tokenizer) splitName(b []byte) (string, string, error) {
	if len(b) > t.opts.MaxNameLen {
		return "", "", t.limit(LimitName, t.opts.MaxNameLen)
	}
	bad := func() error {
		e := t.fail(ErrBadName)
		e.Name = string(b)
		return e
	}
	if !validName(b) {
		return "", "", bad()
	}
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return "", t.intern(b), nil
	}
	if i == 0 || i == len(b)-1 || bytes.IndexByte(b[i+1:], ':') >= 0 || !validName(b[i+1:]) {
		return "", "", bad()
	}
	return t.intern(b[:i]), t.intern(b[i+1:]), nil
}

func (t *Tokenizer) startTag() (*Token, error) {
	if t.ended {
		return nil, t.fail(ErrSecondRoot)
	}
	if len(t.stack) >= t.opts.MaxDepth {
		return nil, t.limit(LimitDepth, t.opts.MaxDepth)
	}
	t.prolog = true
	off, line := t.Offset(), t.line
	_, col := t.Pos()
	i, err := t.tagEnd()
	if err != nil {
		return nil, err
	}
	raw := t.buf[t.pos : t.pos+i+1]
	if j, kind, r := checkChars(raw); j >= 0 {
		return nil, t.charError(j, kind, r)
	}
	tag := raw[1:i]
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
	if err := t.attributes(tag[j:], prefix, local); err != nil {
		return nil, err
	}
	t.advance(i + 1)
	return t.openElement(prefix, local, empty, raw, off, line, col)
}

// tagEnd finds the '>' ending the start tag at pos, skipping '>' inside quoted attribute values.
func (t *Tokenizer) tagEnd() (int, error) {
	i, quote := 1, byte(0)
	for {
		if t.pos+i >= t.end {
			if !t.fill() {
				if t.full() {
					return 0, t.limit(LimitMarkup, t.opts.MaxMarkup)
				}
				return 0, t.truncated(ConstructStartTag)
			}
			continue
		}
		if quote != 0 {
			if j := bytes.IndexByte(t.buf[t.pos+i:t.end], quote); j >= 0 {
				i += j + 1
				quote = 0
			} else {
				i = t.end - t.pos
			}
			continue
		}
		j := t.pos + i
		for j < t.end && !tagSpecial[t.buf[j]] {
			j++
		}
		if j == t.end {
			i = t.end - t.pos
			continue
		}
		i = j - t.pos
		if c := t.buf[j]; c == '>' {
			return i, nil
		} else {
			quote = c
		}
		i++
	}
}

// attributes parses the attributes of a start tag into raw and decls.
func (t *Tokenizer) attributes(rest []byte, prefix, local string) error {
	t.attrs = t.attrs[:0]
	t.decls = t.decls[:0]
	for {
		k := 0
		for k < len(rest) && isSpace(rest[k]) {
			k++
		}
		if k == len(rest) {
			return nil
		}
		if k == 0 {
			e := t.syntax(ConstructStartTag)
			e.Name = QName(prefix, local)
			return e
		}
		if len(t.attrs)+len(t.decls) >= t.opts.MaxAttrs {
			return t.limit(LimitAttrs, t.opts.MaxAttrs)
		}
		rest = rest[k:]
		k = 0
		for k < len(rest) && isNameByte(rest[k]) {
			k++
		}
		ap, al, err := t.splitName(rest[:k])
		if err != nil {
			return err
		}
		rest = trimSpaceLeft(rest[k:])
		attrErr := func(kind ErrorKind) error {
			e := t.fail(kind)
			e.Name, e.Name2 = QName(ap, al), QName(prefix, local)
			return e
		}
		if len(rest) == 0 || rest[0] != '=' {
			return attrErr(ErrAttrNoValue)
		}
		rest = trimSpaceLeft(rest[1:])
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return attrErr(ErrAttrNotQuoted)
		}
		q := bytes.IndexByte(rest[1:], rest[0])
		if q < 0 {
			return attrErr(ErrAttrNotQuoted)
		}
		raw := rest[1 : 1+q]
		rest = rest[q+2:]
		if len(raw) > t.opts.MaxAttrValue {
			return t.limit(LimitAttrValue, t.opts.MaxAttrValue)
		}
		var val string
		if bytes.IndexByte(raw, '<') >= 0 {
			return attrErr(ErrLtInAttr)
		}
		if needsDecoding(raw) {
			t.scratch, err = t.decodeText(t.scratch[:0], raw, true)
			if err != nil {
				return err
			}
			val = t.str(t.scratch)
		} else {
			val = t.str(raw)
		}
		if err := t.addAttr(ap, al, val); err != nil {
			return err
		}
	}
}

// addAttr files one attribute or namespace declaration, checking the reserved bindings of Namespaces in XML
// 1.0 §3.
func (t *Tokenizer) addAttr(prefix, local, val string) error {
	nsErr := func(p string) error {
		e := t.fail(ErrNamespace)
		e.Name = p
		return e
	}
	switch {
	case prefix == "" && local == "xmlns":
		if val == NamespaceXML || val == NamespaceXMLNS {
			return nsErr("")
		}
		t.decls = append(t.decls, NSDecl{Prefix: "", URI: val})
	case prefix == "xmlns":
		if val == "" || local == "xmlns" || (local == "xml") != (val == NamespaceXML) || val == NamespaceXMLNS {
			return nsErr(local)
		}
		t.decls = append(t.decls, NSDecl{Prefix: local, URI: val})
	default:
		t.attrs = append(t.attrs, Attr{Prefix: prefix, Local: local, Value: val})
	}
	return nil
}

// openElement resolves the names of a parsed start tag, checks uniqueness and pushes the element.
func (t *Tokenizer) openElement(prefix, local string, empty bool, raw []byte, off int64, line, col int) (*Token, error) {
	if i := t.duplicateDecl(); i >= 0 {
		e := failAt(ErrDuplicateNS, off, line, col)
		e.Name, e.Name2 = t.decls[i].Prefix, QName(prefix, local)
		return nil, e
	}
	t.ns.Push(t.decls)
	t.undecl = t.undecl[:0]
	if prefix == "xmlns" {
		t.ns.Pop()
		e := failAt(ErrNamespace, off, line, col)
		e.Name = prefix
		return nil, e
	}
	space, ok := t.ns.Lookup(prefix)
	if !ok {
		t.undecl = append(t.undecl, prefix)
	}
	for i := range t.attrs { // filed by addAttr without their namespace: resolve it in place
		a := &t.attrs[i]
		if a.Prefix != "" {
			uri, ok := t.ns.Lookup(a.Prefix)
			if !ok && !slices.Contains(t.undecl, a.Prefix) {
				t.undecl = append(t.undecl, a.Prefix)
			}
			if uri != "" {
				a.Space = uri
			}
		}
	}
	if len(t.undecl) > 0 && t.opts.RejectUndeclaredPrefix {
		t.ns.Pop()
		e := failAt(ErrUndeclaredPrefix, off, line, col)
		e.Name = t.undecl[0]
		return nil, e
	}
	if i := t.duplicateAttr(); i >= 0 {
		t.ns.Pop()
		e := failAt(ErrDuplicateAttr, off, line, col)
		e.Name, e.Name2 = QName(t.attrs[i].Prefix, t.attrs[i].Local), QName(prefix, local)
		return nil, e
	}
	t.stack = append(t.stack, frame{prefix: prefix, local: local, line: line})
	t.started = true
	tok := &t.tok
	tok.Kind, tok.Prefix, tok.Local, tok.Space = StartElement, prefix, local, space
	tok.Attrs, tok.NS, tok.Undeclared = t.attrs, t.decls, t.undecl
	tok.Empty, tok.CDATA, tok.Raw = empty, false, raw
	if tok.Text != nil {
		tok.Text = nil
	}
	tok.Offset, tok.Line, tok.Column, tok.Depth = off, line, col, len(t.stack)
	t.pendingEnd = empty
	return &t.tok, nil
}

// smallSet is the count under which uniqueness is checked by comparing pairs (at most 28 comparisons); above
// it, indices are sorted, so that an element with n attributes costs O(n log n), never O(n²).
const smallSet = 8

// duplicateDecl returns the index of a namespace prefix declared twice on the element, or -1.
func (t *Tokenizer) duplicateDecl() int {
	d := t.decls
	if len(d) <= smallSet {
		for a := 1; a < len(d); a++ {
			for b := 0; b < a; b++ {
				if d[a].Prefix == d[b].Prefix {
					return a
				}
			}
		}
		return -1
	}
	keys := t.sortedKeys(len(d), func(a, b int) int { return strings.Compare(d[a].Prefix, d[b].Prefix) })
	for k := 1; k < len(keys); k++ {
		if d[keys[k]].Prefix == d[keys[k-1]].Prefix {
			return max(keys[k], keys[k-1])
		}
	}
	return -1
}

// attrKey compares attributes by expanded name (Namespaces in XML 1.0 §6.3): namespace URI and local name, or
// prefix and local name for an unprefixed attribute or an undeclared prefix. Two attributes with the same
// qualified name always compare equal, so this also enforces XML 1.0's WFC: Unique Att Spec.
func attrKey(a, b *Attr) int {
	if c := strings.Compare(a.Space, b.Space); c != 0 {
		return c
	}
	if a.Space == "" {
		if c := strings.Compare(a.Prefix, b.Prefix); c != 0 {
			return c
		}
	}
	return strings.Compare(a.Local, b.Local)
}

// duplicateAttr returns the index of an attribute whose expanded name repeats an earlier one, or -1.
func (t *Tokenizer) duplicateAttr() int {
	at := t.attrs
	if len(at) <= smallSet {
		for a := 1; a < len(at); a++ {
			for b := 0; b < a; b++ {
				if attrKey(&at[a], &at[b]) == 0 {
					return a
				}
			}
		}
		return -1
	}
	keys := t.sortedKeys(len(at), func(a, b int) int { return attrKey(&at[a], &at[b]) })
	for k := 1; k < len(keys); k++ {
		if attrKey(&at[keys[k]], &at[keys[k-1]]) == 0 {
			return max(keys[k], keys[k-1])
		}
	}
	return -1
}

func (t *Tokenizer) sortedKeys(n int, cmp func(a, b int) int) []int {
	t.keys = t.keys[:0]
	for i := 0; i < n; i++ {
		t.keys = append(t.keys, i)
	}
	slices.SortFunc(t.keys, cmp)
	return t.keys
}

func (t *Tokenizer) endTag() (*Token, error) {
	off, line := t.Offset(), t.line
	_, col := t.Pos()
	n, err := t.findDelim(2, ">", ConstructEndTag)
	if err != nil {
		return nil, err
	}
	raw := t.buf[t.pos : t.pos+n]
	name := bytes.TrimRight(raw[2:n-1], " \t\r\n")
	if j, kind, r := checkChars(raw); j >= 0 {
		return nil, t.charError(j, kind, r)
	}
	if len(t.stack) == 0 {
		e := failAt(ErrUnopenedEnd, off, line, col)
		e.Name = string(name)
		return nil, e
	}
	top := t.stack[len(t.stack)-1]
	if !matchQName(name, top.prefix, top.local) {
		e := failAt(ErrMismatchedEnd, off, line, col)
		e.Name, e.Name2, e.Line2 = string(name), QName(top.prefix, top.local), top.line
		return nil, e
	}
	t.advance(n)
	tok := t.endToken(raw)
	tok.Offset, tok.Line, tok.Column = off, line, col
	return tok, nil
}

// endToken pops the current element and returns its end token.
func (t *Tokenizer) endToken(raw []byte) *Token {
	top := t.stack[len(t.stack)-1]
	depth := len(t.stack)
	space, _ := t.ns.Lookup(top.prefix)
	t.stack = t.stack[:len(t.stack)-1]
	t.ns.Pop()
	if len(t.stack) == 0 {
		t.ended = true
	}
	line, col := t.Pos()
	tok := &t.tok
	tok.clearSlices()
	tok.Kind, tok.Prefix, tok.Local, tok.Space = EndElement, top.prefix, top.local, space
	tok.Empty, tok.CDATA = false, false
	if tok.Text != nil {
		tok.Text = nil
	}
	if tok.Raw != nil || raw != nil {
		tok.Raw = raw
	}
	tok.Offset, tok.Line, tok.Column, tok.Depth = t.Offset(), line, col, depth
	return &t.tok
}

// matchQName reports whether name is prefix:local (or local when prefix is empty).
func matchQName(name []byte, prefix, local string) bool {
	if prefix == "" {
		return string(name) == local
	}
	return len(name) == len(prefix)+1+len(local) && string(name[:len(prefix)]) == prefix &&
		name[len(prefix)] == ':' && string(name[len(prefix)+1:]) == local
}
