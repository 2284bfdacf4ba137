package reporting

import (
	"bytes"
	"github.com/vnegov/egov/vntime"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/dvc"
)

func openDossiers(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Open("testdata/dossiers.csv")
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// TestProcedureFormEqualsKPI proves that without a period the form's totals are dvc.KPI's on the same file, per
// group and in total.
func TestProcedureFormEqualsKPI(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, vntime.Location())
	for _, by := range []dvc.GroupBy{dvc.GroupAll, dvc.GroupTier, dvc.GroupAgency, dvc.GroupProcedure} {
		form, err := BuildProcedureForm(openDossiers(t), FormOptions{By: by, AsOf: asOf})
		require.NoError(t, err)
		agg, err := dvc.KPI(openDossiers(t), dvc.ReaderOptions{}, dvc.AggregateOptions{By: by})
		require.NoError(t, err)
		groups := agg.Groups(nil)
		require.Len(t, form.Rows, len(groups))
		for i, g := range groups {
			r := form.Rows[i]
			require.Equal(t, g.Key, r.Key)
			got := dvc.Counts{Early: r.Resolved.Early, OnTime: r.Resolved.OnTime, Late: r.Resolved.Late,
				Open: r.InProgress.Total, Total: r.Received.Total, Online: r.Received.Online}
			if diff := cmp.Diff(g.Counts, got); diff != "" {
				t.Errorf("by %v, group %s (-kpi +form):\n%s", by, g.Key, diff)
			}
		}
	}
}

func TestProcedureFormPeriod(t *testing.T) {
	p, err := ParsePeriod(Quarterly, "2026-Q1")
	require.NoError(t, err)
	form, err := BuildProcedureForm(openDossiers(t), FormOptions{Period: &p, By: dvc.GroupTier})
	require.NoError(t, err)
	require.Equal(t, "2025-12-15", form.From)
	require.Equal(t, "2026-03-14", form.To)
	want := FormRow{Key: "total",
		// 11 received in the window (7 online), 2 carried over from December; 1 closed before and 1 after.
		Received: ReceivedCounts{Total: 13, Online: 6, Direct: 5, Carried: 2},
		// 2026-01-07 early, 01-12 on time (same day), 01-15 late, 01-26 early, 02-09 on time, 02-25 late,
		// 03-02 early, and the carried 01-05 late.
		Resolved: ResolvedCounts{Total: 8, Early: 3, OnTime: 2, Late: 3},
		// Open at 15/3: the carried postal one (due 20/12) overdue, the 03-01 one (finished 20/3, due 10/3)
		// overdue, 03-02 (due 25/3) within, 03-05 (due 12/3) overdue, 03-09 (due 30/3) within.
		InProgress: InProgressCounts{Total: 5, Within: 2, Overdue: 3},
	}
	if diff := cmp.Diff(want, form.Total); diff != "" {
		t.Errorf("total (-want +got):\n%s", diff)
	}
	// The form's own rules hold on its values.
	s, err := Builtin("tthc")
	require.NoError(t, err)
	vals := form.Values(s)
	for _, r := range s.Rules {
		rep := &diag.Report{}
		checkRule(r, vals, ValidateOptions{}, rep)
		require.Empty(t, rep.Diagnostics, r.ID)
	}
	share, ok := vals.Get("resolved_in_time_share")
	require.True(t, ok)
	require.InDelta(t, 62.5, share, 1e-9)
}

func TestProcedureFormErrors(t *testing.T) {
	_, err := BuildProcedureForm(openDossiers(t), FormOptions{})
	require.ErrorContains(t, err, "as-of")
	_, err = BuildProcedureForm(openDossiers(t), FormOptions{By: dvc.GroupMonth, AsOf: time.Now()})
	require.Error(t, err)
}

// TestProcedureFormXLSX writes the form with its "Biểu mẫu" sheet (groups as rows, as the form is printed) and
// reads the workbook back to the same values.
func TestProcedureFormXLSX(t *testing.T) {
	p, err := ParsePeriod(Quarterly, "2026-Q1")
	require.NoError(t, err)
	form, err := BuildProcedureForm(openDossiers(t), FormOptions{Period: &p, By: dvc.GroupTier})
	require.NoError(t, err)
	s, err := Builtin("tthc")
	require.NoError(t, err)
	vals := form.Values(s)
	var buf bytes.Buffer
	require.NoError(t, WriteXLSX(&buf, vals, ExportOptions{}))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	require.Contains(t, f.GetSheetList(), "Biểu mẫu")
	rows, err := f.GetRows("Biểu mẫu")
	require.NoError(t, err)
	require.Equal(t, []string{"commune", "district", "province", "Tổng cộng"}, []string{rows[3][0], rows[4][0], rows[5][0], rows[6][0]})
	require.Equal(t, "13", rows[6][1]) // received, total
	inst, err := ReadXLSX(bytes.NewReader(buf.Bytes()), s, ReadOptions{})
	require.NoError(t, err)
	back, rep := Validate(s, inst, ValidateOptions{})
	require.Empty(t, rep.Diagnostics)
	got, _ := back.Get("received_total")
	require.Equal(t, 13.0, got)
}
