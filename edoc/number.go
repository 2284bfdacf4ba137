package edoc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vnegov/egov/vntime"
)

// Document numbers (số, ký hiệu văn bản) of NĐ 30/2020/NĐ-CP Phụ lục I:
//
//	231/QĐ-UBND        number / type abbreviation - issuer
//	13/2016/QĐ-UBND    normative documents add the year: number / year / type - issuer
//	6957/UBND-TTĐT     công văn: no type abbreviation; issuer - drafting unit (or field)
//	392a/KH-UBND       a letter suffix on the number, seen in practice
//	09-NQ/TU           Party documents: number - type / issuer
//
// Numbers below 10 are written with a leading 0 ("05/TB-UBND"), parts of the symbol are joined by '-', the number
// and the symbol by '/', without spaces. Đ is a letter of its own: "QD" for "QĐ" is a typing accident. ParseNumber
// keeps it as written (still recognising it as a type abbreviation) and CheckNumberType reports it as
// ErrNumberTypeSpelling; it is never silently corrected, because folding Đ into D in general would confuse HD
// (hướng dẫn) with HĐ (hợp đồng) and DA (dự án) with ĐA (đề án).

// Number is a parsed document number and symbol. The zero value is "no number".
type Number struct {
	// Seq is the number in the yearly series (NĐ 30/2020 Điều 15: from 01 on 1 January), at least 1.
	Seq int
	// Suffix is a letter suffix on the number, e.g. "a" of "392a" (not foreseen by NĐ 30/2020, seen in practice).
	Suffix string
	// Year is the year written in the number of a normative document ("13/2016/QĐ-UBND"), 0 when absent.
	Year int
	// TypeAbbr is the abbreviation of the document type as written, e.g. "QĐ"; empty for a công văn.
	TypeAbbr string
	// Issuer is the abbreviation of the issuing agency or title, e.g. "UBND"; joint issuers keep their '-'
	// ("BTC-BNV" of "TTLT-BTC-BNV").
	Issuer string
	// Unit is the drafting unit or field of a công văn ("TTĐT" of "6957/UBND-TTĐT"); empty for typed documents.
	Unit string
	// Party is true for the Party form "09-NQ/TU", where '-' joins the number and the type.
	Party bool
}

// Limits of ParseNumber.
const (
	// MaxNumberDigits is the longest number ParseNumber accepts (edXML CodeNumber holds at most 11 characters).
	MaxNumberDigits = 9
	// MaxNumberSuffix is the longest letter suffix ParseNumber accepts ("392a").
	MaxNumberSuffix = 3
	// MaxNumberLen is the longest input ParseNumber accepts, in bytes (edXML CodeNumber ≤ 11 and CodeNotation ≤
	// 30 characters, with room for the "Số:" prefix and multi-byte letters).
	MaxNumberLen = 256
)

// Sentinel reasons of *NumberError, for errors.Is. Their texts are stable.
var (
	// ErrNumberEmpty: the input is empty or white space.
	ErrNumberEmpty = errors.New("empty number")
	// ErrNumberTooLong: more than MaxNumberDigits digits, or more than MaxNumberLen bytes.
	ErrNumberTooLong = errors.New("number too long")
	// ErrNumberSpace: white space inside the number.
	ErrNumberSpace = errors.New("white space inside the number")
	// ErrNumberSeq: the input does not start with digits.
	ErrNumberSeq = errors.New("no number before the symbol")
	// ErrNumberZero: the number is 0.
	ErrNumberZero = errors.New("number is zero")
	// ErrNumberSuffix: the letter suffix is longer than MaxNumberSuffix.
	ErrNumberSuffix = errors.New("letter suffix too long")
	// ErrNumberSeparator: the number is not followed by '/' (or '-' of a Party number).
	ErrNumberSeparator = errors.New("missing '/' between number and symbol")
	// ErrNumberYear: the part between two '/' is digits but not a four-digit year.
	ErrNumberYear = errors.New("year is not four digits")
	// ErrNumberSlash: more '/' than number/year/symbol.
	ErrNumberSlash = errors.New("too many '/' in the symbol")
	// ErrNumberNotation: nothing after the number.
	ErrNumberNotation = errors.New("missing symbol")
	// ErrNumberGroup: an empty part between '-' in the symbol.
	ErrNumberGroup = errors.New("empty part in the symbol")
	// ErrNumberChar: a character other than a letter, a digit or '&' in the symbol.
	ErrNumberChar = errors.New("character not allowed in the symbol")
	// ErrNumberIssuer: no issuer abbreviation, or one without any letter.
	ErrNumberIssuer = errors.New("missing issuer")

	// ErrNumberTypeMissing: the declared type has an abbreviation that the number lacks (CheckNumberType).
	ErrNumberTypeMissing = errors.New("type abbreviation missing")
	// ErrNumberTypeUnexpected: the number has a type abbreviation, the declared type none (CheckNumberType).
	ErrNumberTypeUnexpected = errors.New("type abbreviation where the type has none")
	// ErrNumberTypeMismatch: the number has the abbreviation of another type (CheckNumberType).
	ErrNumberTypeMismatch = errors.New("type abbreviation of another type")
	// ErrNumberTypeSpelling: the abbreviation differs in case or has D for Đ (CheckNumberType).
	ErrNumberTypeSpelling = errors.New("type abbreviation misspelt")
	// ErrNumberTypeLegacy: the abbreviation was no longer in force at the document's date (CheckNumberLegacy).
	ErrNumberTypeLegacy = errors.New("type abbreviation no longer in force")
	// ErrNumberYearMissing: a normative number without its year (CheckNumberType).
	ErrNumberYearMissing = errors.New("year missing in a normative number")
	// ErrNumberYearUnexpected: a year in the number of an administrative document or copy (CheckNumberType).
	ErrNumberYearUnexpected = errors.New("year in the number of a non-normative document")
	// ErrNumberYearMismatch: the year differs from the year of promulgation (CheckNumberYear).
	ErrNumberYearMismatch = errors.New("year differs from the promulgation year")
)

// NumberError reports a document number that cannot be parsed or does not agree with its type. It unwraps to one
// of the ErrNumber… sentinels; Message and MessageVI explain it in English and Vietnamese.
type NumberError struct {
	// Input is the text parsed, NFC-normalised (for check errors, the number's String or the abbreviation).
	Input string
	// Reason is the sentinel error naming the broken rule.
	Reason error
	// Offset is the 0-based byte offset in Input where parsing failed, -1 when the whole input is at fault and
	// for check errors.
	Offset int
	// Want is what the check expected (a type abbreviation, a year), empty when not applicable.
	Want string
	// Got is what the number holds, empty when not applicable.
	Got string
	// TypeName is the name of the declared type, for the checks of CheckNumberType and CheckNumberLegacy.
	TypeName string
}

// Error returns "edoc: number <input>: <English explanation>".
func (e *NumberError) Error() string {
	return fmt.Sprintf("edoc: number %q: %s", e.Input, e.Message())
}

// Unwrap returns the sentinel reason.
func (e *NumberError) Unwrap() error { return e.Reason }

// Message explains the failure in English.
func (e *NumberError) Message() string { return e.text("en") }

// MessageVI explains the failure in Vietnamese.
func (e *NumberError) MessageVI() string { return e.text("vi") }

// text formats the template of the error's kind in lang ("vi" or English), then the byte offset when known.
// Names from the input (abbreviations, years, type names) are inserted verbatim in both languages.
func (e *NumberError) text(lang string) string {
	k := e.kind()
	tmpl, at := k.en, numberAt.en
	if lang == "vi" {
		tmpl, at = k.vi, numberAt.vi
	}
	var args []any
	if k.args != nil {
		args = k.args(e)
	}
	msg := tmpl
	if len(args) > 0 {
		msg = fmt.Sprintf(tmpl, args...)
	}
	if e.Offset >= 0 && !k.whole {
		msg += fmt.Sprintf(at, e.Offset+1)
	}
	return msg
}

// kind returns the message kind of the error: one per sentinel, and two for ErrNumberTypeLegacy (with and
// without an abbreviation in force to suggest).
func (e *NumberError) kind() numberKind {
	if e.Reason == ErrNumberTypeLegacy && e.Want == "" {
		return numberLegacyNoSuccessor
	}
	for _, k := range numberKinds {
		if k.reason == e.Reason {
			return k
		}
	}
	return numberInvalid
}

// numberKind is one kind of NumberError with its {en, vi} message templates. args returns the template
// arguments; whole kinds never carry a byte offset.
type numberKind struct {
	reason error
	en, vi string
	args   func(e *NumberError) []any
	whole  bool
}

// numberAt is the suffix that locates a parse failure.
var numberAt = numberKind{en: " (at byte %d)", vi: " (tại byte %d)"}

func numberLimits(*NumberError) []any      { return []any{MaxNumberDigits, MaxNumberLen} }
func numberSuffixLimit(*NumberError) []any { return []any{MaxNumberSuffix} }
func numberTypeWant(e *NumberError) []any  { return []any{e.TypeName, e.Want} }
func numberGotType(e *NumberError) []any   { return []any{e.Got, e.TypeName} }
func numberGotTypeWant(e *NumberError) []any {
	return []any{e.Got, e.TypeName, e.Want}
}
func numberGotWant(e *NumberError) []any { return []any{e.Got, e.Want} }
func numberTypeGot(e *NumberError) []any { return []any{e.TypeName, e.Got} }
func numberGot(e *NumberError) []any     { return []any{e.Got} }

// numberInvalid is the kind of an error whose reason is none of the sentinels.
var numberInvalid = numberKind{en: "invalid number", vi: "số văn bản không hợp lệ"}

// numberLegacyNoSuccessor is ErrNumberTypeLegacy when no abbreviation of the same name is in force.
var numberLegacyNoSuccessor = numberKind{reason: ErrNumberTypeLegacy, whole: true, args: numberTypeGot,
	en: "the type %s (%q) was no longer in force at the date of the document",
	vi: "loại văn bản %s (%q) đã hết hiệu lực vào ngày của văn bản"}

// numberKinds is the message table of NumberError, one kind per sentinel (NĐ 30/2020 Điều 15 and Phụ lục III
// for the rules they cite).
var numberKinds = [...]numberKind{
	{reason: ErrNumberEmpty, whole: true, en: "the number is empty", vi: "số văn bản trống"},
	{reason: ErrNumberTooLong, args: numberLimits,
		en: "the number is too long (at most %d digits, %d bytes in all)",
		vi: "số văn bản quá dài (tối đa %d chữ số, tổng cộng %d byte)"},
	{reason: ErrNumberSpace,
		en: "white space inside the number; NĐ 30/2020 writes number and symbol without spaces",
		vi: "số, ký hiệu có khoảng trắng; NĐ 30/2020 quy định viết liền, không cách chữ"},
	{reason: ErrNumberSeq,
		en: "the number must start with digits (e.g. 231/QĐ-UBND)",
		vi: "số văn bản phải bắt đầu bằng chữ số (ví dụ 231/QĐ-UBND)"},
	{reason: ErrNumberZero,
		en: "the number is 0; numbering starts at 01 (NĐ 30/2020 Điều 15)",
		vi: "số văn bản bằng 0; số bắt đầu từ 01 (NĐ 30/2020 Điều 15)"},
	{reason: ErrNumberSuffix, args: numberSuffixLimit,
		en: "the letter suffix after the number is longer than %d letters",
		vi: "chữ cái sau số dài quá %d ký tự"},
	{reason: ErrNumberSeparator,
		en: "expected '/' between the number and the symbol (or '-' in a Party number such as 09-NQ/TU)",
		vi: "thiếu dấu '/' giữa số và ký hiệu (hoặc '-' đối với văn bản của Đảng như 09-NQ/TU)"},
	{reason: ErrNumberYear,
		en: "the year in the number must have four digits (e.g. 13/2016/QĐ-UBND)",
		vi: "năm trong số văn bản phải có bốn chữ số (ví dụ 13/2016/QĐ-UBND)"},
	{reason: ErrNumberSlash,
		en: "too many '/' in the symbol; the form is number/[year/]symbol",
		vi: "ký hiệu có quá nhiều dấu '/'; dạng đúng là số/[năm/]ký hiệu"},
	{reason: ErrNumberNotation,
		en: "the symbol (ký hiệu) after the number is missing",
		vi: "thiếu ký hiệu văn bản sau số"},
	{reason: ErrNumberGroup,
		en: "empty part in the symbol (two '-' in a row or '-' at an end)",
		vi: "ký hiệu có phần trống (hai dấu '-' liền nhau hoặc '-' ở đầu/cuối)"},
	{reason: ErrNumberChar,
		en: "only letters, digits and '&' may appear in the parts of the symbol",
		vi: "các phần của ký hiệu chỉ gồm chữ cái, chữ số và '&'"},
	{reason: ErrNumberIssuer,
		en: "the abbreviation of the issuer is missing or has no letter",
		vi: "thiếu chữ viết tắt tên cơ quan ban hành, hoặc phần đó không có chữ cái"},
	{reason: ErrNumberTypeMissing, whole: true, args: numberTypeWant,
		en: "the number has no type abbreviation; a %s is numbered with %q (NĐ 30/2020 Phụ lục III)",
		vi: "số văn bản thiếu chữ viết tắt tên loại; %s có chữ viết tắt %q (NĐ 30/2020 Phụ lục III)"},
	{reason: ErrNumberTypeUnexpected, whole: true, args: numberGotType,
		en: "the number carries the type abbreviation %q, but a %s has none (NĐ 30/2020 Phụ lục III)",
		vi: "số văn bản có chữ viết tắt tên loại %q nhưng %s không có chữ viết tắt (NĐ 30/2020 Phụ lục III)"},
	{reason: ErrNumberTypeMismatch, whole: true, args: numberGotTypeWant,
		en: "the number carries the type abbreviation %q, but the declared type %s is numbered with %q",
		vi: "số văn bản có chữ viết tắt tên loại %q nhưng loại văn bản đã khai báo (%s) viết tắt là %q"},
	{reason: ErrNumberTypeSpelling, whole: true, args: numberGotWant,
		en: "the type abbreviation is written %q instead of %q (case, or D for Đ)",
		vi: "chữ viết tắt tên loại viết %q thay vì %q (chữ hoa/thường, hoặc D thay cho Đ)"},
	{reason: ErrNumberTypeLegacy, whole: true, args: numberGotTypeWant,
		en: "the abbreviation %q of %s was no longer in force at the date of the document; use %q",
		vi: "chữ viết tắt %q của %s đã hết hiệu lực vào ngày của văn bản; dùng %q"},
	{reason: ErrNumberYearMissing, whole: true,
		en: "a normative document's number includes its year (e.g. 13/2016/QĐ-UBND)",
		vi: "số của văn bản quy phạm pháp luật phải có năm ban hành (ví dụ 13/2016/QĐ-UBND)"},
	{reason: ErrNumberYearUnexpected, whole: true, args: numberGot,
		en: "the number includes the year %s, which only normative documents carry",
		vi: "số văn bản có năm %s, chỉ văn bản quy phạm pháp luật mới ghi năm"},
	{reason: ErrNumberYearMismatch, whole: true, args: numberGotWant,
		en: "the year in the number is %s but the document was promulgated in %s (numbering restarts each year, NĐ 30/2020 Điều 15)",
		vi: "năm trong số văn bản là %s nhưng văn bản ban hành năm %s (số được đánh lại từ đầu mỗi năm, NĐ 30/2020 Điều 15)"},
}

func numErr(input string, reason error, offset int) *NumberError {
	return &NumberError{Input: input, Reason: reason, Offset: offset}
}

// ParseNumber parses a document number such as "231/QĐ-UBND", "Số: 13/2016/QĐ-UBND", "6957/UBND-TTĐT" or
// "09-NQ/TU". Surrounding white space and a leading "Số:" or "Số " (any case, with or without diacritics) are
// dropped and the text is NFC-normalised, so NFD input parses the same. The first part of the symbol is read as a
// type abbreviation when DefaultDocTypes knows it (ignoring case and D written for Đ: "15/QD-UBND" is read as
// typed, and CheckNumberType then reports the spelling) and a part follows; otherwise the number is a công văn,
// whose first part is the issuer and the rest the drafting unit. A công văn whose issuer abbreviation happens to be a type abbreviation ("1234/CT-TTHT" of a Cục Thuế) is therefore read as a typed number: when the
// declared type is known, use ParseNumberAs. Failures are *NumberError.
func ParseNumber(s string) (Number, error) {
	return DefaultDocTypes().ParseNumber(s)
}

// ParseNumber is the package-level ParseNumber with the type abbreviations of c.
func (c *DocTypeCatalogue) ParseNumber(s string) (Number, error) {
	return parseNumber(s, c.isTypeAbbr)
}

// ParseNumberAs parses s knowing the declared type t of the document: when t has an abbreviation the first part of
// the symbol is the type abbreviation, whatever it is; when it has none (công văn, thư công, luật…) the first part
// is the issuer. The result may still disagree with t: check it with CheckNumberType. Failures are *NumberError.
func ParseNumberAs(s string, t DocType) (Number, error) {
	typed := t.Abbr != ""
	return parseNumber(s, func(string) bool { return typed })
}

// ParseNotation parses the split form of edXML headers, Code/CodeNumber and Code/CodeNotation: ("7816",
// "VPCP-TTĐT"), ("13", "2016/QĐ-UBND") or ("13/2016", "QĐ-UBND"), ("09-NQ", "TU") or ("09", "NQ/TU") for a Party
// number. Failures are *NumberError whose Input is the joined text.
func ParseNotation(codeNumber, codeNotation string) (Number, error) {
	return ParseNumber(joinNotation(codeNumber, codeNotation))
}

// ParseNotationAs is ParseNotation knowing the declared type (see ParseNumberAs).
func ParseNotationAs(codeNumber, codeNotation string, t DocType) (Number, error) {
	return ParseNumberAs(joinNotation(codeNumber, codeNotation), t)
}

func joinNotation(codeNumber, codeNotation string) string {
	num, not := strings.TrimSpace(codeNumber), strings.TrimSpace(codeNotation)
	if i := strings.IndexByte(not, '/'); i > 0 && !strings.Contains(num, "-") && !strings.Contains(num, "/") &&
		!isYear(not[:i]) && isLetters(not[:i]) {
		return num + "-" + not // ("09", "NQ/TU") is the Party number 09-NQ/TU
	}
	if num == "" && not == "" {
		return ""
	}
	return num + "/" + not
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// trimNumberPrefix drops a leading "Số:", "Số ", "số:", "SỐ:", "So:"…; s is NFC and trimmed.
func trimNumberPrefix(s string) (string, int) {
	r1, n1 := utf8.DecodeRuneInString(s)
	if r1 != 'S' && r1 != 's' {
		return s, 0
	}
	r2, n2 := utf8.DecodeRuneInString(s[n1:])
	switch r2 {
	case 'ố', 'Ố', 'o', 'O':
	default:
		return s, 0
	}
	i := n1 + n2
	if i < len(s) && s[i] == '.' { // "Số." seen in scanned templates
		i++
	}
	j := i
	if j < len(s) && s[j] == ':' {
		j++
	}
	k := j
	for k < len(s) {
		r, n := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += n
	}
	if k == i || k >= len(s) || s[k] < '0' || s[k] > '9' {
		return s, 0 // "So" not followed by ':' or space and a digit: not a prefix
	}
	return s[k:], k
}

// toNFC returns s in Unicode normal form C. Every character below U+0300 (ASCII, Latin-1 and Latin Extended, which
// hold Đ) has NFC_Quick_Check=Yes and combining class 0, so text made only of them is already NFC; the quick scan
// spares the allocation of norm.Form.IsNormalString for the usual document number.
func toNFC(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x300 || r == utf8.RuneError {
			if norm.NFC.IsNormalString(s) {
				return s
			}
			return norm.NFC.String(s)
		}
		i += size
	}
	return s
}

// numberInput is the text being parsed (NFC) and the offset of the number proper in it, for error offsets.
type numberInput struct {
	text string
	base int
}

func (in numberInput) err(reason error, off int) error {
	return numErr(in.text, reason, in.base+off)
}

func parseNumber(input string, typed func(group string) bool) (Number, error) {
	if len(input) > MaxNumberLen {
		return Number{}, numErr(input, ErrNumberTooLong, -1)
	}
	src := toNFC(input)
	s := strings.TrimLeftFunc(src, unicode.IsSpace)
	lead := len(src) - len(s)
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return Number{}, numErr(src, ErrNumberEmpty, -1)
	}
	s, p := trimNumberPrefix(s)
	in := numberInput{text: src, base: lead + p}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c >= '\t' && c <= '\r' {
				return Number{}, in.err(ErrNumberSpace, i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return Number{}, in.err(ErrNumberSpace, i)
		}
		i += size
	}
	var n Number
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return Number{}, in.err(ErrNumberSeq, 0)
	}
	if i > MaxNumberDigits {
		return Number{}, in.err(ErrNumberTooLong, MaxNumberDigits)
	}
	for _, c := range []byte(s[:i]) {
		n.Seq = n.Seq*10 + int(c-'0')
	}
	if n.Seq == 0 {
		return Number{}, in.err(ErrNumberZero, 0)
	}
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	if j-i > MaxNumberSuffix {
		return Number{}, in.err(ErrNumberSuffix, i)
	}
	n.Suffix = s[i:j]
	if j == len(s) {
		return Number{}, in.err(ErrNumberNotation, j)
	}
	switch s[j] {
	case '/':
		return parseSymbol(in, s, j+1, n, typed)
	case '-':
		return parseParty(in, s, j+1, n)
	}
	return Number{}, in.err(ErrNumberSeparator, j)
}

// parseSymbol reads "[year/]symbol" from s[at:].
func parseSymbol(in numberInput, s string, at int, n Number, typed func(string) bool) (Number, error) {
	rest := s[at:]
	if k := strings.IndexByte(rest, '/'); k >= 0 {
		head := rest[:k]
		if !isYear(head) {
			if allDigits(head) {
				return Number{}, in.err(ErrNumberYear, at)
			}
			return Number{}, in.err(ErrNumberSlash, at+k)
		}
		if head[0] == '0' {
			return Number{}, in.err(ErrNumberYear, at)
		}
		n.Year, _ = strconv.Atoi(head)
		at += k + 1
		rest = rest[k+1:]
		if k2 := strings.IndexByte(rest, '/'); k2 >= 0 {
			return Number{}, in.err(ErrNumberSlash, at+k2)
		}
	}
	if rest == "" {
		return Number{}, in.err(ErrNumberNotation, at)
	}
	if err := checkGroups(in, rest, at); err != nil {
		return Number{}, err
	}
	first, tail, more := strings.Cut(rest, "-")
	if more && typed(first) {
		n.TypeAbbr, n.Issuer = first, tail
		if !hasLetter(firstGroup(tail)) {
			return Number{}, in.err(ErrNumberIssuer, at+len(first)+1)
		}
		return n, nil
	}
	if !hasLetter(first) {
		return Number{}, in.err(ErrNumberIssuer, at)
	}
	n.Issuer, n.Unit = first, tail
	return n, nil
}

// parseParty reads "TYPE/issuer" from s[at:] (Party form "09-NQ/TU").
func parseParty(in numberInput, s string, at int, n Number) (Number, error) {
	rest := s[at:]
	k := strings.IndexByte(rest, '/')
	if k < 0 {
		return Number{}, in.err(ErrNumberSeparator, len(s))
	}
	typ, issuer := rest[:k], rest[k+1:]
	if typ == "" {
		return Number{}, in.err(ErrNumberGroup, at)
	}
	for off, r := range typ {
		if !unicode.IsLetter(r) {
			return Number{}, in.err(ErrNumberChar, at+off)
		}
	}
	if i := strings.IndexByte(issuer, '/'); i >= 0 {
		return Number{}, in.err(ErrNumberSlash, at+k+1+i)
	}
	if issuer == "" {
		return Number{}, in.err(ErrNumberIssuer, at+k+1)
	}
	if err := checkGroups(in, issuer, at+k+1); err != nil {
		return Number{}, err
	}
	if !hasLetter(firstGroup(issuer)) {
		return Number{}, in.err(ErrNumberIssuer, at+k+1)
	}
	n.Party, n.TypeAbbr, n.Issuer = true, typ, issuer
	return n, nil
}

// checkGroups checks the '-'-separated parts of a symbol: non-empty, letters, digits and '&' only.
func checkGroups(in numberInput, sym string, at int) error {
	start := 0
	for off, r := range sym {
		if 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			continue // the usual case, decided without the Unicode tables
		}
		switch {
		case r == '-':
			if off == start {
				return in.err(ErrNumberGroup, at+off)
			}
			start = off + 1
		case r == '/':
			return in.err(ErrNumberSlash, at+off)
		case r == utf8.RuneError:
			return in.err(ErrNumberChar, at+off)
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&':
			return in.err(ErrNumberChar, at+off)
		}
	}
	if start == len(sym) {
		return in.err(ErrNumberGroup, at+start)
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func firstGroup(s string) string {
	g, _, _ := strings.Cut(s, "-")
	return g
}

// String returns the canonical form: the number with at least two digits (NĐ 30/2020: numbers below 10 take a
// leading 0), then "/year" when there is one, then the symbol: "05/QĐ-UBND", "13/2016/QĐ-UBND", "6957/UBND-TTĐT",
// "09-NQ/TU". The zero Number gives "". Parsing the result gives back n for any n that ParseNumber returned.
func (n Number) String() string {
	if n == (Number{}) {
		return ""
	}
	b := make([]byte, 0, 16+len(n.Suffix)+len(n.TypeAbbr)+len(n.Issuer)+len(n.Unit))
	b = n.appendCodeNumber(b)
	b = append(b, '/')
	return string(n.appendCodeNotation(b))
}

// CodeNumber returns the number as edXML Code/CodeNumber holds it: "05", "392a"; for a Party number the type
// is included ("09-NQ") so that CodeNumber + "/" + CodeNotation is always String.
func (n Number) CodeNumber() string {
	var b [32]byte
	return string(n.appendCodeNumber(b[:0]))
}

func (n Number) appendCodeNumber(b []byte) []byte {
	if n.Seq >= 0 && n.Seq < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(n.Seq), 10)
	b = append(b, n.Suffix...)
	if n.Party {
		b = append(b, '-')
		b = append(b, n.TypeAbbr...)
	}
	return b
}

// CodeNotation returns the symbol as edXML Code/CodeNotation holds it: "QĐ-UBND", "2016/QĐ-UBND", "UBND-TTĐT",
// or the issuer alone for a Party number ("TU"). Whether producers put the year in CodeNotation or in CodeNumber
// is not documented [U]; ParseNotation reads both.
func (n Number) CodeNotation() string {
	var b [64]byte
	return string(n.appendCodeNotation(b[:0]))
}

func (n Number) appendCodeNotation(b []byte) []byte {
	if n.Party {
		return append(b, n.Issuer...)
	}
	if n.Year != 0 {
		b = strconv.AppendInt(b, int64(n.Year), 10)
		b = append(b, '/')
	}
	sep := false
	for _, part := range [...]string{n.TypeAbbr, n.Issuer, n.Unit} {
		if part == "" {
			continue
		}
		if sep {
			b = append(b, '-')
		}
		b = append(b, part...)
		sep = true
	}
	return b
}

// MarshalText encodes the number in its canonical form (String).
func (n Number) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText decodes a number with ParseNumber; empty text gives the zero Number.
func (n *Number) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*n = Number{}
		return nil
	}
	v, err := ParseNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// CheckNumberType checks that the type abbreviation of n agrees with the declared type t (NĐ 30/2020 Phụ lục III
// and the numbering of normative documents), with DefaultDocTypes (see DocTypeCatalogue.CheckNumberType):
//
//   - a type with an abbreviation needs it in the number, spelt exactly (ErrNumberTypeMissing,
//     ErrNumberTypeMismatch, ErrNumberTypeSpelling for a difference of case or D written for Đ);
//   - a type without one (công văn, thư công, luật, pháp lệnh…) takes none (ErrNumberTypeUnexpected); resolutions
//     of the Quốc hội and its Ủy ban Thường vụ ("104/2023/QH15") are numbered without NQ and are accepted;
//   - a normative number carries its year (ErrNumberYearMissing); an administrative or copy number does not
//     (ErrNumberYearUnexpected). Party numbers, outside NĐ 30/2020, are not checked for the year.
//
// A type name such as "Quyết định" or "Nghị quyết" is shared by an administrative and a normative type, and an
// edXML TypeName does not say which one is meant: when t is administrative, n carries a year and the catalogue
// has a normative type of the same name and abbreviation, n is judged as that normative document.
//
// Whether t itself was in force when the document was issued is CheckNumberLegacy's business, the year against
// the promulgation date CheckNumberYear's. Failures are *NumberError; a validator may grade
// ErrNumberTypeSpelling and ErrNumberYearUnexpected as warnings.
func CheckNumberType(n Number, t DocType) error {
	return DefaultDocTypes().CheckNumberType(n, t)
}

// CheckNumberType is the package-level CheckNumberType with the types of c.
func (c *DocTypeCatalogue) CheckNumberType(n Number, t DocType) error {
	mk := func(reason error, want, got string) error {
		return &NumberError{Input: n.String(), Reason: reason, Offset: -1, Want: want, Got: got, TypeName: t.Name}
	}
	normative := t.Kind == KindNormative ||
		t.Kind == KindAdministrative && n.Year != 0 && !n.Party && c.hasNormativeTwin(t)
	switch {
	case t.Abbr == "" && n.TypeAbbr != "":
		return mk(ErrNumberTypeUnexpected, "", n.TypeAbbr)
	case t.Abbr != "" && n.TypeAbbr == "":
		if !(normative && t.Abbr == "NQ" && isAssemblyIssuer(n.Issuer)) {
			return mk(ErrNumberTypeMissing, t.Abbr, "")
		}
	case t.Abbr != n.TypeAbbr:
		got := toNFC(n.TypeAbbr)
		if got == t.Abbr {
			break
		}
		if strings.ReplaceAll(strings.ToUpper(got), "Đ", "D") == strings.ReplaceAll(strings.ToUpper(t.Abbr), "Đ", "D") {
			return mk(ErrNumberTypeSpelling, t.Abbr, n.TypeAbbr)
		}
		return mk(ErrNumberTypeMismatch, t.Abbr, n.TypeAbbr)
	}
	if n.Party {
		return nil
	}
	switch {
	case normative && n.Year == 0:
		return mk(ErrNumberYearMissing, "", "")
	case !normative && n.Year != 0:
		return mk(ErrNumberYearUnexpected, "", strconv.Itoa(n.Year))
	}
	return nil
}

// hasNormativeTwin reports whether c has a normative type with the name and abbreviation of t.
func (c *DocTypeCatalogue) hasNormativeTwin(t DocType) bool {
	if t.Abbr == "" {
		return false
	}
	for _, i := range c.byAbbr[toNFC(t.Abbr)] {
		if d := c.types[i]; d.Kind == KindNormative && foldVietnamese(d.Name) == foldVietnamese(t.Name) {
			return true
		}
	}
	return false
}

// isAssemblyIssuer reports whether issuer is the Quốc hội or its Ủy ban Thường vụ with the legislature number
// ("QH15", "UBTVQH15").
func isAssemblyIssuer(issuer string) bool {
	rest, ok := strings.CutPrefix(issuer, "UBTVQH")
	if !ok {
		rest, ok = strings.CutPrefix(issuer, "QH")
	}
	return ok && allDigits(rest)
}

// CheckNumberYear checks that the year written in n, if any, is the year of the promulgation date (taken in
// Vietnam time): numbering restarts every 1 January (NĐ 30/2020 Điều 15). A number without a year passes.
// Failures are *NumberError with ErrNumberYearMismatch.
func CheckNumberYear(n Number, promulgated time.Time) error {
	if n.Year == 0 {
		return nil
	}
	y := promulgated.In(vntime.Location()).Year()
	if n.Year != y {
		return &NumberError{Input: n.String(), Reason: ErrNumberYearMismatch, Offset: -1,
			Want: strconv.Itoa(y), Got: strconv.Itoa(n.Year)}
	}
	return nil
}

// CheckNumberLegacy reports an abbreviation of t that was no longer in force at the date at (for example GN for
// bản ghi nhớ after 5 March 2020): the error names the abbreviation in force for the same name in cat
// (DefaultDocTypes when cat is nil). It returns nil when t is in force at that date.
func CheckNumberLegacy(t DocType, at time.Time, cat *DocTypeCatalogue) error {
	if t.ValidAt(at) {
		return nil
	}
	if cat == nil {
		cat = DefaultDocTypes()
	}
	want := ""
	for _, c := range cat.LookupAllByName(t.Name) {
		if c.Kind == t.Kind && c.ValidAt(at) {
			want = c.Abbr
			break
		}
	}
	return &NumberError{Input: t.Abbr, Reason: ErrNumberTypeLegacy, Offset: -1, Want: want, Got: t.Abbr,
		TypeName: t.Name}
}
