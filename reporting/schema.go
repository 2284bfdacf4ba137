package reporting

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// MaxSchemaBytes bounds a schema file read by LoadSchema.
const MaxSchemaBytes = 4 << 20

// Schema is the definition of a report: what is reported (indicators, grouped in sections that follow the report's
// outline), in which units, on which cycle, and the rules that link the figures. It is data: LoadSchema reads it
// from JSON (the format is documented by schema.json in this package), and the built-in schemas are embedded
// files of the same format.
type Schema struct {
	// ID names the schema ("it-annual"); instances refer to it.
	ID string `json:"id"`
	// Version is the schema's version; indicator ids are stable across versions.
	Version string `json:"version"`
	// TitleVI and TitleEN name the report.
	TitleVI string `json:"title_vi"`
	TitleEN string `json:"title_en"`
	// Source cites the regulation or documents the schema is drawn from, in English; SourceVI says the same in
	// Vietnamese (optional: exports in Vietnamese fall back to Source without it). SourceText picks one.
	Source   string `json:"source"`
	SourceVI string `json:"source_vi,omitempty"`
	// Regime is the reporting cycle (NĐ 09/2019 Điều 12): monthly, quarterly, half-yearly, nine-monthly or yearly.
	Regime Regime `json:"regime"`
	// Units declares units beyond the built-in ones (count, person, vnd, percent, number, score).
	Units []Unit `json:"units,omitempty"`
	// Sections follow the report's outline.
	Sections []Section `json:"sections"`
	// Indicators are the figures of the report.
	Indicators []Indicator `json:"indicators"`
	// Rules link the figures, checked in layers: calculation (sum, ratio) then assertions.
	Rules []Rule `json:"rules"`
	// Charts are the charts exports draw.
	Charts []Chart `json:"charts,omitempty"`
	// Dimensions describes the dimensions of observations (reporting unit, tier, period, item).
	Dimensions []Dimension `json:"dimensions,omitempty"`

	index map[string]int
	units map[string]Unit
}

// SourceText is the schema's source in lang ("vi" or "en"): SourceVI for Vietnamese when the schema has one,
// else Source.
func (s *Schema) SourceText(lang string) string {
	if lang != "en" && s.SourceVI != "" {
		return s.SourceVI
	}
	return s.Source
}

// Section is one part of the report's outline.
type Section struct {
	ID     string `json:"id"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
}

// Dimension describes one dimension of an observation (SDMX: who, when, what).
type Dimension struct {
	// ID is "reporting_unit", "tier", "period", "item" or a schema-specific name.
	ID     string `json:"id"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	// Codelist lists the allowed values, empty when free (an agency code, a period).
	Codelist []string `json:"codelist,omitempty"`
}

// Unit is a unit of measure.
type Unit struct {
	// ID is the unit id indicators refer to ("count", "vnd", "percent").
	ID     string `json:"id"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	// Integer says that values are whole (counts, amounts in VND); it decides how "3.128" and "3,222" are read.
	Integer bool `json:"integer"`
	// Aliases are other spellings accepted in the unit column of an instance ("%", "VNĐ", "đồng").
	Aliases []string `json:"aliases,omitempty"`
}

// builtinUnits are the units every schema knows.
var builtinUnits = []Unit{
	{ID: "count", NameVI: "số lượng", NameEN: "count", Integer: true, Aliases: []string{"cái", "chiếc", "máy", "hồ sơ", "văn bản", "điểm", "dịch vụ", "đơn vị"}},
	{ID: "person", NameVI: "người", NameEN: "persons", Integer: true, Aliases: []string{"người"}},
	{ID: "vnd", NameVI: "đồng", NameEN: "VND", Integer: true, Aliases: []string{"VND", "VNĐ", "đồng", "vnđ"}},
	{ID: "percent", NameVI: "%", NameEN: "%", Aliases: []string{"%", "phần trăm"}},
	{ID: "number", NameVI: "số", NameEN: "number"},
	{ID: "score", NameVI: "điểm", NameEN: "points"},
}

// Indicator is one figure of a report ("chỉ tiêu").
type Indicator struct {
	// ID is the stable identifier users write in their files ("cert_issued"); public API.
	ID string `json:"id"`
	// Section is the id of the section the indicator belongs to.
	Section string `json:"section"`
	NameVI  string `json:"name_vi"`
	NameEN  string `json:"name_en"`
	// Unit is the id of the indicator's unit.
	Unit string `json:"unit"`
	// Required makes a missing value a structure finding.
	Required bool `json:"required,omitempty"`
	// Items, when set, names the breakdown dimension: the indicator holds one value per item (a project, a field)
	// and sum rules may add them up as "id[*]".
	Items string `json:"items,omitempty"`
	// Codelist restricts item keys when not empty.
	Codelist []string `json:"codelist,omitempty"`
	// Target is the planned value, drawn against the actual one in charts; zero means none.
	Target float64 `json:"target,omitempty"`
	// Weight is the indicator's weight in a composite index (DTI); uncertain weights are marked so in Note.
	Weight float64 `json:"weight,omitempty"`
	// Note documents the indicator (where the seeds print it, doubts about it).
	Note string `json:"note,omitempty"`
}

// RuleKind is the kind of a rule.
type RuleKind string

// Rule kinds.
const (
	// RuleSum is "target = term + term + …" within Tolerance (absolute, in the unit; default 0).
	RuleSum RuleKind = "sum"
	// RuleRatio is "target ≈ Scale·numerator/denominator" within Tolerance in percentage points; without one, half a
	// unit of the last digit printed in the target ("3,75" → 0.005).
	RuleRatio RuleKind = "ratio"
	// RuleCompare is "left op right", right an indicator or Value.
	RuleCompare RuleKind = "compare"
	// RuleRequiredIf makes Target required when When is reported.
	RuleRequiredIf RuleKind = "required_if"
	// RuleRange is "Min ≤ value ≤ Max" for each of Indicators.
	RuleRange RuleKind = "range"
	// RuleCrossPeriod is "this period op the previous period" for Target, normally a warning.
	RuleCrossPeriod RuleKind = "cross_period"
)

// Rule is a check between figures, as data.
type Rule struct {
	// ID names the rule in findings.
	ID   string   `json:"id"`
	Kind RuleKind `json:"kind"`
	// Severity is "error", "warning" or "info"; default error (warning for cross_period).
	Severity string `json:"severity,omitempty"`
	// MessageVI and MessageEN explain the rule; findings quote them.
	MessageVI string `json:"message_vi,omitempty"`
	MessageEN string `json:"message_en,omitempty"`
	// Target is the checked indicator of sum, ratio, required_if and cross_period.
	Target string `json:"target,omitempty"`
	// Terms are the addends of a sum ("id" or "id[*]" for all items of a breakdown indicator).
	Terms []string `json:"terms,omitempty"`
	// Numerator and Denominator are the indicators of a ratio.
	Numerator   string `json:"numerator,omitempty"`
	Denominator string `json:"denominator,omitempty"`
	// Scale multiplies a ratio; default 100 (percent).
	Scale float64 `json:"scale,omitempty"`
	// Tolerance is the allowed difference, nil for the default of the kind.
	Tolerance *float64 `json:"tolerance,omitempty"`
	// Left, Op and Right (or Value) make a comparison; Op is one of <, <=, =, >=, >, !=.
	Left  string   `json:"left,omitempty"`
	Op    string   `json:"op,omitempty"`
	Right string   `json:"right,omitempty"`
	Value *float64 `json:"value,omitempty"`
	// When is the indicator whose presence makes Target required (required_if).
	When string `json:"when,omitempty"`
	// Indicators, Min and Max make a range rule.
	Indicators []string `json:"indicators,omitempty"`
	Min        *float64 `json:"min,omitempty"`
	Max        *float64 `json:"max,omitempty"`
}

// Chart is a chart that exports draw from the values.
type Chart struct {
	ID      string `json:"id"`
	TitleVI string `json:"title_vi"`
	TitleEN string `json:"title_en"`
	// Kind is "bar" (values, with targets when Indicator.Target is set) or "year_on_year" (this period against the
	// previous one).
	Kind string `json:"kind"`
	// Indicators are the bars.
	Indicators []string `json:"indicators"`
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// LoadSchema reads a schema from JSON and checks it (ids well formed and unique, references resolved, rules
// complete). Unknown fields are errors so that a typo in a rule does not silently disable it.
func LoadSchema(r io.Reader) (*Schema, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSchemaBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reporting: schema: %w", err)
	}
	if len(b) > MaxSchemaBytes {
		return nil, fmt.Errorf("reporting: schema: larger than %d bytes", MaxSchemaBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Schema
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("reporting: schema: %w", err)
	}
	if err := s.init(); err != nil {
		return nil, err
	}
	return &s, nil
}

// init checks the schema and builds its indexes.
func (s *Schema) init() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idPattern.MatchString(strings.ReplaceAll(s.ID, "-", "_")) {
		bad("id %q: want lower-case letters, digits, '-' or '_'", s.ID)
	}
	if _, err := s.Regime.normalize(); err != nil {
		bad("%v", err)
	}
	s.units = map[string]Unit{}
	for _, u := range slices.Concat(builtinUnits, s.Units) {
		s.units[u.ID] = u
	}
	sections := map[string]bool{}
	for _, sec := range s.Sections {
		sections[sec.ID] = true
	}
	s.index = make(map[string]int, len(s.Indicators))
	for i, ind := range s.Indicators {
		if _, dup := s.index[ind.ID]; dup {
			bad("indicator %q: declared twice", ind.ID)
		}
		if !idPattern.MatchString(ind.ID) {
			bad("indicator %q: id must match %s", ind.ID, idPattern)
		}
		if _, ok := s.units[ind.Unit]; !ok {
			bad("indicator %q: unknown unit %q", ind.ID, ind.Unit)
		}
		if !sections[ind.Section] {
			bad("indicator %q: unknown section %q", ind.ID, ind.Section)
		}
		s.index[ind.ID] = i
	}
	ids := map[string]bool{}
	for _, r := range s.Rules {
		if ids[r.ID] {
			bad("rule %q: declared twice", r.ID)
		}
		ids[r.ID] = true
		if err := s.checkRule(r); err != nil {
			bad("rule %q: %v", r.ID, err)
		}
	}
	for _, c := range s.Charts {
		for _, id := range c.Indicators {
			if _, ok := s.index[id]; !ok {
				bad("chart %q: unknown indicator %q", c.ID, id)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("reporting: schema %s: %w", s.ID, errors.Join(errs...))
	}
	return nil
}

func (s *Schema) checkRule(r Rule) error {
	need := func(ids ...string) error {
		for _, id := range ids {
			id = strings.TrimSuffix(id, "[*]")
			if id == "" {
				return fmt.Errorf("%s rule lacks an indicator", r.Kind)
			}
			if _, ok := s.index[id]; !ok {
				return fmt.Errorf("unknown indicator %q", id)
			}
		}
		return nil
	}
	if r.Severity != "" {
		if _, err := parseSeverity(r.Severity); err != nil {
			return err
		}
	}
	switch r.Kind {
	case RuleSum:
		if len(r.Terms) == 0 {
			return errors.New("sum rule without terms")
		}
		return need(append([]string{r.Target}, r.Terms...)...)
	case RuleRatio:
		return need(r.Target, r.Numerator, r.Denominator)
	case RuleCompare, RuleCrossPeriod:
		if _, ok := compareOps[r.Op]; !ok {
			return fmt.Errorf("unknown op %q (want <, <=, =, >=, >, !=)", r.Op)
		}
		if r.Kind == RuleCrossPeriod {
			return need(r.Target)
		}
		if r.Value == nil {
			return need(r.Left, r.Right)
		}
		return need(r.Left)
	case RuleRequiredIf:
		return need(r.Target, r.When)
	case RuleRange:
		if r.Min == nil && r.Max == nil {
			return errors.New("range rule without min or max")
		}
		if len(r.Indicators) == 0 {
			return errors.New("range rule without indicators")
		}
		return need(r.Indicators...)
	}
	return fmt.Errorf("unknown kind %q", r.Kind)
}

// Indicator returns the indicator with the id.
func (s *Schema) Indicator(id string) (Indicator, bool) {
	i, ok := s.index[id]
	if !ok {
		return Indicator{}, false
	}
	return s.Indicators[i], true
}

// IndicatorIndex returns the position of the indicator in Indicators, or -1.
func (s *Schema) IndicatorIndex(id string) int {
	if i, ok := s.index[id]; ok {
		return i
	}
	return -1
}

// UnitOf returns the unit of the indicator at index i.
func (s *Schema) UnitOf(i int) Unit { return s.units[s.Indicators[i].Unit] }

// unitMatches reports whether the text of a unit column names the unit u.
func unitMatches(u Unit, text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || strings.EqualFold(text, u.ID) {
		return true
	}
	for _, a := range u.Aliases {
		if strings.EqualFold(text, a) {
			return true
		}
	}
	return false
}

// Section returns the section with the id.
func (s *Schema) Section(id string) (Section, bool) {
	for _, sec := range s.Sections {
		if sec.ID == id {
			return sec, true
		}
	}
	return Section{}, false
}
