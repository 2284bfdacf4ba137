package main

import (
	"github.com/google/go-cmp/cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDvcDeadlineIssueExample(t *testing.T) {
	code, out, errOut := runCLI(t, "dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "2026-02-25T10:00:00+07:00\n", out)
	require.Empty(t, errOut)
}

func TestDvcDeadlineJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	type deadline struct {
		Received, Start, Due string
		Days                 *int
		Hours                *float64
		Provisional          bool
		Skipped              []struct {
			Date, Reason, Holiday, Weekday string
			Working                        bool
		}
	}
	results := decodeReport[deadline](t, out, "results")
	require.Len(t, results, 1)
	got := results[0]
	require.Equal(t, "2026-02-25T10:00:00+07:00", got.Due)
	require.Equal(t, "2026-02-13T10:00:00+07:00", got.Start)
	require.Equal(t, 3, *got.Days)
	require.Nil(t, got.Hours)
	require.False(t, got.Provisional)
	var dates, reasons []string
	for _, s := range got.Skipped {
		dates = append(dates, s.Date)
		reasons = append(reasons, s.Reason)
		require.False(t, s.Working)
	}
	require.Equal(t, []string{"2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22"}, dates)
	require.Equal(t, []string{"weekend", "weekend", "holiday", "holiday", "holiday", "holiday", "holiday", "weekend", "weekend"}, reasons)
	require.Equal(t, "Lunar New Year (Tết)", got.Skipped[2].Holiday)
}

func TestDvcDeadlineHoursAndProvisional(t *testing.T) {
	code, out, errOut := runCLI(t, "dvc", "deadline", "--received", "2026-03-02T10:00:00+07:00", "--hours", "4")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "2026-03-02T16:00:00+07:00\n", out)

	code, out, _ = runCLI(t, "dvc", "deadline", "--received", "2026-03-02T10:00:00+07:00", "--hours", "1.5")
	require.Equal(t, exitOK, code)
	require.Equal(t, "2026-03-02T11:30:00+07:00\n", out)

	// Received on a Saturday: counts from Monday 07:00; the Saturday itself is listed as skipped.
	code, out, _ = runCLI(t, "dvc", "deadline", "--received", "2026-03-07T09:00:00+07:00", "--days", "1", "--format", "json")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, `"start": "2026-03-09T07:00:00+07:00"`)
	require.Contains(t, out, `"due": "2026-03-10T07:00:00+07:00"`)
	require.Contains(t, out, `"date": "2026-03-07"`)

	// 2027 has no announced schedule: the note says so on stderr, in the chosen language.
	code, out, errOut = runCLI(t, "dvc", "deadline", "--received", "2027-02-04T08:00:00+07:00", "--days", "2", "--lang", "vi")
	require.Equal(t, exitOK, code)
	require.Equal(t, "2027-02-15T08:00:00+07:00\n", out)
	require.Contains(t, errOut, "tạm tính")
}

func TestDvcDeadlineCalendarFile(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "2027.csv")
	require.NoError(t, os.WriteFile(csvFile, []byte("date,kind,name\n2027-02-04,day_off,Closure\n"), 0o600))
	code, out, errOut := runCLI(t, "dvc", "deadline", "--received", "2027-02-03T08:00:00+07:00", "--days", "1", "--calendar", csvFile)
	require.Equal(t, exitOK, code, errOut)
	// The loaded day is merged: 4/2 is off and the statutory Tết of 2027 (5/2–9/2, compensatory 10/2–11/2) stays,
	// so Wednesday 3/2 + 1 working day is Friday 12/2; 2027 is still provisional.
	require.Equal(t, "2027-02-12T08:00:00+07:00\n", out)
	require.Contains(t, errOut, "provisional")

	// Replacing a whole year is explicit: the same day in a file whose rows say complete=true is the whole 2027.
	completeFile := filepath.Join(dir, "2027-complete.csv")
	require.NoError(t, os.WriteFile(completeFile, []byte("date,kind,name,complete\n2027-02-04,day_off,Closure,true\n"), 0o600))
	code, out, errOut = runCLI(t, "dvc", "deadline", "--received", "2027-02-03T08:00:00+07:00", "--days", "1", "--calendar", completeFile)
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "2027-02-05T08:00:00+07:00\n", out)
	require.Empty(t, errOut)

	// One local day off in 2026 keeps Tết: the README's deadline is unchanged, and the day says where it came from.
	localFile := filepath.Join(dir, "local-2026.csv")
	require.NoError(t, os.WriteFile(localFile, []byte("date,kind,name,source\n2026-03-10,day_off,Provincial day off,QĐ 12/QĐ-UBND\n"), 0o600))
	code, out, errOut = runCLI(t, "dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--calendar", localFile)
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "2026-02-25T10:00:00+07:00\n", out)
	code, out, _ = runCLI(t, "dvc", "workday", "2026-02-16", "2026-09-02", "2026-03-10", "--calendar", localFile)
	require.Equal(t, exitOK, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	require.Contains(t, lines[0], "day off")
	require.Contains(t, lines[1], "day off")
	require.Contains(t, lines[2], "[calendar file: QĐ 12/QĐ-UBND]")
	code, out, _ = runCLI(t, "dvc", "workday", "2026-03-10", "--calendar", localFile, "--format", "json")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, `"layer": "loaded"`)
	require.Contains(t, out, `"source": "QĐ 12/QĐ-UBND"`)

	jsonFile := filepath.Join(dir, "s.json")
	require.NoError(t, os.WriteFile(jsonFile, []byte(`{"schedules":[{"year":2027,"days":[{"date":"2027-02-06","kind":"working","name":"Make-up"}]}]}`), 0o600))
	code, out, _ = runCLI(t, "dvc", "workday", "2027-02-06", "--calendar", jsonFile)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "make-up working day: Make-up")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schedules":[{"year":2027,"days":[{"date":"2027-02-03","kind":"working"}]}]}`), 0o600))
	code, _, errOut = runCLI(t, "dvc", "holidays", "2027", "--calendar", bad)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "not a weekend day")
}

func TestDvcWorkday(t *testing.T) {
	code, out, errOut := runCLI(t, "dvc", "workday", "2026-02-17", "2026-08-22", "2026-08-31", "2026-03-07", "2026-03-03T23:30:00Z", "2027-02-08")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, []string{
		"2026-02-17 Tue       day off   public holiday: Lunar New Year (Tết)",
		"2026-08-22 Sat       working   make-up working day: Make-up working day for Monday 31/8",
		"2026-08-31 Mon       day off   official day off: Bridge day off, made up on Saturday 22/8",
		"2026-03-07 Sat       day off   weekend",
		"2026-03-04 Wed       working   working day", // 23:30 UTC on 3/3 is 06:30 on 4/3 in Vietnam
		"2027-02-08 Mon       day off   public holiday: Lunar New Year (Tết) (provisional: no announced schedule)",
	}, lines)

	code, out, _ = runCLI(t, "dvc", "workday", "--lang", "vi", "2026-02-17")
	require.Equal(t, exitOK, code)
	// The Vietnamese reason says the day is off: no "ngày nghỉ ngày nghỉ lễ, tết".
	require.Equal(t, "2026-02-17 Thứ Ba    ngày nghỉ lễ, tết: Tết Nguyên đán\n", out)

	code, out, _ = runCLI(t, "dvc", "workday", "--format", "json", "2026-08-22")
	require.Equal(t, exitOK, code)
	got := decodeReport[map[string]any](t, out, "results")
	require.Equal(t, "make_up_working_day", got[0]["reason"])
	require.Equal(t, true, got[0]["working"])
	require.Equal(t, "Saturday", got[0]["weekday"])
}

func TestDvcHolidays(t *testing.T) {
	code, out, errOut := runCLI(t, "dvc", "holidays", "2026", "2031", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	type year struct {
		Year     int
		Official bool
		Days     []struct{ Date, Reason string }
	}
	got := decodeReport[year](t, out, "results")
	require.Len(t, got, 2)
	require.Equal(t, 2026, got[0].Year)
	require.True(t, got[0].Official)
	require.Len(t, got[0].Days, 16)
	require.Equal(t, 2031, got[1].Year)
	require.False(t, got[1].Official)

	code, out, _ = runCLI(t, "dvc", "holidays", "2031")
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, "2031: provisional"), out)
	require.Contains(t, out, "2031-01-23 Thu       day off   public holiday: Lunar New Year (Tết)")
}

// TestDvcHolidaysCoverage: a year outside the announced schedules, or before the labour code took effect, says
// which rule computed it and that it lies outside the covered years, in text (both languages) and in JSON.
func TestDvcHolidaysCoverage(t *testing.T) {
	type rule struct {
		Law      string `json:"law"`
		FromYear int    `json:"from_year"`
		InForce  bool   `json:"in_force"`
	}
	type year struct {
		Year                int    `json:"year"`
		Official            bool   `json:"official"`
		Rule                *rule  `json:"rule"`
		AnnouncedYears      []int  `json:"announced_years"`
		OutsideCoveredYears bool   `json:"outside_covered_years"`
		SourceVI            string `json:"source_vi"`
	}
	code, out, errOut := runCLI(t, "dvc", "holidays", "2026", "2035", "1990", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	got := decodeReport[year](t, out, "results")
	announced := []int{2023, 2024, 2025, 2026}
	want := []year{
		{Year: 2026, Official: true, AnnouncedYears: announced, SourceVI: got[0].SourceVI},
		{Year: 2035, Rule: &rule{"Bộ luật Lao động 2019", 2021, true}, AnnouncedYears: announced, OutsideCoveredYears: true,
			SourceVI: "tính theo Bộ luật Lao động 2019 Điều 111–112"},
		{Year: 1990, Rule: &rule{"Bộ luật Lao động 1994", 1995, false}, AnnouncedYears: announced, OutsideCoveredYears: true,
			SourceVI: "tính theo quy định của Bộ luật Lao động 1994, áp dụng gần đúng cho năm trước khi Bộ luật có hiệu lực (01/01/1995)"},
	}
	require.Empty(t, cmp.Diff(want, got))
	require.True(t, strings.HasPrefix(got[0].SourceVI, "Lịch nghỉ lễ, tết năm 2026"), got[0].SourceVI)

	cases := []struct {
		args []string
		head string
	}{
		{[]string{"2035"}, "2035: provisional, computed from Bộ luật Lao động 2019 Điều 111–112; the year is outside those with an announced schedule (2023–2026)"},
		{[]string{"2035", "--lang", "vi"}, "2035: tạm tính theo Bộ luật Lao động 2019 Điều 111–112; năm này nằm ngoài các năm có lịch nghỉ công bố (2023–2026)"},
		{[]string{"1990"}, "1990: provisional, outside the years the data covers: a year before Bộ luật Lao động 1994 took effect (01/01/1995)"},
		{[]string{"1990", "--lang", "vi"}, "1990: tạm tính, ngoài các năm dữ liệu bao quát: năm trước khi Bộ luật Lao động 1994 có hiệu lực (01/01/1995)"},
		{[]string{"2026", "--lang", "vi"}, "2026: lịch nghỉ đã công bố (Lịch nghỉ lễ, tết năm 2026"},
	}
	for _, c := range cases {
		code, out, _ := runCLI(t, append([]string{"dvc", "holidays"}, c.args...)...)
		require.Equal(t, exitOK, code)
		require.True(t, strings.HasPrefix(out, c.head), "%v:\n%s", c.args, out)
	}
}

func TestDvcCalendarUsageErrors(t *testing.T) {
	cases := [][]string{
		{"dvc", "deadline"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--hours", "2"},
		{"dvc", "deadline", "--received", "yesterday", "--days", "3"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "-1"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "1e9"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--hours", "NaN"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "extra"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--format", "sarif"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--calendar", "/nonexistent/file.json"},
		{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3", "--working-hours", "17:00-07:00"},
		{"dvc", "workday"},
		{"dvc", "workday", "2026-02-30"},
		{"dvc", "workday", "--lang", "fr", "2026-02-17"},
		{"dvc", "holidays"},
		{"dvc", "holidays", "twenty"},
		{"dvc", "holidays", "2026", "0"},
	}
	for _, args := range cases {
		code, out, errOut := runCLI(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, out)
		require.NotEmpty(t, errOut, "%v", args)
	}
	code, out, errOut := runCLI(t, "dvc", "deadline", "-h")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "--received")
}

func TestDvcLocalOverrides(t *testing.T) {
	// Ngày Văn hóa Việt Nam (24/11) is not yet in the law egov embeds; an agency that observes it says so locally.
	code, out, errOut := runCLI(t, "dvc", "deadline", "--received", "2026-11-23T10:00:00+07:00", "--days", "1",
		"--day-off", "2026-11-24=Ngày Văn hóa Việt Nam")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "2026-11-25T10:00:00+07:00\n", out)

	code, out, _ = runCLI(t, "dvc", "workday", "--day-off", "2026-11-24=Ngày Văn hóa Việt Nam", "--working-day", "2026-11-28", "2026-11-24", "2026-11-28")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "Ngày Văn hóa Việt Nam")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	require.Contains(t, lines[0], "day off")
	require.Contains(t, lines[1], "working")

	code, _, errOut = runCLI(t, "dvc", "workday", "--day-off", "2026-13-01", "2026-11-24")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "YYYY-MM-DD")
	code, _, errOut = runCLI(t, "dvc", "workday", "--day-off", "2026-11-24", "--working-day", "2026-11-24", "2026-11-24")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "listed twice")
}

// Bounds are the library's: --days and --hours stop at dvc.MaxLimitDays, years outside the computed calendar are
// usage errors rather than answers from a law that did not exist, and a pathological working day is refused.
func TestDvcCalendarBounds(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "1301"}, "from 0 to 1300"},
		{[]string{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--hours", "31201"}, "from 0 to 31200"},
		{[]string{"dvc", "deadline", "--received", "9999-12-31", "--days", "3"}, "from 1900 to 2100"},
		{[]string{"dvc", "holidays", "1"}, "from 1900 to 2100"},
		{[]string{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--hours", "30000", "--working-hours", "00:00-00:01"}, "at least 1h"},
	} {
		code, out, errOut := runCLI(t, tc.args...)
		require.Equal(t, exitUsage, code, "%v: %s", tc.args, out)
		require.Contains(t, errOut, tc.want, "%v", tc.args)
	}
	code, out, _ := runCLI(t, "dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "1300")
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, "2031-"), out)
}
