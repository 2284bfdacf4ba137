package workday

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/vnegov/egov/vntime"
)

// Reason says why a day is or is not a working day.
type Reason string

// Reasons reported by Explain.
const (
	// ReasonWorking is an ordinary working day, Monday to Friday.
	ReasonWorking Reason = "working"
	// ReasonWeekend is a Saturday or Sunday ("ngày nghỉ hằng tuần").
	ReasonWeekend Reason = "weekend"
	// ReasonHoliday is a public holiday ("ngày nghỉ lễ, tết", Bộ luật Lao động 2019 Điều 112), also when it
	// falls on a Saturday or Sunday.
	ReasonHoliday Reason = "holiday"
	// ReasonOfficialDayOff is a day off of an announced schedule that is not itself a holiday: a bridge day
	// ("ngày nghỉ hoán đổi") or a compensatory day ("nghỉ bù") placed by the announcement.
	ReasonOfficialDayOff Reason = "official_day_off"
	// ReasonCompensatoryDayOff is a compensatory day off ("nghỉ bù") that the calendar computed for a holiday on a
	// weekly rest day in a year without an announced schedule (Bộ luật Lao động 2019 Điều 111 khoản 3).
	ReasonCompensatoryDayOff Reason = "compensatory_day_off"
	// ReasonMakeUpWorkingDay is a Saturday or Sunday worked in exchange for a day off ("ngày làm bù").
	ReasonMakeUpWorkingDay Reason = "make_up_working_day"
	// ReasonOverride is a day set by a local override (Options.Overrides).
	ReasonOverride Reason = "override"
)

// Layer names the part of a calendar that decided a day.
type Layer string

// Layers of a calendar, from the bottom up: a higher layer decides the dates it lists.
const (
	// LayerWeek is the weekly rule alone: Monday to Friday work, Saturday and Sunday rest ("ngày nghỉ hằng tuần").
	LayerWeek Layer = "week"
	// LayerStatutory is the holidays the calendar computed from Bộ luật Lao động for a year without an announced
	// schedule: the placement may change when the schedule is announced (the answer is provisional).
	LayerStatutory Layer = "statutory"
	// LayerAnnounced is a complete announced schedule, embedded or loaded (Schedule.Complete).
	LayerAnnounced Layer = "announced"
	// LayerLoaded is a day of a loaded schedule that is merged over the layers below (Schedule.Complete false).
	LayerLoaded Layer = "loaded"
	// LayerOverride is a local override (Options.Overrides).
	LayerOverride Layer = "override"
)

// DayInfo explains one day of the calendar.
type DayInfo struct {
	Date    Date   `json:"date"`
	Working bool   `json:"working"`
	Reason  Reason `json:"reason"`
	// Holiday is the English name of the holiday, day off, make-up day or override, empty for plain days.
	Holiday string `json:"holiday,omitempty"`
	// HolidayVI is the Vietnamese name ("Tết Nguyên đán").
	HolidayVI string `json:"holiday_vi,omitempty"`
	// Provisional is true when the year has no announced schedule, so the answer rests on the calendar's default
	// placement of the holidays (StatutorySchedule) and may change when the schedule is announced. Days set by
	// an override are never provisional.
	Provisional bool `json:"provisional"`
	// Layer is the part of the calendar that decided the day.
	Layer Layer `json:"layer"`
	// Source cites the schedule that decided the day (its Schedule.Source), empty for the weekly rule and overrides.
	Source string `json:"source,omitempty"`
}

// Options configures New. The zero value gives the same calendar as DefaultCalendar.
type Options struct {
	// Hours are the working hours; the zero value means DefaultHours.
	Hours Hours
	// Schedules are announced schedules or local additions. A Complete schedule replaces the embedded one of its
	// year (or the statutory rules); any other is merged day by day over them (see Schedule). A year may have one
	// schedule here.
	Schedules []Schedule
	// NoEmbeddedSchedules leaves out the schedules embedded in the package (OfficialSchedules), so that only
	// Schedules are official.
	NoEmbeddedSchedules bool
	// Overrides are local changes applied last, over every other layer. A date may appear once.
	Overrides []Override
	// ExtraHolidays are fixed-date holidays added to the statutory rules of years without an announced schedule.
	ExtraHolidays []AnnualHoliday
	// FirstYear and LastYear bound the years that New precomputes into a table; zero means LunarMinYear and
	// LunarMaxYear. Days outside are computed on every call, which is correct but slow and allocates.
	FirstYear, LastYear int
}

// dayKind is the compact form of a day in the calendar's table.
type dayKind uint8

const (
	kindPlain dayKind = iota // a weekday works, a weekend day rests
	kindHoliday
	kindOfficialOff
	kindCompensatory
	kindMakeUp
	kindOverrideOff
	kindOverrideWork
)

func (k dayKind) working(n int) bool {
	switch k {
	case kindPlain:
		return !isWeekend(weekdayOf(n))
	case kindMakeUp, kindOverrideWork:
		return true
	}
	return false
}

// dayName is what the calendar keeps of a listed day besides its kind: its names, and the layer and source that
// decided it.
type dayName struct {
	en, vi string
	layer  Layer
	source string
}

// Calendar is the Vietnamese working-day calendar of civil servants in three layers: the statutory holidays
// computed for any year, the announced schedule of a year when there is one, and local overrides; with working
// hours. All times are taken and returned in Vietnam time (results carry the calendar's UTC+7 location). A
// Calendar is immutable once built and safe for concurrent use. Build it with DefaultCalendar or New: the zero Calendar
// has no working hours and must not be used.
type Calendar struct {
	loc       *time.Location
	hours     Hours
	perDay    time.Duration
	first     int       // day number of the first day of kinds
	kinds     []dayKind // one per day from 1 January FirstYear to 31 December LastYear
	names     map[int]dayName
	firstY    int
	lastY     int
	official  map[int]Schedule // complete schedules by year
	merged    map[int]Schedule // incomplete schedules by year, merged over official or statutory days
	overrides map[int]Override
	extra     []AnnualHoliday
}

// DefaultCalendar returns the calendar of the statutory rules with the embedded official schedules and
// DefaultHours. Its tables for 1900–2100 (a few milliseconds of work) are built once, on first use; every call
// returns the same calendar, which is immutable and safe for concurrent use.
func DefaultCalendar() *Calendar { return defaultCalendar() }

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := New(Options{})
	if err != nil {
		panic("workday: default calendar: " + err.Error()) // embedded data is checked by tests
	}
	return c
})

// New builds a calendar. It returns an error for invalid hours, schedules or overrides, or a year range outside
// LunarMinYear–LunarMaxYear.
func New(opts Options) (*Calendar, error) {
	c := &Calendar{
		loc:       vntime.Location(),
		hours:     opts.Hours.clone(),
		names:     map[int]dayName{},
		official:  map[int]Schedule{},
		merged:    map[int]Schedule{},
		overrides: map[int]Override{},
		firstY:    opts.FirstYear,
		lastY:     opts.LastYear,
	}
	if len(c.hours.Periods) == 0 {
		c.hours = DefaultHours()
	}
	if err := c.hours.Validate(); err != nil {
		return nil, err
	}
	c.perDay = c.hours.PerDay()
	if c.firstY == 0 {
		c.firstY = LunarMinYear
	}
	if c.lastY == 0 {
		c.lastY = LunarMaxYear
	}
	if c.firstY < LunarMinYear || c.lastY > LunarMaxYear || c.firstY > c.lastY {
		return nil, fmt.Errorf("workday: table years %d–%d: want a range within %d–%d", c.firstY, c.lastY, LunarMinYear, LunarMaxYear)
	}
	for _, h := range opts.ExtraHolidays {
		if !(Date{2000, h.Month, h.Day}).Valid() || h.FromYear < 1 || (h.ToYear != 0 && h.ToYear < h.FromYear) {
			return nil, fmt.Errorf("workday: extra holiday %q: invalid date %d/%d or years %d–%d", h.Name, h.Day, int(h.Month), h.FromYear, h.ToYear)
		}
	}
	c.extra = slices.Clone(opts.ExtraHolidays)
	if !opts.NoEmbeddedSchedules {
		for _, s := range OfficialSchedules() {
			c.official[s.Year] = s
		}
	}
	if err := validateSchedules(opts.Schedules); err != nil {
		return nil, err
	}
	for _, s := range opts.Schedules {
		s.Days = slices.Clone(s.Days)
		if s.Complete {
			c.official[s.Year] = s
		} else {
			c.merged[s.Year] = s
		}
	}
	for _, o := range opts.Overrides {
		if err := o.validate(); err != nil {
			return nil, err
		}
		n := dayNumOf(o.Date)
		if _, dup := c.overrides[n]; dup {
			return nil, fmt.Errorf("workday: override: date %v listed twice", o.Date)
		}
		c.overrides[n] = o
	}

	c.first = dayNumOf(Date{c.firstY, time.January, 1})
	end := dayNumOf(Date{c.lastY + 1, time.January, 1})
	c.kinds = make([]dayKind, end-c.first)
	for y := c.firstY; y <= c.lastY; y++ {
		c.eachListedDay(y, func(n int, k dayKind, name dayName) {
			c.kinds[n-c.first] = k
			c.names[n] = name
		})
	}
	for n, o := range c.overrides {
		if n >= c.first && n < end {
			c.kinds[n-c.first] = overrideKind(o)
			c.names[n] = overrideName(o)
		}
	}
	return c, nil
}

// layer returns the schedule in force for a year before merged days: the official one, or the computed statutory
// one.
func (c *Calendar) layer(year int) Schedule {
	if s, ok := c.official[year]; ok {
		return s
	}
	return statutorySchedule(year, c.extra)
}

// eachListedDay calls fn for every day of year that a schedule lists, the merged schedule's days after (and so
// over) the days of the layer below.
func (c *Calendar) eachListedDay(year int, fn func(n int, k dayKind, name dayName)) {
	base := c.layer(year)
	baseLayer := LayerStatutory
	if c.IsOfficial(year) {
		baseLayer = LayerAnnounced
	}
	for _, d := range base.Days {
		fn(dayNumOf(d.Date), c.kindOf(year, d.Kind), dayName{d.Name, d.NameVI, baseLayer, base.Source})
	}
	if m, ok := c.merged[year]; ok {
		for _, d := range m.Days {
			fn(dayNumOf(d.Date), mergedKind(d.Kind), dayName{d.Name, d.NameVI, LayerLoaded, m.Source})
		}
	}
}

// mergedKind is the kind of a day of a merged schedule: a day off it lists is an announced day off whatever the
// year's other layers are.
func mergedKind(k DayKind) dayKind {
	switch k {
	case KindHoliday:
		return kindHoliday
	case KindWorking:
		return kindMakeUp
	}
	return kindOfficialOff
}

func overrideName(o Override) dayName { return dayName{o.Name, o.NameVI, LayerOverride, ""} }

func (c *Calendar) kindOf(year int, k DayKind) dayKind {
	switch k {
	case KindHoliday:
		return kindHoliday
	case KindWorking:
		return kindMakeUp
	}
	if _, ok := c.official[year]; ok {
		return kindOfficialOff
	}
	return kindCompensatory
}

func overrideKind(o Override) dayKind {
	if o.Working {
		return kindOverrideWork
	}
	return kindOverrideOff
}

// kindAt returns the kind of day number n: from the table, or computed for days outside it.
func (c *Calendar) kindAt(n int) dayKind {
	if i := n - c.first; i >= 0 && i < len(c.kinds) {
		return c.kinds[i]
	}
	k, _ := c.slowDay(n)
	return k
}

// slowDay computes a day outside the table.
func (c *Calendar) slowDay(n int) (dayKind, dayName) {
	if o, ok := c.overrides[n]; ok {
		return overrideKind(o), overrideName(o)
	}
	kind, name := kindPlain, dayName{layer: LayerWeek}
	c.eachListedDay(dateFromDayNum(n).Year, func(m int, k dayKind, nm dayName) {
		if m == n {
			kind, name = k, nm
		}
	})
	return kind, name
}

func (c *Calendar) working(n int) bool { return c.kindAt(n).working(n) }

// dayWalker answers whether days are working days for a walk over many days (deadlines, counts): inside the table
// it reads the table, and outside it computes each year's listed days once rather than once per day, so a walk
// past the table costs a schedule computation a year, not a day. The zero walker of a calendar allocates nothing
// until it leaves the table.
type dayWalker struct {
	c     *Calendar
	year  int
	kinds map[int]dayKind // listed days of year, outside the table
}

func (w *dayWalker) working(n int) bool {
	c := w.c
	if i := n - c.first; i >= 0 && i < len(c.kinds) {
		return c.kinds[i].working(n)
	}
	if o, ok := c.overrides[n]; ok {
		return overrideKind(o).working(n)
	}
	if y := dateFromDayNum(n).Year; w.kinds == nil || y != w.year {
		w.year, w.kinds = y, map[int]dayKind{}
		c.eachListedDay(y, func(m int, k dayKind, _ dayName) { w.kinds[m] = k })
	}
	return w.kinds[n].working(n) // a day not listed is kindPlain, the zero kind
}

// Location returns the calendar's time zone, Vietnam time.
func (c *Calendar) Location() *time.Location { return c.loc }

// Hours returns a copy of the calendar's working hours.
func (c *Calendar) Hours() Hours { return c.hours.clone() }

// IsOfficial reports whether the calendar holds an announced schedule for year. When it does not, the holidays of
// the year come from StatutorySchedule and every answer about the year is provisional.
func (c *Calendar) IsOfficial(year int) bool {
	_, ok := c.official[year]
	return ok
}

// OfficialYears returns, in ascending order, the years for which the calendar holds an announced schedule: the
// years it covers with certainty. Every other year is computed from the labour code (StatuteFor) and provisional.
func (c *Calendar) OfficialYears() []int {
	years := make([]int, 0, len(c.official))
	for y := range c.official {
		years = append(years, y)
	}
	slices.Sort(years)
	return years
}

// Schedule returns the schedule the calendar applies to year, official or computed, with the days of a merged
// schedule in place of the days they replace (sorted by date), without overrides.
func (c *Calendar) Schedule(year int) (s Schedule, official bool) {
	s = c.layer(year)
	s.Days = slices.Clone(s.Days)
	if m, ok := c.merged[year]; ok {
		replaced := make(map[Date]bool, len(m.Days))
		for _, d := range m.Days {
			replaced[d.Date] = true
		}
		s.Days = slices.DeleteFunc(s.Days, func(d ScheduleDay) bool { return replaced[d.Date] })
		s.Days = append(s.Days, m.Days...)
		slices.SortFunc(s.Days, func(a, b ScheduleDay) int { return dayNumOf(a.Date) - dayNumOf(b.Date) })
	}
	return s, c.IsOfficial(year)
}

// IsWorkingDay reports whether the civil date of t in Vietnam time is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(dayNum(t)) }

// IsWorkingDate reports whether d is a working day.
func (c *Calendar) IsWorkingDate(d Date) bool { return c.working(dayNumOf(d)) }

// Explain tells whether the civil date of t in Vietnam time is a working day and why.
func (c *Calendar) Explain(t time.Time) DayInfo { return c.explain(dayNum(t)) }

// ExplainDate is Explain for a civil date.
func (c *Calendar) ExplainDate(d Date) DayInfo { return c.explain(dayNumOf(d)) }

func (c *Calendar) explain(n int) DayInfo {
	var k dayKind
	var name dayName
	if i := n - c.first; i >= 0 && i < len(c.kinds) {
		k, name = c.kinds[i], c.names[n]
	} else {
		k, name = c.slowDay(n)
	}
	d := dateFromDayNum(n)
	info := DayInfo{Date: d, Working: k.working(n), Holiday: name.en, HolidayVI: name.vi, Provisional: !c.IsOfficial(d.Year),
		Layer: name.layer, Source: name.source}
	if info.Layer == "" {
		info.Layer = LayerWeek
	}
	switch k {
	case kindPlain:
		info.Reason = ReasonWorking
		if !info.Working {
			info.Reason = ReasonWeekend
		}
	case kindHoliday:
		info.Reason = ReasonHoliday
	case kindOfficialOff:
		info.Reason = ReasonOfficialDayOff
	case kindCompensatory:
		info.Reason = ReasonCompensatoryDayOff
	case kindMakeUp:
		info.Reason = ReasonMakeUpWorkingDay
	case kindOverrideOff, kindOverrideWork:
		info.Reason = ReasonOverride
		info.Provisional = false
	}
	return info
}

// Holidays returns, in date order, every day of year that is not a plain weekday or weekend day: holidays
// (including those on a weekend), days off, compensatory days, make-up working days and overrides.
func (c *Calendar) Holidays(year int) []DayInfo {
	start := dayNumOf(Date{year, time.January, 1})
	end := dayNumOf(Date{year + 1, time.January, 1})
	var out []DayInfo
	for n := start; n < end; n++ {
		if c.kindAt(n) != kindPlain {
			out = append(out, c.explain(n))
		}
	}
	return out
}

// DaysOff returns, in date order, the days that are not working days among the civil dates after the date of a
// up to and including the date of b (the days that AddWorkingDays skips between them).
func (c *Calendar) DaysOff(a, b time.Time) []DayInfo {
	var out []DayInfo
	for n := dayNum(a) + 1; n <= dayNum(b); n++ {
		if !c.working(n) {
			out = append(out, c.explain(n))
		}
	}
	return out
}
