// Package diag holds the findings that egov's validators produce and renders them in the shapes every `validate`
// verb of the egov command shares: text, JSON, JUnit XML and SARIF 2.1.0.
//
// Errors are for failures; diagnostics are for findings. A validator returns a Report of Diagnostics, each with a
// stable code (AGC-…, EDOC-…, SIG-…), a severity, the location of the finding and a message in English and in
// Vietnamese. Codes are declared once as Rules, each a kind of finding with its {en, vi} message templates, and a
// package publishes them read-only through a Catalogue, so renderers (SARIF in particular) can list them and a
// vendor can look a code up. Arguments taken from the input are inserted verbatim in both languages; text that is
// itself bilingual travels as a Phrase. CheckTemplates verifies that both languages take the same arguments.
//
// It is the one findings model of egov: edoc, agencycode and signature report diag.Diagnostic values.
package diag

import (
	"fmt"
	"sort"
)

// Severity says how serious a finding is.
type Severity uint8

// Severities, most serious first.
const (
	// Error is a finding that makes the input non-conformant ("lỗi").
	Error Severity = iota
	// Warning is a finding that is tolerated but should be fixed ("cảnh báo").
	Warning
	// Info is a remark that needs no action ("thông tin").
	Info
)

var severityNames = [...]string{Error: "error", Warning: "warning", Info: "info"}
var severityNamesVI = [...]string{Error: "lỗi", Warning: "cảnh báo", Info: "thông tin"}

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// StringVI returns the Vietnamese name of the severity.
func (s Severity) StringVI() string {
	if int(s) < len(severityNamesVI) {
		return severityNamesVI[s]
	}
	return s.String()
}

// MarshalText encodes the severity as its English name.
func (s Severity) MarshalText() ([]byte, error) {
	if int(s) >= len(severityNames) {
		return nil, fmt.Errorf("diag: invalid severity %d", uint8(s))
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText decodes an English severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("diag: unknown severity %q", b)
}

// Diagnostic is one finding of a validator.
type Diagnostic struct {
	// Code is the stable identifier of the rule that produced the finding, e.g. "EDOC-M012".
	Code string `json:"code"`
	// Severity is how serious the finding is.
	Severity Severity `json:"severity"`
	// Path locates the finding inside the input (an element path, a field name, a code group).
	Path string `json:"path,omitempty"`
	// Line is the 1-based line of the finding in the input, 0 when unknown.
	Line int `json:"line,omitempty"`
	// Column is the 1-based column of the finding in the input, counted in characters (runes) from the start of
	// the line; 0 when unknown: a reader that does not track columns leaves it 0 rather than guess.
	Column int `json:"column,omitempty"`
	// Message explains the finding in English.
	Message string `json:"message"`
	// MessageVI explains the finding in Vietnamese.
	MessageVI string `json:"message_vi"`
}

// Text returns the message in the language asked for ("vi" for Vietnamese, anything else for English).
func (d Diagnostic) Text(lang string) string {
	if lang == "vi" && d.MessageVI != "" {
		return d.MessageVI
	}
	return d.Message
}

// String formats the diagnostic on one line in English.
func (d Diagnostic) String() string {
	return formatLine(d, "en")
}

// Rule declares a diagnostic code once, with its severity and its message templates: the kind of a finding
// with its {en, vi} text. Templates take fmt verbs; arguments that are names from the input (element names,
// codes, file names) are inserted verbatim in both languages, never translated. Packages keep their rules
// unexported and publish them through a Catalogue, so a rule is a value a vendor can read but not alter.
type Rule struct {
	// Code is the stable identifier, e.g. "AGC-001".
	Code string
	// Severity is the default severity of findings of this rule.
	Severity Severity
	// Summary describes the rule in English, for rule catalogues (SARIF).
	Summary string
	// Message is the English fmt template of a finding.
	Message string
	// MessageVI is the Vietnamese fmt template of a finding.
	MessageVI string
}

// At builds a finding of the rule at a location, formatting both templates with args.
func (r Rule) At(path string, line, column int, args ...any) Diagnostic {
	return Diagnostic{
		Code:      r.Code,
		Severity:  r.Severity,
		Path:      path,
		Line:      line,
		Column:    column,
		Message:   sprintf(r.Message, "en", args),
		MessageVI: sprintf(r.MessageVI, "vi", args),
	}
}

// New builds a finding of the rule without a line, formatting both templates with args.
func (r Rule) New(path string, args ...any) Diagnostic {
	return r.At(path, 0, 0, args...)
}

// Phrase is a template argument that is itself text in both languages, such as the explanation another
// package gave in English and Vietnamese: Rule.At formats EN into the English message and VI into the Vietnamese
// one. Every other argument is formatted the same in both, so names from the input stay verbatim.
type Phrase struct {
	EN, VI string
}

// String returns the English text.
func (p Phrase) String() string { return p.EN }

func sprintf(format, lang string, args []any) string {
	if len(args) == 0 {
		return format
	}
	local := args
	for i, a := range args {
		p, ok := a.(Phrase)
		if !ok {
			continue
		}
		if &local[0] == &args[0] {
			local = append([]any(nil), args...)
		}
		local[i] = p.EN
		if lang == "vi" {
			local[i] = p.VI
		}
	}
	return fmt.Sprintf(format, local...)
}

// Report is the ordered list of findings about one input.
type Report struct {
	// Diagnostics are the findings, in the order they were made unless Sort was called.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// Add appends findings to the report.
func (r *Report) Add(d ...Diagnostic) {
	r.Diagnostics = append(r.Diagnostics, d...)
}

// Count returns how many findings have the given severity.
func (r *Report) Count(s Severity) int {
	if r == nil {
		return 0
	}
	n := 0
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any finding has severity Error.
func (r *Report) HasErrors() bool {
	return r.Count(Error) > 0
}

// Valid reports whether the input has no finding of severity Error.
func (r *Report) Valid() bool {
	return !r.HasErrors()
}

// Codes returns the codes of the findings in order, convenient in tests.
func (r *Report) Codes() []string {
	if r == nil {
		return nil
	}
	codes := make([]string, len(r.Diagnostics))
	for i, d := range r.Diagnostics {
		codes[i] = d.Code
	}
	return codes
}

// Has reports whether a finding with the code is present.
func (r *Report) Has(code string) bool {
	if r == nil {
		return false
	}
	for _, d := range r.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

// Sort orders the findings by line, column, then code, keeping the original order among equals.
func (r *Report) Sort() {
	sort.SliceStable(r.Diagnostics, func(i, j int) bool {
		a, b := r.Diagnostics[i], r.Diagnostics[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}
