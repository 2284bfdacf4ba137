package signature

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/vnegov/egov/diag"
	"io"
	"os"
	"slices"
	"time"
)

// pdfEvidence is what the PDF reader found about one signature besides its cryptography: coverage and the
// judgement of every later revision. The pipeline turns it into verdicts (pdfChecks).
type pdfEvidence struct {
	info     PDFSignatureInfo
	covers   bool
	later    []PDFRevisionChange
	unclear  []int // indexes into later of revisions the rules do not decide
	trailing int64
	end      int64 // end of the signed bytes
}

// VerifyPDF verifies every signature and document time stamp of the PDF in r (size bytes): the structure of
// each signature dictionary (/ByteRange starts at 0, has two ranges whose gap is exactly /Contents, and ends
// at the end of a revision), the CMS signature or RFC 3161 token over the signed bytes (hashed from r, never
// loaded), and what every later revision changed, judged by the signature's DocMDP and FieldMDP permissions
// (ISO 32000-1 §12.8; ETSI EN 319 142-1). Each signature then goes through the shared pipeline (chain,
// revocation with the DSS material of the file, policy at the signing time). A change not allowed after a
// signature makes it TOTAL_FAILED/FORMAT_FAILURE; a change the rules do not decide, or bytes after the last
// %%EOF, make it INDETERMINATE/SIG_CONSTRAINTS_FAILURE: a PDF is TOTAL_PASSED only when what a reader shows
// is what was signed plus allowed additions. The report's PDF field gives the NĐ 30/2020 view.
//
// Errors are for I/O failures, limits (VerifyOptions.MaxSize, PDFOptions.Limits) and files whose structure
// cannot be read (errors wrapping the "malformed PDF" cause); a signature that does not verify is a result.
func VerifyPDF(ctx context.Context, r io.ReaderAt, size int64, opts VerifyOptions) (*Report, error) {
	if size > opts.maxSize() {
		return nil, ErrTooLarge
	}
	f, err := openPDF(r, size, opts.PDF.Limits)
	if err != nil {
		return nil, err
	}
	sigs, err := f.findSignatures()
	if err != nil {
		return nil, err
	}
	v := &pdfVerification{o: &opts, f: f, changes: map[int][]pdfChange{}}
	if err := v.loadDSS(); err != nil {
		return nil, err
	}
	evs := make([]*evidence, 0, len(sigs))
	for _, s := range sigs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("signature: %w", err)
		}
		ev, err := v.evidence(ctx, s)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	slices.SortStableFunc(evs, func(a, b *evidence) int { return cmp.Compare(a.PDF.end, b.PDF.end) })
	v.documentTimestampsAsPOE(evs)
	rep := &Report{Signatures: make([]SignatureReport, 0, len(evs)), PDF: &PDFDocumentInfo{Revisions: len(f.Revisions), TrailingBytes: f.Trailing}}
	for _, ev := range evs {
		r := opts.validate(ctx, ev)
		info := ev.PDF.info
		covers := ev.PDF.covers
		r.PDF, r.CoversWholeDocument, r.LaterRevisions = &info, &covers, ev.PDF.later
		rep.Signatures = append(rep.Signatures, r)
	}
	certs := make([]*x509.Certificate, len(evs))
	for i, ev := range evs {
		certs[i] = ev.SignerCert
	}
	rep.PDF.ND30 = nd30View(rep, certs, opts.PDF.Role)
	return rep, nil
}

// verifyPDFInput verifies a PDF given to Verify as a stream: an *os.File (any io.ReaderAt that can seek) is
// read in place; another reader is spooled to a temporary file in VerifyOptions.TempDir first.
func verifyPDFInput(ctx context.Context, input io.Reader, buffered io.Reader, opts VerifyOptions) (*Report, error) {
	if ra, ok := input.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		if size, err := ra.Seek(0, io.SeekEnd); err == nil { // a pipe cannot seek: spool it like any reader
			return VerifyPDF(ctx, ra, size, opts)
		}
	}
	tmp, err := os.CreateTemp(opts.TempDir, "egov-pdf-*")
	if err != nil {
		return nil, fmt.Errorf("signature: spooling PDF: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	size, err := io.Copy(tmp, ctxReader{ctx, buffered})
	if err != nil {
		return nil, fmt.Errorf("signature: spooling PDF: %w", err)
	}
	return VerifyPDF(ctx, tmp, size, opts)
}

// pdfVerification is one run of VerifyPDF.
type pdfVerification struct {
	o       *VerifyOptions
	f       *pdfFile
	changes map[int][]pdfChange
	certs   []*x509.Certificate
	crls    [][]byte
	ocsps   [][]byte
}

// loadDSS reads the Document Security Store of the last revision (ETSI EN 319 142-1 §5.4.2): certificates,
// CRLs and OCSP responses added for long-term validation, used like material embedded in each signature.
func (v *pdfVerification) loadDSS() error {
	f := v.f
	last := len(f.Revisions)
	root, err := f.dict(last, f.Revisions[last-1].Trailer["Root"])
	if err != nil || root == nil {
		return err
	}
	dss, err := f.dict(last, root["DSS"])
	if err != nil || dss == nil {
		return err
	}
	read := func(key pdfName) ([][]byte, error) {
		arr, err := f.array(last, dss[key])
		if err != nil {
			return nil, err
		}
		if len(arr) > 10_000 {
			return nil, pdfErrorf("DSS /%s has more than 10000 entries", key)
		}
		var out [][]byte
		total := int64(0)
		for _, x := range arr {
			sv, err := f.resolve(last, x)
			if err != nil {
				return nil, err
			}
			st, ok := sv.(*pdfStream)
			if !ok {
				continue
			}
			data, err := f.decodeStream(st)
			if err != nil {
				return nil, err
			}
			if total += int64(len(data)); total > f.lim.MaxStreamSize {
				return nil, pdfErrorf("DSS /%s holds more than %d bytes (limit MaxStreamSize)", key, f.lim.MaxStreamSize)
			}
			out = append(out, data)
		}
		return out, nil
	}
	certs, err := read("Certs")
	if err != nil {
		return err
	}
	for _, der := range certs {
		if c, err := parseCertificate(der); err == nil {
			v.certs = append(v.certs, c)
		}
	}
	if v.crls, err = read("CRLs"); err != nil {
		return err
	}
	v.ocsps, err = read("OCSPs")
	return err
}

// evidence builds the evidence of one signature field.
func (v *pdfVerification) evidence(ctx context.Context, s *pdfSigField) (*evidence, error) {
	f := v.f
	pe := &pdfEvidence{trailing: f.Trailing, info: PDFSignatureInfo{Field: s.Name, SubFilter: s.SubFilter, Kind: "approval",
		Revisions: len(f.Revisions), ByteRange: s.ByteRange, Reason: s.Reason, Location: s.Location, Name: s.SignerName,
		ContactInfo: s.ContactInfo, DocMDP: s.DocMDP, FieldMDP: s.FieldMDP}}
	if s.ByteRange == nil {
		pe.info.ByteRange = []int64{}
	}
	switch {
	case s.DocTS:
		pe.info.Kind, pe.info.Role = "document_timestamp", RoleTimestamp
	case s.DocMDP > 0:
		pe.info.Kind = "certification"
	}
	if !s.M.IsZero() {
		m := s.M
		pe.info.Time = &m
	}
	ev := &evidence{Format: FormatPDF, ID: s.Name, PDF: pe}
	if s.Err != nil {
		ev.FormatErr = s.Err
		return ev, nil
	}
	pe.end = s.ByteRange[2] + s.ByteRange[3]
	pe.covers = pe.end == f.size
	pe.info.Revision = f.signedRevision(s)
	if pe.info.Revision == 0 {
		ev.FormatErr = pdfErrorf("the signed bytes end at offset %d, which is not the end (%%%%EOF) of any revision", pe.end)
		return ev, nil
	}
	if err := v.judgeLater(pe, s); err != nil {
		return nil, err
	}
	cev, err := v.crypto(ctx, s)
	if err != nil {
		return nil, err
	}
	cev.Format, cev.ID, cev.PDF = FormatPDF, s.Name, pe
	cev.Certificates = append(cev.Certificates, v.certs...)
	cev.CRLs = append(cev.CRLs, v.crls...)
	cev.OCSPs = append(cev.OCSPs, v.ocsps...)
	if cev.SigningTime.IsZero() && !s.M.IsZero() && !s.DocTS {
		cev.SigningTime = s.M // PAdES: the claimed signing time is /M (ETSI EN 319 142-1 §5.3)
	}
	cev.Scope = Scope{WholeDocument: pe.covers, References: []string{
		fmt.Sprintf("ByteRange [%d %d %d %d]", s.ByteRange[0], s.ByteRange[1], s.ByteRange[2], s.ByteRange[3]),
		fmt.Sprintf("revision %d of %d", pe.info.Revision, len(f.Revisions))}}
	return cev, nil
}

// judgeLater classifies every revision after the signed one.
func (v *pdfVerification) judgeLater(pe *pdfEvidence, s *pdfSigField) error {
	f := v.f
	docMDP := v.docMDPFor(pe.info.Revision)
	if s.DocMDP > 0 && s.Certifying {
		docMDP = s.DocMDP
	}
	for rev := pe.info.Revision + 1; rev <= len(f.Revisions); rev++ {
		ch, ok := v.changes[rev]
		if !ok {
			var err error
			if ch, err = f.revisionChanges(rev); err != nil {
				return err
			}
			v.changes[rev] = ch
		}
		allowed, unclear, reason := judgeRevision(ch, docMDP, s.FieldMDP, v.o.PDF.AllowAnnotations)
		rc := PDFRevisionChange{Revision: rev, Changes: make([]string, 0, len(ch)), Allowed: allowed, Reason: reason}
		for _, c := range ch {
			rc.Changes = append(rc.Changes, c.what)
		}
		if unclear {
			pe.unclear = append(pe.unclear, len(pe.later))
		}
		pe.later = append(pe.later, rc)
	}
	return nil
}

// docMDPFor returns the DocMDP /P in force for changes after revision rev: the certification signature's,
// when the catalog's /Perms /DocMDP names one signed at or before rev.
func (v *pdfVerification) docMDPFor(rev int) int {
	f := v.f
	last := len(f.Revisions)
	root, _ := f.dict(last, f.Revisions[last-1].Trailer["Root"])
	if root == nil {
		return 0
	}
	perms, _ := f.dict(last, root["Perms"])
	if perms == nil {
		return 0
	}
	d, _ := f.dict(last, perms["DocMDP"])
	if d == nil {
		return 0
	}
	sig := &pdfSigField{Dict: d}
	f.readMDP(last, sig)
	if sig.DocMDP == 0 || f.readByteRangeAndContents(last, sig) != nil {
		return 0
	}
	if certRev := f.signedRevision(sig); certRev == 0 || certRev > rev {
		return 0
	}
	return sig.DocMDP
}

// crypto verifies the CMS signature or RFC 3161 token of /Contents over the signed byte ranges.
func (v *pdfVerification) crypto(ctx context.Context, s *pdfSigField) (*evidence, error) {
	der := trimContents(s.Contents.Data)
	ranges := func() io.Reader {
		return io.MultiReader(io.NewSectionReader(v.f.r, 0, s.ByteRange[1]), io.NewSectionReader(v.f.r, s.ByteRange[2], s.ByteRange[3]))
	}
	switch s.SubFilter {
	case SubFilterPKCS7Detached, SubFilterCAdES:
		evs, err := v.o.cmsEvidence(ctx, der, ranges())
		switch {
		case errors.Is(err, ErrContentTwice):
			return &evidence{FormatErr: pdfErrorf("%s signature carries encapsulated content", s.SubFilter)}, nil
		case err != nil:
			return nil, err
		case len(evs) != 1:
			return &evidence{FormatErr: pdfErrorf("the CMS of a PDF signature must have exactly one SignerInfo, not %d", len(evs))}, nil
		}
		return evs[0], nil
	case SubFilterPKCS7SHA1:
		return v.sha1Evidence(ctx, der, ranges())
	case SubFilterRFC3161:
		return v.docTimestampEvidence(ctx, der, ranges())
	}
	return &evidence{FormatErr: pdfErrorf("unsupported /SubFilter %q", s.SubFilter)}, nil
}

// trimContents cuts the zero padding after the DER (or BER) signature in /Contents.
func trimContents(b []byte) []byte {
	if _, rest, err := berElement(b, nil, 0); err == nil {
		return b[:len(b)-len(rest)]
	}
	return bytes.TrimRight(b, "\x00")
}

func hashReader(ctx context.Context, h crypto.Hash, r io.Reader) ([]byte, error) {
	hh := h.New()
	if _, err := io.Copy(hh, ctxReader{ctx, r}); err != nil {
		return nil, fmt.Errorf("signature: reading signed PDF bytes: %w", err)
	}
	return hh.Sum(nil), nil
}

// sha1Evidence verifies adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 digest of the signed bytes.
func (v *pdfVerification) sha1Evidence(ctx context.Context, der []byte, signed io.Reader) (*evidence, error) {
	evs, err := v.o.cmsEvidence(ctx, der, nil)
	if err != nil {
		return nil, err
	}
	if len(evs) != 1 {
		return &evidence{FormatErr: pdfErrorf("the CMS of a PDF signature must have exactly one SignerInfo, not %d", len(evs))}, nil
	}
	ev := evs[0]
	sd, err := parseCMS(der)
	if err != nil || !sd.Attached {
		if ev.FormatErr == nil {
			ev.FormatErr = pdfErrorf("adbe.pkcs7.sha1 signature without encapsulated digest")
		}
		return ev, nil
	}
	ev.SignedDataErr = nil
	sum, err := hashReader(ctx, crypto.SHA1, signed)
	if err != nil {
		return nil, err
	}
	ev.Algorithms = append(ev.Algorithms, AlgorithmUse{Purpose: "digest", URI: oidSHA1.String(), Hash: crypto.SHA1})
	if !bytes.Equal(sd.EContent, sum) && ev.HashErr == nil {
		ev.HashErr = fmt.Errorf("signature: the SHA-1 digest encapsulated by adbe.pkcs7.sha1 does not match the signed bytes")
	}
	return ev, nil
}

// docTimestampEvidence verifies a document time stamp (ETSI.RFC3161): its imprint must be the digest of the
// signed bytes; the token's own signature is checked like any CMS signer, the TSA being the signer.
func (v *pdfVerification) docTimestampEvidence(ctx context.Context, der []byte, signed io.Reader) (*evidence, error) {
	tok, err := ParseTimestampToken(der)
	if err != nil {
		return &evidence{FormatErr: err}, nil
	}
	if tok.Info.Hash == 0 || !tok.Info.Hash.Available() {
		return &evidence{FormatErr: fmt.Errorf("signature: time-stamp token: unsupported imprint hash %s", tok.Info.HashOID)}, nil
	}
	sum, err := hashReader(ctx, tok.Info.Hash, signed)
	if err != nil {
		return nil, err
	}
	sd := tok.signed
	s := &sd.Signers[0]
	digests := map[crypto.Hash][]byte{}
	if h := hashForDigestOID(s.DigestAlg.OID); h != 0 && h.Available() {
		d := h.New()
		d.Write(sd.EContent)
		digests[h] = d.Sum(nil)
	}
	ev := v.o.signerEvidence(ctx, sd, s, digests, 1)
	ev.SigningTime = tok.Info.GenTime
	ev.Algorithms = append(ev.Algorithms, AlgorithmUse{Purpose: "digest", URI: tok.Info.HashOID.String(), Hash: tok.Info.Hash})
	if !bytes.Equal(sum, tok.Info.HashedMessage) && ev.HashErr == nil {
		ev.HashErr = errors.New("signature: the document time stamp's message imprint does not match the signed bytes")
	}
	if ev.FormatErr == nil && ev.HashErr == nil && ev.SignatureErr == nil && ev.SignerCert != nil {
		ev.Timestamp = &TimestampEvidence{Time: tok.Info.GenTime, TSACert: ev.SignerCert, Certificates: tok.Certificates}
	}
	return ev, nil
}

// documentTimestampsAsPOE gives a signature without a signature time stamp the proof of existence of the
// earliest sound document time stamp that covers it (ETSI EN 319 102-1 §5.6.2.3).
func (v *pdfVerification) documentTimestampsAsPOE(evs []*evidence) {
	for i, ev := range evs {
		if ev.Timestamp != nil || ev.FormatErr != nil || ev.PDF.info.Kind == "document_timestamp" {
			continue
		}
		for _, ts := range evs[i+1:] {
			if ts.PDF.info.Kind == "document_timestamp" && ts.Timestamp != nil && ts.PDF.end > ev.PDF.end {
				t := *ts.Timestamp
				ev.Timestamp = &t
				break
			}
		}
	}
}

// pdfChecks adds the verdicts of coverage and of the revisions after a PDF signature (called by the
// pipeline after its other checks, so that a broken hash or signature is reported as such first).
func (v *validation) pdfChecks() {
	pe := v.ev.PDF
	if pe == nil || v.ev.FormatErr != nil {
		return
	}
	signer := v.ev.SignerCert
	rev, n := pe.info.Revision, pe.info.Revisions
	for i, rc := range pe.later {
		switch {
		case slices.Contains(pe.unclear, i):
			v.add(Indeterminate, SigConstraintsFailure, signer, errors.New("signature: "+rc.Reason), rulePDFUnclearChange,
				rc.Revision, rc.Reason)
		case !rc.Allowed:
			v.add(TotalFailed, FormatFailure, signer, errors.New("signature: "+rc.Reason), rulePDFModified,
				rc.Revision, rc.Reason, rev)
		}
	}
	if pe.trailing > 0 {
		v.add(Indeterminate, SigConstraintsFailure, signer, fmt.Errorf("signature: %d bytes after the last %%%%EOF", pe.trailing), rulePDFTrailing,
			pe.trailing)
	}
	switch {
	case pe.covers:
		v.msg(rulePDFCoverage, diag.Phrase{EN: "the whole document", VI: "toàn bộ văn bản"})
	case len(pe.later) > 0 && !slices.ContainsFunc(pe.later, func(r PDFRevisionChange) bool { return !r.Allowed }):
		v.msg(rulePDFCoverage, diag.Phrase{
			EN: fmt.Sprintf("revision %d of %d; the %d later revisions make only allowed changes", rev, n, len(pe.later)),
			VI: fmt.Sprintf("bản sửa đổi %d trên %d; %d bản sửa đổi sau chỉ có các thay đổi được phép", rev, n, len(pe.later))})
	}
}

// nd30View reads the signatures as NĐ 30/2020 expects an electronic official document: the person with
// authority signs first, the agency (its seal) signs a later revision that covers the first signature.
// certs holds each report's signing certificate (nil if none).
func nd30View(rep *Report, certs []*x509.Certificate, role func(*x509.Certificate) PDFRole) *ND30View {
	if role == nil {
		role = DefaultPDFRole
	}
	var sigs []int
	for i, s := range rep.Signatures {
		if s.PDF != nil && s.PDF.Kind != "document_timestamp" {
			sigs = append(sigs, i)
		}
	}
	view := &ND30View{}
	signer, agency := -1, -1
	for _, i := range sigs {
		s := &rep.Signatures[i]
		r := RoleUnknown
		if certs[i] != nil {
			r = role(certs[i])
		}
		if r != RoleUnknown {
			s.PDF.Role, s.PDF.RoleBasis = r, "certificate"
		}
		switch {
		case r == RoleSigner && signer < 0:
			signer = i
		case r == RoleAgency:
			agency = i
		}
	}
	if signer < 0 && agency < 0 && len(sigs) == 2 {
		signer, agency = sigs[0], sigs[1]
		rep.Signatures[signer].PDF.Role, rep.Signatures[signer].PDF.RoleBasis = RoleSigner, "order"
		rep.Signatures[agency].PDF.Role, rep.Signatures[agency].PDF.RoleBasis = RoleAgency, "order"
		view.Notes = append(view.Notes, "roles taken from the order of the signatures: the certificates do not say which is personal and which an organisation's")
	}
	if signer >= 0 {
		s := &rep.Signatures[signer]
		view.Signer, view.SignerTime = s.ID, bestPDFTime(s)
	}
	if agency >= 0 {
		a := &rep.Signatures[agency]
		view.Agency, view.AgencyTime = a.ID, bestPDFTime(a)
	}
	if signer < 0 || agency < 0 {
		view.Notes = append(view.Notes, "the signer's or the agency's signature is missing")
		return view
	}
	s, a := rep.Signatures[signer], rep.Signatures[agency]
	view.AgencyAfterSigner = a.PDF.Revision > s.PDF.Revision
	view.AgencyCoversSigner = view.AgencyAfterSigner && len(a.PDF.ByteRange) == 4 && len(s.PDF.ByteRange) == 4 &&
		a.PDF.ByteRange[2]+a.PDF.ByteRange[3] >= s.PDF.ByteRange[2]+s.PDF.ByteRange[3]
	if !view.AgencyAfterSigner {
		view.Notes = append(view.Notes, "the agency's signature does not come after the signer's")
	}
	view.Complete = view.AgencyCoversSigner && s.Indication == TotalPassed && a.Indication == TotalPassed
	return view
}

// bestPDFTime is the proven signing time if any, else the claimed one.
func bestPDFTime(s *SignatureReport) *time.Time {
	if s.TimestampTime != nil {
		return s.TimestampTime
	}
	return s.SigningTime
}
