package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode"
)

// runCLI runs the command in-process and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// decodeReport decodes a JSON report and returns the entries of its array key ("files" or "results").
func decodeReport[T any](t *testing.T, out, key string) []T {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &m), out)
	require.Contains(t, m, key, out)
	var v []T
	require.NoError(t, json.Unmarshal(m[key], &v))
	return v
}

func TestAgencyCheckIssueExample(t *testing.T) {
	code, out, _ := runCLI(t, "agencycode", "check", "--format", "json", "--at", "2020-01-01",
		"000.00.00.G22", "000.21.31.H53", "000.21.00.H53", "00.00.00.H53", "000.00.00.h53", "000..00.H53")
	require.Equal(t, exitFindings, code)
	res := decodeReport[agencycode.Verdict](t, out, "results")
	require.Len(t, res, 6)
	require.True(t, res[0].Valid)
	require.Equal(t, 1, res[0].Level)
	require.Equal(t, "Văn phòng Chính phủ", res[0].Name)
	require.True(t, res[1].Valid)
	require.Equal(t, 3, res[1].Level)
	require.Equal(t, "000.00.31.H53", res[1].Parent)
	require.Equal(t, agencycode.FormQCVN102, res[1].Form)
	invalid := map[int]string{2: "AGC-007", 3: "AGC-005", 5: "AGC-003"}
	for i, want := range invalid {
		require.False(t, res[i].Valid, res[i].Input)
		require.Len(t, res[i].Diagnostics, 1)
		require.Equal(t, want, res[i].Diagnostics[0].Code)
	}
	require.True(t, res[4].Valid)
	require.Equal(t, "000.00.00.H53", res[4].Code)
	require.Equal(t, "AGC-101", res[4].Diagnostics[0].Code)
	require.Equal(t, "warning", res[4].Diagnostics[0].Severity.String())
}

func TestAgencyCheckFormats(t *testing.T) {
	code, out, _ := runCLI(t, "agencycode", "check", "000.00.00.G22", "--at", "2020-01-01")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "000.00.00.G22: valid (qcvn102, level 1) Văn phòng Chính phủ")

	code, out, _ = runCLI(t, "agencycode", "check", "--lang", "vi", "000.21.00.H53")
	require.Equal(t, exitFindings, code)
	require.Contains(t, out, "không hợp lệ")
	require.Contains(t, out, "phải điền 0")

	code, out, _ = runCLI(t, "agencycode", "check", "--format", "junit", "000.21.00.H53", "000.00.00.G22")
	require.Equal(t, exitFindings, code)
	var suites struct {
		Failures int `xml:"failures,attr"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &suites))
	require.Equal(t, 1, suites.Failures)

	code, out, _ = runCLI(t, "agencycode", "check", "--format", "sarif", "000.21.00.H53")
	require.Equal(t, exitFindings, code)
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Equal(t, "2.1.0", log.Version)
	require.Equal(t, "AGC-007", log.Runs[0].Results[0].RuleID)
}

func TestAgencyCheckRegistryFindings(t *testing.T) {
	_, out, _ := runCLI(t, "agencycode", "check", "--format", "json", "--at", "2026-01-01", "000.00.00.G14", "000.00.00.G30", "000.00.00.H99")
	res := decodeReport[agencycode.Verdict](t, out, "results")
	require.Equal(t, "AGC-104", res[0].Diagnostics[0].Code, "G14 ended with the 2025 mergers")
	require.Empty(t, res[1].Diagnostics, "G30 is known in 2026")
	require.Equal(t, "AGC-102", res[2].Diagnostics[0].Code)
	_, out, _ = runCLI(t, "agencycode", "check", "--format", "json", "--at", "2024-01-01", "000.00.00.G30")
	res = decodeReport[agencycode.Verdict](t, out, "results")
	require.Equal(t, "AGC-103", res[0].Diagnostics[0].Code)
}

func TestAgencyRegistryFile(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "tinh.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte("code,name\n000.00.07.H53,Sở thử nghiệm\n"), 0o600))
	code, out, _ := runCLI(t, "agencycode", "check", "--registry", csvPath, "000.00.07.H53")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "Sở thử nghiệm")
	jsonPath := filepath.Join(dir, "tinh.json")
	require.NoError(t, os.WriteFile(jsonPath, []byte(` [{"code":"000.00.08.H53","name":"Sở JSON"}]`), 0o600))
	_, out, _ = runCLI(t, "agencycode", "children", "--registry", jsonPath, "000.00.00.H53")
	require.Contains(t, out, "Sở JSON")
	code, _, errOut := runCLI(t, "agencycode", "check", "--registry", filepath.Join(dir, "missing.csv"), "G22")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "missing.csv")
}

func TestAgencyExplainAndChildren(t *testing.T) {
	code, out, _ := runCLI(t, "agencycode", "explain", "--at", "2020-01-01", "000.21.31.H53")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "level 2  31   000.00.31.H53  Ủy ban nhân dân huyện Bến Cầu")
	require.Contains(t, out, "parents: 000.00.31.H53 → 000.00.00.H53")

	code, out, _ = runCLI(t, "agencycode", "explain", "--format", "json", "--at", "2020-01-01", "000.21.31.H53")
	require.Equal(t, exitOK, code)
	exs := decodeReport[agencycode.Explanation](t, out, "results")
	require.Len(t, exs, 1)
	ex := exs[0]
	require.Len(t, ex.Groups, 4)
	require.Equal(t, "Ủy ban nhân dân tỉnh Tây Ninh", ex.Groups[0].Name)
	require.Equal(t, []string{"000.00.31.H53", "000.00.00.H53"}, ex.Chain)

	code, out, _ = runCLI(t, "agencycode", "explain", "G22")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "generic form")

	code, _, _ = runCLI(t, "agencycode", "explain", "000.21.00.H53")
	require.Equal(t, exitFindings, code)

	code, out, _ = runCLI(t, "agencycode", "children", "--format", "json", "--at", "2020-01-01", "000.00.00.H53")
	require.Equal(t, exitOK, code)
	kids := decodeReport[map[string]any](t, out, "results")
	require.Len(t, kids, 3)

	code, out, errOut := runCLI(t, "agencycode", "children", "--at", "2026-01-01", "000.00.00.G22")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "no unit under")
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no args", nil, exitUsage, "Usage: egov"},
		{"unknown area", []string{"nope"}, exitUsage, "unknown area"},
		{"area without verb", []string{"agencycode"}, exitUsage, "Verbs:"},
		{"unknown verb", []string{"agencycode", "nope"}, exitUsage, "unknown verb"},
		{"no code", []string{"agencycode", "check"}, exitUsage, "no code given"},
		{"bad format", []string{"agencycode", "check", "--format", "xml", "G22"}, exitUsage, "unknown --format"},
		{"bad lang", []string{"agencycode", "check", "--lang", "fr", "G22"}, exitUsage, "unknown --lang"},
		{"bad flag", []string{"agencycode", "check", "--nope", "G22"}, exitUsage, "flag provided but not defined"},
		{"bad date", []string{"agencycode", "check", "--at", "tomorrow", "G22"}, exitUsage, "YYYY-MM-DD"},
		{"junit on explain", []string{"agencycode", "explain", "--format", "junit", "G22"}, exitUsage, "unknown --format"},
		{"two codes to explain", []string{"agencycode", "explain", "G22", "G01"}, exitUsage, "exactly one"},
		{"bad code to children", []string{"agencycode", "children", "x..y"}, exitUsage, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code)
			require.Contains(t, errOut, tt.want)
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	// Help and usage go to stderr (issue 9: a typo in CI must not write usage into the machine output on stdout).
	code, out, errOut := runCLI(t, "help")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "agencycode")
	code, out, errOut = runCLI(t, "agencycode", "-h")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "check")
	code, out, errOut = runCLI(t, "agencycode", "check", "-h")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "--registry")
	require.Equal(t, 1, strings.Count(errOut, "Usage:"), "usage printed once")
	code, out, errOut = runCLI(t, "agencycode", "check", "--help")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "--registry")
	code, out, errOut = runCLI(t, "help", "agencycode")
	require.Equal(t, exitOK, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "explain")
	// A mistyped flag: exit 2, one message naming the flag on stderr, nothing on stdout, no usage dump.
	code, out, errOut = runCLI(t, "edoc", "validate", "--formt", "junit", "x.edxml")
	require.Equal(t, exitUsage, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "formt")
	require.NotContains(t, errOut, "Usage:")
	code, out, _ = runCLI(t, "version")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "go1.")
	code, out, _ = runCLI(t, "version", "--format", "json")
	require.Equal(t, exitOK, code)
	require.Equal(t, "github.com/vnegov/egov", decodeReport[versionInfo](t, out, "results")[0].Module)
}

// TestAgencyCheckTypos is issue 9: typos used to be reported as "valid (qd20)" with exit 0.
func TestAgencyCheckTypos(t *testing.T) {
	tests := []struct {
		code string
		rule string
	}{
		{"000.00.00.G2", "AGC-005"},
		{"000.00.00.G222", "AGC-005"},
		{"X", "AGC-009"},
		{"1", "AGC-009"},
		{"000.00.00.H53.1", "AGC-008"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			code, out, _ := runCLI(t, "agencycode", "check", "--format", "json", tt.code)
			require.Equal(t, exitFindings, code)
			res := decodeReport[agencycode.Verdict](t, out, "results")
			require.Len(t, res, 1)
			require.False(t, res[0].Valid)
			require.Equal(t, tt.rule, res[0].Diagnostics[0].Code)
		})
	}
	code, out, _ := runCLI(t, "agencycode", "check", "000.00.00.G2")
	require.Equal(t, exitFindings, code)
	require.NotContains(t, out, "valid (qd20)")
	require.Contains(t, out, "group 4 has 2 characters")
}

// TestAgencyCheckProvinceAfterMergers: UBND TP.HCM keeps H29 after 1/7/2025 (QĐ 09/2025/QĐ-TTg), Thái Bình's H54
// is closed.
func TestAgencyCheckProvinceAfterMergers(t *testing.T) {
	code, out, _ := runCLI(t, "agencycode", "check", "--format", "json", "--at", "2026-01-01",
		"000.00.00.H29", "000.00.00.H54")
	require.Equal(t, exitOK, code, "registry findings are warnings or notes, not errors")
	res := decodeReport[agencycode.Verdict](t, out, "results")
	require.Equal(t, "Ủy ban nhân dân Thành phố Hồ Chí Minh", res[0].Name)
	require.Empty(t, res[0].Diagnostics)
	require.Empty(t, res[1].Name)
	require.Equal(t, "AGC-104", res[1].Diagnostics[0].Code)
}
