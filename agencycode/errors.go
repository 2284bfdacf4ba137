package agencycode

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/vnegov/egov/diag"
)

// Sentinel errors: every *Error unwraps to one of them, so callers test the reason with errors.Is.
var (
	ErrEmpty      = errors.New("empty code")
	ErrTooLong    = errors.New("code longer than 35 characters")
	ErrEmptyGroup = errors.New("empty group")
	ErrCharacter  = errors.New("character outside 0-9, A-Z and '.'")
	ErrGroupWidth = errors.New("group of the wrong width")
	ErrDigits     = errors.New("non-digit in a numeric group")
	ErrHierarchy  = errors.New("unit under an absent level")
	ErrLevel1     = errors.New("group is not a level-1 code (a letter and two digits)")
	ErrForm       = errors.New("single group that is neither a level-1 code nor a registration number")
)

// The rules of the agencycode package, one per sentinel error, plus the findings about registries. Codes are
// stable: integrators filter on them. They are unexported values; Rules and LookupRule publish them read-only.
var (
	ruleEmpty = diag.Rule{Code: "AGC-001", Severity: diag.Error, Summary: "The code is empty.",
		Message: "the code is empty", MessageVI: "mã định danh trống"}
	ruleTooLong = diag.Rule{Code: "AGC-002", Severity: diag.Error,
		Summary:   "The code is longer than 35 characters (QĐ 20/2020/QĐ-TTg).",
		Message:   "the code has %d characters; at most 35 are allowed (QĐ 20/2020/QĐ-TTg)",
		MessageVI: "mã có %d ký tự; tối đa 35 ký tự (QĐ 20/2020/QĐ-TTg)"}
	ruleEmptyGroup = diag.Rule{Code: "AGC-003", Severity: diag.Error,
		Summary:   "A group between separators is empty.",
		Message:   "group %d is empty (two dots in a row, or a dot at an end)",
		MessageVI: "nhóm %d trống (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu/cuối)"}
	ruleCharacter = diag.Rule{Code: "AGC-004", Severity: diag.Error,
		Summary:   "The code holds a character other than 0-9, A-Z and '.'.",
		Message:   "character %q at position %d is not allowed (only 0-9, A-Z and '.')",
		MessageVI: "ký tự %q ở vị trí %d không hợp lệ (chỉ 0-9, A-Z và '.')"}
	ruleGroupWidth = diag.Rule{Code: "AGC-005", Severity: diag.Error,
		Summary:   "A group of a QCVN 102 code has the wrong width (DDD.DD.DD.LDD).",
		Message:   "group %d has %d characters; QCVN 102:2016 requires %d (form DDD.DD.DD.LDD)",
		MessageVI: "nhóm %d có %d ký tự; QCVN 102:2016 yêu cầu %d (dạng DDD.DD.DD.LDD)"}
	ruleDigits = diag.Rule{Code: "AGC-006", Severity: diag.Error,
		Summary:   "A numeric group of a QCVN 102 code holds a letter.",
		Message:   "group %d must be digits only (QCVN 102:2016)",
		MessageVI: "nhóm %d chỉ được chứa chữ số (QCVN 102:2016)"}
	ruleHierarchy = diag.Rule{Code: "AGC-007", Severity: diag.Error,
		Summary:   "A non-zero group stands under a zero group: lower levels must be zero-filled (QCVN 102:2016).",
		Message:   "group %d (level %d) is set while a higher level is zero; lower levels must be zero-filled (QCVN 102:2016)",
		MessageVI: "nhóm %d (cấp %d) có giá trị trong khi cấp trên bằng 0; các cấp dưới phải điền 0 (QCVN 102:2016)"}
	ruleLevel1 = diag.Rule{Code: "AGC-008", Severity: diag.Error,
		Summary: "The group that holds the level-1 code is not an upper-case letter followed by two digits " +
			"(QCVN 102:2016: last group; QĐ 20/2020/QĐ-TTg: first group).",
		Message: "group %d must be a level-1 code (mã cấp 1): an upper-case letter and two digits such as G22 or H53 " +
			"(QCVN 102:2016 puts it last, QĐ 20/2020/QĐ-TTg first)",
		MessageVI: "nhóm %d phải là mã cấp 1: một chữ cái in hoa và hai chữ số, ví dụ G22 hoặc H53 " +
			"(QCVN 102:2016 đặt ở cuối, QĐ 20/2020/QĐ-TTg đặt ở đầu)"}
	ruleForm = diag.Rule{Code: "AGC-009", Severity: diag.Error,
		Summary: "A code without dots is neither a level-1 code nor a 10- or 13-digit registration number " +
			"(QĐ 20/2020/QĐ-TTg).",
		Message: "the code is not a level-1 code (a letter and two digits, e.g. G22), a 10- or 13-digit registration " +
			"number, or a dotted code starting with a level-1 code (QĐ 20/2020/QĐ-TTg); a typo?",
		MessageVI: "mã không phải mã cấp 1 (một chữ cái và hai chữ số, ví dụ G22), mã số đăng ký 10 hoặc 13 chữ số, " +
			"hay mã gồm các nhóm phân cách bằng dấu chấm bắt đầu bằng mã cấp 1 (QĐ 20/2020/QĐ-TTg); có nhập nhầm?"}
	ruleNormalized = diag.Rule{Code: "AGC-101", Severity: diag.Warning,
		Summary:   "The code was valid only after trimming spaces or upper-casing letters.",
		Message:   "the code was normalised from %q to %q (spaces trimmed, letters upper-cased)",
		MessageVI: "mã đã được chuẩn hóa từ %q thành %q (bỏ khoảng trắng, viết hoa chữ cái)"}
	ruleUnknown = diag.Rule{Code: "AGC-102", Severity: diag.Info,
		Summary:   "The code is well-formed but the registry does not know it at the date given.",
		Message:   "the registry has no entry for this code valid on %s",
		MessageVI: "danh mục không có mã này còn hiệu lực vào ngày %s"}
	ruleNotYetValid = diag.Rule{Code: "AGC-103", Severity: diag.Warning,
		Summary:   "The registry knows the code only from a later date.",
		Message:   "the code is valid only from %s (%s)",
		MessageVI: "mã chỉ có hiệu lực từ ngày %s (%s)"}
	ruleNoLongerValid = diag.Rule{Code: "AGC-104", Severity: diag.Warning,
		Summary:   "The registry knows the code only until an earlier date.",
		Message:   "the registry knows this code only until %s (%s); its meaning after that date is not confirmed: load the current official list if the code is still in use",
		MessageVI: "danh mục chỉ ghi nhận mã này đến ngày %s (%s); ý nghĩa của mã sau ngày đó chưa được xác nhận: hãy nạp danh mục chính thức hiện hành nếu mã vẫn được dùng"}
)

// ruleCatalogue lists every rule of the package, built once.
var ruleCatalogue = diag.NewCatalogue(ruleEmpty, ruleTooLong, ruleEmptyGroup, ruleCharacter, ruleGroupWidth,
	ruleDigits, ruleHierarchy, ruleLevel1, ruleForm, ruleNormalized, ruleUnknown, ruleNotYetValid, ruleNoLongerValid)

// Rules returns a copy of the package's diagnostic rules in declaration order, for SARIF output.
func Rules() []diag.Rule { return ruleCatalogue.Rules() }

// LookupRule returns the rule with the code (e.g. "AGC-004"), and whether the package has one.
func LookupRule(code string) (diag.Rule, bool) { return ruleCatalogue.Lookup(code) }

// NormalizedFinding is the warning (AGC-101) that input was a valid code only after Normalize turned it into
// normalized; both are quoted verbatim.
func NormalizedFinding(input, normalized string) diag.Diagnostic {
	return ruleNormalized.New("", input, normalized)
}

// Error reports why a code is invalid. It unwraps to one of the Err… sentinels.
type Error struct {
	// Input is the text that was parsed.
	Input string
	// Reason is the sentinel error naming the broken rule.
	Reason error
	// Group is the 1-based group (from the left) where the rule broke, 0 when the whole code is at fault.
	Group int
	// Offset is the 0-based byte offset in Input where the rule broke.
	Offset int
}

func newError(input string, reason error, group, offset int) *Error {
	return &Error{Input: input, Reason: reason, Group: group, Offset: offset}
}

// Error returns "agencycode: <input>: <English explanation>".
func (e *Error) Error() string {
	return fmt.Sprintf("agencycode: %q: %s", e.Input, e.Diagnostic().Message)
}

// Unwrap returns the sentinel reason.
func (e *Error) Unwrap() error { return e.Reason }

// Rule returns the diagnostic rule that the error breaks.
func (e *Error) Rule() diag.Rule {
	switch e.Reason {
	case ErrEmpty:
		return ruleEmpty
	case ErrTooLong:
		return ruleTooLong
	case ErrEmptyGroup:
		return ruleEmptyGroup
	case ErrCharacter:
		return ruleCharacter
	case ErrGroupWidth:
		return ruleGroupWidth
	case ErrDigits:
		return ruleDigits
	case ErrLevel1:
		return ruleLevel1
	case ErrForm:
		return ruleForm
	}
	return ruleHierarchy
}

// Diagnostic turns the error into a finding with a bilingual message; Path names the group.
func (e *Error) Diagnostic() diag.Diagnostic {
	path := ""
	if e.Group > 0 {
		path = fmt.Sprintf("group[%d]", e.Group)
	}
	r := e.Rule()
	var d diag.Diagnostic
	switch e.Reason {
	case ErrEmpty, ErrForm:
		d = r.New(path)
	case ErrTooLong:
		d = r.New(path, len(e.Input))
	case ErrEmptyGroup, ErrDigits, ErrLevel1:
		d = r.New(path, e.Group)
	case ErrCharacter:
		ch, _ := utf8.DecodeRuneInString(e.Input[e.Offset:])
		d = r.New(path, ch, e.Offset+1)
	case ErrGroupWidth:
		d = r.New(path, e.Group, groupLen(e.Input, e.Group), legacyWidths[e.Group-1])
	default:
		d = r.New(path, e.Group, 5-e.Group)
	}
	// Columns count characters (diag.Diagnostic.Column); Offset counts bytes.
	d.Column = utf8.RuneCountInString(e.Input[:max(0, min(e.Offset, len(e.Input)))]) + 1
	return d
}

// groupLen returns the length of the 1-based group n of s.
func groupLen(s string, n int) int {
	g, start := 1, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if g == n {
				return i - start
			}
			g++
			start = i + 1
		}
	}
	return 0
}
