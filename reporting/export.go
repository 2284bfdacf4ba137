package reporting

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/vnegov/egov/diag"
)

// ExportOptions tunes the exports.
type ExportOptions struct {
	// Lang is "vi" (default) or "en": the language of labels.
	Lang string
	// Previous holds the previous period's values, for year-on-year columns and charts; nil leaves them out.
	Previous *Values
	// Findings are the validation findings, listed in the workbook and the page; nil leaves them out.
	Findings *diag.Report
}

func (o ExportOptions) en() bool { return o.Lang == "en" }

// pick returns the label in the export's language.
func (o ExportOptions) pick(vi, en string) string {
	if o.en() && en != "" {
		return en
	}
	return vi
}

// row is one line of an export: an indicator, or one item of a breakdown indicator.
type row struct {
	ind      Indicator
	unit     Unit
	item     string
	value    float64
	has      bool
	decimals int
	prev     float64
	hasPrev  bool
}

// rows lists the figures of a section in schema order, items after their indicator.
func rows(v *Values, section string, prev *Values) []row {
	var out []row
	for i, ind := range v.Schema.Indicators {
		if ind.Section != section {
			continue
		}
		r := row{ind: ind, unit: v.Schema.UnitOf(i), value: v.v[i], has: v.has[i], decimals: int(v.dec[i])}
		if prev != nil && prev.Schema == v.Schema {
			r.prev, r.hasPrev = prev.v[i], prev.has[i]
		}
		out = append(out, r)
		keys, items := v.Items(ind.ID)
		for _, k := range keys {
			out = append(out, row{ind: ind, unit: r.unit, item: k, value: items[k], has: true, decimals: -1})
		}
	}
	return out
}

// valueText writes a value the Vietnamese way with its printed decimals, or up to four computed ones.
func valueText(x float64, decimals int) string {
	if decimals >= 0 {
		return FormatVietnamese(x, decimals)
	}
	s := strconv.FormatFloat(x, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	return FormatVietnamese(x, d)
}

// jsonIndicator is one indicator of the JSON export.
type jsonIndicator struct {
	ID      string             `json:"id"`
	Section string             `json:"section"`
	NameVI  string             `json:"name_vi"`
	NameEN  string             `json:"name_en"`
	Unit    string             `json:"unit"`
	Value   float64            `json:"value"`
	Items   map[string]float64 `json:"items,omitempty"`
	Target  float64            `json:"target,omitempty"`
	// Previous is the previous period's value, when given.
	Previous *float64 `json:"previous,omitempty"`
}

// jsonReport is the JSON export.
type jsonReport struct {
	Schema        string            `json:"schema"`
	SchemaVersion string            `json:"schema_version"`
	Period        string            `json:"period,omitempty"`
	ReportingUnit string            `json:"reporting_unit,omitempty"`
	Indicators    []jsonIndicator   `json:"indicators"`
	Diagnostics   []diag.Diagnostic `json:"diagnostics,omitempty"`
}

// WriteJSON writes the values as one JSON object: the schema, the period, the reporting unit and the indicators
// that have a value, with both names and the unit, and the findings when given.
func WriteJSON(w io.Writer, v *Values, opts ExportOptions) error {
	out := jsonReport{Schema: v.Schema.ID, SchemaVersion: v.Schema.Version, Period: v.Period,
		ReportingUnit: v.ReportingUnit, Indicators: []jsonIndicator{}}
	for i, ind := range v.Schema.Indicators {
		if !v.has[i] {
			continue
		}
		ji := jsonIndicator{ID: ind.ID, Section: ind.Section, NameVI: ind.NameVI, NameEN: ind.NameEN, Unit: ind.Unit,
			Value: v.v[i], Target: ind.Target}
		_, ji.Items = v.Items(ind.ID)
		if opts.Previous != nil {
			if p, ok := opts.Previous.Get(ind.ID); ok {
				ji.Previous = &p
			}
		}
		out.Indicators = append(out.Indicators, ji)
	}
	if opts.Findings != nil {
		out.Diagnostics = opts.Findings.Diagnostics
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteCSV writes the values in the long CSV form that ReadCSV reads back: indicator, item, value (written the
// Vietnamese way), unit, period, reporting_unit.
func WriteCSV(w io.Writer, v *Values, opts ExportOptions) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{ColIndicator, ColItem, ColValue, ColUnit, ColPeriod, ColReportingUnit})
	for _, sec := range v.Schema.Sections {
		for _, r := range rows(v, sec.ID, nil) {
			if !r.has || (r.item == "" && r.ind.Items != "") {
				continue // a breakdown indicator is written as its items
			}
			_ = cw.Write([]string{r.ind.ID, r.item, valueText(r.value, r.decimals), r.unit.ID, v.Period, v.ReportingUnit})
		}
	}
	cw.Flush()
	return cw.Error()
}
