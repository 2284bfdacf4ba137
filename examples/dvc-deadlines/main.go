// Command dvc-deadlines is a one-stop desk ("bộ phận một cửa") for February 2026, the month of Tết: it receives
// dossiers at the counter, online and by post, computes each due date on the Vietnamese working-day calendar,
// records supplement requests, an extension with apology and the results, then classifies every dossier as
// early, on time or late and prints the month's KPIs against the built-in targets.
//
// # README
//
// Run it from the repository root:
//
//	go run ./examples/dvc-deadlines
//
// What it shows:
//   - dvc.Dossier.Apply drives the lifecycle (statuses 1–10 of the national portal) and refuses illegal steps
//     with typed errors (a second extension is refused with dvc.ErrAlreadyExtended);
//   - dvc.Due counts working days on workday.DefaultCalendar(): Tết 16–20/02/2026 is skipped, a paper dossier handed in
//     after 15:00 counts from the next working morning, an online one filed at night from the next opening;
//   - a supplement request restarts the processing time when the dossier is complete;
//   - dvc.OutcomeOf compares results with the statutory due date by civil day in Vietnam time: a dossier
//     extended with an apology keeps its deadline and is late when resolved after it;
//   - dvc.Aggregator recomputes the shares from counts and dvc.DefaultTargets evaluates them; withdrawn
//     dossiers are left out of the counts.
//
// Replace the dossiers in desk() by your own, or feed a CSV export to "egov dvc kpi".
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/vntime"
)

var ict = vntime.Location()

func at(m time.Month, d, h, mi int) time.Time { return time.Date(2026, m, d, h, mi, 0, 0, ict) }

// step is one event of a dossier's story at the desk.
type step struct {
	kind dvc.EventKind
	at   time.Time
	due  time.Time // new due date of an extension
	note string
}

// intake is a dossier as the desk receives it.
type intake struct {
	procedure string
	level     dvc.Level
	channel   dvc.Channel
	received  time.Time
	limit     dvc.Limit
	steps     []step
}

// desk returns the month's dossiers: receptions in February 2026 and what happened to them.
func desk() []intake {
	return []intake{
		{"1.001612", dvc.Level4, dvc.ChannelCounter, at(2, 13, 10, 0), dvc.Days(3), []step{
			{kind: dvc.EventResolve, at: at(2, 24, 15, 0)}}},
		{"1.001612", dvc.Level4, dvc.ChannelOnline, at(2, 13, 21, 40), dvc.Days(3), []step{
			{kind: dvc.EventResolve, at: at(2, 26, 9, 0)}}},
		{"2.000477", dvc.Level3, dvc.ChannelCounter, at(2, 12, 15, 20), dvc.Days(5), []step{
			{kind: dvc.EventResolve, at: at(2, 27, 16, 0)}}},
		{"2.000477", dvc.Level3, dvc.ChannelPostal, at(2, 11, 9, 0), dvc.Days(5), []step{
			{kind: dvc.EventRequestSupplement, at: at(2, 12, 10, 0), note: "thiếu bản sao giấy khai sinh"},
			{kind: dvc.EventSupplement, at: at(2, 23, 8, 0)},
			{kind: dvc.EventResolve, at: at(3, 2, 10, 0)}}},
		{"1.003560", dvc.LevelFull, dvc.ChannelOnline, at(2, 9, 8, 30), dvc.Hours(8), []step{
			{kind: dvc.EventResolve, at: at(2, 9, 16, 0)}}},
		{"1.003560", dvc.LevelFull, dvc.ChannelOnline, at(2, 10, 16, 30), dvc.Hours(8), []step{
			{kind: dvc.EventResolve, at: at(2, 12, 8, 0)}}},
		{"1.004227", dvc.Level2, dvc.ChannelCounter, at(2, 2, 8, 0), dvc.Days(10), []step{
			{kind: dvc.EventExtend, at: at(2, 12, 9, 0), due: at(3, 4, 17, 0), note: "xin lỗi, cần xác minh thêm"},
			{kind: dvc.EventExtend, at: at(2, 13, 9, 0), due: at(3, 10, 17, 0)},
			{kind: dvc.EventResolve, at: at(3, 4, 11, 0)}}},
		{"1.004227", dvc.Level2, dvc.ChannelCounter, at(2, 3, 9, 0), dvc.Days(10), []step{
			{kind: dvc.EventResolve, at: at(3, 3, 9, 0)}}},
		{"2.000477", dvc.Level3, dvc.ChannelOnline, at(2, 25, 14, 0), dvc.Days(5), []step{
			{kind: dvc.EventRequestPayment, at: at(2, 26, 9, 0)},
			{kind: dvc.EventPay, at: at(2, 26, 15, 0)}}},
		{"1.001612", dvc.Level4, dvc.ChannelOnline, at(2, 27, 10, 0), dvc.Days(3), []step{
			{kind: dvc.EventWithdraw, at: at(2, 27, 11, 0), note: "công dân rút hồ sơ"}}},
	}
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dvc-deadlines:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	cal := workday.DefaultCalendar()
	agency := agencycode.MustParse("000.00.31.H53")
	agg := dvc.NewAggregator(dvc.AggregateOptions{})
	serial := map[string]int{}
	fmt.Fprintf(w, "%-26s %-8s %-10s %-16s %-16s %-16s %s\n", "dossier", "channel", "level", "received", "due", "result", "outcome")
	for _, in := range desk() {
		day := in.received.Format("2006-01-02")
		serial[day]++
		code, err := dvc.NewDossierCodeTT01(agency, in.received, serial[day])
		if err != nil {
			return err
		}
		d := &dvc.Dossier{Code: code.String(), Procedure: in.procedure}
		first := dvc.EventReceive
		if in.channel == dvc.ChannelOnline {
			first = dvc.EventSubmit
		}
		if err := d.Apply(dvc.Event{Kind: first, At: in.received, Channel: in.channel, Limit: in.limit}, cal); err != nil {
			return err
		}
		if in.channel == dvc.ChannelOnline {
			if err := d.Apply(dvc.Event{Kind: dvc.EventReceive, At: in.received}, cal); err != nil {
				return err
			}
		}
		if err := d.Apply(dvc.Event{Kind: dvc.EventProcess, At: in.received}, cal); err != nil {
			return err
		}
		var notes []string
		for _, s := range in.steps {
			err := d.Apply(dvc.Event{Kind: s.kind, At: s.at, NewDue: s.due, Note: s.note}, cal)
			switch {
			case errors.Is(err, dvc.ErrAlreadyExtended):
				notes = append(notes, "second extension refused")
			case err != nil:
				return err
			case s.kind == dvc.EventSupplement:
				notes = append(notes, "processing time restarted "+s.at.Format("02/01 15:04"))
			case s.kind == dvc.EventExtend:
				notes = append(notes, "extended with apology")
			}
		}
		// The outcome is measured against the statutory due date; an apology only gives a new appointment.
		due, err := dvc.StatutoryDue(d, cal)
		if err != nil {
			return err
		}
		if appointment, _ := dvc.Due(d, cal); !appointment.Equal(due) {
			notes = append(notes, "appointment reset to "+appointment.Format("02/01 15:04"))
		}
		outcome, err := dvc.OutcomeOf(d, cal, dvc.ByDay)
		if err != nil {
			return err
		}
		result := "-"
		if !d.ResolvedAt.IsZero() {
			result = d.ResolvedAt.Format("02/01 15:04")
		}
		label := outcome.String()
		if d.Status == dvc.StatusWithdrawn {
			label = "withdrawn"
		}
		fmt.Fprintf(w, "%-26s %-8s %-10s %-16s %-16s %-16s %s", d.Code, in.channel, in.level,
			in.received.Format("Mon 02/01 15:04"), due.Format("Mon 02/01 15:04"), result, label)
		if len(notes) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(notes, "; "))
		}
		fmt.Fprintln(w)
		if d.Status.Final() && d.ResolvedAt.IsZero() {
			continue // withdrawn, refused or stopped: neither open nor resolved, not counted
		}
		rec := dvc.Record{ReceivedAt: in.received, DueAt: due, FinishedAt: d.ResolvedAt, Channel: in.channel,
			Level: in.level, Agency: agency.String(), Procedure: in.procedure, Tier: dvc.TierProvince}
		if err := agg.Add(&rec); err != nil {
			return err
		}
	}
	for _, g := range agg.Groups(dvc.DefaultTargets()) {
		c := g.Counts
		fmt.Fprintf(w, "\n%d dossiers: %d resolved (early %d, on time %d, late %d), %d open\n",
			c.Total, c.Resolved(), c.Early, c.OnTime, c.Late, c.Open)
		names := make([]string, 0, len(g.Shares))
		for k := range g.Shares {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(w, "  %-32s %6.1f%%\n", k, g.Shares[k])
		}
		for _, t := range g.Targets {
			verdict := "met"
			if !t.Met {
				verdict = "missed"
			}
			fmt.Fprintf(w, "  target %-29s %6.1f%% vs %g%%: %s\n", t.Target.ID, t.Actual, t.Target.Min, verdict)
		}
	}
	return nil
}
