package workday

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseHours(t *testing.T) {
	h, err := ParseHours("07:00-11:30,13:30-17:00")
	require.NoError(t, err)
	require.Equal(t, DefaultHours(), h)
	require.Equal(t, "07:00-11:30,13:30-17:00", h.String())
	require.Equal(t, 8*time.Hour, h.PerDay())

	h, err = ParseHours("00:00-24:00")
	require.NoError(t, err)
	require.Equal(t, 24*time.Hour, h.PerDay())

	for _, bad := range []string{"", "7-11", "07:00-11:30,", "07:00-11:30x", "11:30-07:00", "07:00-11:30,11:00-17:00", "07:60-11:00", "23:00-25:00", "-1:00-02:00"} {
		_, err := ParseHours(bad)
		require.Error(t, err, bad)
	}
}

func TestCustomHours(t *testing.T) {
	h, err := ParseHours("08:00-12:00,13:00-17:00")
	require.NoError(t, err)
	c, err := New(Options{Hours: h})
	require.NoError(t, err)
	require.Equal(t, h, c.Hours())
	got := c.AddWorkingHours(at("2026-03-02T11:00:00+07:00"), 2*time.Hour)
	require.Equal(t, "2026-03-02T14:00:00+07:00", got.Format(time.RFC3339))
	require.Equal(t, "2026-03-03T08:00:00+07:00", c.NextWorkingTime(at("2026-03-02T17:00:00+07:00")).Format(time.RFC3339))
}

func TestDate(t *testing.T) {
	dd, err := ParseDate("2026-02-17")
	require.NoError(t, err)
	require.Equal(t, Date{2026, time.February, 17}, dd)
	require.Equal(t, time.Tuesday, dd.Weekday())
	require.Equal(t, Date{2026, time.March, 1}, dd.AddDays(12))
	require.Equal(t, Date{2025, time.December, 31}, Date{2026, 1, 1}.AddDays(-1))
	require.Equal(t, dd, DateOf(at("2026-02-16T17:00:00Z"))) // midnight in Vietnam
	require.Equal(t, Date{2026, 2, 16}, DateOf(at("2026-02-16T16:59:59Z")))
	require.Equal(t, "2026-02-17T00:00:00+07:00", dd.Time(nil).Format(time.RFC3339))
	require.True(t, Date{}.IsZero())
	require.False(t, Date{2026, 2, 29}.Valid())
	require.True(t, Date{2024, 2, 29}.Valid())
	for _, bad := range []string{"", "2026-2-17", "2026-02-30", "17/02/2026"} {
		_, err := ParseDate(bad)
		require.Error(t, err, bad)
	}
	var u Date
	require.Error(t, u.UnmarshalText([]byte("x")))
	require.NoError(t, u.UnmarshalText([]byte("2026-08-22")))
	b, err := u.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "2026-08-22", string(b))
	// Day numbers before 1970 use floor division.
	require.Equal(t, Date{1969, 12, 31}, DateOf(at("1969-12-31T10:00:00+07:00")))
	require.Equal(t, 10*time.Hour, clockOf(at("1969-12-31T10:00:00+07:00")))
	for n := -800; n < 800; n += 13 {
		require.Equal(t, dateFromDayNum(n).Weekday(), weekdayOf(n))
	}
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"07:00-11:30,13:30-17:00", "00:00-24:00", "8:00-12:00", "07:00-11:30,", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			return
		}
		if err := h.Validate(); err != nil {
			t.Fatalf("%q parsed into invalid hours: %v", s, err)
		}
		back, err := ParseHours(h.String())
		if err != nil || back.String() != h.String() {
			t.Fatalf("%q → %q → %v %v", s, h.String(), back, err)
		}
	})
}
