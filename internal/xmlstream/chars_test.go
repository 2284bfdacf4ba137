package xmlstream

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// checkCharsSlow is the definition checkChars implements with word-at-a-time tricks.
func checkCharsSlow(b []byte) (int, ErrorKind, rune) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			return i, ErrInvalidUTF8, 0
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			return i, ErrBadChar, r
		}
		i += n
	}
	return -1, 0, 0
}

func TestCheckCharsMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := []byte("AZaz09+/=\n\n\n\r\t <&\x00\x01\x1f\x7f\xc3\xa1\xef\xbf\xbe\xff" +
		"\xc0\xc1\xc2\x80\xe0\x9f\xa0\xed\xe1\xba\xbb\xf0\x90\xf4\x8f\xf5")
	for range 20000 {
		b := make([]byte, rng.IntN(48))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		i1, k1, r1 := checkChars(b)
		i2, k2, r2 := checkCharsSlow(b)
		require.Equal(t, []any{i2, k2, r2}, []any{i1, k1, r1}, "%q", b)
	}
}

// FuzzCheckChars compares checkChars with its definition on arbitrary bytes.
func FuzzCheckChars(f *testing.F) {
	for _, s := range []string{"plain ASCII text, long enough for words", "Nguyễn Văn A, phường Bến Nghé",
		"\xef\xbf\xbe", "\xef\xbf\xbd\xed\xa0\x80\xe0\x80\xaf", "\xc0\xaf\xf0\x9f\x98\x80\xf4\x90\x80\x80", "a\x00b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		i1, k1, r1 := checkChars(b)
		i2, k2, r2 := checkCharsSlow(b)
		if i1 != i2 || k1 != k2 || r1 != r2 {
			t.Fatalf("%q: checkChars (%d %v %U), definition (%d %v %U)", b, i1, k1, r1, i2, k2, r2)
		}
	})
}
