package dvc

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// Target is an official target on one share, as data: the indicator (a share name of Group.Shares), the tier it
// applies to and the threshold in percent.
type Target struct {
	// ID names the target, e.g. "ct2022-province-level4".
	ID string `json:"id"`
	// Indicator is a share name: "online_level_4", "services_with_online", "online", "in_time"…
	Indicator string `json:"indicator"`
	// Tier restricts the target to groups whose dossiers all belong to that tier; empty applies to every group.
	Tier Tier `json:"tier,omitempty"`
	// Min is the threshold in percent.
	Min float64 `json:"min"`
	// Strict means the share must exceed Min ("trên 80%"); otherwise reaching it is enough.
	Strict bool `json:"strict,omitempty"`
	// Year is the year the target was set for (0 = any); informative.
	Year int `json:"year,omitempty"`
	// Source cites the document that sets the target.
	Source string `json:"source,omitempty"`
}

// TargetResult is the evaluation of a target on a group.
type TargetResult struct {
	Target Target `json:"target"`
	// Actual is the group's share in percent.
	Actual float64 `json:"actual"`
	// Gap is Actual − Min in percentage points: negative when the target is missed.
	Gap float64 `json:"gap"`
	Met bool    `json:"met"`
}

// DefaultTargets returns the built-in targets of Đắk Nông's 2022 directive (Chỉ thị of 11/01/2022) on the share of
// dossiers submitted online by tier (province over 80% of the dossiers of mức-4 services and over 40% of mức-3
// services, district 60% / 30%, commune 40% / 20%), and its 2022 digital-transformation plan (QĐ 231/QĐ-UBND of
// 26/01/2022: 50% of mức 3–4 services with online dossiers, 30% of dossiers processed online). Each call returns a
// fresh slice.
func DefaultTargets() []Target {
	const (
		ct = "Chỉ thị ngày 11/01/2022 của UBND tỉnh Đắk Nông về việc khẩn trương nâng cao chỉ số Chính quyền số " +
			"năm 2022 và những năm tiếp theo: tỷ lệ hồ sơ trực tuyến theo cấp"
		plan = "Kế hoạch Chuyển đổi số và bảo đảm an toàn thông tin mạng tỉnh Đắk Nông năm 2022, ban hành kèm theo " +
			"Quyết định 231/QĐ-UBND ngày 26/01/2022"
	)
	t := []Target{
		{ID: "ct2022-province-level4", Indicator: ShareOnlineWithinLevel(Level4), Tier: TierProvince, Min: 80, Strict: true, Year: 2022, Source: ct},
		{ID: "ct2022-province-level3", Indicator: ShareOnlineWithinLevel(Level3), Tier: TierProvince, Min: 40, Strict: true, Year: 2022, Source: ct},
		{ID: "ct2022-district-level4", Indicator: ShareOnlineWithinLevel(Level4), Tier: TierDistrict, Min: 60, Strict: true, Year: 2022, Source: ct},
		{ID: "ct2022-district-level3", Indicator: ShareOnlineWithinLevel(Level3), Tier: TierDistrict, Min: 30, Strict: true, Year: 2022, Source: ct},
		{ID: "ct2022-commune-level4", Indicator: ShareOnlineWithinLevel(Level4), Tier: TierCommune, Min: 40, Strict: true, Year: 2022, Source: ct},
		{ID: "ct2022-commune-level3", Indicator: ShareOnlineWithinLevel(Level3), Tier: TierCommune, Min: 20, Strict: true, Year: 2022, Source: ct},
		{ID: "plan2022-services-with-online", Indicator: ShareServicesWithOnline, Min: 50, Year: 2022, Source: plan},
		{ID: "plan2022-online", Indicator: ShareOnline, Min: 30, Year: 2022, Source: plan},
	}
	return t
}

// knownIndicator reports whether name is a share name Shares can produce.
func knownIndicator(name string) bool {
	switch name {
	case ShareEarly, ShareOnTime, ShareLate, ShareInTime, ShareResolv, ShareOnline, ShareServicesWithOnline:
		return true
	}
	for _, l := range levels[1:] {
		if name == ShareOnlineWithinLevel(l) || name == ShareOnlineAtLevelOfAll(l) {
			return true
		}
	}
	return false
}

// MaxTargets bounds the number of targets LoadTargets accepts.
const MaxTargets = 10_000

// LoadTargets reads a JSON array of Target, rejecting unknown fields and indicators, unknown tiers, and
// thresholds outside 0–100.
func LoadTargets(r io.Reader) ([]Target, error) {
	dec := json.NewDecoder(io.LimitReader(r, 16<<20))
	dec.DisallowUnknownFields()
	var ts []Target
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("dvc: targets: %w", err)
	}
	if len(ts) > MaxTargets {
		return nil, fmt.Errorf("dvc: targets: %d entries, more than %d", len(ts), MaxTargets)
	}
	for i, t := range ts {
		where := fmt.Sprintf("dvc: targets: entry %d (%q)", i, t.ID)
		if strings.TrimSpace(t.ID) == "" {
			return nil, fmt.Errorf("%s: id missing", where)
		}
		if !knownIndicator(t.Indicator) {
			return nil, fmt.Errorf("%s: unknown indicator %q", where, t.Indicator)
		}
		if _, err := ParseTier(string(t.Tier)); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if math.IsNaN(t.Min) || t.Min < 0 || t.Min > 100 {
			return nil, fmt.Errorf("%s: min %v outside 0–100", where, t.Min)
		}
	}
	return ts, nil
}

// Evaluate evaluates the targets that apply to g: those without a tier, and those of g's tier when all its
// dossiers share one. A target whose share has no denominator in g (no dossier of that level, say) is skipped.
func Evaluate(g Group, targets []Target) []TargetResult {
	shares := g.Shares
	if shares == nil {
		shares = Shares(g)
	}
	var out []TargetResult
	for _, t := range targets {
		if t.Tier != TierUnknown && t.Tier != g.Tier {
			continue
		}
		v, ok := shares[t.Indicator]
		if !ok {
			continue
		}
		met := v >= t.Min
		if t.Strict {
			met = v > t.Min
		}
		out = append(out, TargetResult{Target: t, Actual: v, Gap: v - t.Min, Met: met})
	}
	return out
}
