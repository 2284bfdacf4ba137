package dvc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// The JSON forms of the results follow egov's output contract (docs/output.md): snake_case keys, enumerations as
// their documented strings, numbers as numbers. Keys are never data: where a Go map is keyed by data (the levels
// of a Group), the JSON form is an array of objects that carry the key as a field.

// MarshalText encodes the level as its text form ("1" to "4", "toan_trinh", "mot_phan"), and LevelNone as "none".
func (l Level) MarshalText() ([]byte, error) {
	if l == LevelNone {
		return []byte("none"), nil
	}
	return []byte(l), nil
}

// UnmarshalText decodes a level's text form (see ParseLevel); "none" and "" give LevelNone.
func (l *Level) UnmarshalText(b []byte) error {
	if s := string(b); s == "" || s == "none" {
		*l = LevelNone
		return nil
	}
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// LevelCount is the JSON form of one entry of Group.Levels.
type LevelCount struct {
	Level Level `json:"level"`
	LevelCounts
}

// levelOrder is the order levels are listed in.
var levelOrder = []Level{Level1, Level2, Level3, Level4, LevelFull, LevelPartial}

// groupJSON is the JSON form of a Group.
type groupJSON struct {
	Key      string             `json:"key"`
	Tier     Tier               `json:"tier,omitempty"`
	Counts   Counts             `json:"counts"`
	Levels   []LevelCount       `json:"levels"`
	Services ServiceCounts      `json:"services"`
	Shares   map[string]float64 `json:"shares"`
	Targets  []TargetResult     `json:"targets,omitempty"`
}

// MarshalJSON encodes the group with its levels as an array of {"level", "total", "online"} objects in level
// order (1 to 4, toan_trinh, mot_phan), so that every key of the output is a field name.
func (g Group) MarshalJSON() ([]byte, error) {
	out := groupJSON{Key: g.Key, Tier: g.Tier, Counts: g.Counts, Levels: []LevelCount{}, Services: g.Services,
		Shares: g.Shares, Targets: g.Targets}
	if out.Shares == nil {
		out.Shares = map[string]float64{}
	}
	for l, c := range g.Levels {
		out.Levels = append(out.Levels, LevelCount{Level: l, LevelCounts: c})
	}
	slices.SortFunc(out.Levels, func(a, b LevelCount) int {
		return slices.Index(levelOrder, a.Level) - slices.Index(levelOrder, b.Level)
	})
	return json.Marshal(out)
}

// UnmarshalJSON decodes the form MarshalJSON writes; JSON null leaves the group alone.
func (g *Group) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var in groupJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*g = Group{Key: in.Key, Tier: in.Tier, Counts: in.Counts, Services: in.Services, Shares: in.Shares,
		Targets: in.Targets, Levels: make(map[Level]LevelCounts, len(in.Levels))}
	for _, lc := range in.Levels {
		g.Levels[lc.Level] = lc.LevelCounts
	}
	return nil
}

// limitJSON is the JSON form of a Limit: working days, or working hours as a number of hours (1.5 is 90 minutes).
type limitJSON struct {
	Days  int     `json:"days,omitempty"`
	Hours float64 `json:"hours,omitempty"`
}

// MarshalJSON encodes the limit as {"days": N} or {"hours": H}, H a number of hours, never nanoseconds.
func (l Limit) MarshalJSON() ([]byte, error) {
	return json.Marshal(limitJSON{Days: l.Days, Hours: l.Hours.Hours()})
}

// UnmarshalJSON decodes the form MarshalJSON writes, rounding hours to the nanosecond; bounds are Validate's. JSON
// null leaves the limit alone.
func (l *Limit) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var in limitJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if math.IsNaN(in.Hours) || math.Abs(in.Hours) > float64(MaxLimitDays)*24*2 {
		return fmt.Errorf("dvc: processing time of %g hours is out of range", in.Hours)
	}
	*l = Limit{Days: in.Days, Hours: time.Duration(math.Round(in.Hours * float64(time.Hour)))}
	return nil
}
