package externaltest

import (
	"github.com/vnegov/egov/internal/modtest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// vendorProgram is what an integrator writes on day one: validate a package, check an agency code, verify a
// signature, classify a service, and print the findings in Vietnamese with counts by severity.
const vendorProgram = `package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/signature"
)

// summarize counts the findings of a report by severity and prints each in Vietnamese.
func summarize(name string, rep *diag.Report) {
	counts := map[diag.Severity]int{}
	for _, d := range rep.Diagnostics {
		counts[d.Severity]++
		fmt.Printf("%s: [%s] %s %s\n", name, d.Severity.StringVI(), d.Code, d.Text("vi"))
	}
	fmt.Printf("%s: errors=%d warnings=%d infos=%d\n", name, counts[diag.Error], counts[diag.Warning], counts[diag.Info])
}

func main() {
	ctx := context.Background()
	rep, err := edoc.Validate(ctx, bytes.NewReader(edoc.SamplePackage()), edoc.ValidateOptions{Profile: edoc.Interop})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	summarize("sample", rep)

	codes := &diag.Report{}
	if _, err := agencycode.Parse("000.00.31.h53"); err != nil {
		var e *agencycode.Error
		if errors.As(err, &e) {
			codes.Add(e.Diagnostic())
		}
	}
	summarize("agencycode", codes)

	sig, err := signature.Verify(ctx, strings.NewReader("not a signature"), signature.VerifyOptions{Revocation: signature.Offline})
	if err == nil {
		for _, s := range sig.Signatures {
			summarize("signature", &diag.Report{Diagnostics: s.Messages})
		}
	}
	fmt.Println("signature indication:", sig.Indication())

	regime := dvc.DefaultRegimes().At(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println("regime:", regime)
}
`

// goEnv is the environment of the builds: offline, the module cache only, no workspace.
func goEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local")
}

// newModule writes a module outside the repository that requires egov through a replace directive to root.
func newModule(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	mod := "module example.com/vendor\n\ngo 1.26\n\nrequire github.com/vnegov/egov v0.0.0\n\n" +
		"replace github.com/vnegov/egov => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	return dir
}

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(string(out), "module lookup disabled by GOPROXY=off") {
		// The build is offline on purpose (tests reach no network), so it needs the go.mod files of egov's whole
		// module graph in the module cache; a cache filled by building egov alone lacks the older ones.
		msg := "the module cache lacks go.mod files of egov's module graph; run `go list -m all` once in the " +
			"repository with a module proxy (.ci/run does):\n" + string(out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	require.NoError(t, err, "go %s in %s:\n%s", strings.Join(args, " "), dir, out)
	return string(out)
}

func requireGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH: cannot build a module outside the repository")
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	modtest.WatchSources(t, root)
	return root
}

// TestVendorModule builds and runs the vendor program in a module of its own.
func TestVendorModule(t *testing.T) {
	requireGo(t)
	if testing.Short() {
		t.Skip("builds a module outside the repository (-short)")
	}
	dir := newModule(t, repoRoot(t))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(vendorProgram), 0o644))
	goCmd(t, dir, "build", "-o", filepath.Join(dir, "vendor.bin"), ".")
	out, err := exec.Command(filepath.Join(dir, "vendor.bin")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	text := string(out)
	require.Contains(t, text, "sample: errors=0")
	require.Contains(t, text, "agencycode: [lỗi] AGC-004")
	require.Contains(t, text, "agencycode: errors=1 warnings=0 infos=0")
	require.Contains(t, text, "signature indication: INDETERMINATE")
	require.Contains(t, text, "regime:")
}

// TestExamplesOutsideRepository copies every program under examples/ (its files without its tests, data files it
// embeds included) into a module of its own and compiles them together, as a new agency that starts from an
// example would.
func TestExamplesOutsideRepository(t *testing.T) {
	requireGo(t)
	if testing.Short() {
		t.Skip("builds a module outside the repository (-short)")
	}
	root := repoRoot(t)
	dir := newModule(t, root)
	examples, err := filepath.Glob(filepath.Join(root, "examples", "*", "main.go"))
	require.NoError(t, err)
	require.NotEmpty(t, examples)
	for _, main := range examples {
		src := filepath.Dir(main)
		dst := filepath.Join(dir, filepath.Base(src))
		require.NoError(t, os.MkdirAll(dst, 0o755))
		files, err := filepath.Glob(filepath.Join(src, "*"))
		require.NoError(t, err)
		for _, f := range files {
			if fi, err := os.Stat(f); err != nil || !fi.Mode().IsRegular() || strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644))
		}
	}
	goCmd(t, dir, "build", "./...")
}
