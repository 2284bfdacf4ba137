package signature

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// reissue makes another certificate for the intermediate CA's name and key, signed by the root, with the
// given key usage (a re-issued or cross-certified CA gives a verifier several candidate paths).
func reissue(t *testing.T, pki *sigtest.PKI, ku x509.KeyUsage, serial int64) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pki.Intermediate.Cert.Subject,
		NotBefore: pki.Now.Add(-time.Hour), NotAfter: pki.Now.Add(24 * time.Hour),
		KeyUsage: ku, BasicConstraintsValid: true, IsCA: true, SubjectKeyId: pki.Intermediate.Cert.SubjectKeyId,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, pki.Root.Cert, pki.Intermediate.Key.Public(), pki.Root.Key)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c
}

func TestChainBuildingAllPaths(t *testing.T) {
	pki := sigtest.NewPKI(t)
	noCertSign := reissue(t, pki, x509.KeyUsageDigitalSignature, 9001)
	o := testOptions(t, pki)
	o.Intermediates = []*x509.Certificate{noCertSign}
	b, err := o.newChainBuilder(pki.Valid.Chain)
	require.NoError(t, err)
	res := b.build(context.Background(), pki.Valid.Cert)
	require.Len(t, res.chains, 2, "both issuer certificates give a path")
	for _, c := range res.chains {
		require.Len(t, c, 3)
		require.Equal(t, pki.Root.Cert.Raw, c[2].Raw)
	}
	// The pipeline picks the path that meets the constraints.
	o.Intermediates = nil
	e := testEvidence(pki.Valid, pki.Now)
	e.Certificates = []*x509.Certificate{pki.Valid.Cert, noCertSign, pki.Intermediate.Cert}
	o.CRLs = crls(t, pki)
	r := o.validate(context.Background(), e)
	requireVerdict(t, r, TotalPassed, "")
	require.Equal(t, pki.Intermediate.Cert.SerialNumber.Text(16), lower(r.Chain[1].Serial))

	// With only the bad path, the verdict is a chain constraint failure.
	e.Certificates = []*x509.Certificate{pki.Valid.Cert, noCertSign}
	r = o.validate(context.Background(), e)
	requireVerdict(t, r, Indeterminate, ChainConstraintsFailure)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func TestChainBuildingBounded(t *testing.T) {
	pki := sigtest.NewPKI(t)
	var many []*x509.Certificate
	for i := range 300 {
		many = append(many, reissue(t, pki, x509.KeyUsageDigitalSignature, int64(10000+i)))
	}
	o := testOptions(t, pki)
	o.Anchors = nil
	b, err := o.newChainBuilder(many)
	require.NoError(t, err)
	res := b.build(context.Background(), pki.Valid.Cert)
	require.LessOrEqual(t, len(res.chains), DefaultMaxChains)
}

func TestSigAlgorithms(t *testing.T) {
	pki := sigtest.NewPKI(t)
	// SHA-1 certificate signatures are checked by egov (crypto/x509 refuses them).
	require.NoError(t, checkCertSignature(pki.Legacy.Cert, pki.Intermediate.Cert))
	require.Error(t, pki.Legacy.Cert.CheckSignatureFrom(pki.Intermediate.Cert))
	require.NoError(t, checkCertSignature(pki.ValidECDSA.Cert, pki.Intermediate.Cert))
	require.Error(t, checkCertSignature(pki.Valid.Cert, pki.Root.Cert))
	_, err := parseSigAlgorithm([]byte{0x30, 0x03, 0x06, 0x01, 0x00})
	require.Error(t, err)
	_, err = parseSigAlgorithm(nil)
	require.Error(t, err)
	pss, err := parseSigAlgorithm([]byte{0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a})
	require.NoError(t, err)
	require.True(t, pss.pss)
}
