package dvc

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/dvc/workday"
)

func TestDue(t *testing.T) {
	cal := workday.DefaultCalendar()
	cases := []struct {
		name  string
		ch    Channel
		recv  time.Time
		limit Limit
		want  time.Time
	}{
		// Issue 5: received Friday 13/02/2026 10:00, 3 days; Tết 14–22/02 off (16–20 weekdays).
		{"across Tết, days", ChannelCounter, at(2026, 2, 13, 10, 0), Days(3), at(2026, 2, 25, 10, 0)},
		{"across Tết, online after hours", ChannelOnline, at(2026, 2, 13, 18, 0), Days(1), at(2026, 2, 24, 7, 0)},
		{"across Tết, online during Tết", ChannelOnline, at(2026, 2, 17, 9, 0), Days(1), at(2026, 2, 24, 7, 0)},
		{"across Tết, hours", ChannelOnline, at(2026, 2, 13, 16, 0), Hours(4), at(2026, 2, 23, 10, 0)},
		// Make-up Saturday 22/8/2026 is worked; Mon 31/8, Tue 1/9 and Wed 2/9 are off.
		{"onto the make-up Saturday", ChannelOnline, at(2026, 8, 21, 10, 0), Days(1), at(2026, 8, 22, 10, 0)},
		{"over the make-up Saturday", ChannelOnline, at(2026, 8, 21, 10, 0), Days(2), at(2026, 8, 24, 10, 0)},
		{"received on the make-up Saturday", ChannelCounter, at(2026, 8, 22, 9, 0), Days(1), at(2026, 8, 24, 9, 0)},
		{"across Quốc khánh", ChannelOnline, at(2026, 8, 28, 10, 0), Days(2), at(2026, 9, 4, 10, 0)},
		{"hours on the make-up Saturday", ChannelOnline, at(2026, 8, 21, 16, 0), Hours(2), at(2026, 8, 22, 8, 0)},
		// Lunch 11:30–13:30.
		{"received at lunch", ChannelOnline, at(2026, 3, 2, 11, 45), Days(1), at(2026, 3, 3, 13, 30)},
		{"received at 11:30 sharp", ChannelCounter, at(2026, 3, 2, 11, 30), Days(1), at(2026, 3, 3, 13, 30)},
		{"hours across lunch", ChannelOnline, at(2026, 3, 2, 10, 30), Hours(2), at(2026, 3, 2, 14, 30)},
		{"eight hours from 07:00", ChannelCounter, at(2026, 3, 2, 7, 0), Hours(8), at(2026, 3, 2, 17, 0)},
		// After hours and the paper cutoff.
		{"online at night", ChannelOnline, at(2026, 3, 2, 21, 0), Days(1), at(2026, 3, 4, 7, 0)},
		{"online before opening", ChannelOnline, at(2026, 3, 2, 6, 0), Days(1), at(2026, 3, 3, 7, 0)},
		{"online at 15:30 is not forwarded", ChannelOnline, at(2026, 3, 2, 15, 30), Days(1), at(2026, 3, 3, 15, 30)},
		{"counter at 15:00 sharp", ChannelCounter, at(2026, 3, 2, 15, 0), Days(1), at(2026, 3, 3, 15, 0)},
		{"counter after 15:00", ChannelCounter, at(2026, 3, 2, 15, 1), Days(1), at(2026, 3, 4, 7, 0)},
		{"postal after 15:00 on Friday", ChannelPostal, at(2026, 3, 6, 16, 0), Days(1), at(2026, 3, 10, 7, 0)},
		{"counter after 15:00 before Tết", ChannelCounter, at(2026, 2, 13, 15, 30), Hours(1), at(2026, 2, 23, 8, 0)},
		{"weekend online", ChannelOnline, at(2026, 3, 7, 10, 0), Days(2), at(2026, 3, 11, 7, 0)},
		{"UTC input", ChannelOnline, time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC), Days(1), at(2026, 3, 3, 10, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &Dossier{}
			kind := EventReceive
			if tc.ch == ChannelOnline {
				kind = EventSubmit
			}
			require.NoError(t, d.Apply(Event{Kind: kind, At: tc.recv, Channel: tc.ch, Limit: tc.limit}, cal))
			got, err := Due(d, cal)
			require.NoError(t, err)
			require.True(t, tc.want.Equal(got), "due %s, want %s", got.Format(time.RFC3339), tc.want.Format(time.RFC3339))
			_, off := got.Zone()
			require.Equal(t, 7*3600, off, "due dates are in Vietnam time")
			require.True(t, cal.IsWorkingDay(got), "never due on a day off")
		})
	}
}

func TestDueErrors(t *testing.T) {
	cal := workday.DefaultCalendar()
	_, err := Due(&Dossier{}, cal)
	require.ErrorIs(t, err, ErrNotReceived)
	_, err = DueFrom(ChannelOnline, at(2026, 3, 2, 9, 0), Days(1), nil)
	require.Error(t, err)
	for _, l := range []Limit{{}, {Days: -1}, {Hours: -time.Hour}, {Days: 1, Hours: time.Hour}, {Days: MaxLimitDays + 1},
		{Hours: time.Duration(MaxLimitDays+1) * 24 * time.Hour}} {
		_, err = DueFrom(ChannelOnline, at(2026, 3, 2, 9, 0), l, cal)
		require.Error(t, err, "%+v", l)
	}
	require.Equal(t, "3d", Days(3).String())
	require.Equal(t, "8h", Hours(8).String())
}

func TestStartOfCount(t *testing.T) {
	cal := workday.DefaultCalendar()
	require.Equal(t, at(2026, 2, 23, 7, 0), StartOfCount(ChannelCounter, at(2026, 2, 13, 15, 30), cal))
	require.Equal(t, at(2026, 2, 13, 14, 0), StartOfCount(ChannelOnline, at(2026, 2, 13, 14, 0), cal))
}

func TestClassifyOutcome(t *testing.T) {
	due := at(2026, 3, 9, 9, 0)
	ns := time.Nanosecond
	cases := []struct {
		name     string
		resolved time.Time
		p        Precision
		want     Outcome
	}{
		{"open", time.Time{}, ByDay, OutcomeOpen},
		{"day before, last instant", at(2026, 3, 9, 0, 0).Add(-ns), ByDay, OutcomeEarly},
		{"due day, first instant", at(2026, 3, 9, 0, 0), ByDay, OutcomeOnTime},
		{"due day, after the due hour", at(2026, 3, 9, 16, 0), ByDay, OutcomeOnTime},
		{"due day, last instant", at(2026, 3, 10, 0, 0).Add(-ns), ByDay, OutcomeOnTime},
		{"next day", at(2026, 3, 10, 0, 0), ByDay, OutcomeLate},
		{"next day in Vietnam, same day in UTC", time.Date(2026, 3, 9, 17, 30, 0, 0, time.UTC), ByDay, OutcomeLate},
		{"hour: more than an hour before", due.Add(-time.Hour), ByHour, OutcomeEarly},
		{"hour: within the last hour", due.Add(-time.Hour + ns), ByHour, OutcomeOnTime},
		{"hour: at the due instant", due, ByHour, OutcomeOnTime},
		{"hour: just after", due.Add(ns), ByHour, OutcomeLate},
		{"hour: later the same day", at(2026, 3, 9, 16, 0), ByHour, OutcomeLate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, ClassifyOutcome(tc.resolved, due, tc.p))
		})
	}
	require.Equal(t, []string{"open", "early", "on_time", "late"},
		[]string{OutcomeOpen.String(), OutcomeEarly.String(), OutcomeOnTime.String(), OutcomeLate.String()})
}

func TestOutcomeOf(t *testing.T) {
	cal := workday.DefaultCalendar()
	d := &Dossier{}
	require.NoError(t, d.Apply(Event{Kind: EventReceive, At: at(2026, 2, 13, 10, 0), Channel: ChannelCounter, Limit: Days(3)}, cal))
	o, err := OutcomeOf(d, cal, ByDay)
	require.NoError(t, err)
	require.Equal(t, OutcomeOpen, o)
	require.NoError(t, d.Apply(Event{Kind: EventResolve, At: at(2026, 2, 25, 16, 30)}, cal))
	o, err = OutcomeOf(d, cal, ByDay)
	require.NoError(t, err)
	require.Equal(t, OutcomeOnTime, o)
	o, err = OutcomeOf(d, cal, ByHour)
	require.NoError(t, err)
	require.Equal(t, OutcomeLate, o)

	// An extension gives a new appointment, not a new deadline: a result on the reset date is still late.
	e := &Dossier{}
	require.NoError(t, e.Apply(Event{Kind: EventReceive, At: at(2026, 3, 2, 9, 0), Channel: ChannelCounter, Limit: Days(5)}, cal))
	require.NoError(t, e.Apply(Event{Kind: EventExtend, At: at(2026, 3, 5, 9, 0), NewDue: at(2026, 3, 12, 17, 0)}, cal))
	require.NoError(t, e.Apply(Event{Kind: EventResolve, At: at(2026, 3, 12, 10, 0)}, cal))
	due, err := Due(e, cal)
	require.NoError(t, err)
	require.Equal(t, at(2026, 3, 12, 17, 0), due)
	statutory, err := StatutoryDue(e, cal)
	require.NoError(t, err)
	require.Equal(t, at(2026, 3, 9, 9, 0), statutory)
	o, err = OutcomeOf(e, cal, ByDay)
	require.NoError(t, err)
	require.Equal(t, OutcomeLate, o)
}

func BenchmarkDue(b *testing.B) {
	cal := workday.DefaultCalendar()
	recv := at(2026, 2, 13, 10, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DueFrom(ChannelCounter, recv, Days(30), cal); err != nil {
			b.Fatal(err)
		}
	}
}
