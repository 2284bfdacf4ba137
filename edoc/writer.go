package edoc

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// DocumentID derives the DocumentId of a package: "{sender OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation}",
// the date being the promulgation date in Vietnam time.
func DocumentID(organID string, promulgation time.Time, code Code) string {
	return organID + "," + FormatDate(promulgation) + "," + code.String()
}

// Writer writes an edXML package as producers on the national axis expect it: the root edXML with the default
// namespace, the envelope with the edXML prefix, attachments after the envelope in the default namespace, each
// ContentTransferEncoded redeclaring the prefix, dates yyyy/MM/dd and timestamps yyyy/MM/dd HH:mm:ss in Vietnam
// time. Attachment contents are streamed through a base64 encoder, so a package of any size is written with
// bounded memory.
type Writer struct {
	w    *bufio.Writer
	pkg  *Package
	next int
	open bool
	err  error
}

// NewWriter returns a Writer on w. Call WriteHeader, then WriteAttachment once per declared attachment, then
// Close.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Write writes the whole package p to w, streaming each attachment's Content. It fills the derived fields of p
// like WriteHeader.
func Write(w io.Writer, p *Package) error {
	pw := NewWriter(w)
	if err := pw.WriteHeader(p); err != nil {
		return err
	}
	for i := range p.Attachments {
		c := p.Attachments[i].Content
		if c == nil {
			return errorf("attachment %q has no Content", p.Attachments[i].AttachmentName)
		}
		if err := pw.WriteAttachment(c); err != nil {
			return err
		}
	}
	return pw.Close()
}

// Complete fills the fields of p that are derived from others: DocumentId (from sender, promulgation date, number
// and notation) when empty, Bussiness/DocumentId when empty, a cid: ContentId for each attachment without one, and
// the manifest from the attachments when it is empty. It returns an error when a non-empty manifest disagrees
// with the attachments.
func Complete(p *Package) error {
	h := &p.Header
	if h.DocumentID == "" {
		h.DocumentID = DocumentID(h.From.OrganID, h.PromulgationInfo.PromulgationDate, h.Code)
	}
	if p.Business != nil && p.Business.DocumentID == "" {
		p.Business.DocumentID = h.DocumentID
	}
	sum := sha256.Sum256([]byte(h.DocumentID))
	stem := hex.EncodeToString(sum[:6])
	seen := make(map[string]bool, len(p.Attachments))
	for i := range p.Attachments {
		a := &p.Attachments[i]
		if a.ContentID == "" {
			a.ContentID = "cid:" + stem + "." + strconv.Itoa(i+1)
		}
		if seen[a.ContentID] {
			return errorf("ContentId %q is used twice", a.ContentID)
		}
		seen[a.ContentID] = true
	}
	if len(p.Manifest.References) == 0 {
		for _, a := range p.Attachments {
			p.Manifest.References = append(p.Manifest.References, Reference{
				ContentID: a.ContentID, ContentType: a.ContentType, Description: a.Description, AttachmentName: a.AttachmentName,
			})
		}
	}
	if p.Manifest.Version == "" {
		p.Manifest.Version = "1.0"
	}
	if len(p.Manifest.References) != len(p.Attachments) {
		return errorf("the manifest lists %d references for %d attachments", len(p.Manifest.References), len(p.Attachments))
	}
	for i, ref := range p.Manifest.References {
		if ref.ContentID != p.Attachments[i].ContentID {
			return errorf("manifest reference %d is %q, attachment %d is %q", i+1, ref.ContentID, i+1, p.Attachments[i].ContentID)
		}
	}
	return nil
}

// WriteHeader completes p (see Complete) and writes everything up to the first attachment.
func (w *Writer) WriteHeader(p *Package) error {
	if w.pkg != nil {
		return errorf("WriteHeader called twice")
	}
	if err := Complete(p); err != nil {
		return err
	}
	w.pkg = p
	w.raw(xmlDecl + `<edXML xmlns="` + NamespaceEdXML + `">` + "\n")
	w.raw(`<edXML:edXMLEnvelope xmlns:edXML="` + NamespaceEdXML + `">` + "\n")
	w.start("edXMLHeader")
	w.messageHeader(&p.Header)
	w.traceList(p.Traces, p.Business)
	w.end("edXMLHeader")
	w.start("edXMLBody")
	w.raw(`<edXML:edXMLManifest version="`)
	w.text(p.Manifest.Version)
	w.raw(`">` + "\n")
	for _, r := range p.Manifest.References {
		w.raw(`<edXML:Reference xmlns:xlink="` + NamespaceXLink + `" xlink:href="`)
		w.text(r.ContentID)
		w.raw(`" xlink:type="simple">` + "\n")
		w.leaf("ContentId", r.ContentID)
		w.leaf("ContentType", r.ContentType)
		w.leafOpt("Description", r.Description)
		w.leaf("AttachmentName", r.AttachmentName)
		w.end("Reference")
	}
	w.end("edXMLManifest")
	w.end("edXMLBody")
	w.end("edXMLEnvelope")
	return w.err
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// WriteAttachment writes the next declared attachment, encoding content as base64 in lines of 76 characters.
func (w *Writer) WriteAttachment(content io.Reader) error {
	if w.err != nil {
		return w.err
	}
	if w.pkg == nil {
		return errorf("WriteAttachment before WriteHeader")
	}
	if w.next >= len(w.pkg.Attachments) {
		return errorf("more attachments written than the %d declared", len(w.pkg.Attachments))
	}
	a := w.pkg.Attachments[w.next]
	w.next++
	if !w.open {
		w.raw("<AttachmentEncoded>\n")
		w.open = true
	}
	w.raw("<Attachment>\n")
	w.plainLeaf("ContentId", a.ContentID)
	w.plainLeaf("AttachmentName", a.AttachmentName)
	if a.Description != "" {
		w.plainLeaf("Description", a.Description)
	}
	w.plainLeaf("ContentType", a.ContentType)
	w.raw(`<edXML:ContentTransferEncoded xmlns:edXML="` + NamespaceEdXML + `">` + "\n")
	if w.err != nil {
		return w.err
	}
	lw := &lineWriter{w: w.w, width: 76}
	enc := base64.NewEncoder(base64.StdEncoding, lw)
	if _, err := io.Copy(enc, content); err != nil {
		w.err = errorf("attachment %q: %w", a.AttachmentName, err)
		return w.err
	}
	if err := enc.Close(); err != nil {
		w.err = errorf("attachment %q: %w", a.AttachmentName, err)
		return w.err
	}
	if lw.col > 0 {
		w.raw("\n")
	}
	w.raw("</edXML:ContentTransferEncoded>\n</Attachment>\n")
	return w.err
}

// Close ends the package and flushes it. It fails when fewer attachments were written than declared.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.pkg == nil {
		return errorf("Close before WriteHeader")
	}
	if w.next < len(w.pkg.Attachments) {
		return errorf("%d attachments declared, %d written", len(w.pkg.Attachments), w.next)
	}
	if w.open {
		w.raw("</AttachmentEncoded>\n")
	}
	w.raw("</edXML>\n")
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = errorf("writing: %w", err)
	}
	return w.err
}

// lineWriter breaks base64 output into lines.
type lineWriter struct {
	w     *bufio.Writer
	width int
	col   int
}

func (l *lineWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(l.width-l.col, len(p))
		if _, err := l.w.Write(p[:k]); err != nil {
			return n, err
		}
		n += k
		l.col += k
		p = p[k:]
		if l.col == l.width {
			if err := l.w.WriteByte('\n'); err != nil {
				return n, err
			}
			l.col = 0
		}
	}
	return n, nil
}

func (w *Writer) raw(s string) {
	if w.err != nil {
		return
	}
	if _, err := w.w.WriteString(s); err != nil {
		w.err = errorf("writing: %w", err)
	}
}

// text writes s escaped for XML; characters XML cannot carry are an error.
func (w *Writer) text(s string) {
	if w.err != nil {
		return
	}
	if !utf8.ValidString(s) {
		w.err = errorf("text %q is not valid UTF-8", s)
		return
	}
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; c {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\r':
			esc = "&#xD;"
		case '\t', '\n':
			continue
		default:
			if c < 0x20 {
				w.err = errorf("text %q contains control character %#x, which XML cannot carry", s, c)
				return
			}
			continue
		}
		w.raw(s[last:i])
		w.raw(esc)
		last = i + 1
	}
	w.raw(s[last:])
	for _, r := range s {
		if r == 0xFFFE || r == 0xFFFF {
			w.err = errorf("text %q contains a noncharacter XML cannot carry", s)
			return
		}
	}
}

func (w *Writer) start(local string) { w.raw("<edXML:" + local + ">\n") }
func (w *Writer) end(local string)   { w.raw("</edXML:" + local + ">\n") }

func (w *Writer) leaf(local, v string) {
	w.raw("<edXML:" + local + ">")
	w.text(v)
	w.raw("</edXML:" + local + ">\n")
}

func (w *Writer) leafOpt(local, v string) {
	if v != "" {
		w.leaf(local, v)
	}
}

func (w *Writer) plainLeaf(local, v string) {
	w.raw("<" + local + ">")
	w.text(v)
	w.raw("</" + local + ">\n")
}

func (w *Writer) dateOpt(local string, t time.Time) {
	if !t.IsZero() {
		w.leaf(local, FormatDate(t))
	}
}

func (w *Writer) organization(local string, o Organization) {
	w.start(local)
	w.leaf("OrganId", o.OrganID)
	w.leafOpt("OrganizationInCharge", o.OrganizationInCharge)
	w.leafOpt("OrganName", o.OrganName)
	w.leafOpt("OrganAdd", o.OrganAdd)
	w.leafOpt("Email", o.Email)
	w.leafOpt("Telephone", o.Telephone)
	w.leafOpt("Fax", o.Fax)
	w.leafOpt("Website", o.Website)
	w.end(local)
}

func (w *Writer) responseFor(r ResponseFor) {
	w.start("ResponseFor")
	w.leaf("OrganId", r.OrganID)
	w.leaf("Code", r.Code)
	w.dateOpt("PromulgationDate", r.PromulgationDate)
	w.leaf("DocumentId", r.DocumentID)
	w.end("ResponseFor")
}

func (w *Writer) staff(s StaffInfo) {
	w.start("StaffInfo")
	w.leafOpt("Department", s.Department)
	w.leafOpt("Staff", s.Staff)
	w.leafOpt("Mobile", s.Mobile)
	w.leafOpt("Email", s.Email)
	w.end("StaffInfo")
}

func (w *Writer) messageHeader(h *MessageHeader) {
	w.start("MessageHeader")
	w.organization("From", h.From)
	for _, to := range h.To {
		w.organization("To", to)
	}
	w.leaf("DocumentId", h.DocumentID)
	w.start("Code")
	w.leaf("CodeNumber", h.Code.CodeNumber)
	w.leaf("CodeNotation", h.Code.CodeNotation)
	w.end("Code")
	w.start("PromulgationInfo")
	w.leafOpt("Place", h.PromulgationInfo.Place)
	w.dateOpt("PromulgationDate", h.PromulgationInfo.PromulgationDate)
	w.end("PromulgationInfo")
	w.start("DocumentType")
	w.leaf("Type", strconv.Itoa(h.DocumentType.Type))
	w.leaf("TypeDetail", strconv.Itoa(h.DocumentType.TypeDetail))
	w.leaf("TypeName", h.DocumentType.TypeName)
	w.end("DocumentType")
	w.leaf("Subject", h.Subject)
	w.leafOpt("Content", h.Content)
	w.start("SignerInfo")
	w.leafOpt("Competence", h.SignerInfo.Competence)
	w.leafOpt("Position", h.SignerInfo.Position)
	w.leafOpt("FullName", h.SignerInfo.FullName)
	w.end("SignerInfo")
	w.dateOpt("DueDate", h.DueDate)
	if len(h.ToPlaces) > 0 {
		w.start("ToPlaces")
		for _, p := range h.ToPlaces {
			w.leaf("Place", p)
		}
		w.end("ToPlaces")
	}
	o := h.OtherInfo
	w.start("OtherInfo")
	w.leaf("Priority", strconv.Itoa(int(o.Priority)))
	w.leafOpt("SphereOfPromulgation", o.SphereOfPromulgation)
	w.leafOpt("TyperNotation", o.TyperNotation)
	w.leaf("PromulgationAmount", strconv.Itoa(int(o.PromulgationAmount)))
	w.leaf("PageAmount", strconv.Itoa(int(o.PageAmount)))
	if o.Direction {
		w.leaf("Direction", "1")
	}
	if len(o.Appendixes) > 0 {
		w.start("Appendixes")
		for _, a := range o.Appendixes {
			w.leaf("Appendix", a)
		}
		w.end("Appendixes")
	}
	w.end("OtherInfo")
	for _, r := range h.ResponseFor {
		w.responseFor(r)
	}
	w.leaf("SteeringType", strconv.Itoa(h.SteeringType))
	w.end("MessageHeader")
}

func (w *Writer) traceList(traces []TraceHeader, b *Business) {
	if len(traces) == 0 && b == nil {
		return
	}
	w.start("TraceHeaderList")
	for _, t := range traces {
		w.start("TraceHeader")
		w.leaf("OrganId", t.OrganID)
		w.leaf("Timestamp", FormatTimestamp(t.Timestamp))
		w.end("TraceHeader")
	}
	if b != nil {
		w.start("Bussiness")
		w.leaf("DocumentId", b.DocumentID)
		w.leaf("BussinessDocType", strconv.Itoa(int(b.DocType)))
		w.leafOpt("BussinessDocReason", b.Reason)
		w.leaf("Paper", strconv.Itoa(b.Paper))
		if bi := b.DocumentInfo; bi != nil {
			w.start("BussinessDocumentInfo")
			w.leafOpt("DocumentInfo", bi.DocumentInfo)
			w.leafOpt("DocumentReceiver", bi.DocumentReceiver)
			if len(bi.Receivers) > 0 {
				w.start("ReceiverList")
				for _, r := range bi.Receivers {
					w.start("Receiver")
					w.leaf("OrganId", r.OrganID)
					w.leaf("ReceiverType", strconv.Itoa(r.ReceiverType))
					w.end("Receiver")
				}
				w.end("ReceiverList")
			}
			w.end("BussinessDocumentInfo")
		}
		if len(b.Replacements) > 0 {
			w.start("ReplacementInfoList")
			for _, r := range b.Replacements {
				w.start("ReplacementInfo")
				w.leaf("DocumentId", r.DocumentID)
				w.start("OrganIdList")
				for _, o := range r.OrganIDs {
					w.leaf("OrganId", o)
				}
				w.end("OrganIdList")
				w.end("ReplacementInfo")
			}
			w.end("ReplacementInfoList")
		}
		if b.Staff != nil {
			w.staff(*b.Staff)
		}
		w.end("Bussiness")
	}
	w.end("TraceHeaderList")
}

// WriteStatus writes a status package (gói tin trạng thái): the envelope and header, no body.
func WriteStatus(out io.Writer, sp *StatusPackage) error {
	if sp.Code > MaxStatusCode {
		return errorf("status code %d out of range", sp.Code)
	}
	w := NewWriter(out)
	w.raw(xmlDecl + `<edXML xmlns="` + NamespaceEdXML + `">` + "\n")
	w.raw(`<edXML:edXMLEnvelope xmlns:edXML="` + NamespaceEdXML + `">` + "\n")
	w.start("edXMLHeader")
	w.start("MessageHeader")
	w.organization("From", sp.From)
	w.responseFor(sp.ResponseFor)
	w.staff(sp.Staff)
	w.leaf("StatusCode", sp.Code.Code())
	w.leafOpt("Description", sp.Description)
	w.leaf("Timestamp", FormatTimestamp(sp.Timestamp))
	w.end("MessageHeader")
	w.traceList(sp.Traces, nil)
	w.end("edXMLHeader")
	w.end("edXMLEnvelope")
	w.raw("</edXML>\n")
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		return errorf("writing: %w", err)
	}
	return nil
}
