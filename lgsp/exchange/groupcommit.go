package exchange

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// maxGroup bounds the outbox rows of one group commit: a transaction holding SQLite's one connection for
// thousands of inserts would keep the agent's workers waiting for it.
const maxGroup = 256

// enqueueCall is one Enqueue waiting for its row to be committed.
type enqueueCall struct {
	ctx context.Context
	pkg Outgoing
	p   persisted
	q   *Queued
	err error
	// leads is set, under groupCommit.mu, when the call is made the leader of the next commit.
	leads bool
	// wake says the call's outcome is set (false) or that the call now leads (true).
	wake chan bool
}

// groupCommit joins the Enqueue calls that arrive while a commit is under way into the next transaction, so that
// concurrent callers (a document-management system's users sending at once) share one synced commit instead of
// queueing for one each. A call that finds no commit under way leads at once, so a lone caller waits for nothing
// but its own commit. The leader begins its transaction before it takes the waiting calls, so the calls arriving
// while it waits for the store's connection join it.
type groupCommit struct {
	mu      sync.Mutex
	waiting []*enqueueCall
	busy    bool // a leader is committing
	batches int  // the transactions begun so far: what the tests observe of the grouping
}

// do returns once c's row is committed or refused. When c leads, run is called with the leader's context; it
// must call take exactly once, after beginning its transaction, and set the outcome of every call take returns.
func (g *groupCommit) do(c *enqueueCall, run func(ctx context.Context, take func() []*enqueueCall)) {
	c.wake = make(chan bool, 1)
	g.mu.Lock()
	g.waiting = append(g.waiting, c)
	if g.busy {
		g.mu.Unlock()
		if !g.await(c) {
			return
		}
	} else {
		g.busy, c.leads = true, true
		g.mu.Unlock()
	}
	var batch []*enqueueCall
	defer func() {
		// A panic in run (a bug) must not leave the batch waiting forever, nor the lead taken: a server that
		// recovers the panic would find every later Enqueue blocked.
		if p := recover(); p != nil {
			for _, w := range batch {
				if w.q == nil && w.err == nil {
					w.err = fmt.Errorf("exchange: enqueue: the shared commit failed: %v", p)
				}
			}
			g.finish(c, batch)
			panic(p)
		}
	}()
	run(c.ctx, func() []*enqueueCall {
		g.mu.Lock()
		defer g.mu.Unlock()
		n := min(len(g.waiting), maxGroup)
		g.batches++
		batch = slices.Clone(g.waiting[:n])
		g.waiting = slices.Delete(g.waiting, 0, n)
		return batch
	})
	g.finish(c, batch)
}

// finish wakes the calls of the leader c's batch, whose outcomes are set, and hands the lead over.
func (g *groupCommit) finish(c *enqueueCall, batch []*enqueueCall) {
	for _, w := range batch {
		if w != c {
			w.wake <- false
		}
	}
	g.handOver()
}

// handOver makes the first call that arrived during the commit the next leader, or ends the leading.
func (g *groupCommit) handOver() {
	g.mu.Lock()
	if len(g.waiting) == 0 {
		g.busy = false
		g.mu.Unlock()
		return
	}
	next := g.waiting[0]
	next.leads = true
	g.mu.Unlock()
	next.wake <- true
}

// await waits for c's outcome; it reports whether c must lead the next commit instead. A caller whose context
// ends while its call still waits leaves the queue with the context's error, its row not written; once a leader
// has taken the call (or c was made the leader), the commit under way is awaited.
func (g *groupCommit) await(c *enqueueCall) (lead bool) {
	select {
	case lead := <-c.wake:
		return lead
	case <-c.ctx.Done():
	}
	g.mu.Lock()
	if i := slices.Index(g.waiting, c); i >= 0 && !c.leads {
		g.waiting = slices.Delete(g.waiting, i, i+1)
		g.mu.Unlock()
		c.err = fmt.Errorf("exchange: enqueue: %w", c.ctx.Err())
		return false
	}
	g.mu.Unlock()
	return <-c.wake
}
