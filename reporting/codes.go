package reporting

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vnegov/egov/diag"
)

// Finding codes. Input (I) and structure (S, N) findings come first, then calculation (C), assertions (A) and
// aggregation (G), the layers of Validate and Aggregate.
var (
	ruleUnreadable = diag.Rule{Code: "RPT-I001", Severity: diag.Error, Summary: "the instance cannot be read",
		Message: "cannot read the instance: %s", MessageVI: "không đọc được báo cáo: %s"}
	ruleWrongSchema = diag.Rule{Code: "RPT-I002", Severity: diag.Error, Summary: "the instance names another schema",
		Message: "the instance is for schema %q, not %q", MessageVI: "báo cáo theo mẫu %q, không phải mẫu %q"}
	ruleTooLarge = diag.Rule{Code: "RPT-I003", Severity: diag.Error, Summary: "the instance exceeds a configured limit",
		Message: "the instance exceeds a limit: %s", MessageVI: "báo cáo vượt giới hạn: %s"}

	ruleUnknownIndicator = diag.Rule{Code: "RPT-S001", Severity: diag.Error, Summary: "unknown indicator",
		Message: "indicator %q is not in schema %s", MessageVI: "chỉ tiêu %q không có trong mẫu %s"}
	ruleWrongUnit = diag.Rule{Code: "RPT-S002", Severity: diag.Error, Summary: "wrong unit",
		Message: "indicator %s is measured in %s, not %q", MessageVI: "chỉ tiêu %s có đơn vị tính %s, không phải %q"}
	ruleDuplicate = diag.Rule{Code: "RPT-S003", Severity: diag.Error, Summary: "indicator reported twice",
		Message: "indicator %s is reported more than once", MessageVI: "chỉ tiêu %s được báo cáo nhiều lần"}
	ruleMissing = diag.Rule{Code: "RPT-S004", Severity: diag.Error, Summary: "required indicator missing",
		Message: "required indicator %s (%s) is missing", MessageVI: "thiếu chỉ tiêu bắt buộc %s (%s)"}
	ruleNotWhole = diag.Rule{Code: "RPT-S005", Severity: diag.Error, Summary: "fraction in a whole quantity",
		Message: "indicator %s is a whole quantity (%s) but %q has a fraction", MessageVI: "chỉ tiêu %s là số nguyên (%s) nhưng %q có phần thập phân"}
	rulePercentSign = diag.Rule{Code: "RPT-S006", Severity: diag.Error, Summary: "percent sign on a non-percent indicator",
		Message: "indicator %s is in %s, but %q is a percentage", MessageVI: "chỉ tiêu %s tính bằng %s, nhưng %q là tỷ lệ phần trăm"}
	ruleFormula = diag.Rule{Code: "RPT-S007", Severity: diag.Error, Summary: "formula cell",
		Message: "cell holds a formula (%s); figures must be values", MessageVI: "ô chứa công thức (%s); số liệu phải là giá trị"}
	ruleItem = diag.Rule{Code: "RPT-S008", Severity: diag.Error, Summary: "item not allowed",
		Message: "indicator %s: item %q is not allowed here", MessageVI: "chỉ tiêu %s: mục %q không hợp lệ"}
	rulePeriod = diag.Rule{Code: "RPT-S009", Severity: diag.Error, Summary: "bad period",
		Message: "period %q: %s", MessageVI: "kỳ báo cáo %q: %s"}
	ruleReportingUnit = diag.Rule{Code: "RPT-S010", Severity: diag.Error, Summary: "bad reporting unit",
		Message: "reporting unit %q is neither an agency code nor an administrative-unit code", MessageVI: "đơn vị báo cáo %q không phải mã định danh cơ quan hay mã đơn vị hành chính"}

	ruleNotNumber = diag.Rule{Code: "RPT-N001", Severity: diag.Error, Summary: "not a number",
		Message: "indicator %s: %q is not a number", MessageVI: "chỉ tiêu %s: %q không phải là số"}
	ruleMixed = diag.Rule{Code: "RPT-N002", Severity: diag.Error, Summary: "mixed number separators",
		Message:   "indicator %s: %q mixes separators (Vietnamese grouping with a decimal part in a whole quantity); read as %s",
		MessageVI: "chỉ tiêu %s: %q dùng lẫn dấu phân cách (nhóm nghìn kiểu Việt Nam với phần thập phân ở số nguyên); đọc là %s"}
	ruleEnglish = diag.Rule{Code: "RPT-N003", Severity: diag.Warning, Summary: "English number separators",
		Message: "indicator %s: %q uses English separators; read as %s", MessageVI: "chỉ tiêu %s: %q dùng dấu phân cách kiểu tiếng Anh; đọc là %s"}
	ruleAmbiguous = diag.Rule{Code: "RPT-N004", Severity: diag.Warning, Summary: "ambiguous number",
		Message:   "indicator %s: %q is ambiguous (a decimal point or a thousands group); read as %s",
		MessageVI: "chỉ tiêu %s: %q không rõ là dấu thập phân hay dấu nhóm nghìn; đọc là %s"}

	ruleSum = diag.Rule{Code: "RPT-C001", Severity: diag.Error, Summary: "sum does not add up",
		Message: "rule %s: %s = %s but %s = %s (difference %s)%s", MessageVI: "quy tắc %s: %s = %s nhưng %s = %s (chênh lệch %s)%s"}
	ruleRatio = diag.Rule{Code: "RPT-C002", Severity: diag.Error, Summary: "ratio does not match its counts",
		Message:   "rule %s: %s is printed as %s but %s / %s = %s (tolerance %s points)%s",
		MessageVI: "quy tắc %s: %s ghi %s nhưng %s / %s = %s (sai số cho phép %s điểm)%s"}
	ruleCompare = diag.Rule{Code: "RPT-A001", Severity: diag.Error, Summary: "comparison fails",
		Message: "rule %s: %s (%s) %s %s (%s) does not hold%s", MessageVI: "quy tắc %s: %s (%s) %s %s (%s) không thỏa%s"}
	ruleRequiredIf = diag.Rule{Code: "RPT-A002", Severity: diag.Error, Summary: "indicator required by another",
		Message: "rule %s: %s is required when %s is reported%s", MessageVI: "quy tắc %s: phải báo cáo %s khi có %s%s"}
	ruleRange = diag.Rule{Code: "RPT-A003", Severity: diag.Error, Summary: "value out of range",
		Message: "rule %s: %s = %s is outside [%s, %s]%s", MessageVI: "quy tắc %s: %s = %s nằm ngoài [%s, %s]%s"}
	ruleCrossPeriod = diag.Rule{Code: "RPT-A004", Severity: diag.Warning, Summary: "change from the previous period",
		Message:   "rule %s: %s is %s this period and %s in the previous one; expected this %s previous%s",
		MessageVI: "quy tắc %s: %s kỳ này là %s, kỳ trước là %s; yêu cầu kỳ này %s kỳ trước%s"}

	ruleIncomplete = diag.Rule{Code: "RPT-G001", Severity: diag.Warning, Summary: "unit report missing from an aggregate",
		Message: "no report from %s (%s) in the aggregate of %s", MessageVI: "thiếu báo cáo của %s (%s) khi tổng hợp %s"}
	ruleNotChild = diag.Rule{Code: "RPT-G002", Severity: diag.Error, Summary: "report from a unit outside the aggregate",
		Message: "%s is not under %s; its report is left out", MessageVI: "%s không trực thuộc %s; báo cáo bị loại"}
	ruleTwice = diag.Rule{Code: "RPT-G003", Severity: diag.Error, Summary: "unit reported twice",
		Message: "%s sent more than one report; the later one is left out", MessageVI: "%s gửi nhiều báo cáo; báo cáo sau bị loại"}
	rulePeriodMismatch = diag.Rule{Code: "RPT-G004", Severity: diag.Error, Summary: "report of another period",
		Message: "%s reports period %q, not %q; its report is left out", MessageVI: "%s báo cáo kỳ %q, không phải kỳ %q; báo cáo bị loại"}
	ruleMerged = diag.Rule{Code: "RPT-G005", Severity: diag.Info, Summary: "unit merged in 2025",
		Message: "%s was merged into %s on %s (Nghị quyết 202/2025/QH15); counted under it", MessageVI: "%s đã hợp nhất vào %s từ %s (Nghị quyết 202/2025/QH15); số liệu được cộng vào đơn vị mới"}
)

// Rules returns the catalogue of the package's finding codes, for SARIF renderers.
func Rules() []diag.Rule {
	return []diag.Rule{
		ruleUnreadable, ruleWrongSchema, ruleTooLarge,
		ruleUnknownIndicator, ruleWrongUnit, ruleDuplicate, ruleMissing, ruleNotWhole, rulePercentSign, ruleFormula,
		ruleItem, rulePeriod, ruleReportingUnit,
		ruleNotNumber, ruleMixed, ruleEnglish, ruleAmbiguous,
		ruleSum, ruleRatio, ruleCompare, ruleRequiredIf, ruleRange, ruleCrossPeriod,
		ruleIncomplete, ruleNotChild, ruleTwice, rulePeriodMismatch, ruleMerged,
	}
}

func parseSeverity(s string) (diag.Severity, error) {
	var sev diag.Severity
	if err := sev.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("reporting: %w", err)
	}
	return sev, nil
}

// num formats a value for a message in machine form (at most four decimals), read the same way in both languages.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
