package exchange

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

func TestExchangeRoundTrip(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) { testRoundTrip(t, store) })
	}
}

func testRoundTrip(t *testing.T, store string) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	recB := newRecorder()
	optsA, optsB := fastOptions(t, axisFor(t, g, 0), newRecorder()), fastOptions(t, axisFor(t, g, 1), recB)
	if store == "postgres" {
		optsA.Database, optsB.Database = pgDSN(t), pgDSN(t)
		optsA.SpoolDir, optsB.SpoolDir = t.TempDir(), t.TempDir()
	}
	a := runAgent(t, optsA)
	b := runAgent(t, optsB)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	const n = 5
	for i := range n {
		q, err := a.Enqueue(context.Background(), Outgoing{Body: bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, i+1, day))})
		require.NoError(t, err)
		require.False(t, q.Duplicate)
	}
	dup, err := a.Enqueue(context.Background(), Outgoing{Body: bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 1, day))})
	require.NoError(t, err)
	require.True(t, dup.Duplicate, "the same package is queued once")
	waitFor(t, 20*time.Second, "B answers every package", func() bool { return status(t, b).Answered == n })
	docs, calls := recB.count()
	require.Equal(t, n, docs)
	require.Equal(t, n, calls)
	require.Equal(t, Counts{Sent: n}, status(t, a).withoutInbox())
	waitFor(t, 20*time.Second, "A takes the status packages", func() bool { return status(t, a).Answered == n })
	for doc, err := range lgsp.AllSent(context.Background(), axisFor(t, g, 0), lgsp.ListFilter{ServiceType: "eDoc"}, 0) {
		require.NoError(t, err)
		if doc.MessageType == lgsp.MessageEdoc {
			require.Equal(t, lgsp.StatusAcceptance, doc.ReceiveStatus, doc.SenderDocID)
		}
	}
}

func (c Counts) withoutInbox() Counts {
	c.Received, c.Delivered, c.Rejected, c.Answered = 0, 0, 0, 0
	return c
}

// TestRunStoppedWhileStarting asks an agent to stop before it has started (the crash test's SIGTERM right after a
// restart once found the agent still releasing its predecessor's jobs, and it exited with an error): Run returns
// nil, and the next agent on the same store starts and works.
func TestRunStoppedWhileStarting(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	opts := fastOptions(t, axisFor(t, g, 0), newRecorder())
	a, err := Open(context.Background(), opts)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, a.Run(ctx))
	require.NoError(t, a.Close())

	b := runAgent(t, opts)
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	_, err = b.Enqueue(context.Background(), Outgoing{Body: bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 1, letterDay))})
	require.NoError(t, err)
	waitFor(t, 20*time.Second, "the package sent", func() bool { return status(t, b).Sent == 1 })
}
