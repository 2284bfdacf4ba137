package signature

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
)

// Report is the result of verifying every signature found in one input. Its JSON form is stable, with
// snake_case keys, ETSI names as values, numbers as numbers and absent times left out (never a Go zero time):
//
//	{"signatures":[{"format":"CMS","id":"#1","indication":"TOTAL_FAILED","indication_uri":"urn:etsi:…",
//	  "sub_indication":"REVOKED_NO_POE","sub_indication_uri":"urn:etsi:…","signer":{…},"signing_time":"…",
//	  "timestamp_time":"…","policy":"current","chain":[…],"revocation":{…},"algorithms":[…],"scope":{…},
//	  "messages":[{"code":"SIG-RESULT","severity":"error","message":"…","message_vi":"…"}]}]}
//
// Messages are diag.Diagnostic values, the one findings model of egov. Field names never change; new fields
// may be added.
type Report struct {
	Signatures []SignatureReport `json:"signatures"`
	PDF        *PDFDocumentInfo  `json:"pdf,omitempty"` // PDF input only: revisions and the NĐ 30/2020 view
}

// Indication returns the overall verdict: TOTAL_FAILED if any signature failed, INDETERMINATE if none failed
// but any is indeterminate, TOTAL_PASSED if all passed. A report without signatures is INDETERMINATE with
// SIGNED_DATA_NOT_FOUND semantics (nothing was proven).
func (r *Report) Indication() Indication {
	if r == nil || len(r.Signatures) == 0 {
		return Indeterminate
	}
	worst := TotalPassed
	for _, s := range r.Signatures {
		if s.Indication.rank() > worst.rank() {
			worst = s.Indication
		}
	}
	return worst
}

// SignatureReport is the ETSI EN 319 102-1 style result of one signature ("kết quả xác thực chữ ký").
type SignatureReport struct {
	Format           Format            `json:"format"`                   // XML-DSig, CMS, PDF
	ID               string            `json:"id,omitempty"`             // Id attribute or "#n"
	Indication       Indication        `json:"indication"`               // TOTAL_PASSED, TOTAL_FAILED, INDETERMINATE
	IndicationURI    string            `json:"indication_uri"`           // urn:etsi:019102:mainindication:…
	SubIndication    SubIndication     `json:"sub_indication,omitempty"` // ETSI Table 5 name, empty when passed
	SubIndicationURI string            `json:"sub_indication_uri,omitempty"`
	Signer           *CertificateInfo  `json:"signer,omitempty"`         // the signing certificate
	SigningTime      *time.Time        `json:"signing_time,omitempty"`   // claimed signing time (signer's clock)
	TimestampTime    *time.Time        `json:"timestamp_time,omitempty"` // proof of existence from a verified time stamp
	Policy           string            `json:"policy,omitempty"`         // name of the algorithm policy applied
	Chain            []CertificateInfo `json:"chain"`                    // signer first, trust anchor last
	Revocation       *RevocationInfo   `json:"revocation,omitempty"`     // evidence used for the signing certificate
	CARevocation     []RevocationInfo  `json:"ca_revocation,omitempty"`  // evidence used for intermediate CAs
	Algorithms       []AlgorithmCheck  `json:"algorithms"`               // every algorithm judged by the policy
	Scope            Scope             `json:"scope"`                    // what the signature covers
	Messages         []diag.Diagnostic `json:"messages"`                 // findings, English and Vietnamese
	// PDF signatures only (pdfreport.go): the signature dictionary, whether it covers the whole file, and
	// what every later revision changed.
	PDF                 *PDFSignatureInfo   `json:"pdf,omitempty"`
	CoversWholeDocument *bool               `json:"covers_whole_document,omitempty"`
	LaterRevisions      []PDFRevisionChange `json:"later_revisions,omitempty"` // empty when none
	// Err is the typed error behind a non-passed verdict (for errors.As), nil when TOTAL_PASSED.
	Err error `json:"-"`
}

// CertificateInfo describes one certificate in a report.
type CertificateInfo struct {
	Subject           string    `json:"subject"`
	Serial            string    `json:"serial"` // upper-case hexadecimal
	Issuer            string    `json:"issuer"`
	NotBefore         time.Time `json:"not_before,omitzero"`
	NotAfter          time.Time `json:"not_after,omitzero"`
	FingerprintSHA256 string    `json:"fingerprint_sha256"` // colon-separated upper-case hex, as openssl prints
	Anchor            string    `json:"anchor,omitempty"`   // trust-store name when the certificate is an anchor
}

// DescribeCertificate returns the report form of c.
func DescribeCertificate(c *x509.Certificate) CertificateInfo {
	return CertificateInfo{
		Subject:           c.Subject.String(),
		Serial:            strings.ToUpper(c.SerialNumber.Text(16)),
		Issuer:            c.Issuer.String(),
		NotBefore:         c.NotBefore.UTC(),
		NotAfter:          c.NotAfter.UTC(),
		FingerprintSHA256: Fingerprint(c.Raw),
	}
}

// Fingerprint returns the SHA-256 fingerprint of der as colon-separated upper-case hex (openssl's format).
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// RevocationSource says where revocation evidence came from.
type RevocationSource string

// Revocation evidence sources.
const (
	SourceCRL      RevocationSource = "crl"      // a CRL fetched from a distribution point (or the cache)
	SourceOCSP     RevocationSource = "ocsp"     // an OCSP response fetched from the responder (or the cache)
	SourceEmbedded RevocationSource = "embedded" // a CRL or OCSP response carried inside the signature
	SourceSupplied RevocationSource = "supplied" // a CRL or OCSP response supplied by the caller (VerifyOptions, --crl)
)

// phrase names the source in both languages for messages (the JSON keeps the enumeration value).
func (s RevocationSource) phrase() diag.Phrase {
	vi := map[RevocationSource]string{SourceCRL: "CRL tải về", SourceOCSP: "OCSP tải về",
		SourceEmbedded: "kèm trong chữ ký", SourceSupplied: "do người dùng cung cấp"}[s]
	if vi == "" {
		vi = string(s)
	}
	return diag.Phrase{EN: string(s), VI: vi}
}

// RevocationStatus is the status a revocation datum gives a certificate.
type RevocationStatus string

// Revocation statuses. Unavailable means no usable datum was found (→ INDETERMINATE/TRY_LATER).
const (
	StatusGood        RevocationStatus = "good"
	StatusRevoked     RevocationStatus = "revoked"
	StatusUnknown     RevocationStatus = "unknown"
	StatusUnavailable RevocationStatus = "unavailable"
)

// RevocationInfo is the revocation evidence used for one certificate.
type RevocationInfo struct {
	Certificate string           `json:"certificate"`           // subject of the certificate checked
	Source      RevocationSource `json:"source,omitempty"`      // crl, ocsp, embedded
	Kind        string           `json:"kind,omitempty"`        // "crl" or "ocsp" (what the datum is)
	URL         string           `json:"url,omitempty"`         // where it was fetched from, if fetched
	ProducedAt  *time.Time       `json:"produced_at,omitempty"` // OCSP producedAt
	ThisUpdate  *time.Time       `json:"this_update,omitempty"`
	NextUpdate  *time.Time       `json:"next_update,omitempty"`
	Status      RevocationStatus `json:"status"`
	RevokedAt   *time.Time       `json:"revoked_at,omitempty"`
	Reason      string           `json:"reason,omitempty"` // RFC 5280 CRLReason name
	Problems    []string         `json:"problems,omitempty"`
}

// AlgorithmCheck is the policy's judgement on one algorithm use.
type AlgorithmCheck struct {
	Purpose   string     `json:"purpose"`   // digest, signature, timestamp, certificate
	Algorithm string     `json:"algorithm"` // e.g. SHA-256, RSA-PSS, ECDSA
	KeyBits   int        `json:"key_bits,omitempty"`
	Result    Indication `json:"result"`            // PASSED or FAILED
	Warning   bool       `json:"warning,omitempty"` // accepted only by a legacy policy
	Policy    string     `json:"policy"`
}

// ValidationError is the typed error of a signature that did not pass, like crypto/x509's
// CertificateInvalidError: it carries the verdict, the certificate concerned (if any) and the cause.
type ValidationError struct {
	Indication    Indication
	SubIndication SubIndication
	Cert          *x509.Certificate // the certificate the failure is about, nil if none
	Err           error             // the underlying cause, if any
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *ValidationError) Error() string {
	s := "signature: " + string(e.Indication)
	if e.SubIndication != "" {
		s += "/" + string(e.SubIndication)
	}
	if e.Cert != nil {
		s += fmt.Sprintf(" (certificate %q)", e.Cert.Subject.String())
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *ValidationError) Unwrap() error { return e.Err }

// UnknownAuthorityError reports that no path from the signing certificate reaches a selected trust anchor,
// like x509.UnknownAuthorityError.
type UnknownAuthorityError struct {
	Cert   *x509.Certificate
	Reason string
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *UnknownAuthorityError) Error() string {
	return fmt.Sprintf("signature: certificate %q does not chain to a trusted root: %s", e.Cert.Subject.String(), e.Reason)
}

// RevokedError reports a revoked certificate.
type RevokedError struct {
	Cert      *x509.Certificate
	RevokedAt time.Time
	Reason    string
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *RevokedError) Error() string {
	return fmt.Sprintf("signature: certificate %q revoked at %s (%s)", e.Cert.Subject.String(), e.RevokedAt.UTC().Format(time.RFC3339), e.Reason)
}

// RevocationUnavailableError reports that no usable revocation information could be obtained.
type RevocationUnavailableError struct {
	Cert     *x509.Certificate
	Problems []string
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *RevocationUnavailableError) Error() string {
	return fmt.Sprintf("signature: no usable revocation information for %q: %s", e.Cert.Subject.String(), strings.Join(e.Problems, "; "))
}

// PolicyError reports an algorithm the applied policy rejects.
type PolicyError struct {
	Policy string
	Use    string
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *PolicyError) Error() string {
	return fmt.Sprintf("signature: policy %q rejects %s", e.Policy, e.Use)
}
