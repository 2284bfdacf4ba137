package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Enqueue writes an outbox row only; the dispatcher of a running agent gives the rows that have no send job yet
// (job_id 0) their jobs, many in one transaction (InsertManyTx, then their job ids in one statement). River's
// insert is most of an enqueue's cost on SQLite (its statement, and the fetch it triggers), and a transaction per
// package is what a caller enqueuing one package at a time waited for behind the agent's own statements on the
// store's one connection. Nothing can be lost or sent twice in between: the row is durable once Enqueue returns,
// and the jobs are inserted in the transaction that records their ids, so a row gets a job exactly once, at the
// next dispatch after a crash if the process died before. On PostgreSQL the rows a dispatch takes are locked
// (FOR UPDATE SKIP LOCKED), so that the instances sharing a store dispatch disjoint rows.

const (
	// maxDispatchBatch bounds the rows given jobs in one transaction.
	maxDispatchBatch = 256
	// dispatchCooldown is the least time between the starts of two dispatches, so that a caller enqueuing one package at a
	// time is dispatched in batches rather than a transaction per package (River's FetchCooldown is the same
	// idea on the other side of the queue). With 5 ms a dispatch took 3 or 4 packages of a caller enqueuing one at a
	// time, and that benchmark took 1.75 ms per package instead of 1.11-1.14 ms (32 workers).
	dispatchCooldown = 20 * time.Millisecond
)

// dispatcher runs the dispatches of a running agent: when Enqueue signals (in this process, or on PostgreSQL
// through a notification from any process), and every Options.FetchInterval for rows written by another process
// on SQLite or left behind by a process that died.
type dispatcher struct {
	a    *Agent
	wake chan struct{}
}

func newDispatcher(a *Agent) *dispatcher {
	return &dispatcher{a: a, wake: make(chan struct{}, 1)}
}

// signal asks for a dispatch soon; it never blocks.
func (d *dispatcher) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// run dispatches until ctx ends. A failed dispatch is logged and tried again at the next signal or tick: the
// rows wait, durable, meanwhile.
func (d *dispatcher) run(ctx context.Context) {
	tick := time.NewTicker(d.a.opts.FetchInterval)
	defer tick.Stop()
	for {
		last := time.Now()
		for {
			n, err := d.dispatch(ctx)
			if err != nil {
				if ctx.Err() == nil {
					d.a.log.Warn("giving queued packages their send jobs failed; trying again", "err", err)
				}
				break
			}
			if n < maxDispatchBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-d.wake:
		case <-tick.C:
		}
		// The cooldown counts from the last dispatch: a package queued after a quiet spell is dispatched at once.
		if wait := dispatchCooldown - time.Since(last); wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}
}

// dispatch gives up to maxDispatchBatch rows without a job their send jobs, in one transaction, and returns how
// many it took.
func (d *dispatcher) dispatch(ctx context.Context) (int, error) {
	tx, err := d.a.store.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := d.undispatched(ctx, tx)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	params := make([]river.InsertManyParams, len(rows))
	for i, r := range rows {
		params[i] = river.InsertManyParams{Args: r}
	}
	res, err := d.a.river.InsertManyTx(ctx, tx, params)
	if err != nil {
		return 0, fmt.Errorf("inserting send jobs: %w", err)
	}
	pairs := make([]any, 0, 2*len(res))
	for _, r := range res {
		// The order of rows a multi-row insert returns is not promised (SQLite's RETURNING), so each job names
		// its row through its own arguments.
		var args struct {
			OutboxID int64 `json:"outbox_id"`
		}
		if err := json.Unmarshal(r.Job.EncodedArgs, &args); err != nil {
			return 0, fmt.Errorf("reading a send job's arguments: %w", err)
		}
		pairs = append(pairs, args.OutboxID, r.Job.ID)
	}
	if _, err := tx.ExecContext(ctx, setJobIDsSQL(len(res)), pairs...); err != nil {
		return 0, fmt.Errorf("recording send job ids: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// undispatched reads the rows without a job, oldest first (locked for this transaction on PostgreSQL).
func (d *dispatcher) undispatched(ctx context.Context, tx *sql.Tx) ([]sendArgs, error) {
	q := `SELECT id, hash, path, recipients, message_type, spooled FROM egov_exchange_outbox
		WHERE job_id = 0 AND state = 'queued' ORDER BY id LIMIT ` + fmt.Sprint(maxDispatchBatch)
	if d.a.store.postgres {
		q += ` FOR UPDATE SKIP LOCKED`
	}
	rs, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading queued packages: %w", err)
	}
	defer rs.Close()
	var out []sendArgs
	for rs.Next() {
		var s sendArgs
		var to string
		var spooled int
		if err := rs.Scan(&s.OutboxID, &s.Hash, &s.Path, &to, &s.MessageType, &spooled); err != nil {
			return nil, fmt.Errorf("reading queued packages: %w", err)
		}
		s.Spooled = spooled == 1
		if err := json.Unmarshal([]byte(to), &s.To); err != nil {
			// A row the agent did not write this way: the job reads it (and cancels itself if it stays unreadable).
			s = sendArgs{OutboxID: s.OutboxID}
		}
		out = append(out, s)
	}
	return out, rs.Err()
}

// setJobIDsSQL sets job_id on n rows in one statement: (outbox id, job id) pairs, in the dialect SQLite and
// PostgreSQL share (see confirmManySQL).
func setJobIDsSQL(n int) string {
	return `UPDATE egov_exchange_outbox SET job_id = v.column2 FROM (` + valuesSQL(n, "BIGINT", "BIGINT") +
		`) AS v WHERE egov_exchange_outbox.id = v.column1`
}
