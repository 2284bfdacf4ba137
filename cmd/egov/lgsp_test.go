package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp/lgsptest"
)

func TestLgspClientVerbs(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	dir := t.TempDir()
	secretA := filepath.Join(dir, "a.secret")
	require.NoError(t, os.WriteFile(secretA, []byte(a.Secret+"\n"), 0o600))
	good := filepath.Join(dir, "letter.edxml")
	require.NoError(t, os.WriteFile(good, lgsptest.Letter(a.OrganID, []string{b.OrganID}, 12, time.Now()), 0o600))
	bad := filepath.Join(dir, "bad.edxml")
	require.NoError(t, os.WriteFile(bad, []byte("<edXML/>"), 0o600))
	common := func(sys string) []string {
		return []string{"--endpoint", g.URL, "--system-id", sys, "--format", "json"}
	}

	code, out, errOut := runCLI(t, append([]string{"lgsp", "send", "--secret-file", secretA, good, bad, filepath.Join(dir, "missing.edxml")}, common(a.ID)...)...)
	require.Equal(t, exitUsage, code, errOut) // the missing file: EGOV-001, exit 2 over the refused package's 1
	var sent struct {
		Files []struct {
			File, DocID, Error string
			DocIDSnake         string `json:"doc_id"`
			Diagnostics        []map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sent), out)
	require.Len(t, sent.Files, 3)
	require.NotEmpty(t, sent.Files[0].DocIDSnake)
	require.Empty(t, sent.Files[0].Error)
	require.NotEmpty(t, sent.Files[1].Error)
	require.NotEmpty(t, sent.Files[1].Diagnostics)
	require.NotEmpty(t, sent.Files[2].Error)
	require.Equal(t, "EGOV-001", sent.Files[2].Diagnostics[0]["code"])
	docID := sent.Files[0].DocIDSnake

	t.Setenv(lgspSecretEnv, b.Secret)
	code, out, errOut = runCLI(t, append([]string{"lgsp", "inbox"}, common(b.ID)...)...)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"doc_id": "`+docID+`"`)
	require.NotContains(t, out, "0001-01-01", "no zero times")

	got := filepath.Join(dir, "got.edxml")
	code, out, errOut = runCLI(t, append([]string{"lgsp", "get", docID, "-o", got}, common(b.ID)...)...)
	require.Equal(t, exitOK, code, errOut+out)
	want, _ := os.ReadFile(good)
	have, _ := os.ReadFile(got)
	require.Equal(t, want, have)

	code, _, errOut = runCLI(t, append([]string{"lgsp", "status", docID, "--set", "done"}, common(b.ID)...)...)
	require.Equal(t, exitOK, code, errOut)

	t.Setenv(lgspSecretEnv, a.Secret)
	code, out, errOut = runCLI(t, append([]string{"lgsp", "sent"}, common(a.ID)...)...)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"receive_status": "done"`)

	code, out, errOut = runCLI(t, append([]string{"lgsp", "agencies", "--verbose"}, common(a.ID)...)...)
	require.Equal(t, exitOK, code)
	require.Contains(t, errOut, "lgsp request")
	require.Contains(t, errOut, "[REDACTED]")
	require.NotContains(t, errOut, a.Secret)
	require.Contains(t, out, `"agency_code": "`+b.OrganID+`"`)

	code, out, errOut = runCLI(t, "lgsp", "inbox", "--endpoint", g.URL, "--system-id", a.ID, "--profile", "ltvb")
	require.Equal(t, exitOK, code, errOut)
	require.Empty(t, out)
}

func TestLgspUsage(t *testing.T) {
	t.Setenv(lgspSecretEnv, "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no secret", []string{"lgsp", "inbox", "--endpoint", "http://127.0.0.1:1", "--system-id", "x"}, "no secret"},
		{"no endpoint", []string{"lgsp", "agencies"}, "--endpoint"},
		{"bad status", []string{"lgsp", "status", "1", "--set", "maybe"}, "unknown delivery status"},
		{"send without file", []string{"lgsp", "send"}, "no file"},
		{"secret is not a flag", []string{"lgsp", "inbox", "--secret", "s"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			require.Equal(t, exitUsage, code)
			require.Contains(t, errOut, tt.want)
		})
	}
}

func TestLgspSandbox(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	systems := filepath.Join(dir, "systems.json")
	require.NoError(t, os.WriteFile(systems, []byte(`[{"system_id":"s1","secret":"k1","organ_id":"000.00.00.G22","name":"A"}]`), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"lgsp", "sandbox", "--addr", addr, "--systems", systems, "--data", dir}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	t.Setenv(lgspSecretEnv, "k1")
	var code int
	var out string
	for range 100 {
		code, out, _ = runCLI(t, "lgsp", "agencies", "--endpoint", "http://"+addr, "--system-id", "s1", "--timeout", "1s")
		if code == exitOK {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "000.00.00.G22")
	cancel()
	require.Equal(t, exitOK, <-done)
	require.Contains(t, stderr.String(), "listening on http://"+addr)
}
