package edoc

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
	_, ok := LookupRule("EDOC-NONE")
	require.False(t, ok)
}
