package reporting

import (
	"fmt"
	"github.com/vnegov/egov/vntime"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/agencycode/adminunit"
	"github.com/vnegov/egov/diag"
)

// AggregateOptions tunes Aggregate. The zero value accepts the children it can recognise by code alone.
type AggregateOptions struct {
	// Period is the period of the aggregate; "" takes the period of the first report.
	Period string
	// Expected lists the codes of the units that should report; missing ones are RPT-G001 findings. When nil, it
	// comes from Agencies (direct children of an agency code) or AdminUnits (the provinces merged into a province
	// by the 2025 reorganisation or, for a province that was not merged, its communes and districts as loaded).
	Expected []string
	// Agencies resolves children of an agency code; nil: agencycode.DefaultRegistry().
	Agencies *agencycode.Registry
	// AdminUnits resolves communes, districts and the 2025 mergers; nil: adminunit.DefaultRegistry().
	AdminUnits *adminunit.Registry
	// At is the date membership is judged at; zero: the last day of the period's window.
	At time.Time
}

// Aggregate adds up unit reports into the report of their parent unit into (an agency code such as
// "000.00.00.H53", or an administrative-unit code such as "68"). Whole quantities (counts, persons, VND) are
// summed, items by key; shares are never averaged: each percent indicator that is the target of a ratio rule is
// recomputed from the summed numerator and denominator, and other percent or score indicators are left empty.
// Reports from units outside into, of another period, or sent twice are left out with a finding; expected units
// without a report give a completeness finding. A unit merged into into by the 2025 reorganisation (Nghị quyết
// 202/2025/QH15) is counted under it. Work is linear in the number of reports and indicators.
func Aggregate(s *Schema, into string, reports []*Values, opts AggregateOptions) (*Values, *diag.Report) {
	if opts.Period == "" && len(reports) > 0 {
		opts.Period = reports[0].Period
	}
	a := NewAggregator(s, into, opts)
	for _, r := range reports {
		a.Add(r)
	}
	return a.Result()
}

// Aggregator is Aggregate one report at a time, so that reports can be read, validated and added without being
// held: its memory is one Values plus one entry per unit seen. It is not safe for concurrent use.
type Aggregator struct {
	out  *Values
	m    *membership
	rep  *diag.Report
	seen map[string]bool
}

// NewAggregator returns an aggregator of reports into the unit into for opts.Period (required here: the period
// decides which units existed).
func NewAggregator(s *Schema, into string, opts AggregateOptions) *Aggregator {
	out := NewValues(s)
	out.ReportingUnit, out.Period = into, opts.Period
	return &Aggregator{out: out, m: newMembership(s, into, opts.Period, opts), rep: &diag.Report{}, seen: map[string]bool{}}
}

// Add counts one unit report, or leaves it out with a finding.
func (a *Aggregator) Add(r *Values) {
	code := r.ReportingUnit
	switch {
	case r.Period != a.out.Period:
		a.rep.Add(rulePeriodMismatch.New(code, code, r.Period, a.out.Period))
		return
	case a.seen[code]:
		a.rep.Add(ruleTwice.New(code, code))
		return
	}
	ok, merged := a.m.member(code)
	if !ok {
		a.rep.Add(ruleNotChild.New(code, code, a.out.ReportingUnit))
		return
	}
	if merged != "" {
		a.rep.Add(ruleMerged.New(code, code, merged, a.m.at.Format(time.DateOnly)))
	}
	a.seen[code] = true
	addValues(a.out, r)
}

// Result returns the aggregate, with its ratios recomputed, and the findings, completeness last. The aggregator
// must not be used afterwards.
func (a *Aggregator) Result() (*Values, *diag.Report) {
	for _, code := range a.m.expected {
		if !a.seen[code] {
			a.rep.Add(ruleIncomplete.New(code, code, a.m.names[code], a.out.ReportingUnit))
		}
	}
	recomputeRatios(a.out.Schema, a.out)
	return a.out, a.rep
}

// additive reports whether values of the unit may be summed across units.
func additive(u Unit) bool { return u.Integer }

func addValues(out, r *Values) {
	s := out.Schema
	for i := range s.Indicators {
		if !r.has[i] || !additive(s.UnitOf(i)) {
			continue
		}
		if r.items[i] != nil {
			if out.items[i] == nil {
				out.items[i] = make(map[string]float64, len(r.items[i]))
			}
			for k, x := range r.items[i] {
				out.items[i][k] += x
			}
		}
		out.v[i] += r.v[i]
		out.has[i], out.dec[i] = true, -1
	}
}

// recomputeRatios sets every ratio target from its summed counts.
func recomputeRatios(s *Schema, v *Values) {
	for _, r := range s.Rules {
		if r.Kind != RuleRatio {
			continue
		}
		nu, ok1 := v.Get(r.Numerator)
		de, ok2 := v.Get(r.Denominator)
		if ok1 && ok2 && de != 0 {
			scale := r.Scale
			if scale == 0 {
				scale = 100
			}
			v.Set(r.Target, scale*nu/de)
		}
	}
}

// membership decides which reports belong to an aggregate.
type membership struct {
	into     string
	intoCode agencycode.Code
	isAgency bool
	at       time.Time
	expected []string
	names    map[string]string
	set      map[string]bool
	units    *adminunit.Registry
}

func newMembership(s *Schema, into, period string, opts AggregateOptions) *membership {
	m := &membership{into: into, at: opts.At, names: map[string]string{}, units: opts.AdminUnits}
	if m.at.IsZero() {
		m.at = time.Now().In(vntime.Location())
		if p, err := ParsePeriod(s.Regime, period); err == nil {
			_, to := p.Window()
			m.at = to.Time(vntime.Location())
		}
	}
	if m.units == nil {
		m.units = adminunit.DefaultRegistry()
	}
	if c, err := agencycode.Parse(into); err == nil && c.Form() == agencycode.FormQCVN102 {
		m.intoCode, m.isAgency = c, true
	}
	switch {
	case opts.Expected != nil:
		m.expected = opts.Expected
	case m.isAgency:
		reg := opts.Agencies
		if reg == nil {
			reg = agencycode.DefaultRegistry()
		}
		for _, e := range reg.Children(m.intoCode, m.at) {
			m.expected = append(m.expected, e.Code.String())
			m.names[e.Code.String()] = e.Name
		}
	default:
		// A province formed by the 2025 mergers expects the reports of the provinces it absorbed; one that only
		// continued itself (Hà Nội: 01 → 01) expects its communes.
		merged := false
		for _, mg := range m.units.Predecessors(into, m.at) {
			m.expected = append(m.expected, mg.From)
			merged = merged || mg.From != into
		}
		if !merged {
			m.expected = nil
			for _, u := range m.units.Children(into, m.at) {
				m.expected = append(m.expected, u.Code)
			}
		}
		for _, c := range m.expected {
			if u, ok := m.units.Lookup(c, m.at.AddDate(0, 0, -1)); ok {
				m.names[c] = u.Name
			} else if u, ok := m.units.Lookup(c, m.at); ok {
				m.names[c] = u.Name
			}
		}
	}
	if opts.Expected != nil {
		m.set = make(map[string]bool, len(opts.Expected))
		for _, c := range opts.Expected {
			m.set[c] = true
		}
	}
	return m
}

// member reports whether the unit with the code belongs to the aggregate and, when it does through a 2025
// merger, the unit it merged into.
func (m *membership) member(code string) (ok bool, merged string) {
	if m.set != nil {
		return m.set[code], ""
	}
	if m.isAgency {
		// Direct children only: a district's report already holds its communes, so grandchildren would count twice.
		c, err := agencycode.Parse(code)
		if err != nil {
			return false, ""
		}
		p, ok := c.Parent()
		return ok && p == m.intoCode, ""
	}
	if len(code) == len(m.into) {
		// A unit of the same level: one that merged into the aggregate.
		u, found := m.units.Successor(code, m.at)
		if found && u.Code == m.into && code != m.into {
			return true, fmt.Sprintf("%s (%s)", u.Code, u.Name)
		}
		return found && u.Code == m.into, ""
	}
	u, found := m.units.Lookup(code, m.at)
	if !found {
		return false, ""
	}
	if u.Parent == m.into {
		return true, ""
	}
	p, found := m.units.Successor(u.Parent, m.at)
	return found && p.Code == m.into, ""
}
