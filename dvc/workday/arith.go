package workday

import "time"

// at returns the instant at time of day clk of day number n, in the calendar's location.
func (c *Calendar) at(n int, clk time.Duration) time.Time {
	sec := int64(n)*secPerDay - vnOffset + int64(clk/time.Second)
	return time.Unix(sec, int64(clk%time.Second)).In(c.loc)
}

// maxScan bounds the days scanned for the next or previous working day (a safety net: an override list cannot
// make more days off in a row than it holds entries, and the statutory layers never make more than two weeks).
const maxScan = 1 << 20

// nextWorkingDay returns the first working day number after n.
func (w *dayWalker) nextWorkingDay(n int) int {
	for i := 0; i < maxScan; i++ {
		n++
		if w.working(n) {
			return n
		}
	}
	return n
}

// prevWorkingDay returns the last working day number before n.
func (w *dayWalker) prevWorkingDay(n int) int {
	for i := 0; i < maxScan; i++ {
		n--
		if w.working(n) {
			return n
		}
	}
	return n
}

// NextWorkingTime returns t when t falls within the working hours of a working day, and otherwise the start of the
// next working period: later the same day (after the lunch break), or the first period of the next working day.
// The end of a period is not working time: at 11:30 with DefaultHours the next working time is 13:30. The result
// is in Vietnam time.
func (c *Calendar) NextWorkingTime(t time.Time) time.Time {
	n, clk := dayNum(t), clockOf(t)
	if c.working(n) {
		for _, p := range c.hours.Periods {
			if clk < p.End {
				if clk >= p.Start {
					return t.In(c.loc)
				}
				return c.at(n, p.Start)
			}
		}
	}
	w := dayWalker{c: c}
	return c.at(w.nextWorkingDay(n), c.hours.Periods[0].Start)
}

// AddWorkingDays returns the time n working days after t, the deadline of a procedure "giải quyết trong n ngày
// làm việc". Counting starts from s = NextWorkingTime(t): when t is within working hours s = t, otherwise the
// dossier counts as received at the start of the next working period. The result keeps the time of day of s and
// falls on the n-th working day after the date of s, skipping weekends, holidays and days off and counting make-up
// Saturdays. So a dossier received on Friday 13/02/2026 at 10:00 with 3 working days is due on Wednesday 25/02/2026
// at 10:00 (Tết 16–20/02 off: Monday 23 is day 1, Tuesday 24 day 2, Wednesday 25 day 3), and one received on a
// Saturday is due at 07:00 on the n-th working day after the following Monday. n = 0 returns s; a negative n
// counts back from s. Within the calendar's table AddWorkingDays does not allocate.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	s := c.NextWorkingTime(t)
	d, clk := dayNum(s), clockOf(s)
	w := dayWalker{c: c}
	for ; n > 0; n-- {
		d = w.nextWorkingDay(d)
	}
	for ; n < 0; n++ {
		d = w.prevWorkingDay(d)
	}
	return c.at(d, clk)
}

// AddWorkingHours returns the time at which d of working time has elapsed after t, the deadline of a procedure
// stated in working hours. Time outside the working periods (nights, the lunch break, days off) does not count, so
// t outside working hours counts from NextWorkingTime(t). When the working time runs out exactly at the end of a
// period the result is that end (8 hours from 07:00 on a working day with DefaultHours is 17:00 the same day, not
// 07:00 the next). d = 0 returns NextWorkingTime(t). A negative d counts working time back from t and, when it
// runs out exactly at the start of a period, returns that start. Within the calendar's table AddWorkingHours does
// not allocate.
func (c *Calendar) AddWorkingHours(t time.Time, d time.Duration) time.Time {
	if d == 0 {
		return c.NextWorkingTime(t)
	}
	n, clk := dayNum(t), clockOf(t)
	w := dayWalker{c: c}
	if d > 0 {
		for i := 0; i < maxScan; i++ {
			if w.working(n) {
				if clk == 0 && d > c.perDay {
					d -= c.perDay
				} else {
					for _, p := range c.hours.Periods {
						if p.End <= clk {
							continue
						}
						start := max(clk, p.Start)
						if avail := p.End - start; d <= avail {
							return c.at(n, start+d)
						} else {
							d -= avail
						}
					}
				}
			}
			n, clk = n+1, 0
		}
		return c.at(n, 0)
	}
	d = -d
	for i := 0; i < maxScan; i++ {
		if w.working(n) {
			if clk == 24*time.Hour && d > c.perDay {
				d -= c.perDay
			} else {
				for j := len(c.hours.Periods) - 1; j >= 0; j-- {
					p := c.hours.Periods[j]
					if p.Start >= clk {
						continue
					}
					end := min(clk, p.End)
					if avail := end - p.Start; d <= avail {
						return c.at(n, end-d)
					} else {
						d -= avail
					}
				}
			}
		}
		n, clk = n-1, 24*time.Hour
	}
	return c.at(n, 0)
}

// WorkingDaysBetween counts the working days among the civil dates after the date of a up to and including the
// date of b, in Vietnam time; it is negative when b is before a. It inverts AddWorkingDays for a start within
// working hours: WorkingDaysBetween(t, AddWorkingDays(t, n)) == n. Times of day are ignored.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	from, to := dayNum(a), dayNum(b)
	sign := 1
	if to < from {
		from, to, sign = to, from, -1
	}
	count := 0
	w := dayWalker{c: c}
	for n := from + 1; n <= to; n++ {
		if w.working(n) {
			count++
		}
	}
	return sign * count
}

// WorkingHoursBetween returns the working time within [a, b): the time inside working periods of working days.
// It is negative when b is before a and inverts AddWorkingHours: WorkingHoursBetween(t, AddWorkingHours(t, d)) == d
// for d > 0.
func (c *Calendar) WorkingHoursBetween(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.WorkingHoursBetween(b, a)
	}
	from, to := dayNum(a), dayNum(b)
	var total time.Duration
	w := dayWalker{c: c}
	for n := from; n <= to; n++ {
		if !w.working(n) {
			continue
		}
		lo, hi := time.Duration(0), 24*time.Hour
		if n == from {
			lo = clockOf(a)
		}
		if n == to {
			hi = clockOf(b)
		}
		if lo == 0 && hi == 24*time.Hour {
			total += c.perDay
			continue
		}
		for _, p := range c.hours.Periods {
			s, e := max(lo, p.Start), min(hi, p.End)
			if e > s {
				total += e - s
			}
		}
	}
	return total
}

// IsWorkingTime reports whether t falls within the working hours of a working day (period starts included, ends
// excluded), that is whether NextWorkingTime(t) is t.
func (c *Calendar) IsWorkingTime(t time.Time) bool {
	n, clk := dayNum(t), clockOf(t)
	if !c.working(n) {
		return false
	}
	for _, p := range c.hours.Periods {
		if clk >= p.Start && clk < p.End {
			return true
		}
	}
	return false
}
