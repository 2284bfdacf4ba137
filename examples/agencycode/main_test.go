package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	cases := []struct {
		name     string
		at       string
		registry string
		codes    []string
		code     int
	}{
		{"valid codes", "2020-01-01", "", []string{"000.00.00.G22", "000.21.31.H53"}, 0},
		{"a malformed code", "2020-01-01", "", []string{"000.00.00.G22", "000.21.00.H53"}, 1},
		{"bad date", "01/01/2020", "", nil, 2},
		{"missing registry", "", filepath.Join(t.TempDir(), "missing.csv"), nil, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.code, run(io.Discard, c.at, c.registry, c.codes))
		})
	}
}

// TestShippedRegistry runs the example as its doc comment shows, with the tinh.csv shipped beside it: the units
// of the Tây Ninh list are named, with their parent chain, before the 2025 reform and not after.
func TestShippedRegistry(t *testing.T) {
	data, err := os.ReadFile("tinh.csv")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(data), "code,name,short_name,valid_from,valid_to,source\n"))

	var out bytes.Buffer
	code := run(&out, "2020-01-01", "tinh.csv", []string{"000.12.31.H53", "000.21.31.H53"})
	require.Equal(t, 0, code, out.String())
	require.Equal(t, `000.12.31.H53: level 3, Thanh tra huyện Bến Cầu
    under 000.00.31.H53 Ủy ban nhân dân huyện Bến Cầu
    under 000.00.00.H53 Ủy ban nhân dân tỉnh Tây Ninh
000.21.31.H53: level 3, Ủy ban nhân dân xã An Thạnh
    under 000.00.31.H53 Ủy ban nhân dân huyện Bến Cầu
    under 000.00.00.H53 Ủy ban nhân dân tỉnh Tây Ninh
`, out.String())

	out.Reset()
	require.Equal(t, 0, run(&out, "2026-01-01", "tinh.csv", []string{"000.12.31.H53"}))
	require.Contains(t, out.String(), "000.12.31.H53: level 3, (not in the registry at this date)")

	// The file is authoritative for the codes it lists: a province's own export renames or closes units.
	edited := filepath.Join(t.TempDir(), "tinh.csv")
	renamed := strings.Replace(string(data), "Thanh tra huyện Bến Cầu", "Thanh tra huyện Bến Cầu (đổi tên)", 1)
	require.NoError(t, os.WriteFile(edited, []byte(renamed), 0o600))
	out.Reset()
	require.Equal(t, 0, run(&out, "2020-01-01", edited, []string{"000.12.31.H53"}))
	require.Contains(t, out.String(), "000.12.31.H53: level 3, Thanh tra huyện Bến Cầu (đổi tên)\n")
}
