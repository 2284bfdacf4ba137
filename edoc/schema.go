package edoc

import (
	"github.com/vnegov/egov/diag"
)

// elem describes an element of the envelope: its children in the order of QCVN 102 as the public samples write
// it, with their cardinalities. The standard publishes no XSD; this is the structure that the public SDK samples
// and four independent implementations agree on.
//
// Two references disagree on the order of some children, so an element may accept other complete orders (alt):
//
//   - the public sample packages of the national axis SDK (spec edoc.md §2): the primary order of kids;
//   - the vendor's edXML builder library that the axis SDK examples ship and most producers call (EdXML102 0.0.3,
//     Java packages com.vnpt.xml.ed and com.vnpt.xml.base, e.g. lib/EdXML102-0.0.3.jar of the SDK's Java example
//     of 2022/02/09), whose writer emits MessageHeader "… DueDate, OtherInfo, ResponseFor*, SteeringType,
//     ToPlaces", TraceHeaderList "Bussiness, TraceHeader*", StaffInfo "Department, Staff, Email, Mobile" and
//     ResponseFor "OrganId, Code, DocumentId, PromulgationDate" (order read from its writer; packages it built
//     agree).
//
// Children in either order pass the Strict profile; an order that follows neither is EDOC-X010 against the
// primary order. testdata/interop holds a package of each.
type elem struct {
	name     string
	min, max int // max 0: unbounded
	kids     []elem
	alt      [][]int // other accepted orders: alt[o][i] is the rank of kids[i] in order o
	opaque   bool    // children not checked (Signature)
}

// withOrder returns e accepting also the order of its children named in names (all of them, once each). A name
// that is not a child, or a missing child, is a mistake in the schema below, caught by TestSchemaOrders.
func (e elem) withOrder(names ...string) elem {
	ranks := make([]int, len(e.kids))
	for i := range ranks {
		ranks[i] = -1
	}
	for r, name := range names {
		for i, k := range e.kids {
			if k.name == name {
				ranks[i] = r
			}
		}
	}
	e.alt = append(e.alt, ranks)
	return e
}

func leaf(name string, min, max int) elem { return elem{name: name, min: min, max: max} }

func organizationKids() []elem {
	return []elem{
		leaf("OrganId", 1, 1), leaf("OrganizationInCharge", 0, 1), leaf("OrganName", 0, 1), leaf("OrganAdd", 0, 1),
		leaf("Email", 0, 1), leaf("Telephone", 0, 1), leaf("Fax", 0, 1), leaf("Website", 0, 1),
	}
}

// staffElem is StaffInfo; the builder writes Email before Mobile.
func staffElem() elem {
	return elem{name: "StaffInfo", min: 0, max: 1, kids: []elem{
		leaf("Department", 0, 1), leaf("Staff", 0, 1), leaf("Mobile", 0, 1), leaf("Email", 0, 1),
	}}.withOrder("Department", "Staff", "Email", "Mobile")
}

// responseForElem accepts the builder's order of ResponseFor too: DocumentId before PromulgationDate.
func responseForElem(e elem) elem {
	return e.withOrder("OrganId", "Code", "DocumentId", "PromulgationDate")
}

func signatureElem() elem { return elem{name: "Signature", min: 0, max: 0, opaque: true} }

func traceListElem(min int) elem {
	return elem{name: "TraceHeaderList", min: min, max: 1, kids: []elem{
		{name: "TraceHeader", min: 1, max: 0, kids: []elem{leaf("OrganId", 1, 1), leaf("Timestamp", 1, 1)}},
		{name: "Bussiness", min: 0, max: 1, kids: []elem{
			leaf("DocumentId", 0, 1), leaf("BussinessDocType", 1, 1), leaf("BussinessDocReason", 0, 1), leaf("Paper", 0, 1),
			{name: "BussinessDocumentInfo", min: 0, max: 1, kids: []elem{
				leaf("DocumentInfo", 0, 1), leaf("DocumentReceiver", 0, 1),
				{name: "ReceiverList", min: 0, max: 1, kids: []elem{
					{name: "Receiver", min: 0, max: 0, kids: []elem{leaf("OrganId", 1, 1), leaf("ReceiverType", 0, 1)}},
				}},
			}},
			{name: "ReplacementInfoList", min: 0, max: 1, kids: []elem{
				{name: "ReplacementInfo", min: 0, max: 0, kids: []elem{
					leaf("DocumentId", 1, 1),
					{name: "OrganIdList", min: 0, max: 1, kids: []elem{leaf("OrganId", 0, 0)}},
				}},
			}},
			staffElem(),
		}},
	}}.withOrder("Bussiness", "TraceHeader") // the builder writes the business block first
}

// The schemas are built once; they are never modified.
var (
	documentSchema = documentEnvelope()
	statusSchema   = statusEnvelope()
)

// documentEnvelope is the structure of a document package's envelope.
func documentEnvelope() elem {
	header := elem{name: "MessageHeader", min: 1, max: 1, kids: []elem{
		{name: "From", min: 1, max: 1, kids: organizationKids()},
		{name: "To", min: 1, max: 0, kids: organizationKids()},
		leaf("DocumentId", 1, 1),
		{name: "Code", min: 1, max: 1, kids: []elem{leaf("CodeNumber", 1, 1), leaf("CodeNotation", 1, 1)}},
		{name: "PromulgationInfo", min: 1, max: 1, kids: []elem{leaf("Place", 0, 1), leaf("PromulgationDate", 1, 1)}},
		{name: "DocumentType", min: 1, max: 1, kids: []elem{leaf("Type", 1, 1), leaf("TypeDetail", 0, 1), leaf("TypeName", 0, 1)}},
		leaf("Subject", 1, 1),
		leaf("Content", 0, 1),
		{name: "SignerInfo", min: 0, max: 1, kids: []elem{leaf("Competence", 0, 1), leaf("Position", 0, 1), leaf("FullName", 0, 1)}},
		leaf("DueDate", 0, 1),
		{name: "ToPlaces", min: 0, max: 1, kids: []elem{leaf("Place", 0, 0)}},
		{name: "OtherInfo", min: 0, max: 1, kids: []elem{
			leaf("Priority", 0, 1), leaf("SphereOfPromulgation", 0, 1), leaf("TyperNotation", 0, 1),
			leaf("PromulgationAmount", 0, 1), leaf("PageAmount", 0, 1), leaf("Direction", 0, 1),
			{name: "Appendixes", min: 0, max: 1, kids: []elem{leaf("Appendix", 0, 0)}},
		}},
		responseForElem(elem{name: "ResponseFor", min: 0, max: 0, kids: []elem{
			leaf("OrganId", 0, 1), leaf("Code", 0, 1), leaf("PromulgationDate", 0, 1), leaf("DocumentId", 0, 1),
		}}),
		leaf("SteeringType", 0, 1),
	}}.withOrder("From", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
		"SignerInfo", "DueDate", "OtherInfo", "ResponseFor", "SteeringType", "ToPlaces")
	return elem{name: "edXMLEnvelope", min: 1, max: 1, kids: []elem{
		{name: "edXMLHeader", min: 1, max: 1, kids: []elem{header, traceListElem(1), signatureElem()}},
		{name: "edXMLBody", min: 1, max: 1, kids: []elem{
			{name: "edXMLManifest", min: 1, max: 1, kids: []elem{
				{name: "Reference", min: 0, max: 0, kids: []elem{
					leaf("ContentId", 1, 1), leaf("ContentType", 1, 1), leaf("Description", 0, 1), leaf("AttachmentName", 1, 1),
				}},
			}},
		}},
		signatureElem(),
	}}
}

// statusEnvelope is the structure of a status package's envelope. ResponseFor is checked by its own rule.
func statusEnvelope() elem {
	header := elem{name: "MessageHeader", min: 1, max: 1, kids: []elem{
		{name: "From", min: 1, max: 1, kids: organizationKids()},
		responseForElem(elem{name: "ResponseFor", min: 0, max: 1, kids: []elem{
			leaf("OrganId", 1, 1), leaf("Code", 1, 1), leaf("PromulgationDate", 0, 1), leaf("DocumentId", 1, 1),
		}}),
		staffElem(),
		leaf("StatusCode", 1, 1),
		leaf("Description", 0, 1),
		leaf("Timestamp", 1, 1),
	}}
	return elem{name: "edXMLEnvelope", min: 1, max: 1, kids: []elem{
		{name: "edXMLHeader", min: 1, max: 1, kids: []elem{header, traceListElem(0), signatureElem()}},
		signatureElem(),
	}}
}

// structure checks a node against its description: namespaces, unknown elements, nesting, order, cardinality and
// required values.
type structure struct {
	add     func(diag.Diagnostic)
	nsCount int
}

const maxNamespaceFindings = 10

func (st *structure) check(n *node, e elem) {
	if n.Space != NamespaceEdXML && st.nsCount < maxNamespaceFindings {
		st.nsCount++
		st.add(ruleNamespace.At(n.Path(), n.Line, n.Column, n.QName(), n.Space, NamespaceEdXML))
	}
	if e.opaque {
		return
	}
	if len(e.kids) == 0 {
		if len(n.Elems) > 0 {
			st.add(ruleUnknownElement.At(n.Elems[0].Path(), n.Elems[0].Line, 0, n.Elems[0].QName()))
		}
		return
	}
	counts := make([]int, len(e.kids))
	lastIdx, lastName := -1, ""
	var misplaced []diag.Diagnostic // order findings against the primary order, dropped if an alternative fits
	alts := newAltOrders(e.alt)
	for _, k := range n.Elems {
		idx := -1
		for i, ke := range e.kids {
			if ke.name == k.Local {
				idx = i
				break
			}
		}
		if idx < 0 {
			if k.Local == n.Local {
				st.add(ruleNested.At(k.Path(), k.Line, k.Column, k.Local, n.Local))
			} else {
				st.add(ruleUnknownElement.At(k.Path(), k.Line, k.Column, k.QName()))
			}
			continue
		}
		counts[idx]++
		alts.see(idx)
		if idx < lastIdx {
			misplaced = append(misplaced, ruleOrder.At(k.Path(), k.Line, k.Column, k.Local, lastName))
		} else {
			lastIdx, lastName = idx, k.Local
		}
		ke := e.kids[idx]
		if ke.max == 0 || counts[idx] <= ke.max {
			if ke.opaque {
				continue // signatures are checked from Package.Signatures, wherever they are
			}
			st.check(k, ke)
			if len(ke.kids) == 0 && ke.min > 0 && k.Value() == "" {
				st.add(ruleEmptyValue.At(k.Path(), k.Line, k.Column, k.Local))
			}
		} else if counts[idx] == ke.max+1 {
			st.add(ruleTooMany.At(k.Path(), k.Line, k.Column, k.Local, countOf(n, ke.name), ke.max))
		}
	}
	if !alts.anyFits() {
		for _, d := range misplaced {
			st.add(d)
		}
	}
	for i, ke := range e.kids {
		if counts[i] < ke.min {
			st.add(ruleRequired.At(n.Path(), n.Line, n.Column, n.Local+"/"+ke.name))
		}
	}
}

func countOf(n *node, local string) int {
	c := 0
	for _, k := range n.Elems {
		if k.Local == local {
			c++
		}
	}
	return c
}

// altOrders follows a sequence of children through the alternative orders of an element: an order fits while
// every child's rank is at least the previous child's.
type altOrders struct {
	ranks [][]int
	last  []int
	fits  []bool
}

func newAltOrders(ranks [][]int) altOrders {
	if len(ranks) == 0 {
		return altOrders{}
	}
	a := altOrders{ranks: ranks, last: make([]int, len(ranks)), fits: make([]bool, len(ranks))}
	for o := range ranks {
		a.last[o], a.fits[o] = -1, true
	}
	return a
}

// see records the child at index idx of the element's kids.
func (a altOrders) see(idx int) {
	for o, ranks := range a.ranks {
		if r := ranks[idx]; r < a.last[o] {
			a.fits[o] = false
		} else {
			a.last[o] = r
		}
	}
}

// anyFits reports whether the children seen follow one of the alternative orders.
func (a altOrders) anyFits() bool {
	for _, f := range a.fits {
		if f {
			return true
		}
	}
	return false
}
