package edoc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

// Profile chooses how strictly Validate reads a package.
type Profile uint8

const (
	// Strict checks QCVN 102:2016 and its amendment SĐ1:2022 as written: namespace, order and form quirks are
	// errors. It is the zero value.
	Strict Profile = iota
	// Interop checks what the national document-exchange axis accepts in practice: the quirks real producers
	// emit (element order, undeclared prefixes, Signature outside the XML-DSig namespace, the exclusive C14N
	// alias, ContentId without cid:, Direction written true/false, a UUID as DocumentId) become warnings.
	Interop
)

// String returns "strict" or "interop".
func (p Profile) String() string {
	if p == Interop {
		return "interop"
	}
	if p == Strict {
		return "strict"
	}
	return "profile(" + strconv.Itoa(int(p)) + ")"
}

// ParseProfile reads "strict" or "interop".
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "strict":
		return Strict, nil
	case "interop":
		return Interop, nil
	}
	return 0, errorf("unknown profile %q (want strict or interop)", s)
}

// ValidateOptions configures Validate. The zero value validates with the Strict profile at the current time,
// default limits, no registry and signature presence only.
type ValidateOptions struct {
	// Profile is Strict (zero value) or Interop.
	Profile Profile
	// At is the validation time: a promulgation date after At's day (in Vietnam time) is a finding, and agency
	// codes of a package without a promulgation date are looked up in Registry at At. Zero means the time
	// Validate is called, as At does in every egov options struct.
	At time.Time
	// SkipFutureCheck turns off the finding for a promulgation date after At's day (EDOC-F004), for callers that
	// receive packages dated ahead on purpose or do not trust their own clock.
	SkipFutureCheck bool
	// Registry, when set, must know every agency code at the promulgation date (at At when the date is absent).
	Registry *agencycode.Registry
	// Reader bounds the input (header size, attachments, depth).
	Reader ReaderOptions
	// PreviousStatus, when set, is the status the answered document had before: a status package must be
	// allowed to follow it.
	PreviousStatus *StatusCode
	// AnsweredBusiness, when set, is the business type of the package a status answers (a revocation, an update…).
	// A status that answers such a package (15 đồng ý, 16 từ chối) is then checked with StatusMachine.CheckAnswer,
	// whatever PreviousStatus is, because a revocation or update may arrive at any point of the handling.
	AnsweredBusiness *BusinessDocType
	// Machine is the status state machine; nil means DefaultStatusMachine.
	Machine *StatusMachine
	// DocTypes is the catalogue of document types; nil means DefaultDocTypes.
	DocTypes *DocTypeCatalogue
	// Signatures, when set, verifies the signatures cryptographically, reading the same single pass of input
	// concurrently; nil reports signature presence only. Package edoc/edocsig provides one.
	Signatures SignatureVerifier
}

// Validate reads a whole package from r in one streaming pass and reports its findings. Broken input (not XML,
// truncated, wrong root) is a finding, not an error; the error is for failures to read r or to run the checks.
// ctx bounds the signature verification (opts.Signatures); reading r is bounded by r itself.
func Validate(ctx context.Context, r io.Reader, opts ValidateOptions) (*diag.Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.At.IsZero() {
		opts.At = time.Now()
	}
	v := &validation{ctx: ctx, opts: opts, report: &diag.Report{}}
	if opts.Signatures == nil {
		if err := v.run(r); err != nil {
			return nil, err
		}
		return v.finish(), nil
	}
	return v.withVerifier(r)
}

type validation struct {
	ctx    context.Context
	opts   ValidateOptions
	report *diag.Report
	rd     *Reader
	counts map[string]int
}

// maxFindingsPerRule bounds the findings of one rule in a report: a hostile package could otherwise repeat the
// same mistake a million times.
const maxFindingsPerRule = 100

// add records findings with the severity of the profile.
func (v *validation) add(ds ...diag.Diagnostic) {
	for _, d := range ds {
		if v.opts.Profile == Interop && d.Severity == diag.Error && isQuirk(d.Code) {
			d.Severity = diag.Warning
		}
		if v.counts == nil {
			v.counts = make(map[string]int)
		}
		v.counts[d.Code]++
		if v.counts[d.Code] > maxFindingsPerRule {
			continue
		}
		v.report.Add(d)
	}
}

func (v *validation) finish() *diag.Report {
	v.report.Sort()
	for r := range ruleCatalogue.All() {
		if n := v.counts[r.Code]; n > maxFindingsPerRule {
			v.report.Add(ruleOmitted.New("", n-maxFindingsPerRule, r.Code))
		}
	}
	return v.report
}

// inputBuffers recycles the input buffers of Validate (a cache, not state: nothing observable depends on it).
var inputBuffers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

// errVerifierDone stops feeding a verifier that returned before reading the whole input.
var errVerifierDone = errors.New("edoc: signature verifier returned")

// teeSink feeds the verifier's pipe, and stops feeding it without failing the validation once it has returned.
type teeSink struct {
	pw   *io.PipeWriter
	dead bool
}

func (t *teeSink) Write(p []byte) (int, error) {
	if !t.dead {
		if _, err := t.pw.Write(p); err != nil {
			t.dead = true
		}
	}
	return len(p), nil
}

type verifyResult struct {
	verdicts []SignatureVerdict
	err      error
}

// withVerifier runs the validation and the signature verifier on the same single pass of r.
func (v *validation) withVerifier(r io.Reader) (*diag.Report, error) {
	ctx := v.ctx
	pr, pw := io.Pipe()
	sink := &teeSink{pw: pw}
	src := io.TeeReader(r, sink)
	done := make(chan verifyResult, 1)
	go func() {
		verdicts, err := v.opts.Signatures.VerifyEdXML(ctx, pr)
		pr.CloseWithError(errVerifierDone)
		done <- verifyResult{verdicts, err}
	}()
	// A cancelled context unblocks the tee even when the verifier stops reading without returning.
	stop := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })
	defer stop()
	runErr := v.run(src)
	if runErr == nil {
		// Feed the verifier the rest of the input when the validation stopped early (broken package).
		_, runErr = io.Copy(io.Discard, src)
	}
	if runErr != nil {
		pw.CloseWithError(runErr)
	} else {
		pw.Close()
	}
	var res verifyResult
	select {
	case res = <-done:
	case <-ctx.Done():
		// The verifier ignores its context: report the cancellation rather than wait for it.
		res.err = ctx.Err()
	}
	if runErr != nil {
		return nil, runErr
	}
	if res.err != nil {
		v.add(ruleSignatureVerifier.New("", res.err.Error()))
	}
	for _, vd := range res.verdicts {
		v.verdict(vd)
	}
	return v.finish(), nil
}

func (v *validation) verdict(vd SignatureVerdict) {
	signer := vd.Signer
	if signer == "" {
		signer = "?"
	}
	var rule diag.Rule
	switch vd.Indication {
	case IndicationPassed:
		v.add(ruleSignaturePassed.New("Signature", signer))
	case IndicationFailed:
		rule = ruleSignatureFailed
	default:
		rule = ruleSignatureIndeterminate
	}
	if rule.Code != "" {
		why := diag.Phrase{EN: vd.Message, VI: vd.MessageVI}
		if why.VI == "" {
			why.VI = why.EN
		}
		v.add(rule.New("Signature", signer, vd.Indication, vd.SubIndication, why))
	}
	if !vd.CoversPackage {
		v.add(ruleSignaturePartial.New("Signature", signer))
	}
}

// run is the single streaming pass. It returns an error only when r fails.
func (v *validation) run(r io.Reader) error {
	// The 64 KiB input buffer is recycled: for small packages its allocation would cost more than the parsing.
	br := inputBuffers.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() {
		br.Reset(nil)
		inputBuffers.Put(br)
	}()
	sc := getScratch()
	defer func() {
		v.rd = nil // the reader's tokens and tree live in sc's memory
		putScratch(sc)
	}()
	rd, err := newReader(br, v.opts.Reader, sc)
	if err != nil {
		return v.broken(err)
	}
	v.rd = rd
	if rd.Kind() == KindStatus {
		v.checkStatusEnvelope()
	} else {
		v.checkDocumentHeader()
	}
	if err := v.attachments(); err != nil {
		return err
	}
	v.add(rd.Diagnostics()...)
	v.signatures()
	return nil
}

// broken turns a reading failure into a finding, or returns it when it is an I/O failure.
func (v *validation) broken(err error) error {
	var e *Error
	if errors.As(err, &e) {
		v.add(e.Diagnostic)
		return nil
	}
	return err
}

func (v *validation) structure(e elem) {
	st := &structure{add: func(d diag.Diagnostic) { v.add(d) }}
	st.check(v.rd.envelope, e)
}

func (v *validation) checkStatusEnvelope() {
	rd := v.rd
	v.structure(statusSchema)
	sp := rd.Status()
	mh := rd.header.Child("MessageHeader")
	code := mh.Child("StatusCode")
	if code != nil && code.Value() != "" {
		if c, err := ParseStatusCode(code.Value()); err == nil && !c.Known() {
			v.add(ruleStatusCode.At(code.Path(), code.Line, code.Column, code.Value()))
		} else if err == nil && len(code.Value()) != 2 {
			v.add(ruleNumber.At(code.Path(), code.Line, code.Column, code.Value(), "status codes are two digits"))
		}
	}
	rf := mh.Child("ResponseFor")
	if rf == nil || sp.ResponseFor.OrganID == "" || sp.ResponseFor.DocumentID == "" {
		at := mh
		if rf != nil {
			at = rf
		}
		v.add(ruleStatusResponseFor.At(at.Path(), at.Line, at.Column))
	}
	if (v.opts.PreviousStatus != nil || v.opts.AnsweredBusiness != nil) && sp.Code.Known() {
		m := v.opts.Machine
		if m == nil {
			dm := DefaultStatusMachine()
			m = &dm
		}
		switch prev := v.opts.PreviousStatus; {
		case v.opts.AnsweredBusiness != nil && len(m.rules[sp.Code].Answers) > 0:
			// An answer to a revocation or update (15, 16) may come at any point: judge it as an answer only.
			bt := *v.opts.AnsweredBusiness
			if m.CheckAnswer(bt, sp.Code, PartyAny) != nil {
				v.add(ruleStatusAnswer.At(code.Path(), code.Line, code.Column, statusPhrase(sp.Code),
					diag.Phrase{EN: bt.String(), VI: bt.StringVI()}))
			}
		case prev != nil && !m.CanFollow(*prev, sp.Code):
			v.add(ruleStatusTransition.At(code.Path(), code.Line, code.Column, statusPhrase(sp.Code), statusPhrase(*prev)))
		}
	}
	if body := rd.envelope.Child("edXMLBody"); body != nil {
		v.add(ruleStatusBody.At(body.Path(), body.Line, body.Column, "edXMLBody"))
	}
	at := v.opts.At
	if !sp.ResponseFor.PromulgationDate.IsZero() {
		at = sp.ResponseFor.PromulgationDate
	}
	v.agency(sp.From.OrganID, mh.Child("From").Child("OrganId"), at)
	if rf != nil {
		v.agency(sp.ResponseFor.OrganID, rf.Child("OrganId"), at)
	}
	v.fields(sp)
}

func (v *validation) checkDocumentHeader() {
	rd := v.rd
	p := rd.Package()
	h := &p.Header
	v.structure(documentSchema)
	mh := rd.header.Child("MessageHeader")
	pdate := h.PromulgationInfo.PromulgationDate
	if !pdate.IsZero() && !v.opts.SkipFutureCheck {
		day := v.opts.At.In(vntime.Location())
		end := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, vntime.Location()).AddDate(0, 0, 1)
		if !pdate.Before(end) {
			n := mh.Child("PromulgationInfo").Child("PromulgationDate")
			v.add(ruleFuture.At(n.Path(), n.Line, n.Column, FormatDate(pdate), FormatDate(day)))
		}
	}
	at := pdate
	if at.IsZero() {
		at = v.opts.At
	}
	// Agency codes (QĐ 20/2020, QCVN 102 SĐ1:2022).
	v.agency(h.From.OrganID, mh.Child("From").Child("OrganId"), at)
	i := 0
	for _, to := range mh.Elems {
		if to.Local == "To" {
			v.agency(h.To[i].OrganID, to.Child("OrganId"), at)
			i++
		}
	}
	for i, t := range rd.header.Child("TraceHeaderList").Elements("TraceHeader") {
		v.agency(p.Traces[i].OrganID, t.Child("OrganId"), at)
	}
	// DocumentId consistency.
	if h.DocumentID != "" && h.From.OrganID != "" && !pdate.IsZero() && h.Code.CodeNumber != "" {
		want := DocumentID(h.From.OrganID, pdate, h.Code)
		n := mh.Child("DocumentId")
		switch {
		case sameText(h.DocumentID, want):
		case isUUID(h.DocumentID):
			v.add(ruleDocumentIDUUID.At(n.Path(), n.Line, n.Column, h.DocumentID, want))
		default:
			v.add(ruleDocumentID.At(n.Path(), n.Line, n.Column, h.DocumentID, want))
		}
	}
	v.numbering(mh, h)
	v.business(p, at)
	v.fields(p)
}

// sameText compares Vietnamese text after NFC normalisation: packages arrive in NFC and NFD.
func sameText(a, b string) bool {
	return a == b || norm.NFC.String(a) == norm.NFC.String(b)
}

// agency checks one agency code and, with a registry, that it is known at the date.
func (v *validation) agency(code string, n *node, at time.Time) {
	if code == "" || n == nil {
		return
	}
	if isNullLiteral(code) {
		v.add(ruleAgencyNull.At(n.Path(), n.Line, n.Column, code))
		return
	}
	c, err := agencycode.Parse(code)
	if err != nil {
		if norm, changed := agencycode.Normalize(code); changed {
			if c2, err2 := agencycode.Parse(norm); err2 == nil {
				v.add(ruleAgencyNotNormal.At(n.Path(), n.Line, n.Column, code, norm))
				c, err = c2, nil
			}
		}
	}
	if err != nil {
		why := diag.Phrase{EN: err.Error(), VI: err.Error()}
		var ae *agencycode.Error
		if errors.As(err, &ae) {
			ad := ae.Diagnostic()
			why = diag.Phrase{EN: ad.Message + " [" + ad.Code + "]", VI: ad.MessageVI + " [" + ad.Code + "]"}
		}
		v.add(ruleAgencyCode.At(n.Path(), n.Line, n.Column, code, why))
		return
	}
	if v.opts.Registry != nil && !at.IsZero() {
		// A sub-unit of a listed ministry or province is not judged by a registry that lists none of its
		// sub-units; a partial registry (the embedded one) calls a level-1 code it lacks unconfirmed, not unknown.
		switch v.opts.Registry.Standing(c, at) {
		case agencycode.Unknown:
			v.add(ruleAgencyUnknown.At(n.Path(), n.Line, n.Column, code, FormatDate(at)))
		case agencycode.Unconfirmed:
			root := c.String()
			if r, ok := c.Root(); ok {
				root = r.String()
			}
			v.add(ruleAgencyUnconfirmed.At(n.Path(), n.Line, n.Column, code, root))
		}
	}
}

// isNullLiteral reports whether an OrganId is the text a producer wrote for a missing value (a null reference
// serialised as text: "null" from Java and JavaScript, "nil", "None", "undefined"), in any case.
func isNullLiteral(code string) bool {
	code = strings.TrimSpace(code)
	for _, lit := range [...]string{"null", "(null)", "nil", "none", "undefined"} {
		if strings.EqualFold(code, lit) {
			return true
		}
	}
	return false
}

// isUUID reports whether s is a UUID in its textual form, 8-4-4-4-12 hexadecimal digits (RFC 9562 §4), the
// identifiers some gateways of the axis give packages instead of the DocumentId of QCVN 102.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// business applies the rules of the business types: an update needs its receiver list, a replacement its
// replacement list, a revocation its reason; Bussiness/DocumentId repeats the header's.
func (v *validation) business(p *Package, at time.Time) {
	b := p.Business
	bn := v.rd.header.Child("TraceHeaderList").Child("Bussiness")
	if b == nil || bn == nil {
		return
	}
	// The agencies an update or a replacement names are agency codes like From and To (QĐ 20/2020).
	for _, rc := range bn.Child("BussinessDocumentInfo").Child("ReceiverList").Elements("Receiver") {
		if n := rc.Child("OrganId"); n != nil {
			v.agency(n.Value(), n, at)
		}
	}
	for _, ri := range bn.Child("ReplacementInfoList").Elements("ReplacementInfo") {
		for _, n := range ri.Child("OrganIdList").Elements("OrganId") {
			v.agency(n.Value(), n, at)
		}
	}
	if b.DocumentID != "" && p.Header.DocumentID != "" && !sameText(b.DocumentID, p.Header.DocumentID) {
		n := bn.Child("DocumentId")
		v.add(ruleBusinessDocumentID.At(n.Path(), n.Line, n.Column, b.DocumentID, p.Header.DocumentID))
	}
	switch b.DocType {
	case BusinessRevocation:
		if strings.TrimSpace(b.Reason) == "" {
			v.add(ruleRevocationReason.At(bn.Path(), bn.Line, bn.Column))
		}
	case BusinessUpdate:
		if b.DocumentInfo == nil || len(b.DocumentInfo.Receivers) == 0 {
			v.add(ruleUpdateReceivers.At(bn.Path(), bn.Line, bn.Column))
		}
	case BusinessReplacement:
		if len(b.Replacements) == 0 {
			v.add(ruleReplacementList.At(bn.Path(), bn.Line, bn.Column))
		}
	}
}

// fields runs the `validate` tags of the model and locates each finding with the decoder's line map.
func (v *validation) fields(value any) {
	fes, err := CheckFields(value)
	if err != nil {
		v.add(ruleField.New("", err.Error()))
		return
	}
	if len(fes) == 0 {
		return
	}
	lines := v.lineMap()
	for _, fe := range fes {
		key := fe.Field
		if i := strings.IndexByte(key, '.'); i >= 0 {
			key = key[i+1:]
		}
		if fe.Tag == "required" || key == "Header.To" {
			continue // missing elements are reported by the structure check (EDOC-M001)
		}
		path, line := key, 0
		if i, ok := attachmentIndex(key); ok && i < len(v.rd.pkg.Attachments) {
			path, line = "/edXML/AttachmentEncoded/Attachment", v.rd.pkg.Attachments[i].Line
		} else {
			for k := key; k != ""; {
				if n := lines[k]; n != nil {
					path, line = n.Path(), n.Line
					break
				}
				i := strings.LastIndexByte(k, '.')
				if i < 0 {
					break
				}
				k = k[:i]
			}
		}
		d := ruleField.At(path, line, 0)
		d.Message, d.MessageVI = fe.Message, fe.MessageVI
		v.add(d)
	}
}

// lineMap decodes the header again, recording the node of every field.
func (v *validation) lineMap() map[string]*node {
	rd := v.rd
	d := newDecoder(true)
	mh := rd.header.Child("MessageHeader")
	if rd.Kind() == KindStatus {
		d.status(mh, rd.header)
		return d.lines
	}
	d.messageHeader(mh)
	d.traces(d.k("Traces"), rd.header)
	d.business(rd.header.Child("TraceHeaderList").Child("Bussiness"))
	d.manifest(rd.envelope.Child("edXMLBody"))
	return d.lines
}

func attachmentIndex(key string) (int, bool) {
	rest, ok := strings.CutPrefix(key, "Attachments[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil
}

// attCheck is what the validator learnt about one attachment's content.
type attCheck struct {
	head   []byte
	failed bool
}

// attachments streams every attachment, checking its base64 and magic bytes, then pairs attachments with the
// manifest.
func (v *validation) attachments() error {
	rd := v.rd
	var checks []attCheck
	var fatal bool
	for {
		a, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if e := v.broken(err); e != nil {
				return e
			}
			fatal = true
			break
		}
		var head [8]byte
		n, err := io.ReadFull(a.Content, head[:])
		if err == nil {
			_, err = io.Copy(io.Discard, a.Content)
		} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = nil
		}
		ck := attCheck{head: append([]byte(nil), head[:n]...)}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				return err
			}
			if e.Diagnostic.Code == ruleBase64.Code || e.Diagnostic.Code == ruleBase64Truncated.Code {
				v.add(e.Diagnostic)
				ck.failed = true
			}
			// Other failures (truncated input, limits) come back from the next call of Next.
		}
		checks = append(checks, ck)
	}
	if rd.Kind() == KindStatus {
		if len(rd.pkg.Attachments) > 0 {
			v.add(ruleStatusBody.At("/edXML/AttachmentEncoded", rd.pkg.Attachments[0].Line, 0, "AttachmentEncoded"))
		}
		return nil
	}
	p := rd.Package()
	for i, a := range p.Attachments {
		if i < len(checks) && !checks[i].failed {
			path := "/edXML/AttachmentEncoded/Attachment"
			if a.Size == 0 {
				v.add(ruleEmptyAttachment.At(path, a.Line, 0, a.ContentID))
			} else if what, ok := contentMismatch(a.ContentType, checks[i].head); !ok {
				v.add(ruleContentType.At(path, a.Line, 0, a.ContentType, what))
			}
		}
	}
	if !fatal {
		v.manifest(p)
	}
	return nil
}

// manifest pairs manifest references and attachments one to one by ContentId.
func (v *validation) manifest(p *Package) {
	mf := v.rd.envelope.Child("edXMLBody").Child("edXMLManifest")
	refNodes := mf.Elements("Reference")
	byID := make(map[string]int, len(p.Manifest.References))
	for i, ref := range p.Manifest.References {
		n := refNodes[i]
		id := contentKey(ref.ContentID)
		if _, dup := byID[id]; dup {
			v.add(ruleDuplicateContentID.At(n.Path(), n.Line, n.Column, ref.ContentID))
			continue
		}
		byID[id] = i
		if ref.ContentID != "" && !strings.HasPrefix(ref.ContentID, "cid:") {
			v.add(ruleContentIDForm.At(n.Path(), n.Line, n.Column, ref.ContentID))
		}
		if href, ok := n.Attr("href"); ok && href != ref.ContentID {
			v.add(ruleManifestMismatch.At(n.Path(), n.Line, n.Column, "xlink:href", ref.ContentID, href, ref.ContentID))
		}
	}
	seen := make(map[string]bool, len(p.Attachments))
	path := "/edXML/AttachmentEncoded/Attachment"
	for _, a := range p.Attachments {
		id := contentKey(a.ContentID)
		if a.ContentID == "" {
			v.add(ruleRequired.At(path, a.Line, 0, "Attachment/ContentId"))
			continue
		}
		if seen[id] {
			v.add(ruleDuplicateContentID.At(path, a.Line, 0, a.ContentID))
			continue
		}
		seen[id] = true
		i, ok := byID[id]
		if !ok {
			v.add(ruleAttachmentOrphan.At(path, a.Line, 0, a.ContentID))
			continue
		}
		ref := p.Manifest.References[i]
		if !sameText(ref.ContentID, a.ContentID) {
			// "cid:X" names the part whose Content-ID is X (RFC 2392); producers write either form on either side.
			v.add(ruleManifestMismatch.At(path, a.Line, 0, "ContentId", a.ContentID, ref.ContentID, a.ContentID))
		}
		if ref.AttachmentName != "" && a.AttachmentName != "" && !sameText(ref.AttachmentName, a.AttachmentName) {
			v.add(ruleManifestMismatch.At(path, a.Line, 0, "AttachmentName", a.ContentID, ref.AttachmentName, a.AttachmentName))
		}
		if ref.ContentType != "" && a.ContentType != "" && !strings.EqualFold(ref.ContentType, a.ContentType) {
			v.add(ruleManifestMismatch.At(path, a.Line, 0, "ContentType", a.ContentID, ref.ContentType, a.ContentType))
		}
	}
	for i, ref := range p.Manifest.References {
		if ref.ContentID != "" && !seen[contentKey(ref.ContentID)] {
			n := refNodes[i]
			v.add(ruleManifestOrphan.At(n.Path(), n.Line, n.Column, ref.ContentID))
		}
	}
	if len(p.Attachments) == 0 {
		v.add(ruleNoAttachment.At("/edXML", 1, 0))
	}
}

// contentKey is the identity of a ContentId for pairing manifest and attachments: NFC, without the cid: scheme
// (RFC 2392: the URL cid:X refers to the part whose Content-ID is X).
func contentKey(id string) string {
	return strings.TrimPrefix(norm.NFC.String(id), "cid:")
}

// Magic bytes of the formats attachments are sent in (spec §2: PDF, DOC/DOCX/XLS, ZIP).
var (
	magicPDF = []byte("%PDF-")
	magicZIP = []byte("PK\x03\x04")
	magicOLE = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
)

func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, magicPDF):
		return "PDF"
	case bytes.HasPrefix(head, magicZIP), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "ZIP (DOCX/XLSX/ODF)"
	case bytes.HasPrefix(head, magicOLE):
		return "OLE2 (DOC/XLS/PPT)"
	}
	return "unrecognised data"
}

// contentMismatch checks the declared media type against the content's magic bytes for the types it knows; other
// types pass.
func contentMismatch(contentType string, head []byte) (string, bool) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(contentType))
	}
	var want string
	switch {
	case mt == "application/pdf":
		want = "PDF"
	case mt == "application/zip" || mt == "application/x-zip-compressed" ||
		strings.HasPrefix(mt, "application/vnd.openxmlformats-officedocument.") ||
		strings.HasPrefix(mt, "application/vnd.oasis.opendocument."):
		want = "ZIP (DOCX/XLSX/ODF)"
	case mt == "application/msword" || mt == "application/vnd.ms-excel" || mt == "application/vnd.ms-powerpoint":
		want = "OLE2 (DOC/XLS/PPT)"
	default:
		return "", true
	}
	got := sniff(head)
	return got, got == want
}

// signatures reports the presence of XML signatures and what their algorithms say.
func (v *validation) signatures() {
	sigs := v.rd.pkg.Signatures
	if len(sigs) == 0 {
		v.add(ruleSignatureAbsent.At("/edXML", 1, 0))
		return
	}
	for _, s := range sigs {
		v.add(ruleSignaturePresent.At(s.Path, s.Line, 0, orNone(s.SignatureMethod), orNone(strings.Join(s.DigestMethods, " ")), orNone(s.CanonicalizationMethod)))
		if s.Namespace != NamespaceXMLDSig {
			v.add(ruleNamespace.At(s.Path, s.Line, 0, "Signature", s.Namespace, NamespaceXMLDSig))
		}
		for _, t := range append([]string{s.CanonicalizationMethod}, s.Transforms...) {
			if t == AlgExcC14NAlias {
				v.add(ruleSignatureAlias.At(s.Path, s.Line, 0, t, AlgExcC14N))
			}
		}
		if weak := s.usesSHA1(); len(weak) > 0 {
			v.add(ruleSignatureWeak.At(s.Path, s.Line, 0, strings.Join(weak, " ")))
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// statusPhrase names a status code with its meaning in both languages, e.g. 03 (accepted) / 03 (đã tiếp nhận).
func statusPhrase(c StatusCode) diag.Phrase {
	return diag.Phrase{EN: c.Code() + " (" + c.String() + ")", VI: c.Code() + " (" + c.StringVI() + ")"}
}
