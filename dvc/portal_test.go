package dvc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPortalTime(t *testing.T) {
	got, err := ParsePortalTime("20260225100000")
	require.NoError(t, err)
	require.True(t, at(2026, 2, 25, 10, 0).Equal(got))
	require.Equal(t, "20260225100000", FormatPortalTime(time.Date(2026, 2, 25, 3, 0, 0, 0, time.UTC)))
	for _, bad := range []string{"", "2026022510000", "202602251000000", "2026022510000x", "20260230100000",
		"20261301100000", "20260225250000", "+0260225100000"} {
		_, err := ParsePortalTime(bad)
		require.Error(t, err, bad)
	}
	for n := 1; n <= 10; n++ {
		s, err := ParseStatus(n)
		require.NoError(t, err)
		require.Equal(t, n, int(s))
	}
	for _, n := range []int{0, 11, -1} {
		_, err := ParseStatus(n)
		require.Error(t, err)
	}
}

func FuzzParsePortalTime(f *testing.F) {
	for _, s := range []string{"20260225100000", "20240229235959", "00000000000000", "2026022510000x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePortalTime(s)
		if err != nil {
			return
		}
		if FormatPortalTime(got) != s {
			t.Fatalf("round trip %q → %q", s, FormatPortalTime(got))
		}
	})
}
