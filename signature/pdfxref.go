package signature

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
)

// A PDF grows by incremental updates (ISO 32000-1 §7.5.6): each revision appends its changed objects, a
// cross-reference section (a table, a stream, or both in a hybrid file) and a trailer ending in "%%EOF".
// This file finds every revision by following startxref, /Prev and /XRefStm from the end of the file.

// xrefEntry locates one object in one cross-reference section.
type xrefEntry struct {
	typ uint8  // 0 free, 1 at a file offset, 2 inside an object stream
	gen uint16 // generation (type 1 and 0)
	off int64  // type 1: file offset; type 2: object stream number
	idx uint32 // type 2: index in the object stream
}

// xrefSection is one cross-reference section with its trailer.
type xrefSection struct {
	Offset    int64 // where "xref" or the xref stream object starts
	Stream    bool  // a cross-reference stream (PDF 1.5)
	Hybrid    bool  // a table whose trailer has /XRefStm
	Entries   map[uint32]xrefEntry
	Trailer   pdfDict
	MarkerEnd int64 // one past the "%%EOF" that ends the section's revision
	End       int64 // MarkerEnd plus its end-of-line marker, if any
}

// pdfRevision is one revision of the document: the sections ending at the same "%%EOF".
type pdfRevision struct {
	Number    int // 1 for the original document
	MarkerEnd int64
	End       int64
	Sections  []*xrefSection
	Trailer   pdfDict // the trailer of its last section
}

// pdfFile is a PDF opened for reading: its revisions, oldest first, and a bounded object cache.
type pdfFile struct {
	r         io.ReaderAt
	size      int64
	lim       PDFLimits
	Revisions []*pdfRevision
	Trailing  int64 // bytes after the last revision's %%EOF and end-of-line
	StartXref int64 // the offset the last startxref names
	entries   int
	cache     map[int64]pdfObject      // parsed objects by file offset
	objStms   map[uint32]*pdfObjStream // decoded object streams by object number
	index     map[uint32][]objVersion  // every definition of every object, oldest first
	stmBytes  int64
}

// openPDF reads the structure of the PDF in r: header, every revision and its cross-reference sections.
func openPDF(r io.ReaderAt, size int64, lim PDFLimits) (*pdfFile, error) {
	f := &pdfFile{r: r, size: size, lim: lim.withDefaults(), cache: map[int64]pdfObject{}, objStms: map[uint32]*pdfObjStream{}}
	head := make([]byte, min(1024, size))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("signature: reading PDF: %w", err)
	}
	if !bytes.HasPrefix(head, []byte("%PDF-")) {
		return nil, pdfErrorf("no %%PDF- header at the start of the file")
	}
	start, err := f.lastStartxref()
	if err != nil {
		return nil, err
	}
	f.StartXref = start
	if err := f.readSections(start); err != nil {
		return nil, err
	}
	return f, nil
}

// lastStartxref finds the offset named by the last "startxref" of the file, searching back at most 1 MiB
// (bytes appended after the last %%EOF are reported, not trusted).
func (f *pdfFile) lastStartxref() (int64, error) {
	const maxTail = 1 << 20
	from := max(0, f.size-maxTail)
	tail := make([]byte, f.size-from)
	if _, err := f.r.ReadAt(tail, from); err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("signature: reading PDF: %w", err)
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, pdfErrorf("no startxref in the last %d bytes (truncated file?)", len(tail))
	}
	s := newPDFScanner(f.r, f.size, from+int64(i)+int64(len("startxref")))
	s.skipSpace()
	off, err := strconv.ParseInt(string(s.regular(20)), 10, 64)
	if err != nil || off < 0 || off >= f.size {
		return 0, pdfErrorf("startxref does not name an offset inside the file")
	}
	return off, nil
}

// readSections follows the chain of sections from start and groups them into revisions.
func (f *pdfFile) readSections(start int64) error {
	var sections []*xrefSection
	seen := map[int64]bool{}
	for off := start; off >= 0; {
		if seen[off] {
			return pdfErrorf("circular cross-reference chain at offset %d", off)
		}
		seen[off] = true
		if len(sections) >= f.lim.MaxRevisions {
			return pdfErrorf("more than %d cross-reference sections (limit MaxRevisions)", f.lim.MaxRevisions)
		}
		sec, err := f.readSection(off)
		if err != nil {
			return err
		}
		sections = append(sections, sec)
		off = -1
		if prev, ok := sec.Trailer["Prev"].(int64); ok {
			if prev < 0 || prev >= f.size {
				return pdfErrorf("/Prev %d is outside the file", prev)
			}
			off = prev
		}
	}
	slices.SortStableFunc(sections, func(a, b *xrefSection) int { return cmp.Compare(a.End, b.End) })
	for _, sec := range sections { // within a revision the chain order (newest first) is kept
		if n := len(f.Revisions); n > 0 && f.Revisions[n-1].End == sec.End {
			f.Revisions[n-1].Sections = append(f.Revisions[n-1].Sections, sec)
			continue
		}
		f.Revisions = append(f.Revisions, &pdfRevision{MarkerEnd: sec.MarkerEnd, End: sec.End, Sections: []*xrefSection{sec}, Trailer: sec.Trailer})
	}
	for i, r := range f.Revisions {
		r.Number = i + 1
		if i > 0 {
			r.Trailer = inheritTrailer(r.Trailer, f.Revisions[i-1].Trailer)
		}
	}
	f.Trailing = f.size - f.Revisions[len(f.Revisions)-1].End
	f.buildIndex()
	return nil
}

// readSection reads the table or stream at off and the "%%EOF" that ends it.
func (f *pdfFile) readSection(off int64) (*xrefSection, error) {
	s := newPDFScanner(f.r, f.size, off)
	sec := &xrefSection{Offset: off, Entries: map[uint32]xrefEntry{}}
	var after int64
	if s.keyword("xref") {
		if err := f.readTable(s, sec); err != nil {
			return nil, err
		}
		after = s.pos
		if x, ok := sec.Trailer["XRefStm"].(int64); ok {
			sec.Hybrid = true
			if _, err := f.readXRefStream(x, sec, true); err != nil {
				return nil, fmt.Errorf("%w (hybrid /XRefStm)", err)
			}
		}
	} else {
		sec.Stream = true
		end, err := f.readXRefStream(off, sec, false)
		if err != nil {
			return nil, err
		}
		after = end
	}
	if err := f.findEOF(sec, after); err != nil {
		return nil, err
	}
	return sec, nil
}

// findEOF finds "startxref n %%EOF" after a section.
func (f *pdfFile) findEOF(sec *xrefSection, after int64) error {
	const window = 4096
	buf := make([]byte, min(window, f.size-after))
	n, err := f.r.ReadAt(buf, after)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("signature: reading PDF: %w", err)
	}
	buf = buf[:n]
	i := bytes.Index(buf, []byte("startxref"))
	j := -1
	if i >= 0 {
		j = bytes.Index(buf[i:], []byte("%%EOF"))
	}
	if j < 0 {
		return pdfErrorf("no startxref … %%%%EOF after the cross-reference section at offset %d", sec.Offset)
	}
	sec.MarkerEnd = after + int64(i+j+len("%%EOF"))
	sec.End = sec.MarkerEnd
	rest := buf[i+j+len("%%EOF"):]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		sec.End += 2
	case bytes.HasPrefix(rest, []byte("\n")), bytes.HasPrefix(rest, []byte("\r")):
		sec.End++
	}
	return nil
}

func (f *pdfFile) addEntry(sec *xrefSection, num uint32, e xrefEntry, hybrid bool) error {
	if num == 0 {
		return nil
	}
	if old, ok := sec.Entries[num]; ok && (!hybrid || old.typ != 0) {
		return nil // the first definition in a section wins; a hybrid table's in-use entries win over its stream
	}
	if _, ok := sec.Entries[num]; !ok {
		f.entries++
	}
	if f.entries > f.lim.MaxObjects {
		return pdfErrorf("more than %d cross-reference entries (limit MaxObjects)", f.lim.MaxObjects)
	}
	sec.Entries[num] = e
	return nil
}

// readTable reads the subsections of a classic table and its trailer.
func (f *pdfFile) readTable(s *pdfScanner, sec *xrefSection) error {
	for {
		if s.keyword("trailer") {
			p := &pdfParser{s: s, lim: f.lim, start: s.pos, budget: 1 << 20}
			v, err := p.parseValue(0)
			if err != nil {
				return err
			}
			d, ok := v.(pdfDict)
			if !ok {
				return pdfErrorf("trailer at offset %d is not a dictionary", s.pos)
			}
			sec.Trailer = d
			return nil
		}
		s.skipSpace()
		first, err1 := strconv.ParseUint(string(s.regular(11)), 10, 32)
		s.skipSpace()
		count, err2 := strconv.ParseUint(string(s.regular(11)), 10, 32)
		if err1 != nil || err2 != nil {
			return pdfErrorf("bad cross-reference subsection header near offset %d", s.pos)
		}
		if count > uint64(f.lim.MaxObjects) || first+count > 1<<31 {
			return pdfErrorf("cross-reference subsection of %d entries exceeds the limit", count)
		}
		for i := uint64(0); i < count; i++ {
			s.skipSpace()
			off, err1 := strconv.ParseInt(string(s.regular(11)), 10, 64)
			s.skipSpace()
			gen, err2 := strconv.ParseUint(string(s.regular(6)), 10, 16)
			s.skipSpace()
			kind := string(s.regular(2))
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return pdfErrorf("bad cross-reference entry near offset %d", s.pos)
			}
			e := xrefEntry{typ: 0, gen: uint16(gen)}
			if kind == "n" {
				if off <= 0 || off >= f.size {
					return pdfErrorf("cross-reference entry of object %d points outside the file", first+i)
				}
				e = xrefEntry{typ: 1, gen: uint16(gen), off: off}
			}
			if err := f.addEntry(sec, uint32(first+i), e, false); err != nil {
				return err
			}
		}
	}
}

// readXRefStream reads a cross-reference stream at off into sec and returns the offset after its data.
func (f *pdfFile) readXRefStream(off int64, sec *xrefSection, hybrid bool) (int64, error) {
	p := &pdfParser{s: newPDFScanner(f.r, f.size, off), lim: f.lim}
	v, err := p.parseIndirect(off, pdfRef{}, nil)
	if err != nil {
		return 0, err
	}
	st, ok := v.(*pdfStream)
	if !ok || st.Dict["Type"] != pdfName("XRef") {
		return 0, pdfErrorf("no cross-reference table or stream at offset %d", off)
	}
	if !hybrid {
		sec.Trailer = st.Dict
	}
	w, ok := st.Dict["W"].(pdfArray)
	if !ok || len(w) != 3 {
		return 0, pdfErrorf("cross-reference stream at offset %d: /W is not an array of 3 integers", off)
	}
	var widths [3]int
	rowLen := 0
	for i, x := range w {
		n, ok := x.(int64)
		if !ok || n < 0 || n > 8 {
			return 0, pdfErrorf("cross-reference stream at offset %d: bad /W", off)
		}
		widths[i] = int(n)
		rowLen += int(n)
	}
	if rowLen == 0 {
		return 0, pdfErrorf("cross-reference stream at offset %d: empty /W", off)
	}
	data, err := f.decodeStream(st)
	if err != nil {
		return 0, err
	}
	index := pdfArray{int64(0), st.Dict["Size"]}
	if ix, ok := st.Dict["Index"].(pdfArray); ok {
		index = ix
	}
	if len(index)%2 != 0 {
		return 0, pdfErrorf("cross-reference stream at offset %d: odd /Index", off)
	}
	pos := 0
	for i := 0; i < len(index); i += 2 {
		first, ok1 := index[i].(int64)
		count, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 || first < 0 || count < 0 || first+count > 1<<31 {
			return 0, pdfErrorf("cross-reference stream at offset %d: bad /Index", off)
		}
		if count > int64((len(data)-pos)/rowLen) {
			return 0, pdfErrorf("cross-reference stream at offset %d: /Index needs more data than the stream has", off)
		}
		for j := int64(0); j < count; j++ {
			row := data[pos : pos+rowLen]
			pos += rowLen
			field := func(k int) int64 {
				start := 0
				for x := 0; x < k; x++ {
					start += widths[x]
				}
				var v int64
				for _, b := range row[start : start+widths[k]] {
					v = v<<8 | int64(b)
				}
				return v
			}
			typ := int64(1)
			if widths[0] > 0 {
				typ = field(0)
			}
			e := xrefEntry{}
			switch typ {
			case 0:
				e = xrefEntry{typ: 0, gen: uint16(field(2))}
			case 1:
				e = xrefEntry{typ: 1, off: field(1), gen: uint16(field(2))}
				if e.off <= 0 || e.off >= f.size {
					return 0, pdfErrorf("cross-reference stream entry of object %d points outside the file", first+j)
				}
			case 2:
				e = xrefEntry{typ: 2, off: field(1), idx: uint32(field(2))}
			default:
				continue // ISO 32000-1 Table 18: unknown types are treated as null references
			}
			if err := f.addEntry(sec, uint32(first+j), e, hybrid); err != nil {
				return 0, err
			}
		}
	}
	return st.Offset + st.Length, nil
}

// objVersion is one definition of an object: the revision that made it and its entry.
type objVersion struct {
	rev int
	e   xrefEntry
}

// buildIndex lists every object's definitions in revision order, so that lookup is a binary search
// whatever the number of revisions.
func (f *pdfFile) buildIndex() {
	f.index = make(map[uint32][]objVersion)
	for i, r := range f.Revisions {
		for j := len(r.Sections) - 1; j >= 0; j-- { // the newest section of a revision last, so it wins
			for n, e := range r.Sections[j].Entries {
				f.index[n] = append(f.index[n], objVersion{rev: i + 1, e: e})
			}
		}
	}
}

// lookup finds the entry of object num as of revision rev (1-based): its last definition at or before it.
func (f *pdfFile) lookup(rev int, num uint32) (xrefEntry, int, bool) {
	vs := f.index[num]
	i := sort.Search(len(vs), func(i int) bool { return vs[i].rev > rev })
	if i == 0 {
		return xrefEntry{}, 0, false
	}
	return vs[i-1].e, vs[i-1].rev, true
}

// object returns object ref as of revision rev; a free or missing object is null (nil), as ISO 32000-1
// §7.3.10 says.
func (f *pdfFile) object(rev int, ref pdfRef) (pdfObject, error) {
	e, _, ok := f.lookup(rev, ref.Num)
	if !ok || e.typ == 0 {
		return nil, nil
	}
	return f.entryObject(e, ref, rev)
}

func (f *pdfFile) entryObject(e xrefEntry, ref pdfRef, rev int) (pdfObject, error) {
	if e.typ == 2 {
		return f.objStmObject(rev, uint32(e.off), e.idx, ref.Num)
	}
	if v, ok := f.cache[e.off]; ok {
		return v, nil
	}
	p := &pdfParser{s: newPDFScanner(f.r, f.size, e.off), lim: f.lim}
	v, err := p.parseIndirect(e.off, pdfRef{Num: ref.Num, Gen: e.gen}, func(l pdfRef) (int64, error) {
		le, _, ok := f.lookup(rev, l.Num)
		if !ok || le.typ != 1 {
			return 0, pdfErrorf("stream /Length %s is not a direct object in the file", l)
		}
		lp := &pdfParser{s: newPDFScanner(f.r, f.size, le.off), lim: f.lim}
		lv, err := lp.parseIndirect(le.off, l, nil)
		if err != nil {
			return 0, err
		}
		n, ok := lv.(int64)
		if !ok {
			return 0, pdfErrorf("stream /Length %s is not an integer", l)
		}
		return n, nil
	})
	if err != nil {
		return nil, err
	}
	if len(f.cache) >= 4096 {
		clear(f.cache)
	}
	f.cache[e.off] = v
	return v, nil
}

// resolve follows a reference as of revision rev (one level; references to references are followed up to the
// depth limit).
func (f *pdfFile) resolve(rev int, v pdfObject) (pdfObject, error) {
	for i := 0; i < f.lim.MaxDepth; i++ {
		ref, ok := v.(pdfRef)
		if !ok {
			return v, nil
		}
		var err error
		if v, err = f.object(rev, ref); err != nil {
			return nil, err
		}
	}
	return nil, pdfErrorf("chain of references longer than %d", f.lim.MaxDepth)
}

// dict resolves v to a dictionary (a stream's dictionary counts), or nil.
func (f *pdfFile) dict(rev int, v pdfObject) (pdfDict, error) {
	v, err := f.resolve(rev, v)
	if err != nil {
		return nil, err
	}
	switch d := v.(type) {
	case pdfDict:
		return d, nil
	case *pdfStream:
		return d.Dict, nil
	}
	return nil, nil
}

// array resolves v to an array, or nil.
func (f *pdfFile) array(rev int, v pdfObject) (pdfArray, error) {
	v, err := f.resolve(rev, v)
	if err != nil {
		return nil, err
	}
	a, _ := v.(pdfArray)
	return a, nil
}

// inheritTrailer fills the document-level trailer entries a section leaves out from the previous revision:
// the main cross-reference section of a linearized file has no /Root, the first-page section has it
// (ISO 32000-1 Annex F.3.4).
func inheritTrailer(t, prev pdfDict) pdfDict {
	out := t
	for _, k := range []pdfName{"Root", "Info", "ID", "Encrypt"} {
		if _, ok := t[k]; ok {
			continue
		}
		if v, ok := prev[k]; ok {
			if len(out) == len(t) {
				out = clonePDFDict(t)
			}
			out[k] = v
		}
	}
	return out
}
