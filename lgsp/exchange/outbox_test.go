package exchange

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// TestSendJobArgs checks both forms of a send job: the one Enqueue queues now (the outbox row's fields copied into
// the job, nothing read before the first attempt) and the one earlier versions queued (the outbox id alone), and
// that a file changed after it was queued is refused either way.
func TestSendJobArgs(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	tests := []struct {
		name    string
		idOnly  bool // queue the job as earlier versions did
		changed bool // rewrite the file after queueing it
		sent    bool
	}{
		{name: "row copied into the job", sent: true},
		{name: "outbox id only", idOnly: true, sent: true},
		{name: "row copied, file changed", changed: true},
		{name: "outbox id only, file changed", idOnly: true, changed: true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := lgsptest.NewGateway(t, lgsptest.Options{})
			path := filepath.Join(t.TempDir(), "letter.edxml")
			require.NoError(t, os.WriteFile(path, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 20+i, letterDay), 0o600))
			a := runAgent(t, fastOptions(t, axisFor(t, g, 0), newRecorder()))
			ctx := context.Background()
			tx, err := a.Store().DB().BeginTx(ctx, nil)
			require.NoError(t, err)
			q, err := a.EnqueueTx(ctx, tx, Outgoing{Path: path})
			require.NoError(t, err)
			if tc.idOnly {
				_, err = tx.ExecContext(ctx, `DELETE FROM river_job`)
				require.NoError(t, err)
				res, err := a.river.InsertTx(ctx, tx, sendArgs{OutboxID: q.ID}, nil)
				require.NoError(t, err)
				_, err = tx.ExecContext(ctx, `UPDATE egov_exchange_outbox SET job_id = $1 WHERE id = $2`, res.Job.ID, q.ID)
				require.NoError(t, err)
			}
			if tc.changed { // before the commit, so before the job can run
				require.NoError(t, os.WriteFile(path, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 99, letterDay), 0o600))
			}
			require.NoError(t, tx.Commit())
			if tc.sent {
				waitFor(t, 20*time.Second, "the package sent", func() bool { return status(t, a).Sent == 1 })
				require.Equal(t, 1, g.Stored(sysB.OrganID))
				return
			}
			waitFor(t, 20*time.Second, "the package refused", func() bool { return status(t, a).Dead == 1 })
			st, err := a.Status(ctx)
			require.NoError(t, err)
			require.Contains(t, st.Dead[0].LastError, "changed since it was queued")
			require.Zero(t, g.Stored(sysB.OrganID))
		})
	}
}
