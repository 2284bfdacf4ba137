package diag_test

import (
	"fmt"

	"github.com/vnegov/egov/diag"
)

func ExampleCatalogue() {
	rules := diag.NewCatalogue(diag.Rule{Code: "DEMO-001", Severity: diag.Error,
		Message: "element <%s> is missing", MessageVI: "thiếu phần tử <%s>"})
	r, _ := rules.Lookup("DEMO-001")
	rep := &diag.Report{}
	rep.Add(r.New("edXMLHeader", "Subject"))
	fmt.Println(rep.Count(diag.Error), rep.Diagnostics[0].Text("vi"))
	// Output: 1 thiếu phần tử <Subject>
}
