package exchange_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp/exchange"
)

// A department system queues a letter in the transaction that records it as sent, so that the letter is queued
// if and only if that record commits. Its process opens the store without an Axis: it only queues, and the agent
// running elsewhere on the same database (`egov lgsp agent run`) sends the letter; on PostgreSQL the commit
// wakes it at once.
func ExampleAgent_EnqueueTx() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "egov-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	queue, err := exchange.Open(ctx, exchange.Options{Database: filepath.Join(dir, "exchange.db")}) // or "postgres://…"
	if err != nil {
		log.Fatal(err)
	}
	defer queue.Close()
	db := queue.Store().DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE letters (number TEXT PRIMARY KEY, sent INTEGER NOT NULL)`); err != nil {
		log.Fatal(err)
	}
	letter := filepath.Join(dir, "123-UBND-VP.edxml")
	if err := os.WriteFile(letter, edoc.SamplePackage(), 0o600); err != nil {
		log.Fatal(err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO letters (number, sent) VALUES ('123/UBND-VP', 1)`); err != nil {
		log.Fatal(err)
	}
	q, err := queue.EnqueueTx(ctx, tx, exchange.Outgoing{Path: letter}) // the recipients: the package's To
	if err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}

	st, err := queue.Status(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("outbox id %d, queued %d\n", q.ID, st.Counts.Queued)
	// Output: outbox id 1, queued 1
}
