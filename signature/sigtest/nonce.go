package sigtest

import (
	"crypto"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// oidOCSPNonce is id-pkix-ocsp-nonce (RFC 8954).
var oidOCSPNonce = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 2}

// requestNonce returns the nonce extension value of a DER OCSPRequest, or nil.
func requestNonce(der []byte) []byte {
	in := cryptobyte.String(der)
	var req, tbs cryptobyte.String
	if !in.ReadASN1(&req, cbasn1.SEQUENCE) || !req.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return nil
	}
	var exts cryptobyte.String
	var present bool
	tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific())
	tbs.SkipOptionalASN1(cbasn1.Tag(1).Constructed().ContextSpecific())
	if !tbs.SkipASN1(cbasn1.SEQUENCE) {
		return nil
	}
	if !tbs.ReadOptionalASN1(&exts, &present, cbasn1.Tag(2).Constructed().ContextSpecific()) || !present {
		return nil
	}
	var list cryptobyte.String
	if !exts.ReadASN1(&list, cbasn1.SEQUENCE) {
		return nil
	}
	for !list.Empty() {
		var ext cryptobyte.String
		var oid asn1.ObjectIdentifier
		var val []byte
		if !list.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&oid) {
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

// addResponseNonce re-signs a DER OCSPResponse with a responseExtensions nonce (golang.org/x/crypto/ocsp
// writes extensions only into singleExtensions).
func addResponseNonce(der, nonceExtValue []byte, key crypto.Signer) ([]byte, error) {
	var outer struct {
		Status asn1.Enumerated
		Bytes  struct {
			Type     asn1.ObjectIdentifier
			Response []byte
		} `asn1:"explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(der, &outer); err != nil {
		return nil, fmt.Errorf("sigtest: nonce: %w", err)
	}
	var basic struct {
		TBS       asn1.RawValue
		SigAlg    pkix.AlgorithmIdentifier
		Signature asn1.BitString
		Certs     asn1.RawValue `asn1:"optional,explicit,tag:0"`
	}
	if _, err := asn1.Unmarshal(outer.Bytes.Response, &basic); err != nil {
		return nil, fmt.Errorf("sigtest: nonce: %w", err)
	}
	ext, err := asn1.Marshal([]pkix.Extension{{Id: oidOCSPNonce, Value: nonceExtValue}})
	if err != nil {
		return nil, err
	}
	exts, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: ext})
	if err != nil {
		return nil, err
	}
	tbs, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true,
		Bytes: append(append([]byte(nil), basic.TBS.Bytes...), exts...)})
	if err != nil {
		return nil, err
	}
	h := hashFor(key)
	d := h.New()
	d.Write(tbs)
	sig, err := key.Sign(rand.Reader, d.Sum(nil), h)
	if err != nil {
		return nil, fmt.Errorf("sigtest: nonce: %w", err)
	}
	basic.TBS = asn1.RawValue{FullBytes: tbs}
	basic.Signature = asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)}
	newBasic, err := asn1.Marshal(basic)
	if err != nil {
		return nil, err
	}
	outer.Bytes.Response = newBasic
	return asn1.Marshal(outer)
}
