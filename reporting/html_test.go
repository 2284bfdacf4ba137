package reporting

import (
	"bytes"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/diag"
)

func TestHTMLSelfContained(t *testing.T) {
	vals, prev := provinceValues(t)
	findings := &diag.Report{}
	findings.Add(ruleEnglish.New("values.cert_active", "cert_active", "<b>2,485</b>", "2485"))
	for _, lang := range []string{"vi", "en"} {
		var buf bytes.Buffer
		require.NoError(t, WriteHTML(&buf, vals, ExportOptions{Lang: lang, Previous: prev, Findings: findings}))
		page := buf.String()
		// Nothing loaded from elsewhere: no scripts, no links, no remote URLs except the SVG namespace.
		require.NotContains(t, page, "<script")
		require.NotContains(t, page, "<link")
		require.NotContains(t, page, "@import")
		require.NotRegexp(t, regexp.MustCompile(`(src|href)=`), page)
		require.Equal(t, len(vals.Schema.Charts), strings.Count(page, "<svg "))
		require.Contains(t, page, "@page{size:A4")
		require.Contains(t, page, `name="viewport"`)
		require.Contains(t, page, "&lt;b&gt;2,485&lt;/b&gt;", "input is escaped")
		if lang == "vi" {
			require.Contains(t, page, "Chữ ký số, chứng thư số")
			require.Contains(t, page, "3.228")
			require.Contains(t, page, html.EscapeString(vals.Schema.SourceVI))
		} else {
			require.Contains(t, page, "Digital signatures")
			require.Contains(t, page, html.EscapeString(vals.Schema.Source))
		}
	}
}

// TestHTMLRendersInChromium takes a screenshot of the page in headless Chromium and checks that the bars of the
// SVG charts are painted.
func TestHTMLRendersInChromium(t *testing.T) {
	t.Parallel()
	chromium := requireTool(t, "chromium", "chromium-browser", "google-chrome")
	vals, prev := provinceValues(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, vals, ExportOptions{Previous: prev}))
	require.NoError(t, os.WriteFile(page, buf.Bytes(), 0o600))
	shot := filepath.Join(dir, "shot.png")
	cmd := exec.CommandContext(toolContext(t), chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--hide-scrollbars", "--window-size=1000,2000",
		"--screenshot="+shot, "file://"+page)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	f, err := os.Open(shot)
	require.NoError(t, err, "%s", out)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// Count pixels of the value colour #2e75b6: the bars of the charts.
	bars := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == 0x2e && g>>8 == 0x75 && bl>>8 == 0xb6 {
				bars++
			}
		}
	}
	require.Greater(t, bars, 500, "the SVG bars are visible")

	// Printed: Chromium honours @page A4 when printing to PDF.
	pdf := filepath.Join(dir, "report.pdf")
	cmd = exec.CommandContext(toolContext(t), chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+page)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	b2, err := os.ReadFile(pdf)
	require.NoError(t, err, "%s", out)
	require.True(t, bytes.HasPrefix(b2, []byte("%PDF-")))
	// A4 is 595 × 842 points.
	require.Regexp(t, regexp.MustCompile(`/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]`), string(b2))
}
