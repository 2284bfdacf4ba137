// Package edocsig verifies the XML signatures of edXML packages ("chữ ký số trên gói tin edXML") with package
// signature, for edoc.Validate. It is the adapter between the two: edoc itself never imports signature, so a
// program that only reads or writes packages does not link the signature stack (X.509 path building, CRL and
// OCSP clients, net/http).
//
// Signatures of edXML packages follow QCVN 102:2016 and its amendment SĐ1:2022 (an enveloped XML-DSig signature
// over the whole package), judged under the algorithm policy of Thông tư 15/2025/TT-BKHCN in force at the
// signing time.
//
//	opts := edoc.ValidateOptions{Signatures: edocsig.NewVerifier(signature.VerifyOptions{Roots: roots})}
//	rep, err := edoc.Validate(ctx, f, opts)
package edocsig

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/signature"
)

// NewVerifier returns an edoc.SignatureVerifier that verifies the package's XML-DSig signatures with
// signature.VerifyXML: streaming over the whole package, enveloped signatures over URI="" (the edXML case) and
// same-document references, each judged by the shared pipeline (chain to the trust anchors of opts, revocation,
// the algorithm policy in force at the signing time). Plug it into edoc.ValidateOptions.Signatures.
func NewVerifier(opts signature.VerifyOptions) edoc.SignatureVerifier {
	return verifier{opts: opts}
}

type verifier struct {
	opts signature.VerifyOptions
}

// VerifyEdXML reads the whole package from r and returns one verdict per signature found; a package
// without signatures gives no verdicts.
func (v verifier) VerifyEdXML(ctx context.Context, r io.Reader) ([]edoc.SignatureVerdict, error) {
	rep, err := signature.VerifyXML(ctx, r, v.opts)
	if err != nil {
		return nil, fmt.Errorf("edocsig: verifying signatures: %w", err)
	}
	out := make([]edoc.SignatureVerdict, 0, len(rep.Signatures))
	for _, s := range rep.Signatures {
		vd := edoc.SignatureVerdict{
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
	for _, sev := range []diag.Severity{diag.Error, diag.Warning} {
		for _, m := range s.Messages {
			if m.Severity == sev {
				en = append(en, m.Message)
				vi = append(vi, m.MessageVI)
			}
		}
		if len(en) > 0 {
			break
		}
	}
	return strings.Join(en, "; "), strings.Join(vi, "; ")
}
