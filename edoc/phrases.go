package edoc

import (
	"fmt"
	"strings"

	"github.com/vnegov/egov/diag"
)

// phrase is a fragment of a finding's message: a fixed English format with its arguments, rendered in English or
// in Vietnamese (phrasesVI). The tokenizer builds its well-formedness details this way so that the Vietnamese
// message of EDOC-X001 and EDOC-X007 is Vietnamese throughout.
type phrase struct {
	format string
	args   []any
}

func (p phrase) render(vi bool) string {
	f := p.format
	if vi {
		if t, ok := phrasesVI[f]; ok {
			f = t
		}
	}
	return fmt.Sprintf(f, renderArgs(p.args, vi)...)
}

// renderArgs renders phrase arguments and, for Vietnamese, translates the fixed terms of the tokenizer ("comment",
// "end of input in <X>"…). Element and attribute names, numbers and other values pass unchanged.
func renderArgs(args []any, vi bool) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case phrase:
			out[i] = v.render(vi)
		case string:
			if vi {
				out[i] = termVI(v)
			} else {
				out[i] = v
			}
		default:
			out[i] = a
		}
	}
	return out
}

// ruleAt builds a finding of rule whose arguments may be phrases and tokenizer terms, each rendered in the
// language of the message it fills.
func ruleAt(rule diag.Rule, path string, line int, args ...any) diag.Diagnostic {
	d := rule.At(path, line, 0, renderArgs(args, false)...)
	if len(args) > 0 {
		d.MessageVI = fmt.Sprintf(rule.MessageVI, renderArgs(args, true)...)
	}
	return d
}

// phrasesVI translates the formats of the tokenizer's syntax errors.
var phrasesVI = map[string]string{
	"%s":                                           "%s",
	"no root element":                              "không có phần tử gốc",
	"content after the root element":               "có nội dung sau phần tử gốc",
	"malformed %s":                                 "%s sai cú pháp",
	"%s name longer than 256 bytes":                "tên %s dài quá 256 byte",
	"invalid %s name":                              "tên %s không hợp lệ",
	"%s name is not valid UTF-8":                   "tên %s không phải UTF-8 hợp lệ",
	"unterminated entity reference &%s":            "tham chiếu thực thể &%s chưa được kết thúc",
	"undefined entity &%s;":                        "thực thể &%s; chưa được định nghĩa",
	"text outside the root element":                "có văn bản nằm ngoài phần tử gốc",
	"malformed XML declaration":                    "khai báo XML sai cú pháp",
	"CDATA section outside the root element":       "đoạn CDATA nằm ngoài phần tử gốc",
	"CDATA section is not valid UTF-8":             "đoạn CDATA không phải UTF-8 hợp lệ",
	"unknown markup <!%c":                          "thẻ đánh dấu không xác định <!%c",
	"character data is not valid UTF-8":            "dữ liệu ký tự không phải UTF-8 hợp lệ",
	"a second root element":                        "có phần tử gốc thứ hai",
	"attribute %s of <%s> has no value":            "thuộc tính %s của <%s> không có giá trị",
	"attribute %s of <%s> is not quoted":           "giá trị thuộc tính %s của <%s> không nằm trong dấu nháy",
	"'<' in attribute %s of <%s>":                  "ký tự '<' trong thuộc tính %s của <%s>",
	"attribute %s is not valid UTF-8":              "thuộc tính %s không phải UTF-8 hợp lệ",
	"duplicate attribute %s on <%s>":               "thuộc tính %s bị lặp trên <%s>",
	"malformed end tag </%s>":                      "thẻ đóng </%s> sai cú pháp",
	"end tag </%s> without a start tag":            "thẻ đóng </%s> không có thẻ mở",
	"end tag </%s> does not match <%s> of line %d": "thẻ đóng </%s> không khớp với <%s> ở dòng %d",
}

// termsVI translates the fixed terms the tokenizer passes as arguments.
var termsVI = map[string]string{
	"comment":                  "chú thích",
	"CDATA section":            "đoạn CDATA",
	"element":                  "phần tử",
	"empty-element tag":        "thẻ rỗng",
	"attribute":                "thuộc tính",
	"attribute value":          "giá trị thuộc tính",
	"an attribute value":       "giá trị thuộc tính",
	"end tag":                  "thẻ đóng",
	"processing instruction":   "chỉ thị xử lý",
	"an entity reference":      "tham chiếu thực thể",
	"markup":                   "thẻ đánh dấu",
	"end of input after '<'":   "dữ liệu kết thúc ngay sau '<'",
	"number of attachments":    "số tệp đính kèm",
	"header size in bytes":     "kích thước phần tiêu đề (byte)",
	"element depth":            "độ sâu phần tử",
	"attachment size in bytes": "kích thước tệp đính kèm (byte)",
}

// termVI translates a tokenizer term, including the composed ones ("end of input in <X>", "unterminated
// comment", "text of <X>"); anything else (names, values) is returned unchanged.
func termVI(s string) string {
	if t, ok := termsVI[s]; ok {
		return t
	}
	switch {
	case strings.HasPrefix(s, "end of input in "):
		return "dữ liệu kết thúc giữa " + termVI(strings.TrimPrefix(s, "end of input in "))
	case strings.HasPrefix(s, "unterminated "):
		return termVI(strings.TrimPrefix(s, "unterminated ")) + " chưa được đóng"
	case strings.HasPrefix(s, "text of "):
		return "nội dung văn bản của " + strings.TrimPrefix(s, "text of ")
	}
	return s
}
