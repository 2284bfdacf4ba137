package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

var ict = vntime.Location()

func agencycodeArea() area {
	return area{
		name:    "agencycode",
		summary: "agency identifier codes (mã định danh): check, explain, children",
		verbs: []verb{
			{name: "check", summary: "validate codes and resolve their names at a date", run: runAgencyCheck},
			{name: "explain", summary: "describe each group of a code, its level, parents and names", run: runAgencyExplain},
			{name: "children", summary: "list the units directly under a code at a date", run: runAgencyChildren},
		},
	}
}

// registryFlags are the flags shared by the verbs that consult a registry.
type registryFlags struct {
	at       string
	registry string
}

func (r *registryFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.at, "at", "", "date of the lookup, YYYY-MM-DD or RFC 3339 (default: today in Vietnam)")
	fs.StringVar(&r.registry, "registry", "", "CSV or JSON file of agency codes loaded over the embedded registry")
}

// load returns the registry and the lookup date.
func (r *registryFlags) load() (*agencycode.Registry, time.Time, error) {
	at, err := parseDay(r.at)
	if err != nil {
		return nil, time.Time{}, err
	}
	reg := agencycode.DefaultRegistry()
	if r.registry == "" {
		return reg, at, nil
	}
	data, err := os.ReadFile(r.registry)
	if err != nil {
		return nil, time.Time{}, err
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		err = reg.LoadJSON(bytes.NewReader(data))
	} else {
		err = reg.LoadCSV(bytes.NewReader(data))
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", r.registry, err)
	}
	return reg, at, nil
}

// parseDay reads YYYY-MM-DD (Vietnam time) or RFC 3339; empty means today.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Now().In(ict), nil
	}
	return vntime.Parse(s)
}

// codeCheck is the result of checking one code; its JSON form is the contract of `egov agencycode check`.
type codeCheck struct {
	Input       string            `json:"input"`
	Code        string            `json:"code"`
	Valid       bool              `json:"valid"`
	Form        string            `json:"form"`
	Level       int               `json:"level"`
	Parent      string            `json:"parent"`
	Name        string            `json:"name"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

func checkCode(input string, reg *agencycode.Registry, at time.Time) codeCheck {
	res := codeCheck{Input: input, Diagnostics: []diag.Diagnostic{}}
	norm, changed := agencycode.Normalize(input)
	res.Code = norm
	c, err := agencycode.Parse(norm)
	if err != nil {
		var e *agencycode.Error
		if errors.As(err, &e) {
			res.Diagnostics = append(res.Diagnostics, e.Diagnostic())
		}
		return res
	}
	if changed {
		res.Diagnostics = append(res.Diagnostics, agencycode.NormalizedFinding(input, norm))
	}
	res.Valid, res.Form, res.Level = true, c.Form().String(), c.Level()
	if p, ok := c.Parent(); ok {
		res.Parent = p.String()
	}
	if e, ok := reg.Lookup(c, at); ok {
		res.Name = e.Name
	} else {
		res.Diagnostics = append(res.Diagnostics, reg.Absence(c, at))
	}
	return res
}

func runAgencyCheck(e *env, args []string) int {
	fs := e.flags("check", "egov agencycode check [--at DATE] [--registry FILE] [--format text|json|junit|sarif] CODE...", true)
	var rf registryFlags
	rf.register(fs)
	codes, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(codes) == 0 {
		return e.usageError(fs, "no code given")
	}
	reg, at, err := rf.load()
	if err != nil {
		return e.fail(err)
	}
	results := make([]codeCheck, len(codes))
	files := make([]diag.File, len(codes))
	exit := exitOK
	for i, in := range codes {
		results[i] = checkCode(in, reg, at)
		files[i] = diag.File{Name: in, Report: &diag.Report{Diagnostics: results[i].Diagnostics}}
		if !results[i].Valid {
			exit = exitFindings
		}
	}
	switch e.format {
	case "json":
		if c := e.writeJSON(results); c != exitOK {
			return c
		}
	case "text":
		e.writeCheckText(results)
	default:
		if c := e.writeFindings(toolInfo(agencycode.Rules()), files); c == exitUsage {
			return c
		}
	}
	return exit
}

func (e *env) writeCheckText(results []codeCheck) {
	var b strings.Builder
	for _, r := range results {
		if !r.Valid {
			fmt.Fprintf(&b, "%s: %s\n", r.Input, e.msg("invalid", "không hợp lệ"))
		} else {
			fmt.Fprintf(&b, "%s: %s (%s, %s %d", r.Input, e.msg("valid", "hợp lệ"), r.Form, e.msg("level", "cấp"), r.Level)
			if r.Parent != "" {
				fmt.Fprintf(&b, ", %s %s", e.msg("parent", "cấp trên"), r.Parent)
			}
			b.WriteString(")")
			if r.Name != "" {
				b.WriteString(" " + r.Name)
			}
			b.WriteString("\n")
		}
		for _, d := range r.Diagnostics {
			fmt.Fprintf(&b, "  %s %s: %s\n", e.severity(d.Severity), d.Code, d.Text(e.lang))
		}
	}
	fmt.Fprint(e.stdout, b.String())
}

func (e *env) severity(s diag.Severity) string {
	if e.lang == "vi" {
		return s.StringVI()
	}
	return s.String()
}

// groupInfo describes one group of a QCVN 102 code for `explain`.
type groupInfo struct {
	Level int    `json:"level"`
	Group string `json:"group"`
	Code  string `json:"code,omitempty"`
	Name  string `json:"name,omitempty"`
}

type explanation struct {
	codeCheck
	Groups []groupInfo `json:"groups"`
	Chain  []string    `json:"chain"`
}

func runAgencyExplain(e *env, args []string) int {
	fs := e.flags("explain", "egov agencycode explain [--at DATE] [--registry FILE] [--format text|json] CODE", false)
	var rf registryFlags
	rf.register(fs)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		return e.usageError(fs, "want exactly one code")
	}
	reg, at, err := rf.load()
	if err != nil {
		return e.fail(err)
	}
	ex := explanation{codeCheck: checkCode(rest[0], reg, at), Groups: []groupInfo{}, Chain: []string{}}
	if c, err := agencycode.Parse(ex.Code); err == nil {
		ex.Groups, ex.Chain = explainGroups(c, reg, at)
	}
	if e.format == "json" {
		if c := e.writeJSON(ex); c != exitOK {
			return c
		}
	} else {
		e.writeExplainText(ex)
	}
	if !ex.Valid {
		return exitFindings
	}
	return exitOK
}

// explainGroups lists the groups of a legacy code from level 1 down, each with the code of the unit at that level
// and its registry name, and the parent chain.
func explainGroups(c agencycode.Code, reg *agencycode.Registry, at time.Time) ([]groupInfo, []string) {
	groups, chain := []groupInfo{}, []string{}
	if c.Form() != agencycode.FormQCVN102 {
		return groups, chain
	}
	units := map[int]agencycode.Code{c.Level(): c}
	for p, ok := c.Parent(); ok; p, ok = p.Parent() {
		units[p.Level()] = p
		chain = append(chain, p.String())
	}
	for level := 1; level <= 4; level++ {
		g := groupInfo{Level: level, Group: c.Group(level)}
		if u, ok := units[level]; ok {
			g.Code = u.String()
			if en, found := reg.Lookup(u, at); found {
				g.Name = en.Name
			}
		}
		groups = append(groups, g)
	}
	return groups, chain
}

func (e *env) writeExplainText(ex explanation) {
	var b strings.Builder
	if !ex.Valid {
		fmt.Fprintf(&b, "%s: %s\n", ex.Input, e.msg("invalid", "không hợp lệ"))
		for _, d := range ex.Diagnostics {
			fmt.Fprintf(&b, "  %s %s: %s\n", e.severity(d.Severity), d.Code, d.Text(e.lang))
		}
		fmt.Fprint(e.stdout, b.String())
		return
	}
	if ex.Form == agencycode.FormQD20.String() {
		fmt.Fprintf(&b, "%s: %s\n", ex.Code, e.msg("generic form of QĐ 20/2020/QĐ-TTg (no published hierarchy)",
			"dạng chung theo QĐ 20/2020/QĐ-TTg (không có phân cấp được công bố)"))
	} else {
		fmt.Fprintf(&b, "%s: %s %d\n", ex.Code, e.msg("QCVN 102:2016 form, level", "dạng QCVN 102:2016, cấp"), ex.Level)
	}
	for _, g := range ex.Groups {
		what := e.msg("(no unit at this level)", "(không có đơn vị ở cấp này)")
		if g.Code != "" {
			what = g.Code
			if g.Name != "" {
				what += "  " + g.Name
			} else {
				what += "  " + e.msg("(not in the registry at this date)", "(không có trong danh mục tại ngày này)")
			}
		}
		fmt.Fprintf(&b, "  %s %d  %-3s  %s\n", e.msg("level", "cấp"), g.Level, g.Group, what)
	}
	if len(ex.Chain) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", e.msg("parents", "các cấp trên"), strings.Join(ex.Chain, " → "))
	}
	for _, d := range ex.Diagnostics {
		fmt.Fprintf(&b, "  %s %s: %s\n", e.severity(d.Severity), d.Code, d.Text(e.lang))
	}
	fmt.Fprint(e.stdout, b.String())
}

type childEntry struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ValidFrom string `json:"valid_from,omitempty"`
	ValidTo   string `json:"valid_to,omitempty"`
	Source    string `json:"source,omitempty"`
}

func runAgencyChildren(e *env, args []string) int {
	fs := e.flags("children", "egov agencycode children [--at DATE] [--registry FILE] [--format text|json] CODE", false)
	var rf registryFlags
	rf.register(fs)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		return e.usageError(fs, "want exactly one code")
	}
	reg, at, err := rf.load()
	if err != nil {
		return e.fail(err)
	}
	norm, _ := agencycode.Normalize(rest[0])
	c, err := agencycode.Parse(norm)
	if err != nil {
		return e.fail(err)
	}
	kids := []childEntry{}
	for _, k := range reg.Children(c, at) {
		ce := childEntry{Code: k.Code.String(), Name: k.Name, Source: k.Source}
		if !k.ValidFrom.IsZero() {
			ce.ValidFrom = k.ValidFrom.Format("2006-01-02")
		}
		if !k.ValidTo.IsZero() {
			ce.ValidTo = k.ValidTo.Format("2006-01-02")
		}
		kids = append(kids, ce)
	}
	if e.format == "json" {
		return e.writeJSON(kids)
	}
	if len(kids) == 0 {
		e.note("the registry knows no unit under "+c.String()+" at "+at.Format("2006-01-02"),
			"danh mục không có đơn vị nào trực thuộc "+c.String()+" tại ngày "+at.Format("2006-01-02"))
	}
	for _, k := range kids {
		fmt.Fprintf(e.stdout, "%s  %s\n", k.Code, k.Name)
	}
	return exitOK
}
