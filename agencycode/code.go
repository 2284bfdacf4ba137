package agencycode

import (
	"fmt"
	"strings"
)

// MaxLen is the longest code QĐ 20/2020/QĐ-TTg allows ("tối đa 35 ký tự"), also the width of OrganId in
// QCVN 102:2016 SĐ1:2022.
const MaxLen = 35

// Form tells which rules a code was judged by.
type Form uint8

const (
	// FormQCVN102 is the 13-character four-level form of QCVN 102:2016 ("V1V2V3.Z1Z2.Y1Y2.MX1X2").
	FormQCVN102 Form = iota + 1
	// FormQD20 is the generic form of QĐ 20/2020/QĐ-TTg (Điều 4): at most 35 characters of '.', 0-9 and A-Z,
	// in groups separated by dots that are "developed from left to right", the leftmost group being the level-1
	// code (mã cấp 1: an upper-case letter and two digits, e.g. "G22", "H53.31.21"). A single group is also
	// accepted when it is a level-1 code on its own or a 10- or 13-digit registration number (mã số doanh nghiệp,
	// mã số hợp tác xã, mã số hộ kinh doanh, which the decision uses as the code of those organisations).
	FormQD20
)

// String returns "qcvn102" or "qd20", the names used in JSON output.
func (f Form) String() string {
	switch f {
	case FormQCVN102:
		return "qcvn102"
	case FormQD20:
		return "qd20"
	}
	return ""
}

// MarshalText encodes the form as its String.
func (f Form) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Code is a validated agency identifier code (mã định danh của cơ quan, tổ chức). The zero value is "no code".
// Codes are comparable with ==; two codes are equal when their text is equal.
type Code struct {
	s     string
	form  Form
	level uint8
}

// Parse validates s and returns the code. It is strict: s must already be trimmed and upper-case (see
// Normalize). A code of four dot-separated groups whose first group is not a level-1 code ("000.00.00.G2") is
// judged by the QCVN 102:2016 rules: group widths 3, 2, 2, 3, a level-1 group of one letter and two digits, and
// the zero-filled hierarchy. Any other code is judged by the QĐ 20/2020 generic form (see FormQD20), so that a
// typo such as "X", "1" or "000.00.00.H53.1" is an error rather than a valid generic code.
// Failures are *Error values that unwrap to one of the Err… sentinels. Parse does not allocate on success.
func Parse(s string) (Code, error) {
	if c, ok := parseLegacyFast(s); ok {
		return c, nil
	}
	if s == "" {
		return Code{}, newError(s, ErrEmpty, 0, 0)
	}
	if looksLegacy(s) {
		return parseLegacy(s)
	}
	return parseGeneric(s)
}

// MustParse is like Parse but panics on an invalid code; for literals in tests and examples.
func MustParse(s string) Code {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Normalize trims surrounding white space and upper-cases ASCII letters, the two corrections integrators need
// for codes typed by hand or exported by older systems. changed reports whether s was altered.
func Normalize(s string) (norm string, changed bool) {
	t := strings.TrimSpace(s)
	needUpper := false
	for i := 0; i < len(t); i++ {
		if c := t[i]; 'a' <= c && c <= 'z' {
			needUpper = true
			break
		}
	}
	if needUpper {
		t = strings.ToUpper(t)
	}
	return t, t != s
}

// looksLegacy reports whether s is to be judged as a QCVN 102 code: exactly four dot-separated groups, the first
// of which is not a level-1 code. A QĐ 20/2020 code starts with its level-1 code ("H53.31.21.001"), a QCVN 102
// code ends with it, so the first group tells them apart; widths are not checked here so that a wrong width
// ("000.00.00.G2") is reported as such rather than as "not a legacy code".
func looksLegacy(s string) bool {
	dots, first := 0, -1
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			if dots == 0 {
				first = i
			}
			dots++
		}
	}
	return dots == 3 && !isLevel1(s[:first])
}

// isLevel1 reports whether g has the shape of a level-1 code (mã cấp 1): an upper-case letter and two digits,
// the form QCVN 102:2016 gives M X1X2 and the list of QĐ 20/2020/QĐ-TTg (amended by QĐ 09/2025/QĐ-TTg) uses.
func isLevel1(g string) bool {
	return len(g) == 3 && isUpper(g[0]) && isDigit(g[1]) && isDigit(g[2])
}

// isRegistrationNumber reports whether g is shaped like the registration number QĐ 20/2020/QĐ-TTg uses as the
// code of an enterprise, co-operative or household business: 10 digits, or 13 for a dependent unit (the tax-code
// form "0100109106-001" written without its hyphen, which the code's character set does not allow).
func isRegistrationNumber(g string) bool {
	if len(g) != 10 && len(g) != 13 {
		return false
	}
	for i := 0; i < len(g); i++ {
		if !isDigit(g[i]) {
			return false
		}
	}
	return true
}

// parseLegacyFast accepts a well-formed QCVN 102 code with fixed-position checks, the common case on the document
// axis. It reports false for anything else, which parseLegacy or parseGeneric then judge and explain.
func parseLegacyFast(s string) (Code, bool) {
	if len(s) != 13 || s[3] != '.' || s[6] != '.' || s[9] != '.' || s[10]-'A' > 'Z'-'A' {
		return Code{}, false
	}
	// Unsigned byte arithmetic: c-'0' > 9 for every byte that is not a digit. One branch for the nine digits.
	if s[0]-'0' > 9 || s[1]-'0' > 9 || s[2]-'0' > 9 || s[4]-'0' > 9 || s[5]-'0' > 9 ||
		s[7]-'0' > 9 || s[8]-'0' > 9 || s[11]-'0' > 9 || s[12]-'0' > 9 {
		return Code{}, false
	}
	v := s[0] != '0' || s[1] != '0' || s[2] != '0'
	z := s[4] != '0' || s[5] != '0'
	y := s[7] != '0' || s[8] != '0'
	switch {
	case v && z && y:
		return Code{s: s, form: FormQCVN102, level: 4}, true
	case !v && z && y:
		return Code{s: s, form: FormQCVN102, level: 3}, true
	case !v && !z && y:
		return Code{s: s, form: FormQCVN102, level: 2}, true
	case !v && !z && !y:
		return Code{s: s, form: FormQCVN102, level: 1}, true
	}
	return Code{}, false // a unit under an absent level: parseLegacy explains it
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// legacyWidths are the widths of the four groups, left to right (levels 4, 3, 2, 1).
var legacyWidths = [4]int{3, 2, 2, 3}

func parseLegacy(s string) (Code, error) {
	var zero [3]bool // whether the groups of levels 4, 3, 2 are all zeros
	start, group := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			continue
		}
		g := s[start:i]
		if err := checkLegacyGroup(s, g, group, start); err != nil {
			return Code{}, err
		}
		if group < 3 {
			zero[group] = allZero(g)
		}
		group++
		start = i + 1
	}
	// QCVN 102: lower levels are zero-filled; a unit cannot sit under a level that is absent.
	// zero[0] is level 4 (V), zero[1] level 3 (Z), zero[2] level 2 (Y).
	if zero[2] && !zero[1] {
		return Code{}, newError(s, ErrHierarchy, 2, 4)
	}
	if (zero[2] || zero[1]) && !zero[0] {
		return Code{}, newError(s, ErrHierarchy, 1, 0)
	}
	level := uint8(1)
	switch {
	case !zero[0]:
		level = 4
	case !zero[1]:
		level = 3
	case !zero[2]:
		level = 2
	}
	return Code{s: s, form: FormQCVN102, level: level}, nil
}

// checkLegacyGroup validates group number idx (0-based from the left) of a legacy code starting at offset off.
func checkLegacyGroup(s, g string, idx, off int) error {
	if g == "" {
		return newError(s, ErrEmptyGroup, idx+1, off)
	}
	for j := 0; j < len(g); j++ {
		if c := g[j]; !isDigit(c) && !isUpper(c) {
			return newError(s, ErrCharacter, idx+1, off+j)
		}
	}
	if len(g) != legacyWidths[idx] {
		return newError(s, ErrGroupWidth, idx+1, off)
	}
	if idx == 3 {
		if !isLevel1(g) {
			return newError(s, ErrLevel1, idx+1, off)
		}
		return nil
	}
	for j := 0; j < len(g); j++ {
		if !isDigit(g[j]) {
			return newError(s, ErrDigits, idx+1, off+j)
		}
	}
	return nil
}

func allZero(g string) bool {
	for i := 0; i < len(g); i++ {
		if g[i] != '0' {
			return false
		}
	}
	return true
}

// parseGeneric judges s by the generic form of QĐ 20/2020/QĐ-TTg: characters, length and empty groups first,
// then the first group, which must be a level-1 code unless the whole code is a registration number.
func parseGeneric(s string) (Code, error) {
	if len(s) > MaxLen {
		return Code{}, newError(s, ErrTooLong, 0, MaxLen)
	}
	start, group, firstEnd := 0, 1, len(s)
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if c := s[i]; !isDigit(c) && !isUpper(c) {
				return Code{}, newError(s, ErrCharacter, group, i)
			}
			continue
		}
		if i == start {
			return Code{}, newError(s, ErrEmptyGroup, group, start)
		}
		if group == 1 {
			firstEnd = i
		}
		group++
		start = i + 1
	}
	first := s[:firstEnd]
	switch {
	case isLevel1(first):
	case firstEnd == len(s) && isRegistrationNumber(s):
	case firstEnd == len(s):
		return Code{}, newError(s, ErrForm, 0, 0)
	default:
		return Code{}, newError(s, ErrLevel1, 1, 0)
	}
	return Code{s: s, form: FormQD20}, nil
}

// String returns the code as written.
func (c Code) String() string { return c.s }

// IsZero reports whether c is the zero Code.
func (c Code) IsZero() bool { return c.s == "" }

// Form tells which rules the code was judged by.
func (c Code) Form() Form { return c.form }

// Level returns the level of a QCVN 102 code: 1 for the level-1 body itself ("000.00.00.H53", UBND tỉnh),
// 2 for a unit under it ("000.00.31.H53"), 3 and 4 below. Codes of the generic QĐ 20/2020 form have no
// published hierarchy and return 0.
func (c Code) Level() int { return int(c.level) }

// Root returns the level-1 code of a QCVN 102 code ("000.00.00.H53" for "000.21.31.H53"), or false.
func (c Code) Root() (Code, bool) {
	if c.form != FormQCVN102 {
		return Code{}, false
	}
	return Code{s: "000.00.00." + c.s[10:], form: FormQCVN102, level: 1}, true
}

// Parent returns the code of the unit directly above c: the lowest non-zero group zeroed
// ("000.21.31.H53" → "000.00.31.H53" → "000.00.00.H53"). Level-1 codes and generic-form codes have none.
func (c Code) Parent() (Code, bool) {
	if c.form != FormQCVN102 || c.level <= 1 {
		return Code{}, false
	}
	b := []byte(c.s)
	switch c.level {
	case 4:
		copy(b[0:3], "000")
	case 3:
		copy(b[4:6], "00")
	case 2:
		copy(b[7:9], "00")
	}
	return Code{s: string(b), form: FormQCVN102, level: c.level - 1}, true
}

// IsAncestorOf reports whether c is a strict ancestor of d in the QCVN 102 hierarchy.
func (c Code) IsAncestorOf(d Code) bool {
	if c.form != FormQCVN102 || d.form != FormQCVN102 || c.level >= d.level || c.s[10:] != d.s[10:] {
		return false
	}
	// Each non-zero group of c must equal d's group at the same place; c's zero groups are levels below it.
	for _, r := range [][2]int{{7, 9}, {4, 6}, {0, 3}} {
		g := c.s[r[0]:r[1]]
		if !allZero(g) && g != d.s[r[0]:r[1]] {
			return false
		}
	}
	return true
}

// Group returns the group of the given level of a QCVN 102 code ("H53" for level 1, "31" for level 2 of
// "000.21.31.H53"), or "" for other forms and levels.
func (c Code) Group(level int) string {
	if c.form != FormQCVN102 {
		return ""
	}
	switch level {
	case 1:
		return c.s[10:13]
	case 2:
		return c.s[7:9]
	case 3:
		return c.s[4:6]
	case 4:
		return c.s[0:3]
	}
	return ""
}

// MarshalText encodes the code as its text.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.s), nil }

// UnmarshalText parses a code strictly; empty text decodes to the zero Code.
func (c *Code) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Code{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// GoString shows the code in %#v output.
func (c Code) GoString() string { return fmt.Sprintf("agencycode.MustParse(%q)", c.s) }
