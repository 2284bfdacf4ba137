package dvc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/vntime"
)

// DossierCodeForm tells which circular a dossier code follows.
type DossierCodeForm uint8

const (
	// FormTT01 is the dossier code of TT 01/2018/TT-VPCP Điều 19: "<agency code>-YYMMDD-XXXX", the agency code of
	// the receiving body, the reception date and a four-digit counter of the day.
	FormTT01 DossierCodeForm = iota + 1
	// FormTT04 is the dossier code of TT 04/2025/TT-VPCP for nationally centralised services (from 25/01/2026):
	// "MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX", where AA is two digits taken from the operating body's code and XXXX a
	// counter of at least four digits that grows as needed ([S], agencycode.md §3).
	FormTT04
)

// String returns "tt01-2018" or "tt04-2025".
func (f DossierCodeForm) String() string {
	switch f {
	case FormTT01:
		return "tt01-2018"
	case FormTT04:
		return "tt04-2025"
	}
	return "unknown"
}

// MaxSerialDigits bounds the counter of a TT 04/2025 dossier code.
const MaxSerialDigits = 12

// Sentinel errors of the code parsers; every *CodeError unwraps to one of them.
var (
	ErrCodeShape  = errors.New("malformed code")
	ErrCodeAgency = errors.New("invalid agency part")
	ErrCodeDate   = errors.New("invalid date")
	ErrCodeSerial = errors.New("invalid counter")
)

// CodeError reports an invalid dossier or procedure code.
type CodeError struct {
	// Kind is "dossier code" or "procedure code".
	Kind string
	// Input is the text that was parsed.
	Input string
	// Reason is one of the ErrCode… sentinels.
	Reason error
	// Detail says what is wrong; Agency holds the agencycode error behind ErrCodeAgency.
	Detail string
	Agency error
}

// Error describes the problem.
func (e *CodeError) Error() string {
	s := fmt.Sprintf("dvc: %s %q: %v", e.Kind, e.Input, e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Agency != nil {
		s += ": " + e.Agency.Error()
	}
	return s
}

// Unwrap returns the reason and, for an agency failure, the *agencycode.Error.
func (e *CodeError) Unwrap() []error {
	if e.Agency != nil {
		return []error{e.Reason, e.Agency}
	}
	return []error{e.Reason}
}

// DossierCode is a dossier code (mã hồ sơ) split into its parts.
type DossierCode struct {
	Form DossierCodeForm
	// Agency is the agency part: a QCVN 102 or QĐ 20 code for FormTT01, the "MX1X2.Y1Y2Y3.Z1Z2" group for FormTT04.
	Agency agencycode.Code
	// Date is the reception date, midnight in Vietnam time.
	Date time.Time
	// Operator is AA, the two digits of the operating body (FormTT04 only).
	Operator string
	// Serial is the counter of the day, from 1.
	Serial int
	// SerialDigits is the width the counter is written with (4 for FormTT01, at least 4 for FormTT04).
	SerialDigits int
}

// NewDossierCodeTT01 builds the TT 01/2018 code of the serial-th dossier received by agency on day at.
func NewDossierCodeTT01(agency agencycode.Code, at time.Time, serial int) (DossierCode, error) {
	c := DossierCode{Form: FormTT01, Agency: agency, Date: civilDate(at), Serial: serial, SerialDigits: 4}
	if agency.IsZero() {
		return DossierCode{}, &CodeError{Kind: "dossier code", Reason: ErrCodeAgency, Detail: "agency code missing"}
	}
	if serial < 1 || serial > 9999 {
		return DossierCode{}, &CodeError{Kind: "dossier code", Reason: ErrCodeSerial,
			Detail: fmt.Sprintf("counter %d outside 1–9999", serial)}
	}
	return c, c.checkYear()
}

// NewDossierCodeTT04 builds the TT 04/2025 code of the serial-th dossier of day at: agency is the
// "MX1X2.Y1Y2Y3.Z1Z2" group, operator the two digits AA.
func NewDossierCodeTT04(agency agencycode.Code, operator string, at time.Time, serial int) (DossierCode, error) {
	c := DossierCode{Form: FormTT04, Agency: agency, Date: civilDate(at), Operator: operator, Serial: serial,
		SerialDigits: max(4, len(strconv.Itoa(serial)))}
	if !isTT04Agency(agency.String()) {
		return DossierCode{}, &CodeError{Kind: "dossier code", Input: agency.String(), Reason: ErrCodeAgency,
			Detail: "want the form MX1X2.Y1Y2Y3.Z1Z2"}
	}
	if len(operator) != 2 || !allDigits(operator) {
		return DossierCode{}, &CodeError{Kind: "dossier code", Input: operator, Reason: ErrCodeSerial,
			Detail: "operator part AA must be two digits"}
	}
	if serial < 1 || c.SerialDigits > MaxSerialDigits {
		return DossierCode{}, &CodeError{Kind: "dossier code", Reason: ErrCodeSerial,
			Detail: fmt.Sprintf("counter %d outside 1 and %d digits", serial, MaxSerialDigits)}
	}
	return c, c.checkYear()
}

func (c DossierCode) checkYear() error {
	if y := c.Date.Year(); y < 2000 || y > 2099 {
		return &CodeError{Kind: "dossier code", Reason: ErrCodeDate, Detail: fmt.Sprintf("year %d outside 2000–2099", y)}
	}
	return nil
}

// String formats the code.
func (c DossierCode) String() string {
	var b strings.Builder
	b.WriteString(c.Agency.String())
	b.WriteByte('-')
	b.WriteString(c.Date.Format("060102"))
	b.WriteByte('-')
	b.WriteString(c.Operator)
	digits := max(c.SerialDigits, 4)
	s := strconv.Itoa(c.Serial)
	for i := len(s); i < digits; i++ {
		b.WriteByte('0')
	}
	b.WriteString(s)
	return b.String()
}

// MarshalText encodes the code as its String.
func (c DossierCode) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ParseDossierCode parses a dossier code of either form. It is strict (no trimming, upper-case letters only).
// The form is told by the agency part: three groups whose first is a letter and two digits make FormTT04,
// anything else is parsed as a TT 01/2018 agency code with agencycode.Parse. Years are 2000–2099.
func ParseDossierCode(s string) (DossierCode, error) {
	fail := func(reason error, detail string, agencyErr error) (DossierCode, error) {
		return DossierCode{}, &CodeError{Kind: "dossier code", Input: s, Reason: reason, Detail: detail, Agency: agencyErr}
	}
	if len(s) > agencycode.MaxLen+1+6+1+2+MaxSerialDigits {
		return fail(ErrCodeShape, "too long", nil)
	}
	i := strings.IndexByte(s, '-')
	if i < 0 || strings.Count(s, "-") != 2 {
		return fail(ErrCodeShape, "want <agency>-YYMMDD-<counter>", nil)
	}
	agencyPart, rest := s[:i], s[i+1:]
	j := strings.IndexByte(rest, '-')
	datePart, serialPart := rest[:j], rest[j+1:]
	var c DossierCode
	if isTT04Agency(agencyPart) {
		c.Form = FormTT04
	} else {
		c.Form = FormTT01
	}
	ag, err := agencycode.Parse(agencyPart)
	if err != nil {
		return fail(ErrCodeAgency, "", err)
	}
	c.Agency = ag
	if len(datePart) != 6 || !allDigits(datePart) {
		return fail(ErrCodeDate, "want YYMMDD", nil)
	}
	y, _ := strconv.Atoi(datePart[0:2])
	m, _ := strconv.Atoi(datePart[2:4])
	d, _ := strconv.Atoi(datePart[4:6])
	c.Date = time.Date(2000+y, time.Month(m), d, 0, 0, 0, 0, vntime.Location())
	if m < 1 || m > 12 || d < 1 || c.Date.Day() != d {
		return fail(ErrCodeDate, fmt.Sprintf("%s is not a calendar date", datePart), nil)
	}
	digits := serialPart
	if c.Form == FormTT04 {
		if len(serialPart) < 6 || !allDigits(serialPart[:2]) {
			return fail(ErrCodeSerial, "want AA followed by at least four digits", nil)
		}
		c.Operator, digits = serialPart[:2], serialPart[2:]
		if len(digits) > MaxSerialDigits {
			return fail(ErrCodeSerial, fmt.Sprintf("counter longer than %d digits", MaxSerialDigits), nil)
		}
	} else if len(digits) != 4 {
		return fail(ErrCodeSerial, "want four digits", nil)
	}
	if !allDigits(digits) {
		return fail(ErrCodeSerial, "counter must be digits", nil)
	}
	c.Serial, _ = strconv.Atoi(digits)
	c.SerialDigits = len(digits)
	if c.Serial == 0 {
		return fail(ErrCodeSerial, "counter starts at 1", nil)
	}
	return c, nil
}

// isTT04Agency reports whether s has the shape MX1X2.Y1Y2Y3.Z1Z2: an upper-case letter and two digits, three
// digits or upper-case letters, two digits or upper-case letters.
func isTT04Agency(s string) bool {
	if len(s) != 10 || s[3] != '.' || s[7] != '.' {
		return false
	}
	if !isUpperASCII(s[0]) || !isDigitASCII(s[1]) || !isDigitASCII(s[2]) {
		return false
	}
	for _, k := range []int{4, 5, 6, 8, 9} {
		if !isDigitASCII(s[k]) && !isUpperASCII(s[k]) {
			return false
		}
	}
	return true
}

func isDigitASCII(c byte) bool { return '0' <= c && c <= '9' }
func isUpperASCII(c byte) bool { return 'A' <= c && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitASCII(s[i]) {
			return false
		}
	}
	return s != ""
}

// ProcedureCode is an administrative-procedure code (mã thủ tục hành chính, mã TTHC) of the national database:
// "d.dddddd" (e.g. "1.003560"), optionally extended by a local system with an agency code
// ("1.003560.000.00.00.H56", "2.002621.H56") that is removed again for synchronisation with the national portal.
type ProcedureCode struct {
	// National is the "d.dddddd" code of the national database.
	National string
	// Local is the agency suffix added by a local system; zero when absent.
	Local agencycode.Code
}

// String formats the code with its suffix, if any.
func (p ProcedureCode) String() string {
	if p.Local.IsZero() {
		return p.National
	}
	return p.National + "." + p.Local.String()
}

// MarshalText encodes the code as its String.
func (p ProcedureCode) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// ParseProcedureCode parses "d.dddddd" with an optional ".<agency code>" suffix parsed by agencycode.Parse.
// The meaning of the leading digit is not published ([U]); any digit is accepted.
func ParseProcedureCode(s string) (ProcedureCode, error) {
	fail := func(reason error, detail string, agencyErr error) (ProcedureCode, error) {
		return ProcedureCode{}, &CodeError{Kind: "procedure code", Input: s, Reason: reason, Detail: detail, Agency: agencyErr}
	}
	if len(s) < 8 || !isDigitASCII(s[0]) || s[1] != '.' || !allDigits(s[2:8]) {
		return fail(ErrCodeShape, "want d.dddddd", nil)
	}
	p := ProcedureCode{National: s[:8]}
	if len(s) == 8 {
		return p, nil
	}
	if s[8] != '.' || len(s) == 9 {
		return fail(ErrCodeShape, "want d.dddddd or d.dddddd.<agency code>", nil)
	}
	ag, err := agencycode.Parse(s[9:])
	if err != nil {
		return fail(ErrCodeAgency, "", err)
	}
	p.Local = ag
	return p, nil
}
