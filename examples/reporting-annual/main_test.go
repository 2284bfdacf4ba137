package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	require.NoError(t, run(&b, report2021, report2020, dir, "vi"))
	out := b.String()
	for _, want := range []string{
		"it-annual 1.0.0, 67 2021: 35 indicators",
		"cut-off window 2020-12-15 … 2021-12-14, send by 2021-12-16",
		`error RPT-N002 line 50 at observations[9]: indicator it_spending_item: "2.500.000,000" mixes separators`,
		"error RPT-C001 line 16 at values.cert_issued: rule cert_issued_split: cert_issued = 3222 but cert_active + cert_revoked = 3228",
		"2 errors, 0 warnings",
	} {
		require.True(t, strings.Contains(out, want), "missing %q in\n%s", want, out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	require.Contains(t, f.GetSheetList(), "Biểu đồ")
	require.Contains(t, f.GetSheetList(), "Kiểm tra")
	code, err := f.GetCellValue("Kiểm tra", "A2")
	require.NoError(t, err)
	require.Equal(t, "RPT-N002", code)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Equal(t, 2, strings.Count(string(page), "<svg "))
	require.Contains(t, string(page), "Chữ ký số, chứng thư số")
}
