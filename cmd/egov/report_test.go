package main

import (
	"encoding/json"
	"github.com/vnegov/egov/dvc"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/vnegov/egov/diag"
)

const reportTestdata = "../../reporting/testdata/"

func TestReportValidateSeeds(t *testing.T) {
	code, out, errOut := runCLI(t, "report", "validate", "--format", "json",
		reportTestdata+"seed-2021.json", reportTestdata+"seed-2020.json", reportTestdata+"province-2021.json", "missing.json")
	require.Equal(t, exitUsage, code, errOut) // missing.json could not be read: exit 2 over the findings' 1
	var res struct {
		Files []struct {
			File        string            `json:"file"`
			Valid       bool              `json:"valid"`
			Diagnostics []diag.Diagnostic `json:"diagnostics"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Files, 4)
	codes := func(i int) []string {
		var c []string
		for _, d := range res.Files[i].Diagnostics {
			c = append(c, d.Code)
		}
		return c
	}
	require.Equal(t, []string{"RPT-N002", "RPT-C001"}, codes(0))
	require.Equal(t, []string{"RPT-C002"}, codes(1))
	require.Empty(t, codes(2))
	require.True(t, res.Files[2].Valid)
	require.Equal(t, []string{"EGOV-001"}, codes(3)) // a file that cannot be opened is a result with a finding
}

func TestReportValidateUnreadableIsAFinding(t *testing.T) {
	bad := writeTemp(t, "bad.json", `{"values": [1, 2]}`)
	code, out, _ := runCLI(t, "report", "validate", "--lang", "vi", bad)
	require.Equal(t, exitFindings, code)
	require.Contains(t, out, "RPT-I001")
	require.Contains(t, out, "không đọc được báo cáo")
}

func TestReportValidateSARIF(t *testing.T) {
	code, out, _ := runCLI(t, "report", "validate", "--format", "sarif", reportTestdata+"seed-2020.json")
	require.Equal(t, exitFindings, code)
	require.Contains(t, out, `"RPT-C002"`)
}

func TestReportPeriod(t *testing.T) {
	code, out, errOut := runCLI(t, "report", "period", "--regime", "monthly", "--period", "2026-03")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, "monthly 2026-03: 2026-02-15 … 2026-03-14; deadline 2026-03-17 (2 working days after the cut-off)\n", out)
	code, out, _ = runCLI(t, "report", "period", "--regime", "yearly", "--period", "2026", "--format", "json")
	require.Equal(t, exitOK, code)
	var res struct {
		Results []periodResult `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, periodResult{Regime: "yearly", Period: "2026", From: "2025-12-15", To: "2026-12-14",
		Deadline: "2026-12-16", DeadlineDays: 2}, res.Results[0])
	code, _, errOut = runCLI(t, "report", "period", "--regime", "weekly", "--period", "2026")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "unknown regime")
}

// TestReportBuildEqualsDvcKPI runs both verbs on the same dossier file: the form's totals are the KPI's.
func TestReportBuildEqualsDvcKPI(t *testing.T) {
	in := reportTestdata + "dossiers.csv"
	for _, by := range []string{"all", "tier", "agency"} {
		code, out, errOut := runCLI(t, "dvc", "kpi", "--in", in, "--by", by, "--format", "json")
		require.Equal(t, exitOK, code, errOut)
		var kpi kpiOutput
		require.NoError(t, json.Unmarshal([]byte(out), &kpi))

		code, out, errOut = runCLI(t, "report", "build", "--form", "tthc", "--dossiers", in, "--by", by,
			"--as-of", "2026-04-01", "--format", "json")
		require.Equal(t, exitOK, code, errOut)
		var form struct {
			Results []struct {
				Rows []struct {
					Key      string `json:"key"`
					Received struct {
						Total, Online int64
					} `json:"received"`
					Resolved struct {
						Early  int64 `json:"early"`
						OnTime int64 `json:"on_time"`
						Late   int64 `json:"late"`
					} `json:"resolved"`
					InProgress struct {
						Total int64 `json:"total"`
					} `json:"in_progress"`
				} `json:"rows"`
			} `json:"results"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &form))
		rows := form.Results[0].Rows
		require.Len(t, rows, len(kpi.Results), by)
		for i, g := range kpi.Results {
			r := rows[i]
			require.Equal(t, g.Key, r.Key)
			got := dvc.Counts{Early: r.Resolved.Early, OnTime: r.Resolved.OnTime, Late: r.Resolved.Late,
				Open: r.InProgress.Total, Total: r.Received.Total, Online: r.Received.Online}
			require.Equal(t, g.Counts, got, "by %s group %s", by, g.Key)
		}
	}
}

func TestReportBuildPeriodText(t *testing.T) {
	out := filepath.Join(t.TempDir(), "tthc.xlsx")
	code, stdout, errOut := runCLI(t, "report", "build", "--dossiers", reportTestdata+"dossiers.csv", "--period", "2026-Q1",
		"--by", "level", "--to", "xlsx", "-o", out)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, stdout, "2026-Q1 (2025-12-15 … 2026-03-14)")
	require.Regexp(t, `total +13 +6 +5 +2 \| +8 +3 +2 +3 \| +5 +2 +3`, stdout)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	require.Contains(t, f.GetSheetList(), "Số hồ sơ đã giải quyết")
}

func TestReportExport(t *testing.T) {
	dir := t.TempDir()
	for _, to := range []string{"xlsx", "html", "csv", "json"} {
		out := filepath.Join(dir, "report."+to)
		code, stdout, errOut := runCLI(t, "report", "export", "--to", to, "-o", out, "--previous", reportTestdata+"seed-2020.json",
			"--format", "json", reportTestdata+"province-2021.json")
		require.Equal(t, exitOK, code, errOut)
		require.Contains(t, stdout, `"output": "`+out+`"`)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NotEmpty(t, b)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	require.Contains(t, string(html), `lang="vi"`, "Vietnamese labels by default")

	// English labels with --lang en; an instance with errors still exports, with exit 1.
	out := filepath.Join(dir, "seed.html")
	code, _, errOut := runCLI(t, "report", "export", "--to", "html", "-o", out, "--lang", "en", reportTestdata+"seed-2021.json")
	require.Equal(t, exitFindings, code, errOut)
	html, err = os.ReadFile(out)
	require.NoError(t, err)
	require.Contains(t, string(html), "Digital signatures")
	require.Contains(t, string(html), "RPT-C001")
}

func TestReportAggregate(t *testing.T) {
	dir := t.TempDir()
	a := writeTemp(t, "a.csv", "indicator,value,period,reporting_unit\ndossiers_received,1.000,2024,000.00.01.H53\ndossiers_online,500,2024,000.00.01.H53\n")
	b := filepath.Join(dir, "b.json")
	require.NoError(t, os.WriteFile(b, []byte(`{"period":"2024","reporting_unit":"000.00.13.H53","values":{"dossiers_received":"3.000","dossiers_online":"300","dossiers_online_share":"10%"}}`), 0o644))
	out := filepath.Join(dir, "agg.xlsx")
	code, stdout, errOut := runCLI(t, "report", "aggregate", "--into", "000.00.00.H53", "--format", "json", "--to", "xlsx", "-o", out, a, b)
	require.Equal(t, exitOK, code, errOut)
	var res aggregateOutput
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	require.Len(t, res.Files, 2)
	require.Equal(t, 2, res.Aggregate.Reports)
	values := map[string]float64{}
	for _, v := range res.Aggregate.Values {
		values[v.Indicator] = v.Value
	}
	require.Equal(t, 4000.0, values["dossiers_received"])
	require.Equal(t, 20.0, values["dossiers_online_share"])
	require.Equal(t, "RPT-G001", res.Aggregate.Diagnostics[0].Code) // Bến Cầu did not report
	_, err := os.Stat(out)
	require.NoError(t, err)
}

func TestReportSchemas(t *testing.T) {
	code, out, _ := runCLI(t, "report", "schemas")
	require.Equal(t, exitOK, code)
	for _, id := range []string{"it-annual", "tthc", "dti"} {
		require.Contains(t, out, id)
	}
	code, out, _ = runCLI(t, "report", "schemas", "--show", "it-annual", "--format", "json")
	require.Equal(t, exitOK, code)
	var res struct {
		Results []struct {
			ID         string `json:"id"`
			Indicators []struct {
				ID     string `json:"id"`
				NameVI string `json:"name_vi"`
				NameEN string `json:"name_en"`
				Unit   string `json:"unit"`
			} `json:"indicators"`
			Rules []struct {
				ID   string `json:"id"`
				Kind string `json:"kind"`
			} `json:"rules"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	s := res.Results[0]
	require.Equal(t, "it-annual", s.ID)
	require.GreaterOrEqual(t, len(s.Indicators), 30)
	require.Equal(t, "cert_issued", s.Indicators[14].ID)
	require.Equal(t, "Certificates issued", s.Indicators[14].NameEN)
	require.NotEmpty(t, s.Rules)
	code, _, errOut := runCLI(t, "report", "schemas", "--show", "nope")
	require.Equal(t, exitUsage, code)
	require.True(t, strings.Contains(errOut, "neither built in"), errOut)
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"report", "validate"},
		{"report", "aggregate", "x.json"},
		{"report", "build"},
		{"report", "build", "--dossiers", "x.csv", "--form", "other"},
		{"report", "export", "x.json"},
		{"report", "period", "--regime", "monthly"},
		{"report", "validate", "--format", "xml", "x.json"},
	} {
		code, _, errOut := runCLI(t, args...)
		require.Equal(t, exitUsage, code, "%v: %s", args, errOut)
	}
	code, _, errOut := runCLI(t, "report", "-h")
	require.Equal(t, exitOK, code)
	require.Contains(t, errOut, "aggregate")
}

func TestReportAggregateCommunes(t *testing.T) {
	units := writeTemp(t, "communes.csv", "code,name,level,parent,valid_from\n00004,Phường Ba Đình,commune,01,2025-07-01\n00008,Phường Ngọc Hà,commune,01,2025-07-01\n")
	a := writeTemp(t, "a.csv", "indicator,value,period,reporting_unit\ncert_issued,10,2025,00004\n")
	code, stdout, errOut := runCLI(t, "report", "aggregate", "--into", "01", "--units", units, "--lang", "vi", a)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, stdout, "thiếu báo cáo của 00008 (Phường Ngọc Hà)")
	require.Regexp(t, `cert_issued +10`, stdout)
}
