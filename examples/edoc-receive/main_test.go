package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/vntime"
)

func TestReceive(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "sample.edxml")
	require.NoError(t, os.WriteFile(in, edoc.SamplePackage(), 0o644))
	inbox := filepath.Join(dir, "inbox")
	now := time.Date(2024, 5, 10, 16, 0, 0, 0, vntime.Location())
	require.NoError(t, run(in, inbox, now))
	for _, name := range []string{"status-01.edxml", "status-03.edxml", "7816-VPCP-TTDT.pdf"} {
		require.FileExists(t, filepath.Join(inbox, name))
	}
	data, err := os.ReadFile(filepath.Join(inbox, "status-03.edxml"))
	require.NoError(t, err)
	sp, err := edoc.ReadStatus(bytes.NewReader(data), edoc.ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, edoc.StatusAccepted, sp.Code)

	// A broken package is answered 02.
	broken := filepath.Join(dir, "broken.edxml")
	bad := strings.Replace(string(edoc.SamplePackage()), "<edXML:CodeNumber>7816</edXML:CodeNumber>", "<edXML:CodeNumber></edXML:CodeNumber>", 1)
	require.NoError(t, os.WriteFile(broken, []byte(bad), 0o644))
	inbox2 := filepath.Join(dir, "inbox2")
	require.NoError(t, run(broken, inbox2, now))
	require.FileExists(t, filepath.Join(inbox2, "status-02.edxml"))
	require.NoFileExists(t, filepath.Join(inbox2, "status-03.edxml"))
}
