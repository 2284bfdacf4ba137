package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/signature/sigtest"
)

func TestLgspAgentCommands(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	dir := t.TempDir()
	db := filepath.Join(dir, "agent.db")
	deliver := filepath.Join(dir, "inbox")
	secret := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secret, []byte(sysA.Secret+"\n"), 0o600))
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	letter := filepath.Join(dir, "cv.edxml")
	require.NoError(t, os.WriteFile(letter, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, 1, day), 0o600))

	code, out, errOut := runCLI(t, "lgsp", "agent", "enqueue", "--database", db, "--format", "json", letter, filepath.Join(dir, "missing.edxml"))
	require.Equal(t, exitUsage, code, errOut)
	var enq struct {
		Files []agentEnqueueResult `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &enq))
	require.Len(t, enq.Files, 2)
	require.Positive(t, enq.Files[0].ID)
	require.Equal(t, "EGOV-001", enq.Files[1].Diagnostics[0].Code, "an unreadable file is a result with a finding")

	// A package from B waits in A's inbox.
	axB, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sysB.ID, Auth: lgsp.HMACSignature{SystemID: sysB.ID, Secret: []byte(sysB.Secret)}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	res, err := axB.Send(context.Background(), bytes.NewReader(lgsptest.Letter(sysB.OrganID, []string{sysA.OrganID}, 2, day)), lgsp.SendOptions{})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var runErr lockedBuffer // the agent logs from its own goroutine while the test reads
	go func() {
		done <- run(ctx, []string{"lgsp", "agent", "run", "--endpoint", g.URL, "--system-id", sysA.ID, "--secret-file", secret,
			"--database", db, "--deliver-dir", deliver, "--poll", "100ms"}, strings.NewReader(""), &bytes.Buffer{}, &runErr)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := os.Stat(filepath.Join(deliver, res.DocID+".edxml"))
		if err == nil && g.Stored(sysB.OrganID) >= 2 { // the letter and the status package answering B's letter
			break
		}
		require.True(t, time.Now().Before(deadline), "agent did not deliver: %s", runErr.String())
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	cancel()
	require.Equal(t, exitOK, <-done, runErr.String())

	code, out, errOut = runCLI(t, "lgsp", "agent", "status", "--database", db, "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	var st struct {
		Results []agentStateCount `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	counts := map[string]int{}
	for _, r := range st.Results {
		counts[r.State] = r.Count
	}
	require.Equal(t, 1, counts["sent"])
	require.Equal(t, 1, counts["delivered"])
	require.Equal(t, 1, counts["answered"])

	code, _, errOut = runCLI(t, "lgsp", "agent", "retry", "--database", db, "nothing-like-this")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "no unsent outbox package")
}

func TestLgspAgentRunBadConfiguration(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sys := lgsptest.DemoSystems()[0]
	dir := t.TempDir()
	wrong := filepath.Join(dir, "wrong")
	require.NoError(t, os.WriteFile(wrong, []byte("not-the-secret"), 0o600))
	base := []string{"lgsp", "agent", "run", "--endpoint", g.URL, "--system-id", sys.ID, "--secret-file", wrong,
		"--database", filepath.Join(dir, "a.db"), "--deliver-dir", filepath.Join(dir, "in")}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown profile", append(append([]string{}, base...), "--profile", "soap"), "unknown profile"},
		{"wrong secret", base, "refused this system's credentials"},
		{"unreachable database", append(append([]string{}, base...), "--database", "postgres://egov@127.0.0.1:1/x?connect_timeout=2"), "unreachable"},
		{"no delivery directory", base[:len(base)-2], "--deliver-dir is required"},
		{"unknown sub-command", []string{"lgsp", "agent", "fly"}, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			require.Equal(t, exitUsage, code)
			require.Contains(t, errOut, tc.want)
		})
	}
}

func TestLgspAgentConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "agent.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"endpoint":"http://127.0.0.1:1","system_id":"x","poll":"soon"}`), 0o600))
	code, _, errOut := runCLI(t, "lgsp", "agent", "run", "--config", cfg, "--deliver-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "poll")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"endpoint":"http://127.0.0.1:1","unknown_key":1}`), 0o600))
	code, _, errOut = runCLI(t, "lgsp", "agent", "run", "--config", cfg, "--deliver-dir", dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "unknown_key")
}

// lockedBuffer is a bytes.Buffer safe for one writer goroutine and a reading test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLgspAgentRequireSignatureTrust runs the agent with --require-signature and the trust material of a test
// PKI the embedded anchors do not know: the letter signed under it is delivered, the unsigned one is not.
func TestLgspAgentRequireSignatureTrust(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	pki := sigtest.NewPKI(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	secret := write("secret", []byte(sysA.Secret))
	root := write("root.pem", sigtest.PEM(pki.Root.Cert))
	intCRL := write("int.crl", pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{}))
	rootCRL := write("root.crl", sigtest.CRLPEM(pki.Root.MustCRL(t, pki.Now, sigtest.CRLSpec{})))
	garbage := write("garbage.pem", []byte("not a certificate"))

	axB, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sysB.ID, Auth: lgsp.HMACSignature{SystemID: sysB.ID, Secret: []byte(sysB.Secret)}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var signed bytes.Buffer
	require.NoError(t, signature.SignXMLEnveloped(context.Background(), &signed,
		bytes.NewReader(lgsptest.Letter(sysB.OrganID, []string{sysA.OrganID}, 1, day)), pki.Valid.Key, pki.Valid.Chain, signature.XMLSignOptions{}))
	sent, err := axB.Send(context.Background(), bytes.NewReader(signed.Bytes()), lgsp.SendOptions{})
	require.NoError(t, err)
	unsigned, err := axB.Send(context.Background(), bytes.NewReader(lgsptest.Letter(sysB.OrganID, []string{sysA.OrganID}, 2, day)), lgsp.SendOptions{})
	require.NoError(t, err)

	deliver := filepath.Join(dir, "inbox")
	base := []string{"lgsp", "agent", "run", "--endpoint", g.URL, "--system-id", sysA.ID, "--secret-file", secret,
		"--database", filepath.Join(dir, "agent.db"), "--deliver-dir", deliver, "--poll", "100ms"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unreadable trust file", []string{"--require-signature", "--trust", filepath.Join(dir, "missing.pem")}, "missing.pem"},
		{"not a certificate", []string{"--require-signature", "--trust", garbage}, "garbage.pem"},
		{"trust without require-signature", []string{"--trust", root}, "--require-signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, append(append([]string{}, base...), tc.args...)...)
			require.Equal(t, exitUsage, code)
			require.Contains(t, errOut, tc.want)
		})
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var runErr lockedBuffer
	go func() {
		done <- run(ctx, append(append([]string{}, base...), "--require-signature", "--trust", root, "--crl", intCRL, "--crl", rootCRL),
			strings.NewReader(""), &bytes.Buffer{}, &runErr)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for g.Stored(sysB.OrganID) < 2 { // one answer to each letter: the acceptance of one, the rejection of the other
		require.True(t, time.Now().Before(deadline), "agent did not answer both letters: %s", runErr.String())
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	require.Equal(t, exitOK, <-done, runErr.String())
	require.FileExists(t, filepath.Join(deliver, sent.DocID+".edxml"), runErr.String())
	require.NoFileExists(t, filepath.Join(deliver, unsigned.DocID+".edxml"))
}
