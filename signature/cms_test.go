package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature/sigtest"
)

// signCMSForTest signs content with SignCMS and fails the test on error.
func signCMSForTest(t testing.TB, content []byte, leaf *sigtest.Leaf, opts CMSSignOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, SignCMS(context.Background(), &out, bytes.NewReader(content), leaf.Key, leaf.Chain, opts))
	return out.Bytes()
}

// cmsTestOptions trusts the PKI's root offline, with its current CRLs supplied, at the PKI's time.
func cmsTestOptions(t testing.TB, p *sigtest.PKI) VerifyOptions {
	t.Helper()
	store, err := NewTrustStore(Anchor{Name: "sigtest", Certificate: p.Root.Cert})
	require.NoError(t, err)
	return VerifyOptions{
		Roots:      store,
		Revocation: Offline,
		At:         p.Now,
		CRLs:       [][]byte{p.Intermediate.MustCRL(t, p.Now, sigtest.CRLSpec{}), p.Root.MustCRL(t, p.Now, sigtest.CRLSpec{})},
	}
}

func TestCMSEvidenceFromSignCMS(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Quyết định số 12/QĐ-UBND về việc phê duyệt kế hoạch chuyển đổi số năm 2026.\n")
	signingTime := p.Now.Add(-time.Hour)
	tests := []struct {
		name     string
		leaf     *sigtest.Leaf
		opts     CMSSignOptions
		wantHash crypto.Hash
		wantPSS  bool
		wantKey  x509.PublicKeyAlgorithm
	}{
		{"rsa attached", p.Valid, CMSSignOptions{}, crypto.SHA256, false, x509.RSA},
		{"rsa detached", p.Valid, CMSSignOptions{Detached: true}, crypto.SHA256, false, x509.RSA},
		{"rsa pss detached", p.Valid, CMSSignOptions{Detached: true, RSAPSS: true}, crypto.SHA256, true, x509.RSA},
		{"rsa sha512 pem", p.Valid, CMSSignOptions{Hash: crypto.SHA512, PEM: true}, crypto.SHA512, false, x509.RSA},
		{"ecdsa detached", p.ValidECDSA, CMSSignOptions{Detached: true}, crypto.SHA256, false, x509.ECDSA},
		{"ecdsa sha384 attached", p.ValidECDSA, CMSSignOptions{Hash: crypto.SHA384}, crypto.SHA384, false, x509.ECDSA},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.SigningTime = signingTime
			sig := signCMSForTest(t, content, tc.leaf, tc.opts)
			if tc.opts.PEM {
				require.True(t, bytes.HasPrefix(sig, []byte("-----BEGIN PKCS7-----")))
			}
			var detached *bytes.Reader
			if tc.opts.Detached {
				detached = bytes.NewReader(content)
			}
			opts := cmsTestOptions(t, p)
			evs, err := opts.cmsEvidence(context.Background(), sig, readerOrNil(detached))
			require.NoError(t, err)
			require.Len(t, evs, 1)
			ev := evs[0]
			require.NoError(t, ev.FormatErr)
			require.NoError(t, ev.HashErr)
			require.NoError(t, ev.SignatureErr)
			require.Equal(t, "#1", ev.ID)
			require.NotNil(t, ev.SignerCert)
			require.True(t, ev.SignerCert.Equal(tc.leaf.Cert))
			require.Len(t, ev.Certificates, len(tc.leaf.Chain))
			require.True(t, ev.SigningTime.Equal(signingTime), "signing time %v", ev.SigningTime)
			require.Nil(t, ev.Timestamp)
			require.True(t, ev.Scope.WholeDocument)
			wantRef := ScopeEncapsulatedContent
			if tc.opts.Detached {
				wantRef = ScopeDetachedContent
			}
			require.Equal(t, []string{wantRef}, ev.Scope.References)
			var sigUse *AlgorithmUse
			for i := range ev.Algorithms {
				if ev.Algorithms[i].Purpose == "signature" {
					sigUse = &ev.Algorithms[i]
				}
			}
			require.NotNil(t, sigUse)
			require.Equal(t, tc.wantHash, sigUse.Hash)
			require.Equal(t, tc.wantPSS, sigUse.PSS)
			require.Equal(t, tc.wantKey, sigUse.PublicKey)
			require.Positive(t, sigUse.KeyBits)
		})
	}
}

// readerOrNil keeps a nil *bytes.Reader from becoming a non-nil io.Reader.
func readerOrNil(r *bytes.Reader) io.Reader {
	if r == nil {
		return nil
	}
	return r
}

func TestCMSEvidenceFailures(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Văn bản gốc")
	detached := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true, SigningTime: p.Now})
	attached := signCMSForTest(t, content, p.Valid, CMSSignOptions{SigningTime: p.Now})

	flipLast := func(b []byte, marker []byte) []byte {
		// Flips a bit of the last byte of the last occurrence of marker.
		out := bytes.Clone(b)
		i := bytes.LastIndex(out, marker)
		require.GreaterOrEqual(t, i, 0)
		out[i+len(marker)-1] ^= 0x01
		return out
	}
	cert := p.Valid.Cert
	tests := []struct {
		name    string
		sig     []byte
		content []byte
		check   func(t *testing.T, ev *evidence)
	}{
		{"content changed", detached, []byte("Văn bản đã sửa"), func(t *testing.T, ev *evidence) {
			require.Error(t, ev.HashErr)
			require.NoError(t, ev.FormatErr)
		}},
		{"attached content changed", flipLast(attached, content), nil, func(t *testing.T, ev *evidence) {
			require.Error(t, ev.HashErr)
		}},
		{"signature value changed", flipSignatureValue(t, detached), content, func(t *testing.T, ev *evidence) {
			require.NoError(t, ev.HashErr)
			require.Error(t, ev.SignatureErr)
		}},
		{"signed attribute changed", flipLast(detached, cert.SerialNumber.Bytes()), content, func(t *testing.T, ev *evidence) {
			// The serial inside signingCertificateV2 no longer names the signer: it is not identified.
			require.Nil(t, ev.SignerCert)
			require.NoError(t, ev.FormatErr)
		}},
		{"garbage", []byte("not a signature"), nil, func(t *testing.T, ev *evidence) {
			require.ErrorIs(t, ev.FormatErr, errCMS)
		}},
		{"truncated", detached[:len(detached)-10], content, func(t *testing.T, ev *evidence) {
			require.ErrorIs(t, ev.FormatErr, errCMS)
		}},
		{"wrong PEM type", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: detached}), content, func(t *testing.T, ev *evidence) {
			require.ErrorIs(t, ev.FormatErr, errCMS)
		}},
		{"signer certificate missing", dropCertificates(t, detached), content, func(t *testing.T, ev *evidence) {
			require.Nil(t, ev.SignerCert)
			require.NoError(t, ev.FormatErr)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := cmsTestOptions(t, p)
			var r *bytes.Reader
			if tc.content != nil {
				r = bytes.NewReader(tc.content)
			}
			evs, err := opts.cmsEvidence(context.Background(), tc.sig, readerOrNil(r))
			require.NoError(t, err)
			require.Len(t, evs, 1)
			tc.check(t, evs[0])
		})
	}
}

func TestCMSEvidenceMisuse(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("x")
	detached := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true})
	attached := signCMSForTest(t, content, p.Valid, CMSSignOptions{})
	opts := cmsTestOptions(t, p)
	ctx := context.Background()

	rep, err := VerifyCMS(ctx, detached, nil, opts)
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	require.Equal(t, Indeterminate, rep.Signatures[0].Indication)
	require.Equal(t, SignedDataNotFound, rep.Signatures[0].SubIndication)
	require.ErrorIs(t, rep.Signatures[0].Err, ErrDetachedContentMissing)
	require.NotNil(t, rep.Signatures[0].Signer)
	_, err = VerifyCMS(ctx, attached, bytes.NewReader(content), opts)
	require.ErrorIs(t, err, ErrContentTwice)

	small := opts
	small.MaxSize = 10
	_, err = VerifyCMS(ctx, detached, bytes.NewReader(content), small)
	require.ErrorContains(t, err, "exceeds the limit")
	small.MaxSize = int64(len(detached)) + 1
	_, err = VerifyCMS(ctx, detached, strings.NewReader(strings.Repeat("a", len(detached)+5)), small)
	require.ErrorContains(t, err, "detached content exceeds")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = VerifyCMS(cancelled, detached, bytes.NewReader(content), opts)
	require.ErrorIs(t, err, context.Canceled)

	broken := errors.New("disk on fire")
	_, err = VerifyCMS(ctx, detached, failingReader{broken}, opts)
	require.ErrorIs(t, err, broken)
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestCMSSeveralSignerInfos(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Tờ trình có hai chữ ký: người soạn và lãnh đạo duyệt")
	a := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-2 * time.Hour)})
	b := signCMSForTest(t, content, p.ValidECDSA, CMSSignOptions{Detached: true, Hash: crypto.SHA384, SigningTime: p.Now.Add(-time.Hour)})
	c := signCMSForTest(t, content, p.Revoked, CMSSignOptions{Detached: true, SigningTime: p.Now})
	merged := mergeSignedData(t, a, b, c)
	opts := cmsTestOptions(t, p)
	evs, err := opts.cmsEvidence(context.Background(), merged, bytes.NewReader(content))
	require.NoError(t, err)
	require.Len(t, evs, 3)
	for i, want := range []*sigtest.Leaf{p.Valid, p.ValidECDSA, p.Revoked} {
		require.NoError(t, evs[i].FormatErr)
		require.NoError(t, evs[i].HashErr)
		require.NoError(t, evs[i].SignatureErr)
		require.True(t, evs[i].SignerCert.Equal(want.Cert), "signer %d", i)
	}
	require.Equal(t, []string{"#1", "#2", "#3"}, []string{evs[0].ID, evs[1].ID, evs[2].ID})
}

func TestCMSSignCMSErrors(t *testing.T) {
	p := sigtest.NewPKI(t)
	ctx := context.Background()
	var out bytes.Buffer
	require.ErrorContains(t, SignCMS(ctx, &out, strings.NewReader("x"), p.Valid.Key, nil, CMSSignOptions{}), "certificate is required")
	require.ErrorContains(t, SignCMS(ctx, &out, strings.NewReader("x"), p.Valid.Key, p.ValidECDSA.Chain, CMSSignOptions{}), "does not match")
	require.ErrorContains(t, SignCMS(ctx, &out, strings.NewReader("x"), p.Valid.Key, p.Valid.Chain, CMSSignOptions{Hash: crypto.SHA1}), "unsupported hash")
	notSeekable := io.MultiReader(strings.NewReader("too long"))
	require.ErrorContains(t, SignCMS(ctx, &out, notSeekable, p.Valid.Key, p.Valid.Chain, CMSSignOptions{MaxAttachedContent: 3}), "exceeds")
	var partial bytes.Buffer
	require.ErrorContains(t, SignCMS(ctx, &partial, &changingSource{data: []byte("first pass")}, p.Valid.Key, p.Valid.Chain, CMSSignOptions{}), "content changed")
	require.ErrorContains(t, SignCMS(ctx, &out, strings.NewReader("x"), p.Valid.Key, p.Valid.Chain, CMSSignOptions{TSAURL: "http://127.0.0.1:1/tsa"}), "time-stamp")
	require.Zero(t, out.Len(), "nothing is written on failure")
}

// flipSignatureValue changes one bit of the first SignerInfo's signature value.
func flipSignatureValue(t testing.TB, der []byte) []byte {
	t.Helper()
	sd, err := parseContentInfoSignedData(der)
	require.NoError(t, err)
	sig := sd.Signers[0].Signature
	out := bytes.Clone(der)
	i := bytes.Index(out, sig)
	require.GreaterOrEqual(t, i, 0)
	out[i+len(sig)/2] ^= 0x80
	return out
}

// signedDataParts returns the raw fields of a DER ContentInfo{SignedData}.
type signedDataParts struct {
	version, digestAlgs, encap, certs, crls, signers cryptobyte.String
}

func splitSignedData(t testing.TB, der []byte) signedDataParts {
	t.Helper()
	in := cryptobyte.String(der)
	var ci, explicit, sd cryptobyte.String
	var parts signedDataParts
	require.True(t, in.ReadASN1(&ci, cbasn1.SEQUENCE))
	require.True(t, ci.SkipASN1(cbasn1.OBJECT_IDENTIFIER))
	require.True(t, ci.ReadASN1(&explicit, cbasn1.Tag(0).Constructed().ContextSpecific()))
	require.True(t, explicit.ReadASN1(&sd, cbasn1.SEQUENCE))
	require.True(t, sd.ReadASN1Element(&parts.version, cbasn1.INTEGER))
	require.True(t, sd.ReadASN1(&parts.digestAlgs, cbasn1.SET))
	require.True(t, sd.ReadASN1Element(&parts.encap, cbasn1.SEQUENCE))
	var present bool
	require.True(t, sd.ReadOptionalASN1(&parts.certs, &present, cbasn1.Tag(0).Constructed().ContextSpecific()))
	require.True(t, sd.ReadOptionalASN1(&parts.crls, &present, cbasn1.Tag(1).Constructed().ContextSpecific()))
	require.True(t, sd.ReadASN1(&parts.signers, cbasn1.SET))
	return parts
}

func (parts signedDataParts) build(t testing.TB) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddBytes(parts.version)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(parts.digestAlgs) })
				b.AddBytes(parts.encap)
				if len(parts.certs) > 0 {
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(parts.certs) })
				}
				if len(parts.crls) > 0 {
					b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(parts.crls) })
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(parts.signers) })
			})
		})
	})
	out, err := b.Bytes()
	require.NoError(t, err)
	return out
}

// mergeSignedData joins the SignerInfos, digest algorithms and certificates of detached signatures over the
// same content into one SignedData, as a co-signing tool would.
func mergeSignedData(t testing.TB, sigs ...[]byte) []byte {
	t.Helper()
	var merged signedDataParts
	for i, s := range sigs {
		parts := splitSignedData(t, s)
		if i == 0 {
			merged = parts
			merged.digestAlgs = bytes.Clone(parts.digestAlgs)
			merged.certs = bytes.Clone(parts.certs)
			merged.signers = bytes.Clone(parts.signers)
			continue
		}
		if !bytes.Contains(merged.digestAlgs, parts.digestAlgs) {
			merged.digestAlgs = append(merged.digestAlgs, parts.digestAlgs...)
		}
		merged.certs = append(merged.certs, parts.certs...)
		merged.signers = append(merged.signers, parts.signers...)
	}
	return merged.build(t)
}

// dropCertificates removes the embedded certificates.
func dropCertificates(t testing.TB, der []byte) []byte {
	t.Helper()
	parts := splitSignedData(t, der)
	parts.certs = nil
	return parts.build(t)
}

// TestVerifyCMSVerdicts runs SignCMS signatures of every sigtest signer through VerifyCMS and the shared
// pipeline, with and without an RFC 3161 signature time stamp from the PKI's TSA.
func TestVerifyCMSVerdicts(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Báo cáo tháng 11/2026")
	tests := []struct {
		name string
		leaf *sigtest.Leaf
		ind  Indication
		sub  SubIndication
	}{
		{"valid RSA", p.Valid, TotalPassed, ""},
		{"valid ECDSA", p.ValidECDSA, TotalPassed, ""},
		{"revoked", p.Revoked, TotalFailed, Revoked},
		{"expired", p.Expired, TotalFailed, Expired},
		{"not yet valid", p.NotYetValid, TotalFailed, NotYetValid},
		{"wrong key usage", p.WrongKeyUsage, Indeterminate, ChainConstraintsFailure},
	}
	for _, tc := range tests {
		for _, stamped := range []bool{false, true} {
			name := tc.name
			if stamped {
				name += " time-stamped"
			}
			t.Run(name, func(t *testing.T) {
				opts := CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-time.Minute)}
				if stamped {
					opts.TSAURL, opts.HTTPClient = p.TSA.URL, &http.Client{Timeout: 5 * time.Second}
				}
				sig := signCMSForTest(t, content, tc.leaf, opts)
				rep, err := VerifyCMS(context.Background(), sig, bytes.NewReader(content), cmsTestOptions(t, p))
				require.NoError(t, err)
				require.Len(t, rep.Signatures, 1)
				s := rep.Signatures[0]
				require.Equal(t, tc.ind, s.Indication, "%v", s.Err)
				require.Equal(t, tc.sub, s.SubIndication)
				require.Equal(t, tc.ind, rep.Indication())
				require.Equal(t, stamped, s.TimestampTime != nil, "time stamp used as proof of existence")
				require.NotNil(t, s.SigningTime)
				require.True(t, s.SigningTime.Equal(opts.SigningTime.Truncate(time.Second)))
				require.Equal(t, []string{ScopeDetachedContent}, s.Scope.References)
			})
		}
	}
}

// TestVerifyCMSUntrustedTimestamp: a time stamp from a TSA outside the trust store is reported and ignored;
// the signature is still judged at its claimed signing time.
func TestVerifyCMSUntrustedTimestamp(t *testing.T) {
	p := sigtest.NewPKI(t)
	// A self-signed TSA certificate with a fresh key: nothing in the trust store vouches for it.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "rogue TSA"},
		NotBefore: p.Now.Add(-time.Hour), NotAfter: p.Now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	rogue := &sigtest.TSA{Cert: cert, Key: key, Chain: []*x509.Certificate{cert}, Policy: p.TSA.Policy}
	srv := httptest.NewServer(rogue)
	t.Cleanup(srv.Close)
	content := []byte("x")
	sig := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true, TSAURL: srv.URL,
		HTTPClient: &http.Client{Timeout: 5 * time.Second}, SigningTime: p.Now})
	rep, err := VerifyCMS(context.Background(), sig, bytes.NewReader(content), cmsTestOptions(t, p))
	require.NoError(t, err)
	s := rep.Signatures[0]
	require.Equal(t, TotalPassed, s.Indication, "%v", s.Err)
	require.Nil(t, s.TimestampTime)
	require.True(t, slices.ContainsFunc(s.Messages, func(m diag.Diagnostic) bool {
		return strings.HasPrefix(m.Code, "SIG-TS-") && m.Severity == diag.Warning
	}))
}

// TestVerifyCMSEmbeddedValidationMaterial: CRLs and OCSP responses embedded in the SignedData
// (RevocationInfoChoices, RFC 5940) or in CAdES certificate-values/revocation-values attributes are used,
// so that the signature verifies offline with nothing supplied by the caller.
func TestVerifyCMSEmbeddedValidationMaterial(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Hồ sơ lưu trữ dài hạn")
	sig := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-time.Minute)})
	interCRL := p.Intermediate.MustCRL(t, p.Now, sigtest.CRLSpec{})
	rootCRL := p.Root.MustCRL(t, p.Now, sigtest.CRLSpec{})
	ocspResp := p.OCSPResponse(t, p.Valid.Cert, sigtest.OCSPDelegated)

	// RevocationInfoChoices: a CRL and an "other" id-ri-ocsp-response.
	parts := splitSignedData(t, sig)
	var b cryptobyte.Builder
	b.AddBytes(interCRL)
	b.AddBytes(rootCRL)
	b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidRIOCSPResponse)
		b.AddBytes(ocspResp)
	})
	parts.crls = b.BytesOrPanic()
	inSignedData := parts.build(t)

	// CAdES attributes: the intermediate in certificate-values, the CRLs and the basic OCSP response in
	// revocation-values; the SignedData itself carries only the signer's certificate.
	sd, err := parseContentInfoSignedData(sig)
	require.NoError(t, err)
	s := sd.Signers[0]
	basic := basicOCSPFromResponse(t, ocspResp)
	var cv, rv cryptobyte.Builder
	cv.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddBytes(p.Intermediate.Cert.Raw) })
	rv.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddBytes(interCRL); b.AddBytes(rootCRL) })
		})
		b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddBytes(basic) })
		})
	})
	certValues, err := marshalAttribute(oidAttrCertValues, cv.BytesOrPanic())
	require.NoError(t, err)
	revValues, err := marshalAttribute(oidAttrRevocationValues, rv.BytesOrPanic())
	require.NoError(t, err)
	inAttributes, err := marshalSignedData(crypto.SHA256, s.SigAlg, nil, true, p.Valid.Chain[:1], s.SignedAttrsRaw, s.Signature,
		[][]byte{certValues, revValues})
	require.NoError(t, err)

	for name, der := range map[string][]byte{"RevocationInfoChoices": inSignedData, "CAdES attributes": inAttributes} {
		t.Run(name, func(t *testing.T) {
			store, err := NewTrustStore(Anchor{Name: "sigtest", Certificate: p.Root.Cert})
			require.NoError(t, err)
			opts := VerifyOptions{Roots: store, Revocation: Offline, At: p.Now}
			evs, err := opts.cmsEvidence(context.Background(), der, bytes.NewReader(content))
			require.NoError(t, err)
			require.Len(t, evs[0].CRLs, 2)
			require.Len(t, evs[0].OCSPs, 1)
			require.Len(t, evs[0].Certificates, 2)
			rep, err := VerifyCMS(context.Background(), der, bytes.NewReader(content), opts)
			require.NoError(t, err)
			sr := rep.Signatures[0]
			require.Equal(t, TotalPassed, sr.Indication, "%v", sr.Err)
			require.NotNil(t, sr.Revocation)
			require.Equal(t, StatusGood, sr.Revocation.Status)
			require.Equal(t, SourceEmbedded, sr.Revocation.Source)
		})
	}
}

// basicOCSPFromResponse extracts the BasicOCSPResponse from an OCSPResponse.
func basicOCSPFromResponse(t testing.TB, der []byte) []byte {
	t.Helper()
	in := cryptobyte.String(der)
	var resp, rb, rbSeq, basic cryptobyte.String
	require.True(t, in.ReadASN1(&resp, cbasn1.SEQUENCE))
	require.True(t, resp.SkipASN1(cbasn1.ENUM))
	require.True(t, resp.ReadASN1(&rb, cbasn1.Tag(0).Constructed().ContextSpecific()))
	require.True(t, rb.ReadASN1(&rbSeq, cbasn1.SEQUENCE))
	require.True(t, rbSeq.SkipASN1(cbasn1.OBJECT_IDENTIFIER))
	require.True(t, rbSeq.ReadASN1(&basic, cbasn1.OCTET_STRING))
	return basic
}

// patternReader yields n bytes of a repeating pattern without holding them.
type patternReader struct {
	n   int64
	off int64
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n-r.off {
		p = p[:r.n-r.off]
	}
	for i := range p {
		p[i] = byte('a' + (r.off+int64(i))%23)
	}
	r.off += int64(len(p))
	return len(p), nil
}

// TestCMSDetachedContentIsStreamed: signing and verifying 16 MiB of detached content allocate a small
// fraction of it; the content is streamed through the digest, never held.
func TestCMSDetachedContentIsStreamed(t *testing.T) {
	p := sigtest.NewPKI(t)
	const size = 16 << 20
	opts := cmsTestOptions(t, p)
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var sig bytes.Buffer
	require.NoError(t, SignCMS(ctx, &sig, &patternReader{n: size}, p.Valid.Key, p.Valid.Chain, CMSSignOptions{Detached: true, SigningTime: p.Now}))
	rep, err := VerifyCMS(ctx, sig.Bytes(), &patternReader{n: size}, opts)
	require.NoError(t, err)
	runtime.ReadMemStats(&after)
	require.Equal(t, TotalPassed, rep.Signatures[0].Indication, "%v", rep.Signatures[0].Err)
	allocated := after.TotalAlloc - before.TotalAlloc
	require.Less(t, allocated, uint64(size/8), "signing and verifying allocated %d bytes for %d bytes of content", allocated, size)

	rep, err = VerifyCMS(ctx, sig.Bytes(), &patternReader{n: size + 1}, opts)
	require.NoError(t, err)
	require.Equal(t, HashFailure, rep.Signatures[0].SubIndication)
}

// changingSource is a seekable source whose bytes change after the first read pass, like a file rewritten
// while it is being signed.
type changingSource struct {
	data   []byte
	off    int64
	passes int
}

func (c *changingSource) Read(p []byte) (int, error) {
	if c.off >= int64(len(c.data)) {
		return 0, io.EOF
	}
	n := copy(p, c.data[c.off:])
	c.off += int64(n)
	return n, nil
}

func (c *changingSource) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		c.passes++
		if c.passes > 0 {
			c.data = bytes.ToUpper(c.data)
		}
		c.off = off
	}
	return c.off, nil
}

// TestSignCMSAttachedStreaming: attached content from a seekable source is streamed twice (digest, then
// copy) instead of being held, whatever its size; the PEM output is streamed too and reads back.
func TestSignCMSAttachedStreaming(t *testing.T) {
	p := sigtest.NewPKI(t)
	const size = 16 << 20
	file := filepath.Join(t.TempDir(), "big.bin")
	f, err := os.Create(file)
	require.NoError(t, err)
	_, err = io.Copy(f, &patternReader{n: size})
	require.NoError(t, err)
	require.NoError(t, f.Close())
	for _, asPEM := range []bool{false, true} {
		src, err := os.Open(file)
		require.NoError(t, err)
		out, err := os.Create(filepath.Join(t.TempDir(), "big.p7m"))
		require.NoError(t, err)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err = SignCMS(context.Background(), out, src, p.Valid.Key, p.Valid.Chain, CMSSignOptions{SigningTime: p.Now, PEM: asPEM, MaxAttachedContent: 1 << 20})
		runtime.ReadMemStats(&after)
		require.NoError(t, err)
		require.NoError(t, src.Close())
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(size/8), "attached signing allocated %d bytes", after.TotalAlloc-before.TotalAlloc)
		require.NoError(t, out.Close())

		sig, err := os.ReadFile(out.Name())
		require.NoError(t, err)
		if asPEM {
			block, rest := pem.Decode(sig)
			require.NotNil(t, block)
			require.Empty(t, rest)
			require.Equal(t, "PKCS7", block.Type)
		}
		opts := cmsTestOptions(t, p)
		rep, err := VerifyCMS(context.Background(), sig, nil, opts)
		require.NoError(t, err)
		require.Equal(t, TotalPassed, rep.Signatures[0].Indication, "%v", rep.Signatures[0].Err)
	}
}

// TestSignCMSOutputPathsAgree: the in-memory path (a reader that cannot seek), the streamed path (a seekable
// source) and the streamed PEM writer produce the same bytes (RSA PKCS#1 v1.5 signatures are deterministic).
func TestSignCMSOutputPathsAgree(t *testing.T) {
	p := sigtest.NewPKI(t)
	for _, size := range []int{0, 1, 127, 128, 300, 70000} {
		content := bytes.Repeat([]byte{'v'}, size)
		sign := func(r io.Reader, asPEM bool) []byte {
			var out bytes.Buffer
			require.NoError(t, SignCMS(context.Background(), &out, r, p.Valid.Key, p.Valid.Chain, CMSSignOptions{SigningTime: p.Now, PEM: asPEM}))
			return out.Bytes()
		}
		streamed := sign(bytes.NewReader(content), false)
		held := sign(io.MultiReader(bytes.NewReader(content)), false)
		require.Equal(t, held, streamed, "size %d", size)
		require.Equal(t, string(pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: held})), string(sign(bytes.NewReader(content), true)), "size %d", size)
		sd, err := parseContentInfoSignedData(streamed)
		require.NoError(t, err, "size %d", size)
		require.Equal(t, content, nonNil(sd.EContent))
	}
}

// TestVerifyCMSPolicyRequiringTimestamp: under a policy that demands a time stamp (NĐ 68/2024 Điều 29 for
// documents a law requires to be time-stamped), a time-stamped signature passes (its token is not itself
// required to carry one) and an unstamped one lacks proof of existence.
func TestVerifyCMSPolicyRequiringTimestamp(t *testing.T) {
	p := sigtest.NewPKI(t)
	content := []byte("Văn bản phải gắn dấu thời gian")
	strict := *DefaultPolicies().ByName("current")
	strict.RequireTimestamp = true
	for _, stamped := range []bool{true, false} {
		opts := CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-time.Minute)}
		if stamped {
			opts.TSAURL, opts.HTTPClient = p.TSA.URL, &http.Client{Timeout: 5 * time.Second}
		}
		sig := signCMSForTest(t, content, p.Valid, opts)
		vopts := cmsTestOptions(t, p)
		vopts.Policy = &strict
		rep, err := VerifyCMS(context.Background(), sig, bytes.NewReader(content), vopts)
		require.NoError(t, err)
		s := rep.Signatures[0]
		if stamped {
			require.Equal(t, TotalPassed, s.Indication, "%v", s.Err)
			require.NotNil(t, s.TimestampTime)
		} else {
			require.Equal(t, Indeterminate, s.Indication)
			require.Equal(t, NoPOE, s.SubIndication)
		}
	}
}
