package workday

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// DayKind says what an announced schedule does with a day.
type DayKind string

// Kinds of scheduled days.
const (
	// KindHoliday is a public holiday of Bộ luật Lao động 2019 Điều 112 ("ngày nghỉ lễ, tết") on the day the
	// announcement places it.
	KindHoliday DayKind = "holiday"
	// KindDayOff is any other announced day off: a compensatory day ("nghỉ bù") or a bridge day swapped with a
	// make-up working day ("hoán đổi ngày làm việc").
	KindDayOff DayKind = "day_off"
	// KindWorking is a make-up working day ("làm bù"), a Saturday or Sunday worked in exchange for a day off.
	KindWorking DayKind = "working"
)

// ScheduleDay is one day of an announced schedule.
type ScheduleDay struct {
	Date Date    `json:"date"`
	Kind DayKind `json:"kind"`
	// Name is the English name of the holiday or of the reason for the day off or make-up day.
	Name string `json:"name,omitempty"`
	// NameVI is the Vietnamese name ("Tết Nguyên đán", "Làm bù cho ngày 31/8").
	NameVI string `json:"name_vi,omitempty"`
}

// Schedule lists the announced days of one year for civil servants ("lịch nghỉ lễ, tết" announced by the Prime
// Minister or the Ministry of Home Affairs), or local additions to them.
//
// A Complete schedule is the whole announcement of its year: a calendar that holds it uses it instead of the
// computed statutory holidays of that year, so it must list every holiday, compensatory day and bridge day off, and
// every make-up working day. A schedule that is not Complete (the default of loaded files) is merged day by day:
// each date it lists replaces what the embedded announcement or the statutory rules say of that date, and every
// other date of the year is left as it was. Saturdays and Sundays need not be listed.
type Schedule struct {
	Year int `json:"year"`
	// Source cites the announcement (document number and date) or the local decision, in English.
	Source string `json:"source,omitempty"`
	// SourceVI cites the same in Vietnamese ("Thông báo của Bộ Nội vụ …"); empty when the loaded file gives
	// none, in which case Source is shown in both languages.
	SourceVI string `json:"source_vi,omitempty"`
	// Complete says that Days are the whole schedule of the year and replace the other layers of that year.
	Complete bool          `json:"complete,omitempty"`
	Days     []ScheduleDay `json:"days"`
}

// Limits of the schedule loaders.
const (
	// MaxScheduleBytes bounds the input of LoadSchedulesJSON and LoadSchedulesCSV.
	MaxScheduleBytes = 1 << 20
	// MaxScheduleDays bounds the days of one Schedule.
	MaxScheduleDays = 366
)

// ErrSchedule is wrapped by the errors of the schedule loaders and of Schedule.Validate about the content of a
// schedule (a failing reader is reported with its own error).
var ErrSchedule = errors.New("workday: invalid schedule")

// Validate checks a schedule: a year within LunarMinYear–LunarMaxYear, valid dates inside that year, known kinds,
// no date listed twice, at most MaxScheduleDays days, and make-up working days only on a Saturday or Sunday.
func (s Schedule) Validate() error {
	if s.Year < LunarMinYear || s.Year > LunarMaxYear {
		return fmt.Errorf("%w: year %d outside %d–%d", ErrSchedule, s.Year, LunarMinYear, LunarMaxYear)
	}
	if len(s.Days) > MaxScheduleDays {
		return fmt.Errorf("%w: year %d: %d days, at most %d", ErrSchedule, s.Year, len(s.Days), MaxScheduleDays)
	}
	seen := make(map[Date]bool, len(s.Days))
	for _, d := range s.Days {
		switch {
		case !d.Date.Valid():
			return fmt.Errorf("%w: year %d: invalid date %v", ErrSchedule, s.Year, d.Date)
		case d.Date.Year != s.Year:
			return fmt.Errorf("%w: year %d: date %v belongs to another year", ErrSchedule, s.Year, d.Date)
		case seen[d.Date]:
			return fmt.Errorf("%w: year %d: date %v listed twice", ErrSchedule, s.Year, d.Date)
		}
		seen[d.Date] = true
		switch d.Kind {
		case KindHoliday, KindDayOff:
		case KindWorking:
			if wd := d.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return fmt.Errorf("%w: year %d: make-up working day %v is a %v, not a weekend day", ErrSchedule, s.Year, d.Date, wd)
			}
		default:
			return fmt.Errorf("%w: year %d: date %v: unknown kind %q (want holiday, day_off or working)", ErrSchedule, s.Year, d.Date, d.Kind)
		}
	}
	return nil
}

// schedulesFile is the JSON form read by LoadSchedulesJSON.
type schedulesFile struct {
	Schedules []Schedule `json:"schedules"`
}

// LoadSchedulesJSON reads announced schedules from JSON of the form
//
//	{"schedules": [{"year": 2026, "source": "…", "days": [
//	    {"date": "2026-02-16", "kind": "holiday", "name": "Lunar New Year", "name_vi": "Tết Nguyên đán"},
//	    {"date": "2026-08-22", "kind": "working", "name": "Make-up day for 31 August"}]}]}
//
// Unknown fields are errors, each schedule is validated, a year may appear once, and the input is limited to
// MaxScheduleBytes.
func LoadSchedulesJSON(r io.Reader) ([]Schedule, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f schedulesFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: json: %v", ErrSchedule, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: json: data after the top-level object", ErrSchedule)
	}
	if err := validateSchedules(f.Schedules); err != nil {
		return nil, err
	}
	return f.Schedules, nil
}

// LoadSchedulesCSV reads announced schedules from CSV with a header row naming at least the columns date
// (YYYY-MM-DD) and kind (holiday, day_off or working), and optionally name, name_vi, source, source_vi and complete; other
// columns are ignored, column order is free. Rows are grouped by the year of their date into one Schedule per year
// (in order of first appearance); the first non-empty source (source_vi) of a year becomes the schedule's Source
// (SourceVI). A year is
// Complete when its rows say so in the complete column ("true", "yes" or "1"); rows of one year that disagree are
// an error, and a year without it is merged over the other layers (see Schedule). Blank lines are skipped, the
// input is limited to MaxScheduleBytes and every schedule is validated.
func LoadSchedulesCSV(r io.Reader) ([]Schedule, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%w: csv: no header row", ErrSchedule)
		}
		return nil, fmt.Errorf("%w: csv: %v", ErrSchedule, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, need := range []string{"date", "kind"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%w: csv: header has no %q column", ErrSchedule, need)
		}
	}
	field := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []Schedule
	index := map[int]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: csv: %v", ErrSchedule, err)
		}
		line, _ := cr.FieldPos(0)
		d, err := ParseDate(field(rec, "date"))
		if err != nil {
			return nil, fmt.Errorf("%w: csv line %d: %v", ErrSchedule, line, err)
		}
		i, ok := index[d.Year]
		if !ok {
			if len(out) >= LunarMaxYear-LunarMinYear+1 {
				return nil, fmt.Errorf("%w: csv line %d: too many years", ErrSchedule, line)
			}
			i = len(out)
			index[d.Year] = i
			out = append(out, Schedule{Year: d.Year})
		}
		s := &out[i]
		if s.Source == "" {
			s.Source = field(rec, "source")
		}
		if s.SourceVI == "" {
			s.SourceVI = field(rec, "source_vi")
		}
		complete, err := parseComplete(field(rec, "complete"))
		if err != nil {
			return nil, fmt.Errorf("%w: csv line %d: %v", ErrSchedule, line, err)
		}
		if !ok {
			s.Complete = complete
		} else if complete != s.Complete {
			return nil, fmt.Errorf("%w: csv line %d: year %d is complete on some rows and not on others", ErrSchedule, line, d.Year)
		}
		if len(s.Days) >= MaxScheduleDays {
			return nil, fmt.Errorf("%w: csv line %d: year %d has more than %d days", ErrSchedule, line, d.Year, MaxScheduleDays)
		}
		s.Days = append(s.Days, ScheduleDay{
			Date:   d,
			Kind:   DayKind(strings.ToLower(field(rec, "kind"))),
			Name:   field(rec, "name"),
			NameVI: field(rec, "name_vi"),
		})
	}
	if err := validateSchedules(out); err != nil {
		return nil, err
	}
	return out, nil
}

// parseComplete reads the complete column of a schedule CSV; an empty cell is false.
func parseComplete(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "false", "no", "0":
		return false, nil
	case "true", "yes", "1":
		return true, nil
	}
	return false, fmt.Errorf("complete: %q is not true/yes/1 or false/no/0", v)
}

func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScheduleBytes+1))
	if err != nil {
		return nil, fmt.Errorf("workday: reading schedules: %w", err)
	}
	if len(data) > MaxScheduleBytes {
		return nil, fmt.Errorf("%w: input larger than %d bytes", ErrSchedule, MaxScheduleBytes)
	}
	return data, nil
}

func validateSchedules(ss []Schedule) error {
	years := map[int]bool{}
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			return err
		}
		if years[s.Year] {
			return fmt.Errorf("%w: year %d appears twice", ErrSchedule, s.Year)
		}
		years[s.Year] = true
	}
	return nil
}

//go:embed data/schedules.json
var embeddedFS embed.FS

// OfficialSchedules returns the announced schedules embedded in the package, sorted by year: 2023 to 2026, the
// years confirmed from published announcements (data/schedules.json; each Schedule.Source cites its sources). They
// are Complete. The result is a fresh copy on every call.
func OfficialSchedules() []Schedule {
	data, err := embeddedFS.ReadFile("data/schedules.json")
	if err != nil {
		panic("workday: embedded schedules missing: " + err.Error()) // build defect, caught by tests
	}
	ss, err := LoadSchedulesJSON(bytes.NewReader(data))
	if err != nil {
		panic("workday: embedded schedules invalid: " + err.Error()) // build defect, caught by tests
	}
	slices.SortFunc(ss, func(a, b Schedule) int { return a.Year - b.Year })
	return ss
}

// Override is a local change to the calendar ("lịch làm việc riêng" of an agency or locality, for example a
// provincial holiday or a closure): the day becomes a working day or a day off whatever the other layers say.
type Override struct {
	Date    Date   `json:"date"`
	Working bool   `json:"working"`
	Name    string `json:"name,omitempty"`
	NameVI  string `json:"name_vi,omitempty"`
}

func (o Override) validate() error {
	if !o.Date.Valid() {
		return fmt.Errorf("workday: override: invalid date %v", o.Date)
	}
	return nil
}

// WriteSchedulesJSON writes schedules in the form LoadSchedulesJSON reads.
func WriteSchedulesJSON(w io.Writer, ss []Schedule) error {
	b, err := jsonMarshal(schedulesFile{Schedules: ss})
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("workday: writing schedules: %w", err)
	}
	return nil
}

func jsonMarshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("workday: encoding schedules: %w", err)
	}
	return append(b, '\n'), nil
}
