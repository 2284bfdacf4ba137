package exchange

import (
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/edoc/edocsig"
	"github.com/vnegov/egov/signature"
)

// The one call into the edoc↔signature adapter lives here, so its move to its own package touches one line.

// NewSignatureVerifier returns the verifier of edXML signatures (XML-DSig through the signature package) with
// opts: trust anchors, revocation and the algorithm policy. Give it to Options.Signatures.
func NewSignatureVerifier(opts signature.VerifyOptions) edoc.SignatureVerifier {
	return edocsig.NewVerifier(opts)
}
