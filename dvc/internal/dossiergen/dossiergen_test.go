package dossiergen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, Write(&a, 100, 7))
	require.NoError(t, Write(&b, 100, 7))
	require.Equal(t, a.String(), b.String(), "reproducible from the seed")
	lines := strings.Split(strings.TrimSuffix(a.String(), "\n"), "\n")
	require.Len(t, lines, 101)
	require.Equal(t, strings.TrimSuffix(Header, "\n"), lines[0])
	for _, l := range lines[1:] {
		require.Len(t, strings.Split(l, ","), 9, l)
	}
}
