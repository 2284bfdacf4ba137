package reporting

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/dvc/workday"
)

// Regime is the cycle of a periodic report ("báo cáo định kỳ", NĐ 09/2019/NĐ-CP Điều 4 and Điều 12).
type Regime string

// Regimes of NĐ 09/2019 Điều 12.
const (
	// Monthly is "báo cáo tháng": 15th of the previous month to the 14th of the report month.
	Monthly Regime = "monthly"
	// Quarterly is "báo cáo quý": 15th of the month before the quarter to the 14th of its last month.
	Quarterly Regime = "quarterly"
	// HalfYearly is "báo cáo 6 tháng": 15/12 of the previous year to 14/6.
	HalfYearly Regime = "half_yearly"
	// NineMonthly is "báo cáo 9 tháng": 15/12 of the previous year to 14/9.
	NineMonthly Regime = "nine_monthly"
	// Yearly is "báo cáo năm": 15/12 of the previous year to 14/12.
	Yearly Regime = "yearly"
)

// Regimes lists the regimes in the order of Điều 12.
var Regimes = []Regime{Monthly, Quarterly, HalfYearly, NineMonthly, Yearly}

// ParseRegime reads a regime name; "6-month"/"6m" and "9-month"/"9m" are accepted too.
func ParseRegime(s string) (Regime, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "monthly", "month":
		return Monthly, nil
	case "quarterly", "quarter":
		return Quarterly, nil
	case "half_yearly", "half-yearly", "6-month", "6m", "6-months":
		return HalfYearly, nil
	case "nine_monthly", "nine-monthly", "9-month", "9m", "9-months":
		return NineMonthly, nil
	case "yearly", "annual", "year":
		return Yearly, nil
	}
	return "", fmt.Errorf("reporting: unknown regime %q (want monthly, quarterly, half_yearly, nine_monthly or yearly)", s)
}

// normalize returns the canonical form of r, or an error for an unknown or empty regime.
func (r Regime) normalize() (Regime, error) {
	if r == "" {
		return "", fmt.Errorf("reporting: no regime")
	}
	return ParseRegime(string(r))
}

// Period is one period of a regime: a month (2026-03), a quarter (2026-Q1), a half year (2026-H1), nine months
// (2026-9M) or a year (2026).
type Period struct {
	Regime Regime
	Year   int
	// Index is the month (1–12) or the quarter (1–4); 0 for the other regimes.
	Index int
}

// ParsePeriod reads a period of the regime: "2026-03" (monthly), "2026-Q1" (quarterly), "2026" or "2026-H1"
// (half-yearly), "2026" or "2026-9M" (nine-monthly), "2026" (yearly).
func ParsePeriod(r Regime, s string) (Period, error) {
	r, err := r.normalize()
	if err != nil {
		return Period{}, err
	}
	s = strings.TrimSpace(s)
	yearText, rest, _ := strings.Cut(s, "-")
	y, err := strconv.Atoi(yearText)
	if err != nil || len(yearText) != 4 || y < 1900 || y > 9999 {
		return Period{}, fmt.Errorf("reporting: period %q: want a four-digit year first", s)
	}
	p := Period{Regime: r, Year: y}
	bad := func(want string) (Period, error) {
		return Period{}, fmt.Errorf("reporting: period %q: a %s period is written %s", s, r, want)
	}
	switch r {
	case Monthly:
		m, err := strconv.Atoi(rest)
		if err != nil || len(rest) != 2 || m < 1 || m > 12 {
			return bad("YYYY-MM")
		}
		p.Index = m
	case Quarterly:
		if len(rest) != 2 || (rest[0] != 'Q' && rest[0] != 'q') || rest[1] < '1' || rest[1] > '4' {
			return bad("YYYY-Qn")
		}
		p.Index = int(rest[1] - '0')
	case HalfYearly:
		if rest != "" && !strings.EqualFold(rest, "H1") && rest != "6M" && rest != "6m" {
			return bad("YYYY or YYYY-H1")
		}
	case NineMonthly:
		if rest != "" && rest != "9M" && rest != "9m" {
			return bad("YYYY or YYYY-9M")
		}
	case Yearly:
		if rest != "" {
			return bad("YYYY")
		}
	}
	return p, nil
}

// String writes the period the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Regime {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Index)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Index)
	case HalfYearly:
		return fmt.Sprintf("%04d-H1", p.Year)
	case NineMonthly:
		return fmt.Sprintf("%04d-9M", p.Year)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// lastMonth is the month whose 14th closes the period.
func (p Period) lastMonth() time.Month {
	switch p.Regime {
	case Monthly:
		return time.Month(p.Index)
	case Quarterly:
		return time.Month(3 * p.Index)
	case HalfYearly:
		return time.June
	case NineMonthly:
		return time.September
	}
	return time.December
}

// Window returns the first and last day of the data of the period (NĐ 09/2019 Điều 12: "thời gian chốt số
// liệu"), both included.
func (p Period) Window() (from, to workday.Date) {
	to = workday.Date{Year: p.Year, Month: p.lastMonth(), Day: 14}
	switch p.Regime {
	case Monthly:
		from = fifteenthBefore(p.Year, time.Month(p.Index))
	case Quarterly:
		from = fifteenthBefore(p.Year, time.Month(3*p.Index-2))
	default:
		from = workday.Date{Year: p.Year - 1, Month: time.December, Day: 15}
	}
	return from, to
}

// Previous returns the period before p of the same regime (the previous month or quarter, the previous year).
func (p Period) Previous() Period {
	q := p
	switch p.Regime {
	case Monthly:
		q.Index--
		if q.Index == 0 {
			q.Year, q.Index = q.Year-1, 12
		}
	case Quarterly:
		q.Index--
		if q.Index == 0 {
			q.Year, q.Index = q.Year-1, 4
		}
	default:
		q.Year--
	}
	return q
}

// Deadlines holds the sending deadline of each regime in working days after the cut-off. NĐ 09/2019 Điều 8
// requires at least one working day; each regime's own text sets the figure, so it is configuration.
type Deadlines map[Regime]int

// DefaultDeadlines returns two working days for every regime, the "02 ngày làm việc kể từ ngày chốt số liệu"
// provinces commonly set [U: each regime's text decides].
func DefaultDeadlines() Deadlines {
	d := Deadlines{}
	for _, r := range Regimes {
		d[r] = 2
	}
	return d
}

// Deadline returns the last day to send the report of p: the days-th working day after the cut-off day on cal
// (workday.DefaultCalendar() normally), so that Tết, other holidays and weekends are skipped. days below 1 is taken as 1,
// the minimum of NĐ 09/2019 Điều 8.
func (p Period) Deadline(cal *workday.Calendar, days int) workday.Date {
	_, d := p.Window()
	days = max(days, 1)
	// A year holds far fewer days off than 366, so the loop ends; the bound keeps a broken calendar from spinning.
	for n, steps := 0, 0; n < days && steps < 366*(days+1); steps++ {
		d = d.AddDays(1)
		if cal.IsWorkingDate(d) {
			n++
		}
	}
	return d
}

// fifteenthBefore returns the 15th of the month before y-m.
func fifteenthBefore(y int, m time.Month) workday.Date {
	if m == time.January {
		return workday.Date{Year: y - 1, Month: time.December, Day: 15}
	}
	return workday.Date{Year: y, Month: m - 1, Day: 15}
}
