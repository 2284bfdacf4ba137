package diag

import (
	"encoding/json"
	"io"
	"sort"
)

// SARIF 2.1.0 (OASIS), the subset code-scanning services read: one run, the tool's rule catalogue, one result per
// finding with a physical location.
const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	DefaultConfig    sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string            `json:"ruleId"`
	RuleIndex  int               `json:"ruleIndex"`
	Level      string            `json:"level"`
	Message    sarifMessage      `json:"message"`
	Locations  []sarifLocation   `json:"locations"`
	Properties map[string]string `json:"properties,omitempty"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
	Logical  []sarifLogic  `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogic struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF renders the findings of all files as one SARIF 2.1.0 run. Rules found in tool.Rules are listed with
// their summaries; codes not in the catalogue are added so that every result's ruleIndex resolves. The message is
// in lang; the other language travels in the result's properties.
func WriteSARIF(w io.Writer, lang string, tool Tool, files []File) error {
	index := map[string]int{}
	var rules []sarifRule
	addRule := func(code, summary string, sev Severity) int {
		if i, ok := index[code]; ok {
			return i
		}
		index[code] = len(rules)
		rules = append(rules, sarifRule{ID: code, ShortDescription: sarifMessage{Text: summary},
			DefaultConfig: sarifConfig{Level: sarifLevel(sev)}})
		return index[code]
	}
	catalogue := append([]Rule(nil), tool.Rules...)
	sort.SliceStable(catalogue, func(i, j int) bool { return catalogue[i].Code < catalogue[j].Code })
	for _, r := range catalogue {
		summary := r.Summary
		if summary == "" {
			summary = r.Message
		}
		addRule(r.Code, summary, r.Severity)
	}
	results := []sarifResult{}
	for _, f := range files {
		for _, d := range f.diagnostics() {
			res := sarifResult{
				RuleID:    d.Code,
				RuleIndex: addRule(d.Code, d.Message, d.Severity),
				Level:     sarifLevel(d.Severity),
				Message:   sarifMessage{Text: d.Text(lang)},
				Locations: []sarifLocation{{Physical: sarifPhysical{Artifact: sarifArtifact{URI: f.Name}}}},
			}
			if d.Line > 0 {
				res.Locations[0].Physical.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
			}
			if d.Path != "" {
				res.Locations[0].Logical = []sarifLogic{{FullyQualifiedName: d.Path}}
			}
			other, otherLang := d.MessageVI, "message_vi"
			if lang == "vi" {
				other, otherLang = d.Message, "message_en"
			}
			if other != "" {
				res.Properties = map[string]string{otherLang: other}
			}
			results = append(results, res)
		}
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{{
		Tool:    sarifTool{Driver: sarifDriver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: rules}},
		Results: results,
	}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
