package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/dvc"
)

const kpiCSV = `ma_ho_so,received_at,due_at,finished_at,channel,level,agency_code,procedure_code,tier
A1,2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-24T09:00:00+07:00,online,4,000.00.31.H53,1.003560,province
A2,2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-25T16:00:00+07:00,counter,4,000.00.31.H53,1.003560,province
A3,2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-26T08:00:00+07:00,counter,3,000.00.31.H53,2.000477,province
A4,2026-03-02T10:00:00+07:00,2026-03-05T10:00:00+07:00,,online,3,000.00.32.H53,2.000477,province
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestDvcKPIJSON(t *testing.T) {
	in := writeTemp(t, "dossiers.csv", kpiCSV)
	code, out, errOut := runCLI(t, "dvc", "kpi", "--in", in, "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	var res kpiOutput
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Results, 1)
	g := res.Results[0]
	require.Equal(t, "all", g.Key)
	require.Equal(t, dvc.Counts{Early: 1, OnTime: 1, Late: 1, Open: 1, Total: 4, Online: 2}, g.Counts)
	require.Equal(t, 33.33, g.Shares["early"])
	require.Equal(t, 33.33, g.Shares["late"])
	require.Equal(t, 50.0, g.Shares["online"])
	require.Equal(t, 50.0, g.Shares["online_level_4"])
	require.Equal(t, 100.0, g.Shares["services_with_online"])
	require.Equal(t, "province", string(g.Tier))
	// The counts object holds exactly the six documented keys.
	var raw struct {
		Results []struct {
			Counts map[string]int64 `json:"counts"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &raw))
	require.Equal(t, map[string]int64{"early": 1, "on_time": 1, "late": 1, "open": 1, "total": 4, "online": 2}, raw.Results[0].Counts)
}

func TestDvcKPIGroupingAndStdin(t *testing.T) {
	for by, keys := range map[string][]string{
		"month":     {"2026-02", "2026-03"},
		"agency":    {"000.00.31.H53", "000.00.32.H53"},
		"procedure": {"1.003560", "2.000477"},
		"tier":      {"province"},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"dvc", "kpi", "--in", "-", "--by", by, "--format", "json"},
			strings.NewReader(kpiCSV), &out, &errOut)
		require.Equal(t, exitOK, code, errOut.String())
		var res kpiOutput
		require.NoError(t, json.Unmarshal(out.Bytes(), &res))
		var got []string
		for _, g := range res.Results {
			got = append(got, g.Key)
		}
		require.Equal(t, keys, got, by)
	}
}

func TestDvcKPITargets(t *testing.T) {
	in := writeTemp(t, "dossiers.csv", kpiCSV)
	// Built-in: province mức 4 online 50% is not over 80%, mức 3 50% is over 40%.
	code, out, _ := runCLI(t, "dvc", "kpi", "--in", in, "--targets", "builtin", "--format", "json")
	require.Equal(t, exitFindings, code)
	var res kpiOutput
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	met := map[string]bool{}
	for _, r := range res.Results[0].Targets {
		met[r.Target.ID] = r.Met
	}
	require.Equal(t, false, met["ct2022-province-level4"])
	require.Equal(t, true, met["ct2022-province-level3"])
	require.Equal(t, 1, res.TargetsMissed, "%v", met)

	targets := writeTemp(t, "targets.json", `[{"id":"late-max","indicator":"in_time","min":60}]`)
	code, out, _ = runCLI(t, "dvc", "kpi", "--in", in, "--targets", targets)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "late-max")
	require.Contains(t, out, "in_time ≥60%: 66.67% (+6.67) met")

	// By month: February has 66.67% in time, March no resolved dossier, so the target does not apply there.
	strict := writeTemp(t, "strict.json", `[{"id":"in-time","indicator":"in_time","min":70}]`)
	code, out, _ = runCLI(t, "dvc", "kpi", "--in", in, "--targets", strict, "--lang", "vi", "--by", "month")
	require.Equal(t, exitFindings, code, out)
	require.Contains(t, out, "đúng và trước hạn ≥70%: 66.67% (-3.33) KHÔNG ĐẠT")
	require.Contains(t, out, "chỉ tiêu không đạt: 1")
}

func TestDvcKPIErrors(t *testing.T) {
	in := writeTemp(t, "dossiers.csv", kpiCSV)
	bad := writeTemp(t, "bad.csv", strings.Replace(kpiCSV, "counter,3", "fax,3", 1))
	badTargets := writeTemp(t, "t.json", `[{"id":"x","indicator":"nope","min":1}]`)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"dvc", "kpi"}, "--in is required"},
		{[]string{"dvc", "kpi", "--in", in, "--by", "week"}, "unknown grouping"},
		{[]string{"dvc", "kpi", "--in", in, "--precision", "minute"}, "unknown --precision"},
		{[]string{"dvc", "kpi", "--in", in, "extra"}, "unexpected argument"},
		{[]string{"dvc", "kpi", "--in", in, "--max-groups", "0"}, "--max-groups"},
		{[]string{"dvc", "kpi", "--in", in, "--by", "month", "--max-groups", "1"}, "more than 1 groups"},
		{[]string{"dvc", "kpi", "--in", bad, "--strict"}, "line 4, column channel"},
		{[]string{"dvc", "kpi", "--in", in, "--targets", badTargets}, "unknown indicator"},
		{[]string{"dvc", "kpi", "--in", filepath.Join(t.TempDir(), "missing.csv")}, "no such file"},
		{[]string{"dvc", "kpi", "--in", in, "--format", "sarif"}, "unknown --format"},
	}
	for _, tc := range cases {
		code, _, errOut := runCLI(t, tc.args...)
		require.Equal(t, exitUsage, code, "%v", tc.args)
		require.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

func TestDvcKPIPrecision(t *testing.T) {
	in := writeTemp(t, "dossiers.csv", kpiCSV)
	code, out, _ := runCLI(t, "dvc", "kpi", "--in", in, "--precision", "hour", "--format", "json")
	require.Equal(t, exitOK, code)
	var res kpiOutput
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	// A2 finished at 16:00 on the due day after a 10:00 due time: late at hour precision.
	require.Equal(t, dvc.Counts{Early: 1, OnTime: 0, Late: 2, Open: 1, Total: 4, Online: 2}, res.Results[0].Counts)
}

func TestDvcClassify(t *testing.T) {
	svc := writeTemp(t, "service.json", `{"code":"1.003560","information":true,"downloadable_forms":true,
		"online_submission":true,"online_processing":true,"online_payment":false,"postal_result":true}`)
	code, out, errOut := runCLI(t, "dvc", "classify", svc, "--at", "2020-06-01", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	res := decodeReport[classifyOutput](t, out, "files")[0]
	require.Equal(t, svc, res.File)
	require.Equal(t, "3", string(res.Level))
	require.Equal(t, "nd43-2011", res.Regime.String())
	require.Len(t, res.Unmet, 1)
	require.Equal(t, "online_payment", string(res.Unmet[0].Criterion))
	require.NotNil(t, res.Mapped)
	require.Equal(t, "mot_phan", string(res.Mapped.Level))

	code, out, _ = runCLI(t, "dvc", "classify", svc, "--at", "2026-07-01", "--lang", "vi")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "1.003560: một phần (Nghị định 224/2026/NĐ-CP Điều 14, 2026-07-01)")
	require.Contains(t, out, "chưa cho phép thanh toán phí, lệ phí trực tuyến")
	require.Contains(t, out, "bắt buộc: dịch vụ công trực tuyến một phần phải công khai lý do")

	var stdout, stderr bytes.Buffer
	code = run(context.Background(), []string{"dvc", "classify", "-", "--at", "2023-01-01"},
		strings.NewReader(`{"information":true,"online_submission":true,"online_processing":true,"no_fee":true,"online_result":true}`),
		&stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	require.Contains(t, stdout.String(), "-: toàn trình (Nghị định 42/2022/NĐ-CP Điều 11, 2023-01-01)")

	code, out, _ = runCLI(t, "dvc", "classify", svc, "--at", "2010-01-01")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "no online-service regime")
}

func TestDvcClassifyErrors(t *testing.T) {
	typo := writeTemp(t, "typo.json", `{"informaton":true}`)
	svc := writeTemp(t, "s.json", `{}`)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dvc", "classify"}, "exactly one"},
		{[]string{"dvc", "classify", svc, svc}, "exactly one"},
		{[]string{"dvc", "classify", typo}, "informaton"},
		{[]string{"dvc", "classify", svc, "--at", "yesterday"}, "want YYYY-MM-DD"},
		{[]string{"dvc", "classify", filepath.Join(t.TempDir(), "none.json")}, "no such file"},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		require.Equal(t, exitUsage, code, "%v", tc.args)
		require.Contains(t, errOut, tc.want, "%v", tc.args)
	}
}

func TestDvcKPIJSONLayout(t *testing.T) {
	// The streamed JSON is byte-identical to json.Encoder's two-space indented output of the same value.
	for _, csv := range []string{kpiCSV, strings.SplitN(kpiCSV, "\n", 2)[0] + "\n"} {
		in := writeTemp(t, "dossiers.csv", csv)
		for _, args := range [][]string{{"--by", "month"}, {"--targets", "builtin", "--by", "agency"}, {}} {
			code, out, errOut := runCLI(t, append([]string{"dvc", "kpi", "--in", in, "--format", "json"}, args...)...)
			require.Contains(t, []int{exitOK, exitFindings}, code, errOut)
			var res kpiOutput
			require.NoError(t, json.Unmarshal([]byte(out), &res))
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(res))
			require.Equal(t, want.String(), out)
		}
	}
}

func TestDvcKPIReportsBadRowsAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "d.csv")
	good := "2026-03-02T08:00:00+07:00,2026-03-05T17:00:00+07:00,2026-03-04T10:00:00+07:00,online,4,000.00.00.H56,1.003560\n"
	csv := "received_at,due_at,finished_at,channel,level,agency_code,procedure_code\n" + good +
		"2026-03-02T08:00:00+07:00,2026-03-05T17:00:00+07:00,,fax,4,000.00.00.H56,1.003560\n" + good
	require.NoError(t, os.WriteFile(in, []byte(csv), 0o600))

	code, out, _ := runCLI(t, "dvc", "kpi", "--in", in)
	require.Equal(t, exitFindings, code)
	require.Contains(t, out, "DVC-R001")
	require.Contains(t, out, `"fax"`)

	code, out, _ = runCLI(t, "dvc", "kpi", "--in", in, "--format", "json")
	require.Equal(t, exitFindings, code)
	var got struct {
		Groups []struct {
			Counts struct {
				Total int `json:"total"`
			} `json:"counts"`
		} `json:"results"`
		SkippedRecords int `json:"skipped_records"`
		Findings       []struct {
			Code string `json:"code"`
			Line int    `json:"line"`
			Path string `json:"path"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Equal(t, 1, got.SkippedRecords)
	require.Len(t, got.Groups, 1)
	require.Equal(t, 2, got.Groups[0].Counts.Total)
	require.Len(t, got.Findings, 1)
	require.Equal(t, "DVC-R001", got.Findings[0].Code)
	require.Equal(t, 3, got.Findings[0].Line)
	require.Equal(t, "channel", got.Findings[0].Path)

	code, _, errOut := runCLI(t, "dvc", "kpi", "--in", in, "--strict")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "line 3")
}
