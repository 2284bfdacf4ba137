package edoc

import (
	"strconv"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/internal/xmlstream"
	"github.com/vnegov/egov/vntime"
)

// node is an element of a bounded header tree: the envelope (header and manifest) is small, so it is read into
// a tree, which makes element order irrelevant to decoding and keeps lines and paths for the findings. It is the
// module's one tree type, xmlstream.Node, built from the same tokens as the signature verifier's.
type node = xmlstream.Node

// readTree reads the element whose start token was just returned into a tree, bounded by budget bytes of input
// and by MaxText bytes of text per element.
func (r *Reader) readTree(start *token, budget int64) (*node, error) {
	return r.readTreeWith(nil, start, budget)
}

// readTreeWith is readTree building in b, reset for the tree, or in a new builder when b is nil.
func (r *Reader) readTreeWith(b *xmlstream.Builder, start *token, budget int64) (*node, error) {
	s := r.sc
	from := start.Offset
	// The tree's own bound only backs up the input budget (a tree costs a few times its input at most).
	limit := int(min(budget, 1<<40) * 64)
	if b == nil {
		b = xmlstream.NewBuilder(limit, "/edXML")
	} else {
		b.Reset(limit, "/edXML")
	}
	if _, err := b.Add(start); err != nil {
		return nil, err
	}
	text := 0
	for {
		t, err := s.nextAny()
		if err != nil {
			return nil, err
		}
		if s.tz.Offset()-from > budget {
			return nil, s.limit("header size in bytes", "kích thước phần tiêu đề (byte)", int(budget))
		}
		switch t.Kind {
		case xmlstream.Text:
			if text += len(t.Text); text > r.opts.MaxText {
				return nil, s.textLimit(r.opts.MaxText)
			}
		case xmlstream.StartElement, xmlstream.EndElement:
			text = 0
		}
		done, err := b.Add(t)
		if err != nil {
			return nil, s.wrap(err)
		}
		if done {
			return b.Root(), nil
		}
	}
}

// decoder maps the header tree onto the model, noting format findings and the line of every field so that
// go-playground findings can be located.
type decoder struct {
	findings []diag.Diagnostic
	lines    map[string]*node // validator namespace without the root type, e.g. "Header.To[0].OrganID"
}

// newDecoder returns a decoder; with lines it records the node of every field (for locating field findings),
// which costs a string per field and is only done when a finding needs it.
func newDecoder(lines bool) *decoder {
	d := &decoder{}
	if lines {
		d.lines = make(map[string]*node, 128)
	}
	return d
}

// k returns key when the decoder records lines, "" otherwise (so that key concatenations cost nothing).
func (d *decoder) k(key string) string {
	if d.lines == nil {
		return ""
	}
	return key
}

// sub returns key+field when the decoder records lines.
func (d *decoder) sub(key, field string) string {
	if d.lines == nil {
		return ""
	}
	return key + field
}

// at returns key[i] when the decoder records lines.
func (d *decoder) at(key string, i int) string {
	if d.lines == nil {
		return ""
	}
	return key + "[" + strconv.Itoa(i) + "]"
}

func (d *decoder) note(key string, n *node) {
	if n != nil && d.lines != nil {
		d.lines[key] = n
	}
}

func (d *decoder) str(key string, parent *node, local string) string {
	n := parent.Child(local)
	d.note(key, n)
	return n.Value()
}

// date reads a yyyy/MM/dd date; an unreadable date is a finding and leaves the zero time.
func (d *decoder) date(key string, parent *node, local string) time.Time {
	n := parent.Child(local)
	d.note(key, n)
	v := n.Value()
	if v == "" {
		return time.Time{}
	}
	t, err := ParseDate(v)
	if err != nil {
		d.findings = append(d.findings, ruleDate.At(n.Path(), n.Line, n.Column, v))
	}
	return t
}

func (d *decoder) timestamp(key string, parent *node, local string) time.Time {
	n := parent.Child(local)
	d.note(key, n)
	v := n.Value()
	if v == "" {
		return time.Time{}
	}
	t, err := ParseTimestamp(v)
	if err != nil {
		d.findings = append(d.findings, ruleTimestamp.At(n.Path(), n.Line, n.Column, v))
	}
	return t
}

// integer reads a decimal integer in [lo, hi]; anything else is a finding.
func (d *decoder) integer(key string, parent *node, local string, lo, hi int, what diag.Phrase) int {
	n := parent.Child(local)
	d.note(key, n)
	v := n.Value()
	if v == "" {
		return 0
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < lo || i > hi {
		d.findings = append(d.findings, ruleNumber.At(n.Path(), n.Line, n.Column, v, what))
		return 0
	}
	return i
}

// direction reads OtherInfo/Direction: 0 or 1 as QCVN 102 packages write it, or the Java booleans "true" and
// "false" that the vendor's edXML builder writes (String.valueOf of its boolean field direction), read as 1 and 0
// with an EDOC-F006 finding (a quirk). Which value means "steering document" is the builder's convention (true =
// 1); the public text does not define the element's values, so the mapping is uncertain (spec edoc.md [U]).
func (d *decoder) direction(oi *node) bool {
	n := oi.Child("Direction")
	switch v := n.Value(); v {
	case "true", "false":
		d.note("Header.OtherInfo.Direction", n)
		as := "0"
		if v == "true" {
			as = "1"
		}
		d.findings = append(d.findings, ruleDirectionBoolean.At(n.Path(), n.Line, n.Column, v, as))
		return v == "true"
	}
	return d.integer("Header.OtherInfo.Direction", oi, "Direction", 0, 1, diag.Phrase{EN: "Direction is 0 or 1", VI: "Direction là 0 hoặc 1"}) == 1
}

func (d *decoder) organization(key string, n *node) Organization {
	d.note(key, n)
	return Organization{
		OrganID:              d.str(d.sub(key, ".OrganID"), n, "OrganId"),
		OrganizationInCharge: d.str(d.sub(key, ".OrganizationInCharge"), n, "OrganizationInCharge"),
		OrganName:            d.str(d.sub(key, ".OrganName"), n, "OrganName"),
		OrganAdd:             d.str(d.sub(key, ".OrganAdd"), n, "OrganAdd"),
		Email:                d.str(d.sub(key, ".Email"), n, "Email"),
		Telephone:            d.str(d.sub(key, ".Telephone"), n, "Telephone"),
		Fax:                  d.str(d.sub(key, ".Fax"), n, "Fax"),
		Website:              d.str(d.sub(key, ".Website"), n, "Website"),
	}
}

func (d *decoder) responseFor(key string, n *node) ResponseFor {
	d.note(key, n)
	return ResponseFor{
		OrganID:          d.str(d.sub(key, ".OrganID"), n, "OrganId"),
		Code:             d.str(d.sub(key, ".Code"), n, "Code"),
		PromulgationDate: d.date(d.sub(key, ".PromulgationDate"), n, "PromulgationDate"),
		DocumentID:       d.str(d.sub(key, ".DocumentID"), n, "DocumentId"),
	}
}

func (d *decoder) staff(key string, n *node) StaffInfo {
	d.note(key, n)
	return StaffInfo{
		Department: d.str(d.sub(key, ".Department"), n, "Department"),
		Staff:      d.str(d.sub(key, ".Staff"), n, "Staff"),
		Mobile:     d.str(d.sub(key, ".Mobile"), n, "Mobile"),
		Email:      d.str(d.sub(key, ".Email"), n, "Email"),
	}
}

func (d *decoder) traces(key string, header *node) []TraceHeader {
	var out []TraceHeader
	for i, t := range header.Child("TraceHeaderList").Elements("TraceHeader") {
		k := d.at(key, i)
		d.note(k, t)
		out = append(out, TraceHeader{
			OrganID:   d.str(d.sub(k, ".OrganID"), t, "OrganId"),
			Timestamp: d.timestamp(d.sub(k, ".Timestamp"), t, "Timestamp"),
		})
	}
	return out
}

// messageHeader decodes a document MessageHeader.
func (d *decoder) messageHeader(mh *node) MessageHeader {
	var h MessageHeader
	d.note("Header", mh)
	h.From = d.organization(d.k("Header.From"), mh.Child("From"))
	for _, k := range mh.Elems {
		if k.Local == "To" {
			if h.To == nil {
				h.To = make([]Organization, 0, countOf(mh, "To"))
			}
			h.To = append(h.To, d.organization(d.at("Header.To", len(h.To)), k))
		}
	}
	d.note("Header.To", mh.Child("To"))
	h.DocumentID = d.str("Header.DocumentID", mh, "DocumentId")
	code := mh.Child("Code")
	h.Code = Code{
		CodeNumber:   d.str("Header.Code.CodeNumber", code, "CodeNumber"),
		CodeNotation: d.str("Header.Code.CodeNotation", code, "CodeNotation"),
	}
	pi := mh.Child("PromulgationInfo")
	h.PromulgationInfo = PromulgationInfo{
		Place:            d.str("Header.PromulgationInfo.Place", pi, "Place"),
		PromulgationDate: d.date("Header.PromulgationInfo.PromulgationDate", pi, "PromulgationDate"),
	}
	dt := mh.Child("DocumentType")
	h.DocumentType = DocumentType{
		Type:       d.integer("Header.DocumentType.Type", dt, "Type", 0, 9, diag.Phrase{EN: "DocumentType/Type is a digit", VI: "DocumentType/Type là một chữ số"}),
		TypeDetail: d.integer("Header.DocumentType.TypeDetail", dt, "TypeDetail", 0, 1<<31-1, diag.Phrase{EN: "TypeDetail is a number", VI: "TypeDetail là một số"}),
		TypeName:   d.str("Header.DocumentType.TypeName", dt, "TypeName"),
	}
	h.Subject = d.str("Header.Subject", mh, "Subject")
	h.Content = d.str("Header.Content", mh, "Content")
	si := mh.Child("SignerInfo")
	h.SignerInfo = SignerInfo{
		Competence: d.str("Header.SignerInfo.Competence", si, "Competence"),
		Position:   d.str("Header.SignerInfo.Position", si, "Position"),
		FullName:   d.str("Header.SignerInfo.FullName", si, "FullName"),
	}
	h.DueDate = d.date("Header.DueDate", mh, "DueDate")
	for i, p := range mh.Child("ToPlaces").Elements("Place") {
		d.note(d.at("Header.ToPlaces", i), p)
		h.ToPlaces = append(h.ToPlaces, p.Value())
	}
	oi := mh.Child("OtherInfo")
	h.OtherInfo = OtherInfo{
		Priority:             Priority(d.integer("Header.OtherInfo.Priority", oi, "Priority", 0, 4, diag.Phrase{EN: "Priority is 0–4", VI: "Priority từ 0 đến 4"})),
		SphereOfPromulgation: d.str("Header.OtherInfo.SphereOfPromulgation", oi, "SphereOfPromulgation"),
		TyperNotation:        d.str("Header.OtherInfo.TyperNotation", oi, "TyperNotation"),
		PromulgationAmount:   uint16(d.integer("Header.OtherInfo.PromulgationAmount", oi, "PromulgationAmount", 0, 65535, diag.Phrase{EN: "an unsigned 16-bit number", VI: "số nguyên không âm, tối đa 65535"})),
		PageAmount:           uint16(d.integer("Header.OtherInfo.PageAmount", oi, "PageAmount", 0, 65535, diag.Phrase{EN: "an unsigned 16-bit number", VI: "số nguyên không âm, tối đa 65535"})),
		Direction:            d.direction(oi),
	}
	for i, a := range oi.Child("Appendixes").Elements("Appendix") {
		d.note(d.at("Header.OtherInfo.Appendixes", i), a)
		h.OtherInfo.Appendixes = append(h.OtherInfo.Appendixes, a.Value())
	}
	for i, rf := range mh.Elements("ResponseFor") {
		if len(rf.Elems) == 0 && rf.Value() == "" {
			continue // empty ResponseFor blocks are seen in the wild and mean nothing
		}
		h.ResponseFor = append(h.ResponseFor, d.responseFor(d.at("Header.ResponseFor", i), rf))
	}
	h.SteeringType = d.integer("Header.SteeringType", mh, "SteeringType", 0, 1, diag.Phrase{EN: "SteeringType is 0 or 1", VI: "SteeringType là 0 hoặc 1"})
	return h
}

func (d *decoder) business(b *node) *Business {
	if b == nil {
		return nil
	}
	d.note("Business", b)
	bus := &Business{
		DocumentID: d.str("Business.DocumentID", b, "DocumentId"),
		DocType:    BusinessDocType(d.integer("Business.DocType", b, "BussinessDocType", 0, 3, diag.Phrase{EN: "BussinessDocType is 0–3", VI: "BussinessDocType từ 0 đến 3"})),
		Reason:     d.str("Business.Reason", b, "BussinessDocReason"),
		Paper:      d.integer("Business.Paper", b, "Paper", 0, 1<<31-1, diag.Phrase{EN: "Paper is a number", VI: "Paper là một số"}),
	}
	if bi := b.Child("BussinessDocumentInfo"); bi != nil {
		info := &BusinessDocumentInfo{
			DocumentInfo:     d.str("Business.DocumentInfo.DocumentInfo", bi, "DocumentInfo"),
			DocumentReceiver: d.str("Business.DocumentInfo.DocumentReceiver", bi, "DocumentReceiver"),
		}
		for i, rc := range bi.Child("ReceiverList").Elements("Receiver") {
			k := d.at("Business.DocumentInfo.Receivers", i)
			info.Receivers = append(info.Receivers, Receiver{
				OrganID:      d.str(d.sub(k, ".OrganID"), rc, "OrganId"),
				ReceiverType: d.integer(d.sub(k, ".ReceiverType"), rc, "ReceiverType", 0, 1<<31-1, diag.Phrase{EN: "ReceiverType is a number", VI: "ReceiverType là một số"}),
			})
		}
		bus.DocumentInfo = info
	}
	for i, ri := range b.Child("ReplacementInfoList").Elements("ReplacementInfo") {
		k := d.at("Business.Replacements", i)
		rep := ReplacementInfo{DocumentID: d.str(d.sub(k, ".DocumentID"), ri, "DocumentId")}
		for _, o := range ri.Child("OrganIdList").Elements("OrganId") {
			rep.OrganIDs = append(rep.OrganIDs, o.Value())
		}
		bus.Replacements = append(bus.Replacements, rep)
	}
	if st := b.Child("StaffInfo"); st != nil {
		s := d.staff(d.k("Business.Staff"), st)
		bus.Staff = &s
	}
	return bus
}

func (d *decoder) manifest(body *node) Manifest {
	mf := body.Child("edXMLManifest")
	var m Manifest
	if mf == nil {
		return m
	}
	m.Version, _ = mf.Attr("version")
	for i, ref := range mf.Elements("Reference") {
		k := d.at("Manifest.References", i)
		d.note(k, ref)
		m.References = append(m.References, Reference{
			ContentID:      d.str(d.sub(k, ".ContentID"), ref, "ContentId"),
			ContentType:    d.str(d.sub(k, ".ContentType"), ref, "ContentType"),
			Description:    d.str(d.sub(k, ".Description"), ref, "Description"),
			AttachmentName: d.str(d.sub(k, ".AttachmentName"), ref, "AttachmentName"),
		})
	}
	return m
}

func (d *decoder) status(mh *node, header *node) *StatusPackage {
	sp := &StatusPackage{
		From:        d.organization(d.k("From"), mh.Child("From")),
		Description: d.str("Description", mh, "Description"),
		Timestamp:   d.timestamp("Timestamp", mh, "Timestamp"),
	}
	if rf := mh.Child("ResponseFor"); rf != nil {
		sp.ResponseFor = d.responseFor(d.k("ResponseFor"), rf)
	}
	if st := mh.Child("StaffInfo"); st != nil {
		sp.Staff = d.staff(d.k("Staff"), st)
	}
	code := mh.Child("StatusCode")
	d.note("Code", code)
	if v := code.Value(); v != "" {
		c, err := ParseStatusCode(v)
		if err != nil {
			d.findings = append(d.findings, ruleStatusCode.At(code.Path(), code.Line, code.Column, v))
		}
		sp.Code = c
	}
	sp.Traces = d.traces(d.k("Traces"), header)
	return sp
}

// signatureInfo extracts the algorithms of a Signature subtree.
func signatureInfo(sig *node) SignatureInfo {
	info := SignatureInfo{Namespace: sig.Space, Path: sig.Path(), Line: sig.Line}
	si := sig.Child("SignedInfo")
	info.CanonicalizationMethod, _ = si.Child("CanonicalizationMethod").Attr("Algorithm")
	info.SignatureMethod, _ = si.Child("SignatureMethod").Attr("Algorithm")
	for _, ref := range si.Elements("Reference") {
		uri, _ := ref.Attr("URI")
		info.ReferenceURIs = append(info.ReferenceURIs, uri)
		if dm, ok := ref.Child("DigestMethod").Attr("Algorithm"); ok {
			info.DigestMethods = append(info.DigestMethods, dm)
		}
		for _, tr := range ref.Child("Transforms").Elements("Transform") {
			if a, ok := tr.Attr("Algorithm"); ok {
				info.Transforms = append(info.Transforms, a)
			}
		}
	}
	return info
}

// Date and timestamp layouts of QCVN 102.
const (
	dateLayout      = "2006/01/02"
	timestampLayout = "2006/01/02 15:04:05"
)

// ParseDate reads a yyyy/MM/dd date of a package as midnight in Vietnam time.
func ParseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(dateLayout, s, vntime.Location())
	if err != nil {
		return time.Time{}, errorf("date %q: want yyyy/MM/dd", s)
	}
	return t, nil
}

// ParseTimestamp reads a yyyy/MM/dd HH:mm:ss timestamp of a package in Vietnam time.
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.ParseInLocation(timestampLayout, s, vntime.Location())
	if err != nil {
		return time.Time{}, errorf("timestamp %q: want yyyy/MM/dd HH:mm:ss", s)
	}
	return t, nil
}

// FormatDate writes t as yyyy/MM/dd in Vietnam time.
func FormatDate(t time.Time) string { return t.In(vntime.Location()).Format(dateLayout) }

// FormatTimestamp writes t as yyyy/MM/dd HH:mm:ss in Vietnam time.
func FormatTimestamp(t time.Time) string { return t.In(vntime.Location()).Format(timestampLayout) }
