package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/edoc"
)

func edocFixture(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join("..", "..", "edoc", "testdata", "packages", name)
}

func TestEdocValidateSample(t *testing.T) {
	code, out, _ := runCLI(t, "edoc", "validate", "--sample")
	require.Equal(t, exitOK, code, out)
	require.Contains(t, out, "sample.edxml: valid")
	require.Contains(t, out, "EDOC-G001")
}

func TestEdocValidateJSON(t *testing.T) {
	code, out, _ := runCLI(t, "edoc", "validate", "--format", "json", "--at", "2024-06-01",
		edocFixture(t, "sample.edxml"), edocFixture(t, "findings.edxml"))
	require.Equal(t, exitFindings, code)
	var res struct {
		Files []struct {
			File        string `json:"file"`
			Valid       bool   `json:"valid"`
			Diagnostics []struct {
				Code, Severity, Path, Message string
				Line                          int
				MessageVI                     string `json:"message_vi"`
			} `json:"diagnostics"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Files, 2)
	require.True(t, res.Files[0].Valid)
	require.False(t, res.Files[1].Valid)
	var d001 bool
	for _, d := range res.Files[1].Diagnostics {
		if d.Code == "EDOC-D001" {
			d001 = true
			require.Equal(t, "error", d.Severity)
			require.Positive(t, d.Line)
			require.Contains(t, d.Path, "DocumentId")
			require.NotEmpty(t, d.MessageVI)
		}
	}
	require.True(t, d001)
}

func TestEdocValidateProfiles(t *testing.T) {
	code, out, _ := runCLI(t, "edoc", "validate", edocFixture(t, "quirks.edxml"))
	require.Equal(t, exitFindings, code, out)
	code, out, _ = runCLI(t, "edoc", "validate", "--profile", "interop", edocFixture(t, "quirks.edxml"))
	require.Equal(t, exitOK, code, out)
	require.Contains(t, out, "warning EDOC-X010")
	code, _, errOut := runCLI(t, "edoc", "validate", "--profile", "lax", edocFixture(t, "quirks.edxml"))
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "unknown profile")
}

func TestEdocValidateFormats(t *testing.T) {
	for _, format := range []string{"junit", "sarif"} {
		code, out, _ := runCLI(t, "edoc", "validate", "--format", format, edocFixture(t, "placeholder.edxml"))
		require.Equal(t, exitFindings, code)
		require.Contains(t, out, "EDOC-C005")
		if format == "junit" {
			require.NoError(t, xml.Unmarshal([]byte(out), new(any)))
		} else {
			require.True(t, json.Valid([]byte(out)))
			require.Contains(t, out, "EDOC-X001") // the rule catalogue is listed
		}
	}
	code, out, _ := runCLI(t, "edoc", "validate", "--lang", "vi", edocFixture(t, "placeholder.edxml"))
	require.Equal(t, exitFindings, code)
	require.Contains(t, out, "không phải base64 hợp lệ")
}

func TestEdocValidateBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	sample := edoc.SamplePackage()
	files := map[string][]byte{
		"truncated.edxml": sample[:len(sample)/2],
		"notxml.edxml":    []byte("\x00\x01binary garbage"),
		"empty.edxml":     nil,
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		code, out, errOut := runCLI(t, "edoc", "validate", path)
		require.Equal(t, exitFindings, code, name)
		require.Contains(t, out, "invalid", name)
		require.NotContains(t, out+errOut, "goroutine", name)
		require.NotContains(t, out+errOut, "panic", name)
	}
	code, _, errOut := runCLI(t, "edoc", "validate", filepath.Join(dir, "missing.edxml"))
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "no such file")
	code, _, _ = runCLI(t, "edoc", "validate")
	require.Equal(t, exitUsage, code)
}

func TestEdocInspect(t *testing.T) {
	code, out, _ := runCLI(t, "edoc", "inspect", edocFixture(t, "sample.edxml"))
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "7816/VPCP-TTĐT")
	require.Contains(t, out, "7816-VPCP-TTDT.pdf")
	code, out, _ = runCLI(t, "edoc", "inspect", "--format", "json", edocFixture(t, "status-03.edxml"))
	require.Equal(t, exitOK, code)
	res := decodeReport[inspection](t, out, "files")[0]
	require.Equal(t, "status", res.Kind)
	require.Equal(t, edoc.StatusAccepted, res.Status.Code)
	code, _, errOut := runCLI(t, "edoc", "inspect", edocFixture(t, "truncated.edxml"))
	require.Equal(t, exitFindings, code)
	require.Contains(t, errOut, "EDOC-X004")
}

func TestEdocNewExtractStatus(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "quyet-dinh.pdf")
	require.NoError(t, os.WriteFile(pdf, []byte("%PDF-1.7\n"+strings.Repeat("nội dung ", 2000)), 0o644))
	meta := filepath.Join(dir, "meta.json")
	require.NoError(t, os.WriteFile(meta, []byte(`{
		"from": {"OrganID": "000.00.00.G22", "OrganName": "Văn phòng Chính phủ"},
		"to": [{"OrganID": "000.00.00.G12", "OrganName": "Bộ Tài chính"}],
		"number": "231", "notation": "QĐ-VPCP", "date": "2024/05/10", "place": "Hà Nội",
		"type": 1, "type_name": "Quyết định", "subject": "Về việc thử nghiệm", "priority": 1
	}`), 0o644))
	out := filepath.Join(dir, "out.edxml")
	code, stdout, errOut := runCLI(t, "edoc", "new", "--meta", meta, "--attach", pdf, "-o", out, "--at", "2024-05-10T15:00:00+07:00")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, stdout, "000.00.00.G22,2024/05/10,231/QĐ-VPCP")

	code, stdout, _ = runCLI(t, "edoc", "validate", "--at", "2024-06-01", out)
	require.Equal(t, exitOK, code, stdout)

	extractDir := filepath.Join(dir, "files")
	code, stdout, errOut = runCLI(t, "edoc", "extract", out, extractDir)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, stdout, "quyet-dinh.pdf")
	got, err := os.ReadFile(filepath.Join(extractDir, "quyet-dinh.pdf"))
	require.NoError(t, err)
	want, _ := os.ReadFile(pdf)
	require.Equal(t, want, got)

	status := filepath.Join(dir, "status.edxml")
	code, _, errOut = runCLI(t, "edoc", "status", "--for", out, "--code", "03", "--previous", "01", "-o", status, "--at", "2024-05-10T16:00:00+07:00")
	require.Equal(t, exitOK, code, errOut)
	code, stdout, _ = runCLI(t, "edoc", "validate", "--previous", "01", status)
	require.Equal(t, exitOK, code, stdout)
	sp, err := os.Open(status)
	require.NoError(t, err)
	defer sp.Close()
	s, err := edoc.ReadStatus(sp, edoc.ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, "000.00.00.G12", s.From.OrganID)
	require.Equal(t, "000.00.00.G22,2024/05/10,231/QĐ-VPCP", s.ResponseFor.DocumentID)

	code, _, errOut = runCLI(t, "edoc", "status", "--for", out, "--code", "06", "--previous", "01")
	require.Equal(t, exitFindings, code)
	require.NotEmpty(t, errOut)
	code, _, _ = runCLI(t, "edoc", "status", "--for", out, "--code", "09")
	require.Equal(t, exitUsage, code)
}

func TestEdocExtractSafeNames(t *testing.T) {
	used := map[string]bool{}
	require.Equal(t, "passwd", safeName("../../etc/passwd", 0, used))
	require.Equal(t, "passwd-2", safeName("passwd", 1, used))
	require.Equal(t, "attachment-3", safeName("..", 2, used))
	require.Equal(t, "a_b.pdf", safeName("a:b.pdf", 3, used))
	require.Equal(t, "x.pdf", safeName(`C:\docs\x.pdf`, 4, used))
}

// TestEdocBuildersValidateBeforeWriting is issue 9: `edoc new` without `from`, or with an empty attachment, wrote
// an invalid package with exit 0, and `edoc status --for` a status package answered it with an empty header.
func TestEdocBuildersValidateBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	pdf := filepath.Join(dir, "cv.pdf")
	require.NoError(t, os.WriteFile(pdf, []byte("%PDF-1.7\nnội dung\n"), 0o644))
	empty := filepath.Join(dir, "empty.pdf")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	good := `"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},`
	rest := `"to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}],
		"number": "231", "notation": "QĐ-VPCP", "date": "2024/05/10", "place": "Hà Nội",
		"type": 1, "type_name": "Quyết định", "subject": "Về việc thử nghiệm"}`
	noFrom := filepath.Join(dir, "nofrom.json")
	require.NoError(t, os.WriteFile(noFrom, []byte("{"+rest), 0o644))
	meta := filepath.Join(dir, "meta.json")
	require.NoError(t, os.WriteFile(meta, []byte("{"+good+rest), 0o644))
	at := "2024-05-10T15:00:00+07:00"

	tests := []struct {
		name   string
		meta   string
		attach string
	}{
		{"no sender", noFrom, pdf},
		{"empty attachment", meta, empty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".edxml")
			code, stdout, errOut := runCLI(t, "edoc", "new", "--meta", tt.meta, "--attach", tt.attach, "-o", out, "--at", at)
			require.Equal(t, exitFindings, code, errOut)
			require.Empty(t, stdout)
			require.Contains(t, errOut, "not written")
			require.NoFileExists(t, out)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			for _, e := range entries {
				require.False(t, strings.HasPrefix(e.Name(), ".egov-"), "temporary file left behind: %s", e.Name())
			}

			code, stdout, _ = runCLI(t, "edoc", "new", "--meta", tt.meta, "--attach", tt.attach, "-o", out, "--at", at, "--format", "json")
			require.Equal(t, exitFindings, code)
			res := decodeReport[built](t, stdout, "files")
			require.NotEmpty(t, res[0].Diagnostics)
			require.NoFileExists(t, out)

			code, _, _ = runCLI(t, "edoc", "new", "--meta", tt.meta, "--attach", tt.attach, "-o", out, "--at", at, "--force")
			require.Equal(t, exitFindings, code, "forced, but the findings still say it is invalid")
			require.FileExists(t, out)
		})
	}

	doc := filepath.Join(dir, "doc.edxml")
	code, _, errOut := runCLI(t, "edoc", "new", "--meta", meta, "--attach", pdf, "-o", doc, "--at", at)
	require.Equal(t, exitOK, code, errOut)
	st := filepath.Join(dir, "st.edxml")
	code, _, errOut = runCLI(t, "edoc", "status", "--for", doc, "--code", "01", "-o", st, "--at", "2024-05-10T16:00:00+07:00")
	require.Equal(t, exitOK, code, errOut)
	code, stdout, errOut := runCLI(t, "edoc", "status", "--for", st, "--code", "01", "-o", filepath.Join(dir, "st2.edxml"))
	require.Equal(t, exitUsage, code)
	require.Empty(t, stdout)
	require.Contains(t, errOut, "is a status package")
	require.NoFileExists(t, filepath.Join(dir, "st2.edxml"))
}
