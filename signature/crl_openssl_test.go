package signature

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// TestCRLAgainstOpenSSL is a differential test: every serial number openssl lists in a CRL is found by
// ParseCRL/Lookup, and openssl accepts the CRL's signature with the CA certificate (skipped when openssl
// is not installed; CI installs it).
func TestCRLAgainstOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed")
	}
	pki := sigtest.NewPKI(t)
	der, _ := makeCRL(t, pki.Intermediate, pki.Now, 300, nil)
	dir := t.TempDir()
	crlPath, caPath := filepath.Join(dir, "x.crl"), filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(crlPath, der, 0o600))
	require.NoError(t, os.WriteFile(caPath, sigtest.PEM(pki.Intermediate.Cert), 0o600))
	out, err := exec.Command(openssl, "crl", "-inform", "DER", "-in", crlPath, "-noout", "-text", "-CAfile", caPath).CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "verify OK")

	crl, err := ParseCRL(der)
	require.NoError(t, err)
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		hexSerial, ok := strings.CutPrefix(line, "Serial Number: ")
		if !ok {
			continue
		}
		if len(hexSerial)%2 == 1 {
			hexSerial = "0" + hexSerial
		}
		b, err := hex.DecodeString(hexSerial)
		require.NoError(t, err, line)
		if b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		_, found := crl.Lookup(b)
		require.True(t, found, "serial %s listed by openssl", hexSerial)
		n++
	}
	require.Equal(t, 300, n)
}
