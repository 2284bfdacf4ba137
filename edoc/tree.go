package edoc

import (
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

// node is an element of the bounded header tree: the envelope (header and manifest) is small, so it is read into
// a tree, which makes element order irrelevant to decoding and keeps lines and paths for the findings.
type node struct {
	name   xname
	attrs  []xattr
	text   string
	line   int
	parent *node // nil for the root of a tree, a child of the edXML root element
	kids   []*node
}

// p returns the element path of the node, e.g. /edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId. It
// is built on demand: only findings need it.
func (n *node) p() string {
	if n == nil {
		return ""
	}
	if n.parent == nil {
		return "/edXML/" + n.name.local
	}
	s := n.parent.p() + "/" + n.name.local
	rank := 1 // among the siblings of the same name, counted here rather than per element (quadratic)
	for _, k := range n.parent.kids {
		if k == n {
			break
		}
		if k.name.local == n.name.local {
			rank++
		}
	}
	if rank > 1 {
		s += "[" + strconv.Itoa(rank) + "]"
	}
	return s
}

// child returns the first child with the local name, nil when absent.
func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name.local == local {
			return k
		}
	}
	return nil
}

// all returns the children with the local name.
func (n *node) all(local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name.local == local {
			out = append(out, k)
		}
	}
	return out
}

// val returns the trimmed text of the node, "" for nil.
func (n *node) val() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.text)
}

func (n *node) attr(local string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.attrs {
		if a.name.local == local {
			return a.value, true
		}
	}
	return "", false
}

// readTree reads the element whose start token was just returned into a tree, bounded by budget bytes of input.
func (r *Reader) readTree(start token, budget int64) (*node, error) {
	s := r.sc
	from := s.offset
	root := &node{name: start.name, attrs: start.attrs, line: start.line}
	// Allocation is batched, which matters for the many small packages of a busy gateway: nodes come from blocks
	// of 64, and the children of an element, collected on a pending stack while it is open, are copied into a
	// shared block of pointers when it ends.
	type open struct {
		n     *node
		first int // index in pending of the element's first child
	}
	stack := []open{{n: root}}
	var pending, kidArena []*node
	var text []byte
	var slab []node
	for len(stack) > 0 {
		t, err := s.next()
		if err != nil {
			return nil, err
		}
		if s.offset-from > budget {
			return nil, s.fail(ruleLimit, "header size in bytes", int(budget))
		}
		top := stack[len(stack)-1]
		leaf := len(pending) == top.first
		switch t.kind {
		case tokText:
			if leaf {
				text = append(text, t.text...)
			}
		case tokStart:
			if len(slab) == cap(slab) {
				slab = make([]node, 0, 64)
			}
			slab = append(slab, node{name: t.name, attrs: t.attrs, line: t.line, parent: top.n})
			k := &slab[len(slab)-1]
			pending = append(pending, k)
			stack = append(stack, open{n: k, first: len(pending)})
			text = text[:0]
		case tokEnd:
			if leaf {
				top.n.text = string(text)
			} else {
				kids := pending[top.first:]
				if cap(kidArena)-len(kidArena) < len(kids) {
					kidArena = make([]*node, 0, max(256, len(kids)))
				}
				at := len(kidArena)
				kidArena = append(kidArena, kids...)
				top.n.kids = kidArena[at:len(kidArena):len(kidArena)]
				pending = pending[:top.first]
			}
			text = text[:0]
			stack = stack[:len(stack)-1]
		}
	}
	return root, nil
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
	n := parent.child(local)
	d.note(key, n)
	return n.val()
}

// date reads a yyyy/MM/dd date; an unreadable date is a finding and leaves the zero time.
func (d *decoder) date(key string, parent *node, local string) time.Time {
	n := parent.child(local)
	d.note(key, n)
	v := n.val()
	if v == "" {
		return time.Time{}
	}
	t, err := ParseDate(v)
	if err != nil {
		d.findings = append(d.findings, ruleDate.At(n.p(), n.line, 0, v))
	}
	return t
}

func (d *decoder) timestamp(key string, parent *node, local string) time.Time {
	n := parent.child(local)
	d.note(key, n)
	v := n.val()
	if v == "" {
		return time.Time{}
	}
	t, err := ParseTimestamp(v)
	if err != nil {
		d.findings = append(d.findings, ruleTimestamp.At(n.p(), n.line, 0, v))
	}
	return t
}

// integer reads a decimal integer in [lo, hi]; anything else is a finding.
func (d *decoder) integer(key string, parent *node, local string, lo, hi int, what string) int {
	n := parent.child(local)
	d.note(key, n)
	v := n.val()
	if v == "" {
		return 0
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < lo || i > hi {
		d.findings = append(d.findings, ruleNumber.At(n.p(), n.line, 0, v, what))
		return 0
	}
	return i
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
	for i, t := range header.child("TraceHeaderList").all("TraceHeader") {
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
	h.From = d.organization(d.k("Header.From"), mh.child("From"))
	for _, k := range mh.kids {
		if k.name.local == "To" {
			if h.To == nil {
				h.To = make([]Organization, 0, countOf(mh, "To"))
			}
			h.To = append(h.To, d.organization(d.at("Header.To", len(h.To)), k))
		}
	}
	d.note("Header.To", mh.child("To"))
	h.DocumentID = d.str("Header.DocumentID", mh, "DocumentId")
	code := mh.child("Code")
	h.Code = Code{
		CodeNumber:   d.str("Header.Code.CodeNumber", code, "CodeNumber"),
		CodeNotation: d.str("Header.Code.CodeNotation", code, "CodeNotation"),
	}
	pi := mh.child("PromulgationInfo")
	h.PromulgationInfo = PromulgationInfo{
		Place:            d.str("Header.PromulgationInfo.Place", pi, "Place"),
		PromulgationDate: d.date("Header.PromulgationInfo.PromulgationDate", pi, "PromulgationDate"),
	}
	dt := mh.child("DocumentType")
	h.DocumentType = DocumentType{
		Type:       d.integer("Header.DocumentType.Type", dt, "Type", 0, 9, "DocumentType/Type is a digit"),
		TypeDetail: d.integer("Header.DocumentType.TypeDetail", dt, "TypeDetail", 0, 1<<31-1, "TypeDetail is a number"),
		TypeName:   d.str("Header.DocumentType.TypeName", dt, "TypeName"),
	}
	h.Subject = d.str("Header.Subject", mh, "Subject")
	h.Content = d.str("Header.Content", mh, "Content")
	si := mh.child("SignerInfo")
	h.SignerInfo = SignerInfo{
		Competence: d.str("Header.SignerInfo.Competence", si, "Competence"),
		Position:   d.str("Header.SignerInfo.Position", si, "Position"),
		FullName:   d.str("Header.SignerInfo.FullName", si, "FullName"),
	}
	h.DueDate = d.date("Header.DueDate", mh, "DueDate")
	for i, p := range mh.child("ToPlaces").all("Place") {
		d.note(d.at("Header.ToPlaces", i), p)
		h.ToPlaces = append(h.ToPlaces, p.val())
	}
	oi := mh.child("OtherInfo")
	h.OtherInfo = OtherInfo{
		Priority:             Priority(d.integer("Header.OtherInfo.Priority", oi, "Priority", 0, 4, "Priority is 0–4")),
		SphereOfPromulgation: d.str("Header.OtherInfo.SphereOfPromulgation", oi, "SphereOfPromulgation"),
		TyperNotation:        d.str("Header.OtherInfo.TyperNotation", oi, "TyperNotation"),
		PromulgationAmount:   uint16(d.integer("Header.OtherInfo.PromulgationAmount", oi, "PromulgationAmount", 0, 65535, "an unsigned 16-bit number")),
		PageAmount:           uint16(d.integer("Header.OtherInfo.PageAmount", oi, "PageAmount", 0, 65535, "an unsigned 16-bit number")),
		Direction:            d.integer("Header.OtherInfo.Direction", oi, "Direction", 0, 1, "Direction is 0 or 1") == 1,
	}
	for i, a := range oi.child("Appendixes").all("Appendix") {
		d.note(d.at("Header.OtherInfo.Appendixes", i), a)
		h.OtherInfo.Appendixes = append(h.OtherInfo.Appendixes, a.val())
	}
	for i, rf := range mh.all("ResponseFor") {
		if len(rf.kids) == 0 && rf.val() == "" {
			continue // empty ResponseFor blocks are seen in the wild and mean nothing
		}
		h.ResponseFor = append(h.ResponseFor, d.responseFor(d.at("Header.ResponseFor", i), rf))
	}
	h.SteeringType = d.integer("Header.SteeringType", mh, "SteeringType", 0, 1, "SteeringType is 0 or 1")
	return h
}

func (d *decoder) business(b *node) *Business {
	if b == nil {
		return nil
	}
	d.note("Business", b)
	bus := &Business{
		DocumentID: d.str("Business.DocumentID", b, "DocumentId"),
		DocType:    BusinessDocType(d.integer("Business.DocType", b, "BussinessDocType", 0, 3, "BussinessDocType is 0–3")),
		Reason:     d.str("Business.Reason", b, "BussinessDocReason"),
		Paper:      d.integer("Business.Paper", b, "Paper", 0, 1<<31-1, "Paper is a number"),
	}
	if bi := b.child("BussinessDocumentInfo"); bi != nil {
		info := &BusinessDocumentInfo{
			DocumentInfo:     d.str("Business.DocumentInfo.DocumentInfo", bi, "DocumentInfo"),
			DocumentReceiver: d.str("Business.DocumentInfo.DocumentReceiver", bi, "DocumentReceiver"),
		}
		for i, rc := range bi.child("ReceiverList").all("Receiver") {
			k := d.at("Business.DocumentInfo.Receivers", i)
			info.Receivers = append(info.Receivers, Receiver{
				OrganID:      d.str(d.sub(k, ".OrganID"), rc, "OrganId"),
				ReceiverType: d.integer(d.sub(k, ".ReceiverType"), rc, "ReceiverType", 0, 1<<31-1, "ReceiverType is a number"),
			})
		}
		bus.DocumentInfo = info
	}
	for i, ri := range b.child("ReplacementInfoList").all("ReplacementInfo") {
		k := d.at("Business.Replacements", i)
		rep := ReplacementInfo{DocumentID: d.str(d.sub(k, ".DocumentID"), ri, "DocumentId")}
		for _, o := range ri.child("OrganIdList").all("OrganId") {
			rep.OrganIDs = append(rep.OrganIDs, o.val())
		}
		bus.Replacements = append(bus.Replacements, rep)
	}
	if st := b.child("StaffInfo"); st != nil {
		s := d.staff(d.k("Business.Staff"), st)
		bus.Staff = &s
	}
	return bus
}

func (d *decoder) manifest(body *node) Manifest {
	mf := body.child("edXMLManifest")
	var m Manifest
	if mf == nil {
		return m
	}
	m.Version, _ = mf.attr("version")
	for i, ref := range mf.all("Reference") {
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
		From:        d.organization(d.k("From"), mh.child("From")),
		Description: d.str("Description", mh, "Description"),
		Timestamp:   d.timestamp("Timestamp", mh, "Timestamp"),
	}
	if rf := mh.child("ResponseFor"); rf != nil {
		sp.ResponseFor = d.responseFor(d.k("ResponseFor"), rf)
	}
	if st := mh.child("StaffInfo"); st != nil {
		sp.Staff = d.staff(d.k("Staff"), st)
	}
	code := mh.child("StatusCode")
	d.note("Code", code)
	if v := code.val(); v != "" {
		c, err := ParseStatusCode(v)
		if err != nil {
			d.findings = append(d.findings, ruleStatusCode.At(code.p(), code.line, 0, v))
		}
		sp.Code = c
	}
	sp.Traces = d.traces(d.k("Traces"), header)
	return sp
}

// signatureInfo extracts the algorithms of a Signature subtree.
func signatureInfo(sig *node) SignatureInfo {
	info := SignatureInfo{Namespace: sig.name.space, Path: sig.p(), Line: sig.line}
	si := sig.child("SignedInfo")
	info.CanonicalizationMethod, _ = si.child("CanonicalizationMethod").attr("Algorithm")
	info.SignatureMethod, _ = si.child("SignatureMethod").attr("Algorithm")
	for _, ref := range si.all("Reference") {
		uri, _ := ref.attr("URI")
		info.ReferenceURIs = append(info.ReferenceURIs, uri)
		if dm, ok := ref.child("DigestMethod").attr("Algorithm"); ok {
			info.DigestMethods = append(info.DigestMethods, dm)
		}
		for _, tr := range ref.child("Transforms").all("Transform") {
			if a, ok := tr.attr("Algorithm"); ok {
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
