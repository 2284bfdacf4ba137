package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

func TestAgentAgainstTheSandbox(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	// The shipped agent.json, pointed at this test's sandbox and temporary directory.
	var c config
	b, err := os.ReadFile("agent.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &c))
	dir := t.TempDir()
	c.Endpoint, c.Database, c.DeliverDir, c.Poll = g.URL, filepath.Join(dir, "agent.db"), filepath.Join(dir, "inbox"), "100ms"
	b, err = json.Marshal(c)
	require.NoError(t, err)
	path := filepath.Join(dir, "agent.json")
	require.NoError(t, os.WriteFile(path, b, 0o600))

	axA, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sysA.ID, Auth: lgsp.HMACSignature{SystemID: sysA.ID, Secret: []byte(sysA.Secret)}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	res, err := axA.Send(context.Background(), bytes.NewReader(lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 1, time.Now())), lgsp.SendOptions{})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, path) }()
	delivered := filepath.Join(c.DeliverDir, res.DocID+".edxml")
	deadline := time.Now().Add(20 * time.Second)
	for g.Stored(sysA.OrganID) < 1 { // the status package answering A
		require.True(t, time.Now().Before(deadline), "the agent did not answer")
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	require.NoError(t, <-done)
	got, err := os.ReadFile(delivered)
	require.NoError(t, err)
	sent, _ := g.Content(res.DocID)
	require.Equal(t, sent, got)
}
