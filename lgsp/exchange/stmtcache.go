package exchange

import (
	"container/list"
	"context"
	"database/sql/driver"
	"reflect"
	"sync"
)

// stmtCacheSize bounds the prepared statements a SQLite connection keeps: River's statements and the agent's
// own number a few dozen; a statement built from a variable-length list (the poll's IN list) takes one entry per
// length, and the least recently used ones are finalized first.
const stmtCacheSize = 128

// cachingConnector opens SQLite connections that keep their prepared statements. database/sql prepares a
// statement for every call that is not made on a *sql.Stmt, and modernc.org/sqlite compiles SQL with SQLite's own
// parser transpiled to Go, so that compiling River's long statements was most of the agent's CPU time and, with one
// connection, of the time every other statement waited for it. A statement compiled once per connection is
// reset and reused instead; the SQL text is the key. Nothing about transactions or results changes.
type cachingConnector struct {
	driver.Connector
	size int
}

// cacheableConn is what a connection must offer to be wrapped: the interfaces modernc.org/sqlite's connections
// implement and database/sql looks for. A driver that lacks one is used unwrapped.
type cacheableConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// Connect opens a connection of the wrapped connector and gives it a statement cache.
func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(cacheableConn)
	if !ok {
		return conn, nil
	}
	return &cachingConn{cacheableConn: inner, max: c.size, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

// cachingConn is a connection with an LRU cache of prepared statements. database/sql uses a connection from one
// goroutine at a time; the mutex only keeps the cache consistent should a Rows be closed from elsewhere.
type cachingConn struct {
	cacheableConn
	max     int
	mu      sync.Mutex
	byQuery map[string]*list.Element // of *cachedStmt
	lru     *list.List               // most recently used first
}

// cachedStmt is a prepared statement and whether a result set still reads from it (a statement runs once at a
// time: a second use while its rows are open goes through an uncached statement).
type cachedStmt struct {
	query   string
	stmt    cachedDriverStmt
	busy    bool
	evicted bool
}

type cachedDriverStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// Unwrap returns the driver's own connection (modernc.org/sqlite's Limit looks through wrappers this way).
func (c *cachingConn) Unwrap() driver.Conn { return c.cacheableConn }

// ExecContext runs query through its cached statement.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.cacheableConn.ExecContext(ctx, query, args)
	}
	defer c.release(s)
	return s.stmt.ExecContext(ctx, args)
}

// QueryContext runs query through its cached statement; the statement is free again when the rows are closed.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.cacheableConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		c.release(s)
		return nil, err
	}
	return &cachedRows{Rows: rows, release: func() { c.release(s) }}, nil
}

// Close finalizes the cached statements and closes the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.byQuery)
	c.mu.Unlock()
	return c.cacheableConn.Close()
}

// acquire returns the statement of query marked busy, preparing and caching it on first use; nil (and no error)
// when that statement is busy, so the caller runs the query uncached.
func (c *cachingConn) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if e, ok := c.byQuery[query]; ok {
		s := e.Value.(*cachedStmt)
		c.lru.MoveToFront(e)
		if s.busy {
			c.mu.Unlock()
			return nil, nil
		}
		s.busy = true
		c.mu.Unlock()
		return s, nil
	}
	c.mu.Unlock()
	st, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ds, ok := st.(cachedDriverStmt)
	if !ok {
		st.Close()
		return nil, nil
	}
	s := &cachedStmt{query: query, stmt: ds, busy: true}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byQuery[query] = c.lru.PushFront(s)
	for c.lru.Len() > c.max {
		c.evict(c.lru.Back())
	}
	return s, nil
}

// evict drops e from the cache; a busy statement is finalized when its rows are closed.
func (c *cachingConn) evict(e *list.Element) {
	s := e.Value.(*cachedStmt)
	c.lru.Remove(e)
	delete(c.byQuery, s.query)
	s.evicted = true
	if !s.busy {
		s.stmt.Close()
	}
}

func (c *cachingConn) release(s *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.busy = false
	if s.evicted {
		s.stmt.Close()
	}
}

// cachedRows gives the statement back when closed, and passes on the column-type methods database/sql looks for.
type cachedRows struct {
	driver.Rows
	release func()
	closed  bool
}

func (r *cachedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.release()
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
