package exchange

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// The benchmarks send b.N packages through the stand-in without faults: BenchmarkRawClient with the client in a
// loop (the peer), BenchmarkAgent* through the agent's outbox, from Enqueue to the gateway's confirmation.

func letters(n int) [][]byte {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	day := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	out := make([][]byte, n)
	for i := range out {
		out[i] = lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, i+1, day)
	}
	return out
}

func BenchmarkRawClient(b *testing.B) {
	g := lgsptest.NewGateway(b, lgsptest.Options{})
	ax := axisFor(b, g, 0)
	pkgs := letters(b.N)
	b.ResetTimer()
	for i := range b.N {
		_, err := ax.Send(context.Background(), bytes.NewReader(pkgs[i]), lgsp.SendOptions{})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
}

// BenchmarkAgentSQLite queues packages by path (the caller's file is the durable copy); ...Spool copies each
// one into the spool with two fsyncs first.
func BenchmarkAgentSQLite(b *testing.B) { benchAgent(b, "sqlite", 1, false) }

func BenchmarkAgentSQLiteSpool(b *testing.B) { benchAgent(b, "sqlite", 1, true) }

// BenchmarkAgentSQLiteBatch queues by path, 100 packages per transaction (EnqueueTx).
func BenchmarkAgentSQLiteBatch(b *testing.B) {
	g := lgsptest.NewGateway(b, lgsptest.Options{})
	opts := fastOptions(b, axisFor(b, g, 0), newRecorder())
	opts.Poll = time.Hour
	pkgs := letters(b.N)
	paths := make([]string, len(pkgs))
	dir := b.TempDir()
	for i, p := range pkgs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%d.edxml", i))
		require.NoError(b, os.WriteFile(paths[i], p, 0o600))
	}
	b.ResetTimer()
	a := runAgent(b, opts)
	for start := 0; start < b.N; start += 100 {
		tx, err := a.Store().DB().Begin()
		require.NoError(b, err)
		for _, p := range paths[start:min(start+100, b.N)] {
			_, err := a.EnqueueTx(context.Background(), tx, Outgoing{Path: p})
			require.NoError(b, err)
		}
		require.NoError(b, tx.Commit())
	}
	waitFor(b, 10*time.Minute, "every package sent", func() bool { return status(b, a).Sent == b.N })
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
}

func BenchmarkAgentPostgres(b *testing.B) { benchAgent(b, "postgres", 1, false) }

func BenchmarkAgentPostgresTwo(b *testing.B) { benchAgent(b, "postgres", 2, false) }

func benchAgent(b *testing.B, store string, instances int, spool bool) {
	g := lgsptest.NewGateway(b, lgsptest.Options{})
	opts := fastOptions(b, axisFor(b, g, 0), newRecorder())
	opts.Poll = time.Hour
	if store == "postgres" {
		opts.Database = pgDSN(b)
		opts.SpoolDir = b.TempDir()
	}
	pkgs := letters(b.N)
	paths := make([]string, len(pkgs))
	dir := b.TempDir()
	for i, p := range pkgs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%d.edxml", i))
		require.NoError(b, os.WriteFile(paths[i], p, 0o600))
	}
	b.ResetTimer()
	agents := make([]*Agent, instances)
	for i := range agents {
		o := opts
		o.Instance = string(rune('a' + i))
		agents[i] = runAgent(b, o)
	}
	for i := range b.N {
		pkg := Outgoing{Path: paths[i]}
		if spool {
			pkg = Outgoing{Body: bytes.NewReader(pkgs[i])}
		}
		_, err := agents[0].Enqueue(context.Background(), pkg)
		require.NoError(b, err)
	}
	waitFor(b, 10*time.Minute, "every package sent", func() bool { return status(b, agents[0]).Sent == b.N })
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
}
