package exchange

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for PostgreSQL stores
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"modernc.org/sqlite" // pure Go (no cgo)
)

// DefaultDatabase is the store used when none is given: a SQLite file in the working directory.
const DefaultDatabase = "./egov-exchange.db"

// Store is the agent's database: River's job tables and the agent's outbox and inbox records, in one SQLite file
// (one agent) or one PostgreSQL database (several agents sharing the work). Both are reached through
// database/sql, so a caller's *sql.Tx can carry an enqueue together with its own writes (EnqueueTx).
type Store struct {
	db       *sql.DB
	dsn      string
	postgres bool
	driver   riverdriver.Driver[*sql.Tx]
	lock     *os.File // SQLite: the exclusive lock of the running agent, nil otherwise
}

// IsPostgres reports whether dsn names a PostgreSQL database (postgres:// or postgresql://).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// OpenStore opens (and creates or migrates) the store named by dsn: a PostgreSQL URL, or a SQLite file path
// ("" means DefaultDatabase; a "sqlite://" or "file:" prefix is accepted). An unreachable database is an error
// here, not later.
func OpenStore(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultDatabase
	}
	s := &Store{dsn: dsn, postgres: IsPostgres(dsn)}
	var err error
	if s.postgres {
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			s.db.SetMaxOpenConns(20)
			s.driver = riverdatabasesql.New(s.db)
		}
	} else {
		var conn driver.Connector
		conn, err = sqlite.NewConnector(sqliteDSN(sqlitePath(dsn)))
		if err == nil {
			s.db = sql.OpenDB(cachingConnector{Connector: conn, size: stmtCacheSize})
			// One connection: SQLite writes one at a time, and River's own advice for this driver is a pool of one.
			s.db.SetMaxOpenConns(1)
			s.driver = riversqlite.New(s.db)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("exchange: opening the database %s: %w", redactDSN(dsn), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.db.PingContext(pingCtx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("exchange: the database %s is unreachable: %w", redactDSN(dsn), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// DB returns the store's database, for callers that write their own records in the transaction of EnqueueTx.
func (s *Store) DB() *sql.DB { return s.db }

// Postgres reports whether the store is a PostgreSQL database.
func (s *Store) Postgres() bool { return s.postgres }

// Close closes the database.
func (s *Store) Close() error {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
	return s.db.Close()
}

func sqlitePath(dsn string) string {
	dsn = strings.TrimPrefix(dsn, "sqlite://")
	dsn = strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		dsn = dsn[:i]
	}
	return dsn
}

// sqliteDSN sets WAL (readers do not block the writer), a busy timeout (another process, such as `egov lgsp agent
// enqueue`, may be writing), immediate transactions (a reader never has to be upgraded to a writer, which SQLite
// refuses without waiting) and synchronous=FULL: every commit is synced before it returns. NORMAL, which syncs
// only at checkpoints, keeps every commit across a killed process but may lose the last ones to a power cut or a
// kernel crash, and the agent's guarantees do not survive that: an Enqueue that returned would be gone, and a
// fetch's "attempt 1" could roll back after its package was sent, so that the next attempt, believing itself the
// first, sends without asking the gateway first (a duplicate). FULL costs 10-45% of the queue-by-path throughput
// measured in bench_test.go.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate"
}

func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.IndexByte(dsn[i+3:], '@'); j >= 0 {
			if k := strings.IndexByte(dsn[i+3:i+3+j], ':'); k >= 0 {
				return dsn[:i+3+k] + ":***" + dsn[i+3+j:]
			}
		}
	}
	return dsn
}

// migrationLock is the PostgreSQL advisory lock that serialises the migrations of agents starting together.
const migrationLock = 0x65676f76 // "egov"

// migrate brings River's tables and the agent's own up to date. SQLite migrates in one transaction (which
// serialises concurrent starts); PostgreSQL migrates one version per transaction (a new enum value cannot be used
// in the transaction that adds it) under a session advisory lock held on a connection of its own.
func (s *Store) migrate(ctx context.Context) error {
	m, err := rivermigrate.New(s.driver, &rivermigrate.Config{Logger: discardLogger()})
	if err != nil {
		return fmt.Errorf("exchange: migrating the database: %w", err)
	}
	if !s.postgres {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("exchange: migrating the database: %w", err)
		}
		defer tx.Rollback()
		// One transaction for every version: it is what serialises two processes starting on one file, and
		// River's SQLite migrations need no enum change between versions.
		//lint:ignore SA1019 the batched form is the point here (see above)
		if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
			return fmt.Errorf("exchange: migrating River's tables: %w", err)
		}
		if err := s.createTables(ctx, tx); err != nil {
			return err
		}
		return tx.Commit()
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("exchange: migrating the database: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("exchange: migrating the database: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("exchange: migrating River's tables: %w", err)
	}
	return s.createTables(ctx, conn)
}

func (s *Store) createTables(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}) error {
	for _, q := range s.schema() {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("exchange: migrating the agent's tables: %w", err)
		}
	}
	return nil
}

// schema is the agent's own tables. Times are RFC 3339 text in UTC, the same in both databases.
func (s *Store) schema() []string {
	serial := "INTEGER PRIMARY KEY AUTOINCREMENT"
	if s.postgres {
		serial = "BIGSERIAL PRIMARY KEY"
	}
	return []string{
		`CREATE TABLE IF NOT EXISTS egov_exchange_outbox (
	id ` + serial + `,
	hash TEXT NOT NULL,
	recipients TEXT NOT NULL,
	message_type TEXT NOT NULL,
	path TEXT NOT NULL,
	spooled INTEGER NOT NULL DEFAULT 0,
	size BIGINT NOT NULL,
	job_id BIGINT NOT NULL DEFAULT 0,
	state TEXT NOT NULL,
	gateway_doc_id TEXT NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	sent_at TEXT NOT NULL DEFAULT '',
	UNIQUE (hash, recipients, message_type))`,
		// The dispatcher's look-up of rows without a send job (dispatch.go).
		`CREATE INDEX IF NOT EXISTS egov_exchange_outbox_undispatched ON egov_exchange_outbox (id) WHERE job_id = 0`,
		`CREATE TABLE IF NOT EXISTS egov_exchange_inbox (
	doc_id TEXT PRIMARY KEY,
	sender TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL,
	header TEXT NOT NULL DEFAULT '',
	findings TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL DEFAULT '',
	answered INTEGER NOT NULL DEFAULT 0,
	job_id BIGINT NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL)`,
	}
}

// ErrStoreBusy reports a SQLite store that another agent is running on.
var ErrStoreBusy = errors.New("exchange: another agent is running on this SQLite database (one agent per SQLite file; use PostgreSQL for several)")

// claim makes sure the agent's instance owns what it left behind. A SQLite store belongs to one running agent
// (an exclusive lock beside the file says which), so a job left "running" and a leader left elected there were
// left by a process that died: they are released at once instead of after River's rescue delay. On PostgreSQL
// only the jobs last attempted by this instance's own id are released (the same id cannot run twice); the jobs of
// an instance that never comes back are rescued by River after Options.RescueAfter.
func (s *Store) claim(ctx context.Context, instance string) error {
	if !s.postgres {
		f, err := os.OpenFile(sqlitePath(s.dsn)+".lock", os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return fmt.Errorf("exchange: locking the database: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			return ErrStoreBusy
		}
		s.lock = f
		// River's schema is written to here on purpose: the two statements do what its rescuer and leader
		// expiry would do later, for rows that provably have no live owner.
		for _, q := range []string{
			`UPDATE river_job SET state = 'available', scheduled_at = datetime('now', 'subsec') WHERE state = 'running'`,
			`DELETE FROM river_leader`,
		} {
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("exchange: releasing the jobs of a previous run: %w", err)
			}
		}
		return nil
	}
	for _, q := range []string{
		`UPDATE river_job SET state = 'available', scheduled_at = now()
		 WHERE state = 'running' AND attempted_by[array_length(attempted_by, 1)] = $1`,
		`DELETE FROM river_leader WHERE leader_id = $1`,
	} {
		if _, err := s.db.ExecContext(ctx, q, instance); err != nil {
			return fmt.Errorf("exchange: releasing the jobs of a previous run: %w", err)
		}
	}
	return nil
}

// spoolDirFor is the default spool directory of a store: beside the SQLite file, or in the temporary directory
// for PostgreSQL (set Options.SpoolDir to a directory every instance reaches).
func spoolDirFor(dsn string) string {
	if IsPostgres(dsn) {
		return filepath.Join(os.TempDir(), "egov-exchange-spool")
	}
	return sqlitePath(dsn) + ".spool"
}
