package dvc

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/dvc/internal/dossiergen"
)

// benchRows is the size of the generated CSV; set DVC_BENCH_ROWS=1000000 for the measurement of issue 5.
func benchRows(b *testing.B) int {
	if s := os.Getenv("DVC_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("DVC_BENCH_ROWS=%q", s)
		}
		return n
	}
	return 100_000
}

func benchFile(b *testing.B) (string, int64) {
	path := filepath.Join(b.TempDir(), "dossiers.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := dossiergen.Write(f, benchRows(b), 1); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	return path, st.Size()
}

// kpiStreaming is the streaming path: Reader + Aggregator.
func kpiStreaming(path string, by GroupBy) ([]Group, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	agg, err := KPI(f, ReaderOptions{}, AggregateOptions{By: by})
	if err != nil {
		return nil, err
	}
	return agg.Groups(DefaultTargets()), nil
}

// kpiBaseline is the plain approach the issue names as the peer: encoding/csv ReadAll into memory, then parse
// each row with time.Parse and the package's parsers, then aggregate with the same Aggregator.
func kpiBaseline(path string, by GroupBy) ([]Group, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, io.ErrUnexpectedEOF
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	agg := NewAggregator(AggregateOptions{By: by})
	for n, row := range rows[1:] {
		var rec Record
		if rec.ReceivedAt, err = time.Parse(time.RFC3339, row[col[ColReceivedAt]]); err != nil {
			return nil, fmt.Errorf("row %d: %w", n+2, err)
		}
		if rec.DueAt, err = time.Parse(time.RFC3339, row[col[ColDueAt]]); err != nil {
			return nil, fmt.Errorf("row %d: %w", n+2, err)
		}
		if s := row[col[ColFinishedAt]]; s != "" {
			if rec.FinishedAt, err = time.Parse(time.RFC3339, s); err != nil {
				return nil, fmt.Errorf("row %d: %w", n+2, err)
			}
		}
		if rec.Channel, err = ParseChannel(row[col[ColChannel]]); err != nil {
			return nil, err
		}
		if rec.Level, err = ParseLevel(row[col[ColLevel]]); err != nil {
			return nil, err
		}
		rec.Agency, rec.Procedure = row[col[ColAgency]], row[col[ColProcedure]]
		if _, err := agencycode.Parse(rec.Agency); err != nil {
			return nil, err
		}
		if _, err := ParseProcedureCode(rec.Procedure); err != nil {
			return nil, err
		}
		if rec.Tier, err = ParseTier(row[col[ColTier]]); err != nil {
			return nil, err
		}
		if err := agg.Add(&rec); err != nil {
			return nil, err
		}
	}
	return agg.Groups(DefaultTargets()), nil
}

// BenchmarkKPI compares the streaming KPI with the encoding/csv read-all baseline on the same generated file;
// the ratio of their ns/op is the speed-up reported for issue 5. Both must give the same groups.
func BenchmarkKPI(b *testing.B) {
	path, size := benchFile(b)
	want, err := kpiStreaming(path, GroupMonth)
	if err != nil {
		b.Fatal(err)
	}
	got, err := kpiBaseline(path, GroupMonth)
	if err != nil {
		b.Fatal(err)
	}
	if len(got) != len(want) {
		b.Fatalf("baseline has %d groups, streaming %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Counts != want[i].Counts || got[i].Services != want[i].Services {
			b.Fatalf("group %s differs: %+v vs %+v", got[i].Key, got[i].Counts, want[i].Counts)
		}
	}
	for _, c := range []struct {
		name string
		run  func(string, GroupBy) ([]Group, error)
	}{{"streaming", kpiStreaming}, {"baseline-encoding-csv", kpiBaseline}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.run(path, GroupMonth); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReaderRead(b *testing.B) {
	path, size := benchFile(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r := NewReader(f, ReaderOptions{})
		var rec Record
		for {
			if err := r.Read(&rec); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}

// BenchmarkKPIPaired runs the streaming KPI and the encoding/csv baseline back to back in every iteration and
// reports the ratio of their total times as "x-faster", which is less sensitive to the load of a shared machine
// than two separate benchmarks.
func BenchmarkKPIPaired(b *testing.B) {
	path, _ := benchFile(b)
	var stream, base time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := kpiStreaming(path, GroupMonth); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := kpiBaseline(path, GroupMonth); err != nil {
			b.Fatal(err)
		}
		stream, base = stream+t1.Sub(t0), base+time.Since(t1)
	}
	b.ReportMetric(float64(base)/float64(stream), "x-faster")
	b.ReportMetric(float64(stream.Milliseconds())/float64(b.N), "ms-streaming/op")
	b.ReportMetric(float64(base.Milliseconds())/float64(b.N), "ms-baseline/op")
}
