package workday

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// tetDates lists Tết Nguyên đán (1/1 âm lịch) of the Vietnamese calendar, 1990–2050, compiled from published
// calendars. For every year but two it is also the date of the Chinese New Year, printed in many almanacs. The
// years where the calendars differ were checked one by one:
//   - 2007: Vietnamese Tết Đinh Hợi on 17 February, Chinese New Year on 18 February (the new moon fell on 17
//     February at about 23:14 Vietnam time, after midnight at UTC+8); named in issue 5.
//   - 2030: Vietnamese Tết Canh Tuất on 2 February, Chinese New Year on 3 February (new moon at about 23:07 Vietnam
//     time on 2 February); checked with the search tool on 2026-11-23 against a public Chinese holiday table
//     (除夕 2030-02-02, 春節 2030-02-03) and a Vietnamese lunar-calendar test suite (tetDate(2030) = 2030-02-02).
var tetDates = map[int]string{
	1990: "1990-01-27", 1991: "1991-02-15", 1992: "1992-02-04", 1993: "1993-01-23", 1994: "1994-02-10",
	1995: "1995-01-31", 1996: "1996-02-19", 1997: "1997-02-07", 1998: "1998-01-28", 1999: "1999-02-16",
	2000: "2000-02-05", 2001: "2001-01-24", 2002: "2002-02-12", 2003: "2003-02-01", 2004: "2004-01-22",
	2005: "2005-02-09", 2006: "2006-01-29", 2007: "2007-02-17", 2008: "2008-02-07", 2009: "2009-01-26",
	2010: "2010-02-14", 2011: "2011-02-03", 2012: "2012-01-23", 2013: "2013-02-10", 2014: "2014-01-31",
	2015: "2015-02-19", 2016: "2016-02-08", 2017: "2017-01-28", 2018: "2018-02-16", 2019: "2019-02-05",
	2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
	2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
	2030: "2030-02-02", 2031: "2031-01-23", 2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19",
	2035: "2035-02-08", 2036: "2036-01-28", 2037: "2037-02-15", 2038: "2038-02-04", 2039: "2039-01-24",
	2040: "2040-02-12", 2041: "2041-02-01", 2042: "2042-01-22", 2043: "2043-02-10", 2044: "2044-01-30",
	2045: "2045-02-17", 2046: "2046-02-06", 2047: "2047-01-26", 2048: "2048-02-14", 2049: "2049-02-02",
	2050: "2050-01-23",
	// Years where the Vietnamese calendar (UTC+7) differs from the Chinese one (UTC+8).
	1985: "1985-01-21", // Chinese New Year 20 February 1985: the 11th month differs, named in issue 5
}

func TestTetDates(t *testing.T) {
	for y := 1990; y <= 2050; y++ {
		require.Contains(t, tetDates, y, "table must cover every year 1990–2050")
	}
	for y, want := range tetDates {
		t.Run(fmt.Sprint(y), func(t *testing.T) {
			yy, m, d, err := LunarToSolar(LunarDate{Year: y, Month: 1, Day: 1})
			require.NoError(t, err)
			require.Equal(t, want, fmt.Sprintf("%04d-%02d-%02d", yy, m, d))
			// And back: the day is 1/1 of lunar year y, the day before is the last day of month 12 of y−1.
			require.Equal(t, LunarDate{Year: y, Month: 1, Day: 1}, SolarToLunar(yy, m, d))
			prev := SolarToLunar(yy, m, d-1)
			require.Equal(t, y-1, prev.Year)
			require.Equal(t, 12, prev.Month)
			require.Contains(t, []int{29, 30}, prev.Day)
		})
	}
}

func TestLeapMonths(t *testing.T) {
	// Leap months of the Vietnamese calendar (tháng nhuận) with the Gregorian date of their first day.
	cases := []struct {
		year, month int
		start       string
	}{
		{2012, 4, "2012-05-21"},
		{2014, 9, "2014-10-24"},
		{2017, 6, "2017-07-23"},
		{2020, 4, "2020-05-23"},
		{2023, 2, "2023-03-22"},
		{2025, 6, "2025-07-25"},
		{2033, 11, "2033-12-22"}, // the "2033 problem": leap 11th month
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.year), func(t *testing.T) {
			ld := LunarDate{Year: c.year, Month: c.month, Day: 1, Leap: true}
			y, m, d, err := LunarToSolar(ld)
			require.NoError(t, err)
			require.Equal(t, c.start, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			require.Equal(t, ld, SolarToLunar(y, m, d))
			// The ordinary month of the same number comes first.
			before := SolarToLunar(y, m, d-1)
			require.Equal(t, LunarDate{Year: c.year, Month: c.month, Day: before.Day}, before)
			// No other month of that year is leap.
			for mm := 1; mm <= 12; mm++ {
				if mm == c.month {
					continue
				}
				_, _, _, err := LunarToSolar(LunarDate{Year: c.year, Month: mm, Day: 1, Leap: true})
				require.ErrorIs(t, err, ErrLunarDate, "month %d", mm)
			}
		})
	}
}

func TestHungKingsDates(t *testing.T) {
	// Giỗ Tổ Hùng Vương, 10/3 âm lịch, as announced for these years.
	for y, want := range map[int]string{2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26"} {
		yy, m, d, err := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10})
		require.NoError(t, err)
		require.Equal(t, want, fmt.Sprintf("%04d-%02d-%02d", yy, m, d), "year %d", y)
	}
}

func TestMidAutumnDates(t *testing.T) {
	// Tết Trung thu, 15/8 âm lịch (after the leap 6th month in 2025).
	for y, want := range map[int]string{2023: "2023-09-29", 2024: "2024-09-17", 2025: "2025-10-06", 2026: "2026-09-25"} {
		yy, m, d, err := LunarToSolar(LunarDate{Year: y, Month: 8, Day: 15})
		require.NoError(t, err)
		require.Equal(t, want, fmt.Sprintf("%04d-%02d-%02d", yy, m, d), "year %d", y)
	}
}

func TestLunarToSolarErrors(t *testing.T) {
	cases := []LunarDate{
		{Year: 1899, Month: 1, Day: 1},
		{Year: 2101, Month: 1, Day: 1},
		{Year: 2026, Month: 0, Day: 1},
		{Year: 2026, Month: 13, Day: 1},
		{Year: 2026, Month: 1, Day: 0},
		{Year: 2026, Month: 1, Day: 31},
		{Year: 2026, Month: 1, Day: 1, Leap: true}, // 2026 has no leap month
		{Year: 2025, Month: 5, Day: 1, Leap: true}, // 2025's leap month is the 6th
		{Year: 2025, Month: 12, Day: 30},           // tháng Chạp Ất Tỵ has 29 days (Tết 2026 on 17/2, 29 Chạp 16/2)
	}
	for _, ld := range cases {
		_, _, _, err := LunarToSolar(ld)
		require.ErrorIs(t, err, ErrLunarDate, "%+v", ld)
	}
}

// TestLunarRoundTrip converts every day of 1900–2100 to the lunar calendar and back and checks that lunar days
// advance one by one: day+1 in the same month, or day 1 of the next month after day 29 or 30.
func TestLunarRoundTrip(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 7
	}
	start := julianDayNumber(1900, 2, 1)
	end := julianDayNumber(2100, 12, 31)
	prev := LunarDate{}
	prevJDN := 0
	for jdn := start; jdn <= end; jdn += step {
		y, m, d := civilFromJDN(jdn)
		ld := SolarToLunar(y, m, d)
		yy, mm, dd, err := LunarToSolar(ld)
		require.NoError(t, err, "%04d-%02d-%02d → %v", y, m, d, ld)
		require.Equal(t, [3]int{y, m, d}, [3]int{yy, mm, dd}, "round trip through %v", ld)
		if step == 1 && prevJDN == jdn-1 {
			if ld.Day != 1 {
				require.Equal(t, LunarDate{prev.Year, prev.Month, prev.Day + 1, prev.Leap}, ld)
			} else {
				require.Contains(t, []int{29, 30}, prev.Day, "month before %v", ld)
			}
		}
		prev, prevJDN = ld, jdn
	}
}

func TestSolarToLunarNormalises(t *testing.T) {
	// Out-of-range months and days normalise as time.Date does, and never panic.
	for _, c := range [][3]int{{2026, 2, 31}, {2026, 13, 1}, {2026, 0, 0}, {2026, -5, 100}} {
		n := time.Date(c[0], time.Month(c[1]), c[2], 0, 0, 0, 0, time.UTC)
		require.Equal(t, SolarToLunar(n.Year(), int(n.Month()), n.Day()), SolarToLunar(c[0], c[1], c[2]), "%v", c)
	}
}

func TestCivilJDN(t *testing.T) {
	for _, d := range []time.Time{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)} {
		jdn := julianDayNumber(d.Year(), int(d.Month()), d.Day())
		require.Equal(t, int(d.Unix()/86400)+jdnEpoch, jdn)
		y, m, dd := civilFromJDN(jdn)
		require.Equal(t, [3]int{d.Year(), int(d.Month()), d.Day()}, [3]int{y, m, dd})
	}
}

func FuzzLunarRoundTrip(f *testing.F) {
	for _, s := range [][3]int{{2026, 2, 17}, {2025, 7, 25}, {1985, 1, 21}, {2007, 2, 17}, {2033, 12, 22}, {1900, 1, 31}, {2100, 12, 31}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, y, m, d int) {
		if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
			// Outside the documented range only "no panic" is promised.
			_ = SolarToLunar(y%100000, m%1000, d%100000)
			_, _, _, _ = LunarToSolar(LunarDate{Year: y, Month: m, Day: d})
			return
		}
		date := Date{y, time.Month(m), d}
		if !date.Valid() || (y == 1900 && m == 1) { // January 1900 belongs to lunar year 1899
			return
		}
		ld := SolarToLunar(y, m, d)
		yy, mm, dd, err := LunarToSolar(ld)
		if ld.Year < LunarMinYear {
			return
		}
		if err != nil || yy != y || mm != m || dd != d {
			t.Fatalf("%v → %v → %d-%d-%d (%v)", date, ld, yy, mm, dd, err)
		}
		// And lunar → solar → lunar for the same lunar date.
		if back := SolarToLunar(yy, mm, dd); back != ld {
			t.Fatalf("%v → %v", ld, back)
		}
		_ = errors.Is(err, ErrLunarDate)
	})
}

func BenchmarkSolarToLunar(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = SolarToLunar(2000+i%50, 1+i%12, 1+i%28)
	}
}

func BenchmarkLunarToSolar(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _, _ = LunarToSolar(LunarDate{Year: 2000 + i%50, Month: 1 + i%12, Day: 1 + i%28})
	}
}
