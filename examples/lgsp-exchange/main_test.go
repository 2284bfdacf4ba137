package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestExchange(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), "", time.Now(), &out))
	s := out.String()
	t.Log(s)
	require.Contains(t, s, "A sent the signed letter as")
	require.Contains(t, s, "valid: true")
	require.Contains(t, s, "A received status 01")
	require.Contains(t, s, "A received status 03")
	require.Contains(t, s, `is "done"`)
}
