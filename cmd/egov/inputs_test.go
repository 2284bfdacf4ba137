package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp/lgsptest"
)

// fileResult is what every entry of "files" carries: the input and its findings.
type fileResultCodes struct {
	File        string `json:"file"`
	Diagnostics []struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageVI string `json:"message_vi"`
	} `json:"diagnostics"`
}

// egovCodes lists each result as "file" plus the EGOV-… codes of its findings (the other findings depend on the
// verb and its data).
func egovCodes(rs []fileResultCodes) []string {
	var out []string
	for _, r := range rs {
		line := r.File
		for _, d := range r.Diagnostics {
			if strings.HasPrefix(d.Code, "EGOV-") {
				line += " " + d.Code
			}
		}
		out = append(out, line)
	}
	return out
}

// copyFile copies src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
	require.NoError(t, os.WriteFile(dst, data, 0o600))
}

// TestInputsEveryVerb: every verb taking several files reports each input separately, in order, in JSON (and in
// JUnit where it produces findings): a file, a missing file, a directory holding none of the verb's files, a
// directory walked (its other files and symbolic links to directories left out) and stdin ("-"); the exit code
// is 2 since an input could not be read. Stdin named twice is a usage error.
func TestInputsEveryVerb(t *testing.T) {
	dir := t.TempDir()
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	secret := filepath.Join(dir, "a.secret")
	require.NoError(t, os.WriteFile(secret, []byte(a.Secret), 0o600))
	letter := filepath.Join(dir, "letter.edxml")
	require.NoError(t, os.WriteFile(letter, lgsptest.Letter(a.OrganID, []string{b.OrganID}, 7, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)), 0o600))

	tests := []struct {
		name    string
		args    []string
		input   string // a file the verb reads
		ext     string // its extension in the walked directory
		formats []string
	}{
		{"edoc validate", []string{"edoc", "validate", "--at", "2024-06-01"}, edocFixture(t, "sample.edxml"), ".edxml", []string{"json", "junit", "sarif"}},
		{"edoc inspect", []string{"edoc", "inspect"}, edocFixture(t, "sample.edxml"), ".xml", []string{"json"}},
		{"report validate", []string{"report", "validate"}, reportTestdata + "province-2021.json", ".json", []string{"json", "junit"}},
		{"report aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53"}, reportTestdata + "province-2021.json", ".json", []string{"json"}},
		{"lgsp send", []string{"lgsp", "send", "--endpoint", g.URL, "--system-id", a.ID, "--secret-file", secret}, letter, ".edxml", []string{"json"}},
		{"lgsp agent enqueue", []string{"lgsp", "agent", "enqueue", "--database", filepath.Join(dir, "agent.db")}, letter, ".edxml", []string{"json"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			empty, walked := filepath.Join(root, "empty"), filepath.Join(root, "walked")
			require.NoError(t, os.MkdirAll(empty, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("x"), 0o600))
			copyFile(t, tc.input, filepath.Join(walked, "b"+tc.ext))
			copyFile(t, tc.input, filepath.Join(walked, "a", "z"+tc.ext))
			copyFile(t, tc.input, filepath.Join(walked, "readme.txt"))
			require.NoError(t, os.Symlink(walked, filepath.Join(walked, "a", "loop")))
			require.NoError(t, os.Symlink(walked, filepath.Join(walked, "c"+tc.ext)))
			missing := filepath.Join(root, "missing"+tc.ext)
			stdin, err := os.ReadFile(tc.input)
			require.NoError(t, err)
			if i == 5 { // the agent keeps one copy of a package for the same recipients: send a distinct one on stdin
				stdin = bytes.Replace(stdin, []byte("</edXMLEnvelope>"), []byte("</edXMLEnvelope>\n"), 1)
			}
			args := append(append([]string{}, tc.args...), tc.input, missing, empty, walked, "-")
			want := []string{tc.input, missing + " EGOV-001", empty + " EGOV-001",
				filepath.Join(walked, "a", "z"+tc.ext), filepath.Join(walked, "b"+tc.ext), "-"}

			code, out, errOut := runCLIIn(t, stdin, append(args, "--format", "json")...)
			require.Equal(t, exitUsage, code, errOut)
			got := decodeReport[fileResultCodes](t, out, "files")
			require.Empty(t, cmp.Diff(want, egovCodes(got)), out)
			require.Contains(t, got[2].Diagnostics[0].Message, "*"+tc.ext)
			require.Contains(t, got[2].Diagnostics[0].MessageVI, "thư mục")

			for _, format := range tc.formats[1:] {
				code, out, _ := runCLIIn(t, stdin, append(args, "--format", format)...)
				require.Equal(t, exitUsage, code)
				for _, w := range want {
					require.Contains(t, out, strings.Fields(w)[0], format)
				}
			}

			code, out, errOut = runCLIIn(t, stdin, append(append([]string{}, tc.args...), "-", tc.input, "-")...)
			require.Equal(t, exitUsage, code)
			require.Empty(t, out)
			require.Contains(t, errOut, "only once")
		})
	}
}

// TestInputsSingleFileVerbs: a verb taking one file reads "-" from stdin and refuses a directory with a hint.
func TestInputsSingleFileVerbs(t *testing.T) {
	dir := t.TempDir()
	svc := filepath.Join(dir, "service.json")
	require.NoError(t, os.WriteFile(svc, []byte(`{"code":"1.003560","information":true,"online_submission":true}`), 0o600))
	sample, err := os.ReadFile(edocFixture(t, "sample.edxml"))
	require.NoError(t, err)
	svcData, err := os.ReadFile(svc)
	require.NoError(t, err)
	metaData := []byte(`{"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
		"to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}], "number": "231", "notation": "QĐ-VPCP",
		"date": "2024/05/10", "place": "Hà Nội", "type": 1, "type_name": "Quyết định", "subject": "Thử nghiệm",
		"signer": {"full_name": "Nguyễn Văn A"}, "priority": 1, "business_type": "new"}`)
	tests := []struct {
		name  string
		args  []string // the input is appended, or replaces INPUT
		stdin []byte
		ok    int
	}{
		{"edoc extract", []string{"edoc", "extract", "INPUT", filepath.Join(dir, "x")}, sample, exitOK},
		{"edoc new --meta", []string{"edoc", "new", "--overwrite", "--attach", edocFixture(t, "sample.edxml"), "-o", filepath.Join(dir, "new.edxml"), "--meta", "INPUT"}, metaData, exitOK},
		{"edoc status", []string{"edoc", "status", "--code", "01", "--overwrite", "-o", filepath.Join(dir, "st.edxml"), "--for", "INPUT"}, sample, exitOK},
		{"dvc classify", []string{"dvc", "classify", "--at", "2024-01-01", "INPUT"}, svcData, exitOK},
		{"dvc kpi", []string{"dvc", "kpi", "--in", "INPUT"}, []byte(kpiCSV), exitOK},
		{"report build", []string{"report", "build", "--as-of", "2026-06-30", "--dossiers", "INPUT"}, []byte(kpiCSV), exitOK},
	}
	with := func(args []string, input string) []string {
		out := append([]string{}, args...)
		for i, a := range out {
			if a == "INPUT" {
				out[i] = input
			}
		}
		return out
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLIIn(t, tc.stdin, with(tc.args, "-")...)
			require.Equal(t, tc.ok, code, errOut)
			code, out, errOut := runCLI(t, with(tc.args, dir)...)
			require.Equal(t, exitUsage, code, out)
			require.Contains(t, errOut, dir+" is a directory: give a file")
		})
	}
}

// outputVerb is a verb that writes a file, with OUT standing for the output path.
type outputVerb struct {
	name string
	args []string
	// exits are the codes of a successful run (1: written with findings).
	exits []int
}

// outputVerbs returns every verb that writes an output file, on data prepared in dir.
func outputVerbs(t *testing.T, dir string) []outputVerb {
	t.Helper()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	meta := write("meta.json", `{"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
		"to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}], "number": "231", "notation": "QĐ-VPCP",
		"date": "2024/05/10", "place": "Hà Nội", "type": 1, "type_name": "Quyết định", "subject": "Thử nghiệm",
		"signer": {"full_name": "Nguyễn Văn A"}, "priority": 1, "business_type": "new"}`)
	pdf := write("qd.pdf", "%PDF-1.7\n"+strings.Repeat("nội dung ", 50))
	pkg := filepath.Join(dir, "pkg.edxml")
	code, _, errOut := runCLI(t, "edoc", "new", "--meta", meta, "--attach", pdf, "-o", pkg, "--at", "2024-05-10T15:00:00+07:00")
	require.Equal(t, exitOK, code, errOut)
	unit := write("unit.csv", "indicator,value,period,reporting_unit\ndossiers_received,1.000,2024,000.00.01.H53\n")
	sg := newSignFixture(t)

	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	secretA, secretB := write("a.secret", a.Secret), write("b.secret", b.Secret)
	letter := write("letter.edxml", string(lgsptest.Letter(a.OrganID, []string{b.OrganID}, 7, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))))
	code, out, errOut := runCLI(t, "lgsp", "send", "--endpoint", g.URL, "--system-id", a.ID, "--secret-file", secretA, "--format", "json", letter)
	require.Equal(t, exitOK, code, errOut)
	var sent struct {
		Files []struct {
			DocID string `json:"doc_id"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sent))

	ok, okOrFindings := []int{exitOK}, []int{exitOK, exitFindings}
	return []outputVerb{
		{"sig sign", []string{"sig", "sign", "--key", sg.key, "--cert", sg.cert, sg.doc, "-o", "OUT"}, ok},
		{"edoc new", []string{"edoc", "new", "--meta", meta, "--attach", pdf, "-o", "OUT", "--at", "2024-05-10T15:00:00+07:00"}, ok},
		{"edoc status", []string{"edoc", "status", "--for", pkg, "--code", "01", "-o", "OUT", "--at", "2024-05-10T16:00:00+07:00"}, ok},
		{"report export", []string{"report", "export", "--to", "csv", "-o", "OUT", reportTestdata + "province-2021.json"}, okOrFindings},
		{"report aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53", "--to", "csv", "-o", "OUT", unit}, okOrFindings},
		{"report build", []string{"report", "build", "--dossiers", reportTestdata + "dossiers.csv", "--as-of", "2026-06-30", "--to", "json", "-o", "OUT"}, ok},
		{"lgsp get", []string{"lgsp", "get", "--endpoint", g.URL, "--system-id", b.ID, "--secret-file", secretB, sent.Files[0].DocID, "-o", "OUT"}, okOrFindings},
	}
}

// withOut replaces OUT in args by path.
func withOut(args []string, path string) []string {
	out := append([]string{}, args...)
	for i, a := range out {
		if a == "OUT" {
			out[i] = path
		}
	}
	return out
}

// TestOutputRule: every verb that writes a file refuses to replace an existing one unless --overwrite (exit 2,
// the file untouched), creates it 0644 less the umask, leaves no temporary file, and with -o - writes only the
// output on stdout (a machine format is then refused).
func TestOutputRule(t *testing.T) {
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe")
	f, err := os.OpenFile(probe, os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	require.NoError(t, f.Close())
	st, err := os.Stat(probe)
	require.NoError(t, err)
	wantMode := st.Mode().Perm() // 0644 less this process's umask

	for _, v := range outputVerbs(t, dir) {
		t.Run(v.name, func(t *testing.T) {
			outDir := filepath.Join(dir, strings.ReplaceAll(v.name, " ", "-"))
			require.NoError(t, os.Mkdir(outDir, 0o755))
			out := filepath.Join(outDir, "out")

			code, _, errOut := runCLI(t, withOut(v.args, out)...)
			require.Contains(t, v.exits, code, errOut)
			st, err := os.Stat(out)
			require.NoError(t, err)
			require.Equal(t, wantMode, st.Mode().Perm())
			first, err := os.ReadFile(out)
			require.NoError(t, err)
			require.NotEmpty(t, first)

			require.NoError(t, os.WriteFile(out, []byte("kept"), 0o600))
			for _, format := range []string{"text", "json"} {
				code, stdout, errOut := runCLI(t, append(withOut(v.args, out), "--format", format)...)
				require.Equal(t, exitUsage, code, format)
				require.Empty(t, stdout, format)
				require.Contains(t, errOut, out+": the file exists")
				require.Contains(t, errOut, "--overwrite")
				data, err := os.ReadFile(out)
				require.NoError(t, err)
				require.Equal(t, "kept", string(data))
			}
			_, _, errOut = runCLI(t, append(withOut(v.args, out), "--lang", "vi")...)
			require.Contains(t, errOut, "tệp đã tồn tại")

			code, _, errOut = runCLI(t, append(withOut(v.args, out), "--overwrite")...)
			require.Contains(t, v.exits, code, errOut)
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			require.NotEqual(t, "kept", string(data))

			code, stdout, errOut := runCLI(t, withOut(v.args, "-")...)
			require.Contains(t, v.exits, code, errOut)
			require.NotEmpty(t, stdout)
			require.NotContains(t, stdout, " → ", "the summary goes to stderr when stdout carries the output")
			code, stdout, errOut = runCLI(t, append(withOut(v.args, "-"), "--format", "json")...)
			require.Equal(t, exitUsage, code)
			require.Empty(t, stdout)
			require.Contains(t, errOut, "-o -")

			entries, err := os.ReadDir(outDir)
			require.NoError(t, err)
			require.Len(t, entries, 1, "only the output, no temporary file")
		})
	}
}

// TestExtractOverwrite: edoc extract follows the same rule for each attachment it writes.
func TestExtractOverwrite(t *testing.T) {
	dir := t.TempDir()
	pkg := edocFixture(t, "sample.edxml")
	code, out, errOut := runCLI(t, "edoc", "extract", "--format", "json", pkg, dir)
	require.Equal(t, exitOK, code, errOut)
	var res struct {
		Files []struct {
			Attachments []struct {
				Path string `json:"path"`
			} `json:"attachments"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.NotEmpty(t, res.Files[0].Attachments)
	first := res.Files[0].Attachments[0].Path
	require.NoError(t, os.WriteFile(first, []byte("kept"), 0o600))

	code, out, _ = runCLI(t, "edoc", "extract", "--format", "json", pkg, dir)
	require.Equal(t, exitUsage, code)
	got := decodeReport[fileResultCodes](t, out, "files")
	require.Empty(t, cmp.Diff([]string{pkg + " EGOV-005"}, egovCodes(got)))
	require.Contains(t, got[0].Diagnostics[0].Message, first)
	data, err := os.ReadFile(first)
	require.NoError(t, err)
	require.Equal(t, "kept", string(data))

	code, _, errOut = runCLI(t, "edoc", "extract", pkg, dir)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--overwrite")

	code, _, errOut = runCLI(t, "edoc", "extract", "--overwrite", pkg, dir)
	require.Equal(t, exitOK, code, errOut)
	data, err = os.ReadFile(first)
	require.NoError(t, err)
	require.NotEqual(t, "kept", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), ".egov-"), "temporary file left behind: %s", e.Name())
	}
}
