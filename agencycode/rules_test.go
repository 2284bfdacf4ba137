package agencycode

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRulesReadOnly: every rule has both languages with the same verbs, Rules returns a copy and LookupRule
// finds every code.
func TestRulesReadOnly(t *testing.T) {
	rules := Rules()
	require.NotEmpty(t, rules)
	for _, r := range rules {
		require.NoError(t, r.Check())
		got, ok := LookupRule(r.Code)
		require.True(t, ok, r.Code)
		require.Equal(t, r, got)
	}
	rules[0].Severity, rules[0].Message = 2, "changed"
	again, _ := LookupRule(Rules()[0].Code)
	require.NotEqual(t, "changed", again.Message)
	_, ok := LookupRule("AGC-999")
	require.False(t, ok)
}

// TestDefaultRegistryCopies: the embedded list is parsed once, and a caller extending its copy does not change
// the registry another caller gets.
func TestDefaultRegistryCopies(t *testing.T) {
	a, b := DefaultRegistry(), DefaultRegistry()
	require.NotSame(t, a, b)
	n := b.Len()
	require.NoError(t, a.Add(Entry{Code: MustParse("000.00.00.H99"), Name: "Thử nghiệm"}))
	require.Equal(t, n+1, a.Len())
	require.Equal(t, n, DefaultRegistry().Len())
}
