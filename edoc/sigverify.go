package edoc

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vnegov/egov/signature"
)

// NewSignatureVerifier returns a SignatureVerifier that verifies the package's XML-DSig signatures
// ("chữ ký số trên gói tin edXML") with signature.VerifyXML: streaming over the whole package, enveloped
// signatures over URI="" (the edXML case) and same-document references, each judged by the shared pipeline
// (chain to the trust anchors of opts, revocation, the algorithm policy in force at the signing time).
// Plug it into ValidateOptions.Signatures.
func NewSignatureVerifier(opts signature.VerifyOptions) SignatureVerifier {
	return xmlSignatureVerifier{opts: opts}
}

type xmlSignatureVerifier struct {
	opts signature.VerifyOptions
}

// VerifyEdXML reads the whole package from r and returns one verdict per signature found; a package
// without signatures gives no verdicts.
func (v xmlSignatureVerifier) VerifyEdXML(ctx context.Context, r io.Reader) ([]SignatureVerdict, error) {
	rep, err := signature.VerifyXML(ctx, r, v.opts)
	if err != nil {
		return nil, fmt.Errorf("edoc: verifying signatures: %w", err)
	}
	out := make([]SignatureVerdict, 0, len(rep.Signatures))
	for _, s := range rep.Signatures {
		vd := SignatureVerdict{
			Indication:    string(s.Indication),
			SubIndication: string(s.SubIndication),
			CoversPackage: s.Scope.WholeDocument,
		}
		if s.Signer != nil {
			vd.Signer = s.Signer.Subject
		}
		vd.Message, vd.MessageVI = verdictMessages(s)
		out = append(out, vd)
	}
	return out, nil
}

// verdictMessages joins the error messages of a report (or its warnings when there is no error) in both
// languages; a passed signature has none.
func verdictMessages(s signature.SignatureReport) (string, string) {
	if s.Indication == signature.TotalPassed {
		return "", ""
	}
	var en, vi []string
	for _, sev := range []signature.Severity{signature.SeverityError, signature.SeverityWarning} {
		for _, m := range s.Messages {
			if m.Severity == sev {
				en = append(en, m.EN)
				vi = append(vi, m.VI)
			}
		}
		if len(en) > 0 {
			break
		}
	}
	return strings.Join(en, "; "), strings.Join(vi, "; ")
}
