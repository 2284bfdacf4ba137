package xmlstream

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func wrapLines(s string, width int, sep string) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + sep)
		s = s[width:]
	}
	b.WriteString(s)
	return b.String()
}

func TestBase64DecoderChunks(t *testing.T) {
	payload := make([]byte, 100_000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range payload {
		payload[i] = byte(rng.Uint32())
	}
	enc := base64.StdEncoding.EncodeToString(payload)
	forms := map[string]string{
		"one line": enc,
		"76 LF":    wrapLines(enc, 76, "\n"),
		"64 CRLF":  wrapLines(enc, 64, "\r\n"),
		"indented": wrapLines(enc, 76, "\n      "),
		"tabs":     wrapLines(enc, 3, " \t"),
		"trailing": enc + "  \t \r\n ",
	}
	for name, in := range forms {
		t.Run(name, func(t *testing.T) {
			var d Base64Decoder
			var out bytes.Buffer
			for rest := in; len(rest) > 0; {
				n := min(len(rest), 1+rng.IntN(5000))
				got, err := d.Write([]byte(rest[:n]))
				require.NoError(t, err)
				out.Write(got)
				rest = rest[n:]
			}
			_, err := d.Close()
			require.NoError(t, err)
			require.Equal(t, payload, out.Bytes())
			require.Equal(t, int64(len(payload)), d.Decoded())
		})
	}
}

func TestBase64DecoderErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Base64Error
	}{
		{"bad character", "QUJD[x]QUJD", Base64Error{Near: []byte("[x]Q")}},
		{"after padding", "QQ==QUJD", Base64Error{Near: []byte("QUJD")}},
		{"after padding across chunks", "QQ==\nQUJD", Base64Error{Near: []byte("QUJD")}},
		{"left over", "QUJDR", Base64Error{LeftOver: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d Base64Decoder
			var err error
			for _, part := range strings.SplitAfter(tc.in, "\n") {
				if _, err = d.Write([]byte(part)); err != nil {
					break
				}
			}
			if err == nil {
				_, err = d.Close()
			}
			var be *Base64Error
			require.ErrorAs(t, err, &be)
			if tc.name == "after padding across chunks" {
				require.True(t, be.AfterPadding || len(be.Near) > 0)
				return
			}
			require.Equal(t, tc.want, *be)
		})
	}
	_, err := DecodeBase64(" \n")
	require.Error(t, err)
	v, err := DecodeBase64(" QU\nJD ")
	require.NoError(t, err)
	require.Equal(t, "ABC", string(v))
}
