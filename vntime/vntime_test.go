package vntime

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLocation(t *testing.T) {
	require.Same(t, Location(), Location())
	name, off := time.Date(2026, 1, 1, 0, 0, 0, 0, Location()).Zone()
	require.Equal(t, "ICT", name)
	require.Equal(t, 7*3600, off)
	require.Equal(t, "2026-02-16T00:00:00+07:00", Date(2026, 2, 16).Format(time.RFC3339))
	require.Equal(t, Date(2026, 2, 17), Day(time.Date(2026, 2, 16, 17, 0, 0, 0, time.UTC)))
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 of the result, "" for an error
		err  string // part of the error message
	}{
		{in: "2026-02-16", want: "2026-02-16T00:00:00+07:00"},
		{in: " 2026-02-16\n", want: "2026-02-16T00:00:00+07:00"},
		{in: "2026-02-16T08:30", want: "2026-02-16T08:30:00+07:00"},
		{in: "2026-02-16 08:30", want: "2026-02-16T08:30:00+07:00"},
		{in: "2026-02-16T08:30:15", want: "2026-02-16T08:30:15+07:00"},
		{in: "2026-02-16T08:30:15.250", want: "2026-02-16T08:30:15.25+07:00"},
		{in: "2026-02-16T01:30:00Z", want: "2026-02-16T01:30:00Z"},
		{in: "2026-02-16t01:30:00z", want: "2026-02-16T01:30:00Z"},
		{in: "2026-02-16 01:30:00Z", want: "2026-02-16T01:30:00Z"},
		{in: "2026-02-16T08:30:00+07:00", want: "2026-02-16T08:30:00+07:00"},
		{in: "2026-02-15T20:30:00-05:00", want: "2026-02-15T20:30:00-05:00"},
		{in: "2026-02-16T08:30:00.123456789+07:00", want: "2026-02-16T08:30:00.123456789+07:00"},
		{in: "1900-01-01", want: "1900-01-01T00:00:00+07:00"},
		{in: "9999-12-31T23:59:59", want: "9999-12-31T23:59:59+07:00"},
		{in: "2024-02-29", want: "2024-02-29T00:00:00+07:00"},

		{in: "", err: "not a time"},
		{in: "yesterday", err: "not a time"},
		{in: "16/02/2026", err: "does not match"},
		{in: "2026-2-16", err: "not a time"},
		{in: "2026-02-16T8:30", err: "not a time"},
		{in: "2026-13-01", err: "month out of range"},
		{in: "2025-02-29", err: "day out of range"},
		{in: "2026-02-16T24:00", err: "hour out of range"},
		{in: "2026-02-16T23:59:60", err: "second out of range"},
		{in: "2026-02-16T08:30:00+25:00", err: "out of range"},
		{in: "1899-12-31", err: "year 1899 is out of range"},
		{in: "0000-01-01T00:00:00Z", err: "out of range"},
		{in: "1899-12-31T17:00:00Z", want: "1899-12-31T17:00:00Z"}, // 1900-01-01 00:00 in Vietnam
		{in: "1899-12-31T16:59:59Z", err: "year 1899 is out of range"},
		{in: "2026-02-16T08:30:00+07:00 extra", err: "extra text"},
		{in: "2026-02-16T08:30:15junk", err: "extra text"},
		{in: strings.Repeat("2", 100), err: "longer than 64 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				var pe *ParseError
				require.True(t, errors.As(err, &pe))
				require.Zero(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got.Format(time.RFC3339Nano))
		})
	}
}

func TestParseErrorRange(t *testing.T) {
	for in, out := range map[string]bool{"2026-13-01": true, "1800-01-01": true, "bad": false, "2026-02-16T08:3x": false} {
		_, err := Parse(in)
		var pe *ParseError
		require.True(t, errors.As(err, &pe), in)
		require.Equal(t, out, pe.OutOfRange, in)
		require.True(t, strings.HasPrefix(err.Error(), "vntime: "), err.Error())
	}
}

// FuzzParse: Parse never panics, accepts only years in range, and what it accepts survives a round trip
// through RFC 3339.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-02-16", "2026-02-16T08:30", "2026-02-16 08:30:15.5", "2026-02-16T01:30:00Z",
		"2026-02-16T08:30:00+07:00", "1899-12-31T17:00:00Z", "2026-13-01", "9999-12-31T23:59:59-23:59", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if y := got.In(Location()).Year(); y < MinYear || y > MaxYear {
			t.Fatalf("accepted %q as year %d", s, y)
		}
		again, err := Parse(got.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(got) {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}
