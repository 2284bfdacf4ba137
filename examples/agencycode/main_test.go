package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	if got := run("2020-01-01", "", []string{"000.00.00.G22", "000.21.31.H53"}); got != 0 {
		t.Fatalf("valid codes: exit %d, want 0", got)
	}
	if got := run("2020-01-01", "", []string{"000.00.00.G22", "000.21.00.H53"}); got != 1 {
		t.Fatalf("a malformed code: exit %d, want 1", got)
	}
	if got := run("01/01/2020", "", nil); got != 2 {
		t.Fatalf("bad date: exit %d, want 2", got)
	}
	csv := filepath.Join(t.TempDir(), "tinh.csv")
	if err := os.WriteFile(csv, []byte("code,name\n000.00.07.H53,Sở thử nghiệm\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := run("", csv, []string{"000.00.07.H53"}); got != 0 {
		t.Fatalf("registry file: exit %d, want 0", got)
	}
	if got := run("", filepath.Join(t.TempDir(), "missing.csv"), nil); got != 2 {
		t.Fatalf("missing registry: exit %d, want 2", got)
	}
}
