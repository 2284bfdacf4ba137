package reporting

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
)

// ValidateOptions tunes Validate. The zero value checks an instance on its own.
type ValidateOptions struct {
	// Previous holds the previous period's values, for cross_period rules; nil skips them.
	Previous *Values
}

// Validate checks an instance against the schema in layers, as XBRL checks a filing: structure (known
// indicators, units, number formats, duplicates, required figures, period and reporting unit), then calculation
// (sum and ratio rules), then assertions (comparisons, required-if, ranges, cross-period). Figures that fail the
// structure layer are left out of the later ones, and a rule with a missing operand is skipped: missing figures are
// the business of required and required_if. It returns the values that passed and the findings.
func Validate(s *Schema, inst *Instance, opts ValidateOptions) (*Values, *diag.Report) {
	rep := &diag.Report{}
	vals := NewValues(s)
	vals.Period, vals.ReportingUnit = inst.Period, inst.ReportingUnit
	checkStructure(s, inst, vals, rep)
	for _, r := range s.Rules {
		if r.Kind == RuleSum || r.Kind == RuleRatio {
			checkRule(r, vals, opts, rep)
		}
	}
	for _, r := range s.Rules {
		if r.Kind != RuleSum && r.Kind != RuleRatio {
			checkRule(r, vals, opts, rep)
		}
	}
	return vals, rep
}

func checkStructure(s *Schema, inst *Instance, vals *Values, rep *diag.Report) {
	if inst.Schema != "" && inst.Schema != s.ID {
		rep.Add(ruleWrongSchema.New("schema", inst.Schema, s.ID))
	}
	if inst.Period != "" {
		if _, err := ParsePeriod(s.Regime, inst.Period); err != nil {
			rep.Add(rulePeriod.New("period", inst.Period, strings.TrimPrefix(err.Error(), "reporting: ")))
		}
	}
	if u := inst.ReportingUnit; u != "" && !validUnitCode(u) {
		rep.Add(ruleReportingUnit.New("reporting_unit", u))
	}
	for i := range inst.Observations {
		checkObservation(s, &inst.Observations[i], vals, rep)
	}
	for i, ind := range s.Indicators {
		if ind.Required && !vals.has[i] {
			rep.Add(ruleMissing.New(ind.ID, ind.ID, ind.NameEN))
		}
	}
}

// validUnitCode accepts an agency code (QĐ 20/2020) or an administrative-unit code of 2, 3 or 5 digits.
func validUnitCode(u string) bool {
	if _, err := agencycode.Parse(u); err == nil {
		return true
	}
	return (len(u) == 2 || len(u) == 3 || len(u) == 5) && allDigits(u)
}

func at(r diag.Rule, l Location, args ...any) diag.Diagnostic {
	return r.At(l.Path, l.Line, l.Column, args...)
}

func checkObservation(s *Schema, o *Observation, vals *Values, rep *diag.Report) {
	i := s.IndicatorIndex(o.Indicator)
	if i < 0 {
		rep.Add(at(ruleUnknownIndicator, o.Loc, o.Indicator, s.ID))
		return
	}
	ind, unit := s.Indicators[i], s.UnitOf(i)
	if !unitMatches(unit, o.Unit) {
		rep.Add(at(ruleWrongUnit, o.Loc, ind.ID, unit.ID, o.Unit))
		return
	}
	if o.Formula != "" {
		rep.Add(at(ruleFormula, o.Loc, truncate(o.Formula, 60)))
		return
	}
	if (ind.Items == "") != (o.Item == "") || (len(ind.Codelist) > 0 && !contains(ind.Codelist, o.Item)) {
		rep.Add(at(ruleItem, o.Loc, ind.ID, o.Item))
		return
	}
	n, ok := parseObservation(o, unit.Integer)
	if !ok {
		rep.Add(at(ruleNotNumber, o.Loc, ind.ID, truncate(o.Raw, 40)))
		return
	}
	if n.Percent && unit.ID != "percent" {
		rep.Add(at(rulePercentSign, o.Loc, ind.ID, unit.ID, o.Raw))
		return
	}
	switch n.Issue {
	case IssueMixed:
		rep.Add(at(ruleMixed, o.Loc, ind.ID, o.Raw, num(n.Value)))
	case IssueEnglish:
		rep.Add(at(ruleEnglish, o.Loc, ind.ID, o.Raw, num(n.Value)))
	case IssueAmbiguous:
		rep.Add(at(ruleAmbiguous, o.Loc, ind.ID, o.Raw, num(n.Value)))
	}
	if unit.Integer && n.Value != math.Trunc(n.Value) {
		rep.Add(at(ruleNotWhole, o.Loc, ind.ID, unit.ID, o.Raw))
		return
	}
	if ind.Items != "" {
		if _, dup := vals.items[i][o.Item]; dup {
			rep.Add(at(ruleDuplicate, o.Loc, ind.ID+"["+o.Item+"]"))
			return
		}
		vals.SetItem(ind.ID, o.Item, n.Value)
		vals.loc[i] = o.Loc
		return
	}
	if vals.has[i] {
		rep.Add(at(ruleDuplicate, o.Loc, ind.ID))
		return
	}
	vals.v[i], vals.has[i], vals.dec[i], vals.loc[i] = n.Value, true, int8(min(n.Decimals, 100)), o.Loc
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseObservation reads the raw value: a machine number as such, anything else as people type it.
func parseObservation(o *Observation, integer bool) (Number, bool) {
	if !o.Machine {
		return ParseNumber(o.Raw, integer)
	}
	if len(o.Raw) > MaxNumberLen {
		return Number{}, false
	}
	v, err := strconv.ParseFloat(o.Raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return Number{}, false
	}
	dec := 0
	if i := strings.IndexByte(o.Raw, '.'); i >= 0 && !strings.ContainsAny(o.Raw, "eE") {
		dec = len(o.Raw) - i - 1
	}
	return Number{Value: v, Decimals: dec}, true
}

// severity returns the rule's severity, or def.
func (r Rule) severity(def diag.Severity) diag.Severity {
	if s, err := parseSeverity(r.Severity); err == nil && r.Severity != "" {
		return s
	}
	return def
}

// finding builds a finding of kind k for rule r, with the rule's own message appended in each language.
func finding(k diag.Rule, r Rule, l Location, args ...any) diag.Diagnostic {
	d := k.At(l.Path, l.Line, l.Column, append(args, suffix(r.MessageEN))...)
	d.MessageVI = fmt.Sprintf(k.MessageVI, append(args, suffix(r.MessageVI))...)
	d.Severity = r.severity(k.Severity)
	return d
}

func suffix(m string) string {
	if m == "" {
		return ""
	}
	return ": " + m
}

// eps absorbs floating-point noise when comparing sums of whole numbers and ratios.
const eps = 1e-9

func checkRule(r Rule, v *Values, opts ValidateOptions, rep *diag.Report) {
	switch r.Kind {
	case RuleSum:
		checkSum(r, v, rep)
	case RuleRatio:
		checkRatio(r, v, rep)
	case RuleCompare:
		left, ok := v.Get(r.Left)
		right, rname := 0.0, r.Right
		if r.Value != nil {
			right, rname = *r.Value, "value"
		} else if rv, ok2 := v.Get(r.Right); ok2 {
			right = rv
		} else {
			return
		}
		if ok && !compareOps[r.Op](left, right) {
			rep.Add(finding(ruleCompare, r, v.locOf(r.Left), r.ID, r.Left, num(left), r.Op, rname, num(right)))
		}
	case RuleRequiredIf:
		if _, when := v.Get(r.When); when {
			if _, has := v.Get(r.Target); !has {
				rep.Add(finding(ruleRequiredIf, r, v.locOf(r.When), r.ID, r.Target, r.When))
			}
		}
	case RuleRange:
		for _, id := range r.Indicators {
			x, ok := v.Get(id)
			if ok && ((r.Min != nil && x < *r.Min-eps) || (r.Max != nil && x > *r.Max+eps)) {
				rep.Add(finding(ruleRange, r, v.locOf(id), r.ID, id, num(x), bound(r.Min, "-∞"), bound(r.Max, "+∞")))
			}
		}
	case RuleCrossPeriod:
		if opts.Previous == nil {
			return
		}
		cur, ok := v.Get(r.Target)
		prev, okp := opts.Previous.Get(r.Target)
		if ok && okp && !compareOps[r.Op](cur, prev) {
			rep.Add(finding(ruleCrossPeriod, r, v.locOf(r.Target), r.ID, r.Target, num(cur), num(prev), r.Op))
		}
	}
}

func bound(p *float64, none string) string {
	if p == nil {
		return none
	}
	return num(*p)
}

func checkSum(r Rule, v *Values, rep *diag.Report) {
	target, ok := v.Get(r.Target)
	if !ok {
		return
	}
	total := 0.0
	for _, t := range r.Terms {
		x, ok := v.term(t)
		if !ok {
			return // an addend is missing: the rule cannot be judged
		}
		total += x
	}
	tol := 0.0
	if r.Tolerance != nil {
		tol = *r.Tolerance
	}
	if diff := target - total; math.Abs(diff) > tol+eps*math.Max(1, math.Abs(target)) {
		rep.Add(finding(ruleSum, r, v.locOf(r.Target), r.ID, r.Target, num(target),
			strings.Join(r.Terms, " + "), num(total), num(diff)))
	}
}

// ratioTolerance is the rule's tolerance, or half a unit of the last digit printed in the target: a share printed
// "3,75" may stand for anything in [3.745, 3.755). A computed target (no printed digits) gets 0.05 points.
func ratioTolerance(r Rule, decimals int) float64 {
	if r.Tolerance != nil {
		return *r.Tolerance
	}
	if decimals < 0 {
		decimals = 1
	}
	return 0.5 * math.Pow10(-decimals)
}

func checkRatio(r Rule, v *Values, rep *diag.Report) {
	target, ok1 := v.Get(r.Target)
	nu, ok2 := v.Get(r.Numerator)
	de, ok3 := v.Get(r.Denominator)
	if !ok1 || !ok2 || !ok3 || de == 0 {
		return
	}
	scale := r.Scale
	if scale == 0 {
		scale = 100
	}
	want := scale * nu / de
	tol := ratioTolerance(r, v.Decimals(r.Target))
	if math.Abs(target-want) > tol+eps {
		rep.Add(finding(ruleRatio, r, v.locOf(r.Target), r.ID, r.Target, num(target), r.Numerator, r.Denominator,
			num(want), num(tol)))
	}
}

var compareOps = map[string]func(a, b float64) bool{
	"<":  func(a, b float64) bool { return a < b-eps },
	"<=": func(a, b float64) bool { return a <= b+eps },
	"=":  func(a, b float64) bool { return math.Abs(a-b) <= eps*math.Max(1, math.Abs(a)) },
	">=": func(a, b float64) bool { return a >= b-eps },
	">":  func(a, b float64) bool { return a > b+eps },
	"!=": func(a, b float64) bool { return math.Abs(a-b) > eps*math.Max(1, math.Abs(a)) },
}
