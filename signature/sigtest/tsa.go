package sigtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers of RFC 3161, RFC 5652 and RFC 5035.
var (
	OIDTSTInfo              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	OIDSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	OIDContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	OIDMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	OIDSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA1                 = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
)

// TSA is an RFC 3161 time-stamping authority stub. Its HTTP handler answers application/timestamp-query
// requests with application/timestamp-reply; Token makes a token directly. Tokens are SignedData with
// eContentType id-ct-TSTInfo, signed attributes contentType, messageDigest and signingCertificateV2, and the
// TSA certificate embedded (always, whatever certReq says, which RFC 3161 allows).
type TSA struct {
	Cert   *x509.Certificate   // TSA certificate (EKU timeStamping, critical)
	Key    crypto.Signer       // its key
	Chain  []*x509.Certificate // Cert and its issuing CA
	URL    string              // where the PKI serves it
	Policy asn1.ObjectIdentifier

	mu     sync.Mutex
	at     time.Time // fixed genTime, zero = time.Now()
	serial int64
	fail   bool
}

// SetTime fixes the genTime of the following tokens (zero returns to the current time).
func (t *TSA) SetTime(at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.at = at
}

// SetFailing makes the HTTP handler answer with PKIStatus rejection (2).
func (t *TSA) SetFailing(fail bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fail = fail
}

// hashOIDs maps the supported message-imprint digests.
var hashOIDs = []struct {
	oid asn1.ObjectIdentifier
	h   crypto.Hash
}{{oidSHA1, crypto.SHA1}, {oidSHA256, crypto.SHA256}, {oidSHA384, crypto.SHA384}, {oidSHA512, crypto.SHA512}}

func hashOID(h crypto.Hash) (asn1.ObjectIdentifier, bool) {
	for _, e := range hashOIDs {
		if e.h == h {
			return e.oid, true
		}
	}
	return nil, false
}

// Token returns a DER time-stamp token (a ContentInfo with SignedData) over digest, computed with h, with
// the optional nonce.
func (t *TSA) Token(h crypto.Hash, digest []byte, nonce *big.Int) ([]byte, error) {
	hOID, ok := hashOID(h)
	if !ok || len(digest) != h.Size() {
		return nil, fmt.Errorf("sigtest: TSA: unsupported message imprint (%v, %d bytes)", h, len(digest))
	}
	t.mu.Lock()
	t.serial++
	serial := t.serial
	genTime := t.at
	t.mu.Unlock()
	if genTime.IsZero() {
		genTime = time.Now()
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1ObjectIdentifier(t.Policy)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hOID) })
			b.AddASN1OctetString(digest)
		})
		b.AddASN1Int64(serial)
		b.AddASN1GeneralizedTime(genTime.UTC().Truncate(time.Second))
		if nonce != nil {
			b.AddASN1BigInt(nonce)
		}
	})
	tst, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: TSA: %w", err)
	}
	return SignedData(OIDTSTInfo, tst, t.Cert, t.Key, t.Chain, nil)
}

// SignedData builds a DER ContentInfo with a CMS SignedData (RFC 5652) over content of type eContentType,
// signed by cert/key with SHA-256 and signed attributes contentType, messageDigest and
// signingCertificateV2, embedding certs. extraAttrs are further DER-encoded signed Attribute values.
func SignedData(eContentType asn1.ObjectIdentifier, content []byte, cert *x509.Certificate, key crypto.Signer, certs []*x509.Certificate, extraAttrs [][]byte) ([]byte, error) {
	md := sha256.Sum256(content)
	certHash := sha256.Sum256(cert.Raw)
	attr := func(oid asn1.ObjectIdentifier, value func(*cryptobyte.Builder)) []byte {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
		return b.BytesOrPanic()
	}
	attrs := [][]byte{
		attr(OIDContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(eContentType) }),
		attr(OIDMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(md[:]) }),
		attr(OIDSigningCertificateV2, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2, SHA-256 default
						b.AddASN1OctetString(certHash[:])
					})
				})
			})
		}),
	}
	attrs = append(attrs, extraAttrs...)
	slices.SortFunc(attrs, bytes.Compare) // DER SET OF order
	var set cryptobyte.Builder
	set.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, a := range attrs {
			b.AddBytes(a)
		}
	})
	signedAttrs, err := set.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: signed attributes: %w", err)
	}
	d := sha256.Sum256(signedAttrs)
	sig, err := key.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("sigtest: sign: %w", err)
	}
	sigAlg := oidRSAEncryption
	if _, ok := key.Public().(*ecdsa.PublicKey); ok {
		sigAlg = oidECDSAWithSHA256
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo
		b.AddASN1ObjectIdentifier(OIDSignedData)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData
				b.AddASN1Int64(3)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidSHA256) })
				})
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // EncapsulatedContentInfo
					b.AddASN1ObjectIdentifier(eContentType)
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddASN1OctetString(content)
					})
				})
				b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					for _, c := range certs {
						b.AddBytes(c.Raw)
					}
				})
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerAndSerialNumber
							b.AddBytes(cert.RawIssuer)
							b.AddASN1BigInt(cert.SerialNumber)
						})
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidSHA256) })
						b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
							for _, a := range attrs {
								b.AddBytes(a)
							}
						})
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(sigAlg) })
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("sigtest: SignedData: %w", err)
	}
	return out, nil
}

// ServeHTTP answers an RFC 3161 TimeStampReq posted as application/timestamp-query.
func (t *TSA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	t.mu.Lock()
	fail := t.fail
	t.mu.Unlock()
	w.Header().Set("Content-Type", "application/timestamp-reply")
	h, digest, nonce, err := parseTimeStampReq(body)
	if err != nil || fail {
		_, _ = w.Write(timeStampResp(2, nil)) // rejection
		return
	}
	tok, err := t.Token(h, digest, nonce)
	if err != nil {
		_, _ = w.Write(timeStampResp(2, nil))
		return
	}
	_, _ = w.Write(timeStampResp(0, tok))
}

func timeStampResp(status int64, token []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(status) })
		if token != nil {
			b.AddBytes(token)
		}
	})
	return b.BytesOrPanic()
}

// parseTimeStampReq reads the message imprint and nonce of a TimeStampReq.
func parseTimeStampReq(der []byte) (crypto.Hash, []byte, *big.Int, error) {
	in := cryptobyte.String(der)
	var req, imprint, alg cryptobyte.String
	var version int64
	var oid asn1.ObjectIdentifier
	var digest []byte
	if !in.ReadASN1(&req, cbasn1.SEQUENCE) || !req.ReadASN1Integer(&version) ||
		!req.ReadASN1(&imprint, cbasn1.SEQUENCE) || !imprint.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&oid) || !imprint.ReadASN1Bytes(&digest, cbasn1.OCTET_STRING) {
		return 0, nil, nil, fmt.Errorf("sigtest: malformed TimeStampReq")
	}
	var h crypto.Hash
	for _, e := range hashOIDs {
		if e.oid.Equal(oid) {
			h = e.h
		}
	}
	if h == 0 {
		return 0, nil, nil, fmt.Errorf("sigtest: unsupported digest %v", oid)
	}
	req.SkipOptionalASN1(cbasn1.OBJECT_IDENTIFIER)
	var nonce *big.Int
	if req.PeekASN1Tag(cbasn1.INTEGER) {
		nonce = new(big.Int)
		if !req.ReadASN1Integer(nonce) {
			return 0, nil, nil, fmt.Errorf("sigtest: malformed nonce")
		}
	}
	return h, digest, nonce, nil
}

// TimeStampRequest encodes an RFC 3161 TimeStampReq for digest (computed with h), with certReq true.
func TimeStampRequest(h crypto.Hash, digest []byte, nonce *big.Int) ([]byte, error) {
	hOID, ok := hashOID(h)
	if !ok {
		return nil, fmt.Errorf("sigtest: unsupported digest %v", h)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(hOID) })
			b.AddASN1OctetString(digest)
		})
		if nonce != nil {
			b.AddASN1BigInt(nonce)
		}
		b.AddASN1Boolean(true)
	})
	return b.Bytes()
}
