package workday

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

var vn = vntime.Location()

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNextWorkingTime(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct{ in, want string }{
		{"2026-03-02T10:00:00+07:00", "2026-03-02T10:00:00+07:00"}, // within the morning period
		{"2026-03-02T06:59:59+07:00", "2026-03-02T07:00:00+07:00"},
		{"2026-03-02T11:30:00+07:00", "2026-03-02T13:30:00+07:00"}, // end of period is not working time
		{"2026-03-02T12:00:00+07:00", "2026-03-02T13:30:00+07:00"}, // lunch
		{"2026-03-02T17:00:00+07:00", "2026-03-03T07:00:00+07:00"}, // after hours
		{"2026-03-06T18:00:00+07:00", "2026-03-09T07:00:00+07:00"}, // Friday evening → Monday
		{"2026-02-13T17:30:00+07:00", "2026-02-23T07:00:00+07:00"}, // before Tết → after Tết
		{"2026-08-21T20:00:00+07:00", "2026-08-22T07:00:00+07:00"}, // make-up Saturday is worked
		{"2026-08-28T20:00:00+07:00", "2026-09-03T07:00:00+07:00"}, // 29–30/8 weekend, 31/8–2/9 off
		{"2026-03-02T03:00:00Z", "2026-03-02T10:00:00+07:00"},      // any zone in, Vietnam time out
		{"2026-03-02T10:00:00Z", "2026-03-03T07:00:00+07:00"},      // 17:00 ICT is after hours
	}
	for _, tc := range cases {
		got := c.NextWorkingTime(at(tc.in))
		require.Equal(t, tc.want, got.Format(time.RFC3339), tc.in)
		require.Equal(t, at(tc.in).Equal(at(tc.want)), c.IsWorkingTime(at(tc.in)), tc.in)
		require.True(t, c.IsWorkingTime(got), tc.in)
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct {
		name, in string
		n        int
		want     string
	}{
		{"issue 5: across Tết 2026", "2026-02-13T10:00:00+07:00", 3, "2026-02-25T10:00:00+07:00"},
		{"received during Tết counts from the first working time", "2026-02-18T10:00:00+07:00", 1, "2026-02-24T07:00:00+07:00"},
		// Thursday 20/8 + 2: Friday 21 is day 1, the make-up Saturday 22 is day 2.
		{"across the make-up Saturday", "2026-08-20T09:00:00+07:00", 2, "2026-08-22T09:00:00+07:00"},
		{"across Quốc khánh 2026", "2026-08-28T15:00:00+07:00", 1, "2026-09-03T15:00:00+07:00"},
		{"after hours", "2026-03-02T18:00:00+07:00", 1, "2026-03-04T07:00:00+07:00"},
		{"lunch break", "2026-03-02T12:15:00+07:00", 1, "2026-03-03T13:30:00+07:00"},
		{"zero", "2026-03-01T12:00:00+07:00", 0, "2026-03-02T07:00:00+07:00"},
		{"negative", "2026-02-25T10:00:00+07:00", -3, "2026-02-13T10:00:00+07:00"},
		{"provisional year: Tết 2027 by default placement", "2027-02-04T08:00:00+07:00", 2, "2027-02-15T08:00:00+07:00"},
		{"nanoseconds kept", "2026-03-02T10:00:00.123456789+07:00", 1, "2026-03-03T10:00:00.123456789+07:00"},
	}
	for _, tc := range cases {
		got := c.AddWorkingDays(at(tc.in), tc.n)
		require.Equal(t, tc.want, got.Format(time.RFC3339Nano), tc.name)
	}
	// Tết 2027 (Đinh Mùi, 6/2 Saturday) by default placement: 5/2 (29 Chạp, the last day) to 9/2 (mùng 4) plus compensation for
	// Saturday 6 and Sunday 7 on 10 and 11/2; so Thursday 4/2 + 2 working days is Monday 15/2.
	require.Equal(t, ReasonCompensatoryDayOff, c.ExplainDate(d("2027-02-11")).Reason)
}

func TestAddWorkingHours(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct {
		name, in string
		d        time.Duration
		want     string
	}{
		{"across lunch", "2026-03-02T10:00:00+07:00", 4 * time.Hour, "2026-03-02T16:00:00+07:00"},
		{"to the end of the morning", "2026-03-02T10:00:00+07:00", 90 * time.Minute, "2026-03-02T11:30:00+07:00"},
		{"one minute past the morning", "2026-03-02T10:00:00+07:00", 91 * time.Minute, "2026-03-02T13:31:00+07:00"},
		{"a full day from the start", "2026-03-02T07:00:00+07:00", 8 * time.Hour, "2026-03-02T17:00:00+07:00"},
		{"after hours counts from the next morning", "2026-03-02T19:00:00+07:00", 2 * time.Hour, "2026-03-03T09:00:00+07:00"},
		{"across Tết", "2026-02-13T16:00:00+07:00", 2 * time.Hour, "2026-02-23T08:00:00+07:00"},
		{"several days", "2026-03-02T10:00:00+07:00", 40 * time.Hour, "2026-03-09T10:00:00+07:00"},
		{"zero", "2026-03-02T12:00:00+07:00", 0, "2026-03-02T13:30:00+07:00"},
		{"negative across lunch", "2026-03-02T14:00:00+07:00", -time.Hour, "2026-03-02T11:00:00+07:00"},
		{"negative to a period start", "2026-03-03T08:00:00+07:00", -time.Hour, "2026-03-03T07:00:00+07:00"},
		{"negative over a weekend", "2026-03-09T08:00:00+07:00", -2 * time.Hour, "2026-03-06T16:00:00+07:00"},
		{"negative many days", "2026-03-09T10:00:00+07:00", -40 * time.Hour, "2026-03-02T10:00:00+07:00"},
	}
	for _, tc := range cases {
		got := c.AddWorkingHours(at(tc.in), tc.d)
		require.Equal(t, tc.want, got.Format(time.RFC3339), tc.name)
	}
}

func TestBetween(t *testing.T) {
	c := DefaultCalendar()
	require.Equal(t, 3, c.WorkingDaysBetween(at("2026-02-13T10:00:00+07:00"), at("2026-02-25T10:00:00+07:00")))
	require.Equal(t, -3, c.WorkingDaysBetween(at("2026-02-25T10:00:00+07:00"), at("2026-02-13T10:00:00+07:00")))
	require.Equal(t, 0, c.WorkingDaysBetween(at("2026-02-13T10:00:00+07:00"), at("2026-02-13T16:00:00+07:00")))
	require.Equal(t, 8*time.Hour, c.WorkingHoursBetween(at("2026-03-02T00:00:00+07:00"), at("2026-03-03T00:00:00+07:00")))
	require.Equal(t, 2*time.Hour, c.WorkingHoursBetween(at("2026-03-02T11:00:00+07:00"), at("2026-03-02T15:00:00+07:00")))
	require.Equal(t, -2*time.Hour, c.WorkingHoursBetween(at("2026-03-02T15:00:00+07:00"), at("2026-03-02T11:00:00+07:00")))
	require.Equal(t, 2*time.Hour, c.WorkingHoursBetween(at("2026-02-13T16:00:00+07:00"), at("2026-02-23T08:00:00+07:00")))
	// The year 2026 has 365 − 104 weekend days − 13 weekdays off + 2 make-up Saturdays = 250 working days.
	require.Equal(t, 250, c.WorkingDaysBetween(at("2025-12-31T12:00:00+07:00"), at("2026-12-31T12:00:00+07:00")))
	require.Equal(t, 250*8*time.Hour, c.WorkingHoursBetween(at("2026-01-01T00:00:00+07:00"), at("2027-01-01T00:00:00+07:00")))
}

// TestInverses checks on random instants that the Between functions invert the Add functions.
func TestInverses(t *testing.T) {
	c := DefaultCalendar()
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, vn).Unix()
	for i := 0; i < 3000; i++ {
		t0 := time.Unix(base+r.Int64N(4*365*86400), 0).In(vn)
		n := r.IntN(60)
		s := c.NextWorkingTime(t0)
		due := c.AddWorkingDays(t0, n)
		require.Equal(t, n, c.WorkingDaysBetween(s, due), "%v + %d", t0, n)
		require.True(t, c.IsWorkingDay(due))
		require.True(t, s.Equal(c.AddWorkingDays(due, -n)), "%v + %d − %d", s, n, n)
		hours := time.Duration(r.Int64N(int64(200 * time.Hour)))
		end := c.AddWorkingHours(t0, hours)
		require.Equal(t, hours, c.WorkingHoursBetween(t0, end), "%v + %v", t0, hours)
		back := c.AddWorkingHours(end, -hours)
		require.Equal(t, hours, c.WorkingHoursBetween(back, end), "%v − %v", end, hours)
	}
}

func TestAddWorkingDaysAllocs(t *testing.T) {
	c := DefaultCalendar()
	t0 := at("2026-02-13T10:00:00+07:00")
	allocs := testing.AllocsPerRun(100, func() {
		_ = c.AddWorkingDays(t0, 30)
		_ = c.AddWorkingHours(t0, 240*time.Hour)
		_ = c.NextWorkingTime(t0.Add(9 * time.Hour))
	})
	require.Zero(t, allocs)
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := DefaultCalendar()
	t0 := at("2026-02-13T10:00:00+07:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = c.AddWorkingDays(t0, 30)
	}
}

func BenchmarkAddWorkingHours(b *testing.B) {
	c := DefaultCalendar()
	t0 := at("2026-02-13T10:00:00+07:00")
	b.ReportAllocs()
	for b.Loop() {
		_ = c.AddWorkingHours(t0, 240*time.Hour)
	}
}

func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = DefaultCalendar()
	}
}

// naiveAddWorkingDays is the peer for BenchmarkAddWorkingDays: the way deadline code is commonly written, stepping
// with time.AddDate and looking each date up in a set of holiday date strings.
func naiveAddWorkingDays(t time.Time, n int, off map[string]bool, work map[string]bool) time.Time {
	t = t.In(vn)
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		key := t.Format(time.DateOnly)
		wd := t.Weekday()
		if work[key] || (wd != time.Saturday && wd != time.Sunday && !off[key]) {
			n--
		}
	}
	return t
}

func BenchmarkAddWorkingDaysNaivePeer(b *testing.B) {
	c := DefaultCalendar()
	off, work := map[string]bool{}, map[string]bool{}
	for _, y := range []int{2025, 2026, 2027} {
		for _, h := range c.Holidays(y) {
			if h.Working {
				work[h.Date.String()] = true
			} else {
				off[h.Date.String()] = true
			}
		}
	}
	t0 := at("2026-02-13T10:00:00+07:00")
	if got, want := naiveAddWorkingDays(t0, 30, off, work), c.AddWorkingDays(t0, 30); !got.Equal(want) {
		b.Fatalf("peer disagrees: %v vs %v", got, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = naiveAddWorkingDays(t0, 30, off, work)
	}
}

// Walks past the precomputed table give the answers of the table: a calendar whose table holds only 2000 agrees
// with the full one on deadlines across Tết, National Day and local overrides.
func TestWalkOutsideTableAgrees(t *testing.T) {
	opts := Options{Overrides: []Override{{Date: d("2026-03-10"), Name: "closure"}, {Date: d("2026-03-14"), Working: true}}}
	full, err := New(opts)
	require.NoError(t, err)
	opts.FirstYear, opts.LastYear = 2000, 2000
	narrow, err := New(opts)
	require.NoError(t, err)
	vn := vntime.Location()
	for _, start := range []time.Time{
		time.Date(2026, 2, 13, 10, 0, 0, 0, vn),
		time.Date(2026, 3, 9, 16, 0, 0, 0, vn),
		time.Date(2026, 8, 28, 8, 0, 0, 0, vn),
	} {
		for _, n := range []int{1, 3, 15, 300, -20} {
			require.Equal(t, full.AddWorkingDays(start, n), narrow.AddWorkingDays(start, n), "%v %d", start, n)
		}
		for _, h := range []time.Duration{time.Hour, 20 * time.Hour, 2000 * time.Hour, -30 * time.Hour} {
			require.Equal(t, full.AddWorkingHours(start, h), narrow.AddWorkingHours(start, h), "%v %v", start, h)
		}
		end := start.AddDate(1, 0, 0)
		require.Equal(t, full.WorkingDaysBetween(start, end), narrow.WorkingDaysBetween(start, end))
		require.Equal(t, full.WorkingHoursBetween(start, end), narrow.WorkingHoursBetween(start, end))
	}
}

func TestHoursRejectsTinyWorkingDay(t *testing.T) {
	_, err := New(Options{Hours: Hours{Periods: []Period{{Start: 0, End: time.Minute}}}})
	require.ErrorContains(t, err, "at least 1h0m0s")
	_, err = New(Options{Hours: Hours{Periods: []Period{{Start: 0, End: MinPerDay}}}})
	require.NoError(t, err)
}
