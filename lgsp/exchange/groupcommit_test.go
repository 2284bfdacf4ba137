package exchange

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// testWait bounds the waits of the group-commit tests.
const testWait = 30 * time.Second

// letterFiles writes n distinct letters into a temporary directory and returns their paths; names containing
// "bad" are made for the refusing trigger of TestGroupCommitFailingRow.
func letterFiles(t *testing.T, n int, name func(i int) string) []string {
	t.Helper()
	dir := t.TempDir()
	paths := make([]string, n)
	for i := range n {
		paths[i] = writeLetter(t, dir, name(i), i+1)
	}
	return paths
}

// holdConnection takes the SQLite store's one connection, so that Enqueue calls gather behind the leader waiting
// for it; the returned function gives it back.
func holdConnection(t *testing.T, a *Agent) (release func()) {
	t.Helper()
	tx, err := a.store.db.BeginTx(context.Background(), nil)
	require.NoError(t, err)
	return func() { require.NoError(t, tx.Rollback()) }
}

// waitingCalls is the number of Enqueue calls waiting for a group commit.
func waitingCalls(a *Agent) int {
	a.group.mu.Lock()
	defer a.group.mu.Unlock()
	return len(a.group.waiting)
}

// TestGroupCommit runs concurrent Enqueue calls gathered behind a held connection: they share transactions of at
// most maxGroup rows, each gets its own outbox id, and the same package queued twice in one group is a duplicate
// of the first, as it is across transactions.
func TestGroupCommit(t *testing.T) {
	tests := []struct {
		name        string
		calls, dups int
		batches     int
	}{
		{"one group", 40, 5, 1},
		{"more than one group holds", maxGroup + 44, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openAgent(t, Options{Database: filepath.Join(t.TempDir(), "g.db")})
			paths := letterFiles(t, tt.calls-tt.dups, func(i int) string { return fmt.Sprintf("%d.edxml", i) })
			paths = append(paths, paths[:tt.dups]...) // the first dups packages twice
			release := holdConnection(t, a)
			queued := make([]*Queued, len(paths))
			var wg sync.WaitGroup
			for i, p := range paths {
				wg.Go(func() {
					q, err := a.Enqueue(context.Background(), Outgoing{Path: p})
					require.NoError(t, err)
					queued[i] = q
				})
			}
			waitFor(t, testWait, "the calls to gather", func() bool { return waitingCalls(a) == len(paths) })
			release()
			wg.Wait()

			require.Equal(t, tt.batches, a.group.batches)
			byHash := map[string][]*Queued{}
			for _, q := range queued {
				byHash[q.Hash] = append(byHash[q.Hash], q)
			}
			require.Len(t, byHash, tt.calls-tt.dups)
			dups := 0
			for hash, qs := range byHash {
				if len(qs) == 2 {
					dups++
					require.Equal(t, qs[0].ID, qs[1].ID, hash)
					require.NotEqual(t, qs[0].Duplicate, qs[1].Duplicate, "one of the two calls queued %s", hash)
				}
			}
			require.Equal(t, tt.dups, dups)
			require.Equal(t, Counts{Queued: tt.calls - tt.dups}, status(t, a))
		})
	}
}

// TestGroupCommitFailingRow has the database refuse one row of a group (a trigger): that call fails with the
// database's error and is not queued; the others of its group are queued, each in its own transaction then.
func TestGroupCommitFailingRow(t *testing.T) {
	a := openAgent(t, Options{Database: filepath.Join(t.TempDir(), "g.db")})
	_, err := a.store.db.Exec(`CREATE TRIGGER refuse_bad BEFORE INSERT ON egov_exchange_outbox
		WHEN NEW.path LIKE '%bad%' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`)
	require.NoError(t, err)
	paths := letterFiles(t, 10, func(i int) string {
		if i == 6 {
			return "bad.edxml"
		}
		return fmt.Sprintf("%d.edxml", i)
	})
	release := holdConnection(t, a)
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() { _, errs[i] = a.Enqueue(context.Background(), Outgoing{Path: p}) })
	}
	waitFor(t, testWait, "the calls to gather", func() bool { return waitingCalls(a) == len(paths) })
	release()
	wg.Wait()
	for i, err := range errs {
		if i == 6 {
			require.ErrorContains(t, err, "refused for the test")
			continue
		}
		require.NoError(t, err, paths[i])
	}
	require.Equal(t, Counts{Queued: 9}, status(t, a))
}

// TestGroupCommitCancelled cancels a call while it waits behind a leader: it returns the context's error at once,
// its row is never written, and the leader's call is queued.
func TestGroupCommitCancelled(t *testing.T) {
	a := openAgent(t, Options{Database: filepath.Join(t.TempDir(), "g.db")})
	paths := letterFiles(t, 2, func(i int) string { return fmt.Sprintf("%d.edxml", i) })
	release := holdConnection(t, a)
	leader := make(chan error, 1)
	go func() {
		_, err := a.Enqueue(context.Background(), Outgoing{Path: paths[0]})
		leader <- err
	}()
	waitFor(t, testWait, "the leader to wait", func() bool { return waitingCalls(a) == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	follower := make(chan error, 1)
	go func() {
		_, err := a.Enqueue(ctx, Outgoing{Path: paths[1]})
		follower <- err
	}()
	waitFor(t, testWait, "the follower to wait", func() bool { return waitingCalls(a) == 2 })
	cancel()
	require.True(t, errors.Is(<-follower, context.Canceled), "the cancelled call returns while the connection is held")
	release()
	require.NoError(t, <-leader)
	st, err := a.Status(context.Background())
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(Counts{Queued: 1}, st.Counts))
}

// TestGroupCommitPanic has the leader's commit panic (a bug): the calls of its batch get an error instead of
// waiting forever, the panic reaches the leader's caller, and the next call leads a commit of its own.
func TestGroupCommitPanic(t *testing.T) {
	var g groupCommit
	ctx := context.Background()
	release := make(chan struct{})
	blocked := make(chan struct{})
	leader := &enqueueCall{ctx: ctx}
	panicked := make(chan any, 1)
	go func() {
		defer func() { panicked <- recover() }()
		g.do(leader, func(_ context.Context, take func() []*enqueueCall) {
			close(blocked)
			<-release
			take()
			panic("bug in the commit")
		})
	}()
	<-blocked
	follower := &enqueueCall{ctx: ctx}
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.do(follower, func(context.Context, func() []*enqueueCall) { t.Error("the follower was taken by the leader") })
	}()
	waitFor(t, testWait, "the follower to wait", func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return len(g.waiting) == 2
	})
	close(release)
	require.Equal(t, "bug in the commit", <-panicked)
	select {
	case <-done:
	case <-time.After(testWait):
		t.Fatal("the follower still waits after the leader's panic")
	}
	require.ErrorContains(t, follower.err, "the shared commit failed: bug in the commit")
	require.ErrorContains(t, leader.err, "the shared commit failed")

	next := &enqueueCall{ctx: ctx}
	g.do(next, func(_ context.Context, take func() []*enqueueCall) {
		for _, c := range take() {
			c.q = &Queued{ID: 7}
		}
	})
	require.Equal(t, int64(7), next.q.ID)
	require.False(t, g.busy)
}
