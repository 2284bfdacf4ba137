package workday

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// offDays lists the holidays and days off (not weekends, not make-up days) of a year as "date kind" strings.
func offDays(c *Calendar, year int) []string {
	var out []string
	for _, h := range c.Holidays(year) {
		out = append(out, fmt.Sprintf("%v %s", h.Date, h.Reason))
	}
	return out
}

func TestOfficial2026(t *testing.T) {
	c := DefaultCalendar()
	require.True(t, c.IsOfficial(2026))
	require.True(t, c.IsOfficial(2025))
	require.True(t, c.IsOfficial(2024))
	require.True(t, c.IsOfficial(2023))
	require.False(t, c.IsOfficial(2022))
	require.False(t, c.IsOfficial(2027))
	cases := []struct {
		date    string
		working bool
		reason  Reason
	}{
		{"2026-02-13", true, ReasonWorking},  // Friday before Tết
		{"2026-02-14", false, ReasonWeekend}, // 27 tháng Chạp
		{"2026-02-16", false, ReasonHoliday},
		{"2026-02-17", false, ReasonHoliday}, // mùng 1 Tết Bính Ngọ
		{"2026-02-20", false, ReasonHoliday},
		{"2026-02-22", false, ReasonWeekend},
		{"2026-02-23", true, ReasonWorking},
		{"2026-01-02", false, ReasonOfficialDayOff},
		{"2026-01-10", true, ReasonMakeUpWorkingDay},
		{"2026-04-26", false, ReasonHoliday}, // Giỗ Tổ on a Sunday
		{"2026-04-27", false, ReasonOfficialDayOff},
		{"2026-08-22", true, ReasonMakeUpWorkingDay}, // Saturday worked
		{"2026-08-23", false, ReasonWeekend},
		{"2026-08-31", false, ReasonOfficialDayOff}, // Monday off
		{"2026-09-01", false, ReasonHoliday},
		{"2026-09-02", false, ReasonHoliday},
		{"2026-09-03", true, ReasonWorking},
		{"2026-11-24", true, ReasonWorking}, // Ngày Văn hóa Việt Nam: not in the law yet (see AnnualHoliday)
	}
	for _, tc := range cases {
		info := c.ExplainDate(d(tc.date))
		require.Equal(t, tc.working, info.Working, tc.date)
		require.Equal(t, tc.reason, info.Reason, tc.date)
		require.False(t, info.Provisional, tc.date)
		require.Equal(t, tc.working, c.IsWorkingDay(d(tc.date).Time(nil).Add(23*time.Hour)), tc.date)
	}
	require.Equal(t, "Tết Nguyên đán", c.ExplainDate(d("2026-02-17")).HolidayVI)
	require.Len(t, c.Holidays(2026), 16)
}

func TestOfficial2023To2025(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct {
		date    string
		working bool
		reason  Reason
	}{
		{"2023-01-19", true, ReasonWorking},
		{"2023-01-20", false, ReasonHoliday}, // 29 tháng Chạp Nhâm Dần
		{"2023-01-26", false, ReasonOfficialDayOff},
		{"2023-01-27", true, ReasonWorking},
		{"2023-09-04", false, ReasonOfficialDayOff},
		{"2024-02-08", false, ReasonHoliday},
		{"2024-02-14", false, ReasonOfficialDayOff},
		{"2024-04-29", false, ReasonOfficialDayOff},
		{"2024-05-04", true, ReasonMakeUpWorkingDay},
		{"2024-09-03", false, ReasonHoliday},
		{"2025-01-27", false, ReasonHoliday},
		{"2025-02-03", true, ReasonWorking},
		{"2025-04-26", true, ReasonMakeUpWorkingDay},
		{"2025-05-02", false, ReasonOfficialDayOff},
		{"2025-09-01", false, ReasonHoliday},
	}
	for _, tc := range cases {
		info := c.ExplainDate(d(tc.date))
		require.Equal(t, tc.working, info.Working, tc.date)
		require.Equal(t, tc.reason, info.Reason, tc.date)
		require.False(t, info.Provisional, tc.date)
	}
	// A deadline across the make-up Saturday of 2024: Thursday 25/4 + 3 = Friday 26 (1), Thursday 2/5 (2),
	// Friday 3/5 (3); Saturday 4/5 is worked, so + 4 lands on it.
	start := at("2024-04-25T09:00:00+07:00")
	require.Equal(t, "2024-05-03T09:00:00+07:00", c.AddWorkingDays(start, 3).Format(time.RFC3339))
	require.Equal(t, "2024-05-04T09:00:00+07:00", c.AddWorkingDays(start, 4).Format(time.RFC3339))
}

func TestStatutoryRules(t *testing.T) {
	c, err := New(Options{NoEmbeddedSchedules: true})
	require.NoError(t, err)
	cases := []struct {
		year int
		want []string
	}{
		// 2022: 30/4 Saturday and 1/5 Sunday compensated on Monday 2/5 and Tuesday 3/5 (as announced that year);
		// Tết Nhâm Dần 1/2: 31/1 (29 Chạp) to 4/2 (mùng 4); Quốc khánh Friday 2/9 with Thursday 1/9.
		{2022, []string{
			"2022-01-01 holiday", "2022-01-03 compensatory_day_off",
			"2022-01-31 holiday", "2022-02-01 holiday", "2022-02-02 holiday", "2022-02-03 holiday", "2022-02-04 holiday",
			"2022-04-10 holiday", "2022-04-11 compensatory_day_off",
			"2022-04-30 holiday", "2022-05-01 holiday", "2022-05-02 compensatory_day_off", "2022-05-03 compensatory_day_off",
			"2022-09-01 holiday", "2022-09-02 holiday",
		}},
		// 2023: Quốc khánh Saturday 2/9 with Friday 1/9, compensated on Monday 4/9 (as announced).
		// Tết Quý Mão 22/1 (Sunday): 20/1 (29 Chạp) to 24/1 (mùng 3), compensatory days 25 and 26/1 for Saturday 21
		// and Sunday 22 (as announced).
		{2023, []string{
			"2023-01-01 holiday", "2023-01-02 compensatory_day_off",
			"2023-01-20 holiday", "2023-01-21 holiday", "2023-01-22 holiday", "2023-01-23 holiday", "2023-01-24 holiday",
			"2023-01-25 compensatory_day_off", "2023-01-26 compensatory_day_off",
			"2023-04-29 holiday", "2023-04-30 holiday", "2023-05-01 holiday",
			"2023-05-02 compensatory_day_off", "2023-05-03 compensatory_day_off", // as announced: 29/4–3/5
			"2023-09-01 holiday", "2023-09-02 holiday", "2023-09-04 compensatory_day_off",
		}},
		// 2021: Quốc khánh Thursday with Friday 3/9 (as announced); 2024: Monday 2/9 with Tuesday 3/9 (as announced).
		{2021, nil}, {2024, nil},
		// 2015 (Bộ luật Lao động 2012): Quốc khánh one day; 2010: Tết 4 days; 2005: no Giỗ Tổ.
		{2015, nil}, {2010, nil}, {2005, nil},
	}
	for _, tc := range cases {
		got := offDays(c, tc.year)
		if tc.want != nil {
			require.Empty(t, cmp.Diff(tc.want, got), "year %d", tc.year)
		}
		for _, h := range c.Holidays(tc.year) {
			require.True(t, h.Provisional)
			require.False(t, h.Working)
		}
	}
	has := func(year int, date string) bool {
		return slices.ContainsFunc(c.Holidays(year), func(h DayInfo) bool { return h.Date == d(date) })
	}
	require.True(t, has(2021, "2021-09-03"))
	require.False(t, has(2021, "2021-09-01"))
	require.True(t, has(2024, "2024-09-03"))
	require.False(t, has(2015, "2015-09-01") || has(2015, "2015-09-03"))
	require.Equal(t, 4, countName(c.Holidays(2010), nameTet))
	require.Equal(t, 5, countName(c.Holidays(2015), nameTet))
	require.Zero(t, countName(c.Holidays(2005), nameHung))
	require.Equal(t, 1, countName(c.Holidays(2007), nameHung))
	// Quốc khánh on a Sunday (2029): Monday 3/9 adjacent, compensation on Tuesday 4/9.
	require.Equal(t, []string{"2029-09-02 holiday", "2029-09-03 holiday", "2029-09-04 compensatory_day_off"}, offDays(c, 2029)[len(offDays(c, 2029))-3:])
}

func countName(hs []DayInfo, name string) int {
	n := 0
	for _, h := range hs {
		if h.Holiday == name {
			n++
		}
	}
	return n
}

func TestStatutoryScheduleValidEveryYear(t *testing.T) {
	for y := LunarMinYear; y <= LunarMaxYear; y++ {
		s := StatutorySchedule(y)
		require.NoError(t, s.Validate(), "year %d", y)
		tet := countName(scheduleInfos(s), nameTet)
		if y >= 2013 {
			require.Equal(t, 5, tet, "year %d", y)
		} else {
			require.Equal(t, 4, tet, "year %d", y)
		}
		// Every holiday on a weekend has its own compensatory weekday.
		weekendHolidays, comp := 0, 0
		for _, sd := range s.Days {
			if sd.Kind == KindHoliday && isWeekend(sd.Date.Weekday()) {
				weekendHolidays++
			}
			if sd.Kind == KindDayOff {
				comp++
				require.False(t, isWeekend(sd.Date.Weekday()))
			}
		}
		require.Equal(t, weekendHolidays, comp, "year %d", y)
	}
}

func scheduleInfos(s Schedule) []DayInfo {
	out := make([]DayInfo, len(s.Days))
	for i, sd := range s.Days {
		out[i] = DayInfo{Date: sd.Date, Holiday: sd.Name}
	}
	return out
}

// TestStatutoryMatchesAnnounced compares the computed layer with the announced schedules: the days off must be the
// same except for the discretionary bridge days (swapped with a make-up Saturday) and the Tết placement of 2025.
func TestStatutoryMatchesAnnounced(t *testing.T) {
	official := map[int]Schedule{}
	for _, s := range OfficialSchedules() {
		official[s.Year] = s
	}
	offSet := func(s Schedule) map[Date]bool {
		m := map[Date]bool{}
		for _, sd := range s.Days {
			if sd.Kind != KindWorking && !isWeekend(sd.Date.Weekday()) {
				m[sd.Date] = true
			}
		}
		return m
	}
	bridges := map[Date]bool{d("2024-04-29"): true, d("2025-05-02"): true, d("2026-01-02"): true, d("2026-08-31"): true}
	for _, y := range []int{2023, 2024, 2026} {
		want := offSet(official[y])
		for b := range bridges {
			delete(want, b)
		}
		require.Equal(t, want, offSet(StatutorySchedule(y)), "year %d", y)
	}
}

func TestDefaultTetPlacement2026MatchesOfficial(t *testing.T) {
	// The documented default placement gives the announced Tết days of 2026.
	var got []string
	for _, sd := range StatutorySchedule(2026).Days {
		if sd.Name == nameTet {
			got = append(got, sd.Date.String())
		}
	}
	require.Equal(t, []string{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"}, got)
}

func TestOverridesAndOptions(t *testing.T) {
	c, err := New(Options{
		Overrides: []Override{
			{Date: d("2026-03-02"), Working: false, Name: "Provincial closure", NameVI: "Nghỉ theo quyết định của tỉnh"},
			{Date: d("2026-02-17"), Working: true, Name: "Duty day"},
			{Date: d("2150-01-05"), Working: false, Name: "Far future"},
		},
		ExtraHolidays: []AnnualHoliday{{Month: time.November, Day: 24, FromYear: 2027, Name: "Vietnamese Culture Day", NameVI: "Ngày Văn hóa Việt Nam"}},
	})
	require.NoError(t, err)
	info := c.ExplainDate(d("2026-03-02"))
	require.Equal(t, DayInfo{Date: d("2026-03-02"), Working: false, Reason: ReasonOverride, Holiday: "Provincial closure", HolidayVI: "Nghỉ theo quyết định của tỉnh", Layer: LayerOverride}, info)
	require.True(t, c.ExplainDate(d("2026-02-17")).Working)
	require.Equal(t, ReasonOverride, c.ExplainDate(d("2150-01-05")).Reason)
	require.False(t, c.IsWorkingDate(d("2150-01-05")))
	// The extra holiday applies to provisional years only: 2026 is official, 2027 gets it (a Wednesday).
	require.True(t, c.IsWorkingDate(d("2026-11-24")))
	require.Equal(t, ReasonHoliday, c.ExplainDate(d("2027-11-24")).Reason)
	require.True(t, c.ExplainDate(d("2027-11-24")).Provisional)
	// 2029: 24/11 is a Saturday, compensated on Monday 26/11.
	require.Equal(t, ReasonCompensatoryDayOff, c.ExplainDate(d("2029-11-26")).Reason)

	bad := []Options{
		{Hours: Hours{Periods: []Period{{Start: 9 * time.Hour, End: 8 * time.Hour}}}},
		{Hours: Hours{Periods: []Period{{Start: 8 * time.Hour, End: 12 * time.Hour}, {Start: 11 * time.Hour, End: 17 * time.Hour}}}},
		{Hours: Hours{Periods: []Period{{Start: 8 * time.Hour, End: 25 * time.Hour}}}},
		{FirstYear: 1800},
		{FirstYear: 2030, LastYear: 2020},
		{Overrides: []Override{{Date: d("2026-03-02")}, {Date: d("2026-03-02"), Working: true}}},
		{Overrides: []Override{{Date: Date{2026, 2, 30}}}},
		{Schedules: []Schedule{{Year: 2027, Days: []ScheduleDay{{Date: d("2027-03-01"), Kind: KindWorking}}}}}, // a Monday
		{Schedules: []Schedule{{Year: 2027}, {Year: 2027}}},
		{ExtraHolidays: []AnnualHoliday{{Month: 2, Day: 30, FromYear: 2027}}},
	}
	for i, o := range bad {
		_, err := New(o)
		require.Error(t, err, "case %d", i)
		require.True(t, strings.HasPrefix(err.Error(), "workday: "), err.Error())
	}
}

func TestLoadedScheduleReplacesEmbedded(t *testing.T) {
	s := Schedule{Year: 2026, Source: "test", Complete: true, Days: []ScheduleDay{{Date: d("2026-02-17"), Kind: KindHoliday, Name: "Tết"}}}
	c, err := New(Options{Schedules: []Schedule{s}})
	require.NoError(t, err)
	require.True(t, c.IsOfficial(2026))
	require.True(t, c.IsWorkingDate(d("2026-02-16")))
	require.False(t, c.IsWorkingDate(d("2026-02-17")))
	require.False(t, c.IsWorkingDate(d("2026-08-22"))) // the make-up Saturday is gone with the embedded schedule

	c, err = New(Options{NoEmbeddedSchedules: true})
	require.NoError(t, err)
	require.False(t, c.IsOfficial(2026))
	require.True(t, c.ExplainDate(d("2026-02-17")).Provisional)
	got, official := c.Schedule(2026)
	require.False(t, official)
	require.Equal(t, StatutorySchedule(2026), got)
}

func TestOutsideTableMatchesTable(t *testing.T) {
	small, err := New(Options{FirstYear: 2020, LastYear: 2022, Overrides: []Override{{Date: d("2035-06-01"), Name: "x"}}})
	require.NoError(t, err)
	full, err := New(Options{Overrides: []Override{{Date: d("2035-06-01"), Name: "x"}}})
	require.NoError(t, err)
	for _, y := range []int{1950, 2026, 2035, 2100} {
		require.Equal(t, full.Holidays(y), small.Holidays(y), "year %d", y)
	}
	vn := vntime.Location()
	start := time.Date(2025, 12, 20, 9, 0, 0, 0, vn)
	require.True(t, full.AddWorkingDays(start, 40).Equal(small.AddWorkingDays(start, 40)))
	// Years beyond the lunar range still compute (approximately) and do not panic.
	require.NotEmpty(t, full.Holidays(2150))
	require.NotEmpty(t, full.Holidays(1850))
}

func TestConcurrentUse(t *testing.T) {
	// Run under -race: one calendar shared by goroutines gives the same answers as sequential calls.
	c := DefaultCalendar()
	start := time.Date(2026, 2, 13, 10, 0, 0, 0, vntime.Location())
	want := make([]time.Time, 16)
	for i := range want {
		want[i] = c.AddWorkingDays(start, i)
	}
	got := make([]time.Time, 16)
	done := make(chan struct{})
	for i := range got {
		go func() {
			got[i] = c.AddWorkingDays(start, i)
			_ = c.Explain(got[i])
			done <- struct{}{}
		}()
	}
	for range got {
		<-done
	}
	require.Equal(t, want, got)
	require.Equal(t, "2026-02-25T10:00:00+07:00", got[3].Format(time.RFC3339))
}

func TestExtraHolidayAtYearEnd(t *testing.T) {
	// 31/12/2022 was a Saturday: its compensation would fall in 2023 and is not given; nothing panics.
	c, err := New(Options{NoEmbeddedSchedules: true, ExtraHolidays: []AnnualHoliday{{Month: 12, Day: 31, FromYear: 2000, Name: "Eve"}, {Month: 1, Day: 1, FromYear: 2000, Name: "dup"}}})
	require.NoError(t, err)
	require.Equal(t, ReasonHoliday, c.ExplainDate(d("2022-12-31")).Reason)
	require.Equal(t, ReasonCompensatoryDayOff, c.ExplainDate(d("2023-01-02")).Reason) // for Sunday 1/1/2023 only
	require.True(t, c.IsWorkingDate(d("2023-01-03")))
	require.Equal(t, nameNewYear, c.ExplainDate(d("2023-01-01")).Holiday) // the statutory name wins over the duplicate
	for y := LunarMinYear; y <= LunarMaxYear; y++ {
		require.NoError(t, statutorySchedule(y, c.extra).Validate(), "year %d", y)
	}
}

// A loaded schedule that is not complete adds its days to the year and leaves the others alone: one local day off
// in 2026 keeps Tết, 30/4–1/5 and National Day, and the layer and source of each day say who decided it.
func TestLoadedScheduleMerges(t *testing.T) {
	local := Schedule{Year: 2026, Source: "Quyết định 12/QĐ-UBND (local)", Days: []ScheduleDay{
		{Date: d("2026-03-10"), Kind: KindDayOff, Name: "Provincial day off", NameVI: "Nghỉ theo quyết định của tỉnh"},
		{Date: d("2026-08-22"), Kind: KindWorking, Name: "Make-up day (confirmed)"},
	}}
	c, err := New(Options{Schedules: []Schedule{local}})
	require.NoError(t, err)
	require.True(t, c.IsOfficial(2026), "the embedded announcement still governs 2026")

	tests := []struct {
		date    string
		working bool
		reason  Reason
		layer   Layer
	}{
		{"2026-02-16", false, ReasonHoliday, LayerAnnounced},      // Tết, from the embedded announcement
		{"2026-09-02", false, ReasonHoliday, LayerAnnounced},      // National Day
		{"2026-03-10", false, ReasonOfficialDayOff, LayerLoaded},  // the local day off
		{"2026-08-22", true, ReasonMakeUpWorkingDay, LayerLoaded}, // restated by the file: the file decides
		{"2026-03-11", true, ReasonWorking, LayerWeek},            // untouched
		{"2026-03-14", false, ReasonWeekend, LayerWeek},           // a Saturday
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			info := c.ExplainDate(d(tt.date))
			require.Equal(t, tt.working, info.Working)
			require.Equal(t, tt.reason, info.Reason)
			require.Equal(t, tt.layer, info.Layer)
			switch tt.layer {
			case LayerLoaded:
				require.Equal(t, local.Source, info.Source)
			case LayerAnnounced:
				require.NotEmpty(t, info.Source)
			}
		})
	}

	// The README's deadline still crosses Tết: received Friday 13/2 10:00, 3 working days → 25/2 10:00.
	vn := time.FixedZone("ICT", 7*3600)
	due := c.AddWorkingDays(time.Date(2026, 2, 13, 10, 0, 0, 0, vn), 3)
	require.Equal(t, time.Date(2026, 2, 25, 10, 0, 0, 0, vn), due.In(vn))

	// The merged schedule shows the local day in place, sorted, without overrides.
	s, official := c.Schedule(2026)
	require.True(t, official)
	require.True(t, slices.IsSortedFunc(s.Days, func(a, b ScheduleDay) int { return dayNumOf(a.Date) - dayNumOf(b.Date) }))
	require.True(t, slices.ContainsFunc(s.Days, func(sd ScheduleDay) bool { return sd.Date == d("2026-03-10") }))
	require.True(t, slices.ContainsFunc(s.Days, func(sd ScheduleDay) bool { return sd.Date == d("2026-02-16") }))

	// A year without an announcement stays provisional when a file only adds a day to it, and the statutory
	// holidays stay (National Day 2027).
	merged := c
	c, err = New(Options{Schedules: []Schedule{{Year: 2027, Days: []ScheduleDay{{Date: d("2027-03-10"), Kind: KindDayOff}}}}})
	require.NoError(t, err)
	require.False(t, c.IsOfficial(2027))
	require.False(t, c.IsWorkingDate(d("2027-09-02")))
	require.Equal(t, LayerStatutory, c.ExplainDate(d("2027-09-02")).Layer)
	require.True(t, c.ExplainDate(d("2027-03-10")).Provisional)
	require.Equal(t, LayerLoaded, c.ExplainDate(d("2027-03-10")).Layer)

	// Days outside the precomputed table take the slow path and must agree with the table.
	narrow, err := New(Options{Schedules: []Schedule{local}, FirstYear: 2000, LastYear: 2000})
	require.NoError(t, err)
	for _, tt := range tests {
		require.Equal(t, merged.ExplainDate(d(tt.date)), narrow.ExplainDate(d(tt.date)), tt.date)
	}
}
