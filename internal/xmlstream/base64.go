package xmlstream

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strconv"
)

// Base64Decoder decodes base64 character data (RFC 4648 §4, the XML Schema base64Binary lexical form) as it
// streams in chunks: white space anywhere is skipped, padding ends the data. It is the one decoder of the
// module: edXML attachments, the XML-DSig base64 transform and base64 element values all use it.
type Base64Decoder struct {
	in     []byte // significant characters not decoded yet
	out    []byte
	padded bool  // a decoded quantum ended with '=' padding
	n      int64 // bytes decoded
}

// Base64Error describes base64 data that does not decode.
type Base64Error struct {
	// Near holds up to 20 characters from the first that does not decode; empty for AfterPadding and LeftOver.
	Near []byte
	// AfterPadding is set when data follows '=' padding.
	AfterPadding bool
	// LeftOver is the count of characters left at the end that do not make a 4-character group.
	LeftOver int
}

func (e *Base64Error) Error() string {
	switch {
	case e.AfterPadding:
		return "data after '=' padding"
	case e.LeftOver > 0:
		return "truncated: " + strconv.Itoa(e.LeftOver) + " characters left over"
	}
	return "unexpected " + strconv.Quote(string(e.Near))
}

// Decoded returns the number of bytes decoded so far.
func (d *Base64Decoder) Decoded() int64 { return d.n }

// Write adds a chunk of character data and returns the bytes it completes, valid until the next call.
func (d *Base64Decoder) Write(p []byte) ([]byte, error) {
	d.appendLines(p)
	n := len(d.in) &^ 3
	if n == 0 {
		return nil, nil
	}
	return d.decode(n)
}

// Close decodes what is left and reports characters that do not make a complete group.
func (d *Base64Decoder) Close() ([]byte, error) {
	d.compact()
	if n := len(d.in) &^ 3; n > 0 {
		out, err := d.decode(n)
		if err != nil || len(d.in) == 0 {
			return out, err
		}
	}
	if len(d.in) == 0 {
		return nil, nil
	}
	for _, c := range d.in {
		if !isBase64Char(c) {
			return nil, &Base64Error{Near: nearChars(d.in, bytes.IndexFunc(d.in, func(r rune) bool { return r > 0x7f || !isBase64Char(byte(r)) }))}
		}
	}
	return nil, &Base64Error{LeftOver: len(d.in)}
}

func (d *Base64Decoder) decode(n int) ([]byte, error) {
	if d.padded {
		return nil, &Base64Error{AfterPadding: true}
	}
	if cap(d.out) < n/4*3 {
		d.out = make([]byte, n/4*3)
	}
	m, err := base64.StdEncoding.Decode(d.out[:cap(d.out)], d.in[:n])
	if err != nil && d.compact() {
		// White space other than line ends (rare): removed, then decoded again.
		if n = len(d.in) &^ 3; n == 0 {
			return nil, nil
		}
		m, err = base64.StdEncoding.Decode(d.out[:cap(d.out)], d.in[:n])
	}
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) && int(ce) < n {
			return nil, &Base64Error{Near: nearChars(d.in[:n], int(ce))}
		}
		return nil, &Base64Error{Near: nearChars(d.in[:n], 0)}
	}
	d.padded = d.in[n-1] == '='
	d.in = d.in[:copy(d.in, d.in[n:])]
	d.n += int64(m)
	return d.out[:m], nil
}

func nearChars(b []byte, i int) []byte {
	if i < 0 {
		i = 0
	}
	return append([]byte(nil), b[i:min(i+20, len(b))]...)
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// appendLines appends p to in without its line ends (base64 comes in lines of 76 characters).
func (d *Base64Decoder) appendLines(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			d.in = append(d.in, p...)
			return
		}
		line := p[:i]
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		d.in = append(d.in, line...)
		p = p[i+1:]
	}
}

// compact removes other white space from in; it reports whether there was any.
func (d *Base64Decoder) compact() bool {
	out := d.in[:0]
	for _, c := range d.in {
		if !isSpace(c) {
			out = append(out, c)
		}
	}
	removed := len(out) < len(d.in)
	d.in = out
	return removed
}

// DecodeBase64 decodes a whole base64 value with white space anywhere; an empty value is an error.
func DecodeBase64(s string) ([]byte, error) {
	spaces := 0
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			spaces++
		}
	}
	if spaces == 0 && len(s)%4 == 0 && len(s) > 0 {
		if out, err := base64.StdEncoding.DecodeString(s); err == nil {
			return out, nil
		}
	}
	in := make([]byte, 0, len(s)-spaces)
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isSpace(c) {
			in = append(in, c)
		}
	}
	if len(in) == 0 {
		return nil, errors.New("empty base64 value")
	}
	if len(in)%4 != 0 {
		for i, c := range in {
			if !isBase64Char(c) {
				return nil, &Base64Error{Near: nearChars(in, i)}
			}
		}
		return nil, &Base64Error{LeftOver: len(in) % 4}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(in)))
	n, err := base64.StdEncoding.Decode(out, in)
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) && int(ce) < len(in) {
			return nil, &Base64Error{Near: nearChars(in, int(ce))}
		}
		return nil, &Base64Error{Near: nearChars(in, 0)}
	}
	return out[:n], nil
}
