package workday

import (
	"fmt"
	"time"

	"github.com/vnegov/egov/vntime"
)

// Date is a civil date in Việt Nam, without time of day or zone. Its text form is "2006-01-02".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in Vietnam time.
func DateOf(t time.Time) Date {
	return dateFromDayNum(dayNum(t))
}

// ParseDate reads a date written "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("workday: date %q: want YYYY-MM-DD", s)
	}
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Time returns midnight of d in loc (Vietnam time when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = vntime.Location()
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// Julian day number 0 was a Monday.
	return time.Weekday((julianDayNumber(d.Year, int(d.Month), d.Day) + 1) % 7)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names an existing Gregorian date.
func (d Date) Valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return false
	}
	y, m, dd := civilFromJDN(julianDayNumber(d.Year, int(d.Month), d.Day))
	return y == d.Year && time.Month(m) == d.Month && dd == d.Day
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	y, m, dd := civilFromJDN(julianDayNumber(d.Year, int(d.Month), d.Day) + n)
	return Date{Year: y, Month: time.Month(m), Day: dd}
}

// Day numbers: days since 1970-01-01 in Vietnam time. They index the calendar's tables and avoid time.Time
// arithmetic (and its allocations) in the hot paths.

const (
	vnOffset  = 7 * 3600
	secPerDay = 86400
	jdnEpoch  = 2440588 // Julian day number of 1970-01-01
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dayNum returns the day number of t's civil date in Vietnam time.
func dayNum(t time.Time) int {
	return int(floorDiv(t.Unix()+vnOffset, secPerDay))
}

// clockOf returns the time of day of t in Vietnam time.
func clockOf(t time.Time) time.Duration {
	s := t.Unix() + vnOffset
	sec := s - floorDiv(s, secPerDay)*secPerDay
	return time.Duration(sec)*time.Second + time.Duration(t.Nanosecond())
}

func dayNumOf(d Date) int { return julianDayNumber(d.Year, int(d.Month), d.Day) - jdnEpoch }

func dateFromDayNum(n int) Date {
	y, m, d := civilFromJDN(n + jdnEpoch)
	return Date{Year: y, Month: time.Month(m), Day: d}
}

// weekdayOf returns the day of the week of a day number (1970-01-01 was a Thursday).
func weekdayOf(n int) time.Weekday {
	w := (n + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}
