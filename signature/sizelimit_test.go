package signature

import (
	"bytes"
	"context"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// TestSizeLimitEveryEntryPoint checks that an input over MaxSize is refused with ErrTooLarge from every entry
// point and every reading path (known length, unknown length, one byte at a time, past the look-ahead), and
// that an input of exactly MaxSize bytes is not.
func TestSizeLimitEveryEntryPoint(t *testing.T) {
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	size := int64(len(signed))
	readers := map[string]func([]byte) io.Reader{
		"bytes.Reader":  func(b []byte) io.Reader { return bytes.NewReader(b) },
		"unknown size":  func(b []byte) io.Reader { return struct{ io.Reader }{bytes.NewReader(b)} },
		"one byte":      func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
		"half of reads": func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	}
	entries := map[string]func(io.Reader, VerifyOptions) error{
		"Verify": func(r io.Reader, o VerifyOptions) error {
			_, err := Verify(context.Background(), r, o)
			return err
		},
		"VerifyXML": func(r io.Reader, o VerifyOptions) error {
			_, err := VerifyXML(context.Background(), r, o)
			return err
		},
	}
	for en, entry := range entries {
		for rn, reader := range readers {
			for _, lookahead := range []int{0, 512} { // 512: the digest pass reads past the look-ahead
				o := env.opts
				o.XMLLookahead = lookahead
				o.MaxSize = size - 1
				err := entry(reader(signed), o)
				require.ErrorIs(t, err, ErrTooLarge, "%s, %s, look-ahead %d: one byte over", en, rn, lookahead)
				o.MaxSize = 100
				require.ErrorIs(t, entry(reader(signed), o), ErrTooLarge, "%s, %s: far over", en, rn)
				o.MaxSize = size
				require.NoError(t, entry(reader(signed), o), "%s, %s: exactly MaxSize", en, rn)
			}
		}
	}
	// CMS through Verify.
	_, err := Verify(context.Background(), bytes.NewReader(append([]byte{0x30, 0x80}, make([]byte, 200)...)), VerifyOptions{MaxSize: 100})
	require.ErrorIs(t, err, ErrTooLarge)
	// Signing.
	var out bytes.Buffer
	err = SignXMLEnveloped(context.Background(), &out, bytes.NewReader(signed), env.pki.Valid.Key, env.pki.Valid.Chain, XMLSignOptions{MaxSize: 100})
	require.ErrorIs(t, err, ErrTooLarge)
}
