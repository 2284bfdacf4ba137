package exchange

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSQLiteStorePragmas checks what the durability argument of sqliteDSN rests on: WAL, and every commit synced.
func TestSQLiteStorePragmas(t *testing.T) {
	st, err := OpenStore(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	require.NoError(t, err)
	defer st.Close()
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"busy_timeout", "15000"},
	} {
		var got string
		require.NoError(t, st.DB().QueryRow("PRAGMA "+tc.pragma).Scan(&got))
		require.Equal(t, tc.want, got, tc.pragma)
	}
}
