package dvc

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// full is a service offering every capability.
var full = Service{Code: "1.003560", Information: true, DownloadableForms: true, OnlineSubmission: true,
	OnlineProcessing: true, OnlinePayment: true, OnlineResult: true, PostalResult: true}

func with(f func(*Service)) Service {
	s := full
	f(&s)
	return s
}

func unmetCriteria(c Classification) []Criterion {
	out := []Criterion{}
	for _, u := range c.Unmet {
		out = append(out, u.Criterion)
	}
	return out
}

func TestRegimesAt(t *testing.T) {
	r := DefaultRegimes()
	cases := []struct {
		when time.Time
		want Regime
	}{
		{at(2011, 7, 31, 23, 59), RegimeNone},
		{at(2011, 8, 1, 0, 0), RegimeND43},
		{at(2022, 7, 31, 23, 59), RegimeND43},
		{at(2022, 8, 1, 0, 0), RegimeND42},
		{at(2026, 6, 30, 23, 59), RegimeND42},
		{at(2026, 7, 1, 0, 0), RegimeND224},
		{time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC), RegimeND224}, // 01/7 00:00 in Vietnam
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, r.At(tc.when), tc.when.String())
	}
	// The effective date of NĐ 224/2026 is configurable.
	r.ND224From = at(2027, 1, 1, 0, 0)
	require.Equal(t, RegimeND42, r.At(at(2026, 9, 1, 0, 0)))
}

func TestClassifyND43(t *testing.T) {
	when := at(2019, 5, 1, 0, 0)
	cases := []struct {
		name  string
		s     Service
		level Level
		unmet []Criterion
	}{
		{"everything", full, Level4, []Criterion{}},
		{"in person required still mức 4", with(func(s *Service) { s.PresenceRequired = true }), Level4, []Criterion{}},
		{"no fee replaces online payment", with(func(s *Service) { s.OnlinePayment, s.NoFee = false, true }), Level4, []Criterion{}},
		{"postal result only", with(func(s *Service) { s.OnlineResult = false }), Level4, []Criterion{}},
		{"no online payment", with(func(s *Service) { s.OnlinePayment = false }), Level3, []Criterion{CritOnlinePayment}},
		{"result in person", with(func(s *Service) { s.OnlineResult, s.PostalResult = false, false }), Level3, []Criterion{CritRemoteResult}},
		{"no online processing", with(func(s *Service) { s.OnlineProcessing = false }), Level2, []Criterion{CritOnlineProcessing}},
		{"no online submission", with(func(s *Service) { s.OnlineSubmission = false }), Level2, []Criterion{CritOnlineSubmission}},
		{"no forms", with(func(s *Service) { s.DownloadableForms = false }), Level1, []Criterion{CritForms}},
		{"information only", Service{Information: true}, Level1,
			[]Criterion{CritForms, CritOnlineSubmission, CritOnlineProcessing, CritOnlinePayment, CritRemoteResult}},
		{"nothing", Service{}, LevelNone,
			[]Criterion{CritInformation, CritForms, CritOnlineSubmission, CritOnlineProcessing, CritOnlinePayment, CritRemoteResult}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Classify(tc.s, when)
			require.Equal(t, RegimeND43, c.Regime)
			require.Equal(t, "Nghị định 43/2011/NĐ-CP Điều 3", c.Citation)
			require.Equal(t, tc.level, c.Level)
			if d := cmp.Diff(tc.unmet, unmetCriteria(c)); d != "" {
				t.Fatalf("unmet (-want +got):\n%s", d)
			}
			for _, u := range c.Unmet {
				require.NotEmpty(t, u.Message)
				require.NotEmpty(t, u.MessageVI)
			}
		})
	}
}

func TestClassifyND42AndND224(t *testing.T) {
	cases := []struct {
		name  string
		s     Service
		level Level
		unmet []Criterion
	}{
		{"toàn trình", full, LevelFull, []Criterion{}},
		{"forms are not a condition", with(func(s *Service) { s.DownloadableForms = false }), LevelFull, []Criterion{}},
		{"no fee", with(func(s *Service) { s.OnlinePayment, s.NoFee = false, true }), LevelFull, []Criterion{}},
		{"postal result", with(func(s *Service) { s.OnlineResult = false }), LevelFull, []Criterion{}},
		{"presence", with(func(s *Service) { s.PresenceRequired = true }), LevelPartial, []Criterion{CritNoPresence}},
		{"payment at the desk", with(func(s *Service) { s.OnlinePayment = false }), LevelPartial, []Criterion{CritOnlinePayment}},
		{"result at the desk", with(func(s *Service) { s.OnlineResult, s.PostalResult = false, false }), LevelPartial, []Criterion{CritRemoteResult}},
		{"information only", Service{Information: true}, LevelPartial,
			[]Criterion{CritOnlineSubmission, CritOnlineProcessing, CritOnlinePayment, CritRemoteResult}},
		{"no information", Service{}, LevelNone,
			[]Criterion{CritInformation, CritOnlineSubmission, CritOnlineProcessing, CritOnlinePayment, CritRemoteResult}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Classify(tc.s, at(2024, 1, 1, 0, 0))
			require.Equal(t, RegimeND42, c.Regime)
			require.Equal(t, tc.level, c.Level)
			require.Equal(t, tc.unmet, unmetCriteria(c))
			require.False(t, c.JustificationMissing)

			c = Classify(tc.s, at(2026, 7, 1, 0, 0))
			require.Equal(t, RegimeND224, c.Regime)
			require.Equal(t, tc.level, c.Level)
			want := tc.unmet
			if tc.level == LevelPartial {
				want = append(append([]Criterion{}, want...), CritJustification)
			}
			require.Equal(t, want, unmetCriteria(c))
			require.Equal(t, tc.level == LevelPartial, c.JustificationMissing)
			if c.JustificationMissing {
				require.Equal(t, LevelNone, c.Unmet[len(c.Unmet)-1].Blocks)
			}
		})
	}
	justified := with(func(s *Service) {
		s.PresenceRequired, s.PartialJustification = true, "cần đối chiếu bản gốc"
	})
	c := Classify(justified, at(2026, 7, 1, 0, 0))
	require.Equal(t, LevelPartial, c.Level)
	require.False(t, c.JustificationMissing)
	require.Equal(t, []Criterion{CritNoPresence}, unmetCriteria(c))
}

func TestRegimeText(t *testing.T) {
	for _, r := range []Regime{RegimeNone, RegimeND43, RegimeND42, RegimeND224} {
		b, err := r.MarshalText()
		require.NoError(t, err)
		var got Regime
		require.NoError(t, got.UnmarshalText(b))
		require.Equal(t, r, got)
	}
	var r Regime
	require.Error(t, r.UnmarshalText([]byte("nd1-1999")))
}

func TestClassifyBeforeND43(t *testing.T) {
	c := Classify(full, at(2010, 1, 1, 0, 0))
	require.Equal(t, RegimeNone, c.Regime)
	require.Equal(t, LevelNone, c.Level)
	require.Empty(t, c.Unmet)
}

func TestMapLevel(t *testing.T) {
	cases := []struct {
		from  Level
		to    Regime
		want  Level
		exact bool
	}{
		{Level4, RegimeND42, LevelFull, false},
		{Level3, RegimeND42, LevelPartial, false},
		{Level2, RegimeND42, LevelPartial, true},
		{Level1, RegimeND224, LevelPartial, true},
		{LevelFull, RegimeND43, Level4, true},
		{LevelPartial, RegimeND43, Level3, false},
		{Level3, RegimeND43, Level3, true},
		{LevelFull, RegimeND224, LevelFull, true},
	}
	for _, tc := range cases {
		m, err := MapLevel(tc.from, tc.to)
		require.NoError(t, err)
		require.Equal(t, tc.want, m.Level, "%s → %s", tc.from, tc.to)
		require.Equal(t, tc.exact, m.Exact)
		require.Equal(t, !tc.exact, m.Note != "")
	}
	_, err := MapLevel(LevelNone, RegimeND42)
	require.Error(t, err)
	_, err = MapLevel(Level4, RegimeNone)
	require.Error(t, err)
}

func TestParseLevelAndService(t *testing.T) {
	for _, s := range []string{"1", "2", "3", "4", "toan_trinh", "mot_phan"} {
		l, err := ParseLevel(s)
		require.NoError(t, err)
		require.Equal(t, s, string(l))
		require.NotEmpty(t, l.NameVI())
	}
	for _, s := range []string{"", "5", "0", "Toan_trinh", " 4"} {
		_, err := ParseLevel(s)
		require.Error(t, err, s)
	}
	s, err := ParseService([]byte(`{"code":"1.003560","information":true,"online_submission":true}`))
	require.NoError(t, err)
	require.True(t, s.OnlineSubmission)
	_, err = ParseService([]byte(`{"information":true,"online_sumbission":true}`))
	require.ErrorContains(t, err, "online_sumbission")
	_, err = ParseService([]byte(`{} {}`))
	require.Error(t, err)
	_, err = ParseService([]byte(`[`))
	require.Error(t, err)
}

func FuzzParseService(f *testing.F) {
	f.Add([]byte(`{"information":true,"online_payment":true}`))
	f.Add([]byte(`{"presence_required":true,"partial_justification":"x"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseService(b)
		if err != nil {
			return
		}
		for _, when := range []time.Time{at(2015, 1, 1, 0, 0), at(2023, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)} {
			c := Classify(s, when)
			if c.Level == LevelFull && len(c.Unmet) != 0 {
				t.Fatalf("toàn trình with unmet criteria: %+v", c)
			}
		}
	})
}

func TestClassifyServiceFile(t *testing.T) {
	data, err := os.ReadFile("testdata/service_level3.json")
	require.NoError(t, err)
	s, err := ParseService(data)
	require.NoError(t, err)
	require.Equal(t, Level3, Classify(s, at(2021, 6, 1, 0, 0)).Level)
	require.Equal(t, LevelPartial, Classify(s, at(2023, 6, 1, 0, 0)).Level)
	s.OnlinePayment = true
	require.Equal(t, LevelFull, Classify(s, at(2023, 6, 1, 0, 0)).Level, "mức 3 with online payment and postal return")
}
