package main

import (
	"encoding/json"

	"github.com/vnegov/egov/diag"
)

// toolInfo describes egov to the SARIF and JUnit renderers, with the rule catalogue of the given areas.
func toolInfo(rules ...[]diag.Rule) diag.Tool {
	t := diag.Tool{Name: "egov", Version: moduleVersion(), InformationURI: "https://github.com/vnegov/egov"}
	for _, r := range rules {
		t.Rules = append(t.Rules, r...)
	}
	return t
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
