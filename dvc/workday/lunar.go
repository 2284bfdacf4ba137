package workday

import (
	"errors"
	"fmt"
	"math"
)

// The Vietnamese lunisolar calendar ("âm lịch") follows the public astronomical method described by Hồ Ngọc Đức:
//
//   - a lunar month starts on the civil day, in the time zone UTC+7, that contains the astronomical new moon;
//   - the 11th month is the month that contains the winter solstice (the sun at longitude 270°);
//   - a lunar year with 13 months between two 11th months inserts a leap month ("tháng nhuận"): the first month,
//     counted from the 11th month, that contains no major solar term ("trung khí", a multiple of 30° of solar
//     longitude) repeats the number of the month before it.
//
// New moons come from the truncated series of J. Meeus ("Astronomical Algorithms", chapter 49) and the sun's
// longitude from the low-precision solar theory of the same book (chapter 25); both are accurate to minutes over
// 1900–2100, which is what the day boundaries need. The Chinese calendar applies the same rules at UTC+8, which is
// why the two differ in some years (Tết 1985 and 2007).

// LunarDate is a date of the Vietnamese lunar calendar. Year is the Gregorian year in which the lunar year starts
// (Tết Bính Ngọ, 1/1 âm lịch of 2026, is Year 2026); Leap marks a leap month ("tháng nhuận"), which repeats the
// number of the month before it.
type LunarDate struct {
	Year, Month, Day int
	Leap             bool
}

// String formats d as "2026-01-01" or, in a leap month, "2025-06L-01".
func (d LunarDate) String() string {
	if d.Leap {
		return fmt.Sprintf("%04d-%02dL-%02d", d.Year, d.Month, d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// LunarMinYear and LunarMaxYear bound the years in which the lunar conversion is documented and tested to be
// valid, and the years a Calendar precomputes and a Schedule may cover.
const (
	LunarMinYear = 1900
	LunarMaxYear = 2100
)

// ErrLunarDate is wrapped by errors of LunarToSolar for a lunar date that does not exist (day 30 of a short month,
// a leap flag on a month that is not leap that year, a year outside LunarMinYear–LunarMaxYear).
var ErrLunarDate = errors.New("workday: no such lunar date")

// vnTZHours is the time zone of the Vietnamese calendar, in hours east of Greenwich.
const vnTZHours = 7.0

// synodicMonth is the mean length of a lunation in days.
const synodicMonth = 29.530588853

// jdnLunation0 is the Julian day of the mean new moon of 1900-01-01 (lunation k = 0 of the series below).
const jdnLunation0 = 2415021.076998695

// julianDayNumber returns the Julian day number of a Gregorian civil date (valid for all proleptic dates).
func julianDayNumber(y, m, d int) int {
	a := (14 - m) / 12
	yy := y + 4800 - a
	mm := m + 12*a - 3
	return d + (153*mm+2)/5 + 365*yy + yy/4 - yy/100 + yy/400 - 32045
}

// civilFromJDN is the inverse of julianDayNumber.
func civilFromJDN(jdn int) (y, m, d int) {
	a := jdn + 32044
	b := (4*a + 3) / 146097
	c := a - 146097*b/4
	dd := (4*c + 3) / 1461
	e := c - 1461*dd/4
	mm := (5*e + 2) / 153
	d = e - (153*mm+2)/5 + 1
	m = mm + 3 - 12*(mm/10)
	y = 100*b + dd - 4800 + mm/10
	return y, m, d
}

// newMoonJD returns the Julian date (in TT ≈ UT, days) of the new moon of lunation k, counted from January 1900.
func newMoonJD(k float64) float64 {
	const rad = math.Pi / 180
	t := k / 1236.85 // Julian centuries from 1900
	t2, t3 := t*t, t*t*t
	jd := 2415020.75933 + 29.53058868*k + 0.0001178*t2 - 0.000000155*t3
	jd += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*rad)
	sunAnomaly := (359.2242 + 29.10535608*k - 0.0000333*t2 - 0.00000347*t3) * rad
	moonAnomaly := (306.0253 + 385.81691806*k + 0.0107306*t2 + 0.00001236*t3) * rad
	moonLatArg := (21.2964 + 390.67050646*k - 0.0016528*t2 - 0.00000239*t3) * rad
	corr := (0.1734-0.000393*t)*math.Sin(sunAnomaly) +
		0.0021*math.Sin(2*sunAnomaly) -
		0.4068*math.Sin(moonAnomaly) +
		0.0161*math.Sin(2*moonAnomaly) -
		0.0004*math.Sin(3*moonAnomaly) +
		0.0104*math.Sin(2*moonLatArg) -
		0.0051*math.Sin(sunAnomaly+moonAnomaly) -
		0.0074*math.Sin(sunAnomaly-moonAnomaly) +
		0.0004*math.Sin(2*moonLatArg+sunAnomaly) -
		0.0004*math.Sin(2*moonLatArg-sunAnomaly) -
		0.0006*math.Sin(2*moonLatArg+moonAnomaly) +
		0.0010*math.Sin(2*moonLatArg-moonAnomaly) +
		0.0005*math.Sin(2*moonAnomaly+sunAnomaly)
	// ΔT (TT − UT) in days, two polynomial fits split at 1900 − 11 centuries.
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd + corr - deltaT
}

// newMoonDay returns the Julian day number of the civil day (at UTC+7) holding the new moon of lunation k.
func newMoonDay(k int) int {
	return int(math.Floor(newMoonJD(float64(k)) + 0.5 + vnTZHours/24))
}

// sunLongitude returns the apparent longitude of the sun, in radians in [0, 2π), at Julian date jd.
func sunLongitude(jd float64) float64 {
	const rad = math.Pi / 180
	t := (jd - 2451545.0) / 36525 // Julian centuries from J2000.0
	t2 := t * t
	meanAnomaly := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	meanLongitude := 280.46645 + 36000.76983*t + 0.0003032*t2
	center := (1.914600-0.004817*t-0.000014*t2)*math.Sin(rad*meanAnomaly) +
		(0.019993-0.000101*t)*math.Sin(2*rad*meanAnomaly) +
		0.000290*math.Sin(3*rad*meanAnomaly)
	l := math.Mod((meanLongitude+center)*rad, 2*math.Pi)
	if l < 0 {
		l += 2 * math.Pi
	}
	return l
}

// majorTermIndex returns which 30° sector (0–11, 0 = 0°–30°) the sun is in at the start of the civil day jdn at
// UTC+7. Sector 9 starts at the winter solstice.
func majorTermIndex(jdn int) int {
	return int(sunLongitude(float64(jdn)-0.5-vnTZHours/24) / math.Pi * 6)
}

// lunation returns the index k of the mean lunation around Julian day number jdn.
func lunation(jdn int) int {
	return int(math.Floor((float64(jdn) - jdnLunation0) / synodicMonth))
}

// month11Start returns the Julian day number of the first day of the 11th lunar month that contains the winter
// solstice of Gregorian year y.
func month11Start(y int) int {
	off := julianDayNumber(y, 12, 31)
	k := lunation(off)
	nm := newMoonDay(k)
	// The new moon on or before 31 December: if the sun is already past 270° at its start, the solstice falls in
	// the month before.
	if majorTermIndex(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns, for a lunar year of 13 months whose 11th month starts on a11, the offset (in months
// from that 11th month) of the leap month: the first month without a major solar term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-jdnLunation0)/synodicMonth + 0.5))
	i := 1
	arc := majorTermIndex(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = majorTermIndex(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar converts a Gregorian date (civil day in Vietnam) to the Vietnamese lunar calendar. It is valid for
// LunarMinYear to LunarMaxYear and computes the same rules, less accurately, outside that range. It does not
// check its arguments: an invalid date is normalised the way time.Date normalises it.
func SolarToLunar(y, m, d int) LunarDate {
	if m < 1 || m > 12 || d < 1 || d > 28 {
		// Normalise through the Julian day number so that 2026-02-31 means 2026-03-03 as in time.Date.
		yy, mm := y+(m-1)/12, (m-1)%12+1
		if mm < 1 {
			mm += 12
			yy--
		}
		jdn := julianDayNumber(yy, mm, 1) + d - 1
		y, m, d = civilFromJDN(jdn)
	}
	return lunarFromJDN(julianDayNumber(y, m, d), y)
}

func lunarFromJDN(jdn, y int) LunarDate {
	// The month holding jdn starts at the last new moon on or before it. The mean lunation k is within a day or so
	// of the true one, so look from k+1 down (the true new moon may precede the mean one by up to ~14 hours, and a
	// plain "k+1 else k" test misses a few days such as 2054-05-07).
	k := lunation(jdn) + 1
	monthStart := newMoonDay(k)
	for monthStart > jdn {
		k--
		monthStart = newMoonDay(k)
	}
	a11 := month11Start(y)
	b11 := a11
	var lunarYear int
	if a11 >= monthStart {
		lunarYear = y
		a11 = month11Start(y - 1)
	} else {
		lunarYear = y + 1
		b11 = month11Start(y + 1)
	}
	day := jdn - monthStart + 1
	diff := (monthStart - a11) / 29
	month := diff + 11
	leap := false
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		if diff >= leapOff {
			month = diff + 10
			leap = diff == leapOff
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		lunarYear--
	}
	return LunarDate{Year: lunarYear, Month: month, Day: day, Leap: leap}
}

// LunarToSolar converts a Vietnamese lunar date to the Gregorian calendar. It returns an error wrapping
// ErrLunarDate for a date that does not exist: month or day out of range, day 30 of a 29-day month, Leap on a
// month that is not the leap month of that year, or a year outside LunarMinYear–LunarMaxYear.
func LunarToSolar(ld LunarDate) (y, m, d int, err error) {
	if ld.Year < LunarMinYear || ld.Year > LunarMaxYear {
		return 0, 0, 0, fmt.Errorf("%w: %v: year outside %d–%d", ErrLunarDate, ld, LunarMinYear, LunarMaxYear)
	}
	return lunarToSolar(ld)
}

// lunarToSolar is LunarToSolar without the range check on the year.
func lunarToSolar(ld LunarDate) (y, m, d int, err error) {
	if ld.Month < 1 || ld.Month > 12 || ld.Day < 1 || ld.Day > 30 {
		return 0, 0, 0, fmt.Errorf("%w: %v", ErrLunarDate, ld)
	}
	start, length, err := lunarMonthStart(ld.Year, ld.Month, ld.Leap)
	if err != nil {
		return 0, 0, 0, err
	}
	if ld.Day > length {
		return 0, 0, 0, fmt.Errorf("%w: %v: the month has %d days", ErrLunarDate, ld, length)
	}
	y, m, d = civilFromJDN(start + ld.Day - 1)
	return y, m, d, nil
}

// lunarMonthStart returns the Julian day number of the first day of a lunar month and the month's length.
func lunarMonthStart(year, month int, leap bool) (start, length int, err error) {
	var a11, b11 int
	if month < 11 {
		a11, b11 = month11Start(year-1), month11Start(year)
	} else {
		a11, b11 = month11Start(year), month11Start(year+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-jdnLunation0)/synodicMonth))
	off := month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if leap && month != leapMonth {
			return 0, 0, fmt.Errorf("%w: %d-%02dL: the leap month of lunar year %d is %d", ErrLunarDate, year, month, year, leapMonth)
		}
		if leap || off >= leapOff {
			off++
		}
	} else if leap {
		return 0, 0, fmt.Errorf("%w: %d-%02dL: lunar year %d has no leap month", ErrLunarDate, year, month, year)
	}
	start = newMoonDay(k + off)
	return start, newMoonDay(k+off+1) - start, nil
}
