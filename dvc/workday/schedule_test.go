package workday

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestOfficialSchedulesValid(t *testing.T) {
	ss := OfficialSchedules()
	require.NotEmpty(t, ss)
	for _, s := range ss {
		require.NoError(t, s.Validate())
		require.NotEmpty(t, s.Source)
		for _, d := range s.Days {
			require.NotEmpty(t, d.Name)
			require.NotEmpty(t, d.NameVI)
		}
	}
}

func TestLoadSchedulesCSV(t *testing.T) {
	f, err := os.Open("testdata/schedule-2027.csv")
	require.NoError(t, err)
	defer f.Close()
	ss, err := LoadSchedulesCSV(f)
	require.NoError(t, err)
	require.Len(t, ss, 1)
	require.Equal(t, 2027, ss[0].Year)
	require.Equal(t, "example schedule for tests (not an announcement)", ss[0].Source)
	require.True(t, ss[0].Complete)
	require.Len(t, ss[0].Days, 8)
	require.Equal(t, ScheduleDay{Date: d("2027-02-20"), Kind: KindWorking, Name: "Make-up day for 12/2", NameVI: "Làm bù cho 12/2"}, ss[0].Days[7])

	c, err := New(Options{Schedules: ss})
	require.NoError(t, err)
	require.True(t, c.IsOfficial(2027))
	require.Equal(t, ReasonOfficialDayOff, c.ExplainDate(d("2027-02-12")).Reason)
	require.True(t, c.IsWorkingDate(d("2027-02-20")))

	// The same data through JSON gives the same schedules.
	var buf bytes.Buffer
	require.NoError(t, writeJSONForTest(&buf, ss))
	back, err := LoadSchedulesJSON(&buf)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(ss, back))
}

func writeJSONForTest(buf *bytes.Buffer, ss []Schedule) error {
	b, err := jsonMarshal(schedulesFile{Schedules: ss})
	buf.Write(b)
	return err
}

func TestLoaderErrors(t *testing.T) {
	jsonCases := map[string]string{
		"syntax":          `{"schedules": [`,
		"unknown field":   `{"schedules": [{"year": 2027, "dayz": []}]}`,
		"bad date":        `{"schedules": [{"year": 2027, "days": [{"date": "2027-02-30", "kind": "holiday"}]}]}`,
		"other year":      `{"schedules": [{"year": 2027, "days": [{"date": "2028-02-03", "kind": "holiday"}]}]}`,
		"unknown kind":    `{"schedules": [{"year": 2027, "days": [{"date": "2027-02-03", "kind": "festival"}]}]}`,
		"weekday working": `{"schedules": [{"year": 2027, "days": [{"date": "2027-02-03", "kind": "working"}]}]}`,
		"duplicate date":  `{"schedules": [{"year": 2027, "days": [{"date": "2027-02-03", "kind": "holiday"}, {"date": "2027-02-03", "kind": "day_off"}]}]}`,
		"duplicate year":  `{"schedules": [{"year": 2027, "days": []}, {"year": 2027, "days": []}]}`,
		"year range":      `{"schedules": [{"year": 2200, "days": []}]}`,
		"trailing data":   `{"schedules": []} {}`,
		"too large":       `{"schedules": [], "x": "` + strings.Repeat("a", MaxScheduleBytes) + `"}`,
	}
	for name, in := range jsonCases {
		_, err := LoadSchedulesJSON(strings.NewReader(in))
		require.ErrorIs(t, err, ErrSchedule, name)
	}
	csvCases := map[string]string{
		"empty":          ``,
		"no kind column": "date,name\n2027-01-01,x\n",
		"bad date":       "date,kind\n2027-13-01,holiday\n",
		"bad kind":       "date,kind\n2027-01-01,nope\n",
		"bad quoting":    "date,kind\n\"2027-01-01,holiday\n",
		"duplicate":      "date,kind\n2027-01-01,holiday\n2027-01-01,holiday\n",
	}
	for name, in := range csvCases {
		_, err := LoadSchedulesCSV(strings.NewReader(in))
		require.ErrorIs(t, err, ErrSchedule, name)
	}
	// Column order is free, unknown columns are ignored, a BOM is tolerated, blank lines are skipped.
	ss, err := LoadSchedulesCSV(strings.NewReader("\ufeffnote,Kind,DATE\nx,holiday,2027-01-01\n\ny,working,2027-01-02\n"))
	require.NoError(t, err)
	require.Len(t, ss[0].Days, 2)
}

func FuzzLoadSchedulesJSON(f *testing.F) {
	data, err := embeddedFS.ReadFile("data/schedules.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"schedules": [{"year": 2027, "days": [{"date": "2027-02-03", "kind": "holiday"}]}]}`))
	f.Add([]byte(`{"schedules": [{"year": 2027, "days": [{"date": "2027-02-06", "kind": "working"}]}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		ss, err := LoadSchedulesJSON(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range ss {
			if err := s.Validate(); err != nil {
				t.Fatalf("loaded an invalid schedule: %v", err)
			}
		}
		if _, err := New(Options{Schedules: ss, FirstYear: 2026, LastYear: 2027}); err != nil {
			t.Fatalf("valid schedules rejected by New: %v", err)
		}
	})
}

func FuzzLoadSchedulesCSV(f *testing.F) {
	data, err := os.ReadFile("testdata/schedule-2027.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("date,kind\n2027-01-01,holiday\n"))
	f.Add([]byte("kind,date,source\nday_off,2027-01-04,\"a, b\"\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ss, err := LoadSchedulesCSV(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, s := range ss {
			if err := s.Validate(); err != nil {
				t.Fatalf("loaded an invalid schedule: %v", err)
			}
		}
		// What the CSV loader accepts, the JSON loader accepts after a round trip.
		b, err := jsonMarshal(schedulesFile{Schedules: ss})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := LoadSchedulesJSON(bytes.NewReader(b)); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func TestStatuteFor(t *testing.T) {
	cases := []struct {
		year    int
		law     string
		inForce bool
	}{
		{2100, "Bộ luật Lao động 2019", true},
		{2021, "Bộ luật Lao động 2019", true},
		{2020, "Bộ luật Lao động 2012", true},
		{2013, "Bộ luật Lao động 2012", true},
		{2012, "Bộ luật Lao động 1994", true},
		{1995, "Bộ luật Lao động 1994", true},
		{1994, "Bộ luật Lao động 1994", false},
		{1900, "Bộ luật Lao động 1994", false},
	}
	for _, c := range cases {
		st := StatuteFor(c.year)
		require.Equal(t, c.law, st.Law, c.year)
		require.Equal(t, c.inForce, st.InForce, c.year)
		require.True(t, strings.HasPrefix(st.Citation, st.Law), c.year)
		s := StatutorySchedule(c.year)
		require.Contains(t, s.SourceVI, st.Law, c.year)
		if !c.inForce {
			require.Contains(t, s.Source, "before the code took effect on 01/01/1995")
			require.Contains(t, s.SourceVI, "trước khi Bộ luật có hiệu lực (01/01/1995)")
		}
	}
}

func TestOfficialYearsAndSourceVI(t *testing.T) {
	cal := DefaultCalendar()
	require.Equal(t, []int{2023, 2024, 2025, 2026}, cal.OfficialYears())
	for _, s := range OfficialSchedules() {
		require.NotEmpty(t, s.SourceVI, s.Year)
	}
	ss, err := LoadSchedulesCSV(strings.NewReader("date,kind,source,source_vi\n2031-01-02,day_off,Decision 1,Quyết định 1\n"))
	require.NoError(t, err)
	require.Equal(t, "Quyết định 1", ss[0].SourceVI)
}
