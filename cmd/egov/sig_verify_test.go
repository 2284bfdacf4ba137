package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/signature/sigtest"
)

// sigFixture writes a PKI's root, CRLs and CMS signatures by several leaves into a temp dir.
type sigFixture struct {
	dir                       string
	pki                       *sigtest.PKI
	root, intCRL, rootCRL     string
	valid, revoked, detached  string
	content, expired, garbage string
	ocspValid                 string
}

func newSigFixture(t *testing.T) *sigFixture {
	t.Helper()
	pki := sigtest.NewPKI(t)
	dir := t.TempDir()
	f := &sigFixture{dir: dir, pki: pki}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	sign := func(leaf *sigtest.Leaf, detached bool, at time.Time) []byte {
		var buf bytes.Buffer
		err := signature.SignCMS(context.Background(), &buf, strings.NewReader("Công văn số 12/UBND"), leaf.Key, leaf.Chain,
			signature.CMSSignOptions{Detached: detached, SigningTime: at})
		require.NoError(t, err)
		return buf.Bytes()
	}
	f.root = write("root.pem", sigtest.PEM(pki.Root.Cert))
	f.intCRL = write("int.crl", pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{}))
	f.rootCRL = write("root.crl", sigtest.CRLPEM(pki.Root.MustCRL(t, pki.Now, sigtest.CRLSpec{})))
	f.valid = write("valid.p7s", sign(pki.Valid, false, pki.Now))
	f.revoked = write("revoked.p7s", sign(pki.Revoked, false, pki.Now))
	f.expired = write("expired.p7s", sign(pki.Expired, false, pki.Now))
	f.detached = write("detached.p7s", sign(pki.Valid, true, pki.Now))
	f.content = write("content.txt", []byte("Công văn số 12/UBND"))
	f.garbage = write("garbage.bin", []byte("neither xml nor cms"))
	f.ocspValid = write("valid.ocsp", pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPDelegated))
	return f
}

func TestSigVerifyCLI(t *testing.T) {
	f := newSigFixture(t)
	at := f.pki.Now.Format(time.RFC3339)
	base := []string{"sig", "verify", "--trust", f.root, "--at", at, "--format", "json"}
	withCRL := cat(base, "--crl", f.intCRL, "--crl", f.rootCRL)
	tests := []struct {
		name     string
		args     []string
		code     int
		ind, sub string
	}{
		{"valid signature with CRLs", cat(withCRL, f.valid), exitOK, "TOTAL_PASSED", ""},
		{"revoked signer", cat(withCRL, f.revoked), exitFindings, "TOTAL_FAILED", "REVOKED"},
		{"expired signer", cat(withCRL, f.expired), exitFindings, "TOTAL_FAILED", "EXPIRED"},
		{"offline without revocation material", cat(base, f.valid), exitIndeterminate, "INDETERMINATE", "TRY_LATER"},
		{"untrusted root (embedded anchors only)", []string{"sig", "verify", "--at", at, "--crl", f.intCRL, "--crl", f.rootCRL, "--format", "json", f.valid},
			exitIndeterminate, "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND"},
		{"detached with --content", cat(withCRL, "--content", f.content, f.detached), exitOK, "TOTAL_PASSED", ""},
		{"online OCSP", cat(base, "--online", f.valid), exitOK, "TOTAL_PASSED", ""},
		{"supplied OCSP response and root CRL", cat(base, "--ocsp-response", f.ocspValid, "--crl", f.rootCRL, f.valid), exitOK, "TOTAL_PASSED", ""},
		{"legacy policy forced", cat(withCRL, "--policy", "legacy", f.valid), exitOK, "TOTAL_PASSED", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			require.Equal(t, tc.code, code, "stderr: %s\nstdout: %s", stderr, stdout)
			var out struct {
				Files []struct {
					File       string `json:"file"`
					Signatures []struct {
						Format        string            `json:"format"`
						Indication    string            `json:"indication"`
						SubIndication string            `json:"sub_indication"`
						Signer        map[string]any    `json:"signer"`
						SigningTime   string            `json:"signing_time"`
						Chain         []any             `json:"chain"`
						Revocation    json.RawMessage   `json:"revocation"`
						Messages      []diag.Diagnostic `json:"messages"`
					} `json:"signatures"`
				} `json:"files"`
			}
			require.NoError(t, json.Unmarshal([]byte(stdout), &out))
			require.Len(t, out.Files, 1)
			require.Len(t, out.Files[0].Signatures, 1)
			s := out.Files[0].Signatures[0]
			require.Equal(t, "CMS", s.Format)
			require.Equal(t, tc.ind, s.Indication)
			require.Equal(t, tc.sub, s.SubIndication)
			require.NotEmpty(t, s.Signer["subject"])
			require.NotEmpty(t, s.SigningTime)
			require.NotEmpty(t, s.Messages)
			require.NotEmpty(t, s.Messages[0].MessageVI)
		})
	}
}

func TestSigVerifyCLIText(t *testing.T) {
	f := newSigFixture(t)
	code, stdout, _ := runCLI(t, "sig", "verify", "--trust", f.root, "--at", f.pki.Now.Format(time.RFC3339),
		"--crl", f.intCRL, "--crl", f.rootCRL, "--lang", "vi", f.revoked)
	require.Equal(t, exitFindings, code)
	require.Contains(t, stdout, "TOTAL_FAILED/REVOKED")
	require.Contains(t, stdout, "Chứng thư ký đã bị thu hồi")
}

func TestSigVerifyCLIUsage(t *testing.T) {
	f := newSigFixture(t)
	for name, args := range map[string][]string{
		"no file":          {"sig", "verify"},
		"bad --at":         {"sig", "verify", "--at", "yesterday", f.valid},
		"unknown policy":   {"sig", "verify", "--policy", "2030", f.valid},
		"unknown mode":     {"sig", "verify", "--revocation", "sometimes", f.valid},
		"unknown anchor":   {"sig", "verify", "--anchor", "nope", f.valid},
		"missing file":     {"sig", "verify", filepath.Join(f.dir, "nope.p7s")},
		"unknown format":   {"sig", "verify", f.garbage},
		"content and many": {"sig", "verify", "--content", f.content, f.valid, f.detached},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := runCLI(t, args...)
			require.Equal(t, exitUsage, code)
			require.NotEmpty(t, stderr)
		})
	}
}

func TestTrustList(t *testing.T) {
	code, stdout, _ := runCLI(t, "trust", "list", "--format", "json")
	require.Equal(t, exitOK, code)
	type anchor struct {
		Name              string `json:"name"`
		Subject           string `json:"subject"`
		FingerprintSHA256 string `json:"fingerprint_sha256"`
	}
	anchors := decodeReport[anchor](t, stdout, "results")
	require.Len(t, anchors, 1)
	require.Equal(t, "vgca-rootca-g2", anchors[0].Name)
	require.Equal(t, "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8", anchors[0].FingerprintSHA256)
	require.Contains(t, anchors[0].Subject, "RootCA chuyên dùng Chính phủ G2")

	code, stdout, _ = runCLI(t, "trust", "list", "--lang", "vi")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, "chủ thể")
}

// cat returns a new slice of a followed by more (no aliasing between table rows).
func cat(a []string, more ...string) []string {
	return append(append([]string{}, a...), more...)
}
