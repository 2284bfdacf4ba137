package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// TestDispatch queues more packages than one dispatch takes, with no agent running, then dispatches them from
// two goroutines at once (two agents on PostgreSQL): every outbox row gets exactly one send job, whose arguments
// name it, a row whose recipients cannot be read gets a job carrying its id only, and queued packages count as
// queued until then.
func TestDispatch(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			ctx := context.Background()
			db := filepath.Join(t.TempDir(), "d.db")
			if store == "postgres" {
				db = pgDSN(t)
			}
			opts := Options{Database: db, SpoolDir: t.TempDir()}
			a := openAgent(t, opts)
			const n = 2*maxDispatchBatch + 88
			queueLetters(t, a, n)
			_, err := a.store.db.ExecContext(ctx, `UPDATE egov_exchange_outbox SET recipients = 'not json' WHERE id = (SELECT MIN(id) FROM egov_exchange_outbox)`)
			require.NoError(t, err)
			require.Equal(t, Counts{Queued: n}, status(t, a))
			require.NoError(t, a.Retry(ctx, "1"), "retrying a package not yet dispatched is not an error")

			b := openAgent(t, opts) // a second agent: PostgreSQL's case; on SQLite a second connection pool
			var wg sync.WaitGroup
			taken := make([]int, 2)
			for i, ag := range []*Agent{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						k, err := ag.dispatcher.dispatch(ctx)
						require.NoError(t, err)
						if k == 0 {
							return
						}
						require.LessOrEqual(t, k, maxDispatchBatch)
						taken[i] += k
					}
				}()
			}
			wg.Wait()
			require.Equal(t, n, taken[0]+taken[1])

			argsText := "json(j.args)" // River keeps SQLite's job arguments as JSONB
			if store == "postgres" {
				argsText = "CAST(j.args AS TEXT)"
			}
			rows, err := a.store.db.QueryContext(ctx, `SELECT o.id, o.job_id, `+argsText+` FROM egov_exchange_outbox o
				LEFT JOIN river_job j ON j.id = o.job_id ORDER BY o.id`)
			require.NoError(t, err)
			defer rows.Close()
			var jobs, idOnly int
			for rows.Next() {
				var id, jobID int64
				var args []byte
				require.NoError(t, rows.Scan(&id, &jobID, &args))
				require.NotZero(t, jobID, "row %d has no job", id)
				var got sendArgs
				require.NoError(t, json.Unmarshal(args, &got))
				require.Equal(t, id, got.OutboxID, "the job of row %d names another row", id)
				if got.row() == nil {
					idOnly++
				}
				jobs++
			}
			require.NoError(t, rows.Err())
			require.Equal(t, n, jobs)
			require.Equal(t, 1, idOnly, "the row with unreadable recipients")
			var total int
			require.NoError(t, a.store.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&total))
			require.Equal(t, n, total, "one job per row, none twice")
			require.Equal(t, Counts{Queued: n}, status(t, a))
		})
	}
}

// TestSetJobIDsSQL pins the statement's shape (one VALUES pair per row, numbered in order).
func TestSetJobIDsSQL(t *testing.T) {
	want := `UPDATE egov_exchange_outbox SET job_id = v.column2 FROM (VALUES (CAST($1 AS BIGINT), CAST($2 AS BIGINT)), ` +
		`(CAST($3 AS BIGINT), CAST($4 AS BIGINT))) AS v WHERE egov_exchange_outbox.id = v.column1`
	if diff := cmp.Diff(want, setJobIDsSQL(2)); diff != "" {
		t.Fatal(diff)
	}
}

// openAgent opens an agent without a gateway (the enqueue-only case) and closes it when the test ends.
func openAgent(t *testing.T, opts Options) *Agent {
	t.Helper()
	a, err := Open(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	return a
}

// queueLetters queues n distinct letters by path.
func queueLetters(t *testing.T, a *Agent, n int) {
	t.Helper()
	for _, path := range letterFiles(t, n, func(i int) string { return fmt.Sprintf("%d.edxml", i) }) {
		_, err := a.Enqueue(context.Background(), Outgoing{Path: path})
		require.NoError(t, err)
	}
}

// TestEnqueueBesideARunningAgent queues packages through another Agent value on the same store while an agent
// runs (what `egov lgsp agent enqueue` does from another process), by Enqueue and by EnqueueTx: the running
// agent's dispatcher finds the rows at its next look on SQLite and sends them; on PostgreSQL the agent looks only
// every hour here, so what wakes it is the notification the transactions carry (notify.go).
func TestEnqueueBesideARunningAgent(t *testing.T) {
	sysB := lgsptest.DemoSystems()[1]
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			ctx := context.Background()
			g := lgsptest.NewGateway(t, lgsptest.Options{})
			opts := fastOptions(t, axisFor(t, g, 0), newRecorder())
			if store == "postgres" {
				opts.Database = pgDSN(t)
				opts.FetchInterval = time.Hour
			}
			a := runAgent(t, opts)
			other := openAgent(t, Options{Database: opts.Database, SpoolDir: opts.SpoolDir})
			dir := t.TempDir()
			for i := range 2 {
				path := writeLetter(t, dir, fmt.Sprintf("%d.edxml", i), 70+i)
				if i == 0 {
					_, err := other.Enqueue(ctx, Outgoing{Path: path})
					require.NoError(t, err)
					continue
				}
				tx, err := other.Store().DB().BeginTx(ctx, nil)
				require.NoError(t, err)
				_, err = other.EnqueueTx(ctx, tx, Outgoing{Path: path})
				require.NoError(t, err)
				require.NoError(t, tx.Commit())
			}
			waitFor(t, 20*time.Second, "both packages sent", func() bool { return status(t, a).Sent == 2 })
			require.Equal(t, 2, g.Stored(sysB.OrganID))
		})
	}
}

// TestListenerReconnects ends the PostgreSQL connection an agent listens on: the agent connects again and a
// package queued by another Agent value afterwards is still sent at once (the agent's own look is an hour away).
func TestListenerReconnects(t *testing.T) {
	ctx := context.Background()
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	opts := fastOptions(t, axisFor(t, g, 0), newRecorder())
	opts.Database, opts.FetchInterval = pgDSN(t), time.Hour
	a := runAgent(t, opts)
	other := openAgent(t, Options{Database: opts.Database, SpoolDir: opts.SpoolDir})
	listener := func() (pid int) { // the backend of the agent's LISTEN, 0 when there is none
		err := other.store.db.QueryRowContext(ctx, `SELECT coalesce(max(pid), 0) FROM pg_stat_activity
			WHERE datname = current_database() AND query = 'LISTEN `+outboxChannel+`' AND state = 'idle'`).Scan(&pid)
		require.NoError(t, err)
		return pid
	}
	waitFor(t, 10*time.Second, "the agent to listen", func() bool { return listener() != 0 })
	first := listener()
	_, err := other.store.db.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, first)
	require.NoError(t, err)
	waitFor(t, 10*time.Second, "the agent to listen again", func() bool { pid := listener(); return pid != 0 && pid != first })
	path := writeLetter(t, t.TempDir(), "after.edxml", 90)
	_, err = other.Enqueue(ctx, Outgoing{Path: path})
	require.NoError(t, err)
	waitFor(t, 20*time.Second, "the package sent", func() bool { return status(t, a).Sent == 1 })
}
