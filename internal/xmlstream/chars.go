package xmlstream

import (
	"encoding/binary"
	"unicode/utf8"
)

// checkChars finds the first byte of b that starts something XML 1.0 §2.2 does not allow: a byte sequence that
// is not UTF-8 (ErrInvalidUTF8), a C0 control other than TAB, LF and CR, or U+FFFE/U+FFFF (ErrBadChar). It
// returns -1 when b is clean. Eight ASCII bytes are checked at a time: this runs once over every byte of input.
func checkChars(b []byte) (int, ErrorKind, rune) {
	const hi, lo7 = 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	i := 0
	// Fast path: 32 bytes at a time, as long as they are printable ASCII or line feeds.
	for i+32 <= len(b) {
		w0 := binary.LittleEndian.Uint64(b[i:])
		w1 := binary.LittleEndian.Uint64(b[i+8:])
		w2 := binary.LittleEndian.Uint64(b[i+16:])
		w3 := binary.LittleEndian.Uint64(b[i+24:])
		if (w0|w1|w2|w3)&hi != 0 || badASCII(w0)|badASCII(w1)|badASCII(w2)|badASCII(w3) != 0 {
			break
		}
		i += 32
	}
	for i < len(b) {
		if i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if w&hi == 0 { // eight ASCII bytes: exact per-byte flags, no carry crosses a byte
				ge20 := ((w & lo7) + 0x6060606060606060) & hi
				if ge20 == hi {
					i += 8
					continue
				}
				// Controls, but only line feeds (base64 and indented markup): still clean.
				x := w ^ 0x0a0a0a0a0a0a0a0a
				isLF := ^(((x & lo7) + lo7) | x | lo7)
				if (hi&^ge20)&^isLF == 0 {
					i += 8
					continue
				}
			}
		}
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x80:
			i++
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return i, ErrBadChar, rune(c)
			}
			i++
		default:
			// Vietnamese text is mostly two- and three-byte sequences: check those here, the rest (and
			// every error) with the standard decoder.
			if n := shortRune(b[i:]); n > 0 {
				i += n
				continue
			}
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return i, ErrInvalidUTF8, 0
			}
			if r == 0xFFFE || r == 0xFFFF {
				return i, ErrBadChar, r
			}
			i += n
		}
	}
	return -1, 0, 0
}

// shortRune returns the length of the well-formed two- or three-byte UTF-8 sequence that starts b and is an
// XML character (not U+FFFE or U+FFFF), or 0 when b starts with anything else.
func shortRune(b []byte) int {
	c := b[0]
	switch {
	case c >= 0xC2 && c < 0xE0:
		if len(b) >= 2 && b[1]&0xC0 == 0x80 {
			return 2
		}
	case c >= 0xE0 && c < 0xF0 && len(b) >= 3:
		c1, c2 := b[1], b[2]
		lo, hi := byte(0x80), byte(0xBF)
		switch c {
		case 0xE0:
			lo = 0xA0 // no overlong forms
		case 0xED:
			hi = 0x9F // no surrogates
		case 0xEF:
			if c1 == 0xBF && c2 >= 0xBE {
				return 0 // U+FFFE, U+FFFF
			}
		}
		if c1 >= lo && c1 <= hi && c2&0xC0 == 0x80 {
			return 3
		}
	}
	return 0
}

// badASCII flags the bytes of w, eight ASCII bytes, that are controls other than line feeds: XOR with LF
// turns a line feed into 0, leaves printable bytes at 0x20 or above and other controls in 0x01–0x1F.
func badASCII(w uint64) uint64 {
	const hi, lo7 = 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	y := (w ^ 0x0a0a0a0a0a0a0a0a) & lo7
	return (y + lo7) &^ (y + 0x6060606060606060) & hi
}

// partialRune returns how many bytes at the end of b start a UTF-8 sequence that the next bytes may complete.
func partialRune(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 { // a leading byte: is its sequence longer than what is here?
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if need > k {
				return k
			}
			return 0
		}
	}
	return 0
}

// validXMLChar reports whether a character reference may name r (XML 1.0 §2.2 Char, WFC: Legal Character).
func validXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// isNameByte reports the bytes of names: ASCII name characters and any byte of a multi-byte UTF-8 sequence
// (non-ASCII name characters are not checked against XML 1.0 §2.3's ranges; UTF-8 validity is).
func isNameByte(c byte) bool { return nameByte[c] }

var nameByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 0x80 || c == ':' || c == '_' || c == '-' || c == '.' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	return t
}()
