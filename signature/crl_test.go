package signature

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// makeCRL builds a CRL of ca with n revoked serials (random sizes, some with reason codes).
func makeCRL(t testing.TB, ca *sigtest.CA, now time.Time, n int, extra []pkix.Extension) ([]byte, []x509.RevocationListEntry) {
	rng := mrand.New(mrand.NewPCG(1, uint64(n)))
	entries := make([]x509.RevocationListEntry, n)
	for i := range entries {
		b := make([]byte, 1+rng.IntN(20))
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		s := new(big.Int).SetBytes(b)
		s.Add(s, big.NewInt(int64(i)*7919+1)) // distinct enough; duplicates are allowed by the parser anyway
		entries[i] = x509.RevocationListEntry{SerialNumber: s, RevocationTime: now.Add(-time.Duration(i) * time.Second).UTC().Truncate(time.Second)}
		if i%3 == 0 {
			entries[i].ReasonCode = 1 + i%6
		}
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(42), ThisUpdate: now.Add(-time.Hour), NextUpdate: now.Add(24 * time.Hour),
		RevokedCertificateEntries: entries, ExtraExtensions: extra,
	}, ca.Cert, ca.Key)
	require.NoError(t, err)
	return der, entries
}

func TestParseCRLAgreesWithX509(t *testing.T) {
	pki := sigtest.NewPKI(t)
	der, _ := makeCRL(t, pki.Intermediate, pki.Now, 2000, nil)
	ref, err := x509.ParseRevocationList(der)
	require.NoError(t, err)
	crl, err := ParseCRL(der)
	require.NoError(t, err)
	require.True(t, ref.ThisUpdate.Equal(crl.ThisUpdate))
	require.True(t, ref.NextUpdate.Equal(crl.NextUpdate))
	require.Equal(t, 0, ref.Number.Cmp(crl.Number))
	require.Equal(t, ref.AuthorityKeyId, crl.AuthorityKeyID)
	require.Equal(t, ref.RawIssuer, crl.RawIssuer)
	require.Equal(t, ref.Signature, crl.Signature)
	require.Equal(t, ref.SignatureAlgorithm, crl.SignatureAlgorithm)
	distinct := map[string]bool{}
	for _, e := range ref.RevokedCertificateEntries {
		distinct[e.SerialNumber.String()] = true
		got, ok := crl.LookupSerial(e.SerialNumber)
		require.True(t, ok, e.SerialNumber)
		if first := firstEntry(ref, e.SerialNumber); first == e.RevocationTime {
			require.True(t, got.RevokedAt.Equal(e.RevocationTime))
			require.Equal(t, e.ReasonCode, got.Reason)
		}
	}
	require.Equal(t, len(distinct), crl.Len())
	_, ok := crl.LookupSerial(big.NewInt(-5))
	require.False(t, ok)
	require.NoError(t, crl.CheckIssuer(pki.Intermediate.Cert))
	require.NoError(t, crl.CheckTime(pki.Now, 0))

	// PEM input is accepted too.
	pemCRL, err := ParseCRL(sigtest.CRLPEM(der))
	require.NoError(t, err)
	require.Equal(t, crl.Len(), pemCRL.Len())
}

func firstEntry(ref *x509.RevocationList, s *big.Int) time.Time {
	for _, e := range ref.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(s) == 0 {
			return e.RevocationTime
		}
	}
	return time.Time{}
}

func TestCRLChecks(t *testing.T) {
	pki := sigtest.NewPKI(t)
	now := pki.Now
	good := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{})
	unknownCrit := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 2, 3}, Critical: true, Value: []byte{5, 0}}}})
	delta := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 27}, Critical: true, Value: []byte{2, 1, 1}}}})
	badSig := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{CorruptSignature: true})
	tests := []struct {
		name    string
		der     []byte
		issuer  *x509.Certificate
		at      time.Time
		wantErr string
	}{
		{"good", good, pki.Intermediate.Cert, now, ""},
		{"issuer name mismatch", good, pki.Root.Cert, now, "issuer name does not match"},
		{"bad signature", badSig, pki.Intermediate.Cert, now, "signature does not verify"},
		{"unknown critical extension", unknownCrit, pki.Intermediate.Cert, now, "unknown critical extension 1.2.3"},
		{"delta CRL", delta, pki.Intermediate.Cert, now, "delta CRL"},
		{"stale", good, pki.Intermediate.Cert, now.Add(48 * time.Hour), "stale"},
		{"from the future", good, pki.Intermediate.Cert, now.Add(-48 * time.Hour), "after the validation time"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			crl, err := ParseCRL(tc.der)
			require.NoError(t, err)
			err = crl.CheckIssuer(tc.issuer)
			if err == nil {
				err = crl.CheckTime(tc.at, time.Minute)
			}
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
			var ce *CRLError
			require.True(t, errors.As(err, &ce))
		})
	}
	crl, err := ParseCRL(good)
	require.NoError(t, err)
	require.ErrorIs(t, crl.CheckTime(now.Add(48*time.Hour), 0), ErrCRLStale)

	// AKI mismatch: same name, another key.
	other := pki.Issue(t, sigtest.LeafSpec{CommonName: "x", KeyName: "p256-1"})
	fake := *pki.Intermediate.Cert
	fake.SubjectKeyId = []byte{1, 2, 3}
	fake.PublicKey = other.Cert.PublicKey
	require.ErrorContains(t, crl.CheckIssuer(&fake), "authority key identifier")

	// Garbage.
	for _, bad := range [][]byte{nil, {0x30}, {0x30, 0x03, 0x02, 0x01, 0x01}, good[:len(good)-3], append(append([]byte{}, good...), 0)} {
		_, err := ParseCRL(bad)
		require.Error(t, err)
	}
}

func TestCRLLookupDoesNotAllocate(t *testing.T) {
	pki := sigtest.NewPKI(t)
	der, entries := makeCRL(t, pki.Intermediate, pki.Now, 1000, nil)
	crl, err := ParseCRL(der)
	require.NoError(t, err)
	serial := entries[500].SerialNumber.Bytes()
	if serial[0]&0x80 != 0 {
		serial = append([]byte{0}, serial...)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, ok := crl.Lookup(serial); !ok {
			panic("missing")
		}
		crl.LookupCert(pki.Valid.Cert)
	})
	require.Zero(t, allocs)
}

func FuzzParseCRL(f *testing.F) {
	pki := sigtest.NewPKI(f)
	small, _ := makeCRL(f, pki.Intermediate, pki.Now, 5, nil)
	f.Add(small)
	f.Add(pki.Intermediate.MustCRL(f, pki.Now, sigtest.CRLSpec{}))
	f.Add(pki.Root.MustCRL(f, pki.Now, sigtest.CRLSpec{Revoked: []x509.RevocationListEntry{}}))
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, der []byte) {
		crl, err := ParseCRL(der)
		if err != nil {
			return
		}
		crl.Lookup([]byte{1})
		crl.LookupCert(pki.Valid.Cert)
		_ = crl.CheckIssuer(pki.Intermediate.Cert)
		_ = crl.CheckTime(pki.Now, 0)
		// Whatever we accept, crypto/x509 must not see more distinct serials than we indexed.
		if ref, err := x509.ParseRevocationList(der); err == nil {
			distinct := map[string]bool{}
			for _, e := range ref.RevokedCertificateEntries {
				distinct[e.SerialNumber.String()] = true
			}
			if len(distinct) != crl.Len() {
				t.Fatalf("x509 sees %d serials, egov %d", len(distinct), crl.Len())
			}
		}
	})
}

// crlBenchFile generates a CRL of n entries into a temp dir (never committed) and returns its bytes.
func crlBenchFile(b *testing.B, n int) []byte {
	b.Helper()
	pki := sigtest.NewPKI(b)
	der, _ := makeCRL(b, pki.Intermediate, pki.Now, n, nil)
	path := filepath.Join(b.TempDir(), "big.crl")
	require.NoError(b, os.WriteFile(path, der, 0o600))
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	return data
}

// BenchmarkCRLParse1M loads and indexes a 1,000,000-entry CRL with egov's parser and with
// x509.ParseRevocationList in the same run (compare ns/op and B/op).
func BenchmarkCRLParse1M(b *testing.B) {
	der := crlBenchFile(b, 1_000_000)
	b.Run("egov", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(der)))
		for b.Loop() {
			crl, err := ParseCRL(der)
			if err != nil || crl.Len() == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("x509", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(der)))
		for b.Loop() {
			crl, err := x509.ParseRevocationList(der)
			if err != nil || len(crl.RevokedCertificateEntries) == 0 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCRLLookup measures a serial lookup in a 1,000,000-entry CRL (0 allocs/op expected).
func BenchmarkCRLLookup(b *testing.B) {
	pki := sigtest.NewPKI(b)
	der, entries := makeCRL(b, pki.Intermediate, pki.Now, 1_000_000, nil)
	crl, err := ParseCRL(der)
	require.NoError(b, err)
	serials := make([][]byte, 1024)
	for i := range serials {
		s := entries[i*977].SerialNumber.Bytes()
		if s[0]&0x80 != 0 {
			s = append([]byte{0}, s...)
		}
		serials[i] = s
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := crl.Lookup(serials[i&1023]); !ok {
			b.Fatal("missing")
		}
		i++
	}
}

func TestCRLScopeAndEntryExtensions(t *testing.T) {
	pki := sigtest.NewPKI(t)
	// issuingDistributionPoint: distributionPoint fullName URI http://other.example/x.crl, onlyContainsCACerts.
	uri := "http://other.example/x.crl"
	idp := append([]byte{0x30, byte(len(uri) + 6), 0xa0, byte(len(uri) + 4), 0xa0, byte(len(uri) + 2), 0x86, byte(len(uri))}, uri...)
	otherScope := pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 28}, Critical: true, Value: idp}}})
	crl, err := ParseCRL(otherScope)
	require.NoError(t, err)
	require.Equal(t, []string{uri}, crl.DistributionPoints)
	require.NoError(t, crl.CheckIssuer(pki.Intermediate.Cert))
	require.False(t, crl.covers(pki.Valid.Cert))
	caOnly := []byte{0x30, 0x03, 0x82, 0x01, 0xff}
	crl2, err := ParseCRL(pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 28}, Critical: true, Value: caOnly}}}))
	require.NoError(t, err)
	require.True(t, crl2.OnlyCACerts)
	require.False(t, crl2.covers(pki.Valid.Cert))
	require.True(t, crl2.covers(pki.Intermediate.Cert))

	// The pipeline ignores an out-of-scope CRL: nothing else → TRY_LATER.
	o := testOptions(t, pki)
	o.CRLs = [][]byte{otherScope, pki.Root.MustCRL(t, pki.Now, sigtest.CRLSpec{})}
	r := o.validate(t.Context(), testEvidence(pki.Valid, pki.Now))
	requireVerdict(t, r, Indeterminate, TryLater)

	// An unknown critical entry extension makes the CRL unusable.
	withEntryExt := pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{Revoked: []x509.RevocationListEntry{{
		SerialNumber: big.NewInt(77), RevocationTime: pki.Now.Add(-time.Hour),
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 2, 3, 4}, Critical: true, Value: []byte{5, 0}}},
	}}})
	crl3, err := ParseCRL(withEntryExt)
	require.NoError(t, err)
	require.NotEmpty(t, crl3.Unsupported)
	require.ErrorContains(t, crl3.CheckIssuer(pki.Intermediate.Cert), "unknown critical entry extension")
	e, ok := crl3.LookupSerial(big.NewInt(77))
	require.True(t, ok)
	require.True(t, e.RevokedAt.Equal(pki.Now.Add(-time.Hour)))
}
