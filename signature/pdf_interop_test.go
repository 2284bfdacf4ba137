package signature

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// needTool returns the path of an external tool; without it the test skips, except under CI=true where the
// tool must be installed (poppler-utils for pdfsig, qpdf).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (Debian package %s); CI must install it", name, pkg)
	}
	t.Skipf("%s is not installed (Debian package %s); the interoperability test needs it", name, pkg)
	return ""
}

// pdfsigVerdicts runs pdfsig (without certificate checks: trust is egov's business, the cryptographic
// verdict is compared) and returns, per signature, whether pdfsig says "Signature is Valid".
func pdfsigVerdicts(t *testing.T, pdfsig, file string) []bool {
	t.Helper()
	out, _ := exec.Command(pdfsig, "-nocert", file).CombinedOutput()
	return parsePdfsig(string(out))
}

var pdfsigValidation = regexp.MustCompile(`Signature Validation: (.*)`)

func parsePdfsig(out string) []bool {
	var v []bool
	for _, m := range pdfsigValidation.FindAllStringSubmatch(out, -1) {
		v = append(v, strings.HasPrefix(m[1], "Signature is Valid"))
	}
	return v
}

// cryptoOK is egov's cryptographic verdict on one signature: structure, digest and signature value.
func cryptoOK(s SignatureReport) bool {
	return !hasCode(s, "SIG-FORMAT") && !hasCode(s, "SIG-HASH") && !hasCode(s, "SIG-CRYPTO")
}

// pdfInteropOptions trusts the fixtures' root with its CRL, at their creation time.
func pdfInteropOptions(t *testing.T) VerifyOptions {
	t.Helper()
	dir := filepath.Join("testdata", "pdf")
	created, err := os.ReadFile(filepath.Join(dir, "created.txt"))
	require.NoError(t, err)
	at, err := time.Parse(time.RFC3339, strings.TrimSpace(string(created)))
	require.NoError(t, err)
	rootPEM, err := os.ReadFile(filepath.Join(dir, "ca", "root.pem"))
	require.NoError(t, err)
	blk, _ := pem.Decode(rootPEM)
	root, err := x509.ParseCertificate(blk.Bytes)
	require.NoError(t, err)
	store, err := NewTrustStore(Anchor{Name: "interop", Certificate: root})
	require.NoError(t, err)
	crl, err := os.ReadFile(filepath.Join(dir, "ca", "root.crl"))
	require.NoError(t, err)
	return VerifyOptions{Roots: store, Revocation: Offline, At: at.Add(time.Hour), CRLs: [][]byte{crl}}
}

// TestPDFInteropPdfsigFixtures verifies the fixtures made by qpdf and pdfsig (interop/pdf-fixtures.sh):
// egov's cryptographic verdict equals pdfsig's (recorded, and live when pdfsig is installed), and egov's
// coverage verdict is stricter: pdfsig calls every attacked file "Signature is Valid".
func TestPDFInteropPdfsigFixtures(t *testing.T) {
	opts := pdfInteropOptions(t)
	cases := []struct {
		file    string
		want    []Indication
		allowed []bool // later revisions after the first signature
	}{
		{"signer.pdf", []Indication{TotalPassed}, nil},
		{"signer-objstm.pdf", []Indication{TotalPassed}, nil},
		{"signer-linearized.pdf", []Indication{TotalPassed}, nil},
		{"signer-agency.pdf", []Indication{TotalPassed, TotalPassed}, []bool{true}},
		{"tampered.pdf", []Indication{TotalFailed}, nil},
		{"appended-content.pdf", []Indication{TotalFailed}, []bool{false}},
		{"overlay-xobject.pdf", []Indication{TotalFailed}, []bool{false}},
		{"overlay-annot.pdf", []Indication{Indeterminate}, []bool{false}},
		{"junk.pdf", []Indication{Indeterminate}, nil},
	}
	pdfsig, _ := exec.LookPath("pdfsig")
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "pdf", c.file)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			rep := verifyPDFForTest(t, data, opts)
			var got []Indication
			var egovCrypto []bool
			for _, s := range rep.Signatures {
				got = append(got, s.Indication)
				egovCrypto = append(egovCrypto, cryptoOK(s))
			}
			require.Equal(t, c.want, got, "%+v", rep.Signatures)
			var allowed []bool
			for _, r := range rep.Signatures[0].LaterRevisions {
				allowed = append(allowed, r.Allowed)
			}
			require.Equal(t, c.allowed, allowed, "%+v", rep.Signatures[0].LaterRevisions)

			recorded, err := os.ReadFile(strings.TrimSuffix(path, ".pdf") + ".pdfsig.txt")
			require.NoError(t, err)
			require.Equal(t, parsePdfsig(string(recorded)), egovCrypto, "egov's cryptographic verdict differs from pdfsig's recorded one")
			if pdfsig != "" {
				require.Equal(t, pdfsigVerdicts(t, pdfsig, path), egovCrypto, "egov's cryptographic verdict differs from pdfsig's")
			}
		})
	}
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "signer-agency.pdf"))
	require.NoError(t, err)
	nd := verifyPDFForTest(t, data, opts).PDF.ND30
	require.Equal(t, "Signer", nd.Signer)
	require.Equal(t, "Agency", nd.Agency)
	require.True(t, nd.Complete, "%+v", nd)
	require.Empty(t, nd.Notes, "roles come from the certificates (CCCD / MST identifiers)")
}

// TestSignPDFVerifiedByPdfsig: pdfsig accepts egov's signatures (alone, signer + agency, after a pdfsig
// signature, with a time stamp) and qpdf finds the structure sound.
func TestSignPDFVerifiedByPdfsig(t *testing.T) {
	pdfsig := needTool(t, "pdfsig", "poppler-utils")
	qpdf := needTool(t, "qpdf", "qpdf")
	p := sigtest.NewPKI(t)
	agency := p.Issue(t, sigtest.LeafSpec{CommonName: "Sở Nội vụ tỉnh Thử", KeyName: "rsa2048-3"})
	fromPdfsig, err := os.ReadFile(filepath.Join("testdata", "pdf", "signer.pdf"))
	require.NoError(t, err)
	dir := t.TempDir()
	cases := []struct {
		name  string
		build func() []byte
		sigs  int
	}{
		{"single CAdES, table", func() []byte { return signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{}) }, 1},
		{"single pkcs7, xref stream, visible", func() []byte {
			return signPDFForTest(t, testPDF("x", true), p.Valid, PDFSignOptions{SubFilter: SubFilterPKCS7Detached,
				Visible: &PDFAppearance{Rect: [4]float64{300, 100, 500, 150}, Text: []string{"Nguyen Van A"}}})
		}, 1},
		{"signer + agency", func() []byte {
			one := signPDFForTest(t, testPDF("x", true), p.Valid, PDFSignOptions{})
			return signPDFForTest(t, one, agency, PDFSignOptions{})
		}, 2},
		{"certification P=2, then agency", func() []byte {
			one := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{Certify: 2})
			return signPDFForTest(t, one, agency, PDFSignOptions{})
		}, 2},
		{"agency after a pdfsig signature", func() []byte { return signPDFForTest(t, fromPdfsig, agency, PDFSignOptions{}) }, 2},
		{"agency after a pdfsig signature on a linearized file", func() []byte {
			lin, err := os.ReadFile(filepath.Join("testdata", "pdf", "signer-linearized.pdf"))
			require.NoError(t, err)
			return signPDFForTest(t, lin, agency, PDFSignOptions{})
		}, 2},
		{"B-T with a time stamp", func() []byte {
			return signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{TSAURL: p.TSA.URL})
		}, 1},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, string(rune('a'+i))+".pdf")
			require.NoError(t, os.WriteFile(file, c.build(), 0o600))
			got := pdfsigVerdicts(t, pdfsig, file)
			require.Equal(t, bytes.Repeat([]byte{1}, c.sigs), boolsToBytes(got), "pdfsig verdicts %v", got)
			out, err := exec.Command(qpdf, "--check", file).CombinedOutput()
			require.NoError(t, err, "qpdf --check: %s", out)
			require.Contains(t, string(out), "No syntax or stream encoding errors")
		})
	}
}

func boolsToBytes(v []bool) []byte {
	out := make([]byte, len(v))
	for i, b := range v {
		if b {
			out[i] = 1
		}
	}
	return out
}

// TestVerifyPDFAgainstPdfsigMutations: on byte mutations of a signed file, egov never passes a signature
// pdfsig rejects, and agrees with pdfsig on the cryptography whenever egov can read the structure.
func TestVerifyPDFAgainstPdfsigMutations(t *testing.T) {
	pdfsig := needTool(t, "pdfsig", "poppler-utils")
	p := sigtest.NewPKI(t)
	signed := signPDFForTest(t, testPDF("Pay 100", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	opts := cmsTestOptions(t, p)
	dir := t.TempDir()
	br := byteRangeOf(t, signed)
	for i, off := range []int64{20, br[1] / 2, br[1] - 3, br[2] + 2, br[2] + br[3] - 40} {
		mut := bytes.Clone(signed)
		mut[off] ^= 0x01
		file := filepath.Join(dir, string(rune('a'+i))+".pdf")
		require.NoError(t, os.WriteFile(file, mut, 0o600))
		theirs := pdfsigVerdicts(t, pdfsig, file)
		rep, err := VerifyPDF(context.Background(), bytes.NewReader(mut), int64(len(mut)), opts)
		if err != nil {
			continue // egov cannot read the structure: no verdict to compare, and nothing passed
		}
		for j, s := range rep.Signatures {
			if j < len(theirs) && !theirs[j] {
				require.NotEqual(t, TotalPassed, s.Indication, "offset %d", off)
			}
			if j < len(theirs) && cryptoOK(s) != theirs[j] {
				t.Errorf("offset %d: egov crypto %v, pdfsig %v (%+v)", off, cryptoOK(s), theirs[j], s.Messages)
			}
		}
	}
}
