package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// Findings of the command itself, about inputs it could not read (docs/output.md).
var (
	ruleUnreadable = diag.Rule{Code: "EGOV-001", Severity: diag.Error,
		Summary:   "An input could not be read (missing file, permission, I/O error).",
		Message:   "cannot read the input: %s",
		MessageVI: "không đọc được dữ liệu đầu vào: %s"}
	ruleNotSupported = diag.Rule{Code: "EGOV-002", Severity: diag.Error,
		Summary:   "An input is not in a format the verb handles.",
		Message:   "the input is not in a supported format: %s",
		MessageVI: "dữ liệu đầu vào không thuộc định dạng được hỗ trợ: %s"}

	ruleDetachedHint = diag.Rule{Code: "EGOV-003", Severity: diag.Info,
		Summary:   "A detached CMS signature was verified without the file it signs.",
		Message:   "%s is a detached signature: give the signed file with --content FILE",
		MessageVI: "%s là chữ ký tách rời: hãy chỉ ra tệp đã được ký bằng --content TỆP"}
	ruleOutputExists = diag.Rule{Code: "EGOV-005", Severity: diag.Error,
		Summary:   "An output file already exists and was not replaced (--overwrite replaces it).",
		Message:   "%s: the file exists; not replaced (--overwrite replaces it)",
		MessageVI: "%s: tệp đã tồn tại; không ghi đè (dùng --overwrite để ghi đè)"}
	ruleNoSignature = diag.Rule{Code: "EGOV-004", Severity: diag.Warning,
		Summary:   "An input holds no signature (the verdict is INDETERMINATE).",
		Message:   "no signature found in %s",
		MessageVI: "không tìm thấy chữ ký số trong %s"}
)

// cliRules is the catalogue of the command's own findings.
func cliRules() []diag.Rule {
	return []diag.Rule{ruleUnreadable, ruleNotSupported, ruleDetachedHint, ruleNoSignature, ruleOutputExists}
}

// toolInfo describes egov to the SARIF and JUnit renderers, with the rule catalogue of the given areas.
func toolInfo(rules ...[]diag.Rule) diag.Tool {
	t := diag.Tool{Name: "egov", Version: moduleVersion(), InformationURI: "https://github.com/vnegov/egov"}
	for _, r := range append(rules, cliRules()) {
		t.Rules = append(t.Rules, r...)
	}
	return t
}

// noDiagnostics is the empty list every result carries when it has no finding, so that the key is always there.
func noDiagnostics() []diag.Diagnostic { return []diag.Diagnostic{} }

// inputFinding turns the failure to read or decode an input into a finding and the exit code it implies: the
// reader's own finding (a malformed package, exit 1), EGOV-005 (an output file it may not replace, exit 2) or
// EGOV-001 (an I/O error, exit 2).
func inputFinding(err error) (diag.Diagnostic, int) {
	var pe *edoc.Error
	if errors.As(err, &pe) {
		return pe.Diagnostic, exitFindings
	}
	var ee *existsError
	if errors.As(err, &ee) {
		return ruleOutputExists.New("", ee.path), exitUsage
	}
	var ie *inputError
	if errors.As(err, &ie) {
		d := ruleUnreadable.New("", ie.en)
		d.MessageVI = fmt.Sprintf(ruleUnreadable.MessageVI, ie.vi)
		return d, exitUsage
	}
	return ruleUnreadable.New("", errPhrase(err)), exitUsage
}

// worse returns the exit code that matters more: 2 (I/O) over 1 (findings) over 3 (indeterminate) over 0.
func worse(a, b int) int {
	rank := func(c int) int {
		switch c {
		case exitUsage:
			return 3
		case exitFindings:
			return 2
		case exitIndeterminate:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// writeJSON writes v as indented JSON on stdout.
func (e *env) writeJSON(v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return e.fail(err)
	}
	return exitOK
}

// writeFiles writes the report of a verb that takes files: {"files": [...]}.
func (e *env) writeFiles(files any) int { return e.writeJSON(map[string]any{"files": files}) }

// writeResults writes the report of a verb that does not take files: {"results": [...]}.
func (e *env) writeResults(results any) int { return e.writeJSON(map[string]any{"results": results}) }

// writeFindings renders validation reports in the chosen format and returns 1 when any file has an error finding.
func (e *env) writeFindings(tool diag.Tool, files []diag.File) int {
	if err := diag.Write(e.stdout, e.format, e.lang, tool, files); err != nil {
		return e.fail(err)
	}
	for _, f := range files {
		if !f.Valid() {
			return exitFindings
		}
	}
	return exitOK
}
