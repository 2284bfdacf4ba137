package reporting_test

import (
	"fmt"
	"strings"

	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/reporting"
)

// The office's 2020 figures as printed (seed 001): 1.215 of 31.657 dossiers is 3,84%, not 3,75%.
func ExampleValidate() {
	s, _ := reporting.Builtin("it-annual")
	inst, _ := reporting.ReadCSV(strings.NewReader(`indicator,value
dossiers_received,31.657
dossiers_online,16.122
dossiers_online_share,"50,93%"
dossiers_postal,1.215
dossiers_postal_share,"3,75%"
`), reporting.ReadOptions{})
	_, rep := reporting.Validate(s, inst, reporting.ValidateOptions{})
	for _, d := range rep.Diagnostics {
		fmt.Println(d.Code, d.Line, d.Path)
		fmt.Println(d.MessageVI)
	}
	// Output:
	// RPT-C002 6 dossiers_postal_share
	// quy tắc dossiers_postal_ratio: dossiers_postal_share ghi 3.75 nhưng dossiers_postal / dossiers_received = 3.838 (sai số cho phép 0.005 điểm): Tỷ lệ hồ sơ bưu chính = hồ sơ bưu chính / hồ sơ tiếp nhận
}

func ExampleParseNumber() {
	for _, s := range []string{"3.693.639", "50,93%", "3,222", "2.500.000,000"} {
		n, ok := reporting.ParseNumber(s, !strings.HasSuffix(s, "%"))
		fmt.Println(s, n.Value, n.Issue != reporting.IssueNone, ok)
	}
	// Output:
	// 3.693.639 3.693639e+06 false true
	// 50,93% 50.93 false true
	// 3,222 3222 true true
	// 2.500.000,000 2.5e+09 true true
}

func ExamplePeriod_Deadline() {
	p, _ := reporting.ParsePeriod(reporting.Monthly, "2026-03")
	from, to := p.Window()
	fmt.Println(from, to, p.Deadline(workday.DefaultCalendar(), 2))
	// Output: 2026-02-15 2026-03-14 2026-03-17
}
