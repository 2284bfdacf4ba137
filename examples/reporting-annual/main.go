// Command reporting-annual turns a province's annual IT-application report, typed as JSON the way the figures
// appear in the printed report, into a validated Excel workbook and a web page.
//
// # README
//
// Run it from the repository root:
//
//	go run ./examples/reporting-annual [-report FILE.json] [-previous FILE.json] [-out DIR] [-lang vi|en]
//
// Without flags it uses the figures Đắk Nông printed for 2021 (report-2021.json, from QĐ 231/QĐ-UBND) with
// 2020 as the previous year (report-2020.json, from Báo cáo 459/BC-UBND and the office's 2020 results), and writes
// report.xlsx and report.html in the current directory.
//
// What it shows:
//   - reporting.Builtin("it-annual") is the schema: 51 indicators in 7 sections and the rules between them;
//   - reporting.ReadJSON keeps the figures as typed ("3.222", "33,4%") and reporting.Validate reads them the
//     Vietnamese way, then checks sums, ratios, comparisons and ranges: the printed report says 3.222
//     certificates issued but 2.485 active + 743 revoked = 3.228, and one amount mixes separators
//     ("2.500.000,000");
//   - the period is checked against NĐ 09/2019 Điều 12 and the sending deadline computed on the working-day
//     calendar;
//   - reporting.WriteXLSX writes one sheet per section with native charts (values against targets, 2021 against
//     2020) and a sheet of findings; reporting.WriteHTML writes one self-contained page that prints on A4.
//
// Fix the figures in your JSON until the findings are gone, then send the workbook.
package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/reporting"
)

//go:embed report-2021.json
var report2021 []byte

//go:embed report-2020.json
var report2020 []byte

func main() {
	report := flag.String("report", "", "the report to check, JSON (default: Đắk Nông 2021 as printed)")
	previous := flag.String("previous", "", "the previous year's report, JSON (default: Đắk Nông 2020)")
	out := flag.String("out", ".", "directory for report.xlsx and report.html")
	lang := flag.String("lang", "vi", "language of labels: vi or en")
	flag.Parse()
	cur, prev, err := inputs(*report, *previous)
	if err == nil {
		err = run(os.Stdout, cur, prev, *out, *lang)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reporting-annual:", err)
		os.Exit(1)
	}
}

func inputs(report, previous string) (cur, prev []byte, err error) {
	cur, prev = report2021, report2020
	if report != "" {
		if cur, err = os.ReadFile(report); err != nil {
			return nil, nil, err
		}
		prev = nil
	}
	if previous != "" {
		if prev, err = os.ReadFile(previous); err != nil {
			return nil, nil, err
		}
	}
	return cur, prev, nil
}

// run validates the report, prints its findings and writes report.xlsx and report.html in dir.
func run(w io.Writer, cur, prev []byte, dir, lang string) error {
	schema, err := reporting.Builtin("it-annual")
	if err != nil {
		return err
	}
	var previous *reporting.Values
	if prev != nil {
		inst, err := reporting.ReadJSON(bytes.NewReader(prev), reporting.ReadOptions{})
		if err != nil {
			return fmt.Errorf("previous report: %w", err)
		}
		previous, _ = reporting.Validate(schema, inst, reporting.ValidateOptions{})
	}
	inst, err := reporting.ReadJSON(bytes.NewReader(cur), reporting.ReadOptions{})
	if err != nil {
		return err
	}
	vals, findings := reporting.Validate(schema, inst, reporting.ValidateOptions{Previous: previous})
	fmt.Fprintf(w, "%s %s, %s %s: %d indicators\n", schema.ID, schema.Version, vals.ReportingUnit, vals.Period, vals.Len())
	if p, err := reporting.ParsePeriod(schema.Regime, vals.Period); err == nil {
		from, to := p.Window()
		fmt.Fprintf(w, "cut-off window %s … %s, send by %s\n", from, to, p.Deadline(workday.DefaultCalendar(), reporting.DefaultDeadlines()[p.Regime]))
	}
	for _, d := range findings.Diagnostics {
		fmt.Fprintf(w, "  %s\n", d.String())
	}
	fmt.Fprintf(w, "%d errors, %d warnings\n", findings.Count(0), findings.Count(1))
	opts := reporting.ExportOptions{Lang: lang, Previous: previous, Findings: findings}
	for _, out := range []struct {
		name  string
		write func(io.Writer, *reporting.Values, reporting.ExportOptions) error
	}{{"report.xlsx", reporting.WriteXLSX}, {"report.html", reporting.WriteHTML}} {
		name, write := out.name, out.write
		var buf bytes.Buffer
		if err := write(&buf, vals, opts); err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s (%d bytes)\n", path, buf.Len())
	}
	return nil
}
