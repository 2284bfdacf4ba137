package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/ocsp"
)

// oidOCSPNonce is id-pkix-ocsp-nonce (RFC 8954).
var oidOCSPNonce = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 2}

// OCSPError is an OCSP response that cannot be used, with the reason.
type OCSPError struct {
	URL    string
	Reason string
	Err    error
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *OCSPError) Error() string { return sourceError("OCSP", e.URL, e.Reason, e.Err) }

// Unwrap returns the cause.
func (e *OCSPError) Unwrap() error { return e.Err }

// errOCSPOtherCert marks a response about another certificate (skipped silently among embedded material).
var errOCSPOtherCert = errors.New("response is about another certificate")

// checkOCSP parses an OCSP response about cert issued by issuer and checks what x/crypto/ocsp does not:
// responder authorisation (RFC 6960 §4.2.2.2: the CA itself, or a responder certificate issued directly by
// the CA with id-kp-OCSPSigning, valid at producedAt), the responder identification, and the nonce when one
// was sent. Freshness (thisUpdate/nextUpdate) is judged by the caller against the validation time.
func checkOCSP(der []byte, cert, issuer *x509.Certificate, nonce []byte) (*ocsp.Response, error) {
	if len(der) > DefaultMaxOCSPSize*16 {
		return nil, &OCSPError{Reason: "response too large"}
	}
	resp, err := ocsp.ParseResponseForCert(der, cert, nil)
	if err != nil {
		var re ocsp.ResponseError
		if errors.As(err, &re) {
			return nil, &OCSPError{Reason: "responder answered " + re.Status.String()}
		}
		if _, ok := err.(ocsp.ParseError); ok && bytes.Contains([]byte(err.Error()), []byte("no response matching")) {
			return nil, errOCSPOtherCert
		}
		return nil, &OCSPError{Reason: "malformed response", Err: err}
	}
	if resp.IssuerHash == 0 {
		resp.IssuerHash = crypto.SHA1
	}
	if !matchesIssuer(der, issuer) {
		return nil, errOCSPOtherCert
	}
	signer := issuer
	if resp.Certificate != nil && !sameKey(resp.Certificate, issuer) {
		r := resp.Certificate
		if !bytes.Equal(r.RawIssuer, issuer.RawSubject) || checkCertSignature(r, issuer) != nil {
			return nil, &OCSPError{Reason: "responder certificate " + r.Subject.String() + " is not issued by the CA"}
		}
		delegated := false
		for _, u := range r.ExtKeyUsage {
			if u == x509.ExtKeyUsageOCSPSigning {
				delegated = true
			}
		}
		if !delegated {
			return nil, &OCSPError{Reason: "responder certificate " + r.Subject.String() + " lacks id-kp-OCSPSigning"}
		}
		if resp.ProducedAt.Before(r.NotBefore) || resp.ProducedAt.After(r.NotAfter) {
			return nil, &OCSPError{Reason: "responder certificate not valid at producedAt"}
		}
		signer = r
	}
	if len(resp.RawResponderName) > 0 && !bytes.Equal(resp.RawResponderName, signer.RawSubject) {
		return nil, &OCSPError{Reason: "responder name does not match the signing certificate"}
	}
	alg, ok := fromX509(resp.SignatureAlgorithm)
	if !ok {
		return nil, &OCSPError{Reason: "unsupported signature algorithm " + resp.SignatureAlgorithm.String()}
	}
	if err := alg.verify(signer.PublicKey, resp.TBSResponseData, resp.Signature); err != nil {
		return nil, &OCSPError{Reason: "signature does not verify", Err: err}
	}
	if nonce != nil {
		got := responseNonce(der)
		if !bytes.Equal(got, nonce) {
			return nil, &OCSPError{Reason: "nonce missing or different from the request's"}
		}
	}
	return resp, nil
}

// matchesIssuer checks the CertID issuerKeyHash of the single response against issuer's key (x/crypto/ocsp
// matches only the serial number).
func matchesIssuer(der []byte, issuer *x509.Certificate) bool {
	alg, keyHash := responseCertID(der)
	if keyHash == nil {
		return true // unparsable here means x/crypto/ocsp accepted a form we do not walk; the signature still binds it
	}
	var spki struct {
		Algorithm asn1.RawValue
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(issuer.RawSubjectPublicKeyInfo, &spki); err != nil {
		return false
	}
	h := alg.New()
	h.Write(spki.PublicKey.RightAlign())
	return bytes.Equal(h.Sum(nil), keyHash)
}

func sameKey(a, b *x509.Certificate) bool {
	return bytes.Equal(a.RawSubjectPublicKeyInfo, b.RawSubjectPublicKeyInfo) && bytes.Equal(a.RawSubject, b.RawSubject)
}

// basicResponse walks a DER OCSPResponse to the tbsResponseData content of its BasicOCSPResponse.
func basicResponse(der []byte) (cryptobyte.String, bool) {
	s := cryptobyte.String(der)
	var resp, rb, rbSeq, basicOctets, basic, tbs cryptobyte.String
	if !s.ReadASN1(&resp, cbasn1.SEQUENCE) || !resp.SkipASN1(cbasn1.ENUM) ||
		!resp.ReadASN1(&rb, cbasn1.Tag(0).Constructed().ContextSpecific()) || !rb.ReadASN1(&rbSeq, cbasn1.SEQUENCE) ||
		!rbSeq.SkipASN1(cbasn1.OBJECT_IDENTIFIER) || !rbSeq.ReadASN1(&basicOctets, cbasn1.OCTET_STRING) ||
		!basicOctets.ReadASN1(&basic, cbasn1.SEQUENCE) || !basic.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, false
	}
	tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) // version
	var tag cbasn1.Tag
	var rid cryptobyte.String
	if !tbs.ReadAnyASN1(&rid, &tag) || !tbs.SkipASN1(cbasn1.GeneralizedTime) {
		return nil, false
	}
	return tbs, true
}

// responseCertID returns the hash algorithm and issuerKeyHash of the first single response.
func responseCertID(der []byte) (crypto.Hash, []byte) {
	tbs, ok := basicResponse(der)
	if !ok {
		return 0, nil
	}
	var responses, single, certID, alg cryptobyte.String
	var oid asn1.ObjectIdentifier
	var keyHash []byte
	if !tbs.ReadASN1(&responses, cbasn1.SEQUENCE) || !responses.ReadASN1(&single, cbasn1.SEQUENCE) ||
		!single.ReadASN1(&certID, cbasn1.SEQUENCE) || !certID.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&oid) || !certID.SkipASN1(cbasn1.OCTET_STRING) ||
		!certID.ReadASN1Bytes(&keyHash, cbasn1.OCTET_STRING) {
		return 0, nil
	}
	for _, e := range hashOIDs {
		if e.oid.Equal(oid) && e.h.Available() {
			return e.h, keyHash
		}
	}
	return 0, nil
}

// responseNonce returns the nonce extension value in responseExtensions, or nil.
func responseNonce(der []byte) []byte {
	tbs, ok := basicResponse(der)
	if !ok || !tbs.SkipASN1(cbasn1.SEQUENCE) {
		return nil
	}
	var wrapper, exts cryptobyte.String
	var present bool
	if !tbs.ReadOptionalASN1(&wrapper, &present, cbasn1.Tag(1).Constructed().ContextSpecific()) || !present ||
		!wrapper.ReadASN1(&exts, cbasn1.SEQUENCE) {
		return nil
	}
	for !exts.Empty() {
		var ext cryptobyte.String
		var oid asn1.ObjectIdentifier
		var val []byte
		if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&oid) {
			return nil
		}
		ext.SkipOptionalASN1(cbasn1.BOOLEAN)
		if !ext.ReadASN1Bytes(&val, cbasn1.OCTET_STRING) {
			return nil
		}
		if oid.Equal(oidOCSPNonce) {
			return val
		}
	}
	return nil
}

// ocspRequest builds a DER OCSPRequest for cert (SHA-1 CertID, as responders universally accept), with a
// fresh 32-byte nonce extension when withNonce; it returns the request and the nonce extension value.
func ocspRequest(cert, issuer *x509.Certificate, withNonce bool) ([]byte, []byte, error) {
	req, err := ocsp.CreateRequest(cert, issuer, &ocsp.RequestOptions{Hash: crypto.SHA1})
	if err != nil {
		return nil, nil, fmt.Errorf("signature: OCSP request: %w", err)
	}
	if !withNonce {
		return req, nil, nil
	}
	n := make([]byte, 32)
	if _, err := rand.Read(n); err != nil {
		return nil, nil, fmt.Errorf("signature: OCSP nonce: %w", err)
	}
	var nb cryptobyte.Builder
	nb.AddASN1OctetString(n)
	nonceValue := nb.BytesOrPanic()
	s := cryptobyte.String(req)
	var outer, tbs cryptobyte.String
	if !s.ReadASN1(&outer, cbasn1.SEQUENCE) || !outer.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil, nil, errors.New("signature: OCSP request: unexpected encoding")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(tbs)
			b.AddASN1(cbasn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidOCSPNonce)
						b.AddASN1OctetString(nonceValue)
					})
				})
			})
		})
		b.AddBytes(outer)
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, nil, fmt.Errorf("signature: OCSP request: %w", err)
	}
	return out, nonceValue, nil
}

// fetchOCSP asks the responder at url about cert. Responses without a nonce are cached until nextUpdate.
func (o *VerifyOptions) fetchOCSP(ctx context.Context, url string, cert, issuer *x509.Certificate) (*ocsp.Response, []byte, error) {
	key := "ocsp " + url + " " + string(rawSerial(cert.RawTBSCertificate)) + " " + string(issuer.RawSubjectPublicKeyInfo)
	load := func(ctx context.Context) (any, time.Time, error) {
		req, nonce, err := ocspRequest(cert, issuer, o.OCSPNonce)
		if err != nil {
			return nil, time.Time{}, err
		}
		body, err := o.do(ctx, "POST", url, "application/ocsp-request", req, o.maxOCSPSize())
		if err != nil {
			return nil, time.Time{}, &OCSPError{URL: url, Reason: "unreachable", Err: err}
		}
		resp, err := checkOCSP(body, cert, issuer, nonce)
		if err != nil {
			if oe, ok := err.(*OCSPError); ok {
				oe.URL = url
			}
			return nil, time.Time{}, err
		}
		return ocspFetched{resp, body}, resp.NextUpdate, nil
	}
	var v any
	var err error
	if o.OCSPNonce {
		v, _, err = load(ctx) // a nonce makes every answer unique: never cached
	} else {
		v, err = o.cache().load(ctx, key, load)
	}
	if err != nil {
		return nil, nil, err
	}
	f := v.(ocspFetched)
	return f.resp, f.der, nil
}

type ocspFetched struct {
	resp *ocsp.Response
	der  []byte
}
