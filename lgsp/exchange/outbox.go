package exchange

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"github.com/riverqueue/river"
	"github.com/vnegov/egov/lgsp"
)

// Outgoing is a package to send.
type Outgoing struct {
	// Path names a package file the agent sends from where it is; its SHA-256 is recorded, and a file changed
	// before it is sent is not sent (the job is dead-lettered).
	Path string
	// Body, when set instead of Path, is copied into the spool (synced) before the job is queued.
	Body io.Reader
	// To are the recipients' organ ids; empty means the To agencies of the package's header.
	To []string
	// MessageType is the kind of package; "" means lgsp.MessageEdoc.
	MessageType lgsp.MessageType
}

// Queued is the outcome of Enqueue.
type Queued struct {
	// ID is the outbox id (what `egov lgsp agent retry` takes).
	ID int64 `json:"id"`
	// Hash is the package's SHA-256, lowercase hex.
	Hash string `json:"hash"`
	// Duplicate is true when the same package for the same recipients was already queued: nothing new is queued.
	Duplicate bool `json:"duplicate"`
}

// Enqueue queues pkg for sending and returns once its row is committed. The package is hashed (and a Body
// spooled and synced) before any transaction begins, so that a SQLite store's one connection is not held during
// file I/O. Calls made at the same time share a transaction and its synced commit (groupcommit.go): each
// still returns only when its own row is durable, and each gets its own outcome, a failing row failing alone.
func (a *Agent) Enqueue(ctx context.Context, pkg Outgoing) (*Queued, error) {
	p, err := a.persist(pkg)
	if err != nil {
		return nil, err
	}
	call := &enqueueCall{ctx: ctx, pkg: pkg, p: p}
	a.group.do(call, a.commitGroup)
	return call.q, call.err
}

// commitGroup writes the rows of the calls take returns in one transaction. The transaction is not cancelled
// with the leader's context (it carries the others' rows); a call whose context has ended by the time it is
// taken is refused with its context's error. When the transaction fails, each row is tried again in its own,
// so that one bad row does not fail the calls that came with it.
func (a *Agent) commitGroup(ctx context.Context, take func() []*enqueueCall) {
	ctx = context.WithoutCancel(ctx)
	tx, beginErr := a.store.db.BeginTx(ctx, nil)
	var live []*enqueueCall
	for _, c := range take() {
		if err := c.ctx.Err(); err != nil {
			c.err = fmt.Errorf("exchange: enqueue: %w", err)
			continue
		}
		live = append(live, c)
	}
	if beginErr != nil {
		for _, c := range live {
			c.err = fmt.Errorf("exchange: enqueue: %w", beginErr)
		}
		return
	}
	err := a.insertRows(ctx, tx, live)
	if err == nil {
		err = tx.Commit()
	}
	if err == nil {
		for _, c := range live {
			a.logQueued(c.q, c.p.size)
		}
		return
	}
	_ = tx.Rollback()
	if len(live) == 1 {
		live[0].q, live[0].err = nil, fmt.Errorf("exchange: enqueue: %w", err)
		return
	}
	for _, c := range live {
		c.q, c.err = a.enqueueAlone(c.ctx, c.pkg, c.p)
	}
}

// insertRows writes the outbox rows of calls in tx, recording each call's outcome.
func (a *Agent) insertRows(ctx context.Context, tx *sql.Tx, calls []*enqueueCall) error {
	for _, c := range calls {
		q, err := a.enqueuePersisted(ctx, tx, c.pkg, c.p)
		if err != nil {
			return err
		}
		c.q = q
	}
	return a.notifyQueued(ctx, tx)
}

// enqueueAlone writes one outbox row in its own transaction.
func (a *Agent) enqueueAlone(ctx context.Context, pkg Outgoing, p persisted) (*Queued, error) {
	tx, err := a.store.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("exchange: enqueue: %w", err)
	}
	defer tx.Rollback()
	q, err := a.enqueuePersisted(ctx, tx, pkg, p)
	if err != nil {
		return nil, err
	}
	if err := a.notifyQueued(ctx, tx); err != nil {
		return nil, fmt.Errorf("exchange: enqueue: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("exchange: enqueue: %w", err)
	}
	a.logQueued(q, p.size)
	return q, nil
}

// logQueued logs a committed outbox row.
func (a *Agent) logQueued(q *Queued, size int64) {
	if q.Duplicate {
		a.log.Info("package already queued", "outbox_id", q.ID, "hash", q.Hash)
		return
	}
	a.log.Info("package queued", "outbox_id", q.ID, "hash", q.Hash, "size", size)
}

// EnqueueTx queues pkg in the caller's transaction tx on the agent's database (Store.DB), like River's
// InsertTx: the package is queued if and only if tx commits, together with the caller's own records (a
// document-management system's "sent" flag). A Body is copied into the spool before the row is written; a
// rolled-back transaction leaves that copy behind, harmless and named by its hash. A running agent gives the
// package its send job soon after tx commits: on SQLite, in the agent's own process within milliseconds (the
// dispatch EnqueueTx asks for waits for the one connection, so it sees the commit), from another process at the
// agent's next look (Options.FetchInterval); on PostgreSQL at once from any process, woken by the notification
// tx carries (notify.go).
func (a *Agent) EnqueueTx(ctx context.Context, tx *sql.Tx, pkg Outgoing) (*Queued, error) {
	p, err := a.persist(pkg)
	if err != nil {
		return nil, err
	}
	q, err := a.enqueuePersisted(ctx, tx, pkg, p)
	if err == nil {
		if err := a.notifyQueued(ctx, tx); err != nil {
			return nil, fmt.Errorf("exchange: enqueue: %w", err)
		}
		a.log.Info("package queued with the caller's transaction", "outbox_id", q.ID, "hash", q.Hash, "duplicate", q.Duplicate)
	}
	return q, err
}

// persisted is a package's durable copy: its path, content hash and size, and whether it is in the spool.
type persisted struct {
	path, hash string
	size       int64
	spooled    bool
}

// enqueuePersisted writes the outbox row of the persisted package p in tx; a running agent's dispatcher gives it
// its send job.
func (a *Agent) enqueuePersisted(ctx context.Context, tx *sql.Tx, pkg Outgoing, p persisted) (*Queued, error) {
	path, hash, size, spooled := p.path, p.hash, p.size, p.spooled
	to := slices.Clone(pkg.To)
	slices.Sort(to)
	to = slices.Compact(to)
	toJSON, _ := json.Marshal(to)
	if to == nil {
		toJSON = []byte("[]")
	}
	mt := pkg.MessageType
	if mt == "" {
		mt = lgsp.MessageEdoc
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO egov_exchange_outbox (hash, recipients, message_type, path, spooled, size, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7) ON CONFLICT DO NOTHING RETURNING id`,
		hash, string(toJSON), string(mt), path, boolInt(spooled), size, a.stamp()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// The same package for the same recipients is queued or sent already: de-duplicated by content hash.
		err = tx.QueryRowContext(ctx, `SELECT id FROM egov_exchange_outbox WHERE hash = $1 AND recipients = $2 AND message_type = $3`,
			hash, string(toJSON), string(mt)).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("exchange: enqueue: %w", err)
		}
		return &Queued{ID: id, Hash: hash, Duplicate: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("exchange: enqueue: %w", err)
	}
	// The send job is inserted by the dispatcher (dispatch.go), with those of the packages queued together.
	a.dispatcher.signal()
	return &Queued{ID: id, Hash: hash}, nil
}

// persist hashes pkg and, for a Body, writes it into the spool: temporary file, sync, rename, directory sync.
func (a *Agent) persist(pkg Outgoing) (persisted, error) {
	path, hash, size, spooled, err := a.persistFile(pkg)
	return persisted{path: path, hash: hash, size: size, spooled: spooled}, err
}

func (a *Agent) persistFile(pkg Outgoing) (path, hash string, size int64, spooled bool, err error) {
	if (pkg.Path == "") == (pkg.Body == nil) {
		return "", "", 0, false, errors.New("exchange: enqueue: give exactly one of Outgoing.Path and Outgoing.Body")
	}
	if pkg.Path != "" {
		abs, err := filepath.Abs(pkg.Path)
		if err != nil {
			return "", "", 0, false, fmt.Errorf("exchange: enqueue: %w", err)
		}
		hash, size, err := hashFile(abs)
		if err != nil {
			return "", "", 0, false, fmt.Errorf("exchange: enqueue: %w", err)
		}
		return abs, hash, size, false, nil
	}
	if err := os.MkdirAll(a.outDir(), 0o700); err != nil {
		return "", "", 0, false, fmt.Errorf("exchange: spool directory: %w", err)
	}
	tmp, err := os.CreateTemp(a.outDir(), "queue-*.part")
	if err != nil {
		return "", "", 0, false, fmt.Errorf("exchange: spooling: %w", err)
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), pkg.Body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", "", 0, false, fmt.Errorf("exchange: spooling: %w", err)
	}
	hash = hex.EncodeToString(h.Sum(nil))
	path = filepath.Join(a.outDir(), hash+".edxml")
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", "", 0, false, fmt.Errorf("exchange: spooling: %w", err)
	}
	if err := syncDir(a.outDir()); err != nil {
		return "", "", 0, false, err
	}
	return path, hash, size, true, nil
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	return hashReader(f)
}

// hashBuffers are the read buffers of hashReader: a package is hashed when it is queued and again before each
// attempt, and a fresh 32 KiB buffer each time was a tenth of the agent's allocations in bench_test.go.
var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// hashReader returns the SHA-256 (lowercase hex) and length of what r holds.
func hashReader(r io.Reader) (string, int64, error) {
	buf := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(buf)
	h := sha256.New()
	// Read through a plain reader: io.CopyBuffer would hand an *os.File to its WriteTo, which allocates its own.
	n, err := io.CopyBuffer(h, struct{ io.Reader }{r}, *buf)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sendArgs is the job that sends one outbox package. It carries a copy of the outbox row's fields, so that a
// first attempt reads nothing from the store (on SQLite every statement waits for the one connection); a later
// attempt reads the row, which may say "sent". Jobs queued before the copy existed carry OutboxID only.
type sendArgs struct {
	OutboxID    int64    `json:"outbox_id"`
	Hash        string   `json:"hash,omitempty"`
	Path        string   `json:"path,omitempty"`
	To          []string `json:"to,omitempty"`
	MessageType string   `json:"message_type,omitempty"`
	Spooled     bool     `json:"spooled,omitempty"`
}

// row returns the outbox row the job carries, or nil when it carries only the id.
func (s sendArgs) row() *outboxRow {
	if s.Hash == "" || s.Path == "" || s.MessageType == "" {
		return nil
	}
	return &outboxRow{hash: s.Hash, path: s.Path, state: "queued", mt: s.MessageType, to: s.To, spooled: s.Spooled}
}

// Kind names the job.
func (sendArgs) Kind() string { return "egov_exchange_send" }

type sendWorker struct {
	river.WorkerDefaults[sendArgs]
	a *Agent
}

type outboxRow struct {
	hash, path, state, mt string
	to                    []string
	spooled               bool
}

// Work sends the package until the gateway confirms it. From the second attempt on the client first asks the
// gateway's sent list whether an earlier attempt (perhaps by a process that was killed) delivered it already.
func (w *sendWorker) Work(ctx context.Context, job *river.Job[sendArgs]) error {
	a := w.a
	id := job.Args.OutboxID
	// Only this job marks its row sent, so before its first attempt the row is still queued; every later attempt
	// (after a failure, a kill, a rescue or an operator's retry) reads the row.
	row := job.Args.row()
	if row == nil || job.Attempt > 1 {
		var err error
		if row, err = a.outboxRow(ctx, id); err != nil {
			return err
		}
	}
	if row.state == "sent" {
		return nil
	}
	f, err := os.Open(row.path)
	if err != nil {
		return a.failSend(ctx, id, job, river.JobCancel(fmt.Errorf("exchange: package %d: %w", id, err)))
	}
	defer f.Close()
	// The file is hashed and sent through one descriptor: one open per attempt, not two.
	if hash, _, err := hashReader(f); err != nil || hash != row.hash {
		return a.failSend(ctx, id, job, river.JobCancel(fmt.Errorf("exchange: package %d: %s changed since it was queued", id, row.path)))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return a.failSend(ctx, id, job, err)
	}
	res, err := a.opts.Axis.Send(ctx, f, lgsp.SendOptions{To: row.to, MessageType: lgsp.MessageType(row.mt), CheckFirst: job.Attempt > 1})
	if err != nil {
		var ve *lgsp.ValidationError
		if errors.As(err, &ve) {
			err = river.JobCancel(err) // the same bytes will be refused again: dead-letter now
		}
		return a.failSend(ctx, id, job, err)
	}
	// The outbox row is the record of the confirmation; River completes the job after Work returns (its completer
	// batches completions). A kill between the two runs the job again, and it stops at the "sent" state above, so
	// completing the job in this statement's transaction (two more statements on SQLite's one connection) would
	// add nothing. The confirmer writes the rows of jobs that finish together in one transaction.
	if err := a.confirmer.confirm(ctx, id, res.DocID, a.stamp()); err != nil {
		return err
	}
	if row.spooled {
		os.Remove(row.path)
	}
	a.log.Info("package sent", "outbox_id", id, "doc_id", res.DocID, "attempt", job.Attempt, "recovered", res.Recovered)
	return nil
}

// failSend records the error of an attempt (best effort: the job's own error list is the record that counts).
func (a *Agent) failSend(ctx context.Context, id int64, job *river.Job[sendArgs], err error) error {
	a.store.db.ExecContext(context.WithoutCancel(ctx), `UPDATE egov_exchange_outbox SET last_error = $1 WHERE id = $2`, err.Error(), id)
	a.log.Warn("sending failed", "outbox_id", id, "attempt", job.Attempt, "max_attempts", job.MaxAttempts, "err", err)
	return err
}

func (a *Agent) outboxRow(ctx context.Context, id int64) (*outboxRow, error) {
	var r outboxRow
	var to string
	var spooled int
	err := a.store.db.QueryRowContext(ctx, `SELECT hash, path, state, message_type, recipients, spooled FROM egov_exchange_outbox WHERE id = $1`, id).
		Scan(&r.hash, &r.path, &r.state, &r.mt, &to, &spooled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, river.JobCancel(fmt.Errorf("exchange: outbox package %d does not exist", id))
	}
	if err != nil {
		return nil, err
	}
	r.spooled = spooled == 1
	if err := json.Unmarshal([]byte(to), &r.to); err != nil {
		return nil, river.JobCancel(fmt.Errorf("exchange: outbox package %d: recipients: %w", id, err))
	}
	return &r, nil
}

// Retry makes a dead-lettered (or waiting) job run again now: ref is an outbox id (a number) or a received doc
// id. A package queued and not yet given its send job needs nothing: Retry returns nil. It returns an error when
// ref is unknown.
func (a *Agent) Retry(ctx context.Context, ref string) error {
	var jobID int64
	err := sql.ErrNoRows
	if n, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		err = a.store.db.QueryRowContext(ctx, `SELECT job_id FROM egov_exchange_outbox WHERE id = $1 AND state <> 'sent'`, n).Scan(&jobID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = a.store.db.QueryRowContext(ctx, `SELECT job_id FROM egov_exchange_inbox WHERE doc_id = $1`, ref).Scan(&jobID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("exchange: retry: no unsent outbox package and no received package %q", ref)
	}
	if err != nil {
		return fmt.Errorf("exchange: retry %s: %w", ref, err)
	}
	if jobID == 0 {
		// Queued and not yet given its send job: the running agent's next dispatch sends it; nothing waits.
		a.dispatcher.signal()
		a.log.Info("retry: the package is queued and not yet attempted", "ref", ref)
		return nil
	}
	if _, err := a.river.JobRetry(ctx, jobID); err != nil {
		return fmt.Errorf("exchange: retry %s: %w", ref, err)
	}
	a.log.Info("job retried by the operator", "ref", ref, "job_id", jobID)
	return nil
}

func (a *Agent) stamp() string { return a.now().UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }
