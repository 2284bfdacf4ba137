package exchange

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"modernc.org/sqlite"
)

// openCached opens a one-connection SQLite database whose connection caches up to size statements.
func openCached(t *testing.T, size int) *sql.DB {
	t.Helper()
	conn, err := sqlite.NewConnector(sqliteDSN(filepath.Join(t.TempDir(), "cache.db")))
	require.NoError(t, err)
	db := sql.OpenDB(cachingConnector{Connector: conn, size: size})
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
	require.NoError(t, err)
	for i, v := range []string{"a", "b", "c"} {
		_, err := db.Exec(`INSERT INTO t (k, v) VALUES ($1, $2)`, i+1, v)
		require.NoError(t, err)
	}
	return db
}

// cachedQueries lists the SQL the connection keeps prepared, most recently used first.
func cachedQueries(t *testing.T, db *sql.DB) []string {
	t.Helper()
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	var got []string
	require.NoError(t, conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		for e := c.lru.Front(); e != nil; e = e.Next() {
			got = append(got, e.Value.(*cachedStmt).query)
		}
		return nil
	}))
	return got
}

func values(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

const (
	qAll   = `SELECT v FROM t ORDER BY k`
	qAfter = `SELECT v FROM t WHERE k > $1 ORDER BY k`
	qOne   = `SELECT v FROM t WHERE k = $1`
)

func TestStmtCache(t *testing.T) {
	tests := []struct {
		name   string
		size   int
		run    func(t *testing.T, db *sql.DB)
		cached []string // most recently used first
	}{
		{"a repeated query is prepared once and sees new arguments", 8, func(t *testing.T, db *sql.DB) {
			for k, want := range map[int][]string{0: {"a", "b", "c"}, 1: {"b", "c"}, 3: nil} {
				rows, err := db.Query(qAfter, k)
				require.NoError(t, err)
				require.Equal(t, want, values(t, rows))
			}
		}, []string{qAfter}},
		{"an exec through the cache changes what a cached query returns", 8, func(t *testing.T, db *sql.DB) {
			for _, v := range []string{"x", "y"} {
				res, err := db.Exec(`UPDATE t SET v = $1 WHERE k = 2`, v)
				require.NoError(t, err)
				n, err := res.RowsAffected()
				require.NoError(t, err)
				require.EqualValues(t, 1, n)
				var got string
				require.NoError(t, db.QueryRow(qOne, 2).Scan(&got))
				require.Equal(t, v, got)
			}
		}, []string{qOne, `UPDATE t SET v = $1 WHERE k = 2`}},
		{"the same query nested inside its own open rows runs uncached", 8, func(t *testing.T, db *sql.DB) {
			tx, err := db.Begin()
			require.NoError(t, err)
			defer tx.Rollback()
			outer, err := tx.Query(qAll)
			require.NoError(t, err)
			var pairs []string
			for outer.Next() {
				var v string
				require.NoError(t, outer.Scan(&v))
				inner, err := tx.Query(qAll)
				require.NoError(t, err)
				pairs = append(pairs, v+":"+strings.Join(values(t, inner), ""))
			}
			require.NoError(t, outer.Close())
			require.Equal(t, []string{"a:abc", "b:abc", "c:abc"}, pairs)
		}, []string{qAll}},
		{"the least recently used statement is evicted, even while its rows are open", 2, func(t *testing.T, db *sql.DB) {
			tx, err := db.Begin()
			require.NoError(t, err)
			defer tx.Rollback()
			open, err := tx.Query(qAll) // busy while the next two evict it
			require.NoError(t, err)
			var one, after string
			require.NoError(t, tx.QueryRow(qOne, 1).Scan(&one))
			require.NoError(t, tx.QueryRow(qAfter, 2).Scan(&after))
			require.Equal(t, []string{"a", "b", "c"}, values(t, open))
			require.Equal(t, "a", one)
			require.Equal(t, "c", after)
			require.NoError(t, tx.Commit())
		}, []string{qAfter, qOne}},
		{"a statement that does not compile is an error and is not cached", 8, func(t *testing.T, db *sql.DB) {
			_, err := db.Query(`SELEC v FROM t`)
			require.ErrorContains(t, err, "syntax error")
			_, err = db.Exec(`UPDATE nowhere SET v = 1`)
			require.ErrorContains(t, err, "no such table")
			var got string
			require.NoError(t, db.QueryRow(qOne, 3).Scan(&got))
			require.Equal(t, "c", got)
		}, []string{qOne}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openCached(t, tt.size)
			tt.run(t, db)
			got := slices.DeleteFunc(cachedQueries(t, db), func(q string) bool {
				return q == `CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)` || q == `INSERT INTO t (k, v) VALUES ($1, $2)`
			})
			if diff := cmp.Diff(tt.cached, got); diff != "" {
				t.Errorf("cached statements (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStmtCacheUnwrap checks that modernc.org/sqlite's own helpers still reach the driver's connection.
func TestStmtCacheUnwrap(t *testing.T) {
	db := openCached(t, 8)
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	_, err = sqlite.Limit(conn, 0, -1) // 0 is SQLITE_LIMIT_LENGTH; -1 only reads it
	require.NoError(t, err)
}

// BenchmarkStatement runs one of River's longer statements (the insert of a job) and the agent's outbox insert on a
// SQLite store, with each connection's statement cache (the agent's setting) and without it (database/sql and
// modernc.org/sqlite alone compile every statement at every call). Each iteration rolls its transaction back.
func BenchmarkStatement(b *testing.B) {
	for _, tc := range []struct {
		name   string
		cached bool
	}{{"cached", true}, {"uncached", false}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			a, err := Open(ctx, Options{Database: filepath.Join(b.TempDir(), "s.db")})
			require.NoError(b, err)
			defer a.Close()
			if !tc.cached {
				conn, err := sqlite.NewConnector(sqliteDSN(sqlitePath(a.store.dsn)))
				require.NoError(b, err)
				a.store.db.Close()
				a.store.db = sql.OpenDB(conn)
				a.store.db.SetMaxOpenConns(1)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				tx, err := a.store.db.BeginTx(ctx, nil)
				require.NoError(b, err)
				_, err = a.enqueuePersisted(ctx, tx, Outgoing{Path: "x"}, persisted{path: "/x", hash: strconv.Itoa(i), size: 1})
				require.NoError(b, err)
				require.NoError(b, tx.Rollback())
			}
		})
	}
}
