package exchange

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// pgDSN returns the DSN of a fresh PostgreSQL database for t, dropped when t ends. The server comes from
// EGOV_TEST_POSTGRES_DSN (testdata/pg-start.sh starts one); without it the test skips, except under CI=true.
func pgDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("EGOV_TEST_POSTGRES_DSN")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("EGOV_TEST_POSTGRES_DSN is not set: CI must start PostgreSQL (lgsp/exchange/testdata/pg-start.sh)")
		}
		t.Skip("PostgreSQL is not available: set EGOV_TEST_POSTGRES_DSN (eval \"$(lgsp/exchange/testdata/pg-start.sh)\")")
	}
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer admin.Close()
	name := fmt.Sprintf("egov_exchange_%d", rand.Uint64()>>16)
	_, err = admin.ExecContext(context.Background(), "CREATE DATABASE "+name)
	require.NoError(t, err, "creating a test database on %s", redactDSN(base))
	u, err := url.Parse(base)
	require.NoError(t, err)
	u.Path = "/" + name
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return u.String()
}
