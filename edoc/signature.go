package edoc

import (
	"context"
	"io"
)

// SignatureVerifier verifies the XML signatures of a whole edXML package.
type SignatureVerifier interface {
	// VerifyEdXML reads the whole package from r and returns one verdict per signature found.
	VerifyEdXML(ctx context.Context, r io.Reader) ([]SignatureVerdict, error)
}

// SignatureVerdict is the outcome of verifying one signature of a package. Its explanation uses the keys of
// diag.Diagnostic (message, message_vi). Package edoc/edocsig adapts package signature to produce it.
type SignatureVerdict struct {
	// Indication is the ETSI EN 319 102-1 main indication: TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE.
	Indication string `json:"indication"`
	// SubIndication is the ETSI sub-indication (HASH_FAILURE, REVOKED_NO_POE…), empty when passed.
	SubIndication string `json:"sub_indication,omitempty"`
	// Signer is the subject of the signing certificate, "" when unknown.
	Signer string `json:"signer,omitempty"`
	// CoversPackage reports whether the signature covers the whole package (Reference URI="").
	CoversPackage bool `json:"covers_package"`
	// Message explains a verdict other than TOTAL_PASSED in English.
	Message string `json:"message,omitempty"`
	// MessageVI explains a verdict other than TOTAL_PASSED in Vietnamese.
	MessageVI string `json:"message_vi,omitempty"`
}

// Algorithm URIs the presence report recognises.
const (
	// AlgRSASHA1 is RSA with SHA-1, seen in packages signed before SHA-256 became the rule.
	AlgRSASHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	// AlgSHA1 is the SHA-1 digest.
	AlgSHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
	// AlgExcC14N is exclusive canonicalization.
	AlgExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
	// AlgExcC14NAlias is the non-standard alias of exclusive canonicalization found in SDK samples.
	AlgExcC14NAlias = "http://www.w3.org/TR/xml-exc-c14n#"
)

// Indications of SignatureVerdict, as ETSI EN 319 102-1 names them.
const (
	IndicationPassed        = "TOTAL_PASSED"
	IndicationFailed        = "TOTAL_FAILED"
	IndicationIndeterminate = "INDETERMINATE"
)

// usesSHA1 reports the SHA-1 algorithm URIs a signature names.
func (s SignatureInfo) usesSHA1() []string {
	var out []string
	for _, u := range append([]string{s.SignatureMethod}, s.DigestMethods...) {
		if u == AlgRSASHA1 || u == AlgSHA1 || u == "http://www.w3.org/2000/09/xmldsig#dsa-sha1" ||
			u == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1" {
			out = append(out, u)
		}
	}
	return out
}

// CoversPackage reports whether the signature has a reference to the whole document (URI="").
func (s SignatureInfo) CoversPackage() bool {
	for _, u := range s.ReferenceURIs {
		if u == "" {
			return true
		}
	}
	return false
}
