package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/vntime"
)

// dvcCalendarVerbs returns the verbs of the working-day calendar: workday, holidays, deadline.
func dvcCalendarVerbs() []verb {
	return []verb{
		{name: "workday", summary: "tell whether dates are working days and why (holiday, weekend, make-up day)", run: runDvcWorkday},
		{name: "holidays", summary: "list the holidays, days off and make-up days of a year", run: runDvcHolidays},
		{name: "deadline", summary: "compute the due time of a dossier in working days or hours", run: runDvcDeadline},
	}
}

// calendarFlags are the flags shared by the calendar verbs.
type calendarFlags struct {
	file  string
	hours string
	off   listFlag
	work  listFlag
}

func (c *calendarFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.file, "calendar", "", "JSON or CSV file of schedules merged date by date over the embedded ones (a year marked complete replaces them)")
	fs.StringVar(&c.hours, "working-hours", "", "working hours, e.g. 07:00-11:30,13:30-17:00 (default)")
	fs.Var(&c.off, "day-off", "local override: YYYY-MM-DD[=NAME] is a day off (repeatable), e.g. a holiday not yet in egov's data")
	fs.Var(&c.work, "working-day", "local override: YYYY-MM-DD[=NAME] is a working day (repeatable)")
}

// overrides turns the --day-off and --working-day flags into calendar overrides.
func (c *calendarFlags) overrides() ([]workday.Override, error) {
	var out []workday.Override
	for _, group := range []struct {
		values  listFlag
		working bool
	}{{c.off, false}, {c.work, true}} {
		for _, v := range group.values {
			date, name, _ := strings.Cut(v, "=")
			d, err := workday.ParseDate(strings.TrimSpace(date))
			if err != nil {
				return nil, err
			}
			name = strings.TrimSpace(name)
			out = append(out, workday.Override{Date: d, Working: group.working, Name: name, NameVI: name})
		}
	}
	return out, nil
}

// load builds the calendar. Errors are usage or I/O errors.
func (c *calendarFlags) load() (*workday.Calendar, error) {
	var opts workday.Options
	if c.hours != "" {
		h, err := workday.ParseHours(c.hours)
		if err != nil {
			return nil, err
		}
		opts.Hours = h
	}
	if c.file != "" {
		data, err := os.ReadFile(c.file)
		if err != nil {
			return nil, err
		}
		trimmed := bytes.TrimSpace(data)
		if strings.EqualFold(filepath.Ext(c.file), ".json") || (len(trimmed) > 0 && trimmed[0] == '{') {
			opts.Schedules, err = workday.LoadSchedulesJSON(bytes.NewReader(data))
		} else {
			opts.Schedules, err = workday.LoadSchedulesCSV(bytes.NewReader(data))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.file, err)
		}
	}
	var err error
	if opts.Overrides, err = c.overrides(); err != nil {
		return nil, err
	}
	return workday.New(opts)
}

// parseCalDate reads a time as every egov input does: RFC 3339, a date or a zone-less Vietnam local time.
func parseCalDate(s string) (time.Time, error) { return vntime.Parse(s) }

// dayLine formats one DayInfo as a line of text.
func (e *env) dayLine(d workday.DayInfo) string {
	wd := d.Date.Weekday()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-9s ", d.Date, e.msg(wd.String()[:3], workday.WeekdayVI(wd)))
	b.WriteString(e.msg(dayStatus(d), dayStatusVI(d)))
	if name := e.msg(d.Holiday, d.HolidayVI); name != "" {
		fmt.Fprintf(&b, ": %s", name)
	}
	if d.Layer == workday.LayerLoaded {
		fmt.Fprintf(&b, e.msg(" [calendar file: %s]", " [tệp lịch: %s]"), cmp.Or(d.Source, "--calendar"))
	}
	if d.Provisional {
		b.WriteString(e.msg(" (provisional: no announced schedule)", " (tạm tính: chưa có lịch nghỉ công bố)"))
	}
	return b.String()
}

// dayStatus is the English status and reason of a day: "day off   public holiday".
func dayStatus(d workday.DayInfo) string {
	status := "day off   "
	if d.Working {
		status = "working   "
	}
	return status + d.Reason.Label()
}

// dayStatusVI is the Vietnamese status and reason of a day. The Vietnamese reason labels already say whether the
// day is worked ("ngày nghỉ lễ, tết", "ngày làm bù"), so they stand alone; only a local override, whose label
// says neither, is followed by the status.
func dayStatusVI(d workday.DayInfo) string {
	if d.Reason != workday.ReasonOverride {
		return d.Reason.LabelVI()
	}
	if d.Working {
		return d.Reason.LabelVI() + ", ngày làm việc"
	}
	return d.Reason.LabelVI() + ", ngày nghỉ"
}

// calDay is the JSON form of a day: the calendar's explanation and the English name of the day of the week.
type calDay struct {
	workday.DayInfo
	Weekday string `json:"weekday"`
}

func toCalDays(ds []workday.DayInfo) []calDay {
	out := make([]calDay, len(ds))
	for i, d := range ds {
		out[i] = calDay{DayInfo: d, Weekday: d.Date.Weekday().String()}
	}
	return out
}

func runDvcWorkday(e *env, args []string) int {
	fs := e.flags("workday", "egov dvc workday [--calendar FILE] [--working-hours H] [--format text|json] [--lang en|vi] DATE...", false)
	var cf calendarFlags
	cf.register(fs)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) == 0 {
		return e.usageError(fs, "want at least one date")
	}
	days := make([]workday.DayInfo, 0, len(rest))
	for _, a := range rest {
		t, err := parseCalDate(a)
		if err != nil {
			return e.usageError(fs, e.errText(err))
		}
		days = append(days, workday.DayInfo{Date: workday.DateOf(t)})
	}
	cal, err := cf.load()
	if err != nil {
		return e.fail(err)
	}
	for i := range days {
		days[i] = cal.ExplainDate(days[i].Date)
	}
	if e.format == "json" {
		return e.writeResults(toCalDays(days))
	}
	for _, d := range days {
		fmt.Fprintln(e.stdout, e.dayLine(d))
	}
	return exitOK
}

// holidaysOutput is a result of "holidays": the days off and make-up days of one year, and what they rest on.
type holidaysOutput struct {
	Year     int    `json:"year"`
	Official bool   `json:"official"`
	Source   string `json:"source"`
	SourceVI string `json:"source_vi,omitempty"`
	// Rule is the labour code whose rules computed a year without an announced schedule (absent when official).
	Rule *workday.Statute `json:"rule,omitempty"`
	// AnnouncedYears are the years the calendar holds an announced schedule for: the years its data covers.
	AnnouncedYears []int `json:"announced_years"`
	// OutsideCoveredYears is true when the year is not one of AnnouncedYears: its days are computed, provisional.
	OutsideCoveredYears bool     `json:"outside_covered_years"`
	Days                []calDay `json:"days"`
}

func runDvcHolidays(e *env, args []string) int {
	fs := e.flags("holidays", "egov dvc holidays [--calendar FILE] [--format text|json] [--lang en|vi] YEAR...", false)
	var cf calendarFlags
	cf.register(fs)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) == 0 {
		return e.usageError(fs, "want at least one year")
	}
	years := make([]int, len(rest))
	for i, a := range rest {
		y, err := strconv.Atoi(a)
		if err != nil || y < workday.LunarMinYear || y > workday.LunarMaxYear {
			return e.usageError(fs, fmt.Sprintf(e.msg("year %q: want a year from %d to %d, the years the calendar computes",
				"năm %q: cần một năm từ %d đến %d, các năm lịch tính được"), a, workday.LunarMinYear, workday.LunarMaxYear))
		}
		years[i] = y
	}
	cal, err := cf.load()
	if err != nil {
		return e.fail(err)
	}
	out := make([]holidaysOutput, len(years))
	announced := cal.OfficialYears()
	for i, year := range years {
		s, official := cal.Schedule(year)
		out[i] = holidaysOutput{Year: year, Official: official, Source: s.Source, SourceVI: s.SourceVI,
			AnnouncedYears: announced, OutsideCoveredYears: !official, Days: toCalDays(cal.Holidays(year))}
		if !official {
			st := workday.StatuteFor(year)
			out[i].Rule = &st
		}
	}
	if e.format == "json" {
		return e.writeResults(out)
	}
	for i, h := range out {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		e.writeHolidaysText(h)
	}
	return exitOK
}

func (e *env) writeHolidaysText(h holidaysOutput) {
	switch {
	case h.Official:
		fmt.Fprintf(e.stdout, e.msg("%d: announced schedule (%s)\n", "%d: lịch nghỉ đã công bố (%s)\n"), h.Year,
			e.msg(h.Source, cmp.Or(h.SourceVI, h.Source)))
	case h.Rule != nil && !h.Rule.InForce:
		fmt.Fprintf(e.stdout, e.msg(
			"%d: provisional, outside the years the data covers: a year before %s took effect (01/01/%d), computed with its rules (%s) as an approximation; %s\n",
			"%d: tạm tính, ngoài các năm dữ liệu bao quát: năm trước khi %s có hiệu lực (01/01/%d), tính gần đúng theo quy định của Bộ luật này (%s); %s\n"),
			h.Year, h.Rule.Law, h.Rule.FromYear, h.Rule.Citation, e.announcedText(h.AnnouncedYears))
	default:
		fmt.Fprintf(e.stdout, e.msg("%d: provisional, computed from %s; %s; the announced schedule may differ\n",
			"%d: tạm tính theo %s; %s; lịch nghỉ thực tế có thể khác\n"), h.Year, h.Rule.Citation, e.announcedText(h.AnnouncedYears))
	}
	for _, d := range h.Days {
		d.Provisional = false // said once in the header
		fmt.Fprintln(e.stdout, e.dayLine(d.DayInfo))
	}
}

// announcedText says that a year lies outside those with an announced schedule, naming them ("2023–2026").
func (e *env) announcedText(years []int) string {
	if len(years) == 0 {
		return e.msg("no announced schedule is loaded", "chưa có lịch nghỉ công bố nào")
	}
	span := fmt.Sprint(years[0])
	if n := len(years); n > 1 {
		span += "–" + fmt.Sprint(years[n-1])
		if years[n-1]-years[0] != n-1 {
			span = strings.Trim(strings.Join(strings.Fields(fmt.Sprint(years)), ", "), "[]")
		}
	}
	return fmt.Sprintf(e.msg("the year is outside those with an announced schedule (%s)",
		"năm này nằm ngoài các năm có lịch nghỉ công bố (%s)"), span)
}

// deadlineOutput is the result of "deadline".
type deadlineOutput struct {
	Received    time.Time `json:"received"`
	Start       time.Time `json:"start"`
	Days        *int      `json:"days,omitempty"`
	Hours       *float64  `json:"hours,omitempty"`
	Due         time.Time `json:"due"`
	Provisional bool      `json:"provisional"`
	// Skipped are the days off from the date of reception to the due date.
	Skipped []calDay `json:"skipped"`
}

func runDvcDeadline(e *env, args []string) int {
	fs := e.flags("deadline", "egov dvc deadline --received RFC3339 (--days N | --hours N) [--calendar FILE] [--working-hours H] [--format text|json] [--lang en|vi]", false)
	var cf calendarFlags
	cf.register(fs)
	received := fs.String("received", "", "time of reception, RFC 3339 (e.g. 2026-02-13T10:00:00+07:00) or YYYY-MM-DD")
	days := fs.String("days", "", "deadline in working days (a whole number)")
	hours := fs.String("hours", "", "deadline in working hours (e.g. 8 or 1.5)")
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 0 {
		return e.usageError(fs, fmt.Sprintf(e.msg("unexpected argument %q", "đối số không hợp lệ %q"), rest[0]))
	}
	if *received == "" {
		return e.usageError(fs, "--received is required")
	}
	t, err := parseCalDate(*received)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if y := t.In(vntime.Location()).Year(); y < workday.LunarMinYear || y > workday.LunarMaxYear {
		return e.usageError(fs, fmt.Sprintf(e.msg("--received %q: want a time from %d to %d, the years the calendar computes",
			"--received %q: cần một thời điểm từ năm %d đến năm %d, các năm lịch tính được"), *received, workday.LunarMinYear, workday.LunarMaxYear))
	}
	if (*days == "") == (*hours == "") {
		return e.usageError(fs, "give exactly one of --days and --hours")
	}
	out := deadlineOutput{Received: t}
	if *days != "" {
		n, err := strconv.Atoi(*days)
		if err != nil || n < 0 || n > dvc.MaxLimitDays {
			return e.usageError(fs, fmt.Sprintf(e.msg("--days %q: want a whole number from 0 to %d", "--days %q: cần một số nguyên từ 0 đến %d"), *days, dvc.MaxLimitDays))
		}
		out.Days = &n
	} else {
		h, err := strconv.ParseFloat(*hours, 64)
		if err != nil || h < 0 || math.IsNaN(h) || h > dvc.MaxLimitDays*24 {
			return e.usageError(fs, fmt.Sprintf(e.msg("--hours %q: want a number from 0 to %d", "--hours %q: cần một số từ 0 đến %d"), *hours, dvc.MaxLimitDays*24))
		}
		out.Hours = &h
	}
	cal, err := cf.load()
	if err != nil {
		return e.fail(err)
	}
	out.Start = cal.NextWorkingTime(t)
	if out.Days != nil {
		out.Due = cal.AddWorkingDays(t, *out.Days)
	} else {
		out.Due = cal.AddWorkingHours(t, time.Duration(math.Round(*out.Hours*float64(time.Hour))))
	}
	out.Received = t.In(cal.Location())
	out.Skipped = toCalDays(cal.DaysOff(t.In(cal.Location()).AddDate(0, 0, -1), out.Due))
	var provisionalYears []string
	for y := out.Received.Year(); y <= out.Due.Year(); y++ {
		if !cal.IsOfficial(y) {
			out.Provisional = true
			provisionalYears = append(provisionalYears, strconv.Itoa(y))
		}
	}
	if e.format == "json" {
		return e.writeResults([]deadlineOutput{out})
	}
	fmt.Fprintln(e.stdout, out.Due.Format(time.RFC3339Nano))
	if out.Provisional {
		years := strings.Join(provisionalYears, ", ")
		if len(provisionalYears) > 3 {
			years = provisionalYears[0] + "–" + provisionalYears[len(provisionalYears)-1]
		}
		e.note(fmt.Sprintf("note: no announced holiday schedule for %s; the due time is provisional", years),
			fmt.Sprintf("lưu ý: chưa có lịch nghỉ công bố cho năm %s; thời hạn là tạm tính", years))
	}
	return exitOK
}
