package main

import (
	"bytes"
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
	results := make([]agencycode.Verdict, len(codes))
	files := make([]diag.File, len(codes))
	exit := exitOK
	for i, in := range codes {
		results[i] = reg.CheckInput(in, at)
		files[i] = diag.File{Name: in, Report: &diag.Report{Diagnostics: results[i].Diagnostics}}
		if !results[i].Valid {
			exit = exitFindings
		}
	}
	switch e.format {
	case "json":
		if c := e.writeResults(results); c != exitOK {
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

func (e *env) writeCheckText(results []agencycode.Verdict) {
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
	ex := reg.Explain(rest[0], at)
	if e.format == "json" {
		if c := e.writeResults([]agencycode.Explanation{ex}); c != exitOK {
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

func (e *env) writeExplainText(ex agencycode.Explanation) {
	var b strings.Builder
	if !ex.Valid {
		fmt.Fprintf(&b, "%s: %s\n", ex.Input, e.msg("invalid", "không hợp lệ"))
		for _, d := range ex.Diagnostics {
			fmt.Fprintf(&b, "  %s %s: %s\n", e.severity(d.Severity), d.Code, d.Text(e.lang))
		}
		fmt.Fprint(e.stdout, b.String())
		return
	}
	if ex.Form == agencycode.FormQD20 {
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
	kids := reg.Children(c, at)
	if e.format == "json" {
		if kids == nil {
			kids = []agencycode.Entry{}
		}
		return e.writeResults(kids)
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
