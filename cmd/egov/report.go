package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vnegov/egov/agencycode/adminunit"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/reporting"
)

// reportArea gathers the reporting verbs (package reporting): validate, aggregate, build, export, period, schemas.
func reportArea() area {
	return area{
		name:    "report",
		summary: "reports of NĐ 09/2019: schemas, validation, aggregation, TT 01/2020 form, XLSX/HTML export",
		verbs: []verb{
			{name: "validate", summary: "check report instances (JSON, CSV, XLSX) against a schema", run: runReportValidate},
			{name: "aggregate", summary: "add up unit reports into their parent's report, ratios recomputed", run: runReportAggregate},
			{name: "build", summary: "compute the TT 01/2020 procedure form from a dossier CSV", run: runReportBuild},
			{name: "export", summary: "write a validated report as XLSX (with charts), HTML, CSV or JSON", run: runReportExport},
			{name: "period", summary: "cut-off window and sending deadline of a period (NĐ 09/2019 Điều 12)", run: runReportPeriod},
			{name: "schemas", summary: "list the built-in schemas, or show one", run: runReportSchemas},
		},
	}
}

// reportFlags registers the flags every instance-reading verb shares: --schema and --max-bytes.
func reportFlags(fs *flag.FlagSet) (schema *string, maxBytes *int64) {
	schema = fs.String("schema", "it-annual", "built-in schema id (see \"egov report schemas\") or a schema JSON file")
	maxBytes = fs.Int64("max-bytes", 32<<20, "refuse an instance (or an XLSX once inflated) larger than this")
	return schema, maxBytes
}

// reportInput is one instance file once read and validated.
type reportInput struct {
	name   string
	values *reporting.Values
	report *diag.Report
	// unreadable marks a file that could not be opened (EGOV-001, exit 2); a malformed one is RPT-I001 (exit 1).
	unreadable bool
}

// readExit is the exit code the inputs imply before validation findings: 2 when one could not be opened.
func readExit(inputs []reportInput) int {
	for _, in := range inputs {
		if in.unreadable {
			return exitUsage
		}
	}
	return exitOK
}

// readReports reads and validates each file; an unreadable file is a result with a finding, not the end.
func (e *env) readReports(s *reporting.Schema, files []string, maxBytes int64, previous *reporting.Values) []reportInput {
	var out []reportInput
	for _, name := range files {
		in := reportInput{name: name, report: &diag.Report{}}
		inst, err := e.readInstance(s, name, maxBytes)
		var ie *reporting.InputError
		switch {
		case err != nil && !errors.As(err, &ie):
			// A file that cannot be opened is a result with EGOV-001, not the end of the report.
			in.unreadable = true
			d, _ := inputFinding(err)
			in.report.Add(d)
		case ie != nil:
			in.report.Add(ie.Diagnostic())
		default:
			in.values, in.report = reporting.Validate(s, inst, reporting.ValidateOptions{Previous: previous})
		}
		out = append(out, in)
	}
	return out
}

func (e *env) readInstance(s *reporting.Schema, name string, maxBytes int64) (*reporting.Instance, error) {
	f, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return reporting.ReadInstance(f, reporting.FormatOf(name), s, reporting.ReadOptions{MaxBytes: maxBytes})
}

// openReports opens the schema (a usage error when it cannot be opened), the previous period's instance if one is
// named (an I/O error), and the instances, each with its own findings. It returns an exit code to return now, or -1.
func (e *env) openReports(fs *flag.FlagSet, schema, previous string, files []string, maxBytes int64) (*reporting.Values, []reportInput, int) {
	s, err := reporting.OpenSchema(schema)
	if err != nil {
		return nil, nil, e.usageError(fs, e.errText(err))
	}
	prev, err := e.previousValues(s, previous, maxBytes)
	if err != nil {
		return nil, nil, e.fail(err)
	}
	return prev, e.readReports(s, files, maxBytes, prev), -1
}

// previousValues reads the previous period's instance named by --previous, if any.
func (e *env) previousValues(s *reporting.Schema, name string, maxBytes int64) (*reporting.Values, error) {
	if name == "" {
		return nil, nil
	}
	inst, err := e.readInstance(s, name, maxBytes)
	if err != nil {
		return nil, fmt.Errorf("--previous %s: %w", name, err)
	}
	v, _ := reporting.Validate(s, inst, reporting.ValidateOptions{})
	return v, nil
}

func runReportValidate(e *env, args []string) int {
	fs := e.flags("validate", "egov report validate [--schema NAME|FILE] [--previous FILE] [--format text|json|junit|sarif] INSTANCE...\n\n"+
		"Instances are JSON, the long CSV form (indicator,value[,unit,period,reporting_unit,item]) or XLSX laid out\n"+
		"like \"egov report export --to xlsx\" writes it, chosen by extension (\"-\" reads JSON from stdin). Checks run\n"+
		"in layers: structure and number formats, then sums and ratios, then comparisons, ranges, required-if and,\n"+
		"with --previous, cross-period rules.\n\n"+inputsNote("*.json, *.csv and *.xlsx"), true)
	schemaFlag, maxBytes := reportFlags(fs)
	previous := fs.String("previous", "", "the previous period's instance, for cross-period rules")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no INSTANCE given")
	}
	files, ok := e.expandInputs(files, reportExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	_, inputs, code := e.openReports(fs, *schemaFlag, *previous, files, *maxBytes)
	if code >= 0 {
		return code
	}
	var out []diag.File
	for _, in := range inputs {
		out = append(out, diag.File{Name: in.name, Report: in.report})
	}
	return worse(e.writeFindings(toolInfo(reporting.Rules()), out), readExit(inputs))
}

// reportFileResult is one input of the JSON output of aggregate and export.
type reportFileResult struct {
	File        string            `json:"file"`
	Valid       bool              `json:"valid"`
	Output      string            `json:"output,omitempty"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

func fileResult(in reportInput) reportFileResult {
	ds := in.report.Diagnostics
	if ds == nil {
		ds = []diag.Diagnostic{}
	}
	return reportFileResult{File: in.name, Valid: in.report.Valid(), Diagnostics: ds}
}

// aggregateOutput is the JSON contract of `egov report aggregate`.
type aggregateOutput struct {
	Files     []reportFileResult `json:"files"`
	Aggregate aggregateResult    `json:"aggregate"`
}

type aggregateResult struct {
	ReportingUnit string            `json:"reporting_unit"`
	Period        string            `json:"period"`
	Reports       int               `json:"reports"`
	Values        []indicatorValue  `json:"values"`
	Diagnostics   []diag.Diagnostic `json:"diagnostics"`
}

// indicatorValue is one indicator of an aggregate, in the schema's order. Item codes of a breakdown are data,
// so they are fields of an array, never object keys (docs/output.md, rule 4).
type indicatorValue struct {
	Indicator string      `json:"indicator"`
	Value     float64     `json:"value"`
	Items     []itemValue `json:"items,omitempty"`
}

// itemValue is one item of a breakdown indicator (a project, a group, a unit).
type itemValue struct {
	Item  string  `json:"item"`
	Value float64 `json:"value"`
}

func runReportAggregate(e *env, args []string) int {
	fs := e.flags("aggregate", "egov report aggregate [--schema NAME|FILE] --into CODE [--period P] [--expected CODE,...] "+
		"[--to xlsx|html|csv|json -o OUT] [--format text|json] FILE...\n\n"+
		"CODE is an agency code (000.00.00.H53: its direct children report) or an administrative-unit code (68: the\n"+
		"provinces merged into it on 01/7/2025, or its communes). Counts are summed; shares are recomputed from their\n"+
		"counts, never averaged. Units expected but missing give a completeness finding (RPT-G001).\n\n"+
		inputsNote("*.json, *.csv and *.xlsx"), false)
	schemaFlag, maxBytes := reportFlags(fs)
	into := fs.String("into", "", "code of the parent unit (required)")
	period := fs.String("period", "", "period of the aggregate (default: the first report's)")
	expected := fs.String("expected", "", "comma-separated codes of the units that must report (default: from the registries)")
	units := fs.String("units", "", "CSV of administrative units (code,name,level,parent,valid_from,valid_to) loaded over the embedded provinces, e.g. the official list of communes")
	agencies := fs.String("agencies", "", "agency-code registry (CSV or JSON) used instead of the embedded one")
	to := fs.String("to", "", "also export the aggregate: xlsx, html, csv or json (needs -o)")
	outPath := fs.String("o", "", "file the export is written to (- for stdout)")
	overwrite := overwriteFlag(fs)
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if *into == "" || len(files) == 0 {
		return e.usageError(fs, "--into and at least one FILE are required")
	}
	if (*to == "") != (*outPath == "") {
		return e.usageError(fs, "--to and -o go together")
	}
	files, ok := e.expandInputs(files, reportExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	if c := e.prepareOutput(fs, *outPath, *overwrite); c >= 0 {
		return c
	}
	s, err := reporting.OpenSchema(*schemaFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	inputs := e.readReports(s, files, *maxBytes, nil)
	opts := reporting.AggregateOptions{Period: *period}
	if *expected != "" {
		opts.Expected = strings.Split(*expected, ",")
	}
	if *units != "" {
		opts.AdminUnits = adminunit.DefaultRegistry()
		data, err := e.readInput(*units, 64<<20)
		if err == nil {
			err = opts.AdminUnits.LoadCSV(bytes.NewReader(data))
		}
		if err != nil {
			return e.fail(fmt.Errorf("--units %s: %w", *units, err))
		}
	}
	if *agencies != "" {
		if opts.Agencies, err = edocRegistry(*agencies); err != nil {
			return e.fail(fmt.Errorf("--agencies %s: %w", *agencies, err))
		}
	}
	var reports []*reporting.Values
	for _, in := range inputs {
		if in.values != nil {
			reports = append(reports, in.values)
		}
	}
	agg, rep := reporting.Aggregate(s, *into, reports, opts)
	if *to != "" {
		if err := e.exportValues(*to, *outPath, *overwrite, agg, reporting.ExportOptions{Lang: e.labelLang(fs), Findings: rep}); err != nil {
			return e.outputError(err)
		}
	}
	failed := !rep.Valid()
	out := aggregateOutput{Aggregate: aggregateResult{ReportingUnit: agg.ReportingUnit, Period: agg.Period,
		Reports: len(reports), Values: indicatorValues(agg), Diagnostics: nonNil(rep.Diagnostics)}}
	out.Files = []reportFileResult{}
	for _, in := range inputs {
		out.Files = append(out.Files, fileResult(in))
		failed = failed || !in.report.Valid()
	}
	if e.format == "json" {
		if c := e.writeJSON(out); c != exitOK {
			return c
		}
	} else {
		e.writeAggregateText(out, agg)
	}
	if failed {
		return worse(exitFindings, readExit(inputs))
	}
	return exitOK
}

func nonNil(ds []diag.Diagnostic) []diag.Diagnostic {
	if ds == nil {
		return []diag.Diagnostic{}
	}
	return ds
}

// indicatorValues returns the indicators with a value in the schema's order; a breakdown indicator carries its
// items sorted by item code, its value being their total.
func indicatorValues(v *reporting.Values) []indicatorValue {
	out := []indicatorValue{}
	for _, ind := range v.Schema.Indicators {
		x, ok := v.Get(ind.ID)
		if !ok {
			continue
		}
		iv := indicatorValue{Indicator: ind.ID, Value: x}
		keys, items := v.Items(ind.ID)
		for _, k := range keys {
			iv.Items = append(iv.Items, itemValue{Item: k, Value: items[k]})
		}
		out = append(out, iv)
	}
	return out
}

func (e *env) writeAggregateText(out aggregateOutput, agg *reporting.Values) {
	var b strings.Builder
	for _, f := range out.Files {
		fmt.Fprintf(&b, "%s: %s\n", f.File, e.verdict(f.Valid))
		for _, d := range f.Diagnostics {
			fmt.Fprintf(&b, "  %s\n", diagLine(d, e.lang))
		}
	}
	fmt.Fprintf(&b, "%s %s %s (%d %s):\n", e.msg("aggregate of", "tổng hợp"), agg.ReportingUnit, agg.Period,
		out.Aggregate.Reports, e.msg("reports", "báo cáo"))
	for _, d := range out.Aggregate.Diagnostics {
		fmt.Fprintf(&b, "  %s\n", diagLine(d, e.lang))
	}
	for _, ind := range agg.Schema.Indicators {
		if x, ok := agg.Get(ind.ID); ok {
			fmt.Fprintf(&b, "  %-36s %20s\n", ind.ID, reporting.FormatVietnamese(x, decimalsFor(x)))
		}
	}
	io.WriteString(e.stdout, b.String())
}

func decimalsFor(x float64) int {
	if x == float64(int64(x)) {
		return 0
	}
	return 2
}

func (e *env) verdict(valid bool) string {
	if valid {
		return e.msg("valid", "hợp lệ")
	}
	return e.msg("invalid", "không hợp lệ")
}

// diagLine formats a finding on one line the way diag's text renderer does.
func diagLine(d diag.Diagnostic, lang string) string { return diag.FormatLine(d, lang) }

// labelLang is the language of export labels: Vietnamese unless --lang was given.
func (e *env) labelLang(fs *flag.FlagSet) string {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "lang" })
	if set {
		return e.lang
	}
	return "vi"
}

// exportValues writes v in the format to path by the output rule of every verb (outputs.go).
func (e *env) exportValues(format, path string, overwrite bool, v *reporting.Values, opts reporting.ExportOptions) error {
	write := map[string]func(io.Writer, *reporting.Values, reporting.ExportOptions) error{
		"xlsx": reporting.WriteXLSX, "html": reporting.WriteHTML, "csv": reporting.WriteCSV, "json": reporting.WriteJSON,
	}[format]
	if write == nil {
		return fmt.Errorf("unknown export format %q (want xlsx, html, csv or json)", format)
	}
	return e.writeOutput(path, overwrite, func(w io.Writer) error { return write(w, v, opts) })
}

func runReportExport(e *env, args []string) int {
	fs := e.flags("export", "egov report export [--schema NAME|FILE] --to xlsx|html|csv|json -o OUT [--previous FILE] "+
		"[--lang vi|en] [--format text|json] INSTANCE\n\n"+
		"Validates the instance and writes it with its findings: XLSX has a sheet per section, styled headers and native\n"+
		"charts; HTML is one self-contained page (inline SVG charts, no scripts or external fonts, A4 print CSS). Labels\n"+
		"are Vietnamese unless --lang en. The exit code is 1 when the instance has findings of severity error.", false)
	schemaFlag, maxBytes := reportFlags(fs)
	to := fs.String("to", "", "xlsx, html, csv or json (required)")
	outPath := fs.String("o", "", "output file (required; - for stdout)")
	previous := fs.String("previous", "", "the previous period's instance, for year-on-year columns and charts")
	overwrite := overwriteFlag(fs)
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 || *to == "" || *outPath == "" {
		return e.usageError(fs, "want --to, -o and exactly one INSTANCE")
	}
	if c := e.prepareOutput(fs, *outPath, *overwrite); c >= 0 {
		return c
	}
	prev, inputs, code := e.openReports(fs, *schemaFlag, *previous, files, *maxBytes)
	if code >= 0 {
		return code
	}
	in := inputs[0]
	res := fileResult(in)
	if in.values != nil {
		opts := reporting.ExportOptions{Lang: e.labelLang(fs), Previous: prev, Findings: in.report}
		if err := e.exportValues(*to, *outPath, *overwrite, in.values, opts); err != nil {
			return e.outputError(err)
		}
		res.Output = *outPath
	}
	if e.format == "json" {
		if c := e.writeJSON(struct {
			Files []reportFileResult `json:"files"`
		}{[]reportFileResult{res}}); c != exitOK {
			return c
		}
	} else {
		fmt.Fprintf(e.stdout, "%s: %s", in.name, e.verdict(res.Valid))
		if res.Output != "" {
			fmt.Fprintf(e.stdout, " → %s", res.Output)
		}
		fmt.Fprintln(e.stdout)
		for _, d := range res.Diagnostics {
			fmt.Fprintf(e.stdout, "  %s\n", diagLine(d, e.lang))
		}
	}
	if !res.Valid {
		return worse(exitFindings, readExit(inputs))
	}
	return exitOK
}

func runReportBuild(e *env, args []string) int {
	fs := e.flags("build", "egov report build --form tthc --dossiers FILE.csv [--period 2026-Q1] [--by all|tier|agency|procedure] "+
		"[--as-of DATE] [--precision day|hour] [--to xlsx|html|csv|json -o OUT] [--format text|json]\n\n"+
		"Computes the administrative-procedure form of TT 01/2020/TT-VPCP from the dossier CSV that \"egov dvc kpi\"\n"+
		"reads, with the same reader and classification: without --period its totals equal dvc kpi's on the file.\n"+
		"With --period (quarterly: 2026-Q1) only dossiers received in the cut-off window, or carried over open, count.", false)
	form := fs.String("form", "tthc", "the form to build: tthc")
	dossiers := fs.String("dossiers", "", "dossier CSV file, or - for stdin (required)")
	periodFlag := fs.String("period", "", "quarter of the form, YYYY-Qn (default: the whole file)")
	byFlag := fs.String("by", "tier", "rows by all, tier (level), agency or procedure")
	asOf := fs.String("as-of", "", "without --period, judge open dossiers at this date (default: now)")
	precisionFlag := fs.String("precision", "day", "outcome precision: day or hour")
	to := fs.String("to", "", "also export the form: xlsx, html, csv or json (needs -o)")
	outPath := fs.String("o", "", "file the export is written to (- for stdout)")
	overwrite := overwriteFlag(fs)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	switch {
	case len(rest) > 0:
		return e.usageError(fs, fmt.Sprintf(e.msg("unexpected argument %q", "đối số không hợp lệ %q"), rest[0]))
	case *form != "tthc":
		return e.usageError(fs, fmt.Sprintf(e.msg("unknown --form %q (want tthc)", "không hỗ trợ --form %q (cần \"tthc\")"), *form))
	case *dossiers == "":
		return e.usageError(fs, "--dossiers is required")
	case (*to == "") != (*outPath == ""):
		return e.usageError(fs, "--to and -o go together")
	}
	opts, err := formOptions(*periodFlag, *byFlag, *asOf, *precisionFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if c := e.prepareOutput(fs, *outPath, *overwrite); c >= 0 {
		return c
	}
	src, err := e.openInput(*dossiers)
	if err != nil {
		return e.fail(err)
	}
	defer src.Close()
	pf, err := reporting.BuildProcedureForm(src, opts)
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", *dossiers, err))
	}
	if *to != "" {
		s, err := reporting.Builtin("tthc")
		if err != nil {
			return e.fail(err)
		}
		if err := e.exportValues(*to, *outPath, *overwrite, pf.Values(s), reporting.ExportOptions{Lang: e.labelLang(fs)}); err != nil {
			return e.outputError(err)
		}
	}
	if e.format == "json" {
		return e.writeJSON(struct {
			Results []*reporting.ProcedureForm `json:"results"`
		}{[]*reporting.ProcedureForm{pf}})
	}
	e.writeFormText(pf)
	return exitOK
}

func formOptions(period, by, asOf, precision string) (reporting.FormOptions, error) {
	var opts reporting.FormOptions
	var err error
	switch by {
	case "level":
		by = "tier" // TT 01/2020 rows "theo cấp"
	case "field":
		return opts, fmt.Errorf("--by field: the dossier CSV has no field (lĩnh vực) column; use tier, agency or procedure")
	}
	if opts.By, err = dvc.ParseGroupBy(by); err != nil {
		return opts, err
	}
	switch precision {
	case "day":
	case "hour":
		opts.Precision = dvc.ByHour
	default:
		return opts, fmt.Errorf("unknown --precision %q (want day or hour)", precision)
	}
	if period != "" {
		p, err := reporting.ParsePeriod(reporting.Quarterly, period)
		if err != nil {
			return opts, err
		}
		opts.Period = &p
		return opts, nil
	}
	opts.AsOf, err = parseDay(asOf)
	return opts, err
}

func (e *env) writeFormText(pf *reporting.ProcedureForm) {
	var b strings.Builder
	if pf.Period != "" {
		fmt.Fprintf(&b, "%s %s (%s … %s)\n", e.msg("period", "kỳ"), pf.Period, pf.From, pf.To)
	}
	fmt.Fprintf(&b, "%-16s %8s %8s %8s %8s | %8s %8s %8s %8s | %8s %8s %8s\n", e.msg("group", "nhóm"),
		e.msg("received", "tiếp nhận"), e.msg("online", "trực tuyến"), e.msg("direct", "trực tiếp"), e.msg("carried", "kỳ trước"),
		e.msg("resolved", "đã g.q."), e.msg("early", "trước hạn"), e.msg("on time", "đúng hạn"), e.msg("late", "quá hạn"),
		e.msg("open", "đang g.q."), e.msg("within", "trong hạn"), e.msg("overdue", "quá hạn"))
	for _, r := range append(pf.Rows, pf.Total) {
		key := e.groupKey(r.Key)
		fmt.Fprintf(&b, "%-16s %8d %8d %8d %8d | %8d %8d %8d %8d | %8d %8d %8d\n", key, r.Received.Total, r.Received.Online,
			r.Received.Direct, r.Received.Carried, r.Resolved.Total, r.Resolved.Early, r.Resolved.OnTime, r.Resolved.Late,
			r.InProgress.Total, r.InProgress.Within, r.InProgress.Overdue)
	}
	io.WriteString(e.stdout, b.String())
}

// periodResult is one result of `egov report period`.
type periodResult struct {
	Regime       string `json:"regime"`
	Period       string `json:"period"`
	From         string `json:"from"`
	To           string `json:"to"`
	Deadline     string `json:"deadline"`
	DeadlineDays int    `json:"deadline_working_days"`
}

func runReportPeriod(e *env, args []string) int {
	fs := e.flags("period", "egov report period --regime monthly|quarterly|half_yearly|nine_monthly|yearly --period P "+
		"[--deadline-days N] [--format text|json]\n\n"+
		"Prints the cut-off window of NĐ 09/2019 Điều 12 (monthly 2026-03: 2026-02-15 … 2026-03-14) and the sending\n"+
		"deadline, N working days after the cut-off on the working-day calendar (Tết and other days off skipped).", false)
	regimeFlag := fs.String("regime", "", "monthly, quarterly, half_yearly, nine_monthly or yearly (required)")
	periodFlag := fs.String("period", "", "2026-03, 2026-Q1, 2026-H1, 2026-9M or 2026 (required)")
	days := fs.Int("deadline-days", 0, "working days after the cut-off (default: 2, the provinces' usual rule [U])")
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 || *regimeFlag == "" || *periodFlag == "" {
		return e.usageError(fs, "--regime and --period are required")
	}
	regime, err := reporting.ParseRegime(*regimeFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	p, err := reporting.ParsePeriod(regime, *periodFlag)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	n := *days
	if n <= 0 {
		n = reporting.DefaultDeadlines()[regime]
	}
	from, to := p.Window()
	res := periodResult{Regime: string(regime), Period: p.String(), From: from.String(), To: to.String(),
		Deadline: p.Deadline(workday.DefaultCalendar(), n).String(), DeadlineDays: n}
	if e.format == "json" {
		return e.writeJSON(struct {
			Results []periodResult `json:"results"`
		}{[]periodResult{res}})
	}
	fmt.Fprintf(e.stdout, "%s %s: %s … %s; %s %s (%d %s)\n", e.msg(res.Regime, "báo cáo "+regimesVI[res.Regime]), res.Period, res.From, res.To,
		e.msg("deadline", "hạn gửi"), res.Deadline, n, e.msg("working days after the cut-off", "ngày làm việc sau ngày chốt số liệu"))
	return exitOK
}

// schemaSummary is one result of `egov report schemas`.
type schemaSummary struct {
	ID         string `json:"id"`
	Version    string `json:"version"`
	TitleVI    string `json:"title_vi"`
	TitleEN    string `json:"title_en"`
	Regime     string `json:"regime"`
	Source     string `json:"source"`
	SourceVI   string `json:"source_vi,omitempty"`
	Indicators int    `json:"indicators"`
	Rules      int    `json:"rules"`
}

func runReportSchemas(e *env, args []string) int {
	fs := e.flags("schemas", "egov report schemas [--show NAME|FILE] [--format text|json]\n\n"+
		"Lists the built-in schemas, or shows one: its indicators (id, name_vi, name_en, unit) and rules.", false)
	show := fs.String("show", "", "the schema to show")
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return e.usageError(fs, fmt.Sprintf(e.msg("unexpected argument %q", "đối số không hợp lệ %q"), rest[0]))
	}
	if *show != "" {
		s, err := reporting.OpenSchema(*show)
		if err != nil {
			return e.usageError(fs, e.errText(err))
		}
		if e.format == "json" {
			return e.writeJSON(struct {
				Results []*reporting.Schema `json:"results"`
			}{[]*reporting.Schema{s}})
		}
		e.writeSchemaText(s)
		return exitOK
	}
	var list []schemaSummary
	for _, id := range reporting.BuiltinNames() {
		s, err := reporting.Builtin(id)
		if err != nil {
			return e.fail(err)
		}
		list = append(list, schemaSummary{ID: s.ID, Version: s.Version, TitleVI: s.TitleVI, TitleEN: s.TitleEN,
			Regime: string(s.Regime), Source: s.Source, SourceVI: s.SourceVI, Indicators: len(s.Indicators), Rules: len(s.Rules)})
	}
	if e.format == "json" {
		return e.writeJSON(struct {
			Results []schemaSummary `json:"results"`
		}{list})
	}
	for _, s := range list {
		fmt.Fprintf(e.stdout, "%-10s %-6s %-9s %3d %s, %3d %s  %s\n", s.ID, s.Version, e.msg(s.Regime, regimesVI[s.Regime]), s.Indicators,
			e.msg("indicators", "chỉ tiêu"), s.Rules, e.msg("rules", "quy tắc"), e.msg(s.TitleEN, s.TitleVI))
	}
	return exitOK
}

func (e *env) writeSchemaText(s *reporting.Schema) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n%s\n\n", s.ID, s.Version, e.msg(s.TitleEN, s.TitleVI), s.SourceText(e.lang))
	for _, ind := range s.Indicators {
		fmt.Fprintf(&b, "  %-36s %-8s %s\n", ind.ID, e.unitName(s, ind.Unit), e.msg(ind.NameEN, ind.NameVI))
	}
	b.WriteString("\n")
	for _, r := range s.Rules {
		fmt.Fprintf(&b, "  %-30s %-12s %s\n", r.ID, e.msg(string(r.Kind), cmpOr(ruleKindsVI[string(r.Kind)], string(r.Kind))), e.ruleText(r))
	}
	io.WriteString(e.stdout, b.String())
}

// regimesVI, unitsVI and ruleKindsVI are the Vietnamese words for the enumerations of a report schema, in text
// output (JSON keeps the enumeration values).
var (
	regimesVI = map[string]string{"monthly": "tháng", "quarterly": "quý", "half_yearly": "6 tháng", "nine_monthly": "9 tháng",
		"yearly": "năm"}
	ruleKindsVI = map[string]string{"sum": "tổng", "ratio": "tỷ lệ", "compare": "so sánh", "required_if": "bắt buộc khi",
		"range": "khoảng", "cross_period": "giữa các kỳ"}
)

// unitName is the name of a unit of the schema in Vietnamese (the schema's name_vi), its id in English.
func (e *env) unitName(s *reporting.Schema, id string) string {
	if e.lang != "vi" {
		return id
	}
	for _, u := range s.Units {
		if u.ID == id && u.NameVI != "" {
			return u.NameVI
		}
	}
	return cmpOr(unitsVI[id], id)
}

// unitsVI name the units every built-in schema uses when the schema gives no Vietnamese name.
var unitsVI = map[string]string{"count": "số lượng", "percent": "%", "vnd": "đồng", "person": "người"}

func (e *env) ruleText(r reporting.Rule) string {
	switch r.Kind {
	case reporting.RuleSum:
		return r.Target + " = " + strings.Join(r.Terms, " + ")
	case reporting.RuleRatio:
		return r.Target + " ≈ 100 × " + r.Numerator + " / " + r.Denominator
	case reporting.RuleCompare:
		if r.Value != nil {
			return fmt.Sprintf("%s %s %g", r.Left, r.Op, *r.Value)
		}
		return r.Left + " " + r.Op + " " + r.Right
	case reporting.RuleRequiredIf:
		return r.Target + e.msg(" if ", " khi có ") + r.When
	case reporting.RuleRange:
		return strings.Join(r.Indicators, ", ")
	case reporting.RuleCrossPeriod:
		return r.Target + " " + r.Op + " " + e.msg("previous", "kỳ trước")
	}
	return ""
}
