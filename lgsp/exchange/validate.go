package exchange

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// Findings of the agent itself (the package's own findings come from edoc with their EDOC-* codes).
var (
	// ruleSignatureRequired is a package delivered or refused without a signature that passed verification.
	ruleSignatureRequired = diag.Rule{Code: "EXCH-S001", Severity: diag.Error,
		Summary:   "A signature that passes verification is required.",
		Message:   "the package has no signature that passed verification, and the agent requires one",
		MessageVI: "gói tin không có chữ ký số hợp lệ, trong khi tác tử yêu cầu phải có"}
	// ruleUnsigned notes a valid unsigned package delivered because signatures are not required.
	ruleUnsigned = diag.Rule{Code: "EXCH-S002", Severity: diag.Warning,
		Summary:   "The package is delivered without a verified signature.",
		Message:   "the package is delivered without a signature that passed verification",
		MessageVI: "gói tin được chuyển giao khi chưa có chữ ký số được xác thực"}
)

// ruleCatalogue lists the agent's own rules.
var ruleCatalogue = diag.NewCatalogue(ruleSignatureRequired, ruleUnsigned)

// Rules returns a copy of the agent's own rules (EXCH-…), for SARIF and documentation.
func Rules() []diag.Rule { return ruleCatalogue.Rules() }

// The stable edoc codes the agent reads in a validation report (edoc.LookupRule documents them).
const (
	codeSignaturePresent = "EDOC-G002" // a signature is present
	codeSignaturePassed  = "EDOC-G009" // a signature verified TOTAL_PASSED
)

// check validates and verifies the spooled package at path and returns its findings, the decision, and the
// header of a document package (nil for a status package or an unreadable one). Signatures are required of
// document packages only: gateways and systems send status packages unsigned.
func (a *Agent) check(ctx context.Context, path string, document bool) (rep *diag.Report, accept bool, hdr *edoc.MessageHeader, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, nil, fmt.Errorf("exchange: reading the spooled package: %w", err)
	}
	defer f.Close()
	rep, err = edoc.Validate(ctx, f, edoc.ValidateOptions{Profile: a.opts.Profile, At: a.now(),
		Signatures: a.opts.Signatures, Reader: a.opts.Reader})
	if err != nil {
		return nil, false, nil, fmt.Errorf("exchange: validating: %w", err)
	}
	if document && !signed(rep, a.opts.Signatures != nil) {
		if a.opts.RequireSignature {
			rep.Add(ruleSignatureRequired.New(""))
		} else {
			rep.Add(ruleUnsigned.New(""))
		}
	}
	hdr = readHeader(path)
	return rep, !rep.HasErrors(), hdr, nil
}

// signed reports whether a signature passed verification (or, with no verifier, whether one is present).
func signed(rep *diag.Report, verified bool) bool {
	if verified {
		return rep.Has(codeSignaturePassed)
	}
	return rep.Has(codeSignaturePresent)
}

// readHeader reads the header of a document package, nil for a status package or unreadable input.
func readHeader(path string) *edoc.MessageHeader {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	rd, err := edoc.NewReader(f, edoc.ReaderOptions{})
	if err != nil || rd.Kind() == edoc.KindStatus {
		return nil
	}
	h := rd.Package().Header
	return &h
}

// statusPackage is the edXML status with which this agency answers hdr: 03 "đã tiếp nhận" (accepted) or 02 "từ
// chối" (rejected, with the findings as the reason), stamped with the time of the decision so that every
// attempt builds the same bytes and the gateway's duplicate check recognises a resent one.
func (a *Agent) statusPackage(hdr *edoc.MessageHeader, accepted bool, reason string, at time.Time) *edoc.StatusPackage {
	self := a.opts.Organization
	if self.OrganID == "" && len(hdr.To) == 1 {
		self = hdr.To[0]
	}
	code := edoc.StatusAccepted
	if !accepted {
		code = edoc.StatusRejected
	}
	if len([]rune(reason)) > 500 {
		reason = string([]rune(reason)[:497]) + "..."
	}
	return edoc.NewStatus(hdr, self, code, at, reason)
}
