package dvc

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/vntime"
)

var ict = vntime.Location()

func at(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, ict) }

// pathTo lists the events that bring a new dossier to each status.
var pathTo = map[Status][]EventKind{
	StatusNone:                {},
	StatusRegistered:          {EventSubmit},
	StatusReceived:            {EventReceive},
	StatusRefused:             {EventSubmit, EventRefuse},
	StatusProcessing:          {EventReceive, EventProcess},
	StatusSupplementRequested: {EventReceive, EventProcess, EventRequestSupplement},
	StatusPaymentRequested:    {EventReceive, EventProcess, EventRequestPayment},
	StatusWithdrawn:           {EventReceive, EventWithdraw},
	StatusSuspended:           {EventReceive, EventSuspend},
	StatusResolved:            {EventReceive, EventProcess, EventResolve},
	StatusReturned:            {EventReceive, EventProcess, EventResolve, EventReturn},
}

// event builds a well-formed event of kind k at t for a dossier currently in status s.
func event(k EventKind, s Status, t time.Time) Event {
	e := Event{Kind: k, At: t}
	switch {
	case k == EventSubmit:
		e.Channel, e.Limit = ChannelOnline, Days(10)
	case k == EventReceive && s == StatusNone:
		e.Channel, e.Limit = ChannelCounter, Days(10)
	case k == EventExtend:
		e.NewDue = at(2026, 5, 12, 9, 0) // a Tuesday, two months later
	}
	return e
}

func dossierIn(t *testing.T, s Status, cal Calendar) (*Dossier, time.Time) {
	t.Helper()
	d := &Dossier{}
	clock := at(2026, 3, 2, 8, 0) // Monday
	for _, k := range pathTo[s] {
		require.NoError(t, d.Apply(event(k, d.Status, clock), cal), "path to %s: %s", s, k)
		clock = clock.Add(time.Hour)
	}
	require.Equal(t, s, d.Status)
	return d, clock
}

func TestLifecycleEveryTransition(t *testing.T) {
	cal := workday.DefaultCalendar()
	// The expected state machine, written independently of the transitions table: status → event → next status.
	want := map[Status]map[EventKind]Status{
		StatusNone:       {EventSubmit: StatusRegistered, EventReceive: StatusReceived},
		StatusRegistered: {EventReceive: StatusReceived, EventRefuse: StatusRefused, EventWithdraw: StatusWithdrawn},
		StatusReceived: {EventProcess: StatusProcessing, EventRequestSupplement: StatusSupplementRequested,
			EventRequestPayment: StatusPaymentRequested, EventExtend: StatusReceived, EventSuspend: StatusSuspended,
			EventWithdraw: StatusWithdrawn, EventResolve: StatusResolved},
		StatusProcessing: {EventRequestSupplement: StatusSupplementRequested, EventRequestPayment: StatusPaymentRequested,
			EventExtend: StatusProcessing, EventSuspend: StatusSuspended, EventWithdraw: StatusWithdrawn,
			EventResolve: StatusResolved},
		StatusSupplementRequested: {EventSupplement: StatusProcessing, EventExtend: StatusSupplementRequested,
			EventSuspend: StatusSuspended, EventWithdraw: StatusWithdrawn},
		StatusPaymentRequested: {EventPay: StatusProcessing, EventExtend: StatusPaymentRequested,
			EventSuspend: StatusSuspended, EventWithdraw: StatusWithdrawn},
		StatusRefused:   {},
		StatusWithdrawn: {},
		StatusSuspended: {},
		StatusResolved:  {EventReturn: StatusReturned},
		StatusReturned:  {},
	}
	require.Len(t, want, 11)
	for s := StatusNone; s <= StatusReturned; s++ {
		for k := EventSubmit; k <= EventReturn; k++ {
			t.Run(s.String()+"/"+k.String(), func(t *testing.T) {
				d, clock := dossierIn(t, s, cal)
				before := len(d.History)
				err := d.Apply(event(k, s, clock), cal)
				to, allowed := want[s][k]
				if !allowed {
					require.ErrorIs(t, err, ErrTransition)
					var ee *EventError
					require.True(t, errors.As(err, &ee))
					require.Equal(t, s, ee.Status)
					require.Equal(t, s, d.Status, "a refused event leaves the dossier unchanged")
					require.Len(t, d.History, before)
					return
				}
				require.NoError(t, err)
				require.Equal(t, to, d.Status)
				require.Len(t, d.History, before+1)
				require.Equal(t, Transition{Event: event(k, s, clock), From: s, To: to}, d.History[before])
				got, ok := Next(s, k)
				require.True(t, ok)
				require.Equal(t, to, got)
			})
		}
		require.Equal(t, len(want[s]) == 0 || s == StatusNone && false, s.Final(), "Final(%s)", s)
	}
	// Transitions is the graph of status changes (extensions, which keep the status, are not edges).
	graph := Transitions()
	for s, evs := range want {
		var tos []Status
		for _, to := range evs {
			if to != s && !containsStatus(tos, to) {
				tos = append(tos, to)
			}
		}
		require.ElementsMatch(t, tos, graph[s], "edges from %s", s)
	}
}

func TestStatusNames(t *testing.T) {
	require.Equal(t, "Đang xử lý", StatusProcessing.NameVI())
	require.Equal(t, "Đã trả kết quả", StatusReturned.NameVI())
	require.Equal(t, "status(42)", Status(42).String())
	require.Equal(t, "request_supplement", EventRequestSupplement.String())
	require.Equal(t, "event(99)", EventKind(99).String())
}

func TestEventValidation(t *testing.T) {
	cal := workday.DefaultCalendar()
	t0 := at(2026, 3, 2, 8, 0)
	cases := []struct {
		name   string
		events []Event
		reason error
	}{
		{"unknown kind", []Event{{Kind: 99, At: t0}}, ErrEvent},
		{"zero kind", []Event{{At: t0}}, ErrEvent},
		{"no time", []Event{{Kind: EventReceive, Channel: ChannelCounter, Limit: Days(1)}}, ErrEvent},
		{"submit at the counter", []Event{{Kind: EventSubmit, At: t0, Channel: ChannelCounter, Limit: Days(1)}}, ErrEvent},
		{"receive online without submit", []Event{{Kind: EventReceive, At: t0, Channel: ChannelOnline, Limit: Days(1)}}, ErrEvent},
		{"no limit", []Event{{Kind: EventReceive, At: t0, Channel: ChannelPostal}}, ErrEvent},
		{"submit without limit", []Event{{Kind: EventSubmit, At: t0, Channel: ChannelOnline}}, ErrEvent},
		{"both limits", []Event{{Kind: EventReceive, At: t0, Channel: ChannelPostal, Limit: Limit{Days: 1, Hours: time.Hour}}}, ErrEvent},
		{"time goes back", []Event{
			{Kind: EventReceive, At: t0, Channel: ChannelCounter, Limit: Days(5)},
			{Kind: EventProcess, At: t0.Add(-time.Minute)}}, ErrTimeOrder},
		{"supplement without calendar", []Event{
			{Kind: EventReceive, At: t0, Channel: ChannelCounter, Limit: Days(5)},
			{Kind: EventRequestSupplement, At: t0}}, ErrEvent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &Dossier{}
			var err error
			for i, e := range tc.events {
				c := Calendar(cal)
				if tc.name == "supplement without calendar" && i == 1 {
					c = nil
				}
				if err = d.Apply(e, c); err != nil {
					break
				}
			}
			require.ErrorIs(t, err, tc.reason)
			require.Contains(t, err.Error(), "dvc: ")
		})
	}
}

func TestSupplementWithinThreeWorkingDays(t *testing.T) {
	cal := workday.DefaultCalendar()
	// Received Thursday 12/02/2026 at 09:00: working days 13/02 (1), then Tết 14–22/02, 23/02 (2), 24/02 (3).
	recv := at(2026, 2, 12, 9, 0)
	limit := at(2026, 2, 24, 9, 0)
	for _, tc := range []struct {
		name string
		when time.Time
		ok   bool
	}{
		{"same day", recv.Add(time.Hour), true},
		{"during Tết", at(2026, 2, 18, 9, 0), true},
		{"at the limit", limit, true},
		{"one minute late", limit.Add(time.Minute), false},
		{"a day late", at(2026, 2, 25, 8, 0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Dossier{}
			require.NoError(t, d.Apply(Event{Kind: EventReceive, At: recv, Channel: ChannelCounter, Limit: Days(5)}, cal))
			err := d.Apply(Event{Kind: EventRequestSupplement, At: tc.when}, cal)
			if tc.ok {
				require.NoError(t, err)
				require.Equal(t, StatusSupplementRequested, d.Status)
				return
			}
			require.ErrorIs(t, err, ErrSupplementLate)
			require.Equal(t, StatusReceived, d.Status)
		})
	}
}

func TestSupplementRestartsDeadline(t *testing.T) {
	cal := workday.DefaultCalendar()
	d := &Dossier{}
	require.NoError(t, d.Apply(Event{Kind: EventReceive, At: at(2026, 3, 2, 9, 0), Channel: ChannelCounter, Limit: Days(5)}, cal))
	due, err := Due(d, cal)
	require.NoError(t, err)
	require.Equal(t, at(2026, 3, 9, 9, 0), due)
	require.NoError(t, d.Apply(Event{Kind: EventRequestSupplement, At: at(2026, 3, 3, 10, 0)}, cal))
	require.NoError(t, d.Apply(Event{Kind: EventSupplement, At: at(2026, 3, 10, 14, 0)}, cal))
	require.Equal(t, at(2026, 3, 10, 14, 0), d.ClockStart)
	due, err = Due(d, cal)
	require.NoError(t, err)
	require.Equal(t, at(2026, 3, 17, 14, 0), due, "five working days from completion")
}

func TestExtensionOnceAndEarly(t *testing.T) {
	cal := workday.DefaultCalendar()
	newDossier := func(t *testing.T) *Dossier {
		d := &Dossier{}
		// Due Monday 09/3/2026 at 09:00.
		require.NoError(t, d.Apply(Event{Kind: EventReceive, At: at(2026, 3, 2, 9, 0), Channel: ChannelCounter, Limit: Days(5)}, cal))
		return d
	}
	newDue := at(2026, 3, 13, 16, 0)
	t.Run("day before the due date", func(t *testing.T) {
		d := newDossier(t)
		require.NoError(t, d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 8, 23, 59), NewDue: newDue, Note: "xin lỗi"}, cal))
		due, err := Due(d, cal)
		require.NoError(t, err)
		require.Equal(t, newDue, due)
		require.True(t, d.Extended)
		err = d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 9, 8, 0), NewDue: newDue.AddDate(0, 0, 7)}, cal)
		require.ErrorIs(t, err, ErrAlreadyExtended)
		require.Equal(t, newDue, d.ExtendedDue)
	})
	t.Run("on the due date", func(t *testing.T) {
		d := newDossier(t)
		err := d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 9, 7, 0), NewDue: newDue}, cal)
		require.ErrorIs(t, err, ErrExtensionLate)
		require.False(t, d.Extended)
	})
	t.Run("new date not later", func(t *testing.T) {
		d := newDossier(t)
		err := d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 5, 7, 0), NewDue: at(2026, 3, 9, 9, 0)}, cal)
		require.ErrorIs(t, err, ErrExtensionDate)
	})
	t.Run("new date on a day off", func(t *testing.T) {
		d := newDossier(t)
		err := d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 5, 7, 0), NewDue: at(2026, 3, 14, 9, 0)}, cal)
		require.ErrorIs(t, err, ErrExtensionDate)
		require.ErrorContains(t, err, "not a working day")
	})
	t.Run("no calendar", func(t *testing.T) {
		d := newDossier(t)
		require.ErrorIs(t, d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 5, 7, 0), NewDue: newDue}, nil), ErrEvent)
	})
	t.Run("only once even after a restart", func(t *testing.T) {
		d := newDossier(t)
		require.NoError(t, d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 3, 8, 0), NewDue: newDue}, cal))
		require.NoError(t, d.Apply(Event{Kind: EventRequestSupplement, At: at(2026, 3, 4, 8, 0)}, cal))
		require.NoError(t, d.Apply(Event{Kind: EventSupplement, At: at(2026, 3, 5, 8, 0)}, cal))
		require.True(t, d.ExtendedDue.IsZero(), "the restart replaces the reset date")
		err := d.Apply(Event{Kind: EventExtend, At: at(2026, 3, 6, 8, 0), NewDue: newDue.AddDate(0, 1, 0)}, cal)
		require.ErrorIs(t, err, ErrAlreadyExtended)
	})
}
