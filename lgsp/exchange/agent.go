package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
)

// Options configures an Agent. The zero value, with an Axis and a Handler, is a working agent on the SQLite file
// DefaultDatabase.
type Options struct {
	// Database is the store: a SQLite file path ("" means DefaultDatabase) or a postgres:// URL.
	Database string
	// Axis is the gateway client. Without it the agent only enqueues, reports and retries (the `egov lgsp agent
	// enqueue|status|retry` case, next to a running agent).
	Axis lgsp.Axis
	// Handler takes delivered packages into the department system; required with Axis.
	Handler Handler
	// Organization is this agency, the sender of the status packages; empty means the package's only
	// recipient.
	Organization edoc.Organization
	// Profile is the edoc validation profile of received packages: edoc.Strict (zero) or edoc.Interop.
	Profile edoc.Profile
	// Reader bounds the reading of received packages (header size, attachments).
	Reader edoc.ReaderOptions
	// Signatures verifies the signatures of received packages (see NewSignatureVerifier); nil reports their
	// presence only.
	Signatures edoc.SignatureVerifier
	// RequireSignature answers "rejection" to a document package without a signature that passed verification
	// (present, when Signatures is nil); without it such a package is delivered with an EXCH-S002 finding.
	RequireSignature bool
	// Poll is the interval between inbox polls; 0 means 5 minutes.
	Poll time.Duration
	// PollLimit bounds the doc ids taken from one poll; 0 means 10000.
	PollLimit int
	// Workers is the number of jobs run at once by this instance (sends, downloads and answers, each a call to
	// the gateway); 0 means 64. A job waits for the store as well as for the gateway (on SQLite a job's fetch and
	// confirmation wait for the one connection), and with 10 the agent sent half as many packages per second as
	// with 64 in bench_test.go. Lower it for a gateway that limits the calls of a system at once (a refused call,
	// HTTP 429, waits as the gateway's Retry-After says) or for a small disk receiving many large packages at
	// once (each download is spooled until delivered; memory grows by about 0.2 MB per job in flight, see
	// memory_test.go).
	Workers int
	// MaxAttempts is the number of attempts of a job before it is dead-lettered; 0 means 25.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the exponential backoff between attempts (with jitter); 0 means 1 s and
	// 10 min.
	MinBackoff, MaxBackoff time.Duration
	// JobTimeout bounds one attempt of a job; 0 means 10 minutes (a large package on a slow line).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before another instance takes it over (its instance died);
	// 0 means JobTimeout plus one minute. It must exceed JobTimeout.
	RescueAfter time.Duration
	// FetchInterval is how often an instance looks for packages queued by another process on SQLite (`egov
	// lgsp agent enqueue`, a department system's EnqueueTx; on PostgreSQL a notification wakes the agents at
	// once, notify.go) or left without a send job by a process that died; 0 means 1 s. Jobs ready to run are
	// looked for every 50 ms, or every FetchInterval when that is shorter.
	FetchInterval time.Duration
	// ShutdownTimeout is how long Run waits for jobs in flight after its context ends before cancelling them (a
	// cancelled job is released and retried later); 0 means 30 s.
	ShutdownTimeout time.Duration
	// SpoolDir holds packages queued by Enqueue from a reader and received packages being checked; "" means
	// "<database>.spool" beside a SQLite file, a directory under os.TempDir for PostgreSQL. With PostgreSQL and
	// several machines it must be a directory every instance reaches.
	SpoolDir string
	// Instance names this agent among those sharing a PostgreSQL store (River's client id); "" means the host
	// name and the process id. A stable name lets a restarted instance release at once the jobs it was running.
	Instance string
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Now returns the current time (validation date, decision time); nil means time.Now.
	Now func() time.Time
}

// Agent is the durable exchange agent: an outbox that sends queued packages until the gateway has them, and an
// inbox that polls, downloads, checks, delivers and answers received packages, on River jobs in a Store.
type Agent struct {
	opts  Options
	store *Store
	river *river.Client[*sql.Tx]
	// confirmer records sent packages; it runs while Run does.
	confirmer *confirmer
	// dispatcher gives queued packages their send jobs; it runs while Run does.
	dispatcher *dispatcher
	// group joins concurrent Enqueue calls into one transaction.
	group  groupCommit
	log    *slog.Logger
	now    func() time.Time
	runMu  sync.Mutex
	ran    bool
	closed bool
}

// Open opens the agent's store and prepares the agent; Run starts it. A database that cannot be reached or
// migrated is an error here.
func Open(ctx context.Context, opts Options) (*Agent, error) {
	if opts.Axis != nil && opts.Handler == nil {
		return nil, errors.New("exchange: an agent with an Axis needs a Handler (DirHandler writes into a directory)")
	}
	opts = withDefaults(opts)
	if opts.RescueAfter <= opts.JobTimeout {
		return nil, fmt.Errorf("exchange: RescueAfter (%s) must exceed JobTimeout (%s)", opts.RescueAfter, opts.JobTimeout)
	}
	st, err := OpenStore(ctx, opts.Database)
	if err != nil {
		return nil, err
	}
	a := &Agent{opts: opts, store: st, log: opts.Logger, now: opts.Now, confirmer: newConfirmer(st.db)}
	a.dispatcher = newDispatcher(a)
	if a.river, err = river.NewClient(st.driver, a.riverConfig()); err != nil {
		st.Close()
		return nil, fmt.Errorf("exchange: starting the job engine: %w", err)
	}
	return a, nil
}

func withDefaults(o Options) Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Poll, 5*time.Minute)
	def(&o.MinBackoff, time.Second)
	def(&o.MaxBackoff, 10*time.Minute)
	def(&o.JobTimeout, 10*time.Minute)
	def(&o.RescueAfter, o.JobTimeout+time.Minute)
	def(&o.FetchInterval, time.Second)
	def(&o.ShutdownTimeout, 30*time.Second)
	if o.PollLimit <= 0 {
		o.PollLimit = 10000
	}
	if o.Workers <= 0 {
		o.Workers = 64
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 25
	}
	if o.SpoolDir == "" {
		o.SpoolDir = spoolDirFor(o.Database)
	}
	if o.Instance == "" {
		host, _ := os.Hostname()
		o.Instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if o.Logger == nil {
		o.Logger = discardLogger()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// jobPollInterval is how often River looks for jobs to run at most. Neither driver here gives River a listener,
// and River wakes itself only for jobs inserted outside a transaction, while the dispatcher inserts the send jobs
// inside the one that records their ids (dispatch.go): without a short poll a package waited up to
// Options.FetchInterval (1 s) between its dispatch and its send. A look that finds nothing costs a read (on
// SQLite a write transaction that changes nothing, so nothing is synced).
const jobPollInterval = 50 * time.Millisecond

func (a *Agent) riverConfig() *river.Config {
	cfg := &river.Config{
		ID:                   a.opts.Instance,
		Logger:               a.riverLogger(),
		MaxAttempts:          a.opts.MaxAttempts,
		RetryPolicy:          backoff{min: a.opts.MinBackoff, max: a.opts.MaxBackoff},
		JobTimeout:           a.opts.JobTimeout,
		RescueStuckJobsAfter: a.opts.RescueAfter,
		FetchPollInterval:    min(a.opts.FetchInterval, jobPollInterval),
		FetchCooldown:        min(a.opts.FetchInterval, 10*time.Millisecond),
	}

	if a.opts.Axis != nil {
		workers := river.NewWorkers()
		river.AddWorker(workers, &sendWorker{a: a})
		river.AddWorker(workers, &fetchWorker{a: a})
		river.AddWorker(workers, &answerWorker{a: a})
		river.AddWorker(workers, &reportWorker{a: a})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: a.opts.Workers}}
	}
	return cfg
}

// riverLogger passes River's own warnings and errors on, not its routine chatter; a failed attempt is logged
// by the agent itself.
func (a *Agent) riverLogger() *slog.Logger {
	return slog.New(levelFloor{a.log.Handler(), slog.LevelWarn + 1})
}

// Store returns the agent's store.
func (a *Agent) Store() *Store { return a.store }

// Run starts the workers and the inbox poll, and blocks until ctx ends; then it stops taking jobs, waits up to
// Options.ShutdownTimeout for jobs in flight, cancels the rest (they are retried later, by this or another
// instance) and returns. It returns nil after a clean stop. An agent runs once.
func (a *Agent) Run(ctx context.Context) error {
	if a.opts.Axis == nil {
		return errors.New("exchange: Run needs Options.Axis and Options.Handler")
	}
	a.runMu.Lock()
	if a.ran || a.closed {
		a.runMu.Unlock()
		return errors.New("exchange: an agent runs once")
	}
	a.ran = true
	a.runMu.Unlock()
	if err := a.checkGateway(ctx); err != nil {
		return err
	}
	// Asked to stop while starting (SIGTERM right after a restart): nothing runs yet, so it is a clean stop, and
	// whatever the interrupted start left undone is done by the next one.
	if ctx.Err() != nil {
		return a.stoppedBeforeStart()
	}
	if err := a.store.claim(ctx, a.opts.Instance); err != nil {
		if ctx.Err() != nil {
			return a.stoppedBeforeStart()
		}
		return err
	}
	for _, d := range []string{a.outDir(), a.inDir()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("exchange: spool directory: %w", err)
		}
	}
	if ctx.Err() != nil {
		return a.stoppedBeforeStart()
	}
	a.confirmer.start()
	defer a.confirmer.close() // after the job engine has stopped (deferred calls run last to first)
	if err := a.river.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("exchange: starting the job engine: %w", err)
	}
	a.log.Info("exchange agent started", "instance", a.opts.Instance, "postgres", a.store.postgres, "poll", a.opts.Poll)
	pollDone, dispatchDone, listenDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() { defer close(pollDone); a.pollLoop(ctx) }()
	go func() { defer close(dispatchDone); a.dispatcher.run(ctx) }()
	go func() {
		defer close(listenDone)
		if a.store.postgres {
			a.listen(ctx)
		}
	}()
	<-ctx.Done()
	<-pollDone
	<-dispatchDone
	<-listenDone
	stopCtx, cancel := context.WithTimeout(context.Background(), a.opts.ShutdownTimeout)
	defer cancel()
	err := a.river.Stop(stopCtx)
	if err != nil {
		a.log.Warn("exchange agent: jobs still running at the shutdown timeout; cancelling them", "err", err)
		cancelCtx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel2()
		err = a.river.StopAndCancel(cancelCtx)
	}
	a.log.Info("exchange agent stopped", "instance", a.opts.Instance)
	if err != nil {
		return fmt.Errorf("exchange: stopping: %w", err)
	}
	return nil
}

// stoppedBeforeStart logs and reports the clean stop of an agent asked to stop before its job engine started.
func (a *Agent) stoppedBeforeStart() error {
	a.log.Info("exchange agent stopped while starting", "instance", a.opts.Instance)
	return nil
}

// checkGateway makes one small call so that refused credentials stop the agent at start, with the gateway's
// reason; a gateway that is down only delays the work (the jobs wait and retry), so that is a warning.
func (a *Agent) checkGateway(ctx context.Context) error {
	_, err := a.opts.Axis.Received(ctx, lgsp.ListFilter{Status: lgsp.StatusInbox, PageSize: 1})
	var ae *lgsp.AuthError
	if errors.As(err, &ae) {
		return fmt.Errorf("exchange: the gateway refused this system's credentials: %w", err)
	}
	if err != nil {
		a.log.Warn("gateway not reachable at start; jobs will wait and retry", "err", err)
	}
	return nil
}

// Close closes the store. Call it after Run has returned.
func (a *Agent) Close() error {
	a.runMu.Lock()
	defer a.runMu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	return a.store.Close()
}

func (a *Agent) outDir() string { return filepath.Join(a.opts.SpoolDir, "out") }
func (a *Agent) inDir() string  { return filepath.Join(a.opts.SpoolDir, "in") }

// backoff is River's retry policy here: exponential from min, capped at max, with ±25% jitter so that jobs that
// failed together do not retry together.
type backoff struct{ min, max time.Duration }

func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	d := b.min
	for i := 1; i < job.Attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	d = d*3/4 + time.Duration(rand.Int64N(int64(d/2)+1))
	return time.Now().Add(d)
}

// levelFloor drops records below a level.
type levelFloor struct {
	slog.Handler
	floor slog.Level
}

func (l levelFloor) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.floor && l.Handler.Enabled(ctx, lv)
}
func (l levelFloor) WithAttrs(as []slog.Attr) slog.Handler {
	return levelFloor{l.Handler.WithAttrs(as), l.floor}
}
func (l levelFloor) WithGroup(g string) slog.Handler {
	return levelFloor{l.Handler.WithGroup(g), l.floor}
}

var _ io.Closer = (*Agent)(nil)
