// Package reporting implements the reports of Vietnamese state administration under Nghị định 09/2019/NĐ-CP
// ("chế độ báo cáo của cơ quan hành chính nhà nước"): report schemas as data, validation of instances in layers
// the way XBRL validates a filing, the cut-off windows and sending deadlines of Điều 12 on the working-day
// calendar, aggregation from communes and departments up to the province (including the 2025 province mergers of
// Nghị quyết 202/2025/QH15), the administrative-procedure dossier form of Thông tư 01/2020/TT-VPCP computed from
// dossier data with package dvc, and the exports people read: JSON, CSV, XLSX with native charts, and one
// self-contained HTML page.
//
// A Schema (file format documented by schema.json; built-ins "it-annual", "tthc" and "dti" embedded and citing
// their sources) lists indicators with stable ids ("cert_issued"), names in Vietnamese and English and a unit,
// sections following the report's outline, and rules: sum, ratio (within a tolerance in percentage points, by
// default half a unit of the last digit printed: "3,75%" allows 0.005), comparison, required-if, range and
// cross-period. An Instance is read from JSON, the long CSV form (indicator,value[,unit,period,reporting_unit,
// item]) or an XLSX sheet, figures kept as typed ("3.693.639", "50,93%"), within ReadOptions limits (32 MiB, a
// zip bomb is refused before it inflates). Validate parses figures the Vietnamese way (ParseNumber flags mixed
// and English separators) and returns Values and a diag.Report of RPT-… findings located at the line, the cell or
// the JSON path. On the figures provinces printed, it-annual finds that 3.222 certificates issued are not 2.485
// active + 743 revoked, that 1.215 of 31.657 dossiers is 3,84% and not 3,75%, and that "2.500.000,000" mixes
// separators, and nothing in the figures that agree.
//
//	s, _ := reporting.Builtin("it-annual")
//	inst, _ := reporting.ReadJSON(f, reporting.ReadOptions{})
//	vals, rep := reporting.Validate(s, inst, reporting.ValidateOptions{})
//	for _, d := range rep.Diagnostics {
//		fmt.Println(d) // error RPT-C001 line 16 at values.cert_issued: rule cert_issued_split: …
//	}
//	_ = reporting.WriteXLSX(out, vals, reporting.ExportOptions{Lang: "vi"})
//
// Figures (go test -run XXX -bench Aggregate -benchmem ./reporting/, 2 cores shared with other jobs, load 20):
// aggregating 10,000 unit reports of 50 indicators takes 12–55 ms and allocates 1.3 MB, with 28 MB held by the
// reports themselves (goal ≤ 1 s, ≤ 64 MB); reading, validating and adding up the same 10,000 reports from CSV
// (63 figures each) takes about 0.6 s of CPU (2.1 s of wall time under that load), memory bounded by one report.
package reporting
