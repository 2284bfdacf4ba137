package reporting

import (
	"strconv"
	"strings"
)

// MaxNumberLen bounds the text of one number: longer cells are rejected as not a number before any work.
const MaxNumberLen = 64

// NumberStyle tells how a number was written.
type NumberStyle uint8

const (
	// StylePlain is digits with at most a decimal point and no grouping ("3128", "50.93"): machine format.
	StylePlain NumberStyle = iota
	// StyleVietnamese groups thousands with "." and marks decimals with "," ("3.693.639", "50,93").
	StyleVietnamese
	// StyleEnglish groups thousands with "," and marks decimals with "." ("3,222", "1,234.5").
	StyleEnglish
)

// NumberIssue is what the parser noticed about the way a number was written.
type NumberIssue uint8

const (
	// IssueNone is a number written in one clear style.
	IssueNone NumberIssue = iota
	// IssueEnglish is a number read with English separators (",", thousands) where Vietnamese ones were expected:
	// accepted, with a warning.
	IssueEnglish
	// IssueAmbiguous is a single "." before three digits in a decimal quantity ("1.234" percent): read as a decimal
	// point, with a warning that it may have been a thousands group.
	IssueAmbiguous
	// IssueMixed is a number whose separators contradict each other for its unit ("2.500.000,000" for an amount in
	// VND: Vietnamese grouping, then a decimal comma before three zeros that reads as an English group).
	IssueMixed
)

// Number is a parsed figure with what the reader needs to judge it.
type Number struct {
	// Value is the number (a percentage is kept in percent: "50,93%" is 50.93).
	Value float64
	// Decimals is the count of digits printed after the decimal mark, which sets the default tolerance of a ratio.
	Decimals int
	// Percent is true when the text ended with "%".
	Percent bool
	// Style is how the number was written.
	Style NumberStyle
	// Issue is what the parser noticed, IssueNone for a clean number.
	Issue NumberIssue
}

// ParseNumber reads a figure as people type it in Vietnamese reports: "3.693.639", "50,93%", "22.638.000.000",
// and plain machine numbers ("3128", "-1.5", "50.93"). integer says whether the quantity is whole (counts,
// amounts in VND), which decides the ambiguous cases:
//
//   - one "." before exactly three digits ("3.128") is a thousands group for a whole quantity, a decimal point
//     otherwise (IssueAmbiguous when the integer part has 1–3 digits);
//   - one "," before exactly three digits ("3,222") is an English thousands group for a whole quantity
//     (IssueEnglish), a Vietnamese decimal comma otherwise;
//   - Vietnamese grouping followed by a decimal part in a whole quantity is IssueMixed; when the part has three
//     digits ("2.500.000,000" in VND) the comma is read as a mistyped group mark (2 500 000 000), since a whole
//     quantity has no decimals, otherwise as a decimal comma.
//
// It reports ok false for text that is not a number in any style (letters, misplaced groups, "1.234,5.6").
// Spaces and no-break spaces around the number and between groups are ignored. It never allocates for inputs
// that need no normalisation beyond removing separators of at most MaxNumberLen bytes.
func ParseNumber(s string, integer bool) (n Number, ok bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if len(s) == 0 || len(s) > MaxNumberLen {
		return Number{}, false
	}
	if strings.HasSuffix(s, "%") {
		n.Percent = true
		s = strings.TrimSpace(s[:len(s)-1])
	}
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var buf [MaxNumberLen]byte
	digits := buf[:0]
	dots, commas := 0, 0
	lastSep := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '.':
			dots++
			lastSep = c
		case c == ',':
			commas++
			lastSep = c
		case c == ' ':
		default:
			return Number{}, false
		}
	}
	if len(digits) == 0 {
		return Number{}, false
	}
	s = strings.ReplaceAll(s, " ", "")
	var intPart, frac string
	switch {
	case dots == 0 && commas == 0:
		intPart = s
	case commas == 0:
		intPart, frac, ok = splitGrouped(s, '.', integer)
		n.Style = StyleVietnamese
		if dots == 1 && !grouped(s, '.') {
			n.Style = StylePlain
		} else if dots == 1 && !integer {
			n.Style, n.Issue = StylePlain, IssueAmbiguous
		}
	case dots == 0:
		intPart, frac, ok = splitGrouped(s, ',', integer)
		n.Style = StyleVietnamese
		if frac == "" {
			n.Style, n.Issue = StyleEnglish, IssueEnglish
		}
	case lastSep == ',':
		// Vietnamese: dots group, one comma marks decimals.
		i := strings.LastIndexByte(s, ',')
		intPart, frac = s[:i], s[i+1:]
		ok = commas == 1 && groupsValid(intPart, '.') && frac != ""
		n.Style = StyleVietnamese
		if integer {
			n.Issue = IssueMixed
			if len(frac) == 3 {
				// "2.500.000,000" in VND: the comma is a mistyped group mark, as the column's total confirms.
				intPart, frac = intPart+frac, ""
			}
		}
	default:
		// English: commas group, one dot marks decimals.
		i := strings.LastIndexByte(s, '.')
		intPart, frac = s[:i], s[i+1:]
		ok = dots == 1 && groupsValid(intPart, ',') && frac != ""
		n.Style, n.Issue = StyleEnglish, IssueEnglish
	}
	if dots+commas > 0 && !ok {
		return Number{}, false
	}
	txt := buf[:0]
	for i := 0; i < len(intPart); i++ {
		if c := intPart[i]; c >= '0' && c <= '9' {
			txt = append(txt, c)
		}
	}
	if len(txt) == 0 {
		return Number{}, false
	}
	if frac != "" {
		txt = append(append(txt, '.'), frac...)
	}
	v, err := strconv.ParseFloat(string(txt), 64)
	if err != nil {
		return Number{}, false
	}
	if neg {
		v = -v
	}
	n.Value, n.Decimals = v, len(frac)
	return n, true
}

// grouped reports whether s has the shape of thousands groups separated by sep: 1–3 digits, then groups of three.
func grouped(s string, sep byte) bool {
	first := strings.IndexByte(s, sep)
	return first >= 1 && first <= 3 && groupsValid(s, sep)
}

// groupsValid checks that s is digits grouped by sep: a head of 1–3 digits, then groups of exactly three.
func groupsValid(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	for i, p := range parts {
		if p == "" || !allDigits(p) || len(p) > 3 || (i > 0 && len(p) != 3) {
			return false
		}
	}
	return true
}

// splitGrouped splits a number holding only sep separators into its integer part and fraction. Several
// separators are thousands groups; a single one is a group when it is followed by three digits, the head has 1–3
// digits and the quantity is whole (or sep is "." and the value reads as Vietnamese grouping); otherwise it is
// the decimal mark.
func splitGrouped(s string, sep byte, integer bool) (intPart, frac string, ok bool) {
	if strings.Count(s, string(sep)) > 1 {
		return s, "", groupsValid(s, sep)
	}
	i := strings.IndexByte(s, sep)
	head, tail := s[:i], s[i+1:]
	if head == "" || tail == "" || !allDigits(head) || !allDigits(tail) {
		return "", "", false
	}
	if integer && grouped(s, sep) {
		return s, "", true
	}
	return head, tail, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FormatVietnamese prints v the Vietnamese way with the given decimals: "3.693.639", "50,93".
func FormatVietnamese(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', max(decimals, 0), 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}
