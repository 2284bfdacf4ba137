package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// ErrDetachedContentMissing is the cause reported (as INDETERMINATE/SIGNED_DATA_NOT_FOUND, ETSI EN 319 102-1)
// for a detached CMS signature verified without its content: nothing that was signed can be checked.
var ErrDetachedContentMissing = errors.New("signature: detached CMS signature: the signed content was not supplied")

// ErrContentTwice is returned by VerifyCMS when the signature carries its content and detached content is
// given as well: egov refuses to guess which of the two the caller means.
var ErrContentTwice = errors.New("signature: CMS signature carries its content; detached content must not be given")

// Scope references a CMS signature reports.
const (
	ScopeDetachedContent     = "detached content"
	ScopeEncapsulatedContent = "encapsulated content"
)

// VerifyCMS verifies every SignerInfo of a CMS/PKCS#7 SignedData ("chữ ký số dạng CMS", .p7s) given as DER or
// PEM in sig. For a detached signature the signed content is read from detached, streamed through the digest
// and never held in memory; for an attached one detached must be nil. Each SignerInfo becomes one
// SignatureReport: its signed attributes (contentType, messageDigest, signingTime, signingCertificateV2) are
// checked, its signature value verified (RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA), an RFC 3161 signature time stamp
// verified and used as proof of existence, and the signer judged by the shared pipeline: chain, revocation and
// the policy in force at the signing time.
//
// A structurally broken signature is reported as TOTAL_FAILED/FORMAT_FAILURE, not as an error; errors are
// kept for I/O failures, limits (VerifyOptions.MaxSize) and misuse (ErrContentTwice). A detached signature
// given without its content is INDETERMINATE/SIGNED_DATA_NOT_FOUND (cause ErrDetachedContentMissing).
func VerifyCMS(ctx context.Context, sig []byte, detached io.Reader, opts VerifyOptions) (*Report, error) {
	evs, err := opts.cmsEvidence(ctx, sig, detached)
	if err != nil {
		return nil, err
	}
	rep := &Report{Signatures: make([]SignatureReport, 0, len(evs))}
	for _, ev := range evs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("signature: %w", err)
		}
		rep.Signatures = append(rep.Signatures, opts.validate(ctx, ev))
	}
	return rep, nil
}

// cmsEvidence parses sig and builds one evidence per SignerInfo.
func (o *VerifyOptions) cmsEvidence(ctx context.Context, sig []byte, detached io.Reader) ([]*evidence, error) {
	if int64(len(sig)) > o.maxSize() {
		return nil, fmt.Errorf("signature: CMS signature of %d bytes exceeds the limit of %d", len(sig), o.maxSize())
	}
	der, err := decodeCMSInput(sig)
	var sd *cmsSignedData
	if err == nil {
		sd, err = parseCMS(der)
	}
	if err != nil {
		return []*evidence{{Format: FormatCMS, ID: "#1", FormatErr: err}}, nil
	}
	if len(sd.Signers) == 0 {
		return []*evidence{{Format: FormatCMS, ID: "#1", FormatErr: cmsErrorf("SignedData has no SignerInfo"),
			Certificates: sd.Certificates}}, nil
	}
	switch {
	case sd.Attached && detached != nil:
		return nil, ErrContentTwice
	case !sd.Attached && detached == nil:
		// Nothing that was signed can be checked: INDETERMINATE/SIGNED_DATA_NOT_FOUND for every signer.
		evs := make([]*evidence, 0, len(sd.Signers))
		for i := range sd.Signers {
			s := &sd.Signers[i]
			ev := &evidence{Format: FormatCMS, ID: fmt.Sprintf("#%d", i+1), Certificates: sd.Certificates,
				CRLs: sd.CRLs, OCSPs: sd.OCSPs, FormatErr: s.Err, SignedDataErr: ErrDetachedContentMissing,
				Scope: Scope{References: []string{ScopeDetachedContent}}}
			for _, c := range sd.Certificates {
				if s.Err == nil && s.matches(c) {
					ev.SignerCert = c
					break
				}
			}
			evs = append(evs, ev)
		}
		return evs, nil
	}
	digests, err := o.cmsContentDigests(ctx, sd, detached)
	if err != nil {
		return nil, err
	}
	scope := Scope{WholeDocument: true, References: []string{ScopeEncapsulatedContent}}
	if !sd.Attached {
		scope.References = []string{ScopeDetachedContent}
	}
	evs := make([]*evidence, 0, len(sd.Signers))
	for i := range sd.Signers {
		ev := o.signerEvidence(ctx, sd, &sd.Signers[i], digests, 0)
		ev.ID = fmt.Sprintf("#%d", i+1)
		ev.Scope = scope
		evs = append(evs, ev)
	}
	return evs, nil
}

// cmsContentDigests hashes the signed content once with every digest algorithm the SignerInfos use. Detached
// content is streamed; reading stops at MaxSize and when ctx is done.
func (o *VerifyOptions) cmsContentDigests(ctx context.Context, sd *cmsSignedData, detached io.Reader) (map[crypto.Hash][]byte, error) {
	hashers := map[crypto.Hash]hash.Hash{}
	var writers []io.Writer
	for _, s := range sd.Signers {
		h := hashForDigestOID(s.DigestAlg.OID)
		if h == 0 || !h.Available() || hashers[h] != nil {
			continue
		}
		hashers[h] = h.New()
		writers = append(writers, hashers[h])
	}
	out := make(map[crypto.Hash][]byte, len(hashers))
	if len(writers) == 0 {
		return out, nil
	}
	w := io.MultiWriter(writers...)
	if sd.Attached {
		w.Write(sd.EContent) // hash.Hash writes never fail
	} else {
		limit := o.maxSize()
		n, err := io.Copy(w, io.LimitReader(ctxReader{ctx, detached}, limit+1))
		if err != nil {
			return nil, fmt.Errorf("signature: reading detached content: %w", err)
		}
		if n > limit {
			return nil, fmt.Errorf("signature: detached content exceeds the limit of %d bytes", limit)
		}
	}
	for h, hh := range hashers {
		out[h] = hh.Sum(nil)
	}
	return out, nil
}

// ctxReader stops a long read when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// signerEvidence checks one SignerInfo against the content digests. depth is 0 for a signature and 1 for the
// signature of a time-stamp token (whose own unsigned attributes are not followed).
func (o *VerifyOptions) signerEvidence(ctx context.Context, sd *cmsSignedData, s *cmsSignerInfo, digests map[crypto.Hash][]byte, depth int) *evidence {
	ev := &evidence{Format: FormatCMS, Certificates: sd.Certificates, CRLs: sd.CRLs, OCSPs: sd.OCSPs}
	if s.Err != nil {
		ev.FormatErr = s.Err
		return ev
	}
	// CAdES unsigned attributes may carry more validation material (certificate-values, revocation-values).
	if depth == 0 {
		if err := ev.addValidationMaterial(s.UnsignedAttrs); err != nil {
			ev.FormatErr = err
			return ev
		}
	}
	for _, c := range ev.Certificates {
		if s.matches(c) {
			ev.SignerCert = c
			break
		}
	}
	h := hashForDigestOID(s.DigestAlg.OID)
	ev.Algorithms = append(ev.Algorithms, AlgorithmUse{Purpose: "digest", URI: s.DigestAlg.OID.String(), Hash: h})
	if h == 0 || !h.Available() {
		ev.FormatErr = cmsErrorf("unsupported digest algorithm %s", s.DigestAlg.OID)
		return ev
	}
	var pub crypto.PublicKey
	if ev.SignerCert != nil {
		pub = ev.SignerCert.PublicKey
	}
	use, verify, err := cmsSignatureScheme(s.SigAlg, h, pub)
	ev.Algorithms = append(ev.Algorithms, use)
	if err != nil {
		ev.FormatErr = err
		return ev
	}
	contentDigest := digests[h]
	signedDigest := contentDigest
	if s.HasSignedAttrs {
		if err := ev.checkSignedAttributes(sd, s, h, contentDigest); err != nil {
			ev.FormatErr = err
			return ev
		}
		hh := h.New()
		hh.Write(s.SignedAttrsRaw)
		signedDigest = hh.Sum(nil)
	} else if !sd.EContentType.Equal(oidData) {
		// RFC 5652 §5.3: signedAttrs MUST be present when the content type is not id-data.
		ev.FormatErr = cmsErrorf("content type %s without signed attributes", sd.EContentType)
		return ev
	}
	if ev.SignerCert != nil {
		if pub == nil {
			ev.SignatureErr = fmt.Errorf("signature: the signer's certificate has an unsupported public key algorithm %v", ev.SignerCert.PublicKeyAlgorithm)
		} else if err := verify(signedDigest, s.Signature); err != nil {
			ev.SignatureErr = fmt.Errorf("signature: CMS signature value does not verify with the signer's key: %w", err)
		}
	}
	if depth == 0 {
		ev.Timestamp = o.signatureTimestamp(ctx, s)
	}
	return ev
}

// addValidationMaterial adds the certificates and revocation data of CAdES certificate-values and
// revocation-values unsigned attributes (ETSI EN 319 122-1 §5.5.2, §5.5.3).
func (ev *evidence) addValidationMaterial(attrs []cmsAttribute) error {
	for _, a := range attrs {
		switch {
		case a.Type.Equal(oidAttrCertValues):
			v, err := a.singleValue()
			if err != nil {
				return err
			}
			var seq cryptobyte.String
			if !v.ReadASN1(&seq, cbasn1.SEQUENCE) {
				return cmsErrorf("certificate-values attribute")
			}
			certs := append([]*x509.Certificate(nil), ev.Certificates...)
			for !seq.Empty() {
				var raw cryptobyte.String
				if !seq.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
					return cmsErrorf("certificate-values attribute")
				}
				c, err := parseCertificate(raw)
				if err != nil {
					return cmsErrorf("certificate-values attribute: %v", err)
				}
				certs = append(certs, c)
			}
			ev.Certificates = certs
		case a.Type.Equal(oidAttrRevocationValues):
			v, err := a.singleValue()
			if err != nil {
				return err
			}
			if err := ev.addRevocationValues(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func (ev *evidence) addRevocationValues(v cryptobyte.String) error {
	var seq, crls, ocsps cryptobyte.String
	var hasCRLs, hasOCSPs bool
	if !v.ReadASN1(&seq, cbasn1.SEQUENCE) ||
		!seq.ReadOptionalASN1(&crls, &hasCRLs, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!seq.ReadOptionalASN1(&ocsps, &hasOCSPs, cbasn1.Tag(1).Constructed().ContextSpecific()) {
		return cmsErrorf("revocation-values attribute")
	}
	if hasCRLs {
		var list cryptobyte.String
		if !crls.ReadASN1(&list, cbasn1.SEQUENCE) {
			return cmsErrorf("revocation-values: crlVals")
		}
		out := append([][]byte(nil), ev.CRLs...)
		for !list.Empty() {
			var raw cryptobyte.String
			if !list.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
				return cmsErrorf("revocation-values: crlVals")
			}
			out = append(out, raw)
		}
		ev.CRLs = out
	}
	if hasOCSPs {
		var list cryptobyte.String
		if !ocsps.ReadASN1(&list, cbasn1.SEQUENCE) {
			return cmsErrorf("revocation-values: ocspVals")
		}
		out := append([][]byte(nil), ev.OCSPs...)
		for !list.Empty() {
			var raw cryptobyte.String
			if !list.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
				return cmsErrorf("revocation-values: ocspVals")
			}
			wrapped, err := wrapBasicOCSP(raw)
			if err != nil {
				return cmsErrorf("revocation-values: %v", err)
			}
			out = append(out, wrapped)
		}
		ev.OCSPs = out
	}
	return nil
}

// checkSignedAttributes applies RFC 5652 §5.3/§11 and RFC 5035 to the signed attributes: contentType must match
// eContentType, messageDigest must match the content digest (else HashErr), signingTime is recorded, and a
// signing-certificate (v1 or v2) reference must designate the signer's certificate (else the signer is
// considered not found, ETSI EN 319 102-1 §5.2.3).
func (ev *evidence) checkSignedAttributes(sd *cmsSignedData, s *cmsSignerInfo, h crypto.Hash, contentDigest []byte) error {
	ct, err := findAttribute(s.SignedAttrs, oidAttrContentType)
	if err != nil {
		return err
	}
	if ct == nil {
		return cmsErrorf("signed attributes lack contentType")
	}
	v, err := ct.singleValue()
	if err != nil {
		return err
	}
	var oid asn1.ObjectIdentifier
	if !v.ReadASN1ObjectIdentifier(&oid) || !v.Empty() {
		return cmsErrorf("contentType attribute is not an OBJECT IDENTIFIER")
	}
	if !oid.Equal(sd.EContentType) {
		return cmsErrorf("contentType attribute %s differs from eContentType %s", oid, sd.EContentType)
	}
	md, err := findAttribute(s.SignedAttrs, oidAttrMessageDigest)
	if err != nil {
		return err
	}
	if md == nil {
		return cmsErrorf("signed attributes lack messageDigest")
	}
	if v, err = md.singleValue(); err != nil {
		return err
	}
	var got cryptobyte.String
	if !v.ReadASN1(&got, cbasn1.OCTET_STRING) || !v.Empty() {
		return cmsErrorf("messageDigest attribute is not an OCTET STRING")
	}
	if !bytes.Equal(got, contentDigest) {
		ev.HashErr = fmt.Errorf("signature: messageDigest %X does not match the %v digest of the content %X", []byte(got), h, contentDigest)
	}
	st, err := findAttribute(s.SignedAttrs, oidAttrSigningTime)
	if err != nil {
		return err
	}
	if st != nil {
		if v, err = st.singleValue(); err != nil {
			return err
		}
		if ev.SigningTime, err = parseASN1Time(v); err != nil {
			return fmt.Errorf("signingTime attribute: %w", err)
		}
	}
	return ev.checkSigningCertificate(s)
}

// checkSigningCertificate checks ESS signing-certificate attributes (RFC 2634 v1 with SHA-1, RFC 5035 v2):
// the first ESSCertID must hash to the signer's certificate and, when it names issuer and serial, name it.
func (ev *evidence) checkSigningCertificate(s *cmsSignerInfo) error {
	for _, ref := range []struct {
		oid asn1.ObjectIdentifier
		v2  bool
	}{{oidAttrSigningCertV2, true}, {oidAttrSigningCert, false}} {
		a, err := findAttribute(s.SignedAttrs, ref.oid)
		if err != nil {
			return err
		}
		if a == nil {
			continue
		}
		v, err := a.singleValue()
		if err != nil {
			return err
		}
		id, err := parseFirstESSCertID(v, ref.v2)
		if err != nil {
			return err
		}
		// The ESS certHash identifies a certificate; it is not a signature digest, so the policy does not judge
		// it (RFC 3161 tokens still commonly carry the SHA-1 ESSCertID of RFC 2634).
		if ev.SignerCert == nil {
			return nil
		}
		if id.hash == 0 || !id.hash.Available() {
			return cmsErrorf("signing-certificate attribute: unsupported hash %s", id.hashOID)
		}
		hh := id.hash.New()
		hh.Write(ev.SignerCert.Raw)
		bound := bytes.Equal(hh.Sum(nil), id.certHash)
		if bound && id.serial != nil {
			bound = id.serial.Cmp(ev.SignerCert.SerialNumber) == 0 && (id.issuer == nil || bytes.Equal(id.issuer, ev.SignerCert.RawIssuer))
		}
		if !bound {
			// The certificate the SignerInfo names is not the one the signer committed to: the signing
			// certificate cannot be identified.
			ev.SignerCert = nil
		}
	}
	return nil
}

type essCertID struct {
	hashOID  asn1.ObjectIdentifier
	hash     crypto.Hash
	certHash []byte
	issuer   []byte // DER Name from a directoryName GeneralName, nil if absent
	serial   *big.Int
}

// parseFirstESSCertID reads SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies
// OPTIONAL } and returns the first ESSCertID, which identifies the signing certificate.
func parseFirstESSCertID(v cryptobyte.String, v2 bool) (essCertID, error) {
	id := essCertID{hashOID: oidSHA1, hash: crypto.SHA1}
	var sc, certs, first cryptobyte.String
	if !v.ReadASN1(&sc, cbasn1.SEQUENCE) || !sc.ReadASN1(&certs, cbasn1.SEQUENCE) || !certs.ReadASN1(&first, cbasn1.SEQUENCE) {
		return id, cmsErrorf("signing-certificate attribute")
	}
	if v2 {
		id.hashOID, id.hash = oidSHA256, crypto.SHA256 // DEFAULT id-sha256
		if first.PeekASN1Tag(cbasn1.SEQUENCE) {
			a, err := readAlgorithmIdentifier(&first)
			if err != nil {
				return id, err
			}
			id.hashOID, id.hash = a.OID, hashForDigestOID(a.OID)
		}
	}
	var h cryptobyte.String
	if !first.ReadASN1(&h, cbasn1.OCTET_STRING) {
		return id, cmsErrorf("signing-certificate attribute: certHash")
	}
	id.certHash = h
	if first.Empty() {
		return id, nil
	}
	// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
	var is, names cryptobyte.String
	id.serial = new(big.Int)
	if !first.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1(&names, cbasn1.SEQUENCE) || !is.ReadASN1Integer(id.serial) {
		return id, cmsErrorf("signing-certificate attribute: issuerSerial")
	}
	for !names.Empty() {
		var gn cryptobyte.String
		var tag cbasn1.Tag
		if !names.ReadAnyASN1(&gn, &tag) {
			return id, cmsErrorf("signing-certificate attribute: GeneralName")
		}
		if tag == cbasn1.Tag(4).Constructed().ContextSpecific() { // directoryName [4] EXPLICIT Name
			var name cryptobyte.String
			if !gn.ReadASN1Element(&name, cbasn1.SEQUENCE) {
				return id, cmsErrorf("signing-certificate attribute: directoryName")
			}
			id.issuer = name
		}
	}
	return id, nil
}

// cmsSignatureScheme maps a SignerInfo signatureAlgorithm and its digest to the algorithm use for the policy
// and to a function verifying a signature over a digest with pub (which may be nil when the signer is unknown).
func cmsSignatureScheme(alg algorithmIdentifier, h crypto.Hash, pub crypto.PublicKey) (AlgorithmUse, func(digest, sig []byte) error, error) {
	use := AlgorithmUse{Purpose: "signature", URI: alg.OID.String(), Hash: h}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		use.PublicKey, use.KeyBits = x509.RSA, k.N.BitLen()
	case *ecdsa.PublicKey:
		use.PublicKey, use.KeyBits = x509.ECDSA, k.Curve.Params().BitSize
	}
	rsaKey, _ := pub.(*rsa.PublicKey)
	ecKey, _ := pub.(*ecdsa.PublicKey)
	wrongKey := func(want string) (AlgorithmUse, func(digest, sig []byte) error, error) {
		return use, func([]byte, []byte) error {
			return fmt.Errorf("signature algorithm %s needs a %s key, the certificate has %T", alg.OID, want, pub)
		}, nil
	}
	impliedHash := func(oid asn1.ObjectIdentifier, hashOf func(asn1.ObjectIdentifier) crypto.Hash) error {
		if ih := hashOf(oid); ih != 0 && ih != h {
			return cmsErrorf("signature algorithm %s implies %v but the digest algorithm is %v", oid, ih, h)
		}
		return nil
	}
	switch {
	case alg.OID.Equal(oidRSAEncryption), alg.OID.Equal(oidSHA1WithRSA), alg.OID.Equal(oidSHA224WithRSA),
		alg.OID.Equal(oidSHA256WithRSA), alg.OID.Equal(oidSHA384WithRSA), alg.OID.Equal(oidSHA512WithRSA):
		if err := impliedHash(alg.OID, rsaOIDHash); err != nil {
			return use, nil, err
		}
		if use.PublicKey == x509.UnknownPublicKeyAlgorithm {
			use.PublicKey = x509.RSA
		}
		if pub != nil && rsaKey == nil {
			return wrongKey("RSA")
		}
		return use, func(digest, sig []byte) error { return rsa.VerifyPKCS1v15(rsaKey, h, digest, sig) }, nil
	case alg.OID.Equal(oidRSAPSS):
		use.PSS = true
		if use.PublicKey == x509.UnknownPublicKeyAlgorithm {
			use.PublicKey = x509.RSA
		}
		ph, salt, err := parsePSSParams(alg.Params)
		if err != nil {
			return use, nil, err
		}
		if ph != h {
			return use, nil, cmsErrorf("RSASSA-PSS hash %v differs from the digest algorithm %v", ph, h)
		}
		if pub != nil && rsaKey == nil {
			return wrongKey("RSA")
		}
		return use, func(digest, sig []byte) error {
			return rsa.VerifyPSS(rsaKey, h, digest, sig, &rsa.PSSOptions{SaltLength: salt, Hash: h})
		}, nil
	case alg.OID.Equal(oidECPublicKey), alg.OID.Equal(oidECDSAWithSHA1),
		len(alg.OID) == 7 && alg.OID[:6].Equal(oidECDSAWithSHA2):
		if err := impliedHash(alg.OID, ecdsaOIDHash); err != nil {
			return use, nil, err
		}
		if use.PublicKey == x509.UnknownPublicKeyAlgorithm {
			use.PublicKey = x509.ECDSA
		}
		if pub != nil && ecKey == nil {
			return wrongKey("ECDSA")
		}
		return use, func(digest, sig []byte) error {
			if !ecdsa.VerifyASN1(ecKey, digest, sig) {
				return errors.New("ECDSA verification failure")
			}
			return nil
		}, nil
	}
	use.Hash = 0
	return use, nil, cmsErrorf("unsupported signature algorithm %s", alg.OID)
}

func rsaOIDHash(oid asn1.ObjectIdentifier) crypto.Hash {
	switch {
	case oid.Equal(oidSHA1WithRSA):
		return crypto.SHA1
	case oid.Equal(oidSHA224WithRSA):
		return crypto.SHA224
	case oid.Equal(oidSHA256WithRSA):
		return crypto.SHA256
	case oid.Equal(oidSHA384WithRSA):
		return crypto.SHA384
	case oid.Equal(oidSHA512WithRSA):
		return crypto.SHA512
	}
	return 0
}

func ecdsaOIDHash(oid asn1.ObjectIdentifier) crypto.Hash {
	if oid.Equal(oidECDSAWithSHA1) {
		return crypto.SHA1
	}
	if len(oid) == 7 && oid[:6].Equal(oidECDSAWithSHA2) {
		switch oid[6] {
		case 1:
			return crypto.SHA224
		case 2:
			return crypto.SHA256
		case 3:
			return crypto.SHA384
		case 4:
			return crypto.SHA512
		}
	}
	return 0
}

// parsePSSParams reads RSASSA-PSS-params (RFC 4055 §3.1) and returns the hash and the salt length. The mask
// generation function must be MGF1 with the same hash (the only form crypto/rsa verifies) and the trailer 1.
func parsePSSParams(params []byte) (crypto.Hash, int, error) {
	h, mgfHash, salt, trailer := crypto.SHA1, crypto.SHA1, int64(20), int64(1)
	if params == nil {
		return h, int(salt), nil
	}
	in := cryptobyte.String(params)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return 0, 0, cmsErrorf("RSASSA-PSS parameters")
	}
	var field cryptobyte.String
	var present bool
	if !seq.ReadOptionalASN1(&field, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return 0, 0, cmsErrorf("RSASSA-PSS hashAlgorithm")
	}
	if present {
		a, err := readAlgorithmIdentifier(&field)
		if err != nil {
			return 0, 0, err
		}
		if h = hashForDigestOID(a.OID); h == 0 {
			return 0, 0, cmsErrorf("RSASSA-PSS: unsupported hash %s", a.OID)
		}
	}
	if !seq.ReadOptionalASN1(&field, &present, cbasn1.Tag(1).Constructed().ContextSpecific()) {
		return 0, 0, cmsErrorf("RSASSA-PSS maskGenAlgorithm")
	}
	if present {
		a, err := readAlgorithmIdentifier(&field)
		if err != nil {
			return 0, 0, err
		}
		if !a.OID.Equal(oidMGF1) {
			return 0, 0, cmsErrorf("RSASSA-PSS: unsupported mask generation function %s", a.OID)
		}
		p := cryptobyte.String(a.Params)
		inner, err := readAlgorithmIdentifier(&p)
		if err != nil {
			return 0, 0, err
		}
		mgfHash = hashForDigestOID(inner.OID)
	}
	if !seq.ReadOptionalASN1(&field, &present, cbasn1.Tag(2).Constructed().ContextSpecific()) ||
		(present && (!field.ReadASN1Integer(&salt) || salt < 0 || salt > 1<<16)) {
		return 0, 0, cmsErrorf("RSASSA-PSS saltLength")
	}
	if !seq.ReadOptionalASN1(&field, &present, cbasn1.Tag(3).Constructed().ContextSpecific()) ||
		(present && !field.ReadASN1Integer(&trailer)) || trailer != 1 || !seq.Empty() {
		return 0, 0, cmsErrorf("RSASSA-PSS trailerField")
	}
	if mgfHash != h {
		return 0, 0, cmsErrorf("RSASSA-PSS: MGF1 hash %v differs from hash %v", mgfHash, h)
	}
	return h, int(salt), nil
}
