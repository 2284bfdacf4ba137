package dvc

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

const goodRow = "2026-03-02T08:00:00+07:00,2026-03-05T17:00:00+07:00,2026-03-04T10:00:00+07:00,online,4,000.00.00.H56,1.003560"

func TestKPIReportSkipsBadRows(t *testing.T) {
	in := strings.Join([]string{
		minimalHeader,
		goodRow,
		"yesterday,2026-03-05T17:00:00+07:00,,online,4,000.00.00.H56,1.003560",              // line 3: bad time
		"2026-03-02T08:00:00+07:00,2026-03-05T17:00:00+07:00,,fax,4,000.00.00.H56,1.003560", // line 4: channel
		"2026-03-02T08:00:00+07:00,,,online,4,000.00.00.H56,1.003560",                       // line 5: empty due_at
		"too,few,fields", // line 6
		goodRow,
	}, "\n") + "\n"

	res, err := KPIReport(strings.NewReader(in), KPIOptions{})
	require.NoError(t, err)
	require.Equal(t, 4, res.Skipped)
	groups := res.Groups(nil)
	require.Len(t, groups, 1)
	require.Equal(t, int64(2), groups[0].Counts.Total)

	type loc struct {
		Line int
		Path string
	}
	var got []loc
	for _, d := range res.Findings.Diagnostics {
		require.Equal(t, "DVC-R001", d.Code)
		require.NotEmpty(t, d.MessageVI)
		got = append(got, loc{d.Line, d.Path})
	}
	require.Empty(t, cmp.Diff([]loc{{3, ColReceivedAt}, {4, ColChannel}, {5, ColDueAt}, {6, ""}}, got))
	require.Contains(t, res.Findings.Diagnostics[0].Message, `"yesterday"`)
	require.Contains(t, res.Findings.Diagnostics[1].MessageVI, `cột channel: "fax" không phải là`)
	require.Contains(t, res.Findings.Diagnostics[2].Message, "column due_at is empty")

	// Strict stops at the first bad record with the reader's error.
	_, err = KPIReport(strings.NewReader(in), KPIOptions{Strict: true})
	var csvErr *CSVError
	require.ErrorAs(t, err, &csvErr)
	require.Equal(t, 3, csvErr.Line)
	require.ErrorIs(t, err, ErrInvalidValue)
	require.Equal(t, "yesterday", csvErr.Value)
}

func TestKPIReportFindingsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimalHeader + "\n")
	for range 25 {
		b.WriteString("x,y\n")
	}
	b.WriteString(goodRow + "\n")
	res, err := KPIReport(strings.NewReader(b.String()), KPIOptions{MaxFindings: 10})
	require.NoError(t, err)
	require.Equal(t, 25, res.Skipped)
	require.Len(t, res.Findings.Diagnostics, 11)
	last := res.Findings.Diagnostics[10]
	require.Equal(t, "DVC-R002", last.Code)
	require.Contains(t, last.Message, "15 more")
}

func TestKPIReportFinalErrorsStillFail(t *testing.T) {
	for name, in := range map[string]string{
		"no header":      "",
		"missing column": "received_at,due_at\n" + goodRow + "\n",
		"unclosed quote": minimalHeader + "\n" + `"2026-03-02T08:00:00+07:00,` + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := KPIReport(strings.NewReader(in), KPIOptions{})
			require.Error(t, err)
		})
	}
}

func TestKPIRulesHaveBothLanguages(t *testing.T) {
	for _, r := range KPIRules() {
		require.NotEmpty(t, r.Message, r.Code)
		require.NotEmpty(t, r.MessageVI, r.Code)
		require.Equal(t, strings.Count(r.Message, "%"), strings.Count(r.MessageVI, "%"), r.Code)
	}
	for col, want := range columnWants {
		require.NotEmpty(t, want[0], col)
		require.NotEmpty(t, want[1], col)
	}
}
