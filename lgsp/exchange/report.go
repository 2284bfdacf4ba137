package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/vnegov/egov/lgsp"
)

// reportArgs is the job that sets a later handling status of a delivered package at the gateway.
type reportArgs struct {
	DocID  string              `json:"doc_id" river:"unique"`
	Status lgsp.DeliveryStatus `json:"status" river:"unique"`
}

// Kind names the job.
func (reportArgs) Kind() string { return "egov_exchange_report" }

// SetStatus queues the report of a later handling status of a delivered package (assignment, processing, done,
// fail…) to the gateway, as the department system moves it along; the job is retried like the others, and the
// same report queued twice is sent once. A package the agent has not delivered, or whose acceptance is not yet
// at the gateway (it would overwrite the later status), is an error: ask again later.
func (a *Agent) SetStatus(ctx context.Context, docID string, s lgsp.DeliveryStatus) error {
	if _, err := lgsp.ParseDeliveryStatus(string(s)); err != nil {
		return fmt.Errorf("exchange: %w", err)
	}
	var state string
	var answered int
	err := a.store.db.QueryRowContext(ctx, `SELECT state, answered FROM egov_exchange_inbox WHERE doc_id = $1`, docID).Scan(&state, &answered)
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && state != inboxDelivered):
		return fmt.Errorf("exchange: status of %s: not a package this agent delivered", docID)
	case err != nil:
		return fmt.Errorf("exchange: status of %s: %w", docID, err)
	case answered == 0:
		return fmt.Errorf("exchange: status of %s: its acceptance is not at the gateway yet; report the status later", docID)
	}
	if _, err := a.river.Insert(ctx, reportArgs{DocID: docID, Status: s}, uniqueByDoc); err != nil {
		return fmt.Errorf("exchange: status of %s: %w", docID, err)
	}
	return nil
}

type reportWorker struct {
	river.WorkerDefaults[reportArgs]
	a *Agent
}

// Work sets the status at the gateway (setting a status is idempotent).
func (w *reportWorker) Work(ctx context.Context, job *river.Job[reportArgs]) error {
	if err := w.a.opts.Axis.UpdateStatus(ctx, job.Args.DocID, job.Args.Status); err != nil {
		w.a.log.Warn("status report failed", "doc_id", job.Args.DocID, "status", job.Args.Status, "attempt", job.Attempt, "err", err)
		return err
	}
	w.a.log.Info("status reported", "doc_id", job.Args.DocID, "status", job.Args.Status)
	return nil
}
