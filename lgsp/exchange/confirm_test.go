package exchange

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestConfirmer(t *testing.T) {
	tests := []struct {
		name    string
		failID  int64 // a trigger refuses to mark this row sent
		stopped bool  // confirm after the writer has stopped
		wantErr map[int64]bool
	}{
		{name: "concurrent confirmations are all recorded"},
		{name: "a row that cannot be written fails alone", failID: 3, wantErr: map[int64]bool{3: true}},
		{name: "after the writer stops a confirmation is written alone", stopped: true},
	}
	const n = 8
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := OpenStore(ctx, filepath.Join(t.TempDir(), "c.db"))
			require.NoError(t, err)
			defer st.Close()
			for i := 1; i <= n; i++ {
				_, err := st.db.Exec(`INSERT INTO egov_exchange_outbox (hash, recipients, message_type, path, size, state, created_at)
					VALUES ($1, '[]', 'edoc', 'p', 1, 'queued', 'now')`, fmt.Sprint(i))
				require.NoError(t, err)
			}
			if tc.failID != 0 {
				_, err := st.db.Exec(fmt.Sprintf(`CREATE TRIGGER refuse BEFORE UPDATE ON egov_exchange_outbox WHEN NEW.id = %d
					BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`, tc.failID))
				require.NoError(t, err)
			}
			c := newConfirmer(st.db)
			c.start()
			if tc.stopped {
				c.close()
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			gotErr := map[int64]bool{}
			for id := int64(1); id <= n; id++ {
				wg.Go(func() {
					err := c.confirm(ctx, id, fmt.Sprintf("doc-%d", id), "at")
					if err != nil {
						require.ErrorContains(t, err, "refused for the test")
						mu.Lock()
						gotErr[id] = true
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if !tc.stopped {
				c.close()
			}
			if diff := cmp.Diff(tc.wantErr, gotErr, cmp.Transformer("nilmap", func(m map[int64]bool) map[int64]bool {
				if len(m) == 0 {
					return nil
				}
				return m
			})); diff != "" {
				t.Errorf("failed confirmations (-want +got):\n%s", diff)
			}
			rows, err := st.db.Query(`SELECT id, state, gateway_doc_id FROM egov_exchange_outbox ORDER BY id`)
			require.NoError(t, err)
			defer rows.Close()
			for rows.Next() {
				var id int64
				var state, doc string
				require.NoError(t, rows.Scan(&id, &state, &doc))
				if tc.wantErr[id] {
					require.Equal(t, "queued", state, "row %d", id)
					continue
				}
				require.Equal(t, "sent", state, "row %d", id)
				require.Equal(t, fmt.Sprintf("doc-%d", id), doc)
			}
			require.NoError(t, rows.Err())
		})
	}
}

func TestConfirmManySQL(t *testing.T) {
	got := confirmManySQL(2)
	require.Contains(t, got, "(CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS TEXT)), (CAST($4 AS BIGINT), CAST($5 AS TEXT), CAST($6 AS TEXT))")
	require.Equal(t, []any{int64(7), "d", "t"}, confirmManyArgs([]*confirmation{{outboxID: 7, docID: "d", at: "t"}}))
}

// TestConfirmManyStatement runs the batch statement itself on both databases (write falls back to one row at a
// time when it fails, which would hide a dialect mistake).
func TestConfirmManyStatement(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "c.db")
			if store == "postgres" {
				dsn = pgDSN(t)
			}
			ctx := context.Background()
			st, err := OpenStore(ctx, dsn)
			require.NoError(t, err)
			defer st.Close()
			var batch []*confirmation
			for i := 1; i <= 3; i++ {
				var id int64
				require.NoError(t, st.db.QueryRow(`INSERT INTO egov_exchange_outbox (hash, recipients, message_type, path, size, state, created_at)
					VALUES ($1, '[]', 'edoc', 'p', 1, 'queued', 'now') RETURNING id`, fmt.Sprint(i)).Scan(&id))
				batch = append(batch, &confirmation{outboxID: id, docID: fmt.Sprintf("doc-%d", i), at: "at"})
			}
			res, err := st.db.ExecContext(ctx, confirmManySQL(len(batch)), confirmManyArgs(batch)...)
			require.NoError(t, err)
			n, err := res.RowsAffected()
			require.NoError(t, err)
			require.EqualValues(t, 3, n)
			var sent int
			require.NoError(t, st.db.QueryRow(`SELECT COUNT(*) FROM egov_exchange_outbox WHERE state = 'sent' AND gateway_doc_id LIKE 'doc-%'`).Scan(&sent))
			require.Equal(t, 3, sent)
		})
	}
}
