package reporting

import (
	"errors"
	"fmt"
	"github.com/vnegov/egov/vntime"
	"io"
	"slices"
	"time"

	"github.com/vnegov/egov/dvc"
)

// ProcedureForm is the administrative-procedure dossier report of Thông tư 01/2020/TT-VPCP (Biểu 06/VPCP/KSTT:
// "tình hình, kết quả giải quyết thủ tục hành chính"), computed from dossier data rather than typed: one row per
// group (tier, agency or procedure) and a total row.
type ProcedureForm struct {
	// Period is the report's period, "" when the whole file was counted.
	Period string `json:"period,omitempty"`
	// From and To are the cut-off window of the period (NĐ 09/2019 Điều 12), both included.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// AsOf is the instant in-progress dossiers are judged at (the end of the window, or the time given).
	AsOf time.Time `json:"as_of"`
	// By is the grouping of the rows: all, tier, agency or procedure.
	By    string    `json:"by"`
	Rows  []FormRow `json:"rows"`
	Total FormRow   `json:"total"`
}

// FormRow is one row of the form.
type FormRow struct {
	// Key is the group ("province", an agency code, a procedure code, "all").
	Key        string           `json:"key"`
	Received   ReceivedCounts   `json:"received"`
	Resolved   ResolvedCounts   `json:"resolved"`
	InProgress InProgressCounts `json:"in_progress"`
}

// ReceivedCounts is "số hồ sơ nhận giải quyết": in the period online, in person or by post, and carried over.
type ReceivedCounts struct {
	Total   int64 `json:"total"`
	Online  int64 `json:"online"`
	Direct  int64 `json:"direct_or_postal"`
	Carried int64 `json:"carried_over"`
}

// ResolvedCounts is "số hồ sơ đã giải quyết": early ("trước hạn"), on time ("đúng hạn"), late ("quá hạn").
type ResolvedCounts struct {
	Total  int64 `json:"total"`
	Early  int64 `json:"early"`
	OnTime int64 `json:"on_time"`
	Late   int64 `json:"late"`
}

// InProgressCounts is "số hồ sơ đang giải quyết": within the deadline ("trong hạn") or overdue ("quá hạn").
type InProgressCounts struct {
	Total   int64 `json:"total"`
	Within  int64 `json:"within_deadline"`
	Overdue int64 `json:"overdue"`
}

// FormOptions tunes BuildProcedureForm.
type FormOptions struct {
	// Period limits the form to the dossiers of a period: received in its window, or received before and still
	// open at its start (carried over). Nil counts every dossier of the file as received in the period, which
	// gives the totals of dvc.KPI on the same file.
	Period *Period
	// By groups the rows: dvc.GroupAll, GroupTier, GroupAgency or GroupProcedure.
	By dvc.GroupBy
	// AsOf judges open dossiers without a Period (overdue when due before it); required then.
	AsOf time.Time
	// Precision is the outcome precision of dvc.ClassifyOutcome.
	Precision dvc.Precision
	// Reader bounds the dossier reader.
	Reader dvc.ReaderOptions
	// MaxGroups bounds the rows; default 100,000.
	MaxGroups int
}

// BuildProcedureForm reads a dossier CSV with dvc.Reader (the same columns and checks as `egov dvc kpi`) and
// classifies each dossier with the same dvc.Aggregator, so that without a period its received, resolved and open
// totals equal dvc.KPI's. With a period, a dossier finished after the window is counted as in progress at its end.
func BuildProcedureForm(r io.Reader, opts FormOptions) (*ProcedureForm, error) {
	if opts.MaxGroups <= 0 {
		opts.MaxGroups = 100_000
	}
	switch opts.By {
	case dvc.GroupAll, dvc.GroupTier, dvc.GroupAgency, dvc.GroupProcedure:
	default:
		return nil, errors.New("reporting: the procedure form groups by all, tier, agency or procedure")
	}
	form := &ProcedureForm{By: groupName(opts.By), AsOf: opts.AsOf}
	var start, end time.Time
	if opts.Period != nil {
		from, to := opts.Period.Window()
		form.Period, form.From, form.To = opts.Period.String(), from.String(), to.String()
		start, end = from.Time(vntime.Location()), to.AddDays(1).Time(vntime.Location())
		form.AsOf = end
	} else if opts.AsOf.IsZero() {
		return nil, errors.New("reporting: the procedure form needs a period or an as-of time")
	}
	aopts := dvc.AggregateOptions{By: opts.By, Precision: opts.Precision, MaxGroups: opts.MaxGroups}
	fresh, carried := dvc.NewAggregator(aopts), dvc.NewAggregator(aopts)
	overdue := map[string]int64{}
	rd := dvc.NewReader(r, opts.Reader)
	var rec dvc.Record
	for {
		err := rd.Read(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reporting: dossiers: %w", err)
		}
		agg := fresh
		if opts.Period != nil {
			switch {
			case !rec.ReceivedAt.Before(end):
				continue // received after the period
			case rec.ReceivedAt.Before(start):
				if !rec.FinishedAt.IsZero() && rec.FinishedAt.Before(start) {
					continue // closed before the period
				}
				agg = carried
			}
			if !rec.FinishedAt.IsZero() && !rec.FinishedAt.Before(end) {
				rec.FinishedAt = time.Time{} // still open at the end of the period
			}
		}
		if err := agg.Add(&rec); err != nil {
			return nil, fmt.Errorf("reporting: dossiers line %d: %w", rd.Line(), err)
		}
		if rec.FinishedAt.IsZero() && rec.DueAt.Before(form.AsOf) {
			overdue[groupKey(&rec, opts.By)]++
		}
	}
	rows := map[string]*FormRow{}
	row := func(key string) *FormRow {
		if rows[key] == nil {
			rows[key] = &FormRow{Key: key}
		}
		return rows[key]
	}
	for g := range fresh.All(nil) {
		fr := row(g.Key)
		fr.Received.Online, fr.Received.Direct = g.Counts.Online, g.Counts.Total-g.Counts.Online
		addOutcomes(fr, g.Counts)
	}
	for g := range carried.All(nil) {
		fr := row(g.Key)
		fr.Received.Carried = g.Counts.Total
		addOutcomes(fr, g.Counts)
	}
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	form.Total.Key = "total"
	for _, k := range keys {
		fr := rows[k]
		fr.Received.Total = fr.Received.Online + fr.Received.Direct + fr.Received.Carried
		fr.InProgress.Overdue = overdue[k]
		fr.InProgress.Within = fr.InProgress.Total - fr.InProgress.Overdue
		form.Rows = append(form.Rows, *fr)
		form.Total.add(fr)
	}
	return form, nil
}

func addOutcomes(fr *FormRow, c dvc.Counts) {
	fr.Resolved.Early += c.Early
	fr.Resolved.OnTime += c.OnTime
	fr.Resolved.Late += c.Late
	fr.Resolved.Total += c.Early + c.OnTime + c.Late
	fr.InProgress.Total += c.Open
}

func (t *FormRow) add(r *FormRow) {
	t.Received.Total += r.Received.Total
	t.Received.Online += r.Received.Online
	t.Received.Direct += r.Received.Direct
	t.Received.Carried += r.Received.Carried
	t.Resolved.Total += r.Resolved.Total
	t.Resolved.Early += r.Resolved.Early
	t.Resolved.OnTime += r.Resolved.OnTime
	t.Resolved.Late += r.Resolved.Late
	t.InProgress.Total += r.InProgress.Total
	t.InProgress.Within += r.InProgress.Within
	t.InProgress.Overdue += r.InProgress.Overdue
}

// groupKey is the key dvc.Aggregator gives the record's group for the groupings the form allows.
func groupKey(r *dvc.Record, by dvc.GroupBy) string {
	switch by {
	case dvc.GroupAgency:
		return r.Agency
	case dvc.GroupTier:
		return string(r.Tier)
	case dvc.GroupProcedure:
		return r.Procedure
	}
	return "all"
}

func groupName(by dvc.GroupBy) string {
	switch by {
	case dvc.GroupAgency:
		return "agency"
	case dvc.GroupTier:
		return "tier"
	case dvc.GroupProcedure:
		return "procedure"
	}
	return "all"
}

// Values returns the form as values of the built-in "tthc" schema: each indicator holds one item per row, so
// the generic checks and exports apply to it.
func (f *ProcedureForm) Values(s *Schema) *Values {
	v := NewValues(s)
	v.Period = f.Period
	for _, r := range f.Rows {
		for id, x := range r.figures() {
			v.SetItem(id, r.Key, float64(x))
		}
	}
	recomputeRatios(s, v)
	return v
}

// figures maps the row's cells to the indicator ids of the "tthc" schema.
func (r FormRow) figures() map[string]int64 {
	return map[string]int64{
		"received_total": r.Received.Total, "received_online": r.Received.Online,
		"received_direct": r.Received.Direct, "received_carried": r.Received.Carried,
		"resolved_total": r.Resolved.Total, "resolved_early": r.Resolved.Early,
		"resolved_on_time": r.Resolved.OnTime, "resolved_late": r.Resolved.Late,
		"resolved_in_time":  r.Resolved.Early + r.Resolved.OnTime,
		"in_progress_total": r.InProgress.Total, "in_progress_within": r.InProgress.Within,
		"in_progress_overdue": r.InProgress.Overdue,
	}
}
