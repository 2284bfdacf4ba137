package dvc

import (
	"errors"
	"fmt"
	"time"

	"github.com/vnegov/egov/vntime"
)

// Calendar is the working-day calendar deadlines are computed on. *workday.Calendar (package dvc/workday)
// implements it; tests and integrators with their own calendar may supply another. All methods work in Vietnam
// time and must be safe for concurrent use.
type Calendar interface {
	// IsWorkingDay reports whether the civil day of t is a working day.
	IsWorkingDay(t time.Time) bool
	// NextWorkingTime returns t if it falls within working hours of a working day, else the next start of
	// working hours.
	NextWorkingTime(t time.Time) time.Time
	// AddWorkingDays returns the same clock time n working days after t.
	AddWorkingDays(t time.Time, n int) time.Time
	// AddWorkingHours returns the moment d of working time after t.
	AddWorkingHours(t time.Time, d time.Duration) time.Time
}

// PaperCutoff is the time of day after which a paper dossier received at the desk is forwarded at the start of the
// next working day (NĐ 61/2018, kept by NĐ 118/2025): 15:00 Vietnam time.
const PaperCutoff = 15 * time.Hour

// MaxLimitDays bounds a processing time in working days (five years of working days) so that a corrupt input
// cannot make a calendar walk for ever.
const MaxLimitDays = 1300

// Limit is the processing time of a procedure ("thời hạn giải quyết"), in working days or in working hours:
// exactly one of the two fields is positive.
type Limit struct {
	Days  int           `json:"days,omitempty"`
	Hours time.Duration `json:"hours,omitempty"`
}

// Days returns a limit of n working days.
func Days(n int) Limit { return Limit{Days: n} }

// Hours returns a limit of n working hours.
func Hours(n int) Limit { return Limit{Hours: time.Duration(n) * time.Hour} }

// Validate reports whether exactly one of Days and Hours is set, within bounds.
func (l Limit) Validate() error {
	switch {
	case l.Days < 0 || l.Hours < 0:
		return errors.New("dvc: negative processing time")
	case l.Days > 0 && l.Hours > 0:
		return errors.New("dvc: processing time set both in days and in hours")
	case l.Days == 0 && l.Hours == 0:
		return errors.New("dvc: processing time missing")
	case l.Days > MaxLimitDays:
		return fmt.Errorf("dvc: processing time of %d working days exceeds %d", l.Days, MaxLimitDays)
	case l.Hours > time.Duration(MaxLimitDays)*24*time.Hour:
		return fmt.Errorf("dvc: processing time of %v exceeds %d days", l.Hours, MaxLimitDays)
	}
	return nil
}

// String formats the limit as "5d" or "8h".
func (l Limit) String() string {
	if l.Days > 0 {
		return fmt.Sprintf("%dd", l.Days)
	}
	return fmt.Sprintf("%gh", l.Hours.Hours())
}

// ErrNotReceived is returned by Due for a dossier whose processing time has not started.
var ErrNotReceived = errors.New("dvc: dossier not received")

// Due returns when the result of d is due on cal, in Vietnam time.
//
// The processing time starts at d.ClockStart (reception, or the completion of a requested supplement, which
// restarts it). Two rules move that start: a paper dossier (counter or postal) received after 15:00 is forwarded
// at the start of the next working day and counts from then (NĐ 61/2018, PaperCutoff); any dossier
// received outside working hours, online ones included, counts from the next working time. A limit in days then
// gives the same clock time that many working days later (Calendar.AddWorkingDays): a dossier received on Friday
// 13/02/2026 at 10:00 with 3 days is due on Wednesday 25/02/2026 at 10:00, Tết falling between. A limit in hours
// adds working time (Calendar.AddWorkingHours), skipping lunch, nights and days off. When the due date was reset
// by an apology (EventExtend), Due returns the reset date, the appointment the citizen holds; StatutoryDue
// ignores it.
func Due(d *Dossier, cal Calendar) (time.Time, error) {
	if !d.ExtendedDue.IsZero() {
		return inVietnam(d.ExtendedDue), nil
	}
	return StatutoryDue(d, cal)
}

// StatutoryDue returns the due date of d from its processing time alone, ignoring a reset by apology: the
// deadline its outcome is measured against (see OutcomeOf).
func StatutoryDue(d *Dossier, cal Calendar) (time.Time, error) {
	if d.ClockStart.IsZero() {
		return time.Time{}, ErrNotReceived
	}
	return DueFrom(d.Channel, d.ClockStart, d.Limit, cal)
}

// DueFrom is Due for a dossier arriving by ch at start with processing time limit.
func DueFrom(ch Channel, start time.Time, limit Limit, cal Calendar) (time.Time, error) {
	if cal == nil {
		return time.Time{}, errors.New("dvc: nil calendar")
	}
	if err := limit.Validate(); err != nil {
		return time.Time{}, err
	}
	s := effectiveStart(ch, start, cal)
	var due time.Time
	if limit.Days > 0 {
		due = cal.AddWorkingDays(s, limit.Days)
	} else {
		due = cal.AddWorkingHours(s, limit.Hours)
	}
	return inVietnam(due), nil
}

// inVietnam returns t in Vietnam time, without building a zone when it already is.
func inVietnam(t time.Time) time.Time {
	if _, off := t.Zone(); off == 7*3600 {
		return t
	}
	return t.In(vntime.Location())
}

// StartOfCount returns the moment the processing time of a dossier arriving by ch at t starts to run: the paper
// cutoff and the next working time applied (see Due).
func StartOfCount(ch Channel, t time.Time, cal Calendar) time.Time {
	return effectiveStart(ch, t, cal).In(vntime.Location())
}

func effectiveStart(ch Channel, t time.Time, cal Calendar) time.Time {
	local := inVietnam(t)
	if ch.Paper() && clockOf(local) > PaperCutoff {
		y, m, dd := local.Date()
		return cal.NextWorkingTime(time.Date(y, m, dd+1, 0, 0, 0, 0, local.Location()))
	}
	return cal.NextWorkingTime(local)
}

func clockOf(t time.Time) time.Duration {
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second +
		time.Duration(t.Nanosecond())
}

// civilDate returns midnight of the civil day of t in Vietnam time.
func civilDate(t time.Time) time.Time {
	y, m, d := t.In(vntime.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, vntime.Location())
}

// Outcome is how a dossier's result compares with its due date: "trước hạn / đúng hạn / quá hạn".
type Outcome uint8

const (
	// OutcomeOpen is a dossier without a result yet (or one closed without a result: refused, withdrawn,
	// suspended); it is not counted among the resolved dossiers.
	OutcomeOpen Outcome = iota
	// OutcomeEarly is "trước hạn".
	OutcomeEarly
	// OutcomeOnTime is "đúng hạn".
	OutcomeOnTime
	// OutcomeLate is "quá hạn" ("trễ hạn").
	OutcomeLate
)

// String returns "open", "early", "on_time" or "late".
func (o Outcome) String() string {
	switch o {
	case OutcomeEarly:
		return "early"
	case OutcomeOnTime:
		return "on_time"
	case OutcomeLate:
		return "late"
	}
	return "open"
}

// Precision selects how finely results are compared with due dates.
type Precision uint8

const (
	// ByDay compares civil dates in Vietnam time, as results are announced ("hẹn trả ngày"): a result on a day
	// before the due date is early, on the due date (at any hour) on time, on a later day late. It is the
	// default.
	ByDay Precision = iota
	// ByHour compares instants: a result after the due instant is late, one in the hour before it (due − 1 h
	// excluded, due included) on time, an earlier one early.
	ByHour
)

// ClassifyOutcome compares the moment a result was ready with its due date. A zero resolved time is
// OutcomeOpen. See Precision for the rules.
func ClassifyOutcome(resolved, due time.Time, p Precision) Outcome {
	if resolved.IsZero() {
		return OutcomeOpen
	}
	if p == ByHour {
		switch {
		case resolved.After(due):
			return OutcomeLate
		case resolved.After(due.Add(-time.Hour)):
			return OutcomeOnTime
		}
		return OutcomeEarly
	}
	r, d := civilDay(resolved), civilDay(due)
	switch {
	case r < d:
		return OutcomeEarly
	case r == d:
		return OutcomeOnTime
	}
	return OutcomeLate
}

// civilDay numbers the civil day of t in Vietnam time (days since 1970-01-01), without allocating.
func civilDay(t time.Time) int64 {
	s := t.Unix() + 7*3600
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// OutcomeOf classifies dossier d: OutcomeOpen unless it was resolved (status 9 or 10), else its result compared
// with StatutoryDue. The apology of an extension is issued because the dossier will be overdue; it gives the
// citizen a new appointment but does not move the deadline, so a result after the statutory due date is late
// even when it meets the reset date. A supplement request, by contrast, restarts the processing time and so
// moves the statutory due date.
func OutcomeOf(d *Dossier, cal Calendar, p Precision) (Outcome, error) {
	if d.ResolvedAt.IsZero() {
		return OutcomeOpen, nil
	}
	due, err := StatutoryDue(d, cal)
	if err != nil {
		return OutcomeOpen, err
	}
	return ClassifyOutcome(d.ResolvedAt, due, p), nil
}
