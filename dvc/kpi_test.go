package dvc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/dvc/workday"
)

// genRow is one generated dossier.
type genRow struct {
	recv, due, fin time.Time
	ch             Channel
	level          Level
	agency, proc   string
	tier           Tier
}

const genHeader = "ma_ho_so,received_at,due_at,finished_at,channel,level,agency_code,procedure_code,tier,ghi_chu\n"

// writeRow writes r in the column order of genHeader, with an ignored quoted note every 7th row.
func writeRow(w *bufio.Writer, i int, r genRow) {
	fmt.Fprintf(w, "HS%07d,%s,%s,", i, r.recv.Format(time.RFC3339), r.due.Format(time.RFC3339))
	if !r.fin.IsZero() {
		w.WriteString(r.fin.Format(time.RFC3339))
	}
	fmt.Fprintf(w, ",%s,%s,%s,%s,%s,", r.ch, r.level, r.agency, r.proc, r.tier)
	if i%7 == 0 {
		w.WriteString(`"ghi chú, có ""ngoặc"""`)
	}
	w.WriteByte('\n')
}

func csvOf(rows []genRow) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	w.WriteString(genHeader)
	for i, r := range rows {
		writeRow(w, i, r)
	}
	w.Flush()
	return b.Bytes()
}

func kpiOf(t testing.TB, data []byte, by GroupBy) map[string]Group {
	t.Helper()
	agg, err := KPI(bytes.NewReader(data), ReaderOptions{}, AggregateOptions{By: by})
	require.NoError(t, err)
	m := map[string]Group{}
	for _, g := range agg.Groups(nil) {
		m[g.Key] = g
	}
	return m
}

// seed000Rows generates the dossiers of seed 000 footnote 3: received since 09/2016 at the provincial public
// administration centre, 56,314 received, 55,804 resolved of which 17,151 early, 38,409 on time and 244 late.
// Due dates come from the working-day calendar; results are placed before, on or after them.
func seed000Rows(cal *workday.Calendar) []genRow {
	rng := rand.New(rand.NewPCG(0, 3))
	const early, onTime, late, open = 17151, 38409, 244, 510
	kinds := make([]Outcome, 0, early+onTime+late+open)
	for _, k := range []struct {
		o Outcome
		n int
	}{{OutcomeEarly, early}, {OutcomeOnTime, onTime}, {OutcomeLate, late}, {OutcomeOpen, open}} {
		for range k.n {
			kinds = append(kinds, k.o)
		}
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	start := at(2016, 9, 1, 7, 0)
	rows := make([]genRow, len(kinds))
	for i, o := range kinds {
		recv := start.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))
		ch := []Channel{ChannelCounter, ChannelPostal, ChannelOnline}[rng.IntN(3)]
		limit := Days(1 + rng.IntN(15))
		due, _ := DueFrom(ch, recv, limit, cal)
		var fin time.Time
		switch o {
		case OutcomeEarly:
			fin = cal.AddWorkingDays(due, -1)
		case OutcomeOnTime:
			fin = due.Add(time.Duration(rng.Int64N(int64(time.Hour))) - 30*time.Minute)
		case OutcomeLate:
			fin = cal.AddWorkingDays(due, 1+rng.IntN(5))
		}
		rows[i] = genRow{recv: recv, due: due, fin: fin, ch: ch, level: Level3, agency: "000.00.31.H53",
			proc: fmt.Sprintf("1.%06d", rng.IntN(400)), tier: TierProvince}
	}
	return rows
}

func TestKPISeed000Footnote3(t *testing.T) {
	data := csvOf(seed000Rows(workday.DefaultCalendar()))
	g := kpiOf(t, data, GroupAll)["all"]
	require.Equal(t, Counts{Early: 17151, OnTime: 38409, Late: 244, Open: 510, Total: 56314, Online: g.Counts.Online}, g.Counts)
	require.Equal(t, int64(55804), g.Counts.Resolved())
	require.Equal(t, 30.7, Round1(g.Shares[ShareEarly]))
	require.Equal(t, 68.8, Round1(g.Shares[ShareOnTime]))
	// The seed prints "trễ hạn 244 hồ sơ, chiếm 0,5%": 244/55,804 is 0.437%, so the printed figure is the residual
	// 100 − 30.7 − 68.8. egov recomputes every rate from counts and reports 0.4.
	require.Equal(t, 0.4, Round1(g.Shares[ShareLate]))
	require.InDelta(t, 0.5, 100-30.7-68.8, 1e-9)
	require.Equal(t, 99.6, Round1(g.Shares[ShareInTime]))
}

func TestKPISeed000Footnote10(t *testing.T) {
	// Services of mức 3–4 with at least one online dossier, by year (H1 only for 2020).
	years := []struct {
		year, services, withOnline int
		share                      float64
	}{{2017, 175, 1, 0.6}, {2018, 344, 10, 2.9}, {2019, 397, 38, 9.6}, {2020, 521, 37, 7.1}}
	var rows []genRow
	rng := rand.New(rand.NewPCG(0, 10))
	for _, y := range years {
		for s := range y.services {
			proc := fmt.Sprintf("2.%06d", s)
			level := []Level{Level3, Level4}[s%2]
			n := 1 + rng.IntN(4)
			for k := range n {
				recv := at(y.year, time.Month(1+rng.IntN(6)), 1+rng.IntN(28), 8, 0)
				ch := ChannelCounter
				if s < y.withOnline && k == 0 {
					ch = ChannelOnline
				}
				rows = append(rows, genRow{recv: recv, due: recv.AddDate(0, 0, 7), fin: recv.AddDate(0, 0, 5), ch: ch,
					level: level, agency: "000.00.31.H53", proc: proc})
			}
			// Level-2 services cannot take online dossiers and do not count.
			rows = append(rows, genRow{recv: at(y.year, 3, 3, 9, 0), due: at(y.year, 3, 10, 9, 0), ch: ChannelCounter,
				level: Level2, agency: "000.00.31.H53", proc: fmt.Sprintf("1.%06d", s)})
		}
	}
	groups := kpiOf(t, csvOf(rows), GroupYear)
	for _, y := range years {
		g := groups[fmt.Sprint(y.year)]
		require.Equal(t, ServiceCounts{Total: int64(y.services), WithOnline: int64(y.withOnline)}, g.Services, "%d", y.year)
		require.Equal(t, y.share, Round1(g.Shares[ShareServicesWithOnline]), "%d", y.year)
	}
	// The catalogue of services offered overrides the services seen in dossiers.
	agg, err := KPI(bytes.NewReader(csvOf(rows)), ReaderOptions{}, AggregateOptions{By: GroupYear,
		ServicesOffered: map[string]int64{"2017": 350}})
	require.NoError(t, err)
	require.Equal(t, 0.3, Round1(agg.Groups(nil)[0].Shares[ShareServicesWithOnline]))
}

// seed002Rows generates the 2021 dossiers of seed 002: 193,667 dossiers, 64,632 submitted online to mức-3
// services and 20,801 to mức-4 services; 1,166 mức 3–4 services of which 370 had online dossiers (160 at mức 3,
// 210 at mức 4).
func seed002Rows() []genRow {
	const total, onl3, onl4 = 193667, 64632, 20801
	const services, withOnline3, withOnline4 = 1166, 160, 210
	rows := make([]genRow, 0, total)
	rng := rand.New(rand.NewPCG(0, 2))
	// Services 0–582 are mức 3, 583–1165 mức 4; the online ones are the first 160 and 583–792.
	level := func(s int) Level {
		if s < services/2 {
			return Level3
		}
		return Level4
	}
	add := func(s int, ch Channel) {
		recv := at(2021, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 9, 0)
		rows = append(rows, genRow{recv: recv, due: recv.AddDate(0, 0, 10), fin: recv.AddDate(0, 0, 3), ch: ch,
			level: level(s), agency: "000.00.00.H53", proc: fmt.Sprintf("1.%06d", s)})
	}
	for s := range services {
		add(s, ChannelCounter)
	}
	for i := range onl3 {
		add(i%withOnline3, ChannelOnline)
	}
	for i := range onl4 {
		add(services/2+i%withOnline4, ChannelOnline)
	}
	for len(rows) < total {
		add(rng.IntN(services), []Channel{ChannelCounter, ChannelPostal}[rng.IntN(2)])
	}
	return rows
}

func TestKPISeed002Levels(t *testing.T) {
	g := kpiOf(t, csvOf(seed002Rows()), GroupAll)["all"]
	require.Equal(t, int64(193667), g.Counts.Total)
	require.Equal(t, int64(64632), g.Levels[Level3].Online)
	require.Equal(t, int64(20801), g.Levels[Level4].Online)
	require.Equal(t, 33.4, Round1(g.Shares[ShareOnlineAtLevelOfAll(Level3)]))
	require.Equal(t, 10.7, Round1(g.Shares[ShareOnlineAtLevelOfAll(Level4)]))
	require.Equal(t, ServiceCounts{Total: 1166, WithOnline: 370}, g.Services)
	require.Equal(t, 32.0, math.Round(g.Shares[ShareServicesWithOnline]), "reported as 32%")
	// Plan 2022 targets: 50% of the services and 30% of the dossiers online; both missed in 2021.
	res := Evaluate(g, DefaultTargets())
	byID := map[string]TargetResult{}
	for _, r := range res {
		byID[r.Target.ID] = r
	}
	require.Len(t, res, 2, "tier targets do not apply to a group without a tier")
	svc := byID["plan2022-services-with-online"]
	require.False(t, svc.Met)
	require.InDelta(t, 31.73-50, svc.Gap, 0.01)
	onl := byID["plan2022-online"]
	require.InDelta(t, 100*float64(64632+20801)/193667, onl.Actual, 1e-9)
	require.True(t, onl.Met, "44.1%% of dossiers were online")
}

func TestKPITierTargets(t *testing.T) {
	var rows []genRow
	add := func(tier Tier, level Level, online, counter int) {
		for i := 0; i < online+counter; i++ {
			ch := ChannelCounter
			if i < online {
				ch = ChannelOnline
			}
			recv := at(2022, 5, 3, 9, 0)
			rows = append(rows, genRow{recv: recv, due: recv.AddDate(0, 0, 3), ch: ch, level: level,
				agency: "000.00.31.H53", proc: "1.000001", tier: tier})
		}
	}
	add(TierProvince, Level4, 80, 20) // exactly 80%: "trên 80%" is not met
	add(TierProvince, Level3, 41, 59)
	add(TierCommune, Level4, 41, 59)
	add(TierCommune, Level3, 19, 81)
	agg, err := KPI(bytes.NewReader(csvOf(rows)), ReaderOptions{}, AggregateOptions{By: GroupTier})
	require.NoError(t, err)
	groups := agg.Groups(DefaultTargets())
	require.Len(t, groups, 2)
	got := map[string]bool{}
	for _, g := range groups {
		for _, r := range g.Targets {
			got[r.Target.ID] = r.Met
		}
	}
	require.Equal(t, map[string]bool{
		"ct2022-province-level4": false, "ct2022-province-level3": true,
		"ct2022-commune-level4": true, "ct2022-commune-level3": false,
		"plan2022-services-with-online": true, "plan2022-online": true,
	}, got)
	// Open dossiers only: no resolved denominator, so no outcome shares.
	require.NotContains(t, groups[0].Shares, ShareEarly)
}

func TestKPIRatesAreRecomputedNotAveraged(t *testing.T) {
	// January: 1 of 1 late; February: 0 of 99 late. The mean of the monthly shares is 50%; the true share is 1%.
	var rows []genRow
	recv := at(2026, 1, 5, 9, 0)
	rows = append(rows, genRow{recv: recv, due: at(2026, 1, 6, 9, 0), fin: at(2026, 1, 8, 9, 0), ch: ChannelCounter,
		level: Level2, agency: "000.00.31.H53", proc: "1.000001"})
	for range 99 {
		recv := at(2026, 2, 2, 9, 0)
		rows = append(rows, genRow{recv: recv, due: at(2026, 2, 3, 9, 0), fin: at(2026, 2, 3, 9, 0), ch: ChannelCounter,
			level: Level2, agency: "000.00.31.H53", proc: "1.000001"})
	}
	data := csvOf(rows)
	months := kpiOf(t, data, GroupMonth)
	require.Equal(t, 100.0, months["2026-01"].Shares[ShareLate])
	require.Equal(t, 0.0, months["2026-02"].Shares[ShareLate])
	require.Equal(t, 1.0, kpiOf(t, data, GroupAll)["all"].Shares[ShareLate])
}

func TestKPIGroupings(t *testing.T) {
	rows := []genRow{
		{recv: at(2026, 1, 31, 23, 0), due: at(2026, 2, 3, 9, 0), ch: ChannelOnline, level: Level4, agency: "000.00.31.H53", proc: "1.000001", tier: TierProvince},
		{recv: at(2026, 2, 1, 0, 30), due: at(2026, 2, 3, 9, 0), ch: ChannelCounter, level: Level4, agency: "000.00.32.H53", proc: "1.000002", tier: TierDistrict},
		{recv: time.Date(2026, 1, 31, 17, 30, 0, 0, time.UTC), due: at(2026, 2, 3, 9, 0), ch: ChannelCounter, level: Level4, agency: "000.00.32.H53", proc: "1.000002"},
	}
	data := csvOf(rows)
	keys := func(m map[string]Group) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	require.ElementsMatch(t, []string{"2026-01", "2026-02"}, keys(kpiOf(t, data, GroupMonth)))
	require.Equal(t, int64(2), kpiOf(t, data, GroupMonth)["2026-02"].Counts.Total, "months in Vietnam time")
	require.ElementsMatch(t, []string{"000.00.31.H53", "000.00.32.H53"}, keys(kpiOf(t, data, GroupAgency)))
	require.ElementsMatch(t, []string{"1.000001", "1.000002"}, keys(kpiOf(t, data, GroupProcedure)))
	require.ElementsMatch(t, []string{"province", "district", ""}, keys(kpiOf(t, data, GroupTier)))
	require.ElementsMatch(t, []string{"2026"}, keys(kpiOf(t, data, GroupYear)))
	agency := kpiOf(t, data, GroupAgency)
	require.Equal(t, TierProvince, agency["000.00.31.H53"].Tier)
	require.Equal(t, TierUnknown, agency["000.00.32.H53"].Tier, "mixed tiers")
	for _, s := range []string{"all", "agency", "tier", "procedure", "month", "year", ""} {
		_, err := ParseGroupBy(s)
		require.NoError(t, err)
	}
	_, err := ParseGroupBy("week")
	require.Error(t, err)
}

func TestAggregatorBounds(t *testing.T) {
	rows := []genRow{
		{recv: at(2026, 1, 5, 9, 0), due: at(2026, 1, 6, 9, 0), ch: ChannelOnline, level: Level4, agency: "000.00.31.H53", proc: "1.000001"},
		{recv: at(2026, 1, 5, 9, 0), due: at(2026, 1, 6, 9, 0), ch: ChannelOnline, level: Level4, agency: "000.00.32.H53", proc: "1.000002"},
	}
	_, err := KPI(bytes.NewReader(csvOf(rows)), ReaderOptions{}, AggregateOptions{By: GroupAgency, MaxGroups: 1})
	require.ErrorContains(t, err, "line 3")
	require.ErrorContains(t, err, "more than 1 groups")
	_, err = KPI(bytes.NewReader(csvOf(rows)), ReaderOptions{}, AggregateOptions{MaxServicesPerGroup: 1})
	require.ErrorContains(t, err, "more than 1 services")
}

func TestLoadTargets(t *testing.T) {
	ts, err := LoadTargets(strings.NewReader(`[{"id":"x","indicator":"online_level_4","tier":"province","min":80,"strict":true}]`))
	require.NoError(t, err)
	require.Equal(t, []Target{{ID: "x", Indicator: "online_level_4", Tier: TierProvince, Min: 80, Strict: true}}, ts)
	for _, bad := range []string{
		`[{"id":"x","indicator":"online_level_9","min":1}]`,
		`[{"id":"x","indicator":"online","min":101}]`,
		`[{"id":"x","indicator":"online","min":-1}]`,
		`[{"id":"","indicator":"online","min":1}]`,
		`[{"id":"x","indicator":"online","tier":"ward","min":1}]`,
		`[{"id":"x","indicator":"online","min":1,"max":3}]`,
		`{"id":"x"}`,
		``,
	} {
		_, err := LoadTargets(strings.NewReader(bad))
		require.Error(t, err, bad)
	}
	for _, tg := range DefaultTargets() {
		require.True(t, knownIndicator(tg.Indicator), tg.ID)
	}
}

func TestParseTierAndChannel(t *testing.T) {
	for in, want := range map[string]Tier{"": TierUnknown, "province": TierProvince, "tinh": TierProvince,
		"district": TierDistrict, "huyen": TierDistrict, "commune": TierCommune, "xa": TierCommune} {
		got, err := ParseTier(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := ParseTier("ward")
	require.Error(t, err)
	for _, c := range []Channel{ChannelCounter, ChannelOnline, ChannelPostal} {
		got, err := ParseChannel(c.String())
		require.NoError(t, err)
		require.Equal(t, c, got)
	}
	_, err = ParseChannel("fax")
	require.Error(t, err)
}

func TestLoadTargetsFile(t *testing.T) {
	f, err := os.Open("testdata/targets.json")
	require.NoError(t, err)
	defer f.Close()
	ts, err := LoadTargets(f)
	require.NoError(t, err)
	require.Len(t, ts, 3)
	require.Equal(t, DefaultTargets()[0].Indicator, ts[0].Indicator)
	require.Equal(t, TierDistrict, ts[1].Tier)
	require.False(t, ts[2].Strict)
}

func TestAggregatorMixedSources(t *testing.T) {
	// The same dossiers read by two Readers and added by hand give exact counts: the per-Reader caches never
	// double-count a service.
	rows := seed002Rows()[:5000]
	data := csvOf(rows)
	single := kpiOf(t, data, GroupAgency)

	agg := NewAggregator(AggregateOptions{By: GroupAgency})
	for range 2 {
		rd := NewReader(bytes.NewReader(data), ReaderOptions{})
		for {
			var rec Record
			err := rd.Read(&rec)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			require.NoError(t, agg.Add(&rec))
		}
	}
	for _, r := range rows {
		rec := Record{ReceivedAt: r.recv, DueAt: r.due, FinishedAt: r.fin, Channel: r.ch, Level: r.level,
			Agency: r.agency, Procedure: r.proc, Tier: r.tier}
		require.NoError(t, agg.Add(&rec))
	}
	for _, g := range agg.Groups(nil) {
		want := single[g.Key]
		c := want.Counts
		require.Equal(t, Counts{Early: 3 * c.Early, OnTime: 3 * c.OnTime, Late: 3 * c.Late, Open: 3 * c.Open,
			Total: 3 * c.Total, Online: 3 * c.Online}, g.Counts)
		require.Equal(t, want.Services, g.Services)
		require.Equal(t, want.Shares, g.Shares)
	}
}
