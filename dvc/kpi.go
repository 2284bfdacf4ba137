package dvc

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"time"
)

// Tier is the administrative tier of the body that handles a dossier ("cấp tỉnh / cấp huyện / cấp xã"). The
// district tier was abolished on 01/7/2025 (two-tier local government) but remains in older data.
type Tier string

const (
	// TierUnknown is a dossier whose tier was not given.
	TierUnknown Tier = ""
	// TierProvince is "cấp tỉnh".
	TierProvince Tier = "province"
	// TierDistrict is "cấp huyện".
	TierDistrict Tier = "district"
	// TierCommune is "cấp xã".
	TierCommune Tier = "commune"
)

// ParseTier reads "province", "district" or "commune" (or the unaccented Vietnamese "tinh", "huyen", "xa"); the
// empty string is TierUnknown.
func ParseTier(s string) (Tier, error) {
	switch s {
	case "":
		return TierUnknown, nil
	case "province", "tinh":
		return TierProvince, nil
	case "district", "huyen":
		return TierDistrict, nil
	case "commune", "xa":
		return TierCommune, nil
	}
	return TierUnknown, fmt.Errorf("dvc: unknown tier %q (want province, district or commune)", s)
}

// Record is one dossier of a KPI input: the columns of the dossier CSV (see Reader).
type Record struct {
	ReceivedAt time.Time
	DueAt      time.Time
	// FinishedAt is when the result was ready; zero while the dossier is open.
	FinishedAt time.Time
	Channel    Channel
	// Level is the level of the service the dossier belongs to.
	Level     Level
	Agency    string
	Procedure string
	// Tier is optional (column "tier").
	Tier Tier

	// Set by Reader: the ids of Agency and Procedure in its intern table (0 = none) and the Reader itself.
	agencyID, procID uint32
	src              *Reader
}

// GroupBy selects how an Aggregator splits dossiers.
type GroupBy uint8

const (
	// GroupAll puts every dossier in one group with key "all".
	GroupAll GroupBy = iota
	// GroupAgency groups by agency code.
	GroupAgency
	// GroupTier groups by administrative tier ("" for unknown).
	GroupTier
	// GroupProcedure groups by procedure code.
	GroupProcedure
	// GroupMonth groups by the month of reception in Vietnam time ("2026-02").
	GroupMonth
	// GroupYear groups by the year of reception in Vietnam time ("2026").
	GroupYear
)

// ParseGroupBy reads "all", "agency", "tier", "procedure", "month" or "year".
func ParseGroupBy(s string) (GroupBy, error) {
	switch s {
	case "", "all":
		return GroupAll, nil
	case "agency":
		return GroupAgency, nil
	case "tier":
		return GroupTier, nil
	case "procedure":
		return GroupProcedure, nil
	case "month":
		return GroupMonth, nil
	case "year":
		return GroupYear, nil
	}
	return GroupAll, fmt.Errorf("dvc: unknown grouping %q (want all, agency, tier, procedure, month or year)", s)
}

// levels indexes the per-level counters; index 0 is LevelNone.
var levels = [...]Level{LevelNone, Level1, Level2, Level3, Level4, LevelFull, LevelPartial}

func levelIndex(l Level) int {
	switch l {
	case Level1:
		return 1
	case Level2:
		return 2
	case Level3:
		return 3
	case Level4:
		return 4
	case LevelFull:
		return 5
	case LevelPartial:
		return 6
	}
	return 0
}

// onlineCapable reports whether services of level l accept online dossiers: mức 3 and 4 under NĐ 43/2011, and
// both levels of NĐ 42/2022.
func onlineCapable(l Level) bool {
	return l == Level3 || l == Level4 || l == LevelFull || l == LevelPartial
}

// Counts are the raw counters of a group. Every rate is computed from them; rates are never averaged.
type Counts struct {
	Early  int64 `json:"early"`
	OnTime int64 `json:"on_time"`
	Late   int64 `json:"late"`
	Open   int64 `json:"open"`
	Total  int64 `json:"total"`
	// Online counts the dossiers submitted online.
	Online int64 `json:"online"`
}

// Resolved returns the number of dossiers with a result.
func (c Counts) Resolved() int64 { return c.Early + c.OnTime + c.Late }

// LevelCounts counts the dossiers of the services of one level.
type LevelCounts struct {
	Total  int64 `json:"total"`
	Online int64 `json:"online"`
}

// ServiceCounts counts online-capable services (mức 3–4, toàn trình, một phần) in a group.
type ServiceCounts struct {
	// Total is the number of online-capable services: those offered (AggregateOptions.ServicesOffered) when
	// known, else those with at least one dossier in the group.
	Total int64 `json:"total"`
	// WithOnline is the number of them with at least one online dossier.
	WithOnline int64 `json:"with_online"`
}

// Group is the aggregate of one group of dossiers.
type Group struct {
	Key string `json:"key"`
	// Tier is the tier shared by all dossiers of the group, or TierUnknown when they differ or lack one.
	Tier     Tier                  `json:"tier,omitempty"`
	Counts   Counts                `json:"counts"`
	Levels   map[Level]LevelCounts `json:"levels"`
	Services ServiceCounts         `json:"services"`
	// Shares are percentages recomputed from the counts; see Shares for the names.
	Shares map[string]float64 `json:"shares"`
	// Targets holds the evaluation of the targets that apply to the group, when targets were given.
	Targets []TargetResult `json:"targets,omitempty"`
}

// Share names, the keys of Group.Shares and the indicators targets refer to.
const (
	ShareEarly  = "early"    // early / resolved
	ShareOnTime = "on_time"  // on time / resolved
	ShareLate   = "late"     // late / resolved
	ShareInTime = "in_time"  // (early + on time) / resolved
	ShareResolv = "resolved" // resolved / total
	ShareOnline = "online"   // online / total
	// ShareServicesWithOnline is online-capable services with at least one online dossier / online-capable
	// services.
	ShareServicesWithOnline = "services_with_online"
)

// ShareOnlineWithinLevel returns the share name "online_level_<l>": online dossiers of level-l services / all
// dossiers of level-l services (the Chỉ thị 2022 targets).
func ShareOnlineWithinLevel(l Level) string { return "online_level_" + string(l) }

// ShareOnlineAtLevelOfAll returns the share name "online_level_<l>_of_all": online dossiers of level-l services
// / all dossiers (the way seed 002 reports "hồ sơ được xử lý mức độ 3").
func ShareOnlineAtLevelOfAll(l Level) string { return "online_level_" + string(l) + "_of_all" }

// Percent returns 100·num/den, or NaN when den is 0.
func Percent(num, den int64) float64 {
	if den == 0 {
		return math.NaN()
	}
	return 100 * float64(num) / float64(den)
}

// Round1 rounds a percentage to one decimal, as reports print it.
func Round1(p float64) float64 { return math.Round(p*10) / 10 }

// AggregateOptions configures an Aggregator. The zero value groups nothing (GroupAll) at day precision.
type AggregateOptions struct {
	By GroupBy
	// Precision of the outcome classification (ByDay by default).
	Precision Precision
	// ServicesOffered gives, per group key, the number of online-capable services offered, the denominator of
	// services_with_online; groups absent from it use the number of services seen in their dossiers. A share
	// above 100% then means the catalogue misses services that received online dossiers.
	ServicesOffered map[string]int64
	// MaxGroups bounds the number of groups (default 100,000) so that memory stays bounded by configuration;
	// Add fails beyond it.
	MaxGroups int
	// MaxServicesPerGroup bounds the distinct procedures tracked per group (default 100,000).
	MaxServicesPerGroup int
}

type groupAcc struct {
	key       string
	counts    Counts
	levels    [len(levels)]LevelCounts
	tier      Tier
	tierSet   bool
	tierMixed bool
	// services maps each online-capable procedure seen to whether it had an online dossier; it is the truth.
	services map[string]bool
	withOnl  int64
	// svcHint caches, per procedure id of the Aggregator's source Reader, bit 1 "seen" and bit 2 "online", so
	// that most records skip the map; the map is consulted whenever the hint could change.
	svcHint []uint8
}

// Aggregator accumulates dossiers one at a time, in constant memory per group: it is fed by a streaming Reader
// and never holds the records. It is not safe for concurrent use.
type Aggregator struct {
	opts   AggregateOptions
	groups map[string]*groupAcc
	byInt  map[int64]*groupAcc // month and year groups
	byID   []*groupAcc         // agency and procedure groups by id of the source Reader
	all    *groupAcc
	src    *Reader // the Reader whose ids the caches use
	keyBuf []byte
}

// NewAggregator returns an empty aggregator.
func NewAggregator(opts AggregateOptions) *Aggregator {
	if opts.MaxGroups <= 0 {
		opts.MaxGroups = 100_000
	}
	if opts.MaxServicesPerGroup <= 0 {
		opts.MaxServicesPerGroup = 100_000
	}
	return &Aggregator{opts: opts, groups: map[string]*groupAcc{}, byInt: map[int64]*groupAcc{}}
}

// Add counts one dossier. Its outcome is ClassifyOutcome(FinishedAt, DueAt) at the configured precision; a
// dossier without FinishedAt is open. It fails only when a configured bound is exceeded.
func (a *Aggregator) Add(r *Record) error {
	if a.src == nil && r.src != nil {
		a.src = r.src
	}
	fromSrc := r.src != nil && r.src == a.src
	g, err := a.group(r, fromSrc)
	if err != nil {
		return err
	}
	c := &g.counts
	c.Total++
	switch ClassifyOutcome(r.FinishedAt, r.DueAt, a.opts.Precision) {
	case OutcomeEarly:
		c.Early++
	case OutcomeOnTime:
		c.OnTime++
	case OutcomeLate:
		c.Late++
	default:
		c.Open++
	}
	online := r.Channel == ChannelOnline
	li := levelIndex(r.Level)
	g.levels[li].Total++
	if online {
		c.Online++
		g.levels[li].Online++
	}
	switch {
	case !g.tierSet:
		g.tier, g.tierSet = r.Tier, true
	case g.tier != r.Tier:
		g.tierMixed = true
	}
	if !onlineCapable(r.Level) || r.Procedure == "" {
		return nil
	}
	var hint *uint8
	// Procedure groups hold a single service each: the map is as cheap as a hint there, and hints sized by
	// procedure id in every group would cost memory quadratic in the number of procedures.
	if fromSrc && r.procID != 0 && a.opts.By != GroupProcedure {
		if int(r.procID) >= len(g.svcHint) {
			g.svcHint = append(g.svcHint, make([]uint8, int(r.procID)+1-len(g.svcHint))...)
		}
		hint = &g.svcHint[r.procID]
		if *hint&1 != 0 && (!online || *hint&2 != 0) {
			return nil // nothing can change
		}
	}
	had, seen := g.services[r.Procedure]
	switch {
	case !seen:
		if len(g.services) >= a.opts.MaxServicesPerGroup {
			return fmt.Errorf("dvc: group %q has more than %d services", g.key, a.opts.MaxServicesPerGroup)
		}
		g.services[r.Procedure] = online
		if online {
			g.withOnl++
		}
	case online && !had:
		g.services[r.Procedure] = true
		g.withOnl++
	}
	if hint != nil {
		*hint = 1
		if g.services[r.Procedure] {
			*hint = 3
		}
	}
	return nil
}

// group finds or creates the group of r, through the fastest index its grouping allows.
func (a *Aggregator) group(r *Record, fromSrc bool) (*groupAcc, error) {
	switch a.opts.By {
	case GroupAll:
		if a.all != nil {
			return a.all, nil
		}
		g, err := a.named(r)
		a.all = g
		return g, err
	case GroupMonth, GroupYear:
		// The civil date in Vietnam time, computed without building a zone.
		y, m, _ := time.Unix(r.ReceivedAt.Unix()+7*3600, 0).UTC().Date()
		k := int64(y) * 100
		if a.opts.By == GroupMonth {
			k += int64(m)
		}
		if g, ok := a.byInt[k]; ok {
			return g, nil
		}
		g, err := a.named(r)
		if err == nil {
			a.byInt[k] = g
		}
		return g, err
	case GroupAgency, GroupProcedure:
		id := r.agencyID
		if a.opts.By == GroupProcedure {
			id = r.procID
		}
		if !fromSrc || id == 0 {
			return a.named(r)
		}
		if int(id) < len(a.byID) && a.byID[id] != nil {
			return a.byID[id], nil
		}
		g, err := a.named(r)
		if err == nil {
			if int(id) >= len(a.byID) {
				a.byID = append(a.byID, make([]*groupAcc, int(id)+1-len(a.byID))...)
			}
			a.byID[id] = g
		}
		return g, err
	}
	return a.named(r)
}

// named finds or creates the group of r by its key text.
func (a *Aggregator) named(r *Record) (*groupAcc, error) {
	key := a.key(r)
	if g, ok := a.groups[string(key)]; ok {
		return g, nil
	}
	if len(a.groups) >= a.opts.MaxGroups {
		return nil, fmt.Errorf("dvc: more than %d groups", a.opts.MaxGroups)
	}
	g := &groupAcc{key: string(key), services: map[string]bool{}}
	a.groups[g.key] = g
	return g, nil
}

func (a *Aggregator) key(r *Record) []byte {
	b := a.keyBuf[:0]
	switch a.opts.By {
	case GroupAgency:
		b = append(b, r.Agency...)
	case GroupTier:
		b = append(b, r.Tier...)
	case GroupProcedure:
		b = append(b, r.Procedure...)
	case GroupMonth, GroupYear:
		y, m, _ := time.Unix(r.ReceivedAt.Unix()+7*3600, 0).UTC().Date()
		b = strconv.AppendInt(b, int64(y), 10)
		if a.opts.By == GroupMonth {
			b = append(b, '-', byte('0'+m/10), byte('0'+m%10))
		}
	default:
		b = append(b, "all"...)
	}
	a.keyBuf = b
	return b
}

// Groups returns the groups sorted by key, with their shares computed and the given targets evaluated.
func (a *Aggregator) Groups(targets []Target) []Group {
	out := make([]Group, 0, len(a.groups))
	for g := range a.All(targets) {
		out = append(out, g)
	}
	return out
}

// Len returns the number of groups.
func (a *Aggregator) Len() int { return len(a.groups) }

// All yields the groups sorted by key, each built only when reached, so that a caller writing them out holds
// one group at a time. The aggregator must not be changed during the iteration.
func (a *Aggregator) All(targets []Target) iter.Seq[Group] {
	return func(yield func(Group) bool) {
		keys := make([]string, 0, len(a.groups))
		for k := range a.groups {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(a.build(a.groups[k], targets)) {
				return
			}
		}
	}
}

func (a *Aggregator) build(g *groupAcc, targets []Target) Group {
	gr := Group{Key: g.key, Counts: g.counts, Levels: map[Level]LevelCounts{}}
	if !g.tierMixed {
		gr.Tier = g.tier
	}
	for i, lc := range g.levels {
		if lc.Total > 0 && levels[i] != LevelNone {
			gr.Levels[levels[i]] = lc
		}
	}
	gr.Services = ServiceCounts{Total: int64(len(g.services)), WithOnline: g.withOnl}
	if n, ok := a.opts.ServicesOffered[g.key]; ok {
		gr.Services.Total = n
	}
	gr.Shares = Shares(gr)
	if len(targets) > 0 {
		gr.Targets = Evaluate(gr, targets)
	}
	return gr
}

// Shares computes the percentages of a group from its counts; shares whose denominator is zero are omitted.
// Outcome shares are of the resolved dossiers (as provinces report "trước hạn 30,7%"); resolved and online of
// all dossiers; per level, online_level_<l> is within the level's dossiers and online_level_<l>_of_all of all
// dossiers; services_with_online of the online-capable services.
func Shares(g Group) map[string]float64 {
	m := map[string]float64{}
	put := func(name string, num, den int64) {
		if den > 0 {
			m[name] = Percent(num, den)
		}
	}
	c := g.Counts
	res := c.Resolved()
	put(ShareEarly, c.Early, res)
	put(ShareOnTime, c.OnTime, res)
	put(ShareLate, c.Late, res)
	put(ShareInTime, c.Early+c.OnTime, res)
	put(ShareResolv, res, c.Total)
	put(ShareOnline, c.Online, c.Total)
	for l, lc := range g.Levels {
		put(ShareOnlineWithinLevel(l), lc.Online, lc.Total)
		put(ShareOnlineAtLevelOfAll(l), lc.Online, c.Total)
	}
	put(ShareServicesWithOnline, g.Services.WithOnline, g.Services.Total)
	return m
}
