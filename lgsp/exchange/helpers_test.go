package exchange

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// axisFor returns a client of the stand-in g for its demo system i.
func axisFor(t testing.TB, g *lgsptest.Gateway, i int) lgsp.Axis { return axisWithAttempts(t, g, i, 4) }

// checkingAxisFor is the client a test verifies the outcome with, and a fixture sends with, through the same
// faulty gateway: it lists hundreds of packages page by page, so it retries long enough that 30% faults cannot
// fail the check itself (4 attempts fail a page with probability 0.3⁴ ≈ 0.8%, which over dozens of pages made the
// check flaky), and it has no circuit breaker: once a burst of faults opened one, the half-open breaker let one
// of the crash fixture's 8 senders through and failed the other seven until their tries ran out.
func checkingAxisFor(t testing.TB, g *lgsptest.Gateway, i int) lgsp.Axis {
	return axisWithAttempts(t, g, i, 40)
}

func axisWithAttempts(t testing.TB, g *lgsptest.Gateway, i, attempts int) lgsp.Axis {
	t.Helper()
	sys := lgsptest.DemoSystems()[i]
	ax, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sys.ID,
		Auth:  lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)},
		Retry: lgsp.RetryPolicy{MaxAttempts: attempts, InitialInterval: 5 * time.Millisecond, MaxInterval: 50 * time.Millisecond},
		// The instruments of a test (the checking client, a fixture's sender) keep going through a burst of
		// faults; the agents under test keep their breakers.
		Breaker: lgsp.BreakerPolicy{Disabled: attempts > 4}},
		lgsp.AxisOptions{Validation: lgsp.ValidationPolicy{AcceptInvalid: true}})
	require.NoError(t, err)
	return ax
}

// fastOptions are agent options for tests: short intervals, a database in t's temporary directory.
func fastOptions(t testing.TB, ax lgsp.Axis, h Handler) Options {
	return Options{Database: filepath.Join(t.TempDir(), "agent.db"), Axis: ax, Handler: h,
		Poll: 100 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		FetchInterval: 50 * time.Millisecond, JobTimeout: 20 * time.Second, ShutdownTimeout: 5 * time.Second}
}

// runAgent opens and runs an agent until the test ends.
func runAgent(t testing.TB, opts Options) *Agent {
	t.Helper()
	a, err := Open(context.Background(), opts)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		require.NoError(t, a.Close())
	})
	return a
}

// recorder is a Handler that counts deliveries.
type recorder struct {
	mu   sync.Mutex
	docs map[string]int
	fail map[string]int // doc id → failures left
}

func newRecorder() *recorder { return &recorder{docs: map[string]int{}, fail: map[string]int{}} }

func (r *recorder) Deliver(_ context.Context, in Incoming) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[in.DocID] > 0 {
		r.fail[in.DocID]--
		return errTest
	}
	if _, err := os.Stat(in.Path); err != nil {
		return err
	}
	r.docs[in.DocID]++
	return nil
}

func (r *recorder) count() (docs, calls int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range r.docs {
		docs++
		calls += n
	}
	return docs, calls
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("handler failure for the test")

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(t testing.TB, a *Agent) Counts {
	t.Helper()
	st, err := a.Status(context.Background())
	require.NoError(t, err)
	return st.Counts
}

// writeLetter writes demo system A's letter number n to demo system B into dir/name and returns its path.
func writeLetter(t testing.TB, dir, name string, n int) string {
	t.Helper()
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, n, letterDay), 0o600))
	return path
}

// writePackages writes pkgs into a temporary directory as 0.edxml, 1.edxml… and returns their paths.
func writePackages(t testing.TB, pkgs [][]byte) []string {
	t.Helper()
	dir := t.TempDir()
	paths := make([]string, len(pkgs))
	for i, p := range pkgs {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%d.edxml", i))
		require.NoError(t, os.WriteFile(paths[i], p, 0o600))
	}
	return paths
}
