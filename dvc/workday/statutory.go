package workday

import (
	"fmt"
	"slices"
	"time"
)

// Names of the statutory holidays, in English and Vietnamese.
const (
	nameNewYear       = "New Year's Day"
	nameNewYearVI     = "Tết Dương lịch"
	nameTet           = "Lunar New Year (Tết)"
	nameTetVI         = "Tết Nguyên đán"
	nameHung          = "Hung Kings' Commemoration Day"
	nameHungVI        = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
	nameVictory       = "Reunification Day"
	nameVictoryVI     = "Ngày Chiến thắng (30/4)"
	nameLabour        = "International Labour Day"
	nameLabourVI      = "Ngày Quốc tế Lao động (1/5)"
	nameNational      = "National Day"
	nameNationalVI    = "Quốc khánh (2/9)"
	nameNationalAdj   = "National Day (adjacent day)"
	nameNationalAdjVI = "Quốc khánh (ngày liền kề)"
)

// StatutorySchedule returns the schedule that the labour code implies for a year when no official schedule has
// been announced. It is the calendar's provisional layer and follows these rules:
//
//   - From 2021, Bộ luật Lao động 45/2019/QH14 Điều 112 khoản 1: Tết Dương lịch (1/1); Tết Âm lịch, 5 days;
//     Giỗ Tổ Hùng Vương (10/3 âm lịch); 30/4; 1/5; Quốc khánh 2/9 and one adjacent day.
//   - 2013–2020, Bộ luật Lao động 10/2012/QH13 Điều 115: the same, with Quốc khánh 2/9 only.
//   - Before 2013, Bộ luật Lao động 1994 Điều 73 (amended 2007): Tết Âm lịch 4 days; Giỗ Tổ Hùng Vương from 2007.
//     Earlier laws are not modelled: years before 1995 get these rules as an approximation.
//
// Default placement (the Prime Minister fixes the real days every year): the 5 days of Tết run from 29 tháng Chạp,
// that is 29 and 30 tháng Chạp and mùng 1–3 when the last month has 30 days, 29 tháng Chạp and mùng 1–4 when it has
// 29 (the placement announced for 2020–2024 and 2026; 2025 started a day earlier). The 4 days of Tết before 2013 run
// from the last day of the old year to mùng 3. The day adjacent to
// Quốc khánh joins 2/9 to the nearest weekend: 1/9 when 2/9 is a Tuesday, Wednesday, Friday or Saturday, 3/9 when it
// is a Monday, Thursday or Sunday (the placements announced for 2021–2026).
//
// Compensation (Bộ luật Lao động 2019 Điều 111 khoản 3: "nếu ngày nghỉ hằng tuần trùng với ngày nghỉ lễ, tết … thì
// người lao động được nghỉ bù ngày nghỉ hằng tuần vào ngày làm việc kế tiếp"): for each holiday that falls on a
// Saturday or Sunday (the weekly rest days of civil servants), in date order, the next day that is a weekday and
// neither a holiday nor an earlier compensatory day becomes a day off (KindDayOff, "Nghỉ bù …").
//
// Years outside LunarMinYear–LunarMaxYear are computed with the same rules.
func StatutorySchedule(year int) Schedule { return statutorySchedule(year, nil) }

// AnnualHoliday is a holiday on a fixed Gregorian date that a calendar adds to the statutory rules for the years
// FromYear to ToYear (zero ToYear: no end), for a holiday decided after this package was written or not yet in the
// law. Example: Ngày Văn hóa Việt Nam, 24/11, chosen by Nghị quyết 80-NQ/TW (January 2026) as a paid day off
// pending an amendment of Bộ luật Lao động Điều 112, is not built in. AnnualHoliday applies to years without an
// announced schedule only (an announced Schedule is complete) and takes part in the compensation rule, except that
// a compensatory day that would fall in the next year is not given.
type AnnualHoliday struct {
	Month    time.Month `json:"month"`
	Day      int        `json:"day"`
	FromYear int        `json:"from_year"`
	ToYear   int        `json:"to_year,omitempty"`
	Name     string     `json:"name"`
	NameVI   string     `json:"name_vi"`
}

func statutorySchedule(year int, extra []AnnualHoliday) Schedule {
	st := StatuteFor(year)
	s := Schedule{Year: year, Source: "computed: " + st.Citation, SourceVI: "tính theo " + st.Citation}
	if !st.InForce {
		s.Source = fmt.Sprintf("computed: %s rules applied to a year before the code took effect on 01/01/%d",
			st.Law, st.FromYear)
		s.SourceVI = fmt.Sprintf("tính theo quy định của %s, áp dụng gần đúng cho năm trước khi Bộ luật có hiệu lực "+
			"(01/01/%d)", st.Law, st.FromYear)
	}
	add := func(d Date, name, nameVI string) {
		s.Days = append(s.Days, ScheduleDay{Date: d, Kind: KindHoliday, Name: name, NameVI: nameVI})
	}
	add(Date{year, time.January, 1}, nameNewYear, nameNewYearVI)
	seen := map[Date]bool{}
	for _, h := range extra {
		d := Date{year, h.Month, h.Day}
		if year < h.FromYear || (h.ToYear != 0 && year > h.ToYear) || !d.Valid() || seen[d] {
			continue
		}
		seen[d] = true
		add(d, h.Name, h.NameVI)
	}

	tetDays := 5
	if year < 2013 {
		tetDays = 4
	}
	if tet, ok := lunarToDate(LunarDate{Year: year, Month: 1, Day: 1}); ok {
		first := tet.AddDays(-1) // the last day of the old lunar year, 29 or 30 tháng Chạp
		if tetDays == 5 {
			last := SolarToLunar(first.Year, int(first.Month), first.Day)
			first = tet.AddDays(28 - last.Day) // 29 tháng Chạp
		}
		for i := 0; i < tetDays; i++ {
			add(first.AddDays(i), nameTet, nameTetVI)
		}
	}
	if year >= 2007 {
		if hung, ok := lunarToDate(LunarDate{Year: year, Month: 3, Day: 10}); ok {
			add(hung, nameHung, nameHungVI)
		}
	}
	add(Date{year, time.April, 30}, nameVictory, nameVictoryVI)
	add(Date{year, time.May, 1}, nameLabour, nameLabourVI)
	national := Date{year, time.September, 2}
	add(national, nameNational, nameNationalVI)
	if year >= 2021 {
		switch national.Weekday() {
		case time.Tuesday, time.Wednesday, time.Friday, time.Saturday:
			add(national.AddDays(-1), nameNationalAdj, nameNationalAdjVI)
		default:
			add(national.AddDays(1), nameNationalAdj, nameNationalAdjVI)
		}
	}
	slices.SortStableFunc(s.Days, func(a, b ScheduleDay) int { return dayNumOf(a.Date) - dayNumOf(b.Date) })
	// An extra holiday that coincides with a statutory one is the same day off: keep the first.
	s.Days = slices.CompactFunc(s.Days, func(a, b ScheduleDay) bool { return a.Date == b.Date })

	taken := make(map[Date]bool, len(s.Days)+4)
	for _, d := range s.Days {
		taken[d.Date] = true
	}
	holidays := len(s.Days)
	for i := 0; i < holidays; i++ {
		h := s.Days[i]
		if !isWeekend(h.Date.Weekday()) {
			continue
		}
		c := h.Date.AddDays(1)
		for isWeekend(c.Weekday()) || taken[c] {
			c = c.AddDays(1)
		}
		if c.Year != year {
			// Only an extra holiday at the very end of December could push its compensation into the next
			// year, whose own layer does not see it: the compensation is dropped (documented on AnnualHoliday).
			continue
		}
		taken[c] = true
		s.Days = append(s.Days, ScheduleDay{
			Date: c, Kind: KindDayOff,
			Name:   fmt.Sprintf("Compensatory day off for %s (%v)", h.Name, h.Date),
			NameVI: fmt.Sprintf("Nghỉ bù %s (%02d/%02d)", h.NameVI, h.Date.Day, int(h.Date.Month)),
		})
	}
	slices.SortFunc(s.Days, func(a, b ScheduleDay) int { return dayNumOf(a.Date) - dayNumOf(b.Date) })
	return s
}

// Statute is the labour code whose holiday rules StatutorySchedule applies to a year.
type Statute struct {
	// Law names the code as it is cited in Vietnamese ("Bộ luật Lao động 2019").
	Law string `json:"law"`
	// Citation adds the articles on holidays ("Bộ luật Lao động 2019 Điều 111–112").
	Citation string `json:"citation"`
	// FromYear is the first year the code governs; ToYear the last (0 while in force).
	FromYear int `json:"from_year"`
	ToYear   int `json:"to_year,omitempty"`
	// InForce is false for a year before FromYear: no code modelled here governs it, and the rules of the
	// earliest one are applied as an approximation.
	InForce bool `json:"in_force"`
}

// statutes are the labour codes modelled, newest first.
var statutes = [...]Statute{
	{Law: "Bộ luật Lao động 2019", Citation: "Bộ luật Lao động 2019 Điều 111–112", FromYear: 2021},
	{Law: "Bộ luật Lao động 2012", Citation: "Bộ luật Lao động 2012 Điều 110, 115", FromYear: 2013, ToYear: 2020},
	{Law: "Bộ luật Lao động 1994", Citation: "Bộ luật Lao động 1994 (sửa đổi 2007) Điều 72–73", FromYear: 1995, ToYear: 2012},
}

// StatuteFor returns the labour code whose rules StatutorySchedule applies to year: Bộ luật Lao động 45/2019/QH14
// from 2021, 10/2012/QH13 for 2013–2020, the 1994 code (amended 2007) for 1995–2012. Years before 1995 get the
// 1994 code's rules with InForce false.
func StatuteFor(year int) Statute {
	for _, s := range statutes {
		if year >= s.FromYear {
			s.InForce = true
			return s
		}
	}
	return statutes[len(statutes)-1]
}

func isWeekend(w time.Weekday) bool { return w == time.Saturday || w == time.Sunday }

func lunarToDate(ld LunarDate) (Date, bool) {
	y, m, d, err := lunarToSolar(ld)
	if err != nil {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}
