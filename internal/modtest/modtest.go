// Package modtest holds what the module's own whole-module tests share: they run the go command on the module's
// sources, which go test's result cache cannot see.
package modtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WatchSources opens every directory of the module below root and stats every Go file, go.mod and go.sum, so
// that go test's result cache, which records the files a test touches, is invalidated when an import changes:
// the imports themselves are read by a go subprocess, which the cache does not see.
func WatchSources(t testing.TB, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			_, err := os.ReadDir(path)
			return err
		}
		if strings.HasSuffix(path, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum" {
			_, err := os.Stat(path)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
