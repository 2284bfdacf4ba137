package diag

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// File is the report about one named input, the unit every renderer works on.
type File struct {
	// Name is the file name (or the argument) the report is about.
	Name string
	// Report holds the findings; nil means no finding.
	Report *Report
}

// Valid reports whether the file has no finding of severity Error.
func (f File) Valid() bool { return f.Report.Valid() }

func (f File) diagnostics() []Diagnostic {
	if f.Report == nil {
		return nil
	}
	return f.Report.Diagnostics
}

// Tool names the program that produced the findings, for SARIF and JUnit.
type Tool struct {
	// Name is the program name, e.g. "egov".
	Name string
	// Version is the program version.
	Version string
	// InformationURI points to the program's documentation.
	InformationURI string
	// Rules is the catalogue of rules the program may report; SARIF lists them.
	Rules []Rule
}

// Formats returns the output formats Write understands, in a new slice.
func Formats() []string { return []string{"text", "json", "junit", "sarif"} }

// Write renders files in format ("text", "json", "junit" or "sarif"), with messages in lang ("en" or "vi") where the
// format carries a single message.
func Write(w io.Writer, format, lang string, tool Tool, files []File) error {
	switch format {
	case "", "text":
		return WriteText(w, lang, files)
	case "json":
		return WriteJSON(w, files)
	case "junit":
		return WriteJUnit(w, lang, tool, files)
	case "sarif":
		return WriteSARIF(w, lang, tool, files)
	}
	return fmt.Errorf("diag: unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// textWords are the words of the text renderer in each language: the severity comes from Severity.String or
// StringVI, the rest from here. Codes and paths are identifiers and stay as they are in both.
type textWords struct {
	line, at, valid, invalid string
}

var (
	wordsEN = textWords{line: "line", at: "at", valid: "valid", invalid: "invalid"}
	// wordsVI: "dòng 3:7 tại Header/From" reads as "line 3, column 7, at Header/From".
	wordsVI = textWords{line: "dòng", at: "tại", valid: "hợp lệ", invalid: "không hợp lệ"}
)

func wordsFor(lang string) textWords {
	if lang == "vi" {
		return wordsVI
	}
	return wordsEN
}

func formatLine(d Diagnostic, lang string) string {
	var b strings.Builder
	words := wordsFor(lang)
	sev := d.Severity.String()
	if lang == "vi" {
		sev = d.Severity.StringVI()
	}
	b.WriteString(sev)
	b.WriteString(" ")
	b.WriteString(d.Code)
	if d.Line > 0 {
		fmt.Fprintf(&b, " %s %d", words.line, d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	if d.Path != "" {
		b.WriteString(" " + words.at + " ")
		b.WriteString(d.Path)
	}
	b.WriteString(": ")
	b.WriteString(d.Text(lang))
	return b.String()
}

// FormatLine formats a finding on one line as the text renderer does, in lang ("vi" for Vietnamese, anything else
// for English): severity, code, "line N:C" and "at PATH" when known, then the message.
func FormatLine(d Diagnostic, lang string) string { return formatLine(d, lang) }

// WriteText renders one block per file: a verdict line, then one indented line per finding. With lang "vi" every
// word of it is Vietnamese ("không hợp lệ", "lỗi … dòng 3 tại …"); file names, codes and paths are printed as given.
func WriteText(w io.Writer, lang string, files []File) error {
	var b strings.Builder
	words := wordsFor(lang)
	for _, f := range files {
		verdict := words.valid
		if !f.Valid() {
			verdict = words.invalid
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Name, verdict)
		for _, d := range f.diagnostics() {
			b.WriteString("  ")
			b.WriteString(formatLine(d, lang))
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type jsonFile struct {
	File        string       `json:"file"`
	Valid       bool         `json:"valid"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// WriteJSON renders {"files":[{"file","valid","diagnostics":[…]}]}, both languages in every diagnostic.
func WriteJSON(w io.Writer, files []File) error {
	out := struct {
		Files []jsonFile `json:"files"`
	}{Files: make([]jsonFile, 0, len(files))}
	for _, f := range files {
		ds := f.diagnostics()
		if ds == nil {
			ds = []Diagnostic{}
		}
		out.Files = append(out.Files, jsonFile{File: f.Name, Valid: f.Valid(), Diagnostics: ds})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit renders one test suite per file with one test case per error finding (a failure) or, when the file
// has no error, one passing case that carries the warnings in system-out. CI servers read it as test results.
func WriteJUnit(w io.Writer, lang string, tool Tool, files []File) error {
	root := junitSuites{Name: tool.Name}
	for _, f := range files {
		s := junitSuite{Name: f.Name}
		var notes []string
		for _, d := range f.diagnostics() {
			if d.Severity != Error {
				notes = append(notes, formatLine(d, lang))
				continue
			}
			s.Cases = append(s.Cases, junitCase{
				Name:      d.Code + " " + d.Path,
				ClassName: f.Name,
				Failure:   &junitFailure{Message: d.Text(lang), Type: d.Code, Text: formatLine(d, lang)},
			})
			s.Failures++
		}
		if s.Failures == 0 {
			s.Cases = append(s.Cases, junitCase{Name: wordsFor(lang).valid, ClassName: f.Name, SystemOut: strings.Join(notes, "\n")})
		}
		s.Tests = len(s.Cases)
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Suites = append(root.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
