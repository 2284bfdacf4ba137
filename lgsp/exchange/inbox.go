package exchange

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
)

// Inbox states of a received package.
const (
	inboxReceived   = "received"   // listed by the gateway, not yet delivered
	inboxDelivering = "delivering" // handed to the Handler; its success is not recorded yet
	inboxDelivered  = "delivered"
	inboxRejected   = "rejected"
)

// pollLoop polls the inbox at once and then every Options.Poll until ctx ends. Every instance polls: the inbox
// record (one row per doc id) and River's unique jobs make a doc id queued once however many instances see it,
// and no instance waits for River's leader election to find new packages after a restart.
func (a *Agent) pollLoop(ctx context.Context) {
	t := time.NewTicker(a.opts.Poll)
	defer t.Stop()
	for {
		n, err := a.PollOnce(ctx)
		if err != nil && ctx.Err() == nil {
			a.log.Warn("inbox poll failed", "err", err)
		} else if n > 0 {
			a.log.Info("inbox poll", "new", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollOnce lists the packages waiting in the gateway's inbox and queues a fetch job for each one not seen
// before; it returns how many it queued. Run calls it every Options.Poll. Known doc ids are filtered out a page at
// a time with one query, so a long inbox does not hold the store (a SQLite store has one connection) for long.
func (a *Agent) PollOnce(ctx context.Context) (int, error) {
	queued := 0
	f := lgsp.ListFilter{Status: lgsp.StatusInbox}
	var page []lgsp.ReceivedDoc
	flush := func() error {
		fresh, err := a.unknownDocs(ctx, page)
		page = page[:0]
		if err != nil {
			return err
		}
		for _, doc := range fresh {
			ok, err := a.queueFetch(ctx, doc)
			if err != nil {
				return err
			}
			if ok {
				queued++
			}
		}
		return nil
	}
	for doc, err := range lgsp.AllReceived(ctx, a.opts.Axis, f, a.opts.PollLimit) {
		if err != nil {
			return queued, err
		}
		if doc.DocID == "" {
			continue
		}
		if page = append(page, doc); len(page) == pollBatch {
			if err := flush(); err != nil {
				return queued, err
			}
		}
	}
	return queued, flush()
}

// pollBatch is the number of doc ids looked up in the inbox records at once.
const pollBatch = 200

// unknownDocs returns the docs of batch that have no inbox record.
func (a *Agent) unknownDocs(ctx context.Context, batch []lgsp.ReceivedDoc) ([]lgsp.ReceivedDoc, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	marks := make([]string, len(batch))
	args := make([]any, len(batch))
	for i, d := range batch {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = d.DocID
	}
	rows, err := a.store.db.QueryContext(ctx, `SELECT doc_id FROM egov_exchange_inbox WHERE doc_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("exchange: poll: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("exchange: poll: %w", err)
		}
		known[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("exchange: poll: %w", err)
	}
	var fresh []lgsp.ReceivedDoc
	for _, d := range batch {
		if !known[d.DocID] {
			fresh = append(fresh, d)
			known[d.DocID] = true // a gateway may list a doc twice across pages
		}
	}
	return fresh, nil
}

// fetchArgs is the job that fetches, checks and delivers one received package; unique per doc id.
type fetchArgs struct {
	DocID string `json:"doc_id" river:"unique"`
}

// Kind names the job.
func (fetchArgs) Kind() string { return "egov_exchange_fetch" }

// answerArgs is the job that answers one decided package at the gateway; unique per doc id.
type answerArgs struct {
	DocID string `json:"doc_id" river:"unique"`
}

// Kind names the job.
func (answerArgs) Kind() string { return "egov_exchange_answer" }

var uniqueByDoc = &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}

// queueFetch records doc and queues its fetch job in one transaction, unless the doc id is known.
func (a *Agent) queueFetch(ctx context.Context, doc lgsp.ReceivedDoc) (bool, error) {
	if doc.DocID == "" {
		return false, nil
	}
	tx, err := a.store.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("exchange: poll: %w", err)
	}
	defer tx.Rollback()
	ts := a.stamp()
	mt := string(doc.MessageType)
	if mt == "" {
		mt = string(lgsp.MessageEdoc)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO egov_exchange_inbox (doc_id, sender, kind, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING`, doc.DocID, doc.From, mt, inboxReceived, ts)
	if err != nil {
		return false, fmt.Errorf("exchange: poll: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // seen before: its job runs, ran or is dead-lettered
	}
	job, err := a.river.InsertTx(ctx, tx, fetchArgs{DocID: doc.DocID}, uniqueByDoc)
	if err != nil {
		return false, fmt.Errorf("exchange: poll: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE egov_exchange_inbox SET job_id = $1 WHERE doc_id = $2`, job.Job.ID, doc.DocID); err != nil {
		return false, fmt.Errorf("exchange: poll: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("exchange: poll: %w", err)
	}
	return true, nil
}

type inboxRow struct {
	sender, kind, state, header, findings, decidedAt string
	answered                                         bool
}

func (a *Agent) inboxRow(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, docID string) (*inboxRow, error) {
	var r inboxRow
	var answered int
	err := q.QueryRowContext(ctx, `SELECT sender, kind, state, header, findings, decided_at, answered FROM egov_exchange_inbox WHERE doc_id = $1`, docID).
		Scan(&r.sender, &r.kind, &r.state, &r.header, &r.findings, &r.decidedAt, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, river.JobCancel(fmt.Errorf("exchange: received package %s is not recorded", docID))
	}
	r.answered = answered == 1
	return &r, err
}

type fetchWorker struct {
	river.WorkerDefaults[fetchArgs]
	a *Agent
}

// Work downloads the package to the spool, checks it, and delivers it (or decides to reject it); the decision
// and the answer job are committed with the job's completion, so a package is delivered once and answered once.
func (w *fetchWorker) Work(ctx context.Context, job *river.Job[fetchArgs]) error {
	a, id := w.a, job.Args.DocID
	row, err := a.inboxRow(ctx, a.store.db, id)
	if err != nil {
		return err
	}
	if row.state == inboxDelivered || row.state == inboxRejected {
		return nil // decided by an earlier run whose completion was committed with the decision
	}
	path := filepath.Join(a.inDir(), spoolName(id))
	defer os.Remove(path)
	size, getErr := a.download(ctx, id, path)
	var rep *diag.Report
	var accept bool
	var hdr *edoc.MessageHeader
	var ve *lgsp.ValidationError
	switch {
	case errors.As(getErr, &ve) && ve.Report != nil:
		rep, hdr = ve.Report, readHeader(path) // the client's own validation refused it
	case getErr != nil:
		return a.failFetch(ctx, id, job.Attempt, getErr)
	default:
		if rep, accept, hdr, err = a.check(ctx, path, row.kind != string(lgsp.MessageStatus)); err != nil {
			return a.failFetch(ctx, id, job.Attempt, err)
		}
	}
	in := Incoming{DocID: id, From: row.sender, MessageType: lgsp.MessageType(row.kind), Path: path, Size: size, Header: hdr, Report: rep}
	if accept {
		if err := a.deliver(ctx, row, in); err != nil {
			return a.failFetch(ctx, id, job.Attempt, err)
		}
	}
	return a.decide(ctx, job, in, accept)
}

func spoolName(docID string) string {
	return strings.NewReplacer("/", "_", `\`, "_", "\x00", "_").Replace(docID) + ".part"
}

// download streams the package into path (never whole in memory).
func (a *Agent) download(ctx context.Context, docID, path string) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("exchange: spooling %s: %w", docID, err)
	}
	res, err := a.opts.Axis.Get(ctx, docID, f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("exchange: spooling %s: %w", docID, cerr)
	}
	if res == nil {
		return 0, err
	}
	return res.Size, err
}

// deliver calls the Handler unless a crash interrupted a delivery the Handler confirms it finished. A TxHandler
// is called in decide instead, inside the transaction.
func (a *Agent) deliver(ctx context.Context, row *inboxRow, in Incoming) error {
	if _, ok := a.opts.Handler.(TxHandler); ok {
		return nil
	}
	if row.state == inboxDelivering {
		if c, ok := a.opts.Handler.(DeliveryChecker); ok {
			done, err := c.Delivered(ctx, in.DocID)
			if err != nil {
				return fmt.Errorf("exchange: asking the handler about %s: %w", in.DocID, err)
			}
			if done {
				a.log.Info("delivery confirmed by the handler after an interruption", "doc_id", in.DocID)
				return nil
			}
		}
	} else if _, err := a.store.db.ExecContext(ctx, `UPDATE egov_exchange_inbox SET state = $1, updated_at = $2 WHERE doc_id = $3`,
		inboxDelivering, a.stamp(), in.DocID); err != nil {
		return err
	}
	if err := a.opts.Handler.Deliver(ctx, in); err != nil {
		return fmt.Errorf("exchange: handler: %w", err)
	}
	return nil
}

// decide records the decision, queues the answer and completes the job, in one transaction.
func (a *Agent) decide(ctx context.Context, job *river.Job[fetchArgs], in Incoming, accept bool) error {
	tx, err := a.store.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if h, ok := a.opts.Handler.(TxHandler); ok && accept {
		if err := h.DeliverTx(ctx, tx, in); err != nil {
			tx.Rollback() // before failFetch writes: a SQLite store has one connection
			return a.failFetch(ctx, in.DocID, job.Attempt, fmt.Errorf("exchange: handler: %w", err))
		}
	}
	state := inboxRejected
	if accept {
		state = inboxDelivered
	}
	var hdr []byte
	if in.Header != nil {
		hdr, _ = json.Marshal(in.Header)
	}
	findings, _ := json.Marshal(in.Report)
	ts := a.stamp()
	if _, err := tx.ExecContext(ctx, `UPDATE egov_exchange_inbox SET state = $1, header = $2, findings = $3, decided_at = $4, updated_at = $4, last_error = '' WHERE doc_id = $5`,
		state, string(hdr), string(findings), ts, in.DocID); err != nil {
		return err
	}
	ans, err := a.river.InsertTx(ctx, tx, answerArgs{DocID: in.DocID}, uniqueByDoc)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE egov_exchange_inbox SET job_id = $1 WHERE doc_id = $2`, ans.Job.ID, in.DocID); err != nil {
		return err
	}
	if _, err := river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if accept {
		a.log.Info("package delivered", "doc_id", in.DocID, "from", in.From, "size", in.Size, "findings", len(in.Report.Diagnostics))
	} else {
		a.log.Warn("package rejected", "doc_id", in.DocID, "from", in.From, "errors", in.Report.Count(diag.Error))
	}
	return nil
}

func (a *Agent) failFetch(ctx context.Context, docID string, attempt int, err error) error {
	a.store.db.ExecContext(context.WithoutCancel(ctx), `UPDATE egov_exchange_inbox SET last_error = $1 WHERE doc_id = $2`, err.Error(), docID)
	a.log.Warn("receiving failed", "doc_id", docID, "attempt", attempt, "err", err)
	return err
}

type answerWorker struct {
	river.WorkerDefaults[answerArgs]
	a *Agent
}

// Work sets the gateway status of a decided package (acceptance or rejection; done for a status package) and
// sends the edXML status package to the sender of a document package. Both are safe to repeat: the status is
// set, not added, and the status package is built from the recorded decision time, so its bytes are the same at
// every attempt and the client's ask-before-resend finds one that an interrupted attempt sent.
func (w *answerWorker) Work(ctx context.Context, job *river.Job[answerArgs]) error {
	a, id := w.a, job.Args.DocID
	row, err := a.inboxRow(ctx, a.store.db, id)
	if err != nil {
		return err
	}
	if row.answered {
		return nil
	}
	accepted := row.state == inboxDelivered
	status := lgsp.StatusRejection
	switch {
	case row.kind == string(lgsp.MessageStatus):
		status = lgsp.StatusDone
	case accepted:
		status = lgsp.StatusAcceptance
	}
	if err := a.opts.Axis.UpdateStatus(ctx, id, status); err != nil {
		return a.failFetch(ctx, id, job.Attempt, err)
	}
	if err := a.sendStatusPackage(ctx, row, accepted, job.Attempt > 1); err != nil {
		return a.failFetch(ctx, id, job.Attempt, err)
	}
	tx, err := a.store.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE egov_exchange_inbox SET answered = 1, updated_at = $1, last_error = '' WHERE doc_id = $2`, a.stamp(), id); err != nil {
		return err
	}
	if _, err := river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	a.log.Info("package answered", "doc_id", id, "status", status)
	return nil
}

// sendStatusPackage answers a document package with its edXML status (a status package itself is not answered,
// and a package whose header could not be read has no one to address the answer to beyond the gateway status).
func (a *Agent) sendStatusPackage(ctx context.Context, row *inboxRow, accepted, checkFirst bool) error {
	if row.kind == string(lgsp.MessageStatus) || row.header == "" {
		return nil
	}
	var hdr edoc.MessageHeader
	if err := json.Unmarshal([]byte(row.header), &hdr); err != nil {
		return river.JobCancel(fmt.Errorf("exchange: recorded header: %w", err))
	}
	at, err := time.Parse(time.RFC3339Nano, row.decidedAt)
	if err != nil {
		return river.JobCancel(fmt.Errorf("exchange: recorded decision time: %w", err))
	}
	sp := a.statusPackage(&hdr, accepted, rejectionReason(row), at)
	var buf bytes.Buffer
	if err := edoc.WriteStatus(&buf, sp); err != nil {
		return river.JobCancel(fmt.Errorf("exchange: building the status package: %w", err))
	}
	to := hdr.From.OrganID
	if to == "" {
		to = row.sender
	}
	_, err = a.opts.Axis.Send(ctx, bytes.NewReader(buf.Bytes()), lgsp.SendOptions{To: []string{to}, MessageType: lgsp.MessageStatus, CheckFirst: checkFirst})
	return err
}

// rejectionReason lists the error findings of a rejected package, as the reason of its status package.
func rejectionReason(row *inboxRow) string {
	if row.state != inboxRejected {
		return ""
	}
	var rep diag.Report
	json.Unmarshal([]byte(row.findings), &rep)
	var parts []string
	for _, d := range rep.Diagnostics {
		if d.Severity == diag.Error {
			parts = append(parts, d.Code+": "+d.MessageVI)
		}
	}
	return strings.Join(parts, "; ")
}
