package reporting

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		integer bool
		want    Number
		ok      bool
	}{
		{"3.693.639", true, Number{Value: 3693639, Style: StyleVietnamese}, true},
		{"50,93%", false, Number{Value: 50.93, Decimals: 2, Percent: true, Style: StyleVietnamese}, true},
		{"3,75 %", false, Number{Value: 3.75, Decimals: 2, Percent: true, Style: StyleVietnamese}, true},
		{"22.638.000.000", true, Number{Value: 22638000000, Style: StyleVietnamese}, true},
		{"2.500.000,000", true, Number{Value: 2500000000, Style: StyleVietnamese, Issue: IssueMixed}, true},
		{"2.500,5", true, Number{Value: 2500.5, Decimals: 1, Style: StyleVietnamese, Issue: IssueMixed}, true},
		{"1.234,5", false, Number{Value: 1234.5, Decimals: 1, Style: StyleVietnamese}, true},
		{"3,222", true, Number{Value: 3222, Style: StyleEnglish, Issue: IssueEnglish}, true},
		{"3,222", false, Number{Value: 3.222, Decimals: 3, Style: StyleVietnamese}, true},
		{"3,693,639", true, Number{Value: 3693639, Style: StyleEnglish, Issue: IssueEnglish}, true},
		{"1,234.5", false, Number{Value: 1234.5, Decimals: 1, Style: StyleEnglish, Issue: IssueEnglish}, true},
		{"3.128", true, Number{Value: 3128, Style: StyleVietnamese}, true},
		{"1.234", false, Number{Value: 1.234, Decimals: 3, Style: StylePlain, Issue: IssueAmbiguous}, true},
		{"50.93", false, Number{Value: 50.93, Decimals: 2, Style: StylePlain}, true},
		{"3.5", true, Number{Value: 3.5, Decimals: 1, Style: StylePlain}, true},
		{"3128", true, Number{Value: 3128}, true},
		{"-12", true, Number{Value: -12}, true},
		{"08", true, Number{Value: 8}, true},
		{"1 234 567", true, Number{Value: 1234567}, true},
		{"1\u00a0234", true, Number{Value: 1234}, true},
		{"", true, Number{}, false},
		{"abc", true, Number{}, false},
		{"12a", true, Number{}, false},
		{"1.23.4", true, Number{}, false},
		{"1,234.567,8", false, Number{}, false},
		{"1.234,5.6", false, Number{}, false},
		{".5", false, Number{}, false},
		{"5.", false, Number{}, false},
		{"%", false, Number{}, false},
		{"1,2,3", true, Number{}, false},
		{"1..2", true, Number{}, false},
		{strings.Repeat("9", MaxNumberLen+1), true, Number{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseNumber(tt.in, tt.integer)
			require.Equal(t, tt.ok, ok)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseNumber(%q, %v) mismatch (-want +got):\n%s", tt.in, tt.integer, diff)
			}
		})
	}
}

func TestFormatVietnamese(t *testing.T) {
	require.Equal(t, "3.693.639", FormatVietnamese(3693639, 0))
	require.Equal(t, "50,93", FormatVietnamese(50.93, 2))
	require.Equal(t, "-1.234,5", FormatVietnamese(-1234.5, 1))
	require.Equal(t, "0", FormatVietnamese(0, 0))
}

// FuzzParseNumber checks that the parser never panics, that what it accepts is finite, and that a Vietnamese
// rendering of an accepted whole number reads back to the same value.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"3.693.639", "50,93%", "2.500.000,000", "3,222", "1,234.5", "1.234", "-0", "", "1e5", "１２"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, integer bool) {
		n, ok := ParseNumber(s, integer)
		if !ok {
			return
		}
		if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, n.Value)
		}
		if n.Decimals == 0 && math.Abs(n.Value) < 1e15 {
			back, ok := ParseNumber(FormatVietnamese(n.Value, 0), true)
			if !ok || back.Value != n.Value {
				t.Fatalf("round trip of %q: %v → %q → %v, %v", s, n.Value, FormatVietnamese(n.Value, 0), back.Value, ok)
			}
		}
	})
}
