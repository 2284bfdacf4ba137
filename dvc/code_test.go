package dvc

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode"
)

func TestDossierCodeTT01(t *testing.T) {
	ag := agencycode.MustParse("000.21.31.H53")
	c, err := NewDossierCodeTT01(ag, at(2026, 2, 13, 10, 0), 17)
	require.NoError(t, err)
	require.Equal(t, "000.21.31.H53-260213-0017", c.String())
	p, err := ParseDossierCode(c.String())
	require.NoError(t, err)
	require.Equal(t, c, p)
	require.Equal(t, FormTT01, p.Form)
	require.Equal(t, 1, agencycode.MustParse("000.00.00.H53").Level())
	require.Equal(t, 3, p.Agency.Level())

	// Midnight in Vietnam is the previous day in UTC: the date is the Vietnamese civil date.
	c, err = NewDossierCodeTT01(ag, at(2026, 3, 1, 0, 30).UTC(), 1)
	require.NoError(t, err)
	require.Equal(t, "000.21.31.H53-260301-0001", c.String())

	for _, n := range []int{0, 10000, -1} {
		_, err = NewDossierCodeTT01(ag, at(2026, 3, 1, 9, 0), n)
		require.ErrorIs(t, err, ErrCodeSerial)
	}
	_, err = NewDossierCodeTT01(agencycode.Code{}, at(2026, 3, 1, 9, 0), 1)
	require.ErrorIs(t, err, ErrCodeAgency)
	_, err = NewDossierCodeTT01(ag, at(2100, 3, 1, 9, 0), 1)
	require.ErrorIs(t, err, ErrCodeDate)
}

func TestDossierCodeTT04(t *testing.T) {
	ag := agencycode.MustParse("H56.123.45")
	c, err := NewDossierCodeTT04(ag, "01", at(2026, 1, 25, 8, 0), 42)
	require.NoError(t, err)
	require.Equal(t, "H56.123.45-260125-010042", c.String())
	c, err = NewDossierCodeTT04(ag, "01", at(2026, 1, 25, 8, 0), 1234567)
	require.NoError(t, err)
	require.Equal(t, "H56.123.45-260125-011234567", c.String(), "the counter grows past four digits")
	p, err := ParseDossierCode(c.String())
	require.NoError(t, err)
	require.Equal(t, c, p)
	require.Equal(t, FormTT04, p.Form)
	require.Equal(t, "01", p.Operator)

	_, err = NewDossierCodeTT04(agencycode.MustParse("000.21.31.H53"), "01", at(2026, 1, 25, 8, 0), 1)
	require.ErrorIs(t, err, ErrCodeAgency)
	_, err = NewDossierCodeTT04(ag, "1A", at(2026, 1, 25, 8, 0), 1)
	require.ErrorIs(t, err, ErrCodeSerial)
	_, err = NewDossierCodeTT04(ag, "01", at(2026, 1, 25, 8, 0), 0)
	require.ErrorIs(t, err, ErrCodeSerial)
	_, err = NewDossierCodeTT04(ag, "01", at(2026, 1, 25, 8, 0), 1_000_000_000_000)
	require.ErrorIs(t, err, ErrCodeSerial)
}

func TestParseDossierCodeErrors(t *testing.T) {
	cases := []struct {
		in     string
		reason error
	}{
		{"", ErrCodeShape},
		{"000.21.31.H53", ErrCodeShape},
		{"000.21.31.H53-260213", ErrCodeShape},
		{"000.21.31.H53-260213-0001-1", ErrCodeShape},
		{"000.21.31.h53-260213-0001", ErrCodeAgency},
		{"000.21.3.H53-260213-0001", ErrCodeAgency},
		{"-260213-0001", ErrCodeAgency},
		{"000.21.31.H53-260230-0001", ErrCodeDate},
		{"000.21.31.H53-261301-0001", ErrCodeDate},
		{"000.21.31.H53-26021-0001", ErrCodeDate},
		{"000.21.31.H53-2602AB-0001", ErrCodeDate},
		{"000.21.31.H53-260213-001", ErrCodeSerial},
		{"000.21.31.H53-260213-00001", ErrCodeSerial},
		{"000.21.31.H53-260213-0000", ErrCodeSerial},
		{"000.21.31.H53-260213-00A1", ErrCodeSerial},
		{"H56.123.45-260125-01001", ErrCodeSerial},
		{"H56.123.45-260125-AB0001", ErrCodeSerial},
		{"H56.123.45-260125-010000000000001", ErrCodeSerial},
		{"H56.123.45-260125-01000000", ErrCodeSerial},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := ParseDossierCode(tc.in)
			require.ErrorIs(t, err, tc.reason)
			var ce *CodeError
			require.True(t, errors.As(err, &ce))
			require.Equal(t, tc.in, ce.Input)
		})
	}
	_, err := ParseDossierCode("000.21.31.h53-260213-0001")
	var ae *agencycode.Error
	require.True(t, errors.As(err, &ae), "the agencycode error is reachable")
}

func TestProcedureCode(t *testing.T) {
	for _, tc := range []struct{ in, national, local string }{
		{"1.003560", "1.003560", ""},
		{"2.000477", "2.000477", ""},
		{"1.003560.000.00.00.H56", "1.003560", "000.00.00.H56"},
		{"2.002621.H56", "2.002621", "H56"},
	} {
		p, err := ParseProcedureCode(tc.in)
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.national, p.National)
		require.Equal(t, tc.local, p.Local.String())
		require.Equal(t, tc.in, p.String())
		b, _ := p.MarshalText()
		require.Equal(t, tc.in, string(b))
	}
	for _, tc := range []struct {
		in     string
		reason error
	}{
		{"", ErrCodeShape}, {"1.00356", ErrCodeShape}, {"1,003560", ErrCodeShape}, {"A.003560", ErrCodeShape},
		{"1.00356A", ErrCodeShape}, {"1.003560.", ErrCodeShape}, {"1.003560H56", ErrCodeShape},
		{"1.0035601", ErrCodeShape}, {"1.003560.h56", ErrCodeAgency}, {"1.003560..H56", ErrCodeAgency},
	} {
		_, err := ParseProcedureCode(tc.in)
		require.ErrorIs(t, err, tc.reason, tc.in)
	}
}

func FuzzParseDossierCode(f *testing.F) {
	for _, s := range []string{"000.21.31.H53-260213-0017", "H56.123.45-260125-011234567", "G01-240229-0001",
		"000.21.31.H53-260230-0001", "-", "--", "H56.123.45-260125-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseDossierCode(s)
		if err != nil {
			var ce *CodeError
			if !errors.As(err, &ce) {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		// A parsed code formats back to its input.
		if got := c.String(); got != s {
			t.Fatalf("round trip %q → %q", s, got)
		}
	})
}

func FuzzParseProcedureCode(f *testing.F) {
	for _, s := range []string{"1.003560", "1.003560.000.00.00.H56", "2.002621.H56", "1.003560.", "9.999999.A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProcedureCode(s)
		if err != nil {
			return
		}
		if p.String() != s {
			t.Fatalf("round trip %q → %q", s, p.String())
		}
	})
}
