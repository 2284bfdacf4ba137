package signature

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// PDF signature dictionaries (ISO 32000-1 §12.8.1, ETSI EN 319 142-1): a signature field (/FT /Sig) whose
// value /V is a dictionary of /Type /Sig (or /DocTimeStamp) with /SubFilter, /ByteRange, /Contents and the
// optional /M, /Reason, /Location, /Name and /Reference (DocMDP / FieldMDP transforms).

// PDF sub-filters.
const (
	SubFilterPKCS7Detached = "adbe.pkcs7.detached"
	SubFilterPKCS7SHA1     = "adbe.pkcs7.sha1"
	SubFilterCAdES         = "ETSI.CAdES.detached"
	SubFilterRFC3161       = "ETSI.RFC3161"
)

// pdfSigField is one signature found in the document, before any cryptography.
type pdfSigField struct {
	Name        string // fully qualified field name
	Ref         pdfRef // the signature dictionary's reference (zero when direct)
	InObjStm    bool   // the dictionary lies in an object stream (its /Contents cannot be a gap of the file)
	Dict        pdfDict
	SubFilter   string
	DocTS       bool // a document time stamp (/Type /DocTimeStamp or ETSI.RFC3161)
	ByteRange   []int64
	Contents    pdfString
	M           time.Time
	Reason      string
	Location    string
	SignerName  string
	ContactInfo string
	DocMDP      int // /P of a DocMDP transform (certification signature), 0 if none
	FieldMDP    *PDFFieldMDP
	Certifying  bool // the catalog's /Perms /DocMDP points to this signature
	Err         error
}

// PDFFieldMDP is a FieldMDP transform or a signature field's /Lock (ISO 32000-1 §12.8.2.4, Table 256): the
// form fields whose later change invalidates the signature.
type PDFFieldMDP struct {
	Action string   `json:"action"` // All, Include, Exclude
	Fields []string `json:"fields,omitempty"`
}

// locks reports whether the FieldMDP locks the field named name.
func (m *PDFFieldMDP) locks(name string) bool {
	if m == nil {
		return false
	}
	in := false
	for _, f := range m.Fields {
		if f == name || strings.HasPrefix(name, f+".") {
			in = true
		}
	}
	switch m.Action {
	case "All":
		return true
	case "Include":
		return in
	case "Exclude":
		return !in
	}
	return false
}

// findSignatures walks the AcroForm field tree of the last revision and returns every signed signature
// field, in the order of their signed revisions.
func (f *pdfFile) findSignatures() ([]*pdfSigField, error) {
	last := len(f.Revisions)
	root, err := f.dict(last, f.Revisions[last-1].Trailer["Root"])
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, pdfErrorf("the trailer has no /Root catalog")
	}
	form, err := f.dict(last, root["AcroForm"])
	if err != nil || form == nil {
		return nil, err
	}
	var certRef pdfObject
	if perms, _ := f.dict(last, root["Perms"]); perms != nil {
		certRef = perms["DocMDP"]
	}
	fields, err := f.array(last, form["Fields"])
	if err != nil {
		return nil, err
	}
	var out []*pdfSigField
	seen := map[pdfRef]bool{}
	var walk func(v pdfObject, parentName string, inheritedFT pdfObject, depth int) error
	walk = func(v pdfObject, parentName string, inheritedFT pdfObject, depth int) error {
		if depth > f.lim.MaxDepth {
			return pdfErrorf("form field tree deeper than %d", f.lim.MaxDepth)
		}
		if ref, ok := v.(pdfRef); ok {
			if seen[ref] {
				return nil
			}
			seen[ref] = true
		}
		if len(seen) > f.lim.MaxObjects {
			return pdfErrorf("too many form fields")
		}
		d, err := f.dict(last, v)
		if err != nil || d == nil {
			return err
		}
		name := parentName
		if t, ok := d["T"].(pdfString); ok {
			if name != "" {
				name += "."
			}
			name += decodePDFText(t.Data)
		}
		ft := inheritedFT
		if x, ok := d["FT"]; ok {
			ft = x
		}
		if kids, _ := f.array(last, d["Kids"]); len(kids) > 0 {
			for _, k := range kids {
				if err := walk(k, name, ft, depth+1); err != nil {
					return err
				}
			}
		}
		if ft != pdfName("Sig") || d["V"] == nil {
			return nil
		}
		if len(out) >= f.lim.MaxSignatures {
			return pdfErrorf("more than %d signatures (limit MaxSignatures)", f.lim.MaxSignatures)
		}
		sig := f.readSigField(last, name, d, certRef)
		out = append(out, sig)
		return nil
	}
	for _, fv := range fields {
		if err := walk(fv, "", nil, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readSigField reads the signature dictionary /V of a signature field.
func (f *pdfFile) readSigField(rev int, name string, field pdfDict, certRef pdfObject) *pdfSigField {
	sig := &pdfSigField{Name: name}
	if name == "" {
		sig.Name = "(unnamed)"
	}
	if ref, ok := field["V"].(pdfRef); ok {
		sig.Ref = ref
		if e, _, ok := f.lookup(rev, ref.Num); ok && e.typ == 2 {
			sig.InObjStm = true
		}
		sig.Certifying = certRef == ref
	}
	d, err := f.dict(rev, field["V"])
	if err != nil || d == nil {
		sig.Err = pdfErrorf("signature field %q: /V is not a signature dictionary", sig.Name)
		if err != nil {
			sig.Err = err
		}
		return sig
	}
	sig.Dict = d
	sig.SubFilter = nameString(d["SubFilter"])
	sig.DocTS = d["Type"] == pdfName("DocTimeStamp") || sig.SubFilter == SubFilterRFC3161
	sig.Reason = f.text(rev, d["Reason"])
	sig.Location = f.text(rev, d["Location"])
	sig.SignerName = f.text(rev, d["Name"])
	sig.ContactInfo = f.text(rev, d["ContactInfo"])
	if m := f.text(rev, d["M"]); m != "" {
		sig.M, _ = parsePDFDate(m)
	}
	if lock, _ := f.dict(rev, field["Lock"]); lock != nil {
		sig.FieldMDP = f.fieldMDP(rev, lock)
	}
	f.readMDP(rev, sig)
	sig.Err = f.readByteRangeAndContents(rev, sig)
	return sig
}

// readMDP reads the DocMDP and FieldMDP transforms of a signature dictionary's /Reference.
func (f *pdfFile) readMDP(rev int, sig *pdfSigField) {
	refs, _ := f.array(rev, sig.Dict["Reference"])
	for _, r := range refs {
		rd, _ := f.dict(rev, r)
		if rd == nil {
			continue
		}
		params, _ := f.dict(rev, rd["TransformParams"])
		switch nameString(rd["TransformMethod"]) {
		case "DocMDP":
			sig.DocMDP = 2 // ISO 32000-1 Table 254: /P defaults to 2
			if params != nil {
				if p, ok := params["P"].(int64); ok && p >= 1 && p <= 3 {
					sig.DocMDP = int(p)
				}
			}
		case "FieldMDP":
			if params != nil && sig.FieldMDP == nil {
				sig.FieldMDP = f.fieldMDP(rev, params)
			}
		}
	}
}

func (f *pdfFile) fieldMDP(rev int, d pdfDict) *PDFFieldMDP {
	m := &PDFFieldMDP{Action: nameString(d["Action"])}
	fields, _ := f.array(rev, d["Fields"])
	for _, x := range fields {
		if s, ok := x.(pdfString); ok {
			m.Fields = append(m.Fields, decodePDFText(s.Data))
		}
	}
	return m
}

// readByteRangeAndContents reads /ByteRange and /Contents with the structural rules a verifier must apply
// before any hashing (the Universal Signature Forgery attacks exploit verifiers that skip them).
func (f *pdfFile) readByteRangeAndContents(rev int, sig *pdfSigField) error {
	if sig.InObjStm {
		return pdfErrorf("the signature dictionary is inside an object stream, so /Contents cannot be the gap of /ByteRange")
	}
	c, ok := sig.Dict["Contents"].(pdfString)
	if !ok {
		return pdfErrorf("/Contents is missing or not a direct string")
	}
	if !c.Hex {
		return pdfErrorf("/Contents is not a hexadecimal string")
	}
	sig.Contents = c
	br, ok := sig.Dict["ByteRange"].(pdfArray)
	if !ok {
		return pdfErrorf("/ByteRange is missing or not a direct array")
	}
	if len(br) != 4 {
		return pdfErrorf("/ByteRange has %d numbers, not 4 (exactly two ranges)", len(br))
	}
	for _, x := range br {
		n, ok := x.(int64)
		if !ok || n < 0 {
			return pdfErrorf("/ByteRange holds a value that is not a non-negative integer")
		}
		sig.ByteRange = append(sig.ByteRange, n)
	}
	a, b, c2, d := sig.ByteRange[0], sig.ByteRange[1], sig.ByteRange[2], sig.ByteRange[3]
	switch {
	case a != 0:
		return pdfErrorf("/ByteRange does not start at offset 0")
	case b > f.size || c2 > f.size || d > f.size || c2+d > f.size:
		return pdfErrorf("/ByteRange [%d %d %d %d] runs past the end of the file (%d bytes)", a, b, c2, d, f.size)
	case c2 < b:
		return pdfErrorf("/ByteRange ranges overlap or are out of order")
	case b != c.Start || c2 != c.End:
		return pdfErrorf("the gap of /ByteRange [%d, %d) is not exactly the /Contents string at [%d, %d)", b, c2, c.Start, c.End)
	}
	return nil
}

// signedRevision returns the revision whose end the signed bytes reach, or 0.
func (f *pdfFile) signedRevision(sig *pdfSigField) int {
	end := sig.ByteRange[2] + sig.ByteRange[3]
	for _, r := range f.Revisions {
		if end == r.End || end == r.MarkerEnd {
			return r.Number
		}
	}
	return 0
}

func nameString(v pdfObject) string {
	n, _ := v.(pdfName)
	return string(n)
}

// text returns a text string (PDFDocEncoding or UTF-16BE with BOM) as UTF-8.
func (f *pdfFile) text(rev int, v pdfObject) string {
	v, _ = f.resolve(rev, v)
	s, ok := v.(pdfString)
	if !ok {
		return ""
	}
	return decodePDFText(s.Data)
}

// decodePDFText decodes a PDF text string: UTF-16BE with a byte order mark, UTF-8 with a BOM (PDF 2.0), UTF-8
// without one (a common producer error), or PDFDocEncoding, read as Latin-1 (the two differ only in rarely used punctuation).
func decodePDFText(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		var r []rune
		for i := 2; i+1 < len(b); i += 2 {
			u := rune(b[i])<<8 | rune(b[i+1])
			if u >= 0xD800 && u < 0xDC00 && i+3 < len(b) {
				l := rune(b[i+2])<<8 | rune(b[i+3])
				u = (u-0xD800)<<10 + (l - 0xDC00) + 0x10000
				i += 2
			}
			r = append(r, u)
		}
		return string(r)
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return string(b[3:])
	case utf8Beyond(b):
		// Not allowed by ISO 32000-1, but Vietnamese signing tools write names as raw UTF-8 without a mark; a
		// PDFDocEncoding string that is also valid UTF-8 with a multi-byte sequence would need pairs such as
		// "Ã©", which a name or reason does not hold.
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// utf8Beyond reports whether b is valid UTF-8 holding at least one multi-byte sequence.
func utf8Beyond(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return utf8.Valid(b)
		}
	}
	return false
}

// parsePDFDate parses a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (ISO 32000-1 §7.9.4); missing parts default.
func parsePDFDate(s string) (time.Time, error) {
	s = strings.TrimPrefix(s, "D:")
	num := func(from, n, def int) int {
		if len(s) < from+n {
			return def
		}
		v := 0
		for _, c := range s[from : from+n] {
			if c < '0' || c > '9' {
				return def
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	if len(s) < 4 {
		return time.Time{}, fmt.Errorf("signature: bad PDF date %q", s)
	}
	loc := time.UTC
	if len(s) > 14 {
		switch s[14] {
		case '+', '-':
			off := num(15, 2, 0)*3600 + num(18, 2, 0)*60
			if s[14] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		}
	}
	return time.Date(num(0, 4, 0), time.Month(num(4, 2, 1)), num(6, 2, 1), num(8, 2, 0), num(10, 2, 0), num(12, 2, 0), 0, loc), nil
}
