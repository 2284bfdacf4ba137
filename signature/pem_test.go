package signature

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func testCertificate(t *testing.T, cn string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c, key
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func TestParseCertificatesPEM(t *testing.T) {
	a, key := testCertificate(t, "A")
	b, _ := testCertificate(t, "B")
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	tests := []struct {
		name    string
		data    []byte
		want    []string
		wantErr error
	}{
		{"two blocks", append(pemBlock("CERTIFICATE", a.Raw), pemBlock("CERTIFICATE", b.Raw)...), []string{"A", "B"}, nil},
		{"other blocks skipped", append(pemBlock("EC PRIVATE KEY", keyDER), pemBlock("CERTIFICATE", b.Raw)...), []string{"B"}, nil},
		{"DER", a.Raw, []string{"A"}, nil},
		{"no certificate", pemBlock("EC PRIVATE KEY", keyDER), nil, ErrNoCertificate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCertificatesPEM(tt.data)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, c := range got {
				names = append(names, c.Subject.CommonName)
			}
			require.Equal(t, tt.want, names)
		})
	}
	_, err = ParseCertificatesPEM(pemBlock("CERTIFICATE", []byte("junk")))
	require.ErrorContains(t, err, "certificate 1")
	_, err = ParseCertificatesPEM([]byte("junk"))
	require.Error(t, err)
}

func TestParsePrivateKeyPEM(t *testing.T) {
	_, ec := testCertificate(t, "A")
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	sec1, err := x509.MarshalECPrivateKey(ec)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(rsaKey)
	require.NoError(t, err)
	cert, _ := testCertificate(t, "C")
	tests := []struct {
		name    string
		data    []byte
		want    crypto.PublicKey
		wantErr string
	}{
		{"SEC 1", pemBlock("EC PRIVATE KEY", sec1), ec.Public(), ""},
		{"PKCS#8 after a certificate", append(pemBlock("CERTIFICATE", cert.Raw), pemBlock("PRIVATE KEY", pkcs8)...), rsaKey.Public(), ""},
		{"PKCS#1", pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey)), rsaKey.Public(), ""},
		{"encrypted", pemBlock("ENCRYPTED PRIVATE KEY", []byte{1}), nil, "encrypted"},
		{"broken", pemBlock("EC PRIVATE KEY", []byte{1, 2}), nil, "private key"},
		{"none", pemBlock("CERTIFICATE", cert.Raw), nil, ErrNoPrivateKey.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParsePrivateKeyPEM(tt.data)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, k.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(tt.want))
		})
	}
}

func TestParseRevocationMode(t *testing.T) {
	for _, m := range []RevocationMode{PreferOCSP, PreferCRL, Offline, RequireFresh} {
		got, err := ParseRevocationMode(m.String())
		require.NoError(t, err)
		require.Equal(t, m, got)
	}
	_, err := ParseRevocationMode("online")
	require.ErrorContains(t, err, `unknown revocation mode "online"`)
}

func FuzzParsePEM(f *testing.F) {
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"))
	f.Add([]byte{0x30, 0x82, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		if certs, err := ParseCertificatesPEM(data); err == nil && len(certs) == 0 {
			t.Fatal("no error and no certificate")
		}
		if k, err := ParsePrivateKeyPEM(data); err == nil && k == nil {
			t.Fatal("no error and no key")
		}
	})
}
