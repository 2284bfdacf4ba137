package exchange

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL, Enqueue and EnqueueTx announce queued packages with a notification that PostgreSQL delivers when
// their transaction commits, and every running agent listens for it, so that a package queued by another process
// (a department system's EnqueueTx, `egov lgsp agent enqueue`) is dispatched at once instead of at the agent's
// next look (Options.FetchInterval). The notification is only a wake-up: the outbox rows are the truth, the
// agents still look every FetchInterval, and a listener that lost its connection loses nothing but that speed.
// SQLite has no such signal between processes; there the next look it is.

// outboxChannel is the PostgreSQL notification channel of queued packages.
const outboxChannel = "egov_exchange_outbox"

// notifyQueued announces, in tx, that packages were queued; PostgreSQL delivers it at commit, once however many
// times a transaction sends it.
func (a *Agent) notifyQueued(ctx context.Context, tx *sql.Tx) error {
	if !a.store.postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify('`+outboxChannel+`', '')`)
	return err
}

// listen wakes the dispatcher at each notification of queued packages until ctx ends, reconnecting with a growing
// pause (at most a minute) when the connection fails.
func (a *Agent) listen(ctx context.Context) {
	pause := 100 * time.Millisecond
	for {
		listened, err := a.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if listened {
			pause = 100 * time.Millisecond
		}
		a.log.Warn("listening for queued packages failed; they are dispatched every FetchInterval until it works again",
			"err", err, "retry_in", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Minute)
	}
}

// listenOnce listens on one connection until it fails or ctx ends; listened reports that LISTEN had succeeded.
func (a *Agent) listenOnce(ctx context.Context) (listened bool, err error) {
	conn, err := pgx.Connect(ctx, a.store.dsn)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+outboxChannel); err != nil {
		return false, err
	}
	// Packages queued while nobody listened are found by this dispatch.
	a.dispatcher.signal()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		a.dispatcher.signal()
	}
}
