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
	alphabet := []byte("AZaz09+/=\n\n\n\r\t <&\x00\x01\x1f\x7f\xc3\xa1\xef\xbf\xbe\xff")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		i1, k1, r1 := checkChars(b)
		i2, k2, r2 := checkCharsSlow(b)
		require.Equal(t, []any{i2, k2, r2}, []any{i1, k1, r1}, "%q", b)
	}
}
