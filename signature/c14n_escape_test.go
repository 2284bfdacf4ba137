package signature

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEscapesMatchDefinition compares the canonicaliser's escaping of text and attribute values with C14N
// 1.0 §2.3 written out as replacements, on random strings short and long (longer than the output buffer, so
// that the flushes in between are exercised).
func TestEscapesMatchDefinition(t *testing.T) {
	textRule := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
	attrRule := strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\t", "&#x9;", "\n", "&#xA;", "\r", "&#xD;")
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "Z", " ", "&", "<", ">", `"`, "'", "\t", "\n", "\r", "ệ", "]]"}
	for n := range 400 {
		var b strings.Builder
		for range rng.IntN(1 + n*n/16) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		in := b.String()
		var out bytes.Buffer
		c := newCanonicalizer(c14nMethod{}, &out, nil, nil)
		c.text([]byte(in), false)
		require.NoError(t, c.release())
		require.Equal(t, textRule.Replace(in), out.String(), "text %q", in)
		require.Equal(t, attrRule.Replace(in), string(appendEscapedAttr(nil, in)), "attribute %q", in)
		if !strings.ContainsAny(in, "&<\r") {
			out.Reset()
			c := newCanonicalizer(c14nMethod{}, &out, nil, nil)
			c.text([]byte(in), true)
			require.NoError(t, c.release())
			require.Equal(t, textRule.Replace(in), out.String(), "plain text %q", in)
		}
	}
}
