package reporting

import (
	"bytes"
	"fmt"
	"github.com/vnegov/egov/vntime"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode/adminunit"
)

func unitReport(t testing.TB, s *Schema, code, period string, kv map[string]float64) *Values {
	t.Helper()
	v := NewValues(s)
	v.ReportingUnit, v.Period = code, period
	for k, x := range kv {
		require.True(t, v.Set(k, x), k)
	}
	return v
}

func TestAggregateAgencyHierarchy(t *testing.T) {
	s := itAnnual(t)
	reports := []*Values{
		unitReport(t, s, "000.00.01.H53", "2024", map[string]float64{"dossiers_received": 1000, "dossiers_online": 500, "dossiers_online_share": 50}),
		unitReport(t, s, "000.00.13.H53", "2024", map[string]float64{"dossiers_received": 3000, "dossiers_online": 300, "dossiers_online_share": 10}),
		unitReport(t, s, "000.00.13.H53", "2024", map[string]float64{"dossiers_received": 1}), // twice
		unitReport(t, s, "000.21.31.H53", "2024", map[string]float64{"dossiers_received": 7}), // grandchild
		unitReport(t, s, "000.00.31.H53", "2023", map[string]float64{"dossiers_received": 9}), // other period
		unitReport(t, s, "000.00.00.G01", "2024", map[string]float64{"dossiers_received": 9}), // elsewhere
	}
	out, rep := Aggregate(s, "000.00.00.H53", reports, AggregateOptions{})
	require.Equal(t, []string{"RPT-G003", "RPT-G002", "RPT-G004", "RPT-G002", "RPT-G001"}, rep.Codes(), "%v", rep.Diagnostics)
	got, _ := out.Get("dossiers_received")
	require.Equal(t, 4000.0, got)
	// 800 / 4000 = 20%, not the 30% an average of 50% and 10% would give.
	share, ok := out.Get("dossiers_online_share")
	require.True(t, ok)
	require.InDelta(t, 20.0, share, 1e-9)
	require.Equal(t, "000.00.00.H53", out.ReportingUnit)
	require.Equal(t, "2024", out.Period)
	// The missing child is named.
	require.Contains(t, rep.Diagnostics[4].MessageVI, "Ủy ban nhân dân huyện Bến Cầu")
}

func TestAggregateMergedProvinces(t *testing.T) {
	s := itAnnual(t)
	reports := []*Values{
		unitReport(t, s, "67", "2025", map[string]float64{"cert_issued": 3222, "computers_total": 3128}),
		unitReport(t, s, "60", "2025", map[string]float64{"cert_issued": 1000}),
	}
	out, rep := Aggregate(s, "68", reports, AggregateOptions{})
	require.Equal(t, []string{"RPT-G005", "RPT-G005", "RPT-G001"}, rep.Codes(), "%v", rep.Diagnostics)
	require.Contains(t, rep.Diagnostics[2].Message, "Lâm Đồng")
	got, _ := out.Get("cert_issued")
	require.Equal(t, 4222.0, got)
}

func TestAggregateExpectedAndItems(t *testing.T) {
	s := itAnnual(t)
	a := unitReport(t, s, "001", "2024", nil)
	a.SetItem("it_spending_item", "p1", 10)
	b := unitReport(t, s, "002", "2024", nil)
	b.SetItem("it_spending_item", "p1", 5)
	b.SetItem("it_spending_item", "p2", 1)
	out, rep := Aggregate(s, "01", []*Values{a, b}, AggregateOptions{Expected: []string{"001", "002", "003"}})
	require.Equal(t, []string{"RPT-G001"}, rep.Codes())
	keys, items := out.Items("it_spending_item")
	require.Equal(t, []string{"p1", "p2"}, keys)
	require.Equal(t, map[string]float64{"p1": 15, "p2": 1}, items)
	total, _ := out.Get("it_spending_item")
	require.Equal(t, 16.0, total)
}

// benchReports builds n unit reports of 50 indicators each.
func benchReports(b *testing.B, n int) (*Schema, []*Values, []string) {
	s := itAnnual(b)
	reports := make([]*Values, n)
	codes := make([]string, n)
	for i := range reports {
		v := NewValues(s)
		v.ReportingUnit, v.Period = fmt.Sprintf("%05d", i), "2024"
		for j := 0; j < 50 && j < len(s.Indicators); j++ {
			v.v[j], v.has[j] = float64(i+j), true
		}
		reports[i], codes[i] = v, v.ReportingUnit
	}
	return s, reports, codes
}

// BenchmarkAggregate aggregates 10,000 unit reports of 50 indicators (goal: ≤ 1 s and ≤ 64 MB).
func BenchmarkAggregate(b *testing.B) {
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base)
	s, reports, codes := benchReports(b, 10_000)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	inputs := float64(before.HeapAlloc-base.HeapAlloc) / (1 << 20)
	for b.Loop() {
		out, rep := Aggregate(s, "01", reports, AggregateOptions{Expected: codes})
		if len(rep.Diagnostics) != 0 || out.Len() == 0 {
			b.Fatal(rep.Diagnostics)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB/op")
	// The unit reports themselves, held in memory for the run: part of the 64 MB budget.
	b.ReportMetric(inputs, "MB-inputs")
}

// BenchmarkReadValidateAggregate reads 10,000 unit reports of 63 figures (51 indicators, 13 of them items) from the long CSV form, validates
// each and adds it to an Aggregator: the whole path of `egov report aggregate`, with memory bounded by one report.
func BenchmarkReadValidateAggregate(b *testing.B) {
	s := itAnnual(b)
	const units = 10_000
	base := readJSONFile(b, "testdata/province-2021.json")
	files := make([][]byte, units)
	codes := make([]string, units)
	for i := range files {
		codes[i] = fmt.Sprintf("%05d", i)
		var buf bytes.Buffer
		buf.WriteString("indicator,item,value,period,reporting_unit\n")
		for _, o := range base.Observations {
			fmt.Fprintf(&buf, "%s,%s,%q,2024,%s\n", o.Indicator, o.Item, o.Raw, codes[i])
		}
		files[i] = buf.Bytes()
	}
	b.ReportAllocs()
	for b.Loop() {
		agg := NewAggregator(s, "01", AggregateOptions{Period: "2024", Expected: codes})
		for _, f := range files {
			inst, err := ReadCSV(bytes.NewReader(f), ReadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			v, rep := Validate(s, inst, ValidateOptions{})
			if len(rep.Diagnostics) > 0 {
				b.Fatal(rep.Diagnostics)
			}
			agg.Add(v)
		}
		if out, _ := agg.Result(); out.Len() == 0 {
			b.Fatal("empty aggregate")
		}
	}
}

// TestAggregateCommunes aggregates communes into their province with a registry holding the communes (loaded by
// the caller from the official list) and a commune of a district abolished in 2025 counted through its parent.
func TestAggregateCommunes(t *testing.T) {
	s := itAnnual(t)
	reg := adminunit.DefaultRegistry()
	from := time.Date(2025, 7, 1, 0, 0, 0, 0, vntime.Location())
	require.NoError(t, reg.Add(
		adminunit.Unit{Code: "00004", Name: "Phường Ba Đình", Level: adminunit.Commune, Parent: "01", ValidFrom: from},
		adminunit.Unit{Code: "00008", Name: "Phường Ngọc Hà", Level: adminunit.Commune, Parent: "01", ValidFrom: from},
		adminunit.Unit{Code: "00010", Name: "Phường Giảng Võ", Level: adminunit.Commune, Parent: "01", ValidFrom: from},
		adminunit.Unit{Code: "02000", Name: "Xã ngoài", Level: adminunit.Commune, Parent: "02", ValidFrom: from},
	))
	reports := []*Values{
		unitReport(t, s, "00004", "2025", map[string]float64{"dossiers_received": 10, "dossiers_online": 5}),
		unitReport(t, s, "00008", "2025", map[string]float64{"dossiers_received": 30, "dossiers_online": 3}),
		unitReport(t, s, "02000", "2025", map[string]float64{"dossiers_received": 99}),
	}
	out, rep := Aggregate(s, "01", reports, AggregateOptions{AdminUnits: reg})
	require.Equal(t, []string{"RPT-G002", "RPT-G001"}, rep.Codes(), "%v", rep.Diagnostics)
	require.Contains(t, rep.Diagnostics[1].Message, "Phường Giảng Võ")
	got, _ := out.Get("dossiers_online_share")
	require.InDelta(t, 20.0, got, 1e-9)
}
