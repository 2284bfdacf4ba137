package exchange

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// The benchmarks send b.N packages through the stand-in without faults: BenchmarkRawClient with the client in a
// loop (the peer), BenchmarkAgent* through the agent's outbox with its default options, from the first Enqueue
// (the agents are running) or, for a backlog, from the agent's start, to the last confirmation recorded, which
// the benchmark learns from the agent's log rather than by querying the store it would compete with. cpu-ms/pkg
// is the process's CPU time per package: gateway, client and agent share the process.

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
	cpu := startCPU()
	for i := range b.N {
		_, err := ax.Send(context.Background(), bytes.NewReader(pkgs[i]), lgsp.SendOptions{})
		require.NoError(b, err)
	}
	reportRate(b, cpu)
}

// How the benchmarks queue the packages.
const (
	oneByOne   = iota // Enqueue by path, one call after the other, the agent running
	spooled           // Enqueue from a reader: each package copied into the spool with two fsyncs first
	batched           // EnqueueTx by path, 100 packages per transaction
	backlog           // queued before the agent starts (after an outage; `egov lgsp agent enqueue` of a batch)
	concurrent        // Enqueue by path from concurrentCallers goroutines (a system's users sending at once)
)

// concurrentCallers is the number of goroutines of the concurrent benchmarks.
const concurrentCallers = 16

// BenchmarkAgentSQLite queues packages by path, one Enqueue after the other (the caller's file is the durable
// copy).
func BenchmarkAgentSQLite(b *testing.B) { benchAgent(b, "sqlite", 1, oneByOne) }

func BenchmarkAgentSQLiteSpool(b *testing.B) { benchAgent(b, "sqlite", 1, spooled) }

// BenchmarkAgentSQLiteBatch queues by path, 100 packages per transaction (EnqueueTx).
func BenchmarkAgentSQLiteBatch(b *testing.B) { benchAgent(b, "sqlite", 1, batched) }

// BenchmarkAgentSQLiteBacklog times an agent starting on b.N queued packages, from Run to the last confirmation.
func BenchmarkAgentSQLiteBacklog(b *testing.B) { benchAgent(b, "sqlite", 1, backlog) }

// BenchmarkAgentSQLiteConcurrent queues by path from 16 goroutines at once, whose calls share commits.
func BenchmarkAgentSQLiteConcurrent(b *testing.B) { benchAgent(b, "sqlite", 1, concurrent) }

func BenchmarkAgentPostgres(b *testing.B) { benchAgent(b, "postgres", 1, oneByOne) }

func BenchmarkAgentPostgresTwo(b *testing.B) { benchAgent(b, "postgres", 2, oneByOne) }

// BenchmarkEnqueueSQLite times Enqueue alone (by path, one call after the other), no agent running: one synced
// SQLite commit per package is its floor.
func BenchmarkEnqueueSQLite(b *testing.B) { benchEnqueue(b, 1) }

// BenchmarkEnqueueSQLiteConcurrent times Enqueue alone from 16 goroutines, no agent running: the group commit's
// gain (groupcommit.go).
func BenchmarkEnqueueSQLiteConcurrent(b *testing.B) { benchEnqueue(b, concurrentCallers) }

// benchEnqueue queues b.N packages by path from callers goroutines, no agent running.
func benchEnqueue(b *testing.B, callers int) {
	a, err := Open(context.Background(), Options{Database: filepath.Join(b.TempDir(), "q.db")})
	require.NoError(b, err)
	defer a.Close()
	paths := writePackages(b, letters(b.N))
	b.ResetTimer()
	cpu := startCPU()
	enqueueFrom(b, a, paths, callers)
	reportRate(b, cpu)
}

// enqueueFrom queues paths by Enqueue from callers goroutines, each taking every callers-th path.
func enqueueFrom(b *testing.B, a *Agent, paths []string, callers int) {
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			for i := c; i < len(paths); i += callers {
				_, err := a.Enqueue(context.Background(), Outgoing{Path: paths[i]})
				require.NoError(b, err)
			}
		})
	}
	wg.Wait()
}

// BenchmarkAgentSQLiteBacklog10 is BenchmarkAgentSQLiteBacklog with 10 workers instead of the default 64: the
// figure behind Options.Workers' default.
func BenchmarkAgentSQLiteBacklog10(b *testing.B) { benchAgentWorkers(b, "sqlite", 1, backlog, 10) }

func benchAgent(b *testing.B, store string, instances int, mode int) {
	benchAgentWorkers(b, store, instances, mode, 0)
}

// benchAgentWorkers runs the agent benchmark with Options.Workers set to workers (0: the default).
func benchAgentWorkers(b *testing.B, store string, instances, mode, workers int) {
	g := lgsptest.NewGateway(b, lgsptest.Options{})
	opts := fastOptions(b, axisFor(b, g, 0), newRecorder())
	opts.Poll = time.Hour
	opts.Workers = workers
	opts.FetchInterval = 0 // the default, as an agency runs it
	sent := newSentCounter(b.N)
	opts.Logger = slog.New(sent)
	if store == "postgres" {
		opts.Database = pgDSN(b)
		opts.SpoolDir = b.TempDir()
	}
	pkgs := letters(b.N)
	paths := writePackages(b, pkgs)
	if mode == backlog {
		a, err := Open(context.Background(), Options{Database: opts.Database, SpoolDir: opts.SpoolDir})
		require.NoError(b, err)
		for _, p := range paths {
			_, err := a.Enqueue(context.Background(), Outgoing{Path: p})
			require.NoError(b, err)
		}
		require.NoError(b, a.Close())
	}
	agents := make([]*Agent, instances)
	start := func() {
		for i := range agents {
			o := opts
			o.Instance = string(rune('a' + i))
			agents[i] = runAgent(b, o)
		}
	}
	if mode != backlog {
		start()
	}
	b.ResetTimer()
	cpu := startCPU()
	if mode == backlog {
		start()
	}
	switch mode {
	case oneByOne, spooled:
		for i := range b.N {
			pkg := Outgoing{Path: paths[i]}
			if mode == spooled {
				pkg = Outgoing{Body: bytes.NewReader(pkgs[i])}
			}
			_, err := agents[0].Enqueue(context.Background(), pkg)
			require.NoError(b, err)
		}
	case concurrent:
		enqueueFrom(b, agents[0], paths, concurrentCallers)
	case batched:
		for start := 0; start < b.N; start += 100 {
			tx, err := agents[0].Store().DB().Begin()
			require.NoError(b, err)
			for _, p := range paths[start:min(start+100, b.N)] {
				_, err := agents[0].EnqueueTx(context.Background(), tx, Outgoing{Path: p})
				require.NoError(b, err)
			}
			require.NoError(b, tx.Commit())
		}
	}
	sent.wait(b)
	reportRate(b, cpu)
	b.StopTimer()
	require.Equal(b, b.N, status(b, agents[0]).Sent)
}

// startCPU returns the process's CPU time so far (user and system).
func startCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports packages per second and the process's CPU milliseconds per package since cpu (gateway,
// client and agent together: they share the process).
func reportRate(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pkgs/s")
	b.ReportMetric(float64(startCPU()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/pkg")
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
