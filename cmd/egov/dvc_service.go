package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/dvc"
)

// dvcServiceVerbs returns the verbs about services and dossiers: classify, kpi.
func dvcServiceVerbs() []verb {
	return []verb{
		{name: "classify", summary: "classify an online service by its capabilities under the regime in force at a date", run: runDvcClassify},
		{name: "kpi", summary: "count early, on-time, late and online dossiers of a CSV file, with shares and targets", run: runDvcKPI},
	}
}

// maxServiceJSON bounds the size of a service description read by classify.
const maxServiceJSON = 1 << 20

// classifyOutput is the result of `egov dvc classify` (docs/output.md): the service as read and its
// classification.
type classifyOutput struct {
	File        string            `json:"file"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Service     dvc.Service       `json:"service"`
	dvc.Classification
	LevelName string `json:"level_name"`
	// Mapped is the level of the other family of regimes by the documented heuristic (Classification.OtherFamily).
	Mapped *dvc.Mapping `json:"mapped,omitempty"`
}

func runDvcClassify(e *env, args []string) int {
	fs := e.flags("classify", "egov dvc classify SERVICE.json [--at DATE] [--format text|json]\n\n"+
		"SERVICE.json describes the service by its capabilities (\"-\" reads stdin):\n"+
		"  {\"code\": \"1.003560\", \"information\": true, \"downloadable_forms\": true, \"online_submission\": true,\n"+
		"   \"online_processing\": true, \"no_fee\": false, \"online_payment\": true, \"online_result\": false,\n"+
		"   \"postal_result\": true, \"presence_required\": false, \"partial_justification\": \"\"}", false)
	atFlag := fs.String("at", "", "date whose regime applies, YYYY-MM-DD or RFC 3339 (default: today in Vietnam)")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		return e.usageError(fs, "want exactly one SERVICE.json")
	}
	at, err := parseDay(*atFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	data, err := e.readInput(files[0], maxServiceJSON)
	if err != nil {
		return e.fail(err)
	}
	svc, err := dvc.ParseService(data)
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", files[0], err))
	}
	c := dvc.Classify(svc, at)
	out := classifyOutput{File: files[0], Diagnostics: noDiagnostics(), Service: svc, Classification: c,
		LevelName: c.Level.NameVI()}
	if m, ok := c.OtherFamily(); ok {
		out.Mapped = &m
	}
	if e.format == "json" {
		return e.writeFiles([]classifyOutput{out})
	}
	var b strings.Builder
	name := svc.Code
	if name == "" {
		name = files[0]
	}
	fmt.Fprintf(&b, "%s: %s (%s, %s)\n", name, c.Level.NameVI(), c.Citation, at.Format("2006-01-02"))
	if c.Regime == dvc.RegimeNone {
		b.WriteString(e.msg("  no online-service regime was in force at that date\n",
			"  chưa có quy định về dịch vụ công trực tuyến vào ngày này\n"))
	}
	for _, u := range c.Unmet {
		if u.Blocks == dvc.LevelNone {
			fmt.Fprintf(&b, "  %s: %s\n", e.msg("required", "bắt buộc"), e.msg(u.Message, u.MessageVI))
			continue
		}
		fmt.Fprintf(&b, "  %s %s: %s\n", e.msg("unmet for", "chưa đạt"), u.Blocks.NameVI(), e.msg(u.Message, u.MessageVI))
	}
	if out.Mapped != nil {
		fmt.Fprintf(&b, "  %s %s", e.msg("other regime (heuristic):", "chế độ khác (ước lượng):"), out.Mapped.Level.NameVI())
		if out.Mapped.Note != "" {
			fmt.Fprintf(&b, " (%s)", e.msg(out.Mapped.Note, out.Mapped.NoteVI))
		}
		b.WriteString("\n")
	}
	fmt.Fprint(e.stdout, b.String())
	return exitOK
}

// readInput reads a small file, or stdin for "-", refusing more than limit bytes.
func (e *env) readInput(name string, limit int64) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = e.stdin
	} else {
		f, err := openFile(name, nil)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}

// round2 rounds a percentage to two decimals for output; the counts carry the exact figures.
func round2(p float64) float64 { return math.Round(p*100) / 100 }

func runDvcKPI(e *env, args []string) int {
	fs := e.flags("kpi", "egov dvc kpi --in dossiers.csv [--by all|agency|tier|procedure|month|year] "+
		"[--targets FILE|builtin] [--precision day|hour] [--format text|json]\n\n"+
		"The CSV has a header row with at least received_at, due_at, finished_at (RFC 3339; finished_at empty while\n"+
		"open), channel (online|counter|postal), level (1-4, toan_trinh, mot_phan), agency_code and procedure_code,\n"+
		"and optionally tier (province|district|commune); other columns are ignored. \"--in -\" reads stdin.\n"+
		"Shares are percentages recomputed from the counts: early/on_time/late of the resolved dossiers, online of\n"+
		"all dossiers, online_level_L within level L, services_with_online of the mức 3-4 services. With --targets\n"+
		"(a JSON array of targets, or \"builtin\" for the 2022 directive and plan of Đắk Nông) the exit code is 1 when a\n"+
		"target applying to a group is missed. A malformed record is left out of the counts and reported (exit 1);\n"+
		"--strict stops at the first one instead.", false)
	in := fs.String("in", "", "dossier CSV file, or - for stdin")
	byFlag := fs.String("by", "all", "grouping: all, agency, tier, procedure, month or year (month and year of reception)")
	targetsFlag := fs.String("targets", "", "JSON file of targets, or builtin")
	precisionFlag := fs.String("precision", "day", "outcome precision: day (default, Vietnam civil dates) or hour")
	maxGroups := fs.Int("max-groups", 100_000, "fail when the grouping yields more groups than this")
	strict := fs.Bool("strict", false, "stop at the first malformed record instead of reporting it and going on")
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return e.usageError(fs, fmt.Sprintf(e.msg("unexpected argument %q", "đối số không hợp lệ %q"), rest[0]))
	}
	if *in == "" {
		return e.usageError(fs, "--in is required")
	}
	by, err := dvc.ParseGroupBy(*byFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	var precision dvc.Precision
	switch *precisionFlag {
	case "day":
	case "hour":
		precision = dvc.ByHour
	default:
		return e.usageError(fs, fmt.Sprintf(e.msg("unknown --precision %q (want day or hour)", "không hỗ trợ --precision %q (cần \"day\" hoặc \"hour\")"), *precisionFlag))
	}
	if *maxGroups <= 0 {
		return e.usageError(fs, "--max-groups must be positive")
	}
	var targets []dvc.Target
	switch *targetsFlag {
	case "":
	case "builtin":
		targets = dvc.DefaultTargets()
	default:
		f, err := os.Open(*targetsFlag)
		if err != nil {
			return e.fail(err)
		}
		targets, err = dvc.LoadTargets(f)
		f.Close()
		if err != nil {
			return e.fail(fmt.Errorf("%s: %w", *targetsFlag, err))
		}
	}
	var src io.Reader = e.stdin
	if *in != "-" {
		f, err := openFile(*in, nil)
		if err != nil {
			return e.fail(err)
		}
		defer f.Close()
		src = f
	}
	res, err := dvc.KPIReport(src, dvc.KPIOptions{Strict: *strict,
		Aggregate: dvc.AggregateOptions{By: by, Precision: precision, MaxGroups: *maxGroups}})
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", *in, err))
	}
	var missed int
	if e.format == "json" {
		missed, err = e.writeKPIJSON(res, targets, *byFlag, *precisionFlag)
	} else {
		missed, err = e.writeKPIText(res.Aggregator, targets)
		if err == nil && len(res.Findings.Diagnostics) > 0 {
			err = diag.WriteText(e.stdout, e.lang, []diag.File{{Name: *in, Report: &res.Findings}})
		}
	}
	if err != nil {
		return e.fail(err)
	}
	if missed > 0 || res.Skipped > 0 {
		return exitFindings
	}
	return exitOK
}

// groupKey is the text of a group's key: the single group of --by all and the total row are named in the chosen
// language, an empty key is "(none)"; the other keys are data (codes, months) and stay as they are.
func (e *env) groupKey(key string) string {
	switch key {
	case "":
		return e.msg("(none)", "(trống)")
	case "all":
		return e.msg("all", "tất cả")
	case "total":
		return e.msg("total", "tổng")
	}
	if vi, ok := tiersVI[dvc.Tier(key)]; ok && e.lang == "vi" {
		return vi
	}
	return key
}

// tiersVI are the Vietnamese names of the administrative tiers, the keys of --by tier.
var tiersVI = map[dvc.Tier]string{dvc.TierProvince: "cấp tỉnh", dvc.TierDistrict: "cấp huyện", dvc.TierCommune: "cấp xã"}

// shareNamesVI are the Vietnamese names of the shares of dvc.Shares, for the text of targets.
var shareNamesVI = map[string]string{dvc.ShareEarly: "trước hạn", dvc.ShareOnTime: "đúng hạn", dvc.ShareLate: "quá hạn",
	dvc.ShareInTime: "đúng và trước hạn", dvc.ShareResolv: "đã giải quyết", dvc.ShareOnline: "trực tuyến",
	dvc.ShareServicesWithOnline: "dịch vụ có hồ sơ trực tuyến"}

// shareName is a share's name in the chosen language: in Vietnamese "trực tuyến mức 4" for online_level_4.
func (e *env) shareName(name string) string {
	if e.lang != "vi" {
		return name
	}
	if vi, ok := shareNamesVI[name]; ok {
		return vi
	}
	for _, l := range []dvc.Level{dvc.Level1, dvc.Level2, dvc.Level3, dvc.Level4, dvc.LevelFull, dvc.LevelPartial} {
		if name == dvc.ShareOnlineWithinLevel(l) {
			return "trực tuyến trong " + l.NameVI()
		}
	}
	return name
}

// roundGroup rounds the shares and target figures of a group to two decimals for output; the counts carry the
// exact figures.
func roundGroup(g dvc.Group) dvc.Group {
	for k, v := range g.Shares {
		g.Shares[k] = round2(v)
	}
	for i := range g.Targets {
		g.Targets[i].Actual, g.Targets[i].Gap = round2(g.Targets[i].Actual), round2(g.Targets[i].Gap)
	}
	return g
}

func missedTargets(g dvc.Group) int {
	n := 0
	for _, t := range g.Targets {
		if !t.Met {
			n++
		}
	}
	return n
}

// kpiOutput is the JSON form of `egov dvc kpi` (docs/output.md): the grouping, one result per group (the JSON
// form of dvc.Group) and the number of targets missed. writeKPIJSON streams the same layout.
type kpiOutput struct {
	By        string      `json:"by"`
	Precision string      `json:"precision"`
	Results   []dvc.Group `json:"results"`
	// TargetsMissed counts the evaluated targets that were not met; the exit code is 1 when it is not zero.
	TargetsMissed int `json:"targets_missed"`
	// SkippedRecords counts the malformed records left out of the counts; the exit code is 1 when it is not zero.
	SkippedRecords int `json:"skipped_records"`
	// Findings explain the records left out (DVC-R001, DVC-R002).
	Findings []diag.Diagnostic `json:"findings"`
}

// writeKPIJSON writes the kpiOutput object one group at a time, so that memory does not grow with the number of
// groups; the layout is the one json.Encoder with a two-space indent gives. It returns the targets missed.
func (e *env) writeKPIJSON(res *dvc.KPIResult, targets []dvc.Target, by, precision string) (int, error) {
	agg := res.Aggregator
	w := bufio.NewWriter(e.stdout)
	head, err := json.Marshal(by)
	if err != nil {
		return 0, err
	}
	prec, err := json.Marshal(precision)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(w, "{\n  \"by\": %s,\n  \"precision\": %s,\n  \"results\": [", head, prec)
	missed, first := 0, true
	for g := range agg.All(targets) {
		kg := roundGroup(g)
		missed += missedTargets(kg)
		b, err := json.MarshalIndent(kg, "    ", "  ")
		if err != nil {
			return 0, err
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		w.WriteString("\n    ")
		w.Write(b)
	}
	if !first {
		w.WriteString("\n  ")
	}
	findings, err := json.MarshalIndent(res.Findings.Diagnostics, "  ", "  ")
	if err != nil {
		return 0, err
	}
	if len(res.Findings.Diagnostics) == 0 {
		findings = []byte("[]")
	}
	fmt.Fprintf(w, "],\n  \"targets_missed\": %d,\n  \"skipped_records\": %d,\n  \"findings\": %s\n}\n", missed, res.Skipped, findings)
	return missed, w.Flush()
}

// writeKPIText writes a table of the groups, one at a time, and returns the targets missed.
func (e *env) writeKPIText(agg *dvc.Aggregator, targets []dvc.Target) (int, error) {
	b := bufio.NewWriter(e.stdout)
	pct := func(m map[string]float64, k string) string {
		if v, ok := m[k]; ok {
			return fmt.Sprintf("%.1f%%", v)
		}
		return "-"
	}
	fmt.Fprintf(b, "%-16s %9s %9s %9s %9s %8s %8s %8s %8s\n", e.msg("group", "nhóm"), e.msg("total", "tổng"),
		e.msg("open", "đang xử lý"), e.msg("early", "trước hạn"), e.msg("on time", "đúng hạn"), e.msg("late", "quá hạn"),
		e.msg("online", "trực tuyến"), e.msg("lvl3 onl", "mức 3 TT"), e.msg("lvl4 onl", "mức 4 TT"))
	missed := 0
	for grp := range agg.All(targets) {
		g := roundGroup(grp)
		missed += missedTargets(g)
		key := e.groupKey(g.Key)
		fmt.Fprintf(b, "%-16s %9d %9d %9s %9s %8s %8s %8s %8s\n", key, g.Counts.Total, g.Counts.Open,
			pct(g.Shares, dvc.ShareEarly), pct(g.Shares, dvc.ShareOnTime), pct(g.Shares, dvc.ShareLate),
			pct(g.Shares, dvc.ShareOnline), pct(g.Shares, dvc.ShareOnlineWithinLevel(dvc.Level3)),
			pct(g.Shares, dvc.ShareOnlineWithinLevel(dvc.Level4)))
		sort.SliceStable(g.Targets, func(i, j int) bool { return g.Targets[i].Target.ID < g.Targets[j].Target.ID })
		for _, t := range g.Targets {
			verdict := e.msg("met", "đạt")
			if !t.Met {
				verdict = e.msg("MISSED", "KHÔNG ĐẠT")
			}
			cmp := "≥"
			if t.Target.Strict {
				cmp = ">"
			}
			fmt.Fprintf(b, "  %-30s %s %s%g%%: %.2f%% (%+.2f) %s\n", t.Target.ID, e.shareName(t.Target.Indicator), cmp, t.Target.Min,
				t.Actual, t.Gap, verdict)
		}
	}
	if missed > 0 {
		fmt.Fprintf(b, "%s: %d\n", e.msg("targets missed", "chỉ tiêu không đạt"), missed)
	}
	return missed, b.Flush()
}
