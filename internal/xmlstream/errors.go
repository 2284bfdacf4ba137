package xmlstream

import (
	"strconv"
	"strings"
)

// ErrorKind classifies a well-formedness or limit failure. Each kind has an English and a Vietnamese message
// template (messages below); consumers map kinds to their own finding codes without reading messages.
type ErrorKind uint8

// The error kinds. The comment of each names the fields of Error it fills.
const (
	ErrSyntax           ErrorKind = iota + 1 // malformed markup; What: the construct, Name: the element if any
	ErrEmpty                                 // the input has no bytes at all
	ErrNotXML                                // the first non-blank character is not '<'
	ErrTruncated                             // the input ends inside an element; Name: its qualified name ("" before the root)
	ErrNoRoot                                // no document element
	ErrTextOutsideRoot                       // character data before or after the document element
	ErrSecondRoot                            // an element after the document element
	ErrMismatchedEnd                         // Name: the end tag, Name2: the open element, Line2: its line
	ErrUnopenedEnd                           // Name: an end tag without a start tag
	ErrBadName                               // Name: an invalid element or attribute name
	ErrAttrNoValue                           // Name: attribute, Name2: element
	ErrAttrNotQuoted                         // Name: attribute, Name2: element
	ErrLtInAttr                              // Name: attribute, Name2: element
	ErrDuplicateAttr                         // Name: attribute, Name2: element
	ErrDuplicateNS                           // Name: prefix ("" for the default namespace), Name2: element
	ErrUndefinedEntity                       // Name: the entity name
	ErrBadCharRef                            // Name: the reference text
	ErrBadChar                               // Char: a character XML 1.0 §2.2 does not allow
	ErrInvalidUTF8                           // a byte sequence that is not UTF-8
	ErrBadComment                            // "--" inside a comment
	ErrBadPI                                 // a processing instruction without a target, or an XML declaration out of place
	ErrXMLDecl                               // a malformed XML declaration
	ErrEncoding                              // Name: the declared (or byte-order-marked) encoding, not UTF-8
	ErrDTD                                   // a DOCTYPE declaration (refused by policy, or declaring entities)
	ErrUndeclaredPrefix                      // Name: a prefix used without declaration (only with Options.RejectUndeclaredPrefix)
	ErrNamespace                             // Name: a prefix bound against Namespaces in XML 1.0 §3 (reserved or empty)
	ErrLimit                                 // Limit and Max: a configured limit was exceeded
	errKindEnd
)

// Limit names a configured bound (Options).
type Limit uint8

// The limits of Options.
const (
	LimitDepth Limit = iota + 1
	LimitAttrs
	LimitName
	LimitAttrValue
	LimitMarkup
	LimitTree
	limitEnd
)

// Error is a well-formedness or limit failure with its position. Names taken from the input are kept verbatim in
// Name and Name2 so that messages in any language insert them unchanged.
type Error struct {
	Kind   ErrorKind
	Line   int   // 1-based line of the failure
	Column int   // 1-based column, in bytes from the start of the line
	Offset int64 // byte offset in the input
	Name   string
	Name2  string
	Line2  int
	Char   rune
	Limit  Limit
	Max    int
	What   Construct
}

// Error returns the English message with its position.
func (e *Error) Error() string {
	return "xml: line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Message(false)
}

// Message renders the message of the error's kind in English, or in Vietnamese when vi is set.
func (e *Error) Message(vi bool) string {
	t, ok := messages[e.Kind]
	if !ok {
		return "XML error"
	}
	tmpl := t.en
	if vi {
		tmpl = t.vi
	}
	return e.fill(tmpl, vi)
}

// LimitTerm names the error's limit in English or Vietnamese ("element depth", "độ sâu phần tử").
func (e *Error) LimitTerm(vi bool) string {
	t := limitTerms[e.Limit]
	if vi {
		return t.vi
	}
	return t.en
}

func (e *Error) fill(tmpl string, vi bool) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	char := ""
	if e.Kind == ErrBadChar {
		char = "U+" + strings.ToUpper(strconv.FormatInt(int64(e.Char), 16))
		for len(char) < 6 {
			char = "U+0" + char[2:]
		}
	}
	r := strings.NewReplacer("{name}", clip(e.Name), "{name2}", clip(e.Name2), "{line2}", strconv.Itoa(e.Line2),
		"{char}", char, "{limit}", e.LimitTerm(vi), "{max}", strconv.Itoa(e.Max), "{what}", e.What.term(vi))
	return r.Replace(tmpl)
}

// clip shortens a name taken from hostile input for a message.
func clip(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

type text struct{ en, vi string }

// messages holds the {en, vi} template of every kind; TestMessagesComplete checks that none is missing.
var messages = map[ErrorKind]text{
	ErrSyntax:           {"malformed {what}", "{what} sai cú pháp"},
	ErrEmpty:            {"the input is empty", "dữ liệu rỗng"},
	ErrNotXML:           {"the input is not XML (it does not start with '<')", "dữ liệu không phải XML (không bắt đầu bằng '<')"},
	ErrTruncated:        {"the input ends inside <{name}>", "dữ liệu kết thúc giữa phần tử <{name}>"},
	ErrNoRoot:           {"no root element", "không có phần tử gốc"},
	ErrTextOutsideRoot:  {"text outside the root element", "có văn bản nằm ngoài phần tử gốc"},
	ErrSecondRoot:       {"a second root element", "có phần tử gốc thứ hai"},
	ErrMismatchedEnd:    {"end tag </{name}> does not match <{name2}> of line {line2}", "thẻ đóng </{name}> không khớp với <{name2}> ở dòng {line2}"},
	ErrUnopenedEnd:      {"end tag </{name}> without a start tag", "thẻ đóng </{name}> không có thẻ mở"},
	ErrBadName:          {"invalid name {name}", "tên {name} không hợp lệ"},
	ErrAttrNoValue:      {"attribute {name} of <{name2}> has no value", "thuộc tính {name} của <{name2}> không có giá trị"},
	ErrAttrNotQuoted:    {"attribute {name} of <{name2}> is not quoted", "giá trị thuộc tính {name} của <{name2}> không nằm trong dấu nháy"},
	ErrLtInAttr:         {"'<' in attribute {name} of <{name2}>", "ký tự '<' trong thuộc tính {name} của <{name2}>"},
	ErrDuplicateAttr:    {"duplicate attribute {name} on <{name2}>", "thuộc tính {name} bị lặp trên <{name2}>"},
	ErrDuplicateNS:      {"namespace prefix \"{name}\" declared twice on <{name2}>", "tiền tố không gian tên \"{name}\" được khai báo hai lần trên <{name2}>"},
	ErrUndefinedEntity:  {"undefined entity &{name};", "thực thể &{name}; chưa được định nghĩa"},
	ErrBadCharRef:       {"invalid character reference &{name};", "tham chiếu ký tự &{name}; không hợp lệ"},
	ErrBadChar:          {"character {char} is not allowed in XML", "ký tự {char} không được phép trong XML"},
	ErrInvalidUTF8:      {"the input is not valid UTF-8", "dữ liệu không phải UTF-8 hợp lệ"},
	ErrBadComment:       {"'--' inside a comment", "có '--' bên trong chú thích"},
	ErrBadPI:            {"malformed processing instruction {name}", "chỉ thị xử lý {name} sai cú pháp"},
	ErrXMLDecl:          {"malformed XML declaration", "khai báo XML sai cú pháp"},
	ErrEncoding:         {"encoding \"{name}\" is not supported, only UTF-8", "không hỗ trợ bảng mã \"{name}\", chỉ hỗ trợ UTF-8"},
	ErrDTD:              {"a DOCTYPE declaration is not accepted", "không chấp nhận khai báo DOCTYPE"},
	ErrUndeclaredPrefix: {"namespace prefix \"{name}\" is not declared", "tiền tố không gian tên \"{name}\" chưa được khai báo"},
	ErrNamespace:        {"namespace prefix \"{name}\" is misused (reserved or bound to the empty name)", "tiền tố không gian tên \"{name}\" bị dùng sai (dành riêng hoặc gắn với tên rỗng)"},
	ErrLimit:            {"limit exceeded: {limit} is over {max}", "vượt giới hạn: {limit} lớn hơn {max}"},
}

// limitTerms names the limits.
var limitTerms = map[Limit]text{
	LimitDepth:     {"element depth", "độ sâu phần tử"},
	LimitAttrs:     {"number of attributes of one element", "số thuộc tính của một phần tử"},
	LimitName:      {"name length in bytes", "độ dài tên (byte)"},
	LimitAttrValue: {"attribute value length in bytes", "độ dài giá trị thuộc tính (byte)"},
	LimitMarkup:    {"markup length in bytes", "độ dài thẻ đánh dấu (byte)"},
	LimitTree:      {"size of the element tree in bytes", "kích thước cây phần tử (byte)"},
}

// Construct names the piece of markup an ErrSyntax was found in.
type Construct uint8

// The constructs.
const (
	ConstructStartTag Construct = iota + 1
	ConstructEndTag
	ConstructComment
	ConstructCDATA
	ConstructPI
	ConstructMarkup
	ConstructReference
	ConstructDocument
	constructEnd
)

// constructTerms names the constructs; the test checks that each has both languages.
var constructTerms = map[Construct]text{
	ConstructStartTag:  {"start tag", "thẻ mở"},
	ConstructEndTag:    {"end tag", "thẻ đóng"},
	ConstructComment:   {"comment", "chú thích"},
	ConstructCDATA:     {"CDATA section", "đoạn CDATA"},
	ConstructPI:        {"processing instruction", "chỉ thị xử lý"},
	ConstructMarkup:    {"markup declaration", "khai báo đánh dấu"},
	ConstructReference: {"entity reference", "tham chiếu thực thể"},
	ConstructDocument:  {"document", "tài liệu"},
}

func (c Construct) term(vi bool) string {
	t := constructTerms[c]
	if vi {
		return t.vi
	}
	return t.en
}
