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
// injected faults, agent processes killed with SIGKILL 6 times at random moments and restarted. SQLite, one
// agent: 500 sent, 500 delivered to the DirHandler once each, 500 answered (acceptance + one status package each)
// in 7.5-11 s over four runs (about 21 s before the dispatcher and the 64 workers). PostgreSQL, two agents on one
// database, killed and restarted in turn: the same counts, the deliveries split 319/180, 266/234, 262/238 and
// 231/269 between them, in 37-63 s (about 54 s before); in the first run one delivery's log line was cut by the
// kill (between the file's rename and the test's log line), and DirHandler.Delivered kept the agent from
// delivering it again.
//
// Memory (memory_test.go): an agent process sending one package with a 256 MB attachment (345 MB of edXML) and
// receiving another peaks at 30.3-30.8 MB RSS (three runs with 64 workers).
//
// Throughput without faults, 2000 small packages, default options, against the raw client sending the same
// packages in a loop (go test -run '^$' -bench . -benchtime 2000x; three runs, each benchmark once per run, on
// the quiet 2-core machine; the ratio is taken within a run, as the machine's speed varies between runs). The
// benchmarks wait on the agent's "package sent" log lines, not on its store; cpu-ms/pkg is the process's CPU
// (gateway, client and agent together).
//
//	raw client in a loop                        1,965-2,218 /s   0.51-0.58 cpu-ms/pkg
//	SQLite, packages queued before the start    1,122-1,312 /s   1.50-1.91× the raw client's time
//	SQLite, EnqueueTx of 100 per transaction    1,219-1,297 /s   1.51-1.82×
//	SQLite, Enqueue one after the other           739-788 /s     2.58-3.00×
//	SQLite, Enqueue from a reader (spooled)       309-310 /s
//	Enqueue alone, no agent running             1,471-1,796 /s   (0.56-0.68 ms per call)
//	SQLite, queued before the start, Workers 10   619-768 /s
//	PostgreSQL, one agent / two agents            297-529 /s / 275-530 /s (one Enqueue after the other)
//
// The agent's own work (a backlog, or batches) stays under twice the raw client's time. A caller that commits one
// package per transaction does not: Enqueue alone, a synced SQLite commit (synchronous=FULL, see sqliteDSN) of
// one row, takes longer than the raw client's whole send on this machine, and then shares the 2 cores and the
// store's one connection with the agent sending. At the start of this work the same benchmarks gave: raw client
// 0.63-0.68 ms per package, Enqueue one after the other 2.15-2.22 ms (3.3×), batches of 100 1.93-2.15 ms (3.1×).
//
// What changed, and why: Enqueue writes the outbox row only, and the dispatcher (dispatch.go) inserts the send
// jobs of the rows queued meanwhile with one InsertManyTx every 20 ms at most (River's insert, and the fetch each
// insert triggered, were most of an Enqueue; with 32 workers, a dispatch every 5 ms made the one-at-a-time case take
// 1.75 ms per package, every 20 ms 1.11-1.14 ms); Options.Workers defaults to 64 instead of 10, because a job waits on the store (its fetch, its
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
