package agencycode

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

// vietnam is Vietnam time; dates of registries are calendar days in Vietnam.
var vietnam = vntime.Location()

// dateLayout is the layout of dates in registry files.
const dateLayout = "2006-01-02"

// Entry is one period of an agency code in a registry: the name the agency bore while the code meant it.
// A code whose meaning changed (G10 was Bộ Nông nghiệp và Phát triển nông thôn, then Bộ Nông nghiệp và Môi trường)
// has one entry per period.
type Entry struct {
	// Code is the agency code.
	Code Code `json:"code"`
	// Name is the full Vietnamese name of the agency during the period.
	Name string `json:"name"`
	// ShortName is a short or English name, optional.
	ShortName string `json:"short_name,omitempty"`
	// ValidFrom is the first day of the period; zero means "since before the registry's sources".
	ValidFrom time.Time `json:"valid_from,omitzero"`
	// ValidTo is the first day the entry no longer holds (exclusive); zero means "still valid".
	ValidTo time.Time `json:"valid_to,omitzero"`
	// Source names the regulation or list the entry comes from.
	Source string `json:"source,omitempty"`
}

// ValidAt reports whether the entry holds at t.
func (e Entry) ValidAt(t time.Time) bool {
	return (e.ValidFrom.IsZero() || !t.Before(e.ValidFrom)) && (e.ValidTo.IsZero() || t.Before(e.ValidTo))
}

// Registry is a time-aware list of agency codes. Build it with NewRegistry or DefaultRegistry and the Load
// methods, then share it: lookups are safe for concurrent use once loading is over.
type Registry struct {
	byCode   map[string][]Entry
	children map[string][]Code
	// partial marks DefaultRegistry and registries loaded over it (see Standing).
	partial bool
	// subunitsListed holds the level-1 codes whose sub-units were added by the caller: those are judged
	// strictly by Standing. The embedded list's few sub-units do not count.
	subunitsListed map[string]bool
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byCode: map[string][]Entry{}, children: map[string][]Code{}, subunitsListed: map[string]bool{}}
}

// clone returns a registry with the same entries that shares nothing mutable with r.
func (r *Registry) clone() *Registry {
	c := &Registry{byCode: make(map[string][]Entry, len(r.byCode)), children: make(map[string][]Code, len(r.children)),
		partial: r.partial, subunitsListed: maps.Clone(r.subunitsListed)}
	for k, v := range r.byCode {
		c.byCode[k] = slices.Clone(v)
	}
	for k, v := range r.children {
		c.children[k] = slices.Clone(v)
	}
	return c
}

// ErrOverlap is returned when two entries of the same code overlap in time.
var ErrOverlap = errors.New("agencycode: overlapping validity periods")

// Add inserts entries. An entry with a zero code, a period that ends before it starts, or a period overlapping
// another entry of the same code is refused with an error and nothing after it is added.
func (r *Registry) Add(entries ...Entry) error {
	for _, e := range entries {
		if e.Code.IsZero() {
			return errors.New("agencycode: registry entry without a code")
		}
		if !e.ValidTo.IsZero() && !e.ValidFrom.IsZero() && !e.ValidTo.After(e.ValidFrom) {
			return fmt.Errorf("agencycode: entry %s: valid_to %s is not after valid_from %s", e.Code,
				e.ValidTo.Format(dateLayout), e.ValidFrom.Format(dateLayout))
		}
		key := e.Code.String()
		for _, o := range r.byCode[key] {
			if overlaps(o, e) {
				return fmt.Errorf("%w: %s (%q and %q)", ErrOverlap, key, o.Name, e.Name)
			}
		}
		if root, ok := e.Code.Root(); ok && e.Code.Level() > 1 {
			r.subunitsListed[root.String()] = true
		}
		if _, known := r.byCode[key]; !known {
			if p, ok := e.Code.Parent(); ok {
				r.children[p.String()] = append(r.children[p.String()], e.Code)
			}
		}
		r.byCode[key] = append(r.byCode[key], e)
		slices.SortFunc(r.byCode[key], func(a, b Entry) int { return a.ValidFrom.Compare(b.ValidFrom) })
	}
	return nil
}

func overlaps(a, b Entry) bool {
	aEndsBeforeB := !a.ValidTo.IsZero() && !b.ValidFrom.IsZero() && !a.ValidTo.After(b.ValidFrom)
	bEndsBeforeA := !b.ValidTo.IsZero() && !a.ValidFrom.IsZero() && !b.ValidTo.After(a.ValidFrom)
	return !aEndsBeforeB && !bEndsBeforeA
}

// Len returns the number of entries.
func (r *Registry) Len() int {
	n := 0
	for _, es := range r.byCode {
		n += len(es)
	}
	return n
}

// Lookup returns the entry of c valid at t. A zero t means "latest": the most recent entry of c.
func (r *Registry) Lookup(c Code, at time.Time) (Entry, bool) {
	es := r.byCode[c.String()]
	if len(es) == 0 {
		return Entry{}, false
	}
	if at.IsZero() {
		return es[len(es)-1], true
	}
	for _, e := range es {
		if e.ValidAt(at) {
			return e, true
		}
	}
	return Entry{}, false
}

// Absence explains why a well-formed code has no entry valid at a date: the registry knows it only from a later
// day (AGC-103), only until an earlier day (AGC-104), or not at all (AGC-102). Call it when Lookup fails.
func (r *Registry) Absence(c Code, at time.Time) diag.Diagnostic {
	history := r.History(c)
	for _, e := range history {
		if !e.ValidFrom.IsZero() && at.Before(e.ValidFrom) {
			return ruleNotYetValid.New("", e.ValidFrom.In(vietnam).Format(dateLayout), e.Name)
		}
	}
	if n := len(history); n > 0 && !history[n-1].ValidTo.IsZero() {
		last := history[n-1]
		return ruleNoLongerValid.New("", last.ValidTo.In(vietnam).Format(dateLayout), last.Name)
	}
	return ruleUnknown.New("", at.In(vietnam).Format(dateLayout))
}

// History returns every entry of c, oldest first.
func (r *Registry) History(c Code) []Entry {
	return slices.Clone(r.byCode[c.String()])
}

// Children returns the entries valid at t of the codes whose parent is c, sorted by code.
func (r *Registry) Children(c Code, at time.Time) []Entry {
	var out []Entry
	for _, k := range r.children[c.String()] {
		if e, ok := r.Lookup(k, at); ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Code.String(), b.Code.String()) })
	return out
}

// Ancestors returns the entries valid at t of the units above c, nearest first. Levels the registry does not
// know at t are skipped.
func (r *Registry) Ancestors(c Code, at time.Time) []Entry {
	var out []Entry
	for p, ok := c.Parent(); ok; p, ok = p.Parent() {
		if e, found := r.Lookup(p, at); found {
			out = append(out, e)
		}
	}
	return out
}

// Codes returns every code in the registry, sorted.
func (r *Registry) Codes() []Code {
	out := make([]Code, 0, len(r.byCode))
	for _, es := range r.byCode {
		out = append(out, es[0].Code)
	}
	slices.SortFunc(out, func(a, b Code) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// csvColumns are the columns LoadCSV understands; code and name are required.
var csvColumns = []string{"code", "name", "short_name", "valid_from", "valid_to", "source"}

// replace installs a loaded batch: the batch is authoritative for the codes it names, so their earlier entries
// (from DefaultRegistry or a previous load) are dropped first. Nothing changes if the batch is inconsistent.
func (r *Registry) replace(batch []Entry) error {
	staged := NewRegistry()
	if err := staged.Add(batch...); err != nil {
		return err
	}
	for k := range staged.byCode {
		if _, known := r.byCode[k]; known {
			delete(r.byCode, k)
			continue
		}
		if p, ok := staged.byCode[k][0].Code.Parent(); ok {
			r.children[p.String()] = append(r.children[p.String()], staged.byCode[k][0].Code)
		}
	}
	for k, es := range staged.byCode {
		r.byCode[k] = es
	}
	maps.Copy(r.subunitsListed, staged.subunitsListed)
	return nil
}

// LoadCSV loads the entries of a CSV file with a header row naming at least the columns code and name, and
// optionally short_name, valid_from, valid_to (YYYY-MM-DD, Vietnam time; valid_to exclusive) and source. Other
// columns are ignored so that an official export can be loaded as it is. The file is authoritative for the codes it
// names: their previous entries are replaced, so a province's official list can be loaded over DefaultRegistry.
// Errors name the line; on error the registry is unchanged.
func (r *Registry) LoadCSV(rd io.Reader) error {
	var batch []Entry
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("agencycode: csv header: %w", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, req := range csvColumns[:2] {
		if _, ok := idx[req]; !ok {
			return fmt.Errorf("agencycode: csv header lacks column %q (have %s)", req, strings.Join(header, ","))
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("agencycode: csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := idx[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e, err := entryFromFields(field)
		if err != nil {
			return fmt.Errorf("agencycode: csv line %d: %w", line, err)
		}
		batch = append(batch, e)
	}
	if err := r.replace(batch); err != nil {
		return fmt.Errorf("agencycode: csv: %w", err)
	}
	return nil
}

func entryFromFields(field func(string) string) (Entry, error) {
	code, err := Parse(field("code"))
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Code: code, Name: field("name"), ShortName: field("short_name"), Source: field("source")}
	if e.ValidFrom, err = parseDate(field("valid_from")); err != nil {
		return Entry{}, fmt.Errorf("valid_from: %w", err)
	}
	if e.ValidTo, err = parseDate(field("valid_to")); err != nil {
		return Entry{}, fmt.Errorf("valid_to: %w", err)
	}
	return e, nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(dateLayout, s, vietnam)
}

// jsonEntry is the JSON form of an entry: dates as YYYY-MM-DD strings.
type jsonEntry struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	Source    string `json:"source"`
}

// LoadJSON loads a JSON array of objects with the same fields as the CSV columns of LoadCSV, with the same
// replacement rule.
func (r *Registry) LoadJSON(rd io.Reader) error {
	var batch []Entry
	var list []jsonEntry
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&list); err != nil {
		return fmt.Errorf("agencycode: json: %w", err)
	}
	for i, je := range list {
		fields := map[string]string{"code": je.Code, "name": je.Name, "short_name": je.ShortName,
			"valid_from": je.ValidFrom, "valid_to": je.ValidTo, "source": je.Source}
		e, err := entryFromFields(func(k string) string { return strings.TrimSpace(fields[k]) })
		if err != nil {
			return fmt.Errorf("agencycode: json entry %d: %w", i, err)
		}
		batch = append(batch, e)
	}
	if err := r.replace(batch); err != nil {
		return fmt.Errorf("agencycode: json: %w", err)
	}
	return nil
}
