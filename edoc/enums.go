package edoc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vnegov/egov/diag"
)

// This file holds the small coded values of edXML headers and of administrative documents: the business type of a
// package (BussinessDocType), the status code of a status package, the priority of OtherInfo, and the urgency
// (độ khẩn) and secrecy (độ mật) levels of NĐ 30/2020/NĐ-CP. Each type has String (English), StringVI
// (Vietnamese with diacritics), MarshalText/UnmarshalText and a parse function whose failures are *EnumError.

// Sentinel reasons of *EnumError, for errors.Is.
var (
	// ErrEnumEmpty reports an empty value.
	ErrEnumEmpty = errors.New("empty value")
	// ErrEnumSyntax reports a value that is neither a code nor a name the type knows.
	ErrEnumSyntax = errors.New("not a valid code")
	// ErrEnumRange reports a well-formed number outside the codes the type takes.
	ErrEnumRange = errors.New("code out of range")
)

// EnumError reports a value that could not be parsed as one of the coded types of this file. It unwraps to
// ErrEnumEmpty, ErrEnumSyntax or ErrEnumRange.
type EnumError struct {
	// Type names the coded type, e.g. "StatusCode".
	Type string
	// Input is the text that was parsed.
	Input string
	// Reason is the sentinel error naming the broken rule.
	Reason error
}

// Error returns "edoc: <Type> <input>: <English explanation>".
func (e *EnumError) Error() string {
	return fmt.Sprintf("edoc: %s %q: %s", e.Type, e.Input, e.Message())
}

// Unwrap returns the sentinel reason.
func (e *EnumError) Unwrap() error { return e.Reason }

// Message explains the failure in English, with the values the type takes.
func (e *EnumError) Message() string { return e.text().Message }

// MessageVI explains the failure in Vietnamese, with the values the type takes.
func (e *EnumError) MessageVI() string { return e.text().MessageVI }

// The message kinds of EnumError with their {en, vi} templates; enumExpected adds the values the type takes.
var (
	enumEmpty    = bilingual{en: "the value is empty", vi: "giá trị trống"}
	enumRange    = bilingual{en: "the code is out of range", vi: "mã nằm ngoài miền giá trị"}
	enumSyntax   = bilingual{en: "the value is not a valid code", vi: "giá trị không phải là mã hợp lệ"}
	enumExpected = bilingual{en: "%s; expected %s", vi: "%s; giá trị hợp lệ: %s"}
)

// text formats the kind of the error in both languages.
func (e *EnumError) text() diag.Diagnostic {
	k := enumSyntax
	switch e.Reason {
	case ErrEnumEmpty:
		k = enumEmpty
	case ErrEnumRange:
		k = enumRange
	}
	d := k.format()
	if en, vi := enumDomain(e.Type); en != "" {
		d = enumExpected.format(diag.Phrase{EN: d.Message, VI: d.MessageVI}, diag.Phrase{EN: en, VI: vi})
	}
	return d
}

// enumDomain describes the values of each coded type, for error messages.
func enumDomain(typ string) (en, vi string) {
	switch typ {
	case "BusinessDocType":
		return "0 (new), 1 (revocation), 2 (update) or 3 (replacement)",
			"0 (văn bản mới), 1 (thu hồi), 2 (cập nhật) hoặc 3 (thay thế)"
	case "StatusCode":
		return "one or two digits, 00 to 99", "một hoặc hai chữ số, từ 00 đến 99"
	case "Priority":
		return "a priority of the mapping (0 to 4 by default) or its name",
			"độ ưu tiên có trong bảng (mặc định từ 0 đến 4) hoặc tên của nó"
	case "Urgency":
		return "none, Khẩn, Thượng khẩn or Hỏa tốc", "Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc"
	case "Secrecy":
		return "none, Mật, Tối mật or Tuyệt mật", "Không mật, Mật, Tối mật hoặc Tuyệt mật"
	case "DocKind":
		return "administrative, normative or copy",
			"văn bản hành chính, văn bản quy phạm pháp luật hoặc bản sao"
	}
	return "", ""
}

func enumErr(typ, input string, reason error) *EnumError {
	return &EnumError{Type: typ, Input: input, Reason: reason}
}

// parseSmallUint parses 1 to maxDigits ASCII digits (surrounding spaces trimmed) into a value at most max.
func parseSmallUint(typ, s string, maxDigits, max int) (int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, enumErr(typ, s, ErrEnumEmpty)
	}
	if len(t) > maxDigits {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, enumErr(typ, s, ErrEnumSyntax)
			}
		}
		return 0, enumErr(typ, s, ErrEnumRange)
	}
	n := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return 0, enumErr(typ, s, ErrEnumSyntax)
		}
		n = n*10 + int(c-'0')
	}
	if n > max {
		return 0, enumErr(typ, s, ErrEnumRange)
	}
	return n, nil
}

// ---------------------------------------------------------------------------------------------------------------
// BusinessDocType

// BusinessDocType is the BussinessDocType of a package (loại nghiệp vụ của gói tin; the double s is the wire
// spelling): whether the package carries a new document or changes one sent before.
type BusinessDocType uint8

// Business document types of QCVN 102:2016 as producers on the axis use them.
const (
	// BusinessNew is "văn bản mới": a new document (0).
	BusinessNew BusinessDocType = 0
	// BusinessRevocation is "thu hồi": the sender revokes a document sent before (1).
	BusinessRevocation BusinessDocType = 1
	// BusinessUpdate is "cập nhật": the sender updates a document sent before (2).
	BusinessUpdate BusinessDocType = 2
	// BusinessReplacement is "thay thế": the document replaces one sent before (3).
	BusinessReplacement BusinessDocType = 3
)

var businessNames = [...]struct{ en, vi string }{
	BusinessNew:         {"new", "văn bản mới"},
	BusinessRevocation:  {"revocation", "thu hồi"},
	BusinessUpdate:      {"update", "cập nhật"},
	BusinessReplacement: {"replacement", "thay thế"},
}

// Known reports whether t is one of the four business types.
func (t BusinessDocType) Known() bool { return int(t) < len(businessNames) }

// String returns the English name ("new", "revocation", "update", "replacement"), or "business(N)".
func (t BusinessDocType) String() string {
	if t.Known() {
		return businessNames[t].en
	}
	return "business(" + strconv.Itoa(int(t)) + ")"
}

// StringVI returns the Vietnamese name ("văn bản mới", "thu hồi", "cập nhật", "thay thế").
func (t BusinessDocType) StringVI() string {
	if t.Known() {
		return businessNames[t].vi
	}
	return "nghiệp vụ(" + strconv.Itoa(int(t)) + ")"
}

// MarshalText encodes the type as its wire form, the decimal digit ("0" to "3").
func (t BusinessDocType) MarshalText() ([]byte, error) {
	if !t.Known() {
		return nil, enumErr("BusinessDocType", strconv.Itoa(int(t)), ErrEnumRange)
	}
	return []byte{'0' + byte(t)}, nil
}

// UnmarshalText decodes the wire digit or the English name (see ParseBusinessDocType).
func (t *BusinessDocType) UnmarshalText(b []byte) error {
	v, err := ParseBusinessDocType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ParseBusinessDocType parses the wire form ("0" to "3", surrounding spaces allowed) or an English name as String
// returns it. Failures are *EnumError.
func ParseBusinessDocType(s string) (BusinessDocType, error) {
	const typ = "BusinessDocType"
	t := strings.TrimSpace(s)
	for i, n := range businessNames {
		if t == n.en {
			return BusinessDocType(i), nil
		}
	}
	n, err := parseSmallUint(typ, s, 3, len(businessNames)-1)
	if err != nil {
		return 0, err
	}
	return BusinessDocType(n), nil
}

// ---------------------------------------------------------------------------------------------------------------
// StatusCode

// StatusCode is the StatusCode of a status package (gói tin trạng thái), a two-digit code on the wire. Any value
// from 0 to 99 is representable so that a package carrying a code this package does not know can still be read;
// Known tells the nine codes seen on the national axis. The zero value StatusNone means "no status yet" (before the
// first status package of a document) and is never sent.
type StatusCode uint8

// Status codes seen on the national document-exchange axis (spec edoc.md §3). Codes 07–12 and 14 are not
// documented publicly; they parse but are not Known.
const (
	// StatusNone is the state of a document before any status package; it is not a wire code.
	StatusNone StatusCode = 0
	// StatusReceived is "đã đến" (01): received by the software, not yet handled by the clerk.
	StatusReceived StatusCode = 1
	// StatusRejected is "từ chối" (02): rejected by the receiver, with a reason.
	StatusRejected StatusCode = 2
	// StatusAccepted is "đã tiếp nhận" (03): accepted (NĐ 30/2020 Điều 21 confirmation of receipt).
	StatusAccepted StatusCode = 3
	// StatusAssigned is "phân công" (04): assigned for handling.
	StatusAssigned StatusCode = 4
	// StatusProcessing is "đang xử lý" (05): being processed.
	StatusProcessing StatusCode = 5
	// StatusDone is "hoàn thành" (06): finished.
	StatusDone StatusCode = 6
	// StatusRecalled is "lấy lại" (13): recalled by the sender.
	StatusRecalled StatusCode = 13
	// StatusAgreed is "đồng ý cập nhật / lấy lại / thu hồi" (15): the receiver accepts an update, recall or
	// revocation.
	StatusAgreed StatusCode = 15
	// StatusRefused is "từ chối cập nhật / lấy lại / thu hồi" (16): the receiver refuses an update, recall or
	// revocation.
	StatusRefused StatusCode = 16
)

// MaxStatusCode is the largest representable status code (two digits on the wire).
const MaxStatusCode StatusCode = 99

func statusNames(c StatusCode) (en, vi string, ok bool) {
	switch c {
	case StatusReceived:
		return "received", "đã đến", true
	case StatusRejected:
		return "rejected", "từ chối", true
	case StatusAccepted:
		return "accepted", "đã tiếp nhận", true
	case StatusAssigned:
		return "assigned", "phân công", true
	case StatusProcessing:
		return "processing", "đang xử lý", true
	case StatusDone:
		return "done", "hoàn thành", true
	case StatusRecalled:
		return "recalled", "lấy lại", true
	case StatusAgreed:
		return "agreed", "đồng ý cập nhật / lấy lại / thu hồi", true
	case StatusRefused:
		return "refused", "từ chối cập nhật / lấy lại / thu hồi", true
	}
	return "", "", false
}

// Known reports whether c is one of the nine codes seen on the axis (01–06, 13, 15, 16).
func (c StatusCode) Known() bool {
	_, _, ok := statusNames(c)
	return ok
}

// Code returns the two-digit wire form, e.g. "03". A value above MaxStatusCode, which no wire form can carry, is
// written in full.
func (c StatusCode) Code() string {
	if c > MaxStatusCode {
		return strconv.Itoa(int(c))
	}
	return string([]byte{'0' + byte(c/10), '0' + byte(c%10)})
}

// String returns the English name, e.g. "accepted", or "status(07)" for a code that is not Known.
func (c StatusCode) String() string {
	if en, _, ok := statusNames(c); ok {
		return en
	}
	if c == StatusNone {
		return "none"
	}
	return "status(" + c.Code() + ")"
}

// StringVI returns the Vietnamese name, e.g. "đã tiếp nhận", or "trạng thái(07)" for a code that is not Known.
func (c StatusCode) StringVI() string {
	if _, vi, ok := statusNames(c); ok {
		return vi
	}
	if c == StatusNone {
		return "chưa có trạng thái"
	}
	return "trạng thái(" + c.Code() + ")"
}

// MarshalText encodes the code in its two-digit wire form ("03"). Unknown codes up to 99 are encoded too, so that
// a package read can be written back unchanged.
func (c StatusCode) MarshalText() ([]byte, error) {
	if c > MaxStatusCode {
		return nil, enumErr("StatusCode", strconv.Itoa(int(c)), ErrEnumRange)
	}
	return []byte(c.Code()), nil
}

// UnmarshalText decodes a wire code (see ParseStatusCode).
func (c *StatusCode) UnmarshalText(b []byte) error {
	v, err := ParseStatusCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// ParseStatusCode parses a status code of one or two ASCII digits ("03" or "3"; surrounding spaces allowed).
// Codes that are well-formed but not Known are returned without error: the caller decides (a validator reports
// them). Failures are *EnumError.
func ParseStatusCode(s string) (StatusCode, error) {
	n, err := parseSmallUint("StatusCode", s, 2, int(MaxStatusCode))
	if err != nil {
		return 0, err
	}
	return StatusCode(n), nil
}

// ---------------------------------------------------------------------------------------------------------------
// Priority

// Priority is OtherInfo/Priority of an edXML header (độ ưu tiên), 0 to 4 on the wire. What each value means is
// not published [U]: DefaultPriorityNames holds the plausible mapping (0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc,
// 4 Hỏa tốc hẹn giờ) and an integrator whose partners use another one builds its own PriorityNames.
type Priority uint8

// Priorities of the default mapping [U].
const (
	// PriorityNormal is "thường" (0) in the default mapping.
	PriorityNormal Priority = 0
	// PriorityUrgent is "khẩn" (1) in the default mapping.
	PriorityUrgent Priority = 1
	// PriorityVeryUrgent is "thượng khẩn" (2) in the default mapping.
	PriorityVeryUrgent Priority = 2
	// PriorityFlash is "hỏa tốc" (3) in the default mapping.
	PriorityFlash Priority = 3
	// PriorityFlashTimed is "hỏa tốc hẹn giờ" (4) in the default mapping.
	PriorityFlashTimed Priority = 4
)

// MaxPriority is the largest priority producers on the axis accept.
const MaxPriority Priority = 4

// PriorityName is what one priority value means under a mapping.
type PriorityName struct {
	// EN is the English name, e.g. "urgent".
	EN string
	// VI is the Vietnamese name with diacritics, e.g. "Khẩn".
	VI string
	// Urgency is the NĐ 30/2020 urgency level the priority stands for (UrgencyNone for ordinary documents).
	Urgency Urgency
}

// PriorityNames maps wire priorities to their meaning. It is an ordinary map value: build one, or start from
// DefaultPriorityNames and change the copy; the package keeps no mapping of its own that callers could alter.
type PriorityNames map[Priority]PriorityName

// DefaultPriorityNames returns a fresh copy of the plausible mapping [U]: 0 Thường, 1 Khẩn, 2 Thượng khẩn,
// 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ.
func DefaultPriorityNames() PriorityNames {
	return PriorityNames{
		PriorityNormal:     {EN: "normal", VI: "Thường", Urgency: UrgencyNone},
		PriorityUrgent:     {EN: "urgent", VI: "Khẩn", Urgency: UrgencyUrgent},
		PriorityVeryUrgent: {EN: "very urgent", VI: "Thượng khẩn", Urgency: UrgencyVeryUrgent},
		PriorityFlash:      {EN: "flash", VI: "Hỏa tốc", Urgency: UrgencyFlash},
		PriorityFlashTimed: {EN: "flash, timed", VI: "Hỏa tốc hẹn giờ", Urgency: UrgencyFlash},
	}
}

// Name returns the meaning of p under the mapping; ok is false when the mapping does not define p.
func (m PriorityNames) Name(p Priority) (name PriorityName, ok bool) {
	name, ok = m[p]
	return name, ok
}

// Parse reads a priority as a wire number defined by the mapping, or as an English or Vietnamese name of the
// mapping (case-, diacritic- and Unicode-form-insensitive: "hoả tốc", "HỎA TỐC" and "Hoa toc" all match
// "Hỏa tốc"). Failures are *EnumError.
func (m PriorityNames) Parse(s string) (Priority, error) {
	const typ = "Priority"
	if strings.TrimSpace(s) == "" {
		return 0, enumErr(typ, s, ErrEnumEmpty)
	}
	if n, err := parseSmallUint(typ, s, 3, 255); err == nil {
		if _, ok := m[Priority(n)]; ok {
			return Priority(n), nil
		}
		return 0, enumErr(typ, s, ErrEnumRange)
	} else if !errors.Is(err, ErrEnumSyntax) {
		return 0, err
	}
	key := foldVietnamese(s)
	found, match := Priority(0), 0
	for p, n := range m {
		if foldVietnamese(n.EN) == key || foldVietnamese(n.VI) == key {
			if match == 0 || p < found {
				found = p
			}
			match++
		}
	}
	if match == 0 {
		return 0, enumErr(typ, s, ErrEnumSyntax)
	}
	return found, nil
}

// String returns the English name of p under DefaultPriorityNames, or "priority(N)".
func (p Priority) String() string {
	if en, _, ok := defaultPriorityName(p); ok {
		return en
	}
	return "priority(" + strconv.Itoa(int(p)) + ")"
}

// StringVI returns the Vietnamese name of p under DefaultPriorityNames, or "độ ưu tiên(N)".
func (p Priority) StringVI() string {
	if _, vi, ok := defaultPriorityName(p); ok {
		return vi
	}
	return "độ ưu tiên(" + strconv.Itoa(int(p)) + ")"
}

// defaultPriorityName answers for DefaultPriorityNames without building the map.
func defaultPriorityName(p Priority) (en, vi string, ok bool) {
	switch p {
	case PriorityNormal:
		return "normal", "Thường", true
	case PriorityUrgent:
		return "urgent", "Khẩn", true
	case PriorityVeryUrgent:
		return "very urgent", "Thượng khẩn", true
	case PriorityFlash:
		return "flash", "Hỏa tốc", true
	case PriorityFlashTimed:
		return "flash, timed", "Hỏa tốc hẹn giờ", true
	}
	return "", "", false
}

// MarshalText encodes the priority as its wire number ("0" to "255"; whether the partner accepts more than 4 is
// the caller's concern).
func (p Priority) MarshalText() ([]byte, error) {
	return strconv.AppendInt(nil, int64(p), 10), nil
}

// UnmarshalText decodes a wire number from 0 to 255. It does not restrict the value to 0–4, so that a value sent
// by a partner with its own mapping survives a read; ParsePriority and PriorityNames.Parse check the range.
func (p *Priority) UnmarshalText(b []byte) error {
	n, err := parseSmallUint("Priority", string(b), 3, 255)
	if err != nil {
		return err
	}
	*p = Priority(n)
	return nil
}

// ParsePriority parses a wire priority from 0 to MaxPriority, or a name of DefaultPriorityNames. Failures are
// *EnumError.
func ParsePriority(s string) (Priority, error) {
	if n, err := parseSmallUint("Priority", s, 3, int(MaxPriority)); err == nil || !errors.Is(err, ErrEnumSyntax) {
		return Priority(n), err
	}
	key := foldVietnamese(s)
	for p := PriorityNormal; p <= MaxPriority; p++ {
		en, vi, _ := defaultPriorityName(p)
		if key == foldVietnamese(en) || key == foldVietnamese(vi) {
			return p, nil
		}
	}
	return 0, enumErr("Priority", s, ErrEnumSyntax)
}

// ---------------------------------------------------------------------------------------------------------------
// Urgency and Secrecy

// Urgency is the urgency level of a document (độ khẩn, NĐ 30/2020/NĐ-CP Điều 8 and Phụ lục I): Khẩn, Thượng khẩn,
// Hỏa tốc, from least to most urgent. The zero value UrgencyNone is an ordinary document.
type Urgency uint8

// Urgency levels of NĐ 30/2020.
const (
	// UrgencyNone is an ordinary document, without urgency mark ("thường").
	UrgencyNone Urgency = iota
	// UrgencyUrgent is "Khẩn".
	UrgencyUrgent
	// UrgencyVeryUrgent is "Thượng khẩn".
	UrgencyVeryUrgent
	// UrgencyFlash is "Hỏa tốc".
	UrgencyFlash
)

var urgencyNames = [...]struct{ en, vi string }{
	UrgencyNone:       {"none", "Thường"},
	UrgencyUrgent:     {"urgent", "Khẩn"},
	UrgencyVeryUrgent: {"very urgent", "Thượng khẩn"},
	UrgencyFlash:      {"flash", "Hỏa tốc"},
}

// Known reports whether u is one of the four levels.
func (u Urgency) Known() bool { return int(u) < len(urgencyNames) }

// String returns the English name: "none", "urgent", "very urgent" or "flash".
func (u Urgency) String() string {
	if u.Known() {
		return urgencyNames[u].en
	}
	return "urgency(" + strconv.Itoa(int(u)) + ")"
}

// StringVI returns the mark as NĐ 30/2020 writes it: "Khẩn", "Thượng khẩn", "Hỏa tốc" ("Thường" for none).
func (u Urgency) StringVI() string {
	if u.Known() {
		return urgencyNames[u].vi
	}
	return "độ khẩn(" + strconv.Itoa(int(u)) + ")"
}

// MarshalText encodes the level as its English name.
func (u Urgency) MarshalText() ([]byte, error) {
	if !u.Known() {
		return nil, enumErr("Urgency", strconv.Itoa(int(u)), ErrEnumRange)
	}
	return []byte(urgencyNames[u].en), nil
}

// UnmarshalText decodes a name (see ParseUrgency).
func (u *Urgency) UnmarshalText(b []byte) error {
	v, err := ParseUrgency(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

// ParseUrgency parses an English or Vietnamese level name, case-, diacritic- and Unicode-form-insensitive
// ("HỎA TỐC", "Hoả tốc" and "hoa toc" are UrgencyFlash); the empty string is an error, not UrgencyNone. Failures
// are *EnumError.
func ParseUrgency(s string) (Urgency, error) {
	i, err := parseNamed("Urgency", s, urgencyNames[:])
	return Urgency(i), err
}

// Secrecy is the secrecy level of a document (độ mật, NĐ 30/2020/NĐ-CP and the law on the protection of state
// secrets): Mật, Tối mật, Tuyệt mật, from least to most secret. The zero value SecrecyNone is an unclassified
// document. Secret documents are numbered in their own series (NĐ 30/2020 Điều 15).
type Secrecy uint8

// Secrecy levels.
const (
	// SecrecyNone is an unclassified document ("không mật").
	SecrecyNone Secrecy = iota
	// SecrecyConfidential is "Mật".
	SecrecyConfidential
	// SecrecySecret is "Tối mật".
	SecrecySecret
	// SecrecyTopSecret is "Tuyệt mật".
	SecrecyTopSecret
)

var secrecyNames = [...]struct{ en, vi string }{
	SecrecyNone:         {"none", "Không mật"},
	SecrecyConfidential: {"confidential", "Mật"},
	SecrecySecret:       {"secret", "Tối mật"},
	SecrecyTopSecret:    {"top secret", "Tuyệt mật"},
}

// Known reports whether s is one of the four levels.
func (s Secrecy) Known() bool { return int(s) < len(secrecyNames) }

// String returns the English name: "none", "confidential", "secret" or "top secret".
func (s Secrecy) String() string {
	if s.Known() {
		return secrecyNames[s].en
	}
	return "secrecy(" + strconv.Itoa(int(s)) + ")"
}

// StringVI returns the mark: "Mật", "Tối mật", "Tuyệt mật" ("Không mật" for none).
func (s Secrecy) StringVI() string {
	if s.Known() {
		return secrecyNames[s].vi
	}
	return "độ mật(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes the level as its English name.
func (s Secrecy) MarshalText() ([]byte, error) {
	if !s.Known() {
		return nil, enumErr("Secrecy", strconv.Itoa(int(s)), ErrEnumRange)
	}
	return []byte(secrecyNames[s].en), nil
}

// UnmarshalText decodes a name (see ParseSecrecy).
func (s *Secrecy) UnmarshalText(b []byte) error {
	v, err := ParseSecrecy(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSecrecy parses an English or Vietnamese level name, case-, diacritic- and Unicode-form-insensitive
// ("TỐI MẬT" and "toi mat" are SecrecySecret). Failures are *EnumError.
func ParseSecrecy(s string) (Secrecy, error) {
	i, err := parseNamed("Secrecy", s, secrecyNames[:])
	return Secrecy(i), err
}

// parseNamed finds s among English and Vietnamese names after folding.
func parseNamed(typ, s string, names []struct{ en, vi string }) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, enumErr(typ, s, ErrEnumEmpty)
	}
	key := foldVietnamese(s)
	for i, n := range names {
		if key == foldVietnamese(n.en) || key == foldVietnamese(n.vi) {
			return i, nil
		}
	}
	return 0, enumErr(typ, s, ErrEnumSyntax)
}
