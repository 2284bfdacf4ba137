package exchange

import (
	"context"
	"fmt"
)

// Counts are the numbers of packages per state.
type Counts struct {
	// Queued outgoing packages wait for their first attempt or run without a failure yet.
	Queued int `json:"queued"`
	// Sent outgoing packages are confirmed by the gateway.
	Sent int `json:"sent"`
	// Failed outgoing packages had a failed attempt and will be retried.
	Failed int `json:"failed"`
	// Dead packages (outgoing or received) exhausted their attempts or were refused for good; an operator
	// retries them (Retry).
	Dead int `json:"dead"`
	// Received packages are listed by the gateway and not yet delivered or rejected.
	Received int `json:"received"`
	// Delivered packages were taken by the Handler.
	Delivered int `json:"delivered"`
	// Rejected packages failed validation or the signature requirement and were answered "rejection".
	Rejected int `json:"rejected"`
	// Answered packages had their gateway status set (and their status package sent).
	Answered int `json:"answered"`
}

// DeadPackage is a dead-lettered package with its last error.
type DeadPackage struct {
	// Ref is what Retry takes: the outbox id, or the received doc id.
	Ref string `json:"ref"`
	// Direction is "out" or "in".
	Direction string `json:"direction"`
	// LastError is the error of the last attempt.
	LastError string `json:"last_error"`
}

// Status is the agent's view of its queues.
type Status struct {
	Counts Counts `json:"counts"`
	// Dead lists up to 100 dead-lettered packages.
	Dead []DeadPackage `json:"dead"`
}

// maxDeadListed bounds Status.Dead.
const maxDeadListed = 100

// Status counts the packages per state, from the agent's records and River's job states (the job tells whether
// a package waits, retries or is dead; River prunes old dead jobs, and a package whose job is gone and that was
// not sent or decided is dead too).
func (a *Agent) Status(ctx context.Context) (*Status, error) {
	st := &Status{Dead: []DeadPackage{}}
	rows, err := a.store.db.QueryContext(ctx, `SELECT o.id, o.state, o.job_id, COALESCE(CAST(j.state AS TEXT), ''), o.last_error, COALESCE(j.attempt, 0)
		FROM egov_exchange_outbox o LEFT JOIN river_job j ON j.id = o.job_id`)
	if err != nil {
		return nil, fmt.Errorf("exchange: status: %w", err)
	}
	for rows.Next() {
		var id, jobID int64
		var state, job, lastErr string
		var attempt int
		if err := rows.Scan(&id, &state, &jobID, &job, &lastErr, &attempt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("exchange: status: %w", err)
		}
		switch {
		case state == "sent":
			st.Counts.Sent++
		case jobID == 0:
			st.Counts.Queued++ // not yet given its send job (dispatch.go)
		case job == "" || job == "discarded" || job == "cancelled" || job == "completed":
			st.Counts.Dead++
			st.addDead(fmt.Sprint(id), "out", lastErr)
		case job == "retryable" || lastErr != "":
			st.Counts.Failed++
		default:
			st.Counts.Queued++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("exchange: status: %w", err)
	}
	rows, err = a.store.db.QueryContext(ctx, `SELECT i.doc_id, i.state, i.answered, COALESCE(CAST(j.state AS TEXT), ''), i.last_error
		FROM egov_exchange_inbox i LEFT JOIN river_job j ON j.id = i.job_id`)
	if err != nil {
		return nil, fmt.Errorf("exchange: status: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, state, job, lastErr string
		var answered int
		if err := rows.Scan(&id, &state, &answered, &job, &lastErr); err != nil {
			return nil, fmt.Errorf("exchange: status: %w", err)
		}
		switch state {
		case inboxDelivered:
			st.Counts.Delivered++
		case inboxRejected:
			st.Counts.Rejected++
		default:
			st.Counts.Received++
		}
		if answered == 1 {
			st.Counts.Answered++
		} else if job == "discarded" || job == "cancelled" || job == "" {
			st.Counts.Dead++
			st.addDead(id, "in", lastErr)
		}
	}
	return st, rows.Err()
}

func (st *Status) addDead(ref, dir, lastErr string) {
	if len(st.Dead) < maxDeadListed {
		st.Dead = append(st.Dead, DeadPackage{Ref: ref, Direction: dir, LastError: lastErr})
	}
}
