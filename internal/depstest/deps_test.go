package depstest

import (
	"github.com/vnegov/egov/internal/modtest"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/vnegov/egov"

// rule constrains the transitive imports of one package: none may be in forbidden, and when onlyStd is set every
// import outside the standard library must be in allowed.
type rule struct {
	pkg       string
	forbidden []string
	onlyStd   bool
	allowed   []string
}

var rules = []rule{
	{pkg: "diag", onlyStd: true},
	{pkg: "vntime", onlyStd: true},
	{pkg: "agencycode", onlyStd: true, allowed: []string{module + "/diag", module + "/vntime"},
		forbidden: []string{"github.com/go-playground/validator/v10"}},
	{pkg: "agencycode/adminunit", onlyStd: true, allowed: []string{module + "/diag", module + "/vntime"}},
	{pkg: "dvc/workday", onlyStd: true, allowed: []string{module + "/diag", module + "/vntime"}},
	{pkg: "edoc", forbidden: []string{module + "/signature", "net/http", module + "/dvc", module + "/cmd/egov"}},
	{pkg: "signature", forbidden: []string{module + "/edoc", module + "/agencycode", module + "/dvc"}},
	{pkg: "dvc", forbidden: []string{module + "/edoc", module + "/signature", "net/http"}},
}

// deps returns the transitive imports of pkg (a path relative to the module root), with whether each is in
// the standard library.
func deps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", "./"+pkg)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go list: %s", out)
	m := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, std, _ := strings.Cut(line, " ")
		m[path] = std == "true"
	}
	return m
}

func TestImportArrows(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	modtest.WatchSources(t, "../..")
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			d := deps(t, r.pkg)
			require.Contains(t, d, module+"/"+r.pkg)
			for _, f := range r.forbidden {
				if _, ok := d[f]; ok {
					t.Errorf("%s must not import %s, even indirectly (see go list -deps ./%s)", r.pkg, f, r.pkg)
				}
			}
			if !r.onlyStd {
				return
			}
			for path, std := range d {
				if std || path == module+"/"+r.pkg || slices.Contains(r.allowed, path) {
					continue
				}
				t.Errorf("%s imports %s, outside the standard library and %v", r.pkg, path, r.allowed)
			}
		})
	}
}
