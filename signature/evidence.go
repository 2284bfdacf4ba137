package signature

import (
	"crypto"
	"crypto/x509"
	"time"
)

// Format identifies a signature format.
type Format string

// The signature formats egov understands.
const (
	FormatXMLDSig Format = "XML-DSig"
	FormatCMS     Format = "CMS"
	FormatPDF     Format = "PDF"
)

// evidence is what a format parser found about one signature, before any certificate/policy judgement.
//
// Format parsers (xmldsig*.go, cms*.go, later pdf*.go) fill one evidence per signature and hand it to the
// shared pipeline (*VerifyOptions).validate(ctx, ev) in pipeline.go, which returns the ETSI EN 319 102-1
// style SignatureReport: chain building, revocation, policy chosen by signing time, messages in English and
// Vietnamese. A parser never judges certificates itself.
type evidence struct {
	Format       Format
	ID           string              // Id attribute, or "#1", "#2" …
	FormatErr    error               // structural problem → TOTAL_FAILED/FORMAT_FAILURE
	SignerCert   *x509.Certificate   // nil → INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND
	Certificates []*x509.Certificate // every certificate the signature carries (chain candidates)
	HashErr      error               // a reference/messageDigest mismatch → TOTAL_FAILED/HASH_FAILURE
	SignatureErr error               // signature value does not verify → TOTAL_FAILED/SIG_CRYPTO_FAILURE
	Algorithms   []AlgorithmUse      // every digest and signature algorithm used, for the policy check
	SigningTime  time.Time           // claimed signing time (zero if none)
	// SigningTimeZoneless says that SigningTime was written without a zone (an xs:dateTime of a Vietnamese
	// e-invoice) and read as Vietnam time; SigningTimeText is the value as written.
	SigningTimeZoneless bool
	SigningTimeText     string
	Timestamp           *TimestampEvidence // verified RFC 3161 signature time stamp, nil if none
	CRLs                [][]byte           // DER CRLs embedded in the signature
	OCSPs               [][]byte           // DER OCSP responses embedded in the signature
	Scope               Scope              // what was actually signed
	// SignedDataErr reports that the signed data cannot be obtained (e.g. detached content not supplied)
	// → INDETERMINATE/SIGNED_DATA_NOT_FOUND. Added by CORE; nil otherwise.
	SignedDataErr error
	PDF           *pdfEvidence // coverage and later revisions of a PDF signature (pdfverify.go), nil otherwise
}

// AlgorithmUse records one digest or signature algorithm a signature uses, so the policy in force at the
// signing time can accept or reject it.
type AlgorithmUse struct {
	Purpose   string                  // "digest", "signature", "timestamp"
	URI       string                  // XML algorithm URI or ASN.1 OID string
	Hash      crypto.Hash             // 0 if unknown
	PublicKey x509.PublicKeyAlgorithm // for signatures
	KeyBits   int                     // RSA modulus bits / EC curve bits
	PSS       bool                    // RSASSA-PSS rather than PKCS#1 v1.5
}

// TimestampEvidence is a verified RFC 3161 signature time stamp ("dấu thời gian", Luật GDĐT 2023 Điều 31):
// proof that the signature existed at Time.
type TimestampEvidence struct {
	Time         time.Time           // genTime of the time-stamp token
	TSACert      *x509.Certificate   // the time-stamping authority's certificate
	Certificates []*x509.Certificate // certificates carried by the token
	Err          error               // non-nil when the token does not verify; Time is then not trusted
}

// Scope says what a signature actually covers, to defeat signature wrapping: callers trust only this.
type Scope struct {
	WholeDocument bool     `json:"whole_document"` // an enveloped Reference URI="" (edXML: the whole package is covered)
	References    []string `json:"references"`     // URIs / Ids / "detached content" actually signed
}
