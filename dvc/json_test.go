package dvc

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestGroupJSON(t *testing.T) {
	g := Group{Key: "H53", Tier: TierProvince, Counts: Counts{Early: 1, OnTime: 2, Late: 1, Total: 5, Online: 3},
		Levels:   map[Level]LevelCounts{LevelPartial: {Total: 1}, Level4: {Total: 3, Online: 2}, Level3: {Total: 1, Online: 1}},
		Services: ServiceCounts{Total: 2, WithOnline: 2}, Shares: map[string]float64{ShareOnline: 60}}
	b, err := json.Marshal(g)
	require.NoError(t, err)
	require.JSONEq(t, `{"key":"H53","tier":"province","counts":{"early":1,"on_time":2,"late":1,"open":0,"total":5,"online":3},
		"levels":[{"level":"3","total":1,"online":1},{"level":"4","total":3,"online":2},{"level":"mot_phan","total":1,"online":0}],
		"services":{"total":2,"with_online":2},"shares":{"online":60}}`, string(b))
	var back Group
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, cmp.Diff(g, back))
}

func TestLevelText(t *testing.T) {
	for _, l := range []Level{LevelNone, Level1, Level2, Level3, Level4, LevelFull, LevelPartial} {
		b, err := json.Marshal(l)
		require.NoError(t, err)
		var back Level
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, l, back)
	}
	b, _ := json.Marshal(LevelNone)
	require.Equal(t, `"none"`, string(b))
	var l Level
	require.Error(t, json.Unmarshal([]byte(`"5"`), &l))
}

func TestLimitJSON(t *testing.T) {
	tests := []struct {
		l    Limit
		json string
	}{
		{Days(3), `{"days":3}`},
		{Hours(8), `{"hours":8}`},
		{Limit{Hours: 90 * time.Minute}, `{"hours":1.5}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.l)
		require.NoError(t, err)
		require.JSONEq(t, tt.json, string(b))
		var back Limit
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, tt.l, back)
	}
	l := Days(2)
	require.NoError(t, json.Unmarshal([]byte(`null`), &l))
	require.Equal(t, Days(2), l)
	require.Error(t, json.Unmarshal([]byte(`{"hours":1e300}`), &l))
	require.Error(t, json.Unmarshal([]byte(`{"hours":"8"}`), &l))
}

func TestClassificationOtherFamily(t *testing.T) {
	tests := []struct {
		level Level
		want  Level
		ok    bool
	}{
		{Level4, LevelFull, true},
		{Level3, LevelPartial, true},
		{LevelFull, Level4, true},
		{LevelPartial, Level3, true},
		{LevelNone, LevelNone, false},
	}
	for _, tt := range tests {
		m, ok := Classification{Level: tt.level}.OtherFamily()
		require.Equal(t, tt.ok, ok, tt.level)
		require.Equal(t, tt.want, m.Level, tt.level)
	}
}
