package diag

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestCatalogue(t *testing.T) {
	c := NewCatalogue(ruleB, ruleA)
	require.Equal(t, 2, c.Len())
	require.Equal(t, []string{"T-001", "T-002"}, c.Codes())
	got, ok := c.Lookup("T-001")
	require.True(t, ok)
	require.Equal(t, ruleA, got)
	_, ok = c.Lookup("T-999")
	require.False(t, ok)

	rules := c.Rules()
	if d := cmp.Diff([]Rule{ruleB, ruleA}, rules); d != "" {
		t.Fatal(d)
	}
	rules[0].Message = "changed"
	again, _ := c.Lookup("T-002")
	require.Equal(t, "looks odd", again.Message, "Rules must return a copy")

	var seen []string
	for r := range c.All() {
		seen = append(seen, r.Code)
		break
	}
	require.Equal(t, []string{"T-002"}, seen)

	var zero Catalogue
	require.Zero(t, zero.Len())
	_, ok = zero.Lookup("T-001")
	require.False(t, ok)
}

func TestNewCataloguePanicsOnMistakes(t *testing.T) {
	tests := []struct {
		name  string
		rules []Rule
	}{
		{"duplicate code", []Rule{ruleA, ruleA}},
		{"no code", []Rule{{Message: "x", MessageVI: "x"}}},
		{"no vietnamese", []Rule{{Code: "T-9", Message: "x"}}},
		{"verb mismatch", []Rule{{Code: "T-9", Message: "%d items", MessageVI: "%s mục"}}},
		{"bad severity", []Rule{{Code: "T-9", Severity: 9, Message: "x", MessageVI: "x"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Panics(t, func() { NewCatalogue(tc.rules...) })
		})
	}
}

func TestCheckTemplates(t *testing.T) {
	tests := []struct {
		en, vi string
		ok     bool
	}{
		{"plain", "thường", true},
		{"value %d of %q", "giá trị %d của %q", true},
		{"%s after %s", "%[2]s trước %[1]s", true},
		{"100%% of %d", "100%% của %d", true},
		{"width %5.2f", "rộng %f", true},
		{"", "rỗng", false},
		{"empty", "  ", false},
		{"%d and %s", "%d", false},
		{"%d", "%s", false},
		{"%[3]s", "%[3]s", false}, // arguments 1 and 2 never formatted
		{"%*d", "%*d", false},
		{"trailing %", "cuối %", false},
		{"%[x]s", "%[1]s", false},
		{"%[1s", "%s", false},
		{"%[1]s %[1]d", "%s", false},
	}
	for _, tc := range tests {
		t.Run(tc.en+"|"+tc.vi, func(t *testing.T) {
			err := CheckTemplates(tc.en, tc.vi)
			if tc.ok {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
		})
	}
}

func FuzzCheckTemplates(f *testing.F) {
	for _, s := range []string{"value %d of %q", "%[2]s %[1]s", "%%", "%[", "%5.2f", "%[99]d"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, en, vi string) {
		if CheckTemplates(en, en) == nil && CheckTemplates(en, vi) == nil {
			require.NoError(t, CheckTemplates(vi, en))
		}
	})
}
