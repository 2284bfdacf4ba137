package main

import (
	"bytes"
	"context"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/signature/sigtest"
)

// signFixture writes a sigtest signer's key, certificate and chain as PEM files and a document to sign.
type signFixture struct {
	pki                           *sigtest.PKI
	dir, key, cert, chain, doc    string
	ecKey, ecCert, content, wrong string
}

func newSignFixture(t *testing.T) signFixture {
	t.Helper()
	p := sigtest.NewPKI(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o600))
		return path
	}
	keyPEM, err := sigtest.KeyPEM(p.Valid.Key)
	require.NoError(t, err)
	ecPEM, err := sigtest.KeyPEM(p.ValidECDSA.Key)
	require.NoError(t, err)
	return signFixture{
		pki:     p,
		dir:     dir,
		key:     write("signer.key", keyPEM),
		cert:    write("signer.pem", sigtest.PEM(p.Valid.Cert)),
		chain:   write("chain.pem", sigtest.PEM(p.Intermediate.Cert)),
		ecKey:   write("ec.key", ecPEM),
		ecCert:  write("ec.pem", sigtest.PEM(p.ValidECDSA.Cert)),
		content: "Công văn số 15/CV-UBND ngày 23/11/2026\n",
		doc:     write("congvan.txt", []byte("Công văn số 15/CV-UBND ngày 23/11/2026\n")),
		wrong:   write("notakey.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.Valid.Cert.Raw})),
	}
}

// verifyOptions trusts the fixture's root with its current CRLs, offline.
func (f signFixture) verifyOptions(t *testing.T) signature.VerifyOptions {
	t.Helper()
	store, err := signature.NewTrustStore(signature.Anchor{Name: "sigtest", Certificate: f.pki.Root.Cert})
	require.NoError(t, err)
	return signature.VerifyOptions{Roots: store, Revocation: signature.Offline, CRLs: [][]byte{
		f.pki.Intermediate.MustCRL(t, f.pki.Now, sigtest.CRLSpec{}), f.pki.Root.MustCRL(t, f.pki.Now, sigtest.CRLSpec{}),
	}}
}

func TestSigSignCMS(t *testing.T) {
	f := newSignFixture(t)
	tests := []struct {
		name     string
		args     []string
		detached bool
		pem      bool
	}{
		{"detached rsa", []string{"--key", f.key, "--cert", f.cert, "--chain", f.chain, "--cms", "--detached"}, true, false},
		{"attached rsa pss", []string{"--key", f.key, "--cert", f.cert, "--chain", f.chain, "--pss"}, false, false},
		{"attached ecdsa pem", []string{"--key", f.ecKey, "--cert", f.ecCert, "--chain", f.chain, "--pem"}, false, true},
		{"detached time-stamped", []string{"--key", f.key, "--cert", f.cert, "--chain", f.chain, "--detached", "--tsa", f.pki.TSA.URL}, true, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(f.dir, "out"+string(rune('a'+i))+".p7s")
			args := append([]string{"sig", "sign"}, tc.args...)
			args = append(args, f.doc, "-o", out, "--format", "json")
			code, stdout, stderr := runCLI(t, args...)
			require.Equal(t, exitOK, code, stderr)
			res := decodeReport[signResult](t, stdout, "files")[0]
			require.Equal(t, out, res.Output)
			require.Equal(t, tc.detached, res.Detached)
			require.Equal(t, f.pki.Valid.Cert.Subject.String() == res.Signer.Subject, !bytes.Contains([]byte(tc.name), []byte("ecdsa")))

			sig, err := os.ReadFile(out)
			require.NoError(t, err)
			require.Equal(t, tc.pem, bytes.HasPrefix(sig, []byte("-----BEGIN PKCS7-----")))
			var content *bytes.Reader
			if tc.detached {
				content = bytes.NewReader([]byte(f.content))
			}
			var rep *signature.Report
			if content != nil {
				rep, err = signature.VerifyCMS(context.Background(), sig, content, f.verifyOptions(t))
			} else {
				rep, err = signature.VerifyCMS(context.Background(), sig, nil, f.verifyOptions(t))
			}
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			require.Equal(t, signature.TotalPassed, rep.Signatures[0].Indication, "%+v", rep.Signatures[0])
		})
	}
}

func TestSigSignXML(t *testing.T) {
	f := newSignFixture(t)
	doc := filepath.Join(f.dir, "vanban.xml")
	require.NoError(t, os.WriteFile(doc, []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VanBan><SoKyHieu>15/CV-UBND</SoKyHieu><NoiDung>Nội dung</NoiDung></VanBan>\n"), 0o600))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"explicit", []string{"--xml"}},
		{"by extension", nil},
		{"rsa pss", []string{"--xml", "--pss"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(f.dir, "signed-"+tc.name+".xml")
			args := append([]string{"sig", "sign", "--key", f.key, "--cert", f.cert, "--chain", f.chain, "--format", "json"}, tc.args...)
			code, stdout, stderr := runCLI(t, append(args, doc, "-o", out)...)
			require.Equal(t, exitOK, code, stderr)
			res := decodeReport[signResult](t, stdout, "files")[0]
			require.Equal(t, signature.FormatXMLDSig, res.Format)
			signed, err := os.Open(out)
			require.NoError(t, err)
			defer signed.Close()
			rep, err := signature.Verify(context.Background(), signed, f.verifyOptions(t))
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			require.Equal(t, signature.FormatXMLDSig, rep.Signatures[0].Format)
			require.Equal(t, signature.TotalPassed, rep.Signatures[0].Indication, "%+v", rep.Signatures[0].Err)
			// The signing time the CLI reports is the one signed into the XML signature (issue 9).
			require.NotNil(t, rep.Signatures[0].SigningTime)
			require.True(t, res.SigningTime.Equal(*rep.Signatures[0].SigningTime), "%v vs %v", res.SigningTime, rep.Signatures[0].SigningTime)
			for _, m := range rep.Signatures[0].Messages {
				require.NotEqual(t, "SIG-NO-TIME", m.Code)
			}
		})
	}
	code, _, stderr := runCLI(t, "sig", "sign", "--key", f.key, "--cert", f.cert, "--xml", "--detached", doc, "-o", filepath.Join(f.dir, "x.xml"))
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "CMS signatures only")
}

func TestSigSignTextOutput(t *testing.T) {
	f := newSignFixture(t)
	out := filepath.Join(f.dir, "doc.p7s")
	code, stdout, _ := runCLI(t, "sig", "sign", "--key", f.key, "--cert", f.cert, "--detached", f.doc, "-o", out, "--lang", "vi")
	require.Equal(t, exitOK, code)
	require.Contains(t, stdout, "tách rời")
	require.FileExists(t, out)
}

func TestSigSignErrors(t *testing.T) {
	f := newSignFixture(t)
	out := filepath.Join(f.dir, "never.p7s")
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"no file", []string{"--key", f.key, "--cert", f.cert, "-o", out}, exitUsage, "exactly one FILE"},
		{"no output", []string{"--key", f.key, "--cert", f.cert, f.doc}, exitUsage, "-o OUT is required"},
		{"no key", []string{"--cert", f.cert, f.doc, "-o", out}, exitUsage, "--key and --cert"},
		{"xml and cms", []string{"--key", f.key, "--cert", f.cert, "--xml", "--cms", f.doc, "-o", out}, exitUsage, "exclusive"},
		{"unknown flag", []string{"--key", f.key, "--cert", f.cert, "--nope", f.doc, "-o", out}, exitUsage, "nope"},
		{"missing file", []string{"--key", f.key, "--cert", f.cert, filepath.Join(f.dir, "missing.txt"), "-o", out}, exitUsage, "missing.txt"},
		{"not a key", []string{"--key", f.wrong, "--cert", f.cert, f.doc, "-o", out}, exitUsage, "no PEM private key"},
		{"not a certificate", []string{"--key", f.key, "--cert", f.key, f.doc, "-o", out}, exitUsage, "no PEM certificate"},
		{"key of another certificate", []string{"--key", f.ecKey, "--cert", f.cert, f.doc, "-o", out}, exitUsage, "does not match"},
		{"TSA unreachable", []string{"--key", f.key, "--cert", f.cert, "--tsa", "http://127.0.0.1:1/", f.doc, "-o", out}, exitUsage, "time-stamp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"sig", "sign"}, tc.args...)...)
			require.Equal(t, tc.code, code)
			require.Contains(t, stderr, tc.contains)
			require.NoFileExists(t, out)
		})
	}
	entries, err := os.ReadDir(f.dir)
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.HasPrefix(e.Name(), ".egov-"), "temporary file left behind: %s", e.Name())
	}
}

// TestSigSignVerifiedByOpenSSL: OpenSSL accepts what `egov sig sign` writes, detached and attached.
func TestSigSignVerifiedByOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	f := newSignFixture(t)
	ca := filepath.Join(f.dir, "root.pem")
	require.NoError(t, os.WriteFile(ca, sigtest.PEM(f.pki.Root.Cert), 0o600))
	for _, detached := range []bool{true, false} {
		out := filepath.Join(f.dir, fmt.Sprintf("openssl-%t.p7s", detached))
		args := []string{"sig", "sign", "--key", f.key, "--cert", f.cert, "--chain", f.chain, "--cms", f.doc, "-o", out}
		verify := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", out, "-CAfile", ca, "-purpose", "any", "-out", os.DevNull}
		if detached {
			args = append(args, "--detached")
			verify = append(verify, "-content", f.doc)
		}
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, exitOK, code, stderr)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		msg, err := exec.CommandContext(ctx, "openssl", verify...).CombinedOutput()
		cancel()
		require.NoError(t, err, "openssl: %s", msg)
	}
}

// TestSigSignPDFSigningTime checks that the signing time the CLI reports for a PDF is the one its verifier
// reads back (/M and the signingTime attribute), so egov's own PDF signatures carry one (issue 9).
func TestSigSignPDFSigningTime(t *testing.T) {
	f := newSignFixture(t)
	src, err := os.ReadFile("../../signature/testdata/pdf/signer.pdf")
	require.NoError(t, err)
	doc := filepath.Join(f.dir, "congvan.pdf")
	require.NoError(t, os.WriteFile(doc, src, 0o600))
	out := filepath.Join(f.dir, "congvan-signed.pdf")
	code, stdout, stderr := runCLI(t, "sig", "sign", "--key", f.key, "--cert", f.cert, "--chain", f.chain,
		"--format", "json", doc, "-o", out)
	require.Equal(t, exitOK, code, stderr)
	res := decodeReport[signResult](t, stdout, "files")[0]
	require.Equal(t, signature.FormatPDF, res.Format)
	signed, err := os.Open(out)
	require.NoError(t, err)
	defer signed.Close()
	rep, err := signature.Verify(context.Background(), signed, f.verifyOptions(t))
	require.NoError(t, err)
	require.NotEmpty(t, rep.Signatures)
	last := rep.Signatures[len(rep.Signatures)-1]
	require.NotNil(t, last.SigningTime)
	require.True(t, res.SigningTime.Equal(*last.SigningTime), "%v vs %v", res.SigningTime, last.SigningTime)
	for _, m := range last.Messages {
		require.NotEqual(t, "SIG-NO-TIME", m.Code)
	}
}
