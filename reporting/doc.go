// Package reporting implements the reports of Vietnamese state administration under Nghị định 09/2019/NĐ-CP
// ("chế độ báo cáo của cơ quan hành chính nhà nước"): report schemas as data, validation of instances in layers
// the way XBRL validates a filing, the cut-off periods and sending deadlines of Điều 12 on the working-day
// calendar, aggregation from communes and departments up to the province, the administrative-procedure dossier
// form of Thông tư 01/2020/TT-VPCP computed from dossier data, and exports people read (JSON, CSV, XLSX with
// native charts, a self-contained HTML page).
//
// A Schema lists indicators (stable ids such as "cert_issued", names in Vietnamese and English, a unit), sections
// following the report's outline, and rules: sum, ratio (within a tolerance in percentage points, by default half
// a unit of the last digit printed), comparison, required-if, range and cross-period. An Instance is read from
// JSON, the long CSV form (indicator,value[,unit,period,reporting_unit]) or an XLSX sheet, with figures kept as
// typed ("3.693.639", "50,93%"); Validate parses them the Vietnamese way and returns Values and a diag.Report
// of RPT-… findings. The built-in "it-annual" schema is drawn from provincial reports: it finds that 3.222
// certificates issued are not 2.485 active + 743 revoked, and that 1.215 of 31.657 dossiers is not 3,75%.
//
//	s, _ := reporting.Builtin("it-annual")
//	inst, _ := reporting.ReadJSON(f, reporting.ReadOptions{})
//	vals, rep := reporting.Validate(s, inst, reporting.ValidateOptions{})
//	for _, d := range rep.Diagnostics {
//		fmt.Println(d) // error RPT-C001 line 16 at values.cert_issued: rule cert_issued_split: …
//	}
//	_ = reporting.WriteXLSX(out, vals, reporting.ExportOptions{Lang: "vi"})
package reporting
