// Package exchange is the durable document-exchange agent that every document-management system builds around
// the axis client (trục liên thông văn bản, QĐ 28/2018/QĐ-TTg; packages per QCVN 102:2016): an outbox that sends
// queued edXML packages until the gateway has them, and an inbox that polls the gateway, downloads each new
// package, validates it with edoc and verifies its signatures, hands it to the department system exactly once,
// then answers: the gateway status (updateStatus acceptance or rejection, done for a status package) and the
// edXML status package (03 "đã tiếp nhận", 02 "từ chối" with the findings, NĐ 30/2020 Điều 21) back to the
// sender. It runs on River, an existing job-queue engine, never a home-made queue: embedded SQLite (the pure-Go
// modernc.org/sqlite, no cgo) for a small agency's single binary, PostgreSQL for a ministry's several instances
// sharing one database. Both are reached through database/sql, so EnqueueTx can join a caller's *sql.Tx the way
// River's InsertTx does: the package is queued if and only if the caller's own "sent" record commits.
//
// What makes it lose nothing and duplicate nothing: Enqueue commits an outbox row (path and SHA-256, or a synced
// copy in the spool); a running agent's dispatcher gives the rows without a send job their jobs, many at once,
// in the transaction that records the jobs' ids, so each row gets exactly one job, after a crash at the next
// dispatch (dispatch.go; PostgreSQL instances lock the rows they take); a send is retried with backoff until the
// gateway confirms, and from the second attempt on the client asks the gateway's sent list before sending again
// (lgsp's ask-before-resend), so a process killed in mid-send does not send twice; after Options.MaxAttempts a
// job is dead and `egov lgsp agent retry` (Retry) runs it again. The same package queued twice for the same
// recipients is queued once (a unique hash). Each polled doc id gets one inbox row and one fetch job (River
// unique jobs by doc id); the decision (delivered or rejected) is committed together with the fetch job's
// completion and the insertion of the answer job, so a Handler that succeeded is not called again and one that
// failed is retried. A kill after Deliver returned and before that commit is the one window no agent closes
// alone: DirHandler is asked (DeliveryChecker) whether "<doc id>.edxml" is there, a TxHandler delivers inside the
// transaction, and any other Handler should key on DocID. A SQLite store belongs to one running agent (a lock
// file says so), which therefore releases at start the jobs a killed predecessor left running; on PostgreSQL an
// instance releases its own (by Options.Instance) and River rescues those of an instance that never returns.
// Every instance polls (the inbox row and unique jobs make that safe), so none waits for River's leader election.
//
//	agent, err := exchange.Open(ctx, exchange.Options{
//		Database: "./egov-exchange.db", // or "postgres://…"
//		Axis:     axis,                 // an lgsp.Axis
//		Handler:  exchange.DirHandler{Dir: "/srv/qlvb/inbox"},
//		Poll:     5 * time.Minute,
//	})
//	go agent.Run(ctx) // until ctx ends; then in-flight jobs finish or are released
//	q, err := agent.Enqueue(ctx, exchange.Outgoing{Path: "cv-123.edxml"})
//
// # Measurements
//
// Shared 2-core machine, loaded by other work (figures vary by ±50% between runs).
//
// Crash tests (crash_test.go, go test -run Crash): 500 packages each way through the lgsptest stand-in at 30%
// injected faults, agent processes killed with SIGKILL 6 times, at random points of the work (killMarks), and
// restarted. SQLite, one agent: 500 sent, 500 delivered to the DirHandler once each, 500 answered (acceptance + one
// status package each), in 8.1-12.8 s over some twenty runs of this session (about 21 s before the dispatcher and
// the 64 workers). PostgreSQL, two agents on one database, killed and restarted in turn: the same counts, the
// deliveries split between them from 186/314 to 309/191, in 33-49 s (about 54 s before). A kill between a delivered
// file's rename and the test's own log line leaves 499 log lines for 500 deliveries; DirHandler.Delivered keeps the
// agent from delivering that package again. Until this session the kills were timed by the clock alone, and once
// the agent had become fast, the last kills of about half the runs came after the work was done.
//
// Memory (memory_test.go): an agent process sending one package with a 256 MB attachment (345 MB of edXML) and
// receiving another peaks at 29.9-31.0 MB RSS (eight runs with 64 workers). Many at once: 16 packages of 43 MB each
// way (32 jobs in flight) 36.0-37.6 MB, 64 each way (all 64 workers busy) 41.9 MB, so about 0.2 MB per job in
// flight; the spool holds a received package until it is delivered, so the disk needs room for 64 of them.
//
// Throughput without faults, 2000 small packages, default options (FetchInterval 1 s), against the raw client
// sending the same packages in a loop. The machine's speed drifts by up to half within a minute, so each figure
// is five pairs, the raw client then the agent in one run of the test binary (go test -c; ex.test -test.bench
// '^Benchmark(RawClient|AgentSQLite)$' -test.benchtime 2000x, and so on), the ratio taken within each pair:
// median and range. The benchmarks wait on the agent's "package sent" log lines, not on its store.
//
//	SQLite, packages queued before the start    1,227-1,505 /s   1.35× the raw client's time (1.06-1.68)
//	SQLite, EnqueueTx of 100 per transaction    1,017-1,141 /s   1.42× (1.36-1.71)
//	SQLite, Enqueue from 16 goroutines            885-1,059 /s   1.55× (1.36-1.78)
//	SQLite, Enqueue one after the other             588-790 /s   1.95× (1.53-2.83)
//	PostgreSQL, one agent (Enqueue one by one)      294-362 /s   4.90× (3.49-5.81)
//	PostgreSQL, two agents                          184-341 /s   5.56× (3.53-6.97)
//	raw client in a loop                        1,134-2,248 /s   0.57-0.70 cpu-ms/pkg
//
// Other figures of the same session (one run of each benchmark, three runs): Enqueue alone, no agent running,
// 0.37-0.97 ms per call one after the other, 0.087-0.17 ms per call from 16 goroutines (their calls share a
// synced commit, groupcommit.go); an Enqueue from a reader (spooled, two more fsyncs) 295-479 /s with the agent;
// a backlog with 10 workers instead of 64 604-744 /s. `egov lgsp agent enqueue` of 500 files (spooled): 0.69-0.80
// s, was 1.03-1.19 s queuing one file after the other (/usr/bin/time, three runs each). From Enqueue to the
// gateway's confirmation of a lone package: median 24 ms on SQLite and 48 ms on PostgreSQL, where it was 45 ms
// and 969 ms (River waited for its next poll, 1 s, on PostgreSQL). An idle agent uses 27 ms of CPU per second
// (13 ms before River's 50 ms poll, agent.go).
//
// The agent's own work (a backlog, batches, concurrent callers) stays under twice the raw client's time on SQLite.
// A caller committing one package per transaction is about at twice: Enqueue alone, a synced SQLite commit of one
// row (synchronous=FULL, see sqliteDSN), takes nearly as long as the raw client's whole send on this machine, and
// then waits for the store's one connection while the agent's own transactions use it; those callers gain nothing
// from the group commit. PostgreSQL's figures are round trips: the agent process used 0.6 of a core (6.1 s of CPU
// in 10.2 s for 3000 packages, pprof) and waited for the server the rest of the time, the server sharing the 2
// cores (River's statements, one transaction per Enqueue, the dispatch, the confirmations). At the start of this
// work the same benchmarks gave: raw client 0.63-0.68 ms per package, Enqueue one after the other 2.15-2.22 ms
// (3.3×), batches of 100 1.93-2.15 ms (3.1×).
//
// What changed, and why: Enqueue writes the outbox row only, and the dispatcher (dispatch.go) inserts the send
// jobs of the rows queued meanwhile with one InsertManyTx every 20 ms at most (River's insert, and the fetch each
// insert triggered, were most of an Enqueue; with 32 workers, a dispatch every 5 ms made the one-at-a-time case
// take 1.75 ms per package, every 20 ms 1.11-1.14 ms); Enqueue calls made together share one transaction (group
// commit); Options.Workers defaults to 64 instead of 10, because a job waits on the store (its fetch, its
// confirmation) as well as on the gateway, and with 10 slots River's fetch cooldown left them idle (the backlog
// went twice as fast); the lgsp client keeps 64 idle connections to its gateway (lgsp.NewTransport) where
// net/http keeps 2, so 64 workers no longer dial (and, over TLS, handshake) for most calls; a send opens its file
// once and hashes it with a pooled buffer (a 32 KiB buffer per hash was a tenth of the agent's allocations).
// Earlier: each connection keeps its prepared statements (stmtcache.go), a send job carries its outbox row so a
// first attempt reads nothing, and the confirmations of jobs finishing together are one statement (confirm.go).
// Where the rest goes (CPU profile of the backlog): River's fetch, about 0.08 ms per package on SQLite (its
// statement is re-planned at most fetches, because SQLite re-plans a statement whose LIMIT is a bound parameter
// when the value changes; SQLITE_DBCONFIG_ENABLE_QPSG would stop that and modernc.org/sqlite does not expose
// it), River's insert and completion about 0.07 and 0.05 ms, the confirmations 0.04 ms, and the garbage
// collector. A pool of two SQLite connections was slower: writers then wait in SQLite's busy handler.
package exchange
