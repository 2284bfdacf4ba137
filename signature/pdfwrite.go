package signature

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
)

// writePDFObject serialises a direct object (ISO 32000-1 §7.3). Dictionary keys are written sorted, so the
// output is deterministic; strings keep their literal or hexadecimal form.
func writePDFObject(b *bytes.Buffer, v pdfObject) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
	case pdfName:
		writePDFName(b, x)
	case pdfString:
		writePDFString(b, x)
	case pdfRef:
		fmt.Fprintf(b, "%d %d R", x.Num, x.Gen)
	case pdfArray:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(' ')
			}
			if err := writePDFObject(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case pdfDict:
		keys := make([]pdfName, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteString("<<")
		for _, k := range keys {
			writePDFName(b, k)
			b.WriteByte(' ')
			if err := writePDFObject(b, x[k]); err != nil {
				return err
			}
			b.WriteByte('\n')
		}
		b.WriteString(">>")
	default:
		return fmt.Errorf("signature: cannot write PDF object of type %T", v)
	}
	return nil
}

func writePDFName(b *bytes.Buffer, n pdfName) {
	b.WriteByte('/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c <= ' ' || c >= 0x7f || c == '#' || isPDFDelim(c) {
			fmt.Fprintf(b, "#%02X", c)
			continue
		}
		b.WriteByte(c)
	}
}

func writePDFString(b *bytes.Buffer, s pdfString) {
	if s.Hex {
		fmt.Fprintf(b, "<%X>", s.Data)
		return
	}
	b.WriteByte('(')
	for _, c := range s.Data {
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(')')
}

// pdfTextString encodes s as a PDF text string: ASCII as is, anything else as UTF-16BE with a byte order
// mark (Vietnamese names and reasons need it).
func pdfTextString(s string) pdfString {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return pdfString{Data: []byte(s)}
	}
	out := []byte{0xFE, 0xFF}
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return pdfString{Data: out, Hex: true}
}
