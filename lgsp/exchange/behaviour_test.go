package exchange

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

var letterDay = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// rawSend sends pkg from demo system i without validating it (the sender of a bad package does not).
func rawSend(t *testing.T, g *lgsptest.Gateway, i int, pkg []byte) string {
	t.Helper()
	sys := lgsptest.DemoSystems()[i]
	ax, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sys.ID, Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}},
		lgsp.AxisOptions{Validation: lgsp.ValidationPolicy{Off: true}})
	require.NoError(t, err)
	res, err := ax.Send(context.Background(), bytes.NewReader(pkg), lgsp.SendOptions{})
	require.NoError(t, err)
	return res.DocID
}

// statusesTo returns the status packages the gateway holds for demo system i, read back with edoc.
func statusesTo(t *testing.T, g *lgsptest.Gateway, i int) []*edoc.StatusPackage {
	t.Helper()
	ax := axisFor(t, g, i)
	var out []*edoc.StatusPackage
	for doc, err := range lgsp.AllReceived(context.Background(), ax, lgsp.ListFilter{}, 0) {
		require.NoError(t, err)
		if doc.MessageType != lgsp.MessageStatus {
			continue
		}
		b, ok := g.Content(doc.DocID)
		require.True(t, ok)
		sp, err := edoc.ReadStatus(bytes.NewReader(b), edoc.ReaderOptions{})
		require.NoError(t, err)
		out = append(out, sp)
	}
	return out
}

func TestReceivedPackageDecisions(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	tests := []struct {
		name             string
		now              time.Time // the receiver's clock: before the letter's date makes the letter invalid
		requireSignature bool
		delivered        bool
		code             string // a finding the decision carries
		status           edoc.StatusCode
	}{
		{name: "valid unsigned delivered with a finding", now: letterDay.AddDate(0, 0, 1), delivered: true,
			code: ruleUnsigned.Code, status: edoc.StatusAccepted},
		{name: "unsigned refused when a signature is required", now: letterDay.AddDate(0, 0, 1), requireSignature: true,
			code: ruleSignatureRequired.Code, status: edoc.StatusRejected},
		{name: "invalid package refused, never delivered", now: letterDay.AddDate(-1, 0, 0), status: edoc.StatusRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := lgsptest.NewGateway(t, lgsptest.Options{})
			docID := rawSend(t, g, 0, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 7, letterDay))
			rec := newRecorder()
			var got Incoming
			h := HandlerFunc(func(ctx context.Context, in Incoming) error { got = in; return rec.Deliver(ctx, in) })
			opts := fastOptions(t, axisFor(t, g, 1), h)
			opts.Now = func() time.Time { return tc.now }
			opts.RequireSignature = tc.requireSignature
			b := runAgent(t, opts)
			waitFor(t, 20*time.Second, "the answer", func() bool { return status(t, b).Answered == 1 })
			docs, calls := rec.count()
			c := status(t, b)
			if tc.delivered {
				require.Equal(t, 1, docs)
				require.Equal(t, 1, calls)
				require.Equal(t, 1, c.Delivered)
				require.True(t, got.Report.Has(tc.code), "findings %v", got.Report.Codes())
				require.Equal(t, docID, got.DocID)
				require.Equal(t, sysB.OrganID, got.Header.To[0].OrganID)
			} else {
				require.Zero(t, calls, "a refused package is never delivered")
				require.Equal(t, 1, c.Rejected)
			}
			var receiveStatus lgsp.DeliveryStatus
			for doc, err := range lgsp.AllSent(context.Background(), axisFor(t, g, 0), lgsp.ListFilter{}, 0) {
				require.NoError(t, err)
				if doc.SenderDocID == docID {
					receiveStatus = doc.ReceiveStatus
				}
			}
			want := lgsp.StatusAcceptance
			if !tc.delivered {
				want = lgsp.StatusRejection
			}
			require.Equal(t, want, receiveStatus)
			sps := statusesTo(t, g, 0)
			require.Len(t, sps, 1)
			require.Equal(t, tc.status, sps[0].Code)
			require.Equal(t, sysB.OrganID, sps[0].From.OrganID)
			if !tc.delivered {
				require.NotEmpty(t, sps[0].Description, "a rejection gives its reasons")
				if tc.code != "" {
					require.Contains(t, sps[0].Description, tc.code)
				}
			}
		})
	}
}

func TestFailingHandlerIsRetriedThenNeverCalledAgain(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	docID := rawSend(t, g, 0, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 8, letterDay))
	rec := newRecorder()
	rec.fail[docID] = 3
	b := runAgent(t, fastOptions(t, axisFor(t, g, 1), rec))
	waitFor(t, 20*time.Second, "the answer", func() bool { return status(t, b).Answered == 1 })
	_, calls := rec.count()
	require.Equal(t, 1, calls)
	n, err := b.PollOnce(context.Background())
	require.NoError(t, err)
	require.Zero(t, n, "an answered package leaves the gateway's inbox")
	// Even if the gateway listed it again, the inbox record keeps it from being queued twice.
	ok, err := b.queueFetch(context.Background(), lgsp.ReceivedDoc{DocID: docID})
	require.NoError(t, err)
	require.False(t, ok)
}

func TestDeadLetterThenOperatorRetry(t *testing.T) {
	sysA := lgsptest.DemoSystems()[0]
	const unknown = "000.00.00.Z99"
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	opts := fastOptions(t, axisFor(t, g, 0), newRecorder())
	opts.MaxAttempts = 2
	a := runAgent(t, opts)
	q, err := a.Enqueue(context.Background(), Outgoing{Body: bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{unknown}, 9, letterDay))})
	require.NoError(t, err)
	waitFor(t, 20*time.Second, "the dead letter", func() bool { return status(t, a).Dead == 1 })
	st, err := a.Status(context.Background())
	require.NoError(t, err)
	require.Len(t, st.Dead, 1)
	require.Equal(t, "out", st.Dead[0].Direction)
	require.Contains(t, st.Dead[0].LastError, "does not exist")

	require.NoError(t, axisFor(t, g, 0).RegisterAgency(context.Background(), lgsp.AgencyRegistration{Code: unknown, Name: "Cơ quan mới"}))
	require.NoError(t, a.Retry(context.Background(), strconv.FormatInt(q.ID, 10)))
	waitFor(t, 20*time.Second, "the retried send", func() bool { return status(t, a).Sent == 1 })
	require.Equal(t, 1, g.Stored(unknown))
	require.Error(t, a.Retry(context.Background(), "no-such-package"))
}

func TestBadConfigurationFailsAtStart(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sys := lgsptest.DemoSystems()[0]
	wrong, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sys.ID,
		Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte("not-the-secret")}, Breaker: lgsp.BreakerPolicy{Disabled: true}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	tests := []struct {
		name string
		run  func(t *testing.T) error
		want string
	}{
		{"unreachable database", func(t *testing.T) error {
			_, err := Open(context.Background(), Options{Database: "postgres://egov@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
			return err
		}, "unreachable"},
		{"handler missing", func(t *testing.T) error {
			_, err := Open(context.Background(), Options{Database: filepath.Join(t.TempDir(), "x.db"), Axis: wrong})
			return err
		}, "needs a Handler"},
		{"wrong secret", func(t *testing.T) error {
			a, err := Open(context.Background(), fastOptions(t, wrong, newRecorder()))
			require.NoError(t, err)
			defer a.Close()
			return a.Run(context.Background())
		}, "refused this system's credentials"},
		{"second agent on one SQLite file", func(t *testing.T) error {
			opts := fastOptions(t, axisFor(t, g, 0), newRecorder())
			runAgent(t, opts)
			time.Sleep(100 * time.Millisecond)
			b, err := Open(context.Background(), opts)
			require.NoError(t, err)
			defer b.Close()
			err = b.Run(context.Background())
			require.True(t, errors.Is(err, ErrStoreBusy))
			return err
		}, "another agent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(t)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestDirHandler(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "inbox")
	src := filepath.Join(t.TempDir(), "pkg.part")
	require.NoError(t, os.WriteFile(src, []byte("<edXMLEnvelope/>"), 0o600))
	h := DirHandler{Dir: dir}
	ok, err := h.Delivered(context.Background(), "D-1")
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, h.Deliver(context.Background(), Incoming{DocID: "D-1", Path: src}))
	b, err := os.ReadFile(filepath.Join(dir, "D-1.edxml"))
	require.NoError(t, err)
	require.Equal(t, "<edXMLEnvelope/>", string(b))
	ok, err = h.Delivered(context.Background(), "D-1")
	require.NoError(t, err)
	require.True(t, ok)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left behind")
	for _, bad := range []string{"", "..", "../x", `a\b`, "a/b"} {
		require.Error(t, h.Deliver(context.Background(), Incoming{DocID: bad, Path: src}), bad)
	}
}

// txRecorder delivers inside the agent's transaction.
type txRecorder struct{ calls int }

func (r *txRecorder) Deliver(context.Context, Incoming) error { return errors.New("not called") }
func (r *txRecorder) DeliverTx(ctx context.Context, tx *sql.Tx, in Incoming) error {
	r.calls++
	_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS dept_intake (doc_id TEXT PRIMARY KEY)`)
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO dept_intake (doc_id) VALUES ($1)`, in.DocID)
	}
	return err
}

func TestTxHandlerDeliversInTheAgentsTransaction(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	docID := rawSend(t, g, 0, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 11, letterDay))
	h := &txRecorder{}
	b := runAgent(t, fastOptions(t, axisFor(t, g, 1), h))
	waitFor(t, 20*time.Second, "the answer", func() bool { return status(t, b).Answered == 1 })
	var got string
	require.NoError(t, b.Store().DB().QueryRow(`SELECT doc_id FROM dept_intake`).Scan(&got))
	require.Equal(t, docID, got)
	require.Equal(t, 1, h.calls)
}

func TestEnqueueTxJoinsTheCallersTransaction(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	a, err := Open(context.Background(), Options{Database: filepath.Join(t.TempDir(), "a.db")})
	require.NoError(t, err)
	defer a.Close()
	for _, commit := range []bool{false, true} {
		tx, err := a.Store().DB().Begin()
		require.NoError(t, err)
		_, err = a.EnqueueTx(context.Background(), tx, Outgoing{Body: bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 12, letterDay))})
		require.NoError(t, err)
		if commit {
			require.NoError(t, tx.Commit())
		} else {
			require.NoError(t, tx.Rollback())
		}
	}
	require.Equal(t, Counts{Queued: 1}, status(t, a))
	_ = diag.Error
}

func TestSetStatusReportsLaterHandling(t *testing.T) {
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	docID := rawSend(t, g, 0, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 13, letterDay))
	b := runAgent(t, fastOptions(t, axisFor(t, g, 1), newRecorder()))
	require.Error(t, b.SetStatus(context.Background(), "unknown-doc", lgsp.StatusDone))
	waitFor(t, 20*time.Second, "the answer", func() bool { return status(t, b).Answered == 1 })
	require.Error(t, b.SetStatus(context.Background(), docID, "finished"), "not a delivery status")
	require.NoError(t, b.SetStatus(context.Background(), docID, lgsp.StatusDone))
	waitFor(t, 20*time.Second, "done at the gateway", func() bool {
		for doc, err := range lgsp.AllSent(context.Background(), axisFor(t, g, 0), lgsp.ListFilter{}, 0) {
			if err == nil && doc.SenderDocID == docID {
				return doc.ReceiveStatus == lgsp.StatusDone
			}
		}
		return false
	})
}
