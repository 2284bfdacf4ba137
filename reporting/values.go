package reporting

import (
	"maps"
	"slices"
)

// Values are the figures of one report once read and checked, indexed by the schema's indicators: what rules,
// aggregation and exports work on. Build them with Validate, NewValues or Aggregate.
type Values struct {
	// Schema is the schema the values follow.
	Schema *Schema
	// Period is the report's period ("2021").
	Period string
	// ReportingUnit is the code of the reporting body.
	ReportingUnit string

	v     []float64
	has   []bool
	dec   []int8 // digits printed after the decimal mark; -1 when the value was computed
	items []map[string]float64
	loc   []Location
}

// NewValues returns empty values of the schema.
func NewValues(s *Schema) *Values {
	n := len(s.Indicators)
	return &Values{Schema: s, v: make([]float64, n), has: make([]bool, n), dec: make([]int8, n),
		items: make([]map[string]float64, n), loc: make([]Location, n)}
}

// Get returns the value of the indicator; for an indicator with items, the sum of its items.
func (v *Values) Get(id string) (float64, bool) {
	i := v.Schema.IndicatorIndex(id)
	if i < 0 || !v.has[i] {
		return 0, false
	}
	return v.v[i], true
}

// Set sets the value of an indicator (computed, so ratio tolerances use their default). It reports false for an
// unknown id.
func (v *Values) Set(id string, x float64) bool {
	i := v.Schema.IndicatorIndex(id)
	if i < 0 {
		return false
	}
	v.v[i], v.has[i], v.dec[i] = x, true, -1
	return true
}

// SetItem sets one item of a breakdown indicator and keeps the indicator's value equal to the sum of its items.
func (v *Values) SetItem(id, item string, x float64) bool {
	i := v.Schema.IndicatorIndex(id)
	if i < 0 {
		return false
	}
	if v.items[i] == nil {
		v.items[i] = map[string]float64{}
	}
	v.v[i] += x - v.items[i][item]
	v.items[i][item] = x
	v.has[i], v.dec[i] = true, -1
	return true
}

// Items returns the item keys of a breakdown indicator, sorted, and their values.
func (v *Values) Items(id string) ([]string, map[string]float64) {
	i := v.Schema.IndicatorIndex(id)
	if i < 0 || v.items[i] == nil {
		return nil, nil
	}
	return slices.Sorted(maps.Keys(v.items[i])), maps.Clone(v.items[i])
}

// Decimals returns the digits printed after the decimal mark of the indicator's value, or -1 when the value was
// computed or is absent.
func (v *Values) Decimals(id string) int {
	i := v.Schema.IndicatorIndex(id)
	if i < 0 || !v.has[i] {
		return -1
	}
	return int(v.dec[i])
}

// Len returns the number of indicators with a value.
func (v *Values) Len() int {
	n := 0
	for _, h := range v.has {
		if h {
			n++
		}
	}
	return n
}

// term returns the value of a rule term: "id", or "id[*]" for the sum of its items.
func (v *Values) term(t string) (float64, bool) {
	if len(t) > 3 && t[len(t)-3:] == "[*]" {
		t = t[:len(t)-3]
	}
	return v.Get(t)
}

func (v *Values) locOf(id string) Location {
	id = trimItems(id)
	if i := v.Schema.IndicatorIndex(id); i >= 0 {
		if l := v.loc[i]; l.Path != "" || l.Line > 0 {
			return l
		}
	}
	return Location{Path: id}
}

func trimItems(t string) string {
	if len(t) > 3 && t[len(t)-3:] == "[*]" {
		return t[:len(t)-3]
	}
	return t
}
