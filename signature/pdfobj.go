package signature

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// This file is the small PDF object parser the signature path needs (ISO 32000-1 §7.2–7.3): it reads one
// object at a time from an io.ReaderAt through a small window, so memory depends on the objects read, never on
// the file size. Stream data is not read here, only located (pdfStream.Offset, Length).

// errPDF marks structural problems of a PDF (→ FORMAT_FAILURE or an error of VerifyPDF).
var errPDF = errors.New("signature: malformed PDF")

func pdfErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errPDF}, args...)...)
}

// pdfObject is one PDF object: nil (null), bool, int64, float64, pdfString, pdfName, pdfArray, pdfDict,
// pdfRef or *pdfStream.
type pdfObject any

// pdfName is a PDF name without its leading slash, #xx escapes decoded.
type pdfName string

// pdfString is a literal or hexadecimal string with where it stood in the file.
type pdfString struct {
	Data       []byte
	Hex        bool
	Start, End int64 // file offsets of '<' or '(' and one past '>' or ')'
}

// pdfArray is a PDF array.
type pdfArray []pdfObject

// pdfDict is a PDF dictionary; keys are names without the slash.
type pdfDict map[pdfName]pdfObject

// pdfRef is an indirect reference "num gen R".
type pdfRef struct {
	Num uint32
	Gen uint16
}

func (r pdfRef) String() string { return fmt.Sprintf("%d %d R", r.Num, r.Gen) }

// pdfStream is a stream object: its dictionary and where its raw (still encoded) data lies in the file.
type pdfStream struct {
	Dict   pdfDict
	Offset int64
	Length int64
}

// PDFLimits bound the work and memory of reading a PDF; zero fields take the defaults. Every limit that is
// hit gives an error naming it, never a panic or unbounded growth.
type PDFLimits struct {
	// MaxObjects bounds the cross-reference entries of all revisions together (default 500,000).
	MaxObjects int
	// MaxRevisions bounds the cross-reference sections followed through /Prev and /XRefStm (default 1,000).
	MaxRevisions int
	// MaxDepth bounds the nesting of arrays and dictionaries (default 64).
	MaxDepth int
	// MaxObjectSize bounds one object read outside a stream, e.g. a signature dictionary with its /Contents
	// (default 16 MiB).
	MaxObjectSize int64
	// MaxStreamSize bounds a decoded stream the verifier reads: cross-reference and object streams, DSS
	// certificates, CRLs and OCSP responses (default 64 MiB).
	MaxStreamSize int64
	// MaxSignatures bounds the signature fields examined (default 1,000).
	MaxSignatures int
}

// Default PDF limits.
const (
	DefaultPDFMaxObjects    = 500_000
	DefaultPDFMaxRevisions  = 1_000
	DefaultPDFMaxDepth      = 64
	DefaultPDFMaxObjectSize = 16 << 20
	DefaultPDFMaxStreamSize = 64 << 20
	DefaultPDFMaxSignatures = 1_000
)

func (l PDFLimits) withDefaults() PDFLimits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxObjects, DefaultPDFMaxObjects)
	def(&l.MaxRevisions, DefaultPDFMaxRevisions)
	def(&l.MaxDepth, DefaultPDFMaxDepth)
	def(&l.MaxSignatures, DefaultPDFMaxSignatures)
	l.MaxObjectSize = orDefault(l.MaxObjectSize, DefaultPDFMaxObjectSize)
	l.MaxStreamSize = orDefault(l.MaxStreamSize, DefaultPDFMaxStreamSize)
	return l
}

// pdfScanner reads bytes of a PDF from an io.ReaderAt through a window of pdfWindow bytes.
type pdfScanner struct {
	r      io.ReaderAt
	size   int64
	buf    []byte
	bufOff int64
	pos    int64
	err    error // first read error other than EOF
}

const pdfWindow = 16 << 10

func newPDFScanner(r io.ReaderAt, size int64, pos int64) *pdfScanner {
	return &pdfScanner{r: r, size: size, pos: pos, bufOff: -1}
}

// byteAt returns the byte at off, or false past the end (or on a read error).
func (s *pdfScanner) byteAt(off int64) (byte, bool) {
	if off < 0 || off >= s.size {
		return 0, false
	}
	if s.bufOff < 0 || off < s.bufOff || off >= s.bufOff+int64(len(s.buf)) {
		n := int64(pdfWindow)
		if off+n > s.size {
			n = s.size - off
		}
		if cap(s.buf) < int(n) {
			s.buf = make([]byte, n)
		}
		s.buf = s.buf[:n]
		got, err := s.r.ReadAt(s.buf, off)
		if err != nil && !errors.Is(err, io.EOF) && s.err == nil {
			s.err = err
		}
		s.buf, s.bufOff = s.buf[:got], off
		if got == 0 {
			return 0, false
		}
	}
	return s.buf[off-s.bufOff], true
}

func (s *pdfScanner) peek() (byte, bool) { return s.byteAt(s.pos) }

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace skips white space and comments.
func (s *pdfScanner) skipSpace() {
	for {
		c, ok := s.peek()
		if !ok {
			return
		}
		switch {
		case isPDFSpace(c):
			s.pos++
		case c == '%':
			for {
				c, ok := s.peek()
				if !ok || c == '\n' || c == '\r' {
					break
				}
				s.pos++
			}
		default:
			return
		}
	}
}

// regular reads a run of regular characters (a number or keyword), at most max bytes.
func (s *pdfScanner) regular(max int) []byte {
	var out []byte
	for len(out) < max {
		c, ok := s.peek()
		if !ok || isPDFSpace(c) || isPDFDelim(c) {
			break
		}
		out = append(out, c)
		s.pos++
	}
	return out
}

// keyword reports whether the next token is kw and consumes it if so.
func (s *pdfScanner) keyword(kw string) bool {
	s.skipSpace()
	save := s.pos
	if string(s.regular(len(kw)+1)) == kw {
		return true
	}
	s.pos = save
	return false
}

// pdfParser parses objects with the limits of one read.
type pdfParser struct {
	s      *pdfScanner
	lim    PDFLimits
	start  int64 // where the current object started, for the size limit
	budget int   // elements left for the current object
}

func (p *pdfParser) check() error {
	if p.s.err != nil {
		return fmt.Errorf("signature: reading PDF: %w", p.s.err)
	}
	if p.s.pos-p.start > p.lim.MaxObjectSize {
		return pdfErrorf("object at offset %d exceeds the limit of %d bytes", p.start, p.lim.MaxObjectSize)
	}
	p.budget--
	if p.budget < 0 {
		return pdfErrorf("object at offset %d has too many elements", p.start)
	}
	return nil
}

// parseValue parses one direct object at the scanner's position; references "n g R" are recognised.
func (p *pdfParser) parseValue(depth int) (pdfObject, error) {
	if depth > p.lim.MaxDepth {
		return nil, pdfErrorf("nesting deeper than %d at offset %d", p.lim.MaxDepth, p.s.pos)
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	s := p.s
	s.skipSpace()
	c, ok := s.peek()
	if !ok {
		return nil, pdfErrorf("unexpected end of file at offset %d", s.pos)
	}
	switch c {
	case '/':
		s.pos++
		return p.parseName()
	case '(':
		return p.parseLiteral()
	case '<':
		if n, _ := s.byteAt(s.pos + 1); n == '<' {
			s.pos += 2
			return p.parseDict(depth)
		}
		return p.parseHex()
	case '[':
		s.pos++
		return p.parseArray(depth)
	case ']', '>', ')', '{', '}':
		return nil, pdfErrorf("unexpected %q at offset %d", c, s.pos)
	}
	tokStart := s.pos
	tok := s.regular(64)
	if len(tok) == 0 {
		return nil, pdfErrorf("unexpected %q at offset %d", c, s.pos)
	}
	switch string(tok) {
	case "null":
		return nil, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	if n, err := strconv.ParseInt(string(tok), 10, 64); err == nil {
		// "n g R"?
		save := s.pos
		s.skipSpace()
		gen := s.regular(12)
		if g, err := strconv.ParseUint(string(gen), 10, 16); err == nil && n >= 0 && n <= 1<<31 {
			if s.keyword("R") {
				return pdfRef{Num: uint32(n), Gen: uint16(g)}, nil
			}
		}
		s.pos = save
		return n, nil
	}
	if f, err := strconv.ParseFloat(string(tok), 64); err == nil {
		return f, nil
	}
	return nil, pdfErrorf("unknown token %q at offset %d", tok, tokStart)
}

func (p *pdfParser) parseName() (pdfObject, error) {
	s := p.s
	var out []byte
	for {
		c, ok := s.peek()
		if !ok || isPDFSpace(c) || isPDFDelim(c) {
			break
		}
		s.pos++
		if c == '#' {
			h1, ok1 := s.byteAt(s.pos)
			h2, ok2 := s.byteAt(s.pos + 1)
			if v, err := strconv.ParseUint(string([]byte{h1, h2}), 16, 8); ok1 && ok2 && err == nil {
				c = byte(v)
				s.pos += 2
			}
		}
		out = append(out, c)
		if len(out) > 1024 {
			return nil, pdfErrorf("name longer than 1024 bytes at offset %d", s.pos)
		}
	}
	return pdfName(out), nil
}

func (p *pdfParser) parseLiteral() (pdfObject, error) {
	s := p.s
	start := s.pos
	s.pos++
	var out []byte
	depth := 1
	for {
		if int64(len(out)) > p.lim.MaxObjectSize {
			return nil, pdfErrorf("string at offset %d exceeds the object size limit", start)
		}
		c, ok := s.peek()
		if !ok {
			return nil, pdfErrorf("unterminated string at offset %d", start)
		}
		s.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pdfString{Data: out, Start: start, End: s.pos}, nil
			}
		case '\\':
			e, ok := s.peek()
			if !ok {
				continue
			}
			s.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if n, _ := s.peek(); n == '\n' {
					s.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2; i++ {
						d, ok := s.peek()
						if !ok || d < '0' || d > '7' {
							break
						}
						v = v*8 + int(d-'0')
						s.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (p *pdfParser) parseHex() (pdfObject, error) {
	s := p.s
	start := s.pos
	s.pos++
	var out []byte
	var hi byte
	half := false
	for {
		c, ok := s.peek()
		if !ok {
			return nil, pdfErrorf("unterminated hex string at offset %d", start)
		}
		s.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return pdfString{Data: out, Hex: true, Start: start, End: s.pos}, nil
		}
		if isPDFSpace(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return nil, pdfErrorf("invalid character %q in hex string at offset %d", c, s.pos-1)
		}
		if half {
			out = append(out, hi<<4|v)
			if int64(len(out)) > p.lim.MaxObjectSize/2 {
				return nil, pdfErrorf("hex string at offset %d exceeds the object size limit", start)
			}
		} else {
			hi = v
		}
		half = !half
	}
}

func (p *pdfParser) parseArray(depth int) (pdfObject, error) {
	s := p.s
	out := pdfArray{}
	for {
		s.skipSpace()
		c, ok := s.peek()
		if !ok {
			return nil, pdfErrorf("unterminated array")
		}
		if c == ']' {
			s.pos++
			return out, nil
		}
		v, err := p.parseValue(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func (p *pdfParser) parseDict(depth int) (pdfObject, error) {
	s := p.s
	out := pdfDict{}
	for {
		s.skipSpace()
		c, ok := s.peek()
		if !ok {
			return nil, pdfErrorf("unterminated dictionary")
		}
		if c == '>' {
			if n, _ := s.byteAt(s.pos + 1); n != '>' {
				return nil, pdfErrorf("expected >> at offset %d", s.pos)
			}
			s.pos += 2
			return out, nil
		}
		if c != '/' {
			return nil, pdfErrorf("dictionary key is not a name at offset %d", s.pos)
		}
		if err := p.check(); err != nil {
			return nil, err
		}
		s.pos++
		k, err := p.parseName()
		if err != nil {
			return nil, err
		}
		v, err := p.parseValue(depth + 1)
		if err != nil {
			return nil, err
		}
		out[k.(pdfName)] = v // a repeated key: the last one wins, as in most readers
	}
}

// parseIndirect parses "num gen obj … endobj" at off. For a stream it returns *pdfStream with the data
// located; lengthOf resolves an indirect /Length.
func (p *pdfParser) parseIndirect(off int64, want pdfRef, lengthOf func(pdfRef) (int64, error)) (pdfObject, error) {
	s := p.s
	s.pos, p.start, p.budget = off, off, 1<<22
	s.skipSpace()
	num, _ := strconv.ParseUint(string(s.regular(12)), 10, 32)
	s.skipSpace()
	gen, err := strconv.ParseUint(string(s.regular(7)), 10, 16)
	if err != nil || !s.keyword("obj") {
		return nil, pdfErrorf("no object header at offset %d", off)
	}
	if want.Num != 0 && (uint32(num) != want.Num || uint16(gen) != want.Gen) {
		return nil, pdfErrorf("offset %d holds object %d %d, not %s", off, num, gen, want)
	}
	v, err := p.parseValue(0)
	if err != nil {
		return nil, err
	}
	d, isDict := v.(pdfDict)
	if !isDict || !s.keyword("stream") {
		return v, nil
	}
	// The keyword is followed by CRLF or LF (ISO 32000-1 §7.3.8.1); a lone CR is tolerated.
	if c, _ := s.peek(); c == '\r' {
		s.pos++
	}
	if c, _ := s.peek(); c == '\n' {
		s.pos++
	}
	st := &pdfStream{Dict: d, Offset: s.pos}
	switch l := d["Length"].(type) {
	case int64:
		st.Length = l
	case pdfRef:
		if lengthOf == nil {
			return nil, pdfErrorf("stream at offset %d has an indirect /Length that cannot be resolved", off)
		}
		if st.Length, err = lengthOf(l); err != nil {
			return nil, err
		}
	default:
		return nil, pdfErrorf("stream at offset %d has no /Length", off)
	}
	if st.Length < 0 || st.Offset+st.Length > s.size {
		return nil, pdfErrorf("stream at offset %d: /Length %d runs past the end of the file", off, st.Length)
	}
	return st, nil
}

// pdfEqual compares two direct objects (streams by dictionary and location; callers compare data).
func pdfEqual(a, b pdfObject) bool {
	switch x := a.(type) {
	case pdfString:
		y, ok := b.(pdfString)
		return ok && bytes.Equal(x.Data, y.Data)
	case pdfArray:
		y, ok := b.(pdfArray)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !pdfEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case pdfDict:
		y, ok := b.(pdfDict)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !pdfEqual(v, w) {
				return false
			}
		}
		return true
	case *pdfStream:
		y, ok := b.(*pdfStream)
		return ok && pdfEqual(x.Dict, y.Dict) && x.Length == y.Length
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y
		case float64:
			return float64(x) == y
		}
		return false
	case float64:
		switch y := b.(type) {
		case int64:
			return x == float64(y)
		case float64:
			return x == y
		}
		return false
	}
	return a == b
}
