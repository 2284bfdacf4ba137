package reporting

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/vnegov/egov/diag"
)

// requireTool returns the path of an external program, skipping the test when it is absent outside CI.
func requireTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not installed (CI=true requires it: Debian packages libreoffice-calc, chromium)", names[0])
	}
	t.Skipf("%s not installed; install Debian package libreoffice-calc or chromium to run this test", names[0])
	return ""
}

func provinceValues(t testing.TB) (*Values, *Values) {
	s := itAnnual(t)
	vals, rep := Validate(s, readJSONFile(t, "testdata/province-2021.json"), ValidateOptions{})
	require.Empty(t, rep.Diagnostics)
	prev, _ := Validate(s, readJSONFile(t, "testdata/seed-2020.json"), ValidateOptions{})
	return vals, prev
}

func TestXLSXRoundTrip(t *testing.T) {
	vals, prev := provinceValues(t)
	var buf bytes.Buffer
	findings := &diag.Report{}
	findings.Add(ruleEnglish.New("values.cert_active", "cert_active", "2,485", "2485"))
	require.NoError(t, WriteXLSX(&buf, vals, ExportOptions{Previous: prev, Findings: findings}))

	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Equal(t, []string{"Thông tin", "Hạ tầng kỹ thuật", "Quản lý văn bản và điều hành", "Chữ ký số, chứng thư số",
		"Dịch vụ công trực tuyến", "Kinh phí", "Nguồn nhân lực", "An toàn thông tin", "Biểu đồ", "Kiểm tra"}, sheets)
	v, err := f.GetCellValue("Chữ ký số, chứng thư số", "E2")
	require.NoError(t, err)
	require.Equal(t, "3,228", v) // #,##0 rendered by excelize in the default locale
	// Native charts: one drawing part per chart of the schema.
	charts := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			charts++
		}
		return true
	})
	require.Equal(t, len(vals.Schema.Charts), charts)

	// The workbook reads back to the same values.
	inst, err := ReadXLSX(bytes.NewReader(buf.Bytes()), vals.Schema, ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, "2021", inst.Period)
	require.Equal(t, "it-annual", inst.Schema)
	back, rep := Validate(vals.Schema, inst, ValidateOptions{})
	require.Empty(t, rep.Diagnostics)
	require.Equal(t, vals.Len(), back.Len())
	for _, ind := range vals.Schema.Indicators {
		a, _ := vals.Get(ind.ID)
		b, _ := back.Get(ind.ID)
		require.Equal(t, a, b, ind.ID)
	}
}

func TestXLSXBadCells(t *testing.T) {
	s := itAnnual(t)
	f := excelize.NewFile()
	rows := [][]any{
		{"schema", "it-annual"},
		{"cert_issued", nil, "Số chứng thư", "số lượng", "khoảng 3.000"},
		{"cert_active", nil, "", "", nil},
		{"cert_revoked", nil, "", "VND", 743},
		{"nope", nil, "", "", 1},
		{"dossiers_online_share", nil, "", "%", "50,93%"},
	}
	for i, r := range rows {
		require.NoError(t, f.SetSheetRow("Sheet1", cellName(1, i+1), &r))
	}
	require.NoError(t, f.SetCellFormula("Sheet1", "E3", "E4+1"))
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	require.NoError(t, err)
	inst, err := ReadXLSX(&buf, s, ReadOptions{})
	require.NoError(t, err)
	_, rep := Validate(s, inst, ValidateOptions{})
	require.Equal(t, []string{"RPT-N001", "RPT-S007", "RPT-S002"}, rep.Codes(), "%v", rep.Diagnostics)
	require.Equal(t, "Sheet1!E2", rep.Diagnostics[0].Path)
	require.Equal(t, "Sheet1!E3", rep.Diagnostics[1].Path)
}

// zipWith builds a zip archive with one part of size bytes of zeros, compressed.
func zipWith(t *testing.T, name string, size int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	require.NoError(t, err)
	zero := make([]byte, 1<<20)
	for size > 0 {
		n := min(size, len(zero))
		_, err := w.Write(zero[:n])
		require.NoError(t, err)
		size -= n
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestXLSXLimits(t *testing.T) {
	s := itAnnual(t)
	tests := []struct {
		name  string
		input func() io.Reader
		opts  ReadOptions
		large bool
	}{
		// A zip bomb: 64 MB of zeros in some 64 KB, twice the default limit.
		{"zip bomb", func() io.Reader { return bytes.NewReader(zipWith(t, "xl/worksheets/sheet1.xml", 64<<20)) }, ReadOptions{}, true},
		// A 100 MB file (streamed, never held) against the default 32 MiB limit.
		{"100 MB file", func() io.Reader { return io.LimitReader(zeroReader{}, 100<<20) }, ReadOptions{}, true},
		{"not a zip", func() io.Reader { return strings.NewReader("indicator,value\n") }, ReadOptions{}, false},
		{"zip without workbook", func() io.Reader { return bytes.NewReader(zipWith(t, "hello.txt", 10)) }, ReadOptions{}, false},
		{"small limit", func() io.Reader { return bytes.NewReader(zipWith(t, "xl/worksheets/sheet1.xml", 1<<20)) }, ReadOptions{MaxBytes: 1 << 19}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadXLSX(tt.input(), s, tt.opts)
			require.Error(t, err)
			var ie *InputError
			require.True(t, errors.As(err, &ie), "%T %v", err, err)
			require.Equal(t, tt.large, errors.Is(err, ErrTooLarge), "%v", err)
			d := ie.Diagnostic()
			require.True(t, strings.HasPrefix(d.Code, "RPT-I00"), d.Code)
		})
	}
}

// toolContext bounds a run of an external program, so that a hung LibreOffice or Chromium fails the test.
func toolContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestXLSXOpensInLibreOffice converts the workbook to PDF with LibreOffice, which fails on a broken workbook.
func TestXLSXOpensInLibreOffice(t *testing.T) {
	t.Parallel()
	lo := requireTool(t, "libreoffice", "soffice")
	vals, prev := provinceValues(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "report.xlsx")
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, vals, ExportOptions{Previous: prev}))
	require.NoError(t, os.WriteFile(in, buf.Bytes(), 0o600))
	cmd := exec.CommandContext(toolContext(t), lo, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	require.NoError(t, err, "%s", out)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	require.Greater(t, len(pdf), 10_000, "a PDF with tables and charts")
}
