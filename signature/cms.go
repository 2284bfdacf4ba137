package signature

import (
	"bytes"
	"crypto"
	_ "crypto/sha1" // SHA-1 digests of legacy (2016–2019) signatures, judged by the legacy policy
	_ "crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// CMS object identifiers (RFC 5652, RFC 5035, RFC 3161, RFC 6960).
var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidAttrContentType      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningTime      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidAttrSigningCert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidAttrSigningCertV2    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidAttrTimeStampToken   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidAttrCertValues       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 23}
	oidAttrRevocationValues = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 24}
	oidRIOCSPResponse       = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 16, 2}
	oidOCSPBasic            = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}

	oidSHA1       = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA224     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidSHA256     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSHA512_224 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 5}
	oidSHA512_256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 6}
	oidSHA3_224   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 7}
	oidSHA3_256   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 8}
	oidSHA3_384   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 9}
	oidSHA3_512   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 10}

	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA1WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidSHA224WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 14}
	oidRSAPSS        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidMGF1          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidECDSAWithSHA1 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}
	oidECDSAWithSHA2 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3} // .1 SHA-224 … .4 SHA-512
)

// digestOIDs maps digest algorithm identifiers to hashes.
var digestOIDs = []struct {
	oid  asn1.ObjectIdentifier
	hash crypto.Hash
}{
	{oidSHA1, crypto.SHA1}, {oidSHA224, crypto.SHA224}, {oidSHA256, crypto.SHA256}, {oidSHA384, crypto.SHA384},
	{oidSHA512, crypto.SHA512}, {oidSHA512_224, crypto.SHA512_224}, {oidSHA512_256, crypto.SHA512_256},
	{oidSHA3_224, crypto.SHA3_224}, {oidSHA3_256, crypto.SHA3_256}, {oidSHA3_384, crypto.SHA3_384},
	{oidSHA3_512, crypto.SHA3_512},
}

// hashForDigestOID returns the hash of a digest algorithm OID, or 0.
func hashForDigestOID(oid asn1.ObjectIdentifier) crypto.Hash {
	for _, d := range digestOIDs {
		if d.oid.Equal(oid) {
			return d.hash
		}
	}
	return 0
}

// digestOIDForHash returns the OID of h, or nil.
func digestOIDForHash(h crypto.Hash) asn1.ObjectIdentifier {
	for _, d := range digestOIDs {
		if d.hash == h {
			return d.oid
		}
	}
	return nil
}

// errCMS marks structural problems of a CMS object (→ FORMAT_FAILURE).
var errCMS = errors.New("signature: malformed CMS")

func cmsErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errCMS}, args...)...)
}

// algorithmIdentifier is an X.509 AlgorithmIdentifier with its parameters kept as the raw TLV (nil if absent).
type algorithmIdentifier struct {
	OID    asn1.ObjectIdentifier
	Params []byte
}

// cmsAttribute is one Attribute of a SignerInfo: its type and the raw TLV of each value.
type cmsAttribute struct {
	Type   asn1.ObjectIdentifier
	Values [][]byte
}

// cmsSignedData is a parsed SignedData (RFC 5652 §5.1). Byte slices alias the input.
type cmsSignedData struct {
	Version          int64
	DigestAlgorithms []algorithmIdentifier
	EContentType     asn1.ObjectIdentifier
	EContent         []byte // the encapsulated content, nil when detached
	Attached         bool   // eContent present (even if empty)
	Certificates     []*x509.Certificate
	CRLs             [][]byte
	OCSPs            [][]byte // OCSPResponse DER from RevocationInfoChoice "other" id-ri-ocsp-response
	Signers          []cmsSignerInfo
}

// cmsSignerInfo is a parsed SignerInfo (RFC 5652 §5.3).
type cmsSignerInfo struct {
	Version        int64
	IssuerRaw      []byte   // issuerAndSerialNumber: the issuer Name TLV
	Serial         *big.Int // issuerAndSerialNumber: the serial number
	SubjectKeyID   []byte   // subjectKeyIdentifier form of the SignerIdentifier
	DigestAlg      algorithmIdentifier
	SignedAttrsRaw []byte // the DER of signedAttrs re-tagged as SET OF (what is signed), nil if absent
	SignedAttrs    []cmsAttribute
	HasSignedAttrs bool
	SigAlg         algorithmIdentifier
	Signature      []byte
	UnsignedAttrs  []cmsAttribute
	Err            error // a structural problem confined to this SignerInfo
}

// cmsMaxSigners bounds the SignerInfos read from one SignedData.
const cmsMaxSigners = 256

// decodeCMSInput accepts DER or PEM ("PKCS7", "CMS", "PKCS #7 SIGNED DATA") and returns the DER.
func decodeCMSInput(in []byte) ([]byte, error) {
	trimmed := bytes.TrimLeft(in, " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("-----BEGIN ")) {
		block, _ := pem.Decode(trimmed)
		if block == nil {
			return nil, cmsErrorf("invalid PEM block")
		}
		switch block.Type {
		case "PKCS7", "CMS", "PKCS #7 SIGNED DATA":
			return block.Bytes, nil
		}
		return nil, cmsErrorf("unexpected PEM block %q (want PKCS7 or CMS)", block.Type)
	}
	return in, nil
}

// parseCMS parses a ContentInfo holding SignedData, in DER or else in BER (re-encoded by berToDER).
func parseCMS(der []byte) (*cmsSignedData, error) {
	sd, err := parseContentInfoSignedData(der)
	if err == nil {
		return sd, nil
	}
	if normalised, berErr := berToDER(der); berErr == nil {
		if sd, berErr := parseContentInfoSignedData(normalised); berErr == nil {
			return sd, nil
		}
	}
	return nil, err
}

// parseContentInfoSignedData parses a DER ContentInfo holding SignedData.
func parseContentInfoSignedData(der []byte) (*cmsSignedData, error) {
	input := cryptobyte.String(der)
	var ci, content cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !input.ReadASN1(&ci, cbasn1.SEQUENCE) {
		return nil, cmsErrorf("ContentInfo is not a DER SEQUENCE")
	}
	if !input.Empty() {
		return nil, cmsErrorf("trailing data after ContentInfo")
	}
	if !ci.ReadASN1ObjectIdentifier(&ct) {
		return nil, cmsErrorf("ContentInfo: contentType")
	}
	if !ct.Equal(oidSignedData) {
		return nil, cmsErrorf("content type %s is not signedData", ct)
	}
	if !ci.ReadASN1(&content, cbasn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() {
		return nil, cmsErrorf("ContentInfo: content [0]")
	}
	return parseSignedData(content)
}

func parseSignedData(content cryptobyte.String) (*cmsSignedData, error) {
	var sd cryptobyte.String
	if !content.ReadASN1(&sd, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, cmsErrorf("SignedData is not a SEQUENCE")
	}
	out := &cmsSignedData{}
	if !sd.ReadASN1Int64WithTag(&out.Version, cbasn1.INTEGER) {
		return nil, cmsErrorf("SignedData: version")
	}
	var digestSet cryptobyte.String
	if !sd.ReadASN1(&digestSet, cbasn1.SET) {
		return nil, cmsErrorf("SignedData: digestAlgorithms")
	}
	for !digestSet.Empty() {
		a, err := readAlgorithmIdentifier(&digestSet)
		if err != nil {
			return nil, fmt.Errorf("SignedData digestAlgorithms: %w", err)
		}
		out.DigestAlgorithms = append(out.DigestAlgorithms, a)
	}
	if err := parseEncapContentInfo(&sd, out); err != nil {
		return nil, err
	}
	var certs cryptobyte.String
	var present bool
	if !sd.ReadOptionalASN1(&certs, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, cmsErrorf("SignedData: certificates")
	}
	for present && !certs.Empty() {
		var raw cryptobyte.String
		var tag cbasn1.Tag
		if !certs.ReadAnyASN1Element(&raw, &tag) {
			return nil, cmsErrorf("SignedData: certificate choice")
		}
		if tag != cbasn1.SEQUENCE {
			continue // attribute certificates and other formats carry no signer key
		}
		c, err := parseCertificate(raw)
		if err != nil {
			return nil, cmsErrorf("embedded certificate: %v", err)
		}
		out.Certificates = append(out.Certificates, c)
	}
	var crls cryptobyte.String
	if !sd.ReadOptionalASN1(&crls, &present, cbasn1.Tag(1).Constructed().ContextSpecific()) {
		return nil, cmsErrorf("SignedData: crls")
	}
	for present && !crls.Empty() {
		var raw cryptobyte.String
		var tag cbasn1.Tag
		if !crls.ReadAnyASN1Element(&raw, &tag) {
			return nil, cmsErrorf("SignedData: revocation info choice")
		}
		switch tag {
		case cbasn1.SEQUENCE:
			out.CRLs = append(out.CRLs, raw)
		case cbasn1.Tag(1).Constructed().ContextSpecific():
			// OtherRevocationInfoFormat: { otherRevInfoFormat OID, otherRevInfo ANY } (RFC 5940).
			var body, info cryptobyte.String
			var format asn1.ObjectIdentifier
			if !raw.ReadASN1(&body, tag) || !body.ReadASN1ObjectIdentifier(&format) {
				return nil, cmsErrorf("SignedData: other revocation info")
			}
			var t cbasn1.Tag
			if format.Equal(oidRIOCSPResponse) && body.ReadAnyASN1Element(&info, &t) {
				out.OCSPs = append(out.OCSPs, info)
			}
		}
	}
	var signers cryptobyte.String
	if !sd.ReadASN1(&signers, cbasn1.SET) {
		return nil, cmsErrorf("SignedData: signerInfos")
	}
	if !sd.Empty() {
		return nil, cmsErrorf("SignedData: trailing data")
	}
	for !signers.Empty() {
		if len(out.Signers) >= cmsMaxSigners {
			return nil, cmsErrorf("more than %d SignerInfos", cmsMaxSigners)
		}
		var si cryptobyte.String
		if !signers.ReadASN1(&si, cbasn1.SEQUENCE) {
			return nil, cmsErrorf("SignerInfo is not a SEQUENCE")
		}
		out.Signers = append(out.Signers, parseSignerInfo(si))
	}
	return out, nil
}

func parseEncapContentInfo(sd *cryptobyte.String, out *cmsSignedData) error {
	var eci cryptobyte.String
	if !sd.ReadASN1(&eci, cbasn1.SEQUENCE) {
		return cmsErrorf("SignedData: encapContentInfo")
	}
	if !eci.ReadASN1ObjectIdentifier(&out.EContentType) {
		return cmsErrorf("encapContentInfo: eContentType")
	}
	var explicit cryptobyte.String
	if !eci.ReadOptionalASN1(&explicit, &out.Attached, cbasn1.Tag(0).Constructed().ContextSpecific()) || !eci.Empty() {
		return cmsErrorf("encapContentInfo: eContent")
	}
	if !out.Attached {
		return nil
	}
	var tag cbasn1.Tag
	var octets cryptobyte.String
	if !explicit.ReadAnyASN1(&octets, &tag) || !explicit.Empty() {
		return cmsErrorf("encapContentInfo: eContent OCTET STRING")
	}
	switch tag {
	case cbasn1.OCTET_STRING:
		out.EContent = octets
	case cbasn1.OCTET_STRING | 0x20:
		// A constructed OCTET STRING of definite length (BER producers split content in segments).
		var buf []byte
		for !octets.Empty() {
			var seg cryptobyte.String
			if !octets.ReadASN1(&seg, cbasn1.OCTET_STRING) {
				return cmsErrorf("encapContentInfo: constructed eContent segment")
			}
			buf = append(buf, seg...)
		}
		out.EContent = buf
	default:
		return cmsErrorf("encapContentInfo: eContent is not an OCTET STRING")
	}
	if out.EContent == nil {
		out.EContent = []byte{}
	}
	return nil
}

func readAlgorithmIdentifier(s *cryptobyte.String) (algorithmIdentifier, error) {
	var seq cryptobyte.String
	var a algorithmIdentifier
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.OID) {
		return a, cmsErrorf("AlgorithmIdentifier")
	}
	if !seq.Empty() {
		var params cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1Element(&params, &tag) || !seq.Empty() {
			return a, cmsErrorf("AlgorithmIdentifier parameters")
		}
		if tag != cbasn1.NULL {
			a.Params = params
		}
	}
	return a, nil
}

// parseSignerInfo parses one SignerInfo; problems are recorded in Err so that other signers still verify.
func parseSignerInfo(si cryptobyte.String) cmsSignerInfo {
	var s cmsSignerInfo
	fail := func(what string) cmsSignerInfo {
		s.Err = cmsErrorf("SignerInfo: %s", what)
		return s
	}
	if !si.ReadASN1Int64WithTag(&s.Version, cbasn1.INTEGER) {
		return fail("version")
	}
	var sid cryptobyte.String
	var tag cbasn1.Tag
	if !si.ReadAnyASN1(&sid, &tag) {
		return fail("sid")
	}
	switch tag {
	case cbasn1.SEQUENCE:
		var issuer cryptobyte.String
		s.Serial = new(big.Int)
		if !sid.ReadAnyASN1Element(&issuer, &tag) || tag != cbasn1.SEQUENCE || !sid.ReadASN1Integer(s.Serial) || !sid.Empty() {
			return fail("issuerAndSerialNumber")
		}
		s.IssuerRaw = issuer
	case cbasn1.Tag(0).ContextSpecific():
		s.SubjectKeyID = sid
	default:
		return fail("unknown SignerIdentifier")
	}
	var err error
	if s.DigestAlg, err = readAlgorithmIdentifier(&si); err != nil {
		return fail("digestAlgorithm")
	}
	var attrs cryptobyte.String
	signedTag := cbasn1.Tag(0).Constructed().ContextSpecific()
	if si.PeekASN1Tag(signedTag) {
		var full cryptobyte.String
		if !si.ReadASN1Element(&full, signedTag) {
			return fail("signedAttrs")
		}
		// RFC 5652 §5.4: the signature covers the DER of signedAttrs with the EXPLICIT SET OF tag.
		s.SignedAttrsRaw = append([]byte{byte(cbasn1.SET)}, full[1:]...)
		if !full.ReadASN1(&attrs, signedTag) {
			return fail("signedAttrs")
		}
		s.HasSignedAttrs = true
		if s.SignedAttrs, err = parseAttributes(attrs); err != nil {
			return fail("signedAttrs: " + err.Error())
		}
	}
	if s.SigAlg, err = readAlgorithmIdentifier(&si); err != nil {
		return fail("signatureAlgorithm")
	}
	var sig cryptobyte.String
	if !si.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return fail("signature")
	}
	s.Signature = sig
	var unsigned cryptobyte.String
	var present bool
	if !si.ReadOptionalASN1(&unsigned, &present, cbasn1.Tag(1).Constructed().ContextSpecific()) || !si.Empty() {
		return fail("unsignedAttrs")
	}
	if present {
		if s.UnsignedAttrs, err = parseAttributes(unsigned); err != nil {
			return fail("unsignedAttrs: " + err.Error())
		}
	}
	return s
}

func parseAttributes(s cryptobyte.String) ([]cmsAttribute, error) {
	var out []cmsAttribute
	for !s.Empty() {
		var attr, values cryptobyte.String
		var a cmsAttribute
		if !s.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&a.Type) ||
			!attr.ReadASN1(&values, cbasn1.SET) || !attr.Empty() {
			return nil, errors.New("malformed Attribute")
		}
		for !values.Empty() {
			var v cryptobyte.String
			var tag cbasn1.Tag
			if !values.ReadAnyASN1Element(&v, &tag) {
				return nil, fmt.Errorf("attribute %s: malformed value", a.Type)
			}
			a.Values = append(a.Values, v)
		}
		out = append(out, a)
	}
	return out, nil
}

// findAttribute returns the attribute of the given type; several instances are an error (RFC 5652 §11).
func findAttribute(attrs []cmsAttribute, oid asn1.ObjectIdentifier) (*cmsAttribute, error) {
	var found *cmsAttribute
	for i := range attrs {
		if attrs[i].Type.Equal(oid) {
			if found != nil {
				return nil, cmsErrorf("attribute %s appears more than once", oid)
			}
			found = &attrs[i]
		}
	}
	return found, nil
}

// singleValue returns the only value of a single-valued attribute.
func (a *cmsAttribute) singleValue() (cryptobyte.String, error) {
	if len(a.Values) != 1 {
		return nil, cmsErrorf("attribute %s must have exactly one value, has %d", a.Type, len(a.Values))
	}
	return a.Values[0], nil
}

// parseASN1Time reads a UTCTime or GeneralizedTime (X.509 Time / CMS SigningTime).
func parseASN1Time(v cryptobyte.String) (time.Time, error) {
	var t time.Time
	switch {
	case v.PeekASN1Tag(cbasn1.UTCTime):
		if !v.ReadASN1UTCTime(&t) {
			return t, cmsErrorf("malformed UTCTime")
		}
	case v.PeekASN1Tag(cbasn1.GeneralizedTime):
		if !v.ReadASN1GeneralizedTime(&t) {
			return t, cmsErrorf("malformed GeneralizedTime")
		}
	default:
		return t, cmsErrorf("time is neither UTCTime nor GeneralizedTime")
	}
	if !v.Empty() {
		return t, cmsErrorf("trailing data after time")
	}
	return t, nil
}

// matches reports whether c is the certificate a SignerIdentifier names.
func (s *cmsSignerInfo) matches(c *x509.Certificate) bool {
	if s.SubjectKeyID != nil {
		return len(c.SubjectKeyId) > 0 && bytes.Equal(c.SubjectKeyId, s.SubjectKeyID)
	}
	return s.Serial != nil && c.SerialNumber.Cmp(s.Serial) == 0 && bytes.Equal(c.RawIssuer, s.IssuerRaw)
}

// wrapBasicOCSP wraps a BasicOCSPResponse (as CAdES revocation-values carries it) into an OCSPResponse.
func wrapBasicOCSP(basic []byte) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(0) // successful
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidOCSPBasic)
				b.AddASN1OctetString(basic)
			})
		})
	})
	return b.Bytes()
}
