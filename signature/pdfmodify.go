package signature

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// What a later revision may change after a signature (ISO 32000-1 §12.8.2.2 DocMDP, ETSI EN 319 142-1
// §5.4 for DSS and document time stamps), and what it did change. Each change of a revision is put in one of
// the classes below; a signature then judges the revisions after it by its MDP permissions. The attacks this
// defeats are the Incremental Saving Attack and the Shadow attacks (pdf-insecurity.org): content changed or
// revealed by an update that cryptography alone accepts.

// changeClass is the kind of one change made by a revision.
type changeClass int

const (
	chIdentical  changeClass = iota // an object rewritten without change
	chDSS                           // validation data: the DSS dictionary, VRI, certificates, CRLs, OCSP responses
	chMetadata                      // the document information dictionary or XMP metadata (never rendered)
	chSignature                     // a signature field, its widget, appearance or signature dictionary added or signed
	chDocTS                         // a document time stamp added
	chFormFill                      // the value of an existing form field changed
	chAnnotation                    // an annotation other than a signature widget added or changed
	chFormField                     // a form field (not a signature) added
	chDisallowed                    // page content, resources, page tree, catalog, other objects changed or deleted
)

// pdfChange is one change of a revision.
type pdfChange struct {
	class changeClass
	what  string // English description, names from the file verbatim
	field string // form field concerned (for FieldMDP), if any
}

// revisionChanges lists what revision rev (≥ 2) changed against rev-1. New objects are classified by what
// they are, changed objects by what they were; objects rewritten unchanged are ignored.
func (f *pdfFile) revisionChanges(rev int) ([]pdfChange, error) {
	a := &revAnalysis{f: f, rev: rev}
	if err := a.context(); err != nil {
		return nil, err
	}
	nums := map[uint32]xrefEntry{}
	for _, sec := range f.Revisions[rev-1].Sections {
		for n, e := range sec.Entries {
			if _, ok := nums[n]; !ok {
				nums[n] = e
			}
		}
	}
	keys := make([]uint32, 0, len(nums))
	for n := range nums {
		keys = append(keys, n)
	}
	slices.Sort(keys)
	var out []pdfChange
	for _, n := range keys {
		ch, err := a.object(n, nums[n])
		if err != nil {
			return nil, err
		}
		if ch.class != chIdentical {
			out = append(out, ch)
		}
	}
	return out, nil
}

// revAnalysis holds the references of the previous revision that give old objects their meaning.
type revAnalysis struct {
	f       *pdfFile
	rev     int
	oldRoot pdfRef
	oldForm pdfObject
	oldDSS  pdfObject
	oldMeta pdfObject // the catalog's /Metadata
	oldInfo pdfObject // the trailer's /Info
}

func (a *revAnalysis) context() error {
	prev := a.rev - 1
	a.oldRoot, _ = a.f.Revisions[prev-1].Trailer["Root"].(pdfRef)
	a.oldInfo = a.f.Revisions[prev-1].Trailer["Info"]
	root, err := a.f.dict(prev, a.oldRoot)
	if err != nil {
		return err
	}
	if root != nil {
		a.oldForm, a.oldDSS, a.oldMeta = root["AcroForm"], root["DSS"], root["Metadata"]
	}
	return nil
}

func typeOf(d pdfDict) string {
	if d == nil {
		return ""
	}
	return nameString(d["Type"])
}

// object classifies object num as defined by the revision.
func (a *revAnalysis) object(num uint32, e xrefEntry) (pdfChange, error) {
	f, rev := a.f, a.rev
	oldE, _, existed := f.lookup(rev-1, num)
	existed = existed && oldE.typ != 0
	ref := pdfRef{Num: num, Gen: e.gen}
	if e.typ == 0 {
		if !existed {
			return pdfChange{class: chIdentical}, nil
		}
		return pdfChange{class: chDisallowed, what: fmt.Sprintf("object %d deleted", num)}, nil
	}
	if e.typ == 2 {
		ref.Gen = 0
	}
	nv, err := f.entryObject(e, ref, rev)
	if err != nil {
		return pdfChange{}, err
	}
	if !existed {
		return a.added(num, nv)
	}
	oldRef := pdfRef{Num: num, Gen: oldE.gen}
	if oldE.typ == 2 {
		oldRef.Gen = 0
	}
	ov, err := f.entryObject(oldE, oldRef, rev-1)
	if err != nil {
		return pdfChange{}, err
	}
	same, err := a.same(ov, nv)
	if err != nil || same {
		return pdfChange{class: chIdentical}, err
	}
	return a.changed(num, ov, nv)
}

func (a *revAnalysis) same(ov, nv pdfObject) (bool, error) {
	if !pdfEqual(ov, nv) {
		return false, nil
	}
	oldSt, ok1 := ov.(*pdfStream)
	newSt, ok2 := nv.(*pdfStream)
	if !ok1 || !ok2 {
		return true, nil
	}
	d1, err := a.f.streamDigest(oldSt)
	if err != nil {
		return false, err
	}
	d2, err := a.f.streamDigest(newSt)
	return d1 == d2, err
}

func dictOf(v pdfObject) pdfDict {
	switch x := v.(type) {
	case pdfDict:
		return x
	case *pdfStream:
		return x.Dict
	}
	return nil
}

// isSigDict recognises a signature dictionary.
func isSigDict(d pdfDict) bool {
	t := typeOf(d)
	if t == "Sig" || t == "DocTimeStamp" {
		return true
	}
	_, br := d["ByteRange"]
	_, c := d["Contents"]
	_, sf := d["SubFilter"]
	return br && c && sf
}

func isDSS(d pdfDict) bool {
	if typeOf(d) == "DSS" || typeOf(d) == "VRI" {
		return true
	}
	for _, k := range []pdfName{"VRI", "Certs", "OCSPs", "CRLs"} {
		if _, ok := d[k]; ok {
			return true
		}
	}
	return false
}

// fieldType returns a field's /FT, following /Parent in the new revision.
func (a *revAnalysis) fieldType(d pdfDict, rev int) string {
	for i := 0; d != nil && i < 16; i++ {
		if ft := nameString(d["FT"]); ft != "" {
			return ft
		}
		p, _ := a.f.dict(rev, d["Parent"])
		d = p
	}
	return ""
}

var annotationSubtypes = []string{"Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine",
	"Highlight", "Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup", "FileAttachment", "Sound",
	"Movie", "Screen", "PrinterMark", "TrapNet", "Watermark", "3D", "Redact", "RichMedia", "Projection"}

// added classifies a new object by what it is.
func (a *revAnalysis) added(num uint32, v pdfObject) (pdfChange, error) {
	d := dictOf(v)
	t := typeOf(d)
	switch {
	case d == nil:
		return pdfChange{class: chSignature, what: fmt.Sprintf("object %d added (not a dictionary)", num)}, nil
	case isSigDict(d):
		if t == "DocTimeStamp" || nameString(d["SubFilter"]) == SubFilterRFC3161 {
			return pdfChange{class: chDocTS, what: fmt.Sprintf("document time stamp added (object %d)", num)}, nil
		}
		return pdfChange{class: chSignature, what: fmt.Sprintf("signature dictionary added (object %d)", num)}, nil
	case isDSS(d):
		return pdfChange{class: chDSS, what: fmt.Sprintf("validation data (DSS) added (object %d)", num)}, nil
	case nameString(d["Subtype"]) == "Widget" || d["FT"] != nil:
		name := a.fieldName(d, a.rev)
		if a.fieldType(d, a.rev) == "Sig" {
			return pdfChange{class: chSignature, what: fmt.Sprintf("signature field %q added (object %d)", name, num), field: name}, nil
		}
		return pdfChange{class: chFormField, what: fmt.Sprintf("form field %q added (object %d)", name, num), field: name}, nil
	case slices.Contains(annotationSubtypes, nameString(d["Subtype"])):
		return pdfChange{class: chAnnotation, what: fmt.Sprintf("annotation /%s added (object %d)", nameString(d["Subtype"]), num)}, nil
	case t == "Page" || t == "Pages" || t == "Catalog":
		return pdfChange{class: chDisallowed, what: fmt.Sprintf("new /%s object %d", t, num)}, nil
	}
	// Appearance streams, fonts, the AcroForm dictionary, arrays: only reachable through changed objects,
	// which are judged themselves.
	return pdfChange{class: chSignature, what: fmt.Sprintf("object %d added", num)}, nil
}

func (a *revAnalysis) fieldName(d pdfDict, rev int) string {
	var parts []string
	for i := 0; d != nil && i < 16; i++ {
		if t, ok := d["T"].(pdfString); ok {
			parts = append([]string{decodePDFText(t.Data)}, parts...)
		}
		p, _ := a.f.dict(rev, d["Parent"])
		d = p
	}
	return strings.Join(parts, ".")
}

// diffKeys returns the keys whose values differ between two dictionaries.
func diffKeys(o, n pdfDict) []string {
	var keys []string
	for k, v := range o {
		if w, ok := n[k]; !ok || !pdfEqual(v, w) {
			keys = append(keys, string(k))
		}
	}
	for k := range n {
		if _, ok := o[k]; !ok {
			keys = append(keys, string(k))
		}
	}
	slices.Sort(keys)
	return keys
}

// superset reports whether every element of o is still in n; it returns the added elements. It runs in
// linear time (a crafted /Annots array of many entries must not make the comparison quadratic).
func superset(o, n pdfArray) (pdfArray, bool) {
	key := func(v pdfObject) string {
		if r, ok := v.(pdfRef); ok {
			return fmt.Sprintf("R%d.%d", r.Num, r.Gen)
		}
		var b bytes.Buffer
		if err := writePDFObject(&b, v); err != nil {
			return fmt.Sprintf("?%T", v)
		}
		return b.String()
	}
	inNew := make(map[string]int, len(n))
	for _, y := range n {
		inNew[key(y)]++
	}
	inOld := make(map[string]bool, len(o))
	for _, x := range o {
		k := key(x)
		if inNew[k] == 0 {
			return nil, false
		}
		inOld[k] = true
	}
	var added pdfArray
	for _, y := range n {
		if !inOld[key(y)] {
			added = append(added, y)
		}
	}
	return added, true
}

func onlyKeys(keys []string, allowed ...string) bool {
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return false
		}
	}
	return true
}

// changed classifies an existing object that the revision changed, by what it was.
func (a *revAnalysis) changed(num uint32, ov, nv pdfObject) (pdfChange, error) {
	ref := pdfRef{Num: num}
	od, nd := dictOf(ov), dictOf(nv)
	_, oStream := ov.(*pdfStream)
	disallowed := func(format string, args ...any) (pdfChange, error) {
		return pdfChange{class: chDisallowed, what: fmt.Sprintf(format, args...)}, nil
	}
	if oa, ok := ov.(pdfArray); ok {
		na, ok := nv.(pdfArray)
		if !ok {
			return disallowed("array object %d replaced", num)
		}
		return a.arrayGrew(num, oa, na)
	}
	if od == nil || nd == nil {
		return disallowed("object %d changed", num)
	}
	keys := diffKeys(od, nd)
	isRef := func(v pdfObject) bool { r, ok := v.(pdfRef); return ok && r.Num == ref.Num }
	switch {
	case a.oldRoot.Num == num:
		what := "catalog: /" + strings.Join(keys, ", /") + " updated"
		switch {
		case onlyKeys(keys, "DSS", "Extensions"): // ETSI EN 319 142-1 §5.4: validation data and its extension
			return pdfChange{class: chDSS, what: what}, nil
		case onlyKeys(keys, "DSS", "Extensions", "Metadata"):
			return pdfChange{class: chMetadata, what: what}, nil
		case onlyKeys(keys, "AcroForm", "DSS", "Extensions", "Metadata"):
			return pdfChange{class: chSignature, what: what}, nil
		}
		return disallowed("catalog changed: /%s", strings.Join(keys, ", /"))
	case isRef(a.oldForm):
		if !onlyKeys(keys, "Fields", "SigFlags", "DR", "DA", "NeedAppearances") {
			return disallowed("AcroForm changed: /%s", strings.Join(keys, ", /"))
		}
		if oldF, ok := od["Fields"].(pdfArray); ok {
			newF, _ := nd["Fields"].(pdfArray)
			if _, ok := superset(oldF, newF); !ok {
				return disallowed("form fields removed from the AcroForm")
			}
		}
		return pdfChange{class: chSignature, what: "AcroForm: /" + strings.Join(keys, ", /") + " updated"}, nil
	case isRef(a.oldInfo):
		// Signing software updates /ModDate and /Producer (iText, Acrobat); nothing of it is rendered.
		return pdfChange{class: chMetadata, what: fmt.Sprintf("document information dictionary updated (object %d)", num)}, nil
	case isRef(a.oldMeta) || typeOf(od) == "Metadata":
		return pdfChange{class: chMetadata, what: fmt.Sprintf("XMP metadata updated (object %d)", num)}, nil
	case isRef(a.oldDSS) || isDSS(od):
		return pdfChange{class: chDSS, what: fmt.Sprintf("validation data (DSS) updated (object %d)", num)}, nil
	case typeOf(od) == "Page" && !oStream:
		if !onlyKeys(keys, "Annots") {
			return disallowed("page object %d changed: /%s", num, strings.Join(keys, ", /"))
		}
		oa, _ := a.f.array(a.rev-1, od["Annots"])
		na, _ := a.f.array(a.rev, nd["Annots"])
		return a.annotsGrew(num, oa, na)
	case isSigDict(od):
		return disallowed("signature dictionary %d changed", num)
	case nameString(od["Subtype"]) == "Widget" || od["FT"] != nil:
		name := a.fieldName(nd, a.rev)
		if !onlyKeys(keys, "V", "AS", "AP", "MK", "Lock", "SV") {
			return disallowed("form field %q changed: /%s", name, strings.Join(keys, ", /"))
		}
		if a.fieldType(nd, a.rev) == "Sig" {
			if od["V"] == nil {
				return pdfChange{class: chSignature, what: fmt.Sprintf("signature field %q signed", name), field: name}, nil
			}
			// A signed field's value or appearance must not change: a new /AP could show another signer.
			return disallowed("the signed signature field %q changed: /%s", name, strings.Join(keys, ", /"))
		}
		return pdfChange{class: chFormFill, what: fmt.Sprintf("form field %q filled in (/%s)", name, strings.Join(keys, ", /")), field: name}, nil
	case slices.Contains(annotationSubtypes, nameString(od["Subtype"])):
		return pdfChange{class: chAnnotation, what: fmt.Sprintf("annotation /%s changed (object %d)", nameString(od["Subtype"]), num)}, nil
	}
	what := "object"
	switch {
	case typeOf(od) != "":
		what = "/" + typeOf(od) + " object"
	case oStream:
		what = "stream"
	}
	if len(keys) == 0 {
		return disallowed("%s %d changed (its data)", what, num)
	}
	return disallowed("%s %d changed (/%s)", what, num, strings.Join(keys, ", /"))
}

// annotsGrew judges a page whose /Annots gained entries.
func (a *revAnalysis) annotsGrew(page uint32, oa, na pdfArray) (pdfChange, error) {
	added, ok := superset(oa, na)
	if !ok {
		return pdfChange{class: chDisallowed, what: fmt.Sprintf("annotations removed from page object %d", page)}, nil
	}
	return a.classifyAdded(fmt.Sprintf("page object %d", page), added)
}

// arrayGrew judges an indirect array (an /Annots or /Fields array) that gained entries.
func (a *revAnalysis) arrayGrew(num uint32, oa, na pdfArray) (pdfChange, error) {
	added, ok := superset(oa, na)
	if !ok {
		return pdfChange{class: chDisallowed, what: fmt.Sprintf("array object %d changed", num)}, nil
	}
	return a.classifyAdded(fmt.Sprintf("array object %d", num), added)
}

// classifyAdded judges the annotations or fields added to a list: the least allowed of them decides.
func (a *revAnalysis) classifyAdded(where string, added pdfArray) (pdfChange, error) {
	worst := pdfChange{class: chSignature, what: where + ": signature widget added"}
	for _, x := range added {
		d, err := a.f.dict(a.rev, x)
		if err != nil {
			return pdfChange{}, err
		}
		var c pdfChange
		switch {
		case d == nil:
			c = pdfChange{class: chDisallowed, what: where + ": a non-dictionary entry added"}
		case nameString(d["Subtype"]) == "Widget" || d["FT"] != nil:
			name := a.fieldName(d, a.rev)
			c = pdfChange{class: chSignature, what: fmt.Sprintf("%s: signature field %q added", where, name), field: name}
			if a.fieldType(d, a.rev) != "Sig" {
				c = pdfChange{class: chFormField, what: fmt.Sprintf("%s: form field %q added", where, name), field: name}
			}
		default:
			c = pdfChange{class: chAnnotation, what: fmt.Sprintf("%s: annotation /%s added", where, nameString(d["Subtype"]))}
		}
		if c.class > worst.class {
			worst = c
		}
	}
	return worst, nil
}

// judgeRevision decides whether the changes of a later revision are allowed after a signature with the given
// MDP permissions. docMDP is the /P of a certification signature in force (0: none); lock the signature's
// FieldMDP. It returns allowed, unclear (the rules do not decide: INDETERMINATE) and the reason.
func judgeRevision(changes []pdfChange, docMDP int, lock *PDFFieldMDP, allowAnnotations bool) (allowed, unclear bool, reason string) {
	for _, c := range changes {
		switch {
		case c.class == chDisallowed:
			return false, false, "not allowed after a signature: " + c.what
		case lock.locks(c.field) && (c.class == chFormFill || c.class == chFormField):
			return false, false, fmt.Sprintf("field %q is locked by the signature's FieldMDP: %s", c.field, c.what)
		case docMDP == 1 && c.class != chDSS && c.class != chDocTS && c.class != chMetadata && c.class != chIdentical:
			return false, false, "the certification signature allows no changes (DocMDP P=1): " + c.what
		case docMDP == 2 && (c.class == chAnnotation || c.class == chFormField):
			return false, false, "the certification signature allows only form filling and signing (DocMDP P=2): " + c.what
		case docMDP == 3 && c.class == chFormField:
			return false, false, "the certification signature does not allow adding form fields (DocMDP P=3): " + c.what
		case docMDP == 0 && !allowAnnotations && (c.class == chAnnotation || c.class == chFormField):
			return false, true, "added after an approval signature without DocMDP; it may change what the signed page shows: " + c.what
		}
	}
	switch {
	case len(changes) == 0:
		return true, false, "no object changed"
	case docMDP == 3:
		return true, false, "only changes DocMDP P=3 allows: signatures, form filling, annotations, validation data"
	}
	return true, false, "only allowed changes: signatures, form filling, validation data, document time stamps"
}
