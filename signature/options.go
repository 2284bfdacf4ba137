package signature

import (
	"crypto/x509"
	"net/http"
	"time"
)

// RevocationMode chooses how revocation status is obtained. The zero value is PreferOCSP (OCSP first, then
// CRL), the order EU DSS uses by default.
type RevocationMode int

// Revocation modes.
const (
	// PreferOCSP tries embedded/supplied material, then (online) OCSP, then (online) CRL distribution points.
	PreferOCSP RevocationMode = iota
	// PreferCRL tries embedded/supplied material, then (online) CRL distribution points, then (online) OCSP.
	PreferCRL
	// Offline uses only the material embedded in the signature or supplied in VerifyOptions and never
	// touches the network, even when Online is set.
	Offline
	// RequireFresh behaves like PreferOCSP but accepts a "good" status only from information issued after the
	// signing time (ETSI EN 319 102-1 revocation freshness): a CRL current at the validation time but issued
	// before the signature was made does not count.
	RequireFresh
)

// String returns the mode's name as the CLI spells it.
func (m RevocationMode) String() string {
	switch m {
	case PreferOCSP:
		return "prefer-ocsp"
	case PreferCRL:
		return "prefer-crl"
	case Offline:
		return "offline"
	case RequireFresh:
		return "require-fresh"
	}
	return "unknown"
}

// Default limits applied when the corresponding VerifyOptions field is zero.
const (
	DefaultMaxSize       = 1 << 30 // 1 GiB of signed input
	DefaultMaxCRLSize    = 64 << 20
	DefaultMaxOCSPSize   = 64 << 10
	DefaultMaxCertSize   = 64 << 10
	DefaultFetchTimeout  = 15 * time.Second
	DefaultMaxChainDepth = 8
	DefaultMaxChains     = 16
)

// VerifyOptions configures signature verification, in the manner of x509.VerifyOptions: the zero value
// verifies against DefaultTrustStore(), picks the policy by signing time from DefaultPolicies(), uses only
// embedded revocation material (no network unless Online), and validates at time.Now().
type VerifyOptions struct {
	// Roots holds the trust anchors; nil means DefaultTrustStore().
	Roots *TrustStore
	// Anchors selects anchors of Roots by name; empty means all of them.
	Anchors []string
	// Intermediates are extra CA certificates usable to build chains.
	Intermediates []*x509.Certificate
	// Policy forces one algorithm policy; nil chooses from Policies by the signing time.
	Policy *Policy
	// PolicyName forces the policy of Policies with that name (CLI --policy); an unknown name gives
	// INDETERMINATE/SIGNATURE_POLICY_NOT_AVAILABLE.
	PolicyName string
	// Policies is the dated policy set; nil means DefaultPolicies().
	Policies PolicySet
	// Revocation chooses how revocation status is obtained.
	Revocation RevocationMode
	// CRLs are DER (or PEM) CRLs supplied by the caller, used like embedded ones.
	CRLs [][]byte
	// OCSPResponses are DER OCSP responses supplied by the caller, used like embedded ones.
	OCSPResponses [][]byte
	// Online allows network access: AIA caIssuers, CRL distribution points, OCSP responders.
	Online bool
	// HTTPClient is used for online fetching; nil means a client with FetchTimeout.
	HTTPClient *http.Client
	// OCSPNonce asks OCSP responders for a nonce and requires it echoed.
	OCSPNonce bool
	// At is the validation time; zero means time.Now().
	At time.Time
	// MaxSize caps the signed input read by Verify (bytes); zero means DefaultMaxSize.
	MaxSize int64
	// MaxCRLSize caps a fetched CRL (bytes); zero means DefaultMaxCRLSize.
	MaxCRLSize int64
	// MaxOCSPSize caps an OCSP response (bytes); zero means DefaultMaxOCSPSize.
	MaxOCSPSize int64
	// FetchTimeout bounds each network fetch; zero means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// MaxChainDepth bounds certificate paths; zero means DefaultMaxChainDepth.
	MaxChainDepth int
	// XMLLookahead is how many bytes of an XML document VerifyXML keeps in memory while it looks for the first
	// Signature element; a document whose signatures come later is spooled to a file in TempDir and read twice.
	// Zero means DefaultXMLLookahead (8 MiB).
	XMLLookahead int
	// TempDir is the directory of XML spool files; "" means os.TempDir().
	TempDir string
	// Cache shares fetched CRLs and OCSP responses across calls; nil means a cache private to the call.
	Cache *RevocationCache
	// ExtKeyUsages the signing certificate must allow when it carries an EKU extension; empty accepts any
	// EKU (public-duty certificates carry emailProtection, clientAuth or document-signing EKUs).
	ExtKeyUsages []x509.ExtKeyUsage
	// PDF configures PDF verification: structure limits, the NĐ 30/2020 roles, annotations after signing.
	PDF PDFOptions
}

func (o *VerifyOptions) at() time.Time {
	if o.At.IsZero() {
		return time.Now()
	}
	return o.At
}

func (o *VerifyOptions) maxSize() int64 { return orDefault(o.MaxSize, DefaultMaxSize) }

func (o *VerifyOptions) xmlLookahead() int {
	if o.XMLLookahead > 0 {
		return o.XMLLookahead
	}
	return DefaultXMLLookahead
}

func (o *VerifyOptions) maxCRLSize() int64 { return orDefault(o.MaxCRLSize, DefaultMaxCRLSize) }

func (o *VerifyOptions) maxOCSPSize() int64 { return orDefault(o.MaxOCSPSize, DefaultMaxOCSPSize) }

func (o *VerifyOptions) fetchTimeout() time.Duration {
	if o.FetchTimeout <= 0 {
		return DefaultFetchTimeout
	}
	return o.FetchTimeout
}

func (o *VerifyOptions) maxDepth() int {
	if o.MaxChainDepth <= 0 {
		return DefaultMaxChainDepth
	}
	return o.MaxChainDepth
}

func (o *VerifyOptions) online() bool { return o.Online && o.Revocation != Offline }

func (o *VerifyOptions) httpClient() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	return &http.Client{Timeout: o.fetchTimeout()}
}

func orDefault(v, d int64) int64 {
	if v <= 0 {
		return d
	}
	return v
}
