package workday

import (
	"fmt"
	"slices"
	"time"
)

// Period is one stretch of working time within a day ("giờ làm việc"), as offsets from midnight in Vietnam time:
// Start is included, End is excluded.
type Period struct {
	Start, End time.Duration
}

// Hours is the working time of a working day: non-overlapping periods in increasing order. The zero value means
// DefaultHours.
type Hours struct {
	Periods []Period
}

// DefaultHours returns the working hours seen in public one-stop offices: 07:00–11:30 and 13:30–17:00, eight hours.
func DefaultHours() Hours {
	return Hours{Periods: []Period{
		{Start: 7 * time.Hour, End: 11*time.Hour + 30*time.Minute},
		{Start: 13*time.Hour + 30*time.Minute, End: 17 * time.Hour},
	}}
}

// MaxPeriods bounds the number of periods of Hours.
const MaxPeriods = 16

// Validate reports whether h is usable: one to MaxPeriods periods, each non-empty, within one day, in increasing
// order without overlap.
func (h Hours) Validate() error {
	if len(h.Periods) == 0 {
		return fmt.Errorf("workday: working hours: no period")
	}
	if len(h.Periods) > MaxPeriods {
		return fmt.Errorf("workday: working hours: %d periods, at most %d", len(h.Periods), MaxPeriods)
	}
	var prev time.Duration
	for i, p := range h.Periods {
		switch {
		case p.Start < 0 || p.End > 24*time.Hour:
			return fmt.Errorf("workday: working hours: period %d (%v–%v) is outside the day", i+1, p.Start, p.End)
		case p.End <= p.Start:
			return fmt.Errorf("workday: working hours: period %d (%v–%v) is empty", i+1, p.Start, p.End)
		case i > 0 && p.Start < prev:
			return fmt.Errorf("workday: working hours: period %d (%v–%v) overlaps or precedes the previous one", i+1, p.Start, p.End)
		}
		prev = p.End
	}
	if per := h.PerDay(); per < MinPerDay {
		return fmt.Errorf("workday: working hours: %v of working time a day, at least %v", per, MinPerDay)
	}
	return nil
}

// MinPerDay is the least working time of a day that Hours.Validate accepts. A shorter day is a typo (00:00–00:01
// for 00:00–10:00), and a deadline in hours would then run over decades of calendar: with MinPerDay the longest
// limit of the dvc package (dvc.MaxLimitDays days of 24 hours) ends within about 120 years.
const MinPerDay = time.Hour

// PerDay returns the working time of one working day (eight hours for DefaultHours).
func (h Hours) PerDay() time.Duration {
	var d time.Duration
	for _, p := range h.Periods {
		d += p.End - p.Start
	}
	return d
}

// String formats h as "07:00-11:30,13:30-17:00", the form ParseHours reads.
func (h Hours) String() string {
	b := make([]byte, 0, 12*len(h.Periods))
	for i, p := range h.Periods {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendClock(b, p.Start)
		b = append(b, '-')
		b = appendClock(b, p.End)
	}
	return string(b)
}

func appendClock(b []byte, d time.Duration) []byte {
	m := int(d / time.Minute)
	return fmt.Appendf(b, "%02d:%02d", m/60, m%60)
}

// ParseHours reads working hours written as "07:00-11:30,13:30-17:00" (24-hour clock, "24:00" allowed as an end)
// and validates them.
func ParseHours(s string) (Hours, error) {
	var h Hours
	for part := range splitComma(s) {
		var sh, sm, eh, em int
		var rest string
		n, _ := fmt.Sscanf(part, "%d:%d-%d:%d%s", &sh, &sm, &eh, &em, &rest)
		if n != 4 || sm < 0 || sm > 59 || em < 0 || em > 59 || sh < 0 || eh < 0 || sh > 24 || eh > 24 {
			return Hours{}, fmt.Errorf("workday: working hours %q: want HH:MM-HH:MM[,HH:MM-HH:MM…]", s)
		}
		h.Periods = append(h.Periods, Period{
			Start: time.Duration(sh)*time.Hour + time.Duration(sm)*time.Minute,
			End:   time.Duration(eh)*time.Hour + time.Duration(em)*time.Minute,
		})
		if len(h.Periods) > MaxPeriods {
			break
		}
	}
	if err := h.Validate(); err != nil {
		return Hours{}, err
	}
	return h, nil
}

func splitComma(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i <= len(s); i++ {
			if i == len(s) || s[i] == ',' {
				if !yield(s[start:i]) {
					return
				}
				start = i + 1
			}
		}
	}
}

func (h Hours) clone() Hours { return Hours{Periods: slices.Clone(h.Periods)} }
