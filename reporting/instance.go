package reporting

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/vnegov/egov/diag"
)

// Instance is one report as read from a file, before validation: the figures as they were typed, with where they
// were found. Validate turns it into Values and findings.
type Instance struct {
	// Schema is the id of the schema the instance says it follows ("" when it does not say).
	Schema string `json:"schema,omitempty"`
	// Period is the report's period as written ("2021", "2026-Q1").
	Period string `json:"period,omitempty"`
	// ReportingUnit is the agency code or administrative-unit code of the reporting body.
	ReportingUnit string `json:"reporting_unit,omitempty"`
	// Observations are the figures, in the order of the file.
	Observations []Observation `json:"observations"`
}

// Observation is one figure of an instance (an SDMX observation).
type Observation struct {
	// Indicator is the indicator id.
	Indicator string `json:"indicator"`
	// Item is the breakdown key for indicators with items (a project, a field), else "".
	Item string `json:"item,omitempty"`
	// Unit is the unit as written in the file, "" when the file has no unit column.
	Unit string `json:"unit,omitempty"`
	// Raw is the value as typed ("3.693.639", "50,93%").
	Raw string `json:"value"`
	// Machine says that Raw is a machine number (a JSON number, a numeric spreadsheet cell), read with a decimal
	// point and no grouping.
	Machine bool `json:"-"`
	// Formula holds the formula of a spreadsheet cell that had one; such a cell is a finding, not a value.
	Formula string `json:"-"`
	// Loc is where the figure was found.
	Loc Location `json:"-"`
}

// Location says where in an input a figure was found.
type Location struct {
	// Path is the JSON path ("values.cert_issued"), the CSV column or the cell ("Sheet!C5").
	Path string
	// Line and Column are 1-based, 0 when unknown.
	Line, Column int
}

// ReadOptions bounds the instance readers. The zero value selects the defaults.
type ReadOptions struct {
	// MaxBytes bounds the input (JSON, CSV) or the uncompressed workbook (XLSX); default 32 MiB.
	MaxBytes int64
	// MaxObservations bounds the figures of one instance; default 100,000.
	MaxObservations int
}

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 32 << 20
	}
	if o.MaxObservations <= 0 {
		o.MaxObservations = 100_000
	}
	return o
}

// ErrTooLarge is returned (wrapped) when an input exceeds a limit of ReadOptions.
var ErrTooLarge = errors.New("input exceeds the configured limit")

// InputError is a problem that stops reading an instance, with its location.
type InputError struct {
	Loc Location
	Err error
}

// Error describes the problem.
func (e *InputError) Error() string {
	if e.Loc.Line > 0 {
		return fmt.Sprintf("reporting: line %d: %v", e.Loc.Line, e.Err)
	}
	if e.Loc.Path != "" {
		return fmt.Sprintf("reporting: %s: %v", e.Loc.Path, e.Err)
	}
	return fmt.Sprintf("reporting: %v", e.Err)
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// Diagnostic returns the error as a finding (RPT-I003 for a limit, RPT-I001 otherwise), so that an unreadable
// input is reported like any other.
func (e *InputError) Diagnostic() diag.Diagnostic {
	r := ruleUnreadable
	if errors.Is(e.Err, ErrTooLarge) {
		r = ruleTooLarge
	}
	return r.At(e.Loc.Path, e.Loc.Line, e.Loc.Column, e.Err.Error())
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &InputError{Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return b, nil
}

// ReadJSON reads an instance written as
//
//	{"schema": "it-annual", "period": "2021", "reporting_unit": "000.00.00.H53",
//	 "values": {"cert_issued": "3.222", "cert_active": 2485},
//	 "observations": [{"indicator": "it_spending_item", "item": "p10", "value": "2.500.000,000", "unit": "vnd"}]}
//
// Values are strings as typed (Vietnamese or machine format) or JSON numbers; "values" and "observations" may be
// used together. Each figure keeps its line. Unknown top-level keys are ignored.
func ReadJSON(r io.Reader, opts ReadOptions) (*Instance, error) {
	opts = opts.withDefaults()
	data, err := readLimited(r, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	jr := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), opts: opts, line: 1}
	inst, err := jr.read()
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return nil, err
		}
		off := jr.dec.InputOffset()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			off, err = int64(len(data)), fmt.Errorf("unexpected end of input: %w", err)
		}
		return nil, &InputError{Loc: Location{Line: jr.lineAt(off)}, Err: err}
	}
	return inst, nil
}

type jsonReader struct {
	data []byte
	dec  *json.Decoder
	opts ReadOptions
	// line is the line at offset pos; offsets only grow, so counting is linear in the input.
	line int
	pos  int64
}

func (jr *jsonReader) lineAt(off int64) int {
	off = min(off, int64(len(jr.data)))
	if off > jr.pos {
		jr.line += bytes.Count(jr.data[jr.pos:off], []byte{'\n'})
		jr.pos = off
	}
	return jr.line
}

func (jr *jsonReader) delim(want json.Delim) error {
	t, err := jr.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, found %v", want, t)
	}
	return nil
}

func (jr *jsonReader) key() (string, error) {
	t, err := jr.dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := t.(string)
	if !ok {
		return "", fmt.Errorf("want an object key, found %v", t)
	}
	return k, nil
}

func (jr *jsonReader) read() (*Instance, error) {
	inst := &Instance{}
	if err := jr.delim('{'); err != nil {
		return nil, err
	}
	for jr.dec.More() {
		k, err := jr.key()
		if err != nil {
			return nil, err
		}
		switch k {
		case "schema", "period", "reporting_unit":
			var s string
			if err := jr.dec.Decode(&s); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			*map[string]*string{"schema": &inst.Schema, "period": &inst.Period, "reporting_unit": &inst.ReportingUnit}[k] = s
		case "values":
			err = jr.values(inst)
		case "observations":
			err = jr.observations(inst)
		default:
			var skip json.RawMessage
			err = jr.dec.Decode(&skip)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := jr.delim('}'); err != nil {
		return nil, err
	}
	if _, err := jr.dec.Token(); err != io.EOF {
		return nil, errors.New("data after the top-level object")
	}
	return inst, nil
}

func (jr *jsonReader) add(inst *Instance, o Observation) error {
	if len(inst.Observations) >= jr.opts.MaxObservations {
		return &InputError{Loc: o.Loc, Err: fmt.Errorf("%w: more than %d observations", ErrTooLarge, jr.opts.MaxObservations)}
	}
	inst.Observations = append(inst.Observations, o)
	return nil
}

func (jr *jsonReader) values(inst *Instance) error {
	if err := jr.delim('{'); err != nil {
		return fmt.Errorf("values: %w", err)
	}
	for jr.dec.More() {
		k, err := jr.key()
		if err != nil {
			return fmt.Errorf("values: %w", err)
		}
		line := jr.lineAt(jr.dec.InputOffset())
		var raw json.RawMessage
		if err := jr.dec.Decode(&raw); err != nil {
			return fmt.Errorf("values.%s: %w", k, err)
		}
		o := Observation{Indicator: k, Loc: Location{Path: "values." + k, Line: line}}
		if err := setRawValue(&o, raw); err != nil {
			return &InputError{Loc: o.Loc, Err: err}
		}
		if err := jr.add(inst, o); err != nil {
			return err
		}
	}
	return jr.delim('}')
}

// setRawValue stores a JSON value (a string as typed, or a number) in o.
func setRawValue(o *Observation, raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) > 0 && raw[0] == '"':
		return json.Unmarshal(raw, &o.Raw)
	case len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		o.Raw, o.Machine = string(raw), true
		return nil
	}
	return fmt.Errorf("value of %s must be a string or a number, not %s", o.Indicator, truncate(string(raw), 20))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (jr *jsonReader) observations(inst *Instance) error {
	if err := jr.delim('['); err != nil {
		return fmt.Errorf("observations: %w", err)
	}
	for i := 0; jr.dec.More(); i++ {
		line := jr.lineAt(jr.dec.InputOffset())
		var o struct {
			Indicator string          `json:"indicator"`
			Item      string          `json:"item"`
			Unit      string          `json:"unit"`
			Value     json.RawMessage `json:"value"`
		}
		if err := jr.dec.Decode(&o); err != nil {
			return fmt.Errorf("observations[%d]: %w", i, err)
		}
		ob := Observation{Indicator: o.Indicator, Item: o.Item, Unit: o.Unit,
			Loc: Location{Path: fmt.Sprintf("observations[%d]", i), Line: line}}
		if err := setRawValue(&ob, o.Value); err != nil {
			return &InputError{Loc: ob.Loc, Err: err}
		}
		if err := jr.add(inst, ob); err != nil {
			return err
		}
	}
	return jr.delim(']')
}

// Columns of the long CSV form.
const (
	ColIndicator     = "indicator"
	ColValue         = "value"
	ColUnit          = "unit"
	ColPeriod        = "period"
	ColReportingUnit = "reporting_unit"
	ColItem          = "item"
)

// ReadCSV reads the long CSV form, one observation per row (like SDMX-CSV): a header with indicator and value and
// optionally unit, period, reporting_unit and item, in any order. Values are written as people type them
// ("3.693.639", "50,93%", "3,222"; quote a value holding a comma). Every row must carry the same period and
// reporting unit when those columns are present.
func ReadCSV(r io.Reader, opts ReadOptions) (*Instance, error) {
	opts = opts.withDefaults()
	lr := &limitedReader{r: r, left: opts.MaxBytes}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = 0
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err, lr, "header")
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, &InputError{Loc: Location{Line: 1, Path: h}, Err: errors.New("column appears twice in the header")}
		}
		col[h] = i
	}
	for _, need := range []string{ColIndicator, ColValue} {
		if _, ok := col[need]; !ok {
			return nil, &InputError{Loc: Location{Line: 1, Path: need}, Err: fmt.Errorf("header lacks the %q column (want indicator,value[,unit,period,reporting_unit,item])", need)}
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	inst := &Instance{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return inst, nil
		}
		if err != nil {
			return nil, csvError(err, lr, "")
		}
		line, _ := cr.FieldPos(col[ColValue])
		if len(inst.Observations) >= opts.MaxObservations {
			return nil, &InputError{Loc: Location{Line: line}, Err: fmt.Errorf("%w: more than %d observations", ErrTooLarge, opts.MaxObservations)}
		}
		if err := sameAcrossRows(&inst.Period, field(rec, ColPeriod), ColPeriod, line); err != nil {
			return nil, err
		}
		if err := sameAcrossRows(&inst.ReportingUnit, field(rec, ColReportingUnit), ColReportingUnit, line); err != nil {
			return nil, err
		}
		_, column := cr.FieldPos(col[ColValue])
		inst.Observations = append(inst.Observations, Observation{
			Indicator: field(rec, ColIndicator), Item: field(rec, ColItem), Unit: field(rec, ColUnit),
			Raw: field(rec, ColValue), Loc: Location{Path: field(rec, ColIndicator), Line: line, Column: column},
		})
	}
}

func sameAcrossRows(have *string, v, name string, line int) error {
	switch {
	case v == "" || *have == v:
	case *have == "":
		*have = v
	default:
		return &InputError{Loc: Location{Path: name, Line: line}, Err: fmt.Errorf("%s %q differs from %q on an earlier row; one file holds one report", name, v, *have)}
	}
	return nil
}

func csvError(err error, lr *limitedReader, where string) error {
	if lr.exceeded {
		return &InputError{Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, lr.limit())}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{Loc: Location{Line: pe.Line, Column: pe.Column}, Err: pe.Err}
	}
	if err == io.EOF {
		return &InputError{Loc: Location{Line: 1}, Err: errors.New("empty input: a header row is required")}
	}
	if where != "" {
		return &InputError{Loc: Location{Path: where}, Err: err}
	}
	return &InputError{Err: err}
}

// limitedReader fails once more than left bytes were asked for, so that a huge CSV is refused instead of read.
type limitedReader struct {
	r        io.Reader
	left     int64
	read     int64
	exceeded bool
	eof      bool
}

// Read reads at most the bytes left, and reports ErrTooLarge once the input proves longer.
func (l *limitedReader) Read(p []byte) (int, error) {
	if l.eof {
		return 0, io.EOF
	}
	if l.left <= 0 {
		// Probe: an input of exactly the limit is fine, one byte more is not.
		var one [1]byte
		m, err := l.r.Read(one[:])
		if m == 0 && err != nil {
			l.eof = true
			return 0, err
		}
		l.exceeded = true
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	l.read += int64(n)
	return n, err
}

func (l *limitedReader) limit() int64 { return l.read + l.left }

// InstanceFormats lists the formats ReadInstance reads.
var InstanceFormats = []string{"json", "csv", "xlsx"}

// FormatOf returns the instance format of a file name by its extension ("json" when unknown).
func FormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv"
	case ".xlsx", ".xlsm":
		return "xlsx"
	}
	return "json"
}

// ReadInstance reads an instance in the format ("json", "csv" or "xlsx"; the schema lays out XLSX sheets).
func ReadInstance(r io.Reader, format string, s *Schema, opts ReadOptions) (*Instance, error) {
	switch format {
	case "json":
		return ReadJSON(r, opts)
	case "csv":
		return ReadCSV(r, opts)
	case "xlsx":
		return ReadXLSX(r, s, opts)
	}
	return nil, fmt.Errorf("reporting: unknown instance format %q (want json, csv or xlsx)", format)
}
