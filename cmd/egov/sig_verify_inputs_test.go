package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// runCLIIn runs the command in-process with stdin.
func runCLIIn(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// verifyResult is the part of a sig verify result the input tests look at.
type verifyResult struct {
	File        string `json:"file"`
	Indication  string `json:"indication"`
	Diagnostics []struct {
		Code      string `json:"code"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
		MessageVI string `json:"message_vi"`
	} `json:"diagnostics"`
}

// codes lists each result as "file indication codes…" for one cmp.Diff of a whole batch.
func codes(rs []verifyResult) []string {
	var out []string
	for _, r := range rs {
		line := r.File + " " + r.Indication
		for _, d := range r.Diagnostics {
			line += " " + d.Code
		}
		out = append(out, line)
	}
	return out
}

// batchFixture writes the awkward inputs of issue 14 point 10 beside a valid signature: junk before the XML
// declaration, text, an empty file, binary bytes, a directory without signature files and a missing file.
func batchFixture(t *testing.T, f *sigFixture) map[string]string {
	t.Helper()
	p := map[string]string{}
	for name, data := range map[string]string{
		"newline.xml": "\n<?xml version=\"1.0\"?><a/>",
		"text.xml":    "text first\n<?xml version=\"1.0\"?><a/>",
		"empty.p7s":   "",
		"binary.p7s":  "\x00\x01\x02\xff\xfe binary",
	} {
		p[name] = filepath.Join(f.dir, name)
		require.NoError(t, os.WriteFile(p[name], []byte(data), 0o600))
	}
	p["dir"] = filepath.Join(f.dir, "nothing-here")
	require.NoError(t, os.Mkdir(p["dir"], 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(p["dir"], "notes.txt"), []byte("x"), 0o600))
	p["missing"] = filepath.Join(f.dir, "missing.p7s")
	return p
}

// batchInputs lists the awkward inputs of batchFixture in a fixed order.
func batchInputs(p map[string]string) []string {
	return []string{p["newline.xml"], p["empty.p7s"], p["binary.p7s"], p["dir"], p["missing"], p["text.xml"]}
}

// TestSigVerifyBatch: every input of a batch gets its own result, naming the file, in JSON, JUnit and SARIF; the
// good signatures are still verified and the exit code is the most serious (2, an input could not be read).
func TestSigVerifyBatch(t *testing.T) {
	f := newSigFixture(t)
	p := batchFixture(t, f)
	args := []string{"sig", "verify", "--trust", f.root, "--at", f.pki.Now.Format(time.RFC3339), "--crl", f.intCRL, "--crl", f.rootCRL,
		p["newline.xml"], p["empty.p7s"], f.valid, p["binary.p7s"], p["dir"], p["missing"], p["text.xml"], f.revoked}
	code, out, errOut := runCLI(t, append(args, "--format", "json")...)
	require.Equal(t, exitUsage, code, errOut)
	got := decodeReport[verifyResult](t, out, "files")
	want := []string{
		p["newline.xml"] + " TOTAL_FAILED", // parsed and judged: junk before the declaration is a malformed signature
		p["empty.p7s"] + " INDETERMINATE EGOV-002",
		f.valid + " TOTAL_PASSED",
		p["binary.p7s"] + " INDETERMINATE EGOV-002",
		p["dir"] + " INDETERMINATE EGOV-001",
		p["missing"] + " INDETERMINATE EGOV-001",
		p["text.xml"] + " INDETERMINATE EGOV-002",
		f.revoked + " TOTAL_FAILED",
	}
	require.Empty(t, cmp.Diff(want, codes(got)))
	for _, r := range got {
		for _, d := range r.Diagnostics {
			require.Contains(t, d.Message, r.File, "the finding names the file")
			require.Contains(t, d.MessageVI, r.File)
		}
	}
	require.Contains(t, got[1].Diagnostics[0].MessageVI, "tệp rỗng")
	require.Contains(t, got[4].Diagnostics[0].Message, "*.p7s")

	code, out, _ = runCLI(t, append(args, "--format", "junit")...)
	require.Equal(t, exitUsage, code)
	var suites struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &suites), out)
	var junit []string
	for _, s := range suites.Suites {
		junit = append(junit, s.Name+" "+map[bool]string{true: "fails", false: "passes"}[s.Failures > 0])
	}
	require.Empty(t, cmp.Diff([]string{p["newline.xml"] + " fails", p["empty.p7s"] + " fails", f.valid + " passes",
		p["binary.p7s"] + " fails", p["dir"] + " fails", p["missing"] + " fails", p["text.xml"] + " fails", f.revoked + " fails"}, junit))

	code, out, _ = runCLI(t, append(args, "--format", "sarif")...)
	require.Equal(t, exitUsage, code)
	require.True(t, json.Valid([]byte(out)))
	for _, name := range []string{p["dir"], p["missing"], p["empty.p7s"], f.revoked} {
		require.Contains(t, out, name)
	}
}

// TestSigVerifyFindingFormats: in JUnit and SARIF a failed verdict is an error, an indeterminate one a warning,
// and the exit codes are those of the JSON and text forms.
func TestSigVerifyFindingFormats(t *testing.T) {
	f := newSigFixture(t)
	at := f.pki.Now.Format(time.RFC3339)
	withCRL := []string{"sig", "verify", "--trust", f.root, "--at", at, "--crl", f.intCRL, "--crl", f.rootCRL}
	offline := []string{"sig", "verify", "--trust", f.root, "--at", at, "--revocation", "offline"}
	tests := []struct {
		name   string
		args   []string
		format string
		code   int
		want   []string
		absent []string
	}{
		{"junit failed", cat(withCRL, f.revoked), "junit", exitFindings, []string{`failures="2"`, "<failure", "SIG-REVOKED"}, nil},
		{"junit indeterminate", cat(offline, f.valid), "junit", exitIndeterminate, []string{`failures="0"`, "warning SIG-RESULT", "INDETERMINATE"}, []string{"<failure"}},
		{"junit passed", cat(withCRL, f.valid), "junit", exitOK, []string{`failures="0"`}, []string{"<failure"}},
		{"sarif failed", cat(withCRL, f.revoked), "sarif", exitFindings, []string{"SIG-RESULT error", "SIG-REVOKED error"}, nil},
		{"sarif indeterminate", cat(offline, f.valid), "sarif", exitIndeterminate, []string{"SIG-RESULT warning", "SIG-REVOCATION-UNAVAILABLE warning"},
			[]string{"SIG-RESULT error", "SIG-REVOCATION-UNAVAILABLE error"}},
		{"junit vietnamese", cat(withCRL, "--lang", "vi", f.revoked), "junit", exitFindings, []string{"Chứng thư ký đã bị thu hồi"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append(tc.args, "--format", tc.format)...)
			require.Equal(t, tc.code, code, errOut)
			if tc.format == "junit" {
				require.NoError(t, xml.Unmarshal([]byte(out), new(any)))
			} else {
				out = sarifResults(t, out)
			}
			for _, w := range tc.want {
				require.Contains(t, out, w)
			}
			for _, a := range tc.absent {
				require.NotContains(t, out, a)
			}
		})
	}
}

// sarifResults lists the results of a SARIF log as "ruleId level" lines.
func sarifResults(t *testing.T, out string) string {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Level  string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log), out)
	var b strings.Builder
	for _, r := range log.Runs[0].Results {
		b.WriteString(r.RuleID + " " + r.Level + "\n")
	}
	return b.String()
}

// TestSigVerifyMaterialUsage: trust material that cannot be read or parsed is a usage error naming the flag, the
// file and the reason, before any verification (it used to turn into INDETERMINATE/TRY_LATER).
func TestSigVerifyMaterialUsage(t *testing.T) {
	f := newSigFixture(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	tests := []struct {
		name, flag, file, reason string
	}{
		{"garbage CRL", "--crl", f.garbage, "malformed"},
		{"missing CRL", "--crl", missing, "no such file"},
		{"CRL is a directory", "--crl", dir, "is a directory"},
		{"garbage OCSP response", "--ocsp-response", f.garbage, "not a DER OCSP response"},
		{"CRL given as OCSP response", "--ocsp-response", f.intCRL, "OCSP"},
		{"missing trust file", "--trust", missing, "no such file"},
		{"trust file without certificate", "--trust", f.content, "no CERTIFICATE block"},
		{"intermediate not PEM", "--intermediate", f.garbage, "malformed certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "sig", "verify", "--format", "json", tc.flag, tc.file, f.valid)
			require.Equal(t, exitUsage, code)
			require.Empty(t, out, "no report: the command line is wrong")
			require.Contains(t, errOut, tc.flag+" "+tc.file)
			require.Contains(t, errOut, tc.reason)
		})
	}
}

// TestSigVerifyDetachedHint: a detached signature verified without --content says how to give the content.
func TestSigVerifyDetachedHint(t *testing.T) {
	f := newSigFixture(t)
	args := []string{"sig", "verify", "--trust", f.root, "--at", f.pki.Now.Format(time.RFC3339), "--crl", f.intCRL, "--crl", f.rootCRL}
	code, out, _ := runCLI(t, append(args, "--format", "json", f.detached)...)
	require.Equal(t, exitIndeterminate, code)
	got := decodeReport[verifyResult](t, out, "files")
	require.Empty(t, cmp.Diff([]string{f.detached + " INDETERMINATE EGOV-003"}, codes(got)))
	require.Contains(t, got[0].Diagnostics[0].Message, "--content FILE")
	require.Contains(t, out, "SIGNED_DATA_NOT_FOUND")

	code, out, _ = runCLI(t, append(args, "--lang", "vi", f.detached)...)
	require.Equal(t, exitIndeterminate, code)
	require.Contains(t, out, "chữ ký tách rời")
	require.Contains(t, out, "--content")

	code, out, _ = runCLI(t, append(args, "--format", "json", "--content", f.content, f.detached)...)
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, "EGOV-003")
	code, out, _ = runCLI(t, append(args, "--format", "json", f.valid)...)
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, "EGOV-003", "an attached signature needs no hint")
}

// TestSigVerifyStdin: "-" reads the signature (or the detached content) from stdin, once.
func TestSigVerifyStdin(t *testing.T) {
	f := newSigFixture(t)
	args := []string{"sig", "verify", "--trust", f.root, "--at", f.pki.Now.Format(time.RFC3339), "--crl", f.intCRL, "--crl", f.rootCRL, "--format", "json"}
	valid, err := os.ReadFile(f.valid)
	require.NoError(t, err)
	content, err := os.ReadFile(f.content)
	require.NoError(t, err)
	tests := []struct {
		name  string
		stdin []byte
		args  []string
		code  int
		want  []string
	}{
		{"signature on stdin", valid, []string{"-"}, exitOK, []string{"- TOTAL_PASSED"}},
		{"stdin among files", valid, []string{f.revoked, "-"}, exitFindings, []string{f.revoked + " TOTAL_FAILED", "- TOTAL_PASSED"}},
		{"detached content on stdin", content, []string{"--content", "-", f.detached}, exitOK, []string{f.detached + " TOTAL_PASSED"}},
		{"empty stdin", nil, []string{"-"}, exitUsage, []string{"- INDETERMINATE EGOV-002"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLIIn(t, tc.stdin, append(args, tc.args...)...)
			require.Equal(t, tc.code, code, errOut)
			require.Empty(t, cmp.Diff(tc.want, codes(decodeReport[verifyResult](t, out, "files"))))
		})
	}
	for _, twice := range [][]string{{"-", "-"}, {"--content", "-", "-"}} {
		code, out, errOut := runCLIIn(t, valid, append(args, twice...)...)
		require.Equal(t, exitUsage, code)
		require.Empty(t, out)
		require.Contains(t, errOut, "only once")
	}
}

// TestSigVerifyDirectory: a directory is walked for signature files in lexical order, other files are left out
// and symbolic links to directories are not followed (a link loop cannot make the walk endless).
func TestSigVerifyDirectory(t *testing.T) {
	f := newSigFixture(t)
	root := filepath.Join(t.TempDir(), "batch")
	sub := filepath.Join(root, "b-sub")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	copyTo := func(src, dst string) {
		data, err := os.ReadFile(src)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst, data, 0o600))
	}
	copyTo(f.valid, filepath.Join(root, "c.p7s"))
	copyTo(f.revoked, filepath.Join(sub, "a.P7S"))
	copyTo(f.valid, filepath.Join(root, "a.p7s"))
	copyTo(f.content, filepath.Join(root, "readme.txt"))
	require.NoError(t, os.Symlink("..", filepath.Join(sub, "loop")))
	require.NoError(t, os.Symlink(sub, filepath.Join(root, "link.p7s")))
	code, out, errOut := runCLI(t, "sig", "verify", "--trust", f.root, "--at", f.pki.Now.Format(time.RFC3339),
		"--crl", f.intCRL, "--crl", f.rootCRL, "--format", "json", root)
	require.Equal(t, exitFindings, code, errOut)
	want := []string{filepath.Join(root, "a.p7s") + " TOTAL_PASSED", filepath.Join(sub, "a.P7S") + " TOTAL_FAILED",
		filepath.Join(root, "c.p7s") + " TOTAL_PASSED"}
	require.Empty(t, cmp.Diff(want, codes(decodeReport[verifyResult](t, out, "files"))))
	require.False(t, strings.Contains(out, "readme.txt") || strings.Contains(out, "loop"))
}
