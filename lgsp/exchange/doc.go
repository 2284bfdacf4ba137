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
// What makes it lose nothing and duplicate nothing: an outbox row (path and SHA-256, or a synced copy in the
// spool) is written in the transaction that inserts its send job; a send is retried with backoff until the
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
// in about 21 s. PostgreSQL, two agents on one database, killed and restarted in turn: the same counts, the
// deliveries split about 230/270 between them, in about 54 s. One run logged 499 handler returns for 500
// deliveries: the kill fell between a file's rename and the test's log line, and DirHandler.Delivered kept the
// agent from delivering it again.
//
// Memory (memory_test.go): an agent process sending one package with a 256 MB attachment (345 MB of edXML) and
// receiving another peaks at 30 MB RSS.
//
// Throughput without faults, 500 small packages, from the first Enqueue to the last confirmation (the benchmark
// waits on the agent's "package sent" log lines, not on its store), against the raw client sending the same
// packages in a loop in the same run (go test -run '^$' -bench . -benchtime 500x, three runs, load average 12-16
// on the 2 cores): raw client 650-850 packages/s; agent on SQLite 141-226/s queued by path (3.7-4.9× the raw
// client's time), 228-283/s with 100 packages per EnqueueTx (2.6-3.4×), 75-153/s copied into the spool;
// PostgreSQL 154-205/s with one agent and 138-187/s with two (4.1-4.8×), where the code before these changes,
// run in the same runs, made 35-44/s.
// On the quiet machine at the end of the same work (three runs of RawClient, AgentSQLite, AgentSQLiteBatch): raw
// client 1,042-1,349/s, agent by path 333-446/s (2.9-3.8×), batches of 100 364-561/s (2.4-3.5×). 500 Enqueue calls
// alone, with the agent not running, take 1.52 ms each; with the agent running the same loop takes 4.7 ms per
// package, waiting for SQLite's one connection between the senders' fetches, confirmations and completions (the
// process uses 1.1 of the 2 cores). A pool of two connections was slower (266-277/s): writers then wait in
// SQLite's busy handler.
//
// Where the time goes on SQLite: each Enqueue is a transaction synced before it returns (synchronous=FULL, see
// sqliteDSN), and a synced 4 KiB write takes about 3 ms on this machine's disk (dd oflag=dsync), against 1-1.5 ms
// for the raw client's whole send; fetches, confirmations and completions add about half a synced commit per
// package, all on SQLite's one connection. A caller that enqueues one package at a time cannot reach the 2× aimed
// at on such a disk; EnqueueTx batches come closest. Removed: compiling SQL (done in Go by modernc.org/sqlite)
// was most of the CPU profile, and each connection now keeps its prepared statements (stmtcache.go; an enqueue's
// statements take 0.37-0.51 ms instead of 0.55-0.85 ms in BenchmarkStatement, and the agent's process CPU for 1000
// packages is 2.7-3.1 s instead of 4.4-4.9 s); a send job carries its outbox row, so a first attempt reads
// nothing; the confirmation no longer completes the job in its transaction (the outbox row is the record, River's
// completer batches the rest); the confirmations of jobs finishing together are one statement (confirm.go); Enqueue
// hashes or spools before taking the connection. Still there: River's fetch statement is recompiled at almost
// every fetch, because SQLite re-plans a statement whose LIMIT is a bound parameter when its value changes
// (SQLITE_DBCONFIG_ENABLE_QPSG would stop that; modernc.org/sqlite does not expose it). On PostgreSQL the send jobs
// were waiting for one another's confirmations (11.7 s of their 16.2 s in the block profile), not for River's
// fetch poll, which LISTEN/NOTIFY would have shortened.
package exchange
