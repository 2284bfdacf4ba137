package agencycode

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		in     string
		form   Form
		level  int
		parent string
	}{
		{"000.00.00.G22", FormQCVN102, 1, ""},
		{"000.00.00.H53", FormQCVN102, 1, ""},
		{"000.00.31.H53", FormQCVN102, 2, "000.00.00.H53"},
		{"000.21.31.H53", FormQCVN102, 3, "000.00.31.H53"},
		{"000.01.01.H53", FormQCVN102, 3, "000.00.01.H53"},
		{"001.01.07.H53", FormQCVN102, 4, "000.01.07.H53"},
		{"000.00.00.A00", FormQCVN102, 1, ""},
		// QĐ 20/2020/QĐ-TTg generic form: the level-1 code first, groups developed left to right.
		{"G22", FormQD20, 0, ""},
		{"H53.31.21", FormQD20, 0, ""},
		{"H53.31.21.001", FormQD20, 0, ""}, // four groups starting with a level-1 code: QĐ 20, not QCVN 102
		{"Z01.0312345678", FormQD20, 0, ""},
		{"G22.ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", FormQD20, 0, ""}, // exactly 35 characters
		// Registration numbers of enterprises, co-operatives, household businesses.
		{"0100109106", FormQD20, 0, ""},
		{"0100109106001", FormQD20, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.in, c.String())
			require.Equal(t, tt.form, c.Form())
			require.Equal(t, tt.level, c.Level())
			p, ok := c.Parent()
			require.Equal(t, tt.parent != "", ok)
			require.Equal(t, tt.parent, p.String())
			if ok {
				require.True(t, p.IsAncestorOf(c))
				require.False(t, c.IsAncestorOf(p))
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		in     string
		reason error
		rule   string
		group  int
	}{
		{"", ErrEmpty, "AGC-001", 0},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", ErrTooLong, "AGC-002", 0},
		{"000..00.H53", ErrEmptyGroup, "AGC-003", 2},
		{".000.00.H53", ErrEmptyGroup, "AGC-003", 1},
		{"G22.", ErrEmptyGroup, "AGC-003", 2},
		{"A..B", ErrEmptyGroup, "AGC-003", 2},
		{"000.00.00.h53", ErrCharacter, "AGC-004", 4},
		{"g22", ErrCharacter, "AGC-004", 1},
		{"000-00-00-H53", ErrCharacter, "AGC-004", 1},
		{"Sở TT", ErrCharacter, "AGC-004", 1},
		{"00.00.00.H53", ErrGroupWidth, "AGC-005", 1},
		{"000.000.00.H53", ErrGroupWidth, "AGC-005", 2},
		{"000.00.0.H53", ErrGroupWidth, "AGC-005", 3},
		{"0A0.00.00.H53", ErrDigits, "AGC-006", 1},
		{"000.00.X1.H53", ErrDigits, "AGC-006", 3},
		{"000.21.00.H53", ErrHierarchy, "AGC-007", 2},
		{"001.00.00.H53", ErrHierarchy, "AGC-007", 1},
		{"001.00.05.H53", ErrHierarchy, "AGC-007", 1},
		{"001.02.00.H53", ErrHierarchy, "AGC-007", 2},
		// Typos that the generic form used to accept (issue 9).
		{"000.00.00.G2", ErrGroupWidth, "AGC-005", 4},
		{"000.00.00.G222", ErrGroupWidth, "AGC-005", 4},
		{"000.00.00.22G", ErrLevel1, "AGC-008", 4},
		{"000.00.00.123", ErrLevel1, "AGC-008", 4},
		{"000.00.00.H53.01", ErrLevel1, "AGC-008", 1}, // five groups: neither form
		{"53.31.21", ErrLevel1, "AGC-008", 1},
		{"G2.31", ErrLevel1, "AGC-008", 1},
		{"X", ErrForm, "AGC-009", 0},
		{"1", ErrForm, "AGC-009", 0},
		{"G2", ErrForm, "AGC-009", 0},
		{"G222", ErrForm, "AGC-009", 0},
		{"H53X", ErrForm, "AGC-009", 0},
		{"010010910", ErrForm, "AGC-009", 0}, // 9 digits: not a registration number
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678", ErrForm, "AGC-009", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			require.Error(t, err)
			require.ErrorIs(t, err, tt.reason)
			var e *Error
			require.True(t, errors.As(err, &e))
			require.Equal(t, tt.group, e.Group)
			d := e.Diagnostic()
			require.Equal(t, tt.rule, d.Code)
			require.NotEmpty(t, d.Message)
			require.NotEmpty(t, d.MessageVI)
			require.NotEqual(t, d.Message, d.MessageVI)
			require.Contains(t, err.Error(), "agencycode: ")
		})
	}
}

func TestEveryRuleHasBothLanguages(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		require.False(t, seen[r.Code], "duplicate code %s", r.Code)
		seen[r.Code] = true
		require.NotEmpty(t, r.Summary)
		require.NotEmpty(t, r.Message)
		require.NotEmpty(t, r.MessageVI)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, out string
		changed bool
	}{
		{"000.00.00.H53", "000.00.00.H53", false},
		{"000.00.00.h53", "000.00.00.H53", true},
		{" 000.00.00.H53\t", "000.00.00.H53", true},
		{"g22", "G22", true},
		{"", "", false},
	}
	for _, tt := range tests {
		got, changed := Normalize(tt.in)
		require.Equal(t, tt.out, got)
		require.Equal(t, tt.changed, changed)
	}
}

func TestHierarchy(t *testing.T) {
	root := MustParse("000.00.00.H53")
	dist := MustParse("000.00.31.H53")
	commune := MustParse("000.21.31.H53")
	unit4 := MustParse("001.21.31.H53")
	other := MustParse("000.00.32.H53")
	require.True(t, root.IsAncestorOf(dist))
	require.True(t, root.IsAncestorOf(commune))
	require.True(t, dist.IsAncestorOf(commune))
	require.True(t, commune.IsAncestorOf(unit4))
	require.True(t, dist.IsAncestorOf(unit4))
	require.False(t, other.IsAncestorOf(commune))
	require.False(t, root.IsAncestorOf(root))
	require.False(t, root.IsAncestorOf(MustParse("000.00.31.H54")))
	require.False(t, MustParse("G22").IsAncestorOf(root))
	r, ok := unit4.Root()
	require.True(t, ok)
	require.Equal(t, root, r)
	_, ok = MustParse("G22").Root()
	require.False(t, ok)
	require.Equal(t, "H53", commune.Group(1))
	require.Equal(t, "31", commune.Group(2))
	require.Equal(t, "21", commune.Group(3))
	require.Equal(t, "000", commune.Group(4))
	require.Equal(t, "", commune.Group(5))
	require.Equal(t, "", MustParse("G22").Group(1))
}

func TestTextMarshalling(t *testing.T) {
	c := MustParse("000.21.31.H53")
	b, err := c.MarshalText()
	require.NoError(t, err)
	var d Code
	require.NoError(t, d.UnmarshalText(b))
	require.Equal(t, c, d)
	require.NoError(t, d.UnmarshalText(nil))
	require.True(t, d.IsZero())
	require.Error(t, d.UnmarshalText([]byte("000.21.00.H53")))
	require.Equal(t, `agencycode.MustParse("000.21.31.H53")`, c.GoString())
	require.Panics(t, func() { MustParse("x") })
}

func TestParseAllocatesNothing(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := Parse("000.21.31.H53"); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"000.00.00.G22", "000.21.31.H53", "000.21.00.H53", "00.00.00.H53", "000.00.00.h53",
		"000..00.H53", "G22", "Z01.0312345678", "", ".", "Ạ.B", "000.00.00.H5\x00", "000.00.00.G2", "X", "1",
		"H53.31.21.001", "0100109106", "000.00.00.H53.01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fast, ok := parseLegacyFast(s); ok {
			slow, err := parseLegacy(s)
			if err != nil || slow != fast {
				t.Fatalf("fast path accepted %q as %#v, slow path says %#v, %v", s, fast, slow, err)
			}
		}
		c, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not *Error", err)
			}
			d := e.Diagnostic()
			if d.Code == "" || d.Message == "" || d.MessageVI == "" {
				t.Fatalf("incomplete diagnostic %+v", d)
			}
			return
		}
		if c.Form() == FormQD20 {
			first, _, dotted := strings.Cut(s, ".")
			if !isLevel1(first) && (dotted || !isRegistrationNumber(s)) {
				t.Fatalf("generic code %q accepted without a level-1 code or a registration number", s)
			}
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		if p, ok := c.Parent(); ok {
			if _, err := Parse(p.String()); err != nil {
				t.Fatalf("parent %q of %q invalid: %v", p, s, err)
			}
			if !p.IsAncestorOf(c) {
				t.Fatalf("parent %q is not an ancestor of %q", p, s)
			}
		}
	})
}

// legacyPattern is the regular expression a vendor would write for the same check Parse does on a legacy code
// (widths, digits, letter), without the hierarchy rule, which a regexp cannot express simply.
var legacyPattern = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)

func BenchmarkParseLegacy(b *testing.B) {
	b.Run("egov", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse("000.21.31.H53"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("regexp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !legacyPattern.MatchString("000.21.31.H53") {
				b.Fatal("no match")
			}
		}
	})
}
