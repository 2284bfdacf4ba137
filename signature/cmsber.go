package signature

import (
	"errors"
)

// BER input (X.690 §8): streaming producers (openssl cms -stream, Java and .NET signers, many PDF tools)
// write the outer layers of a SignedData with indefinite lengths and split the content in a constructed
// OCTET STRING. The signed attributes and certificates inside are DER, as RFC 5652 §5.4 requires. berToDER
// rewrites lengths only, so those DER parts keep their exact bytes and their signatures still verify.

// berMaxDepth bounds the nesting followed by berToDER.
const berMaxDepth = 64

var errBER = errors.New("malformed BER")

// berToDER re-encodes a BER element with definite, minimal lengths. Constructed strings stay constructed
// (the CMS parser joins the segments of eContent). Trailing bytes after the element are an error.
func berToDER(in []byte) ([]byte, error) {
	out := make([]byte, 0, len(in))
	out, rest, err := berElement(in, out, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, errBER
	}
	return out, nil
}

// berElement converts one element of in, appending it to out; it returns what follows the element.
func berElement(in, out []byte, depth int) ([]byte, []byte, error) {
	if depth > berMaxDepth {
		return nil, nil, errBER
	}
	tagLen, err := berTagLen(in)
	if err != nil {
		return nil, nil, err
	}
	tag := in[:tagLen]
	constructed := in[0]&0x20 != 0
	in = in[tagLen:]
	if len(in) == 0 {
		return nil, nil, errBER
	}
	if in[0] == 0x80 { // indefinite length: constructed only, children up to the end-of-contents octets
		if !constructed {
			return nil, nil, errBER
		}
		in = in[1:]
		var body []byte
		for {
			if len(in) >= 2 && in[0] == 0 && in[1] == 0 {
				in = in[2:]
				break
			}
			if len(in) == 0 {
				return nil, nil, errBER
			}
			body, in, err = berElement(in, body, depth+1)
			if err != nil {
				return nil, nil, err
			}
		}
		return appendTLV(out, tag, body), in, nil
	}
	n, lenLen, err := berLength(in)
	if err != nil {
		return nil, nil, err
	}
	in = in[lenLen:]
	if n > uint64(len(in)) {
		return nil, nil, errBER
	}
	content, rest := in[:n], in[n:]
	if !constructed {
		return appendTLV(out, tag, content), rest, nil
	}
	var body []byte
	for len(content) > 0 {
		body, content, err = berElement(content, body, depth+1)
		if err != nil {
			return nil, nil, err
		}
	}
	return appendTLV(out, tag, body), rest, nil
}

// berTagLen returns the length of the identifier octets (high tag numbers use several).
func berTagLen(in []byte) (int, error) {
	if len(in) == 0 {
		return 0, errBER
	}
	if in[0]&0x1f != 0x1f {
		return 1, nil
	}
	for i := 1; i < len(in) && i < 6; i++ {
		if in[i]&0x80 == 0 {
			return i + 1, nil
		}
	}
	return 0, errBER
}

// berLength decodes a definite length; it returns the length and the number of length octets.
func berLength(in []byte) (uint64, int, error) {
	if in[0]&0x80 == 0 {
		return uint64(in[0]), 1, nil
	}
	k := int(in[0] & 0x7f)
	if k == 0 || k > 4 || len(in) < 1+k { // 4 octets: 4 GiB, beyond any MaxSize
		return 0, 0, errBER
	}
	var n uint64
	for _, b := range in[1 : 1+k] {
		n = n<<8 | uint64(b)
	}
	return n, 1 + k, nil
}

// appendTLV appends tag, the minimal DER length of body and body.
func appendTLV(out, tag, body []byte) []byte {
	out = append(out, tag...)
	n := len(body)
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	default:
		var buf [8]byte
		i := len(buf)
		for v := n; v > 0; v >>= 8 {
			i--
			buf[i] = byte(v)
		}
		out = append(out, 0x80|byte(len(buf)-i))
		out = append(out, buf[i:]...)
	}
	return append(out, body...)
}
