package edoc

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestValidatePooledMemory validates every bundled package many times from several goroutines: the reports must
// equal those of a first, sequential pass, so no report (or the reader behind it) keeps pointing into a tokenizer
// or tree that the pool handed to another validation.
func TestValidatePooledMemory(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "packages", "*.edxml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	opts := ValidateOptions{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	want := map[string]string{}
	data := map[string][]byte{}
	validate := func(name string) string {
		rep, err := Validate(context.Background(), bytes.NewReader(data[name]), opts)
		require.NoError(t, err)
		b, err := json.Marshal(rep)
		require.NoError(t, err)
		return string(b)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		data[f] = b
		want[f] = validate(f)
	}
	var wg sync.WaitGroup
	got := make([]map[string]string, 4)
	for g := range got {
		got[g] = map[string]string{}
		wg.Go(func() {
			for range 5 {
				for i := range files {
					f := files[(i+g)%len(files)] // each goroutine in another order
					got[g][f] = validate(f)
				}
			}
		})
	}
	wg.Wait()
	for _, m := range got {
		require.Empty(t, cmp.Diff(want, m))
	}
}
