package exchange

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// maxConfirmBatch bounds the confirmations written in one transaction.
const maxConfirmBatch = 64

// confirmer records the gateway's confirmations of sent packages ("sent" and the gateway's doc id on the outbox
// row) for the send jobs running at once, several in one transaction (a group commit). On SQLite every statement
// waits for the store's one connection, and a confirmation per package made the send jobs, not the gateway, what
// Enqueue waited behind; on PostgreSQL it saves a commit per package. A job still returns only once its own row
// is committed, so nothing about what is recorded, or when a job may complete, changes. A batch is one statement:
// one round trip to PostgreSQL, one write transaction on SQLite.
type confirmer struct {
	db   *sql.DB
	reqs chan *confirmation
	stop chan struct{}
	wg   sync.WaitGroup
}

// confirmation is one row to mark sent, and where its outcome goes.
type confirmation struct {
	outboxID int64
	docID    string
	at       string
	done     chan error
}

const confirmSQL = `UPDATE egov_exchange_outbox SET state = 'sent', gateway_doc_id = $1, sent_at = $2, last_error = '' WHERE id = $3`

func newConfirmer(db *sql.DB) *confirmer {
	return &confirmer{db: db, reqs: make(chan *confirmation), stop: make(chan struct{})}
}

// start runs the writer until close.
func (c *confirmer) start() {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.loop()
	}()
}

// close stops the writer once no job waits on it (call it after the job engine has stopped).
func (c *confirmer) close() {
	close(c.stop)
	c.wg.Wait()
}

// confirm records that outbox row id was confirmed as docID at the time at, and returns once that is committed.
func (c *confirmer) confirm(ctx context.Context, id int64, docID, at string) error {
	req := &confirmation{outboxID: id, docID: docID, at: at, done: make(chan error, 1)}
	select {
	case c.reqs <- req:
	case <-c.stop:
		return c.write(ctx, []*confirmation{req})[0] // the writer has stopped: write alone
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err() // the row may still be written; a later attempt finds it sent, or sends again asking first
	}
}

// loop takes the first waiting confirmation and every other one already waiting, up to maxConfirmBatch, and
// writes them together: no confirmation waits for a batch to fill.
func (c *confirmer) loop() {
	for {
		var batch []*confirmation
		select {
		case req := <-c.reqs:
			batch = append(batch, req)
		case <-c.stop:
			return
		}
	gather:
		for len(batch) < maxConfirmBatch {
			select {
			case req := <-c.reqs:
				batch = append(batch, req)
			default:
				break gather
			}
		}
		for i, err := range c.write(context.Background(), batch) {
			batch[i].done <- err
		}
	}
}

// write records the batch in one statement and returns an error per confirmation; if the statement fails, each
// row is written alone, so that one bad row (or a transient error) does not fail the others.
func (c *confirmer) write(ctx context.Context, batch []*confirmation) []error {
	errs := make([]error, len(batch))
	if len(batch) > 1 {
		if _, err := c.db.ExecContext(ctx, confirmManySQL(len(batch)), confirmManyArgs(batch)...); err == nil {
			return errs
		}
	}
	for i, req := range batch {
		if _, err := c.db.ExecContext(ctx, confirmSQL, req.docID, req.at, req.outboxID); err != nil {
			errs[i] = fmt.Errorf("exchange: recording the confirmation of package %d: %w", req.outboxID, err)
		}
	}
	return errs
}

// confirmManySQL is confirmSQL for n rows at once, in the dialect SQLite and PostgreSQL share (UPDATE … FROM a
// VALUES list, whose columns are column1, column2, … in both).
func confirmManySQL(n int) string {
	return `UPDATE egov_exchange_outbox SET state = 'sent', gateway_doc_id = v.column2, sent_at = v.column3, last_error = ''
	FROM (` + valuesSQL(n, "BIGINT", "TEXT", "TEXT") + `) AS v WHERE egov_exchange_outbox.id = v.column1`
}

// valuesSQL is a VALUES list of n rows whose columns have the given SQL types, numbered $1, $2, … row by row:
// the typed casts make SQLite and PostgreSQL read the parameters alike.
func valuesSQL(n int, types ...string) string {
	var b strings.Builder
	b.WriteString("VALUES ")
	for row := range n {
		if row > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for col, typ := range types {
			if col > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "CAST($%d AS %s)", row*len(types)+col+1, typ)
		}
		b.WriteByte(')')
	}
	return b.String()
}

func confirmManyArgs(batch []*confirmation) []any {
	args := make([]any, 0, 3*len(batch))
	for _, req := range batch {
		args = append(args, req.outboxID, req.docID, req.at)
	}
	return args
}
