package lgsp

import (
	"context"
	"io"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// Every call into edoc lives in this file, so a change of edoc's API touches one place.

// validatePackage validates an edXML package read from r in one pass under policy at time at.
func validatePackage(ctx context.Context, r io.Reader, policy ValidationPolicy, at time.Time, verify bool) (*diag.Report, error) {
	opts := edoc.ValidateOptions{Profile: policy.Profile, At: at}
	if verify {
		opts.Signatures = policy.Signatures
	}
	return edoc.Validate(ctx, r, opts)
}

// packageSummary is what the duplicate check matches on in the gateway's sent list.
type packageSummary struct {
	DocumentID string
	Notation   string // "number/notation"
	Subject    string
	To         []string
	Status     bool // a status package
}

// readSummary reads the header of a package (it stops after the header; attachments are not read).
func readSummary(r io.Reader) (packageSummary, error) {
	rd, err := edoc.NewReader(r, edoc.ReaderOptions{})
	if err != nil {
		return packageSummary{}, err
	}
	if rd.Kind() == edoc.KindStatus {
		st := rd.Status()
		return packageSummary{DocumentID: st.ResponseFor.DocumentID, Notation: st.ResponseFor.Code, Status: true}, nil
	}
	h := rd.Package().Header
	s := packageSummary{DocumentID: h.DocumentID, Notation: h.Code.String(), Subject: h.Subject}
	for _, o := range h.To {
		s.To = append(s.To, o.OrganID)
	}
	return s, nil
}

// writeStatus writes the edXML status package sp.
func writeStatus(w io.Writer, sp *edoc.StatusPackage) error { return edoc.WriteStatus(w, sp) }
