package signature

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ocsp"

	"github.com/vnegov/egov/signature/sigtest"
)

// TestOCSPAgainstOpenSSL answers egov's OCSP requests with "openssl ocsp" (an independent responder, used
// offline with -reqin/-respout) signed by the delegated responder certificate, with and without a nonce,
// and checks that egov authorises and reads the responses (skipped when openssl is not installed).
func TestOCSPAgainstOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	pki := sigtest.NewPKI(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	key, err := sigtest.KeyPEM(pki.OCSPSigner.Key)
	require.NoError(t, err)
	exp := pki.Now.Add(365 * 24 * time.Hour).UTC().Format("060102150405Z")
	rev := pki.RevokedAt.UTC().Format("060102150405Z")
	index := fmt.Sprintf("V\t%s\t\t%X\tunknown\t/CN=valid\nR\t%s\t%s,keyCompromise\t%X\tunknown\t/CN=revoked\n",
		exp, pki.Valid.Cert.SerialNumber, exp, rev, pki.Revoked.Cert.SerialNumber)
	idx := write("index.txt", []byte(index))
	ca := write("ca.pem", sigtest.PEM(pki.Intermediate.Cert))
	signer := write("rsigner.pem", sigtest.PEM(pki.OCSPSigner.Cert))
	signerKey := write("rsigner.key", key)

	for _, tc := range []struct {
		name   string
		leaf   *sigtest.Leaf
		nonce  bool
		status int
	}{
		{"good", pki.Valid, false, ocsp.Good},
		{"good with nonce", pki.Valid, true, ocsp.Good},
		{"revoked", pki.Revoked, false, ocsp.Revoked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, nonce, err := ocspRequest(tc.leaf.Cert, pki.Intermediate.Cert, tc.nonce)
			require.NoError(t, err)
			reqPath := write("req.der", req)
			respPath := filepath.Join(dir, "resp.der")
			out, err := exec.Command(openssl, "ocsp", "-index", idx, "-CA", ca, "-rsigner", signer, "-rkey", signerKey,
				"-reqin", reqPath, "-respout", respPath, "-ndays", "1").CombinedOutput()
			require.NoError(t, err, string(out))
			der, err := os.ReadFile(respPath)
			require.NoError(t, err)
			r, err := checkOCSP(der, tc.leaf.Cert, pki.Intermediate.Cert, nonce)
			require.NoError(t, err)
			require.Equal(t, tc.status, r.Status)
			if tc.status == ocsp.Revoked {
				require.True(t, r.RevokedAt.Equal(pki.RevokedAt), r.RevokedAt)
				require.Equal(t, ocsp.KeyCompromise, r.RevocationReason)
			}
			// The same response does not authorise a different issuer.
			_, err = checkOCSP(der, tc.leaf.Cert, pki.Root.Cert, nonce)
			require.Error(t, err)
			require.False(t, strings.Contains(string(out), "error"), string(out))
		})
	}
}
