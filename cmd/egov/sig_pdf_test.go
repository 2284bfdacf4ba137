package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// minimalPDF is a one-page PDF with a classic cross-reference table.
func minimalPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		"<< /Length 9 >>\nstream\nBT 0 0 Td\nendstream",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.7\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	b.WriteString("xref\n0 5\n0000000000 65535 f\r\n")
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", xref)
	return []byte(b.String())
}

// TestSigSignVerifyPDF signs a PDF as the signer, then as the agency (an incremental update), and verifies it.
func TestSigSignVerifyPDF(t *testing.T) {
	f := newSignFixture(t)
	v := newSigFixture(t)
	doc := filepath.Join(f.dir, "quyetdinh.pdf")
	require.NoError(t, os.WriteFile(doc, minimalPDF(), 0o600))
	one, two := filepath.Join(f.dir, "one.pdf"), filepath.Join(f.dir, "two.pdf")
	code, _, stderr := runCLI(t, "sig", "sign", "--key", f.key, "--cert", f.cert, "--chain", f.chain, doc, "-o", one)
	require.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCLI(t, "sig", "sign", "--pdf", "--key", f.ecKey, "--cert", f.ecCert, "--chain", f.chain, one, "-o", two)
	require.Equal(t, exitOK, code, stderr)
	first, err := os.ReadFile(one)
	require.NoError(t, err)
	second, err := os.ReadFile(two)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(second), string(first)), "the signed input stays a prefix")

	code, stdout, stderr := runCLI(t, "sig", "verify", "--trust", v.root, "--crl", v.intCRL, "--crl", v.rootCRL, "--format", "json", two)
	require.Equal(t, exitOK, code, stdout+stderr)
	var out struct {
		Files []struct {
			Signatures []struct {
				Indication          string `json:"indication"`
				CoversWholeDocument *bool  `json:"covers_whole_document"`
				LaterRevisions      []struct {
					Revision int  `json:"revision"`
					Allowed  bool `json:"allowed"`
				} `json:"later_revisions"`
			} `json:"signatures"`
			PDF struct {
				ND30 struct {
					AgencyCoversSigner bool `json:"agency_covers_signer"`
				} `json:"nd30"`
			} `json:"pdf"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &out))
	sigs := out.Files[0].Signatures
	require.Len(t, sigs, 2)
	require.False(t, *sigs[0].CoversWholeDocument)
	require.True(t, *sigs[1].CoversWholeDocument)
	require.Len(t, sigs[0].LaterRevisions, 1)
	require.True(t, sigs[0].LaterRevisions[0].Allowed)
	require.True(t, out.Files[0].PDF.ND30.AgencyCoversSigner)

	code, _, stderr = runCLI(t, "sig", "sign", "--pdf", "--cms", "--key", f.key, "--cert", f.cert, doc, "-o", one)
	require.Equal(t, exitUsage, code, stderr)
}
