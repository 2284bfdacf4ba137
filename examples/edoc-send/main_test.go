package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/vntime"
)

func TestSend(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cv.edxml")
	now := time.Date(2024, 5, 10, 9, 0, 0, 0, vntime.Location())
	require.NoError(t, run("", out, now))
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	p, err := edoc.ReadHeader(f, edoc.ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, "000.00.00.G22,2024/05/10,6957/VPCP-TTĐT", p.Header.DocumentID)
	require.Len(t, p.Attachments, 1)
	require.Error(t, run(filepath.Join(t.TempDir(), "missing.pdf"), out, now))
}
