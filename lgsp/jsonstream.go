package lgsp

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// The gateways answer a package as base64 inside a JSON string ({"data":"PD94…"} or {"data":{"edxml":"…"}}), so
// a 256 MB package is a 350 MB JSON string. encoding/json would hold it whole; streamDecoder walks the object
// byte by byte instead, decodes the one string it is told to through base64 into a writer as it goes, and keeps
// the other small members (status, codes, ids) for the envelope. Memory stays bounded by maxMember and a 48 KiB
// buffer whatever the size of the package.

// maxJSONDepth bounds nesting in skipped values.
const maxJSONDepth = 64

// errMalformed marks a body that is not the JSON the gateway should send.
var errMalformed = errors.New("malformed JSON")

type streamDecoder struct {
	r         *bufio.Reader
	target    string // dotted path of the base64 string, e.g. "data" or "data.edxml"
	w         io.Writer
	maxMember int
	maxOut    int64

	fields  map[string]json.RawMessage // small members by dotted path
	found   bool                       // the target string was present
	written int64                      // decoded bytes written to w
	b64     []byte
}

// decodeStream reads one JSON object from r, streaming the base64 string at target into w (decoded, at most
// maxOut bytes) and returning the other members of at most maxMember bytes by dotted path.
func decodeStream(r io.Reader, target string, w io.Writer, maxMember int, maxOut int64) (*streamDecoder, error) {
	d := &streamDecoder{r: bufio.NewReaderSize(r, 32<<10), target: target, w: w, maxMember: maxMember,
		maxOut: maxOut, fields: map[string]json.RawMessage{}}
	d.skipSpace()
	if err := d.object("", 0); err != nil {
		return d, err
	}
	d.skipSpace()
	if _, err := d.r.ReadByte(); err != io.EOF {
		return d, fmt.Errorf("%w: data after the object", errMalformed)
	}
	return d, nil
}

func (d *streamDecoder) skipSpace() {
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			return
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			d.r.UnreadByte()
			return
		}
	}
}

func (d *streamDecoder) expect(want byte) error {
	d.skipSpace()
	c, err := d.r.ReadByte()
	if err != nil {
		return fmt.Errorf("%w: truncated (want %q)", errMalformed, want)
	}
	if c != want {
		return fmt.Errorf("%w: got %q, want %q", errMalformed, c, want)
	}
	return nil
}

func (d *streamDecoder) peek() (byte, error) {
	d.skipSpace()
	b, err := d.r.Peek(1)
	if err != nil {
		return 0, fmt.Errorf("%w: truncated", errMalformed)
	}
	return b[0], nil
}

func (d *streamDecoder) object(prefix string, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("%w: nested too deep", errMalformed)
	}
	if err := d.expect('{'); err != nil {
		return err
	}
	if c, err := d.peek(); err != nil {
		return err
	} else if c == '}' {
		d.r.ReadByte()
		return nil
	}
	for {
		key, err := d.key()
		if err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		if err := d.member(prefix+key, depth); err != nil {
			return err
		}
		d.skipSpace()
		c, err := d.r.ReadByte()
		if err != nil {
			return fmt.Errorf("%w: truncated object", errMalformed)
		}
		if c == '}' {
			return nil
		}
		if c != ',' {
			return fmt.Errorf("%w: got %q between members", errMalformed, c)
		}
	}
}

func (d *streamDecoder) key() (string, error) {
	var buf bytes.Buffer
	if err := d.expect('"'); err != nil {
		return "", err
	}
	if err := d.stringBody(func(b []byte) error {
		if buf.Len()+len(b) > 256 {
			return fmt.Errorf("%w: member name too long", errMalformed)
		}
		buf.Write(b)
		return nil
	}); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (d *streamDecoder) member(path string, depth int) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch {
	case path == d.target && c == '"':
		d.found = true
		d.r.ReadByte()
		if err := d.stringBody(d.base64Chunk); err != nil {
			return err
		}
		return d.base64Flush()
	case len(d.target) > len(path) && d.target[:len(path)+1] == path+"." && c == '{':
		return d.object(path+".", depth+1)
	}
	var raw bytes.Buffer
	keep := true
	err = d.value(depth, func(b []byte) {
		if keep && raw.Len()+len(b) > d.maxMember {
			keep = false
		}
		if keep {
			raw.Write(b)
		}
	})
	if err == nil && keep {
		d.fields[path] = json.RawMessage(raw.Bytes())
	}
	return err
}

// value copies one JSON value through out without interpreting it (strings are checked for escapes only).
func (d *streamDecoder) value(depth int, out func([]byte)) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("%w: nested too deep", errMalformed)
	}
	c, err := d.peek()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		d.r.ReadByte()
		out([]byte{'"'})
		return d.rawString(out)
	case '{', '[':
		d.r.ReadByte()
		out([]byte{c})
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		return d.container(c, closer, depth, out)
	}
	return d.scalar(out)
}

func (d *streamDecoder) container(open, closer byte, depth int, out func([]byte)) error {
	if c, err := d.peek(); err != nil {
		return err
	} else if c == closer {
		d.r.ReadByte()
		out([]byte{closer})
		return nil
	}
	for {
		if open == '{' {
			if err := d.expect('"'); err != nil {
				return err
			}
			out([]byte{'"'})
			if err := d.rawString(out); err != nil {
				return err
			}
			if err := d.expect(':'); err != nil {
				return err
			}
			out([]byte{':'})
		}
		if err := d.value(depth+1, out); err != nil {
			return err
		}
		d.skipSpace()
		c, err := d.r.ReadByte()
		if err != nil {
			return fmt.Errorf("%w: truncated", errMalformed)
		}
		out([]byte{c})
		if c == closer {
			return nil
		}
		if c != ',' {
			return fmt.Errorf("%w: got %q in a container", errMalformed, c)
		}
	}
}

func (d *streamDecoder) scalar(out func([]byte)) error {
	var buf [32]byte
	n := 0
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			break
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E') {
			d.r.UnreadByte()
			break
		}
		if n == len(buf) {
			return fmt.Errorf("%w: scalar too long", errMalformed)
		}
		buf[n] = c
		n++
	}
	s := string(buf[:n])
	switch s {
	case "true", "false", "null":
	default:
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return fmt.Errorf("%w: bad value %q", errMalformed, s)
		}
	}
	out(buf[:n])
	return nil
}

// rawString copies a string's remaining bytes, escapes kept, through out.
func (d *streamDecoder) rawString(out func([]byte)) error {
	for {
		chunk, err := d.r.ReadSlice('"')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return fmt.Errorf("%w: truncated string", errMalformed)
		}
		out(chunk)
		if err == nil && !escapedQuote(chunk) {
			return nil
		}
	}
}

// escapedQuote reports whether the final quote of chunk is preceded by an odd number of backslashes. A chunk that
// ends inside an escape run across a buffer boundary is rare (only after 32 KiB of backslashes); it is read as
// escaped, erring toward reading further.
func escapedQuote(chunk []byte) bool {
	n := 0
	for i := len(chunk) - 2; i >= 0 && chunk[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// stringBody reads a string after its opening quote, unescaping it, handing the text to out in pieces.
func (d *streamDecoder) stringBody(out func([]byte) error) error {
	var piece [256]byte
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		err := out(piece[:n])
		n = 0
		return err
	}
	put := func(b ...byte) error {
		if n+len(b) > len(piece) {
			if err := flush(); err != nil {
				return err
			}
		}
		n += copy(piece[n:], b)
		return nil
	}
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			return fmt.Errorf("%w: truncated string", errMalformed)
		}
		switch {
		case c == '"':
			return flush()
		case c == '\\':
			r, err := d.escape()
			if err != nil {
				return err
			}
			var enc [4]byte
			if err := put(enc[:utf8.EncodeRune(enc[:], r)]...); err != nil {
				return err
			}
		case c < 0x20:
			return fmt.Errorf("%w: control character in a string", errMalformed)
		default:
			if err := put(c); err != nil {
				return err
			}
		}
	}
}

func (d *streamDecoder) escape() (rune, error) {
	c, err := d.r.ReadByte()
	if err != nil {
		return 0, fmt.Errorf("%w: truncated escape", errMalformed)
	}
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'u':
		var hex [4]byte
		if _, err := io.ReadFull(d.r, hex[:]); err != nil {
			return 0, fmt.Errorf("%w: truncated escape", errMalformed)
		}
		v, err := strconv.ParseUint(string(hex[:]), 16, 16)
		if err != nil {
			return 0, fmt.Errorf("%w: bad escape \\u%s", errMalformed, hex[:])
		}
		return rune(v), nil
	}
	return 0, fmt.Errorf("%w: bad escape \\%c", errMalformed, c)
}

// errBase64 marks a package string that is not valid base64.
var errBase64 = errors.New("invalid base64")

// base64Chunk gathers base64 text (whitespace dropped) and decodes whole 4-character groups into w.
func (d *streamDecoder) base64Chunk(b []byte) error {
	for _, c := range b {
		if c == '\n' || c == '\r' || c == ' ' || c == '\t' {
			continue
		}
		d.b64 = append(d.b64, c)
	}
	if len(d.b64) < 32<<10 {
		return nil
	}
	n := len(d.b64) / 4 * 4
	if err := d.decodeOut(d.b64[:n]); err != nil {
		return err
	}
	d.b64 = append(d.b64[:0], d.b64[n:]...)
	return nil
}

func (d *streamDecoder) base64Flush() error {
	if len(d.b64)%4 != 0 {
		return fmt.Errorf("%w: truncated (length not a multiple of 4)", errBase64)
	}
	err := d.decodeOut(d.b64)
	d.b64 = d.b64[:0]
	return err
}

func (d *streamDecoder) decodeOut(enc []byte) error {
	if len(enc) == 0 {
		return nil
	}
	buf := make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
	n, err := base64.StdEncoding.Decode(buf, enc)
	if err != nil {
		return fmt.Errorf("%w: %v", errBase64, err)
	}
	if d.written+int64(n) > d.maxOut {
		return ErrResponseTooLarge
	}
	m, err := d.w.Write(buf[:n])
	d.written += int64(m)
	if err != nil {
		return &writeError{err}
	}
	return nil
}

// writeError is a failure of the caller's writer, reported as is.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// str returns the member at path as a string (JSON strings unquoted, numbers and booleans as written), "" when
// absent or null.
func (d *streamDecoder) str(path string) string { return rawString(d.fields[path]) }

func rawString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// gatewayCode extracts the gateway's own code and message from a small JSON body (the shapes of spec lgsp.md
// §2.1–2.3), "" when the body is not such JSON.
func gatewayCode(body []byte) (code, msg string) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return "", ""
	}
	for _, k := range []string{"ErrorCode", "errorCode", "error_code", "code"} {
		if v := rawString(m[k]); v != "" {
			code = v
			break
		}
	}
	for _, k := range []string{"ErrorDesc", "errorDesc", "message", "error_description", "error"} {
		if v := rawString(m[k]); v != "" {
			msg = v
			break
		}
	}
	return code, msg
}
