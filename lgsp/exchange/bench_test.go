package exchange

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// The benchmarks send b.N packages through the stand-in without faults: BenchmarkRawClient with the client in a
// loop (the peer), BenchmarkAgent* through the agent's outbox, from the first Enqueue (the agents are running) to
// the last confirmation recorded, which the benchmark learns from the agent's log rather than by querying the
// store it would compete with.

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
	sent := newSentCounter(b.N)
	opts.Logger = slog.New(sent)
	pkgs := letters(b.N)
	paths := make([]string, len(pkgs))
	dir := b.TempDir()
	for i, p := range pkgs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%d.edxml", i))
		require.NoError(b, os.WriteFile(paths[i], p, 0o600))
	}
	a := runAgent(b, opts)
	b.ResetTimer()
	for start := 0; start < b.N; start += 100 {
		tx, err := a.Store().DB().Begin()
		require.NoError(b, err)
		for _, p := range paths[start:min(start+100, b.N)] {
			_, err := a.EnqueueTx(context.Background(), tx, Outgoing{Path: p})
			require.NoError(b, err)
		}
		require.NoError(b, tx.Commit())
	}
	sent.wait(b)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
	b.StopTimer()
	require.Equal(b, b.N, status(b, a).Sent)
}

func BenchmarkAgentPostgres(b *testing.B) { benchAgent(b, "postgres", 1, false) }

func BenchmarkAgentPostgresTwo(b *testing.B) { benchAgent(b, "postgres", 2, false) }

func benchAgent(b *testing.B, store string, instances int, spool bool) {
	g := lgsptest.NewGateway(b, lgsptest.Options{})
	opts := fastOptions(b, axisFor(b, g, 0), newRecorder())
	opts.Poll = time.Hour
	sent := newSentCounter(b.N)
	opts.Logger = slog.New(sent)
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
	agents := make([]*Agent, instances)
	for i := range agents {
		o := opts
		o.Instance = string(rune('a' + i))
		agents[i] = runAgent(b, o)
	}
	b.ResetTimer()
	for i := range b.N {
		pkg := Outgoing{Path: paths[i]}
		if spool {
			pkg = Outgoing{Body: bytes.NewReader(pkgs[i])}
		}
		_, err := agents[0].Enqueue(context.Background(), pkg)
		require.NoError(b, err)
	}
	sent.wait(b)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
	b.StopTimer()
	require.Equal(b, b.N, status(b, agents[0]).Sent)
}

// sentCounter is a log handler that counts the agents' "package sent" records (written after the commit that
// records the gateway's confirmation): the benchmark waits on them instead of querying the store, which would
// compete with the agent for SQLite's one connection.
type sentCounter struct {
	n    atomic.Int64
	want int64
	done chan struct{}
}

func newSentCounter(want int) *sentCounter {
	return &sentCounter{want: int64(want), done: make(chan struct{})}
}

func (c *sentCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *sentCounter) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *sentCounter) WithGroup(string) slog.Handler            { return c }

func (c *sentCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "package sent" && c.n.Add(1) == c.want {
		close(c.done)
	}
	return nil
}

func (c *sentCounter) wait(b *testing.B) {
	b.Helper()
	select {
	case <-c.done:
	case <-time.After(10 * time.Minute):
		b.Fatalf("timed out: %d of %d packages sent", c.n.Load(), c.want)
	}
}
