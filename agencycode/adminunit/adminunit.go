// Package adminunit implements the administrative-unit codes of Vietnam (mã đơn vị hành chính): 2-digit province
// codes, 3-digit district codes and 5-digit commune codes first issued by QĐ 124/2004/QĐ-TTg, and the 2025
// reorganisation (Nghị quyết 202/2025/QH15, QĐ 19/2025/QĐ-TTg) that, from 1 July 2025, merged 63 provinces into 34
// and abolished the district level.
//
// Codes are time-aware: the code 67 means Đắk Nông until 30 June 2025 and nothing afterwards, its territory having
// passed to Lâm Đồng (68). DefaultRegistry returns the provinces of both periods and the merger mapping, embedded; the
// 3,321 communes of QĐ 19/2025 (and the older districts and communes) are loaded from the official list with
// LoadCSV rather than embedded, so that a corrected list needs no new release.
//
//	ict := vntime.Location()
//	reg := adminunit.DefaultRegistry()
//	u, _ := reg.Lookup("67", time.Date(2024, 1, 1, 0, 0, 0, 0, ict))
//	fmt.Println(u.Name) // Tỉnh Đắk Nông
//	s, _ := reg.Successor("67", time.Date(2025, 7, 1, 0, 0, 0, 0, ict))
//	fmt.Println(s.Name) // Tỉnh Lâm Đồng
package adminunit

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vnegov/egov/vntime"
)

// vietnam is Vietnam time, the zone of every date in this package.
var vietnam = vntime.Location()

// Level is the tier of an administrative unit.
type Level uint8

const (
	// Province is cấp tỉnh: a province (tỉnh) or centrally governed city (thành phố trực thuộc trung ương).
	Province Level = iota + 1
	// District is cấp huyện, abolished on 1 July 2025.
	District
	// Commune is cấp xã: commune (xã), ward (phường) or township (thị trấn, until 2025) or special zone (đặc khu).
	Commune
)

var levelNames = map[Level]string{Province: "province", District: "district", Commune: "commune"}

// String returns "province", "district" or "commune".
func (l Level) String() string { return levelNames[l] }

// codeWidth is the number of digits of a code at each level (QĐ 124/2004/QĐ-TTg).
var codeWidth = map[Level]int{Province: 2, District: 3, Commune: 5}

// Unit is one period of an administrative unit.
type Unit struct {
	// Code is the numeric code, 2, 3 or 5 digits by level.
	Code string
	// Name is the Vietnamese name with its kind ("Tỉnh Đắk Nông", "Phường Phúc Xá").
	Name string
	// Level is the tier of the unit.
	Level Level
	// Parent is the code of the unit above (empty for provinces).
	Parent string
	// ValidFrom is the first day of the period; zero means since before the sources.
	ValidFrom time.Time
	// ValidTo is the first day the unit no longer exists under this code and name (exclusive); zero: still valid.
	ValidTo time.Time
	// Source names the regulation the period comes from.
	Source string
}

// ValidAt reports whether the unit exists at t.
func (u Unit) ValidAt(t time.Time) bool {
	return (u.ValidFrom.IsZero() || !t.Before(u.ValidFrom)) && (u.ValidTo.IsZero() || t.Before(u.ValidTo))
}

// Merger records that the territory of unit From passed to unit To on Effective.
type Merger struct {
	// From is the code of the unit that ceased to exist (or, when equal to To, that absorbed others).
	From string
	// To is the code of the unit that holds the territory from Effective on.
	To string
	// Effective is the first day of the new arrangement.
	Effective time.Time
	// Source names the decision.
	Source string
}

// Registry holds units and mergers. Build it, then share it: lookups are safe for concurrent use once loading is
// over.
type Registry struct {
	units   map[string][]Unit // key: level + code, since codes of different levels may coincide in digits
	mergers []Merger
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{units: map[string][]Unit{}} }

//go:embed data/provinces.csv
var provincesCSV []byte

//go:embed data/mergers.csv
var mergersCSV []byte

// DefaultRegistry returns a new registry with the 63 provinces of QĐ 124/2004/QĐ-TTg (valid until 30 June 2025), the 34
// provinces of QĐ 19/2025/QĐ-TTg (from 1 July 2025) and the province mergers of Nghị quyết 202/2025/QH15.
func DefaultRegistry() *Registry {
	r := NewRegistry()
	if err := r.LoadCSV(bytes.NewReader(provincesCSV)); err != nil {
		panic("adminunit: embedded provinces: " + err.Error()) // checked by TestDefault: a build defect
	}
	if err := r.LoadMergersCSV(bytes.NewReader(mergersCSV)); err != nil {
		panic("adminunit: embedded mergers: " + err.Error())
	}
	return r
}

func key(l Level, code string) string { return string(rune('0'+l)) + code }

// levelOf infers the level from the width of a code.
func levelOf(code string) (Level, error) {
	for l, w := range codeWidth {
		if len(code) == w {
			for i := 0; i < len(code); i++ {
				if code[i] < '0' || code[i] > '9' {
					return 0, fmt.Errorf("adminunit: code %q: not all digits", code)
				}
			}
			return l, nil
		}
	}
	return 0, fmt.Errorf("adminunit: code %q: want 2 (province), 3 (district) or 5 (commune) digits", code)
}

// Add inserts units after checking their code width against their level.
func (r *Registry) Add(units ...Unit) error {
	for _, u := range units {
		l, err := levelOf(u.Code)
		if err != nil {
			return err
		}
		if u.Level == 0 {
			u.Level = l
		}
		if u.Level != l {
			return fmt.Errorf("adminunit: code %q has the width of a %s, not a %s", u.Code, l, u.Level)
		}
		k := key(u.Level, u.Code)
		r.units[k] = append(r.units[k], u)
		slices.SortFunc(r.units[k], func(a, b Unit) int { return a.ValidFrom.Compare(b.ValidFrom) })
	}
	return nil
}

// Lookup returns the unit with the code valid at t; the level is inferred from the code's width.
func (r *Registry) Lookup(code string, at time.Time) (Unit, bool) {
	l, err := levelOf(code)
	if err != nil {
		return Unit{}, false
	}
	for _, u := range r.units[key(l, code)] {
		if u.ValidAt(at) {
			return u, true
		}
	}
	return Unit{}, false
}

// Provinces returns the provinces valid at t, by code.
func (r *Registry) Provinces(at time.Time) []Unit { return r.list(Province, "", at) }

// Children returns the units valid at t whose parent is code, by code.
func (r *Registry) Children(code string, at time.Time) []Unit {
	var out []Unit
	for _, l := range []Level{District, Commune} {
		out = append(out, r.list(l, code, at)...)
	}
	return out
}

func (r *Registry) list(l Level, parent string, at time.Time) []Unit {
	var out []Unit
	for _, us := range r.units {
		for _, u := range us {
			if u.Level == l && (l == Province || u.Parent == parent) && u.ValidAt(at) {
				out = append(out, u)
			}
		}
	}
	slices.SortFunc(out, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Successor returns the unit that holds, at t, the territory of the unit with the given code, following mergers
// in order (a unit that still exists at t is its own successor).
func (r *Registry) Successor(code string, at time.Time) (Unit, bool) {
	seen := map[string]bool{}
	for !seen[code] {
		if u, ok := r.Lookup(code, at); ok {
			return u, true
		}
		seen[code] = true
		next := ""
		for _, m := range r.mergers {
			if m.From == code && !at.Before(m.Effective) {
				next = m.To
				break
			}
		}
		if next == "" {
			return Unit{}, false
		}
		code = next
	}
	return Unit{}, false
}

// Predecessors returns the codes whose territory passed to code by mergers effective on or before t.
func (r *Registry) Predecessors(code string, at time.Time) []Merger {
	var out []Merger
	for _, m := range r.mergers {
		if m.To == code && !at.Before(m.Effective) {
			out = append(out, m)
		}
	}
	return out
}

// LoadCSV adds units from a CSV file with a header row naming at least code and name, and optionally level
// (province|district|commune; inferred from the code's width when empty), parent, valid_from, valid_to
// (YYYY-MM-DD, valid_to exclusive) and source. Other columns are ignored, so the official list of communes can be
// loaded after renaming its columns. Errors name the line.
func (r *Registry) LoadCSV(rd io.Reader) error {
	return readCSV(rd, []string{"code", "name"}, func(field func(string) string) error {
		u := Unit{Code: field("code"), Name: field("name"), Parent: field("parent"), Source: field("source")}
		if lv := field("level"); lv != "" {
			for l, n := range levelNames {
				if n == lv {
					u.Level = l
				}
			}
			if u.Level == 0 {
				return fmt.Errorf("unknown level %q", lv)
			}
		}
		var err error
		if u.ValidFrom, err = parseDate(field("valid_from")); err != nil {
			return err
		}
		if u.ValidTo, err = parseDate(field("valid_to")); err != nil {
			return err
		}
		return r.Add(u)
	})
}

// LoadMergersCSV adds mergers from a CSV file with the columns from, to, effective (YYYY-MM-DD) and source.
func (r *Registry) LoadMergersCSV(rd io.Reader) error {
	return readCSV(rd, []string{"from", "to", "effective"}, func(field func(string) string) error {
		eff, err := parseDate(field("effective"))
		if err != nil {
			return err
		}
		if eff.IsZero() {
			return errors.New("empty effective date")
		}
		m := Merger{From: field("from"), To: field("to"), Effective: eff, Source: field("source")}
		for _, c := range []string{m.From, m.To} {
			if _, err := levelOf(c); err != nil {
				return err
			}
		}
		r.mergers = append(r.mergers, m)
		return nil
	})
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, vietnam)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

func readCSV(rd io.Reader, required []string, row func(field func(string) string) error) error {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("adminunit: csv header: %w", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			return fmt.Errorf("adminunit: csv header lacks column %q", c)
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("adminunit: csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if i, ok := idx[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if err := row(field); err != nil {
			return fmt.Errorf("adminunit: csv line %d: %w", line, err)
		}
	}
}
