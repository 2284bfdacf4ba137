package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// PDFSignOptions configures SignPDF. The zero value makes an invisible PAdES baseline B-B signature
// (ETSI.CAdES.detached, SHA-256, signingCertificateV2) signed at time.Now().
type PDFSignOptions struct {
	// SubFilter is ETSI.CAdES.detached (default, PAdES) or adbe.pkcs7.detached.
	SubFilter string
	// Hash is SHA-256 (default), SHA-384 or SHA-512.
	Hash crypto.Hash
	// RSAPSS signs RSA keys with RSASSA-PSS.
	RSAPSS bool
	// SigningTime is written to /M (and, for adbe.pkcs7.detached, the signingTime attribute); zero means now.
	SigningTime time.Time
	// TSAURL, when set, time-stamps the signature value (PAdES B-T).
	TSAURL string
	// HTTPClient reaches the TSA; nil means a client with DefaultFetchTimeout.
	HTTPClient *http.Client
	// TSAPolicy asks the TSA for a policy; nil lets it choose.
	TSAPolicy asn1.ObjectIdentifier
	// FieldName names the new signature field; empty means "Signature<n>".
	FieldName string
	// Reason, Location, ContactInfo and Name fill the signature dictionary (Vietnamese text is fine).
	Reason, Location, ContactInfo, Name string
	// Visible, when set, shows the signature on a page.
	Visible *PDFAppearance
	// Certify makes a certification signature (ISO 32000-1 §12.8.2.2, DocMDP) allowing the later changes of
	// level 1 (none), 2 (form filling and signing) or 3 (also annotations); 0 makes an approval signature.
	// Only the first signature of a document may certify it.
	Certify int
	// Reserve is the room kept for the CMS in /Contents (bytes); zero means an estimate from the chain.
	Reserve int
	// Limits bound the reading of the input.
	Limits PDFLimits
}

// PDFAppearance places a visible signature: a box on a page with lines of text (ASCII is drawn as is; other
// characters are drawn as '?', since only the standard Helvetica font is used).
type PDFAppearance struct {
	Page int        // 1-based page number; 0 means 1
	Rect [4]float64 // lower-left x, y, upper-right x, y in points
	Text []string   // lines of text
}

// SignPDF signs the PDF src (size bytes) and writes the signed PDF to dst: the input unchanged, followed by an
// incremental update (ISO 32000-1 §7.5.6) with a signature field, its widget and a signature dictionary whose
// /ByteRange covers everything but /Contents. A signed input keeps its signatures valid: its bytes are a
// prefix of the output, and the update changes only what a signature may change (catalog /AcroForm, the
// field list, the page's /Annots). This is how the agency's signature follows the signer's (NĐ 30/2020).
//
// The CMS is a PAdES baseline signature (ETSI EN 319 142-1): B-B with signingCertificateV2 and no
// signingTime attribute (the time is /M), B-T when opts.TSAURL adds a signature time stamp. chain starts
// with the signer's certificate. src is read twice (digest, then copy) and never held in memory.
func SignPDF(ctx context.Context, dst io.Writer, src io.ReaderAt, size int64, signer crypto.Signer, chain []*x509.Certificate, opts PDFSignOptions) error {
	if len(chain) == 0 || chain[0] == nil || signer == nil {
		return errors.New("signature: SignPDF: a signer and its certificate are required")
	}
	if k, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !k.Equal(chain[0].PublicKey) {
		return errors.New("signature: SignPDF: the key does not match the signer's certificate")
	}
	if opts.SubFilter == "" {
		opts.SubFilter = SubFilterCAdES
	}
	if opts.SubFilter != SubFilterCAdES && opts.SubFilter != SubFilterPKCS7Detached {
		return fmt.Errorf("signature: SignPDF: unsupported sub-filter %q", opts.SubFilter)
	}
	if opts.Hash == 0 {
		opts.Hash = crypto.SHA256
	}
	if opts.Hash != crypto.SHA256 && opts.Hash != crypto.SHA384 && opts.Hash != crypto.SHA512 {
		return fmt.Errorf("signature: SignPDF: unsupported hash %v", opts.Hash)
	}
	reserve := opts.Reserve
	if reserve <= 0 {
		reserve = 8192
		for _, c := range chain {
			reserve += len(c.Raw)
		}
		if opts.TSAURL != "" {
			reserve += 12288
		}
	}
	return writePDFUpdate(ctx, dst, src, size, opts, reserve, func(content io.Reader) ([]byte, error) {
		return pdfCMS(ctx, content, signer, chain, opts)
	})
}

// TimestampPDF adds a document time stamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161; ETSI EN 319 142-1
// §5.4.3, the PAdES B-LTA building block) from the TSA at opts.TSAURL as an incremental update, keeping every
// earlier signature valid. Only TSAURL, HTTPClient, TSAPolicy, Hash, FieldName, Reserve and Limits apply.
func TimestampPDF(ctx context.Context, dst io.Writer, src io.ReaderAt, size int64, opts PDFSignOptions) error {
	if opts.TSAURL == "" {
		return errors.New("signature: TimestampPDF: a TSA URL is required")
	}
	if opts.Hash == 0 {
		opts.Hash = crypto.SHA256
	}
	opts.SubFilter = SubFilterRFC3161
	opts.Visible = nil
	reserve := opts.Reserve
	if reserve <= 0 {
		reserve = 12288
	}
	return writePDFUpdate(ctx, dst, src, size, opts, reserve, func(content io.Reader) ([]byte, error) {
		digest, err := hashReader(ctx, opts.Hash, content)
		if err != nil {
			return nil, err
		}
		tc := &TimestampClient{URL: opts.TSAURL, HTTPClient: opts.HTTPClient, Policy: opts.TSAPolicy, Hash: opts.Hash}
		tok, err := tc.timestampDigest(ctx, opts.Hash, digest)
		if err != nil {
			return nil, fmt.Errorf("signature: TimestampPDF: %w", err)
		}
		return tok.Raw, nil
	})
}

// writePDFUpdate opens src, builds the update with reserve bytes for /Contents, fills it with contents(signed
// bytes) and writes src and the update to dst. When the reserve proves too small it retries once with room
// for what contents returned (unless the caller fixed the reserve).
func writePDFUpdate(ctx context.Context, dst io.Writer, src io.ReaderAt, size int64, opts PDFSignOptions, reserve int, contents func(io.Reader) ([]byte, error)) error {
	if opts.SigningTime.IsZero() {
		opts.SigningTime = time.Now()
	}
	f, err := openPDF(src, size, opts.Limits)
	if err != nil {
		return fmt.Errorf("signature: signing PDF: %w", err)
	}
	if f.Trailing > 0 {
		return fmt.Errorf("signature: signing PDF: %d bytes follow the last %%%%EOF; refusing to sign them into the document", f.Trailing)
	}
	if p := (&pdfVerification{f: f}).docMDPFor(len(f.Revisions)); p == 1 && opts.SubFilter != SubFilterRFC3161 {
		return errors.New("signature: signing PDF: the document is certified with no changes allowed (DocMDP P=1); a new signature would invalidate the certification")
	}
	for attempt := 0; ; attempt++ {
		u, err := newPDFUpdate(f, opts, reserve)
		if err != nil {
			return fmt.Errorf("signature: signing PDF: %w", err)
		}
		der, err := contents(u.signedContent(src, size))
		if err != nil {
			return err
		}
		if len(der) > reserve {
			if attempt > 0 || opts.Reserve > 0 {
				return fmt.Errorf("signature: signing PDF: the signature needs %d bytes, more than the %d reserved", len(der), reserve)
			}
			reserve = len(der) + 4096
			continue
		}
		hex.Encode(u.buf[u.gapStart+1:], der)
		if _, err := io.Copy(dst, io.NewSectionReader(src, 0, size)); err != nil {
			return fmt.Errorf("signature: signing PDF: writing: %w", err)
		}
		if _, err := dst.Write(u.buf); err != nil {
			return fmt.Errorf("signature: signing PDF: writing: %w", err)
		}
		return nil
	}
}

// pdfUpdate is the incremental update being built: its bytes and where /Contents lies in them.
type pdfUpdate struct {
	base             int64 // size of the original file: offset of buf[0]
	buf              []byte
	gapStart, gapEnd int   // the /Contents string, '<' … '>' inclusive, in buf
	objects          []int // object numbers written, in order
	offsets          []int64
}

// signedContent is what the signature covers: the original file and the update without /Contents.
func (u *pdfUpdate) signedContent(src io.ReaderAt, size int64) io.Reader {
	return io.MultiReader(io.NewSectionReader(src, 0, size), bytes.NewReader(u.buf[:u.gapStart]), bytes.NewReader(u.buf[u.gapEnd:]))
}

// newPDFUpdate builds the update: signature dictionary, field/widget, the updated catalog, AcroForm, page,
// cross-reference section and trailer, with /ByteRange filled in and /Contents zeroed.
func newPDFUpdate(f *pdfFile, opts PDFSignOptions, reserve int) (*pdfUpdate, error) {
	last := len(f.Revisions)
	trailer := f.Revisions[last-1].Trailer
	if _, ok := trailer["Encrypt"]; ok {
		return nil, errors.New("encrypted PDFs are not supported")
	}
	rootRef, ok := trailer["Root"].(pdfRef)
	if !ok {
		return nil, errors.New("the trailer has no indirect /Root")
	}
	root, err := f.dict(last, rootRef)
	if err != nil || root == nil {
		return nil, fmt.Errorf("reading the catalog: %v", err)
	}
	next := uint32(0)
	if n, ok := trailer["Size"].(int64); ok && n > 0 && n < 1<<31 {
		next = uint32(n)
	}
	for _, r := range f.Revisions {
		for _, s := range r.Sections {
			for n := range s.Entries {
				next = max(next, n+1)
			}
		}
	}
	alloc := func() pdfRef { next++; return pdfRef{Num: next - 1} }
	pageNo := 1
	if opts.Visible != nil && opts.Visible.Page > 0 {
		pageNo = opts.Visible.Page
	}
	pageRef, page, err := f.page(last, root, pageNo)
	if err != nil {
		return nil, err
	}
	objs := map[pdfRef]pdfObject{}
	sigRef, fieldRef := alloc(), alloc()
	// The catalog, AcroForm and field list are copied and extended (shallow copies: the parsed objects are
	// cached by the reader and must not change).
	cat := clonePDFDict(root)
	var form pdfDict
	formRef, formIndirect := root["AcroForm"].(pdfRef)
	if d, _ := f.dict(last, root["AcroForm"]); d != nil {
		form = clonePDFDict(d)
	} else {
		form = pdfDict{}
		formRef, formIndirect = alloc(), true
	}
	name := opts.FieldName
	if name == "" {
		name = f.freeFieldName(last, form)
	}
	fields, err := f.extendArray(last, form["Fields"], fieldRef, objs)
	if err != nil {
		return nil, err
	}
	form["Fields"] = fields
	form["SigFlags"] = int64(3) // SignaturesExist | AppendOnly
	if formIndirect {
		objs[formRef] = form
		cat["AcroForm"] = formRef
	} else {
		cat["AcroForm"] = form
	}
	if opts.Certify != 0 {
		if opts.Certify < 1 || opts.Certify > 3 {
			return nil, fmt.Errorf("DocMDP level %d is not 1, 2 or 3", opts.Certify)
		}
		if _, certified := root["Perms"]; certified {
			return nil, errors.New("the document is already certified; only one certification signature is allowed")
		}
		cat["Perms"] = pdfDict{"DocMDP": sigRef}
	}
	objs[rootRef] = cat
	annots, err := f.extendArray(last, page["Annots"], fieldRef, objs)
	if err != nil {
		return nil, err
	}
	if _, indirect := page["Annots"].(pdfRef); !indirect {
		np := clonePDFDict(page)
		np["Annots"] = annots
		objs[pageRef] = np
	}
	widget := pdfDict{"Type": pdfName("Annot"), "Subtype": pdfName("Widget"), "FT": pdfName("Sig"),
		"T": pdfTextString(name), "V": sigRef, "P": pageRef, "F": int64(132), "Rect": pdfArray{int64(0), int64(0), int64(0), int64(0)}}
	if v := opts.Visible; v != nil {
		apRef := alloc()
		widget["F"] = int64(4)
		widget["Rect"] = pdfArray{v.Rect[0], v.Rect[1], v.Rect[2], v.Rect[3]}
		widget["AP"] = pdfDict{"N": apRef}
		objs[apRef] = appearanceStream(v)
	}
	objs[fieldRef] = widget

	u := &pdfUpdate{base: f.size}
	var b bytes.Buffer
	if f.Revisions[last-1].End == f.Revisions[last-1].MarkerEnd {
		b.WriteByte('\n')
	}
	u.writeSigDict(&b, sigRef, opts, reserve)
	for _, ref := range sortedRefs(objs) {
		u.mark(&b, ref.Num)
		fmt.Fprintf(&b, "%d 0 obj\n", ref.Num)
		if st, ok := objs[ref].(*pdfRawStream); ok {
			st.write(&b)
		} else if err := writePDFObject(&b, objs[ref]); err != nil {
			return nil, err
		}
		b.WriteString("\nendobj\n")
	}
	if err := u.writeXref(&b, f, trailer, next, alloc); err != nil {
		return nil, err
	}
	u.buf = b.Bytes()
	// /ByteRange [0 gapStart' gapEnd' rest], with fixed-width numbers patched into the placeholder.
	total := u.base + int64(len(u.buf))
	a1, a2 := u.base+int64(u.gapStart), u.base+int64(u.gapEnd)
	br := fmt.Sprintf("[0 %d %d %d]", a1, a2, total-a2)
	i := bytes.Index(u.buf, []byte(byteRangePlaceholder))
	copy(u.buf[i:], br+strings.Repeat(" ", len(byteRangePlaceholder)-len(br)))
	return u, nil
}

const byteRangePlaceholder = "[0 0000000000 0000000000 0000000000]"

func (u *pdfUpdate) mark(b *bytes.Buffer, num uint32) {
	u.objects = append(u.objects, int(num))
	u.offsets = append(u.offsets, u.base+int64(b.Len()))
}

func (u *pdfUpdate) writeSigDict(b *bytes.Buffer, ref pdfRef, opts PDFSignOptions, reserve int) {
	u.mark(b, ref.Num)
	typ := "Sig"
	if opts.SubFilter == SubFilterRFC3161 {
		typ = "DocTimeStamp"
	}
	fmt.Fprintf(b, "%d 0 obj\n<</Type /%s /Filter /Adobe.PPKLite /SubFilter /%s /ByteRange %s", ref.Num, typ, opts.SubFilter, byteRangePlaceholder)
	if typ == "Sig" {
		b.WriteString(" /M ")
		writePDFString(b, pdfString{Data: []byte(pdfDate(opts.SigningTime))})
	}
	for _, kv := range []struct {
		k pdfName
		v string
	}{{"Reason", opts.Reason}, {"Location", opts.Location}, {"ContactInfo", opts.ContactInfo}, {"Name", opts.Name}} {
		if kv.v != "" {
			b.WriteByte(' ')
			writePDFName(b, kv.k)
			b.WriteByte(' ')
			writePDFString(b, pdfTextString(kv.v))
		}
	}
	if opts.Certify != 0 {
		fmt.Fprintf(b, " /Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams /P %d /V /1.2>>>>]", opts.Certify)
	}
	b.WriteString(" /Contents ")
	u.gapStart = b.Len()
	b.WriteByte('<')
	b.Write(bytes.Repeat([]byte("0"), 2*reserve))
	b.WriteByte('>')
	u.gapEnd = b.Len()
	b.WriteString(">>\nendobj\n")
}

// writeXref writes the cross-reference section in the form of the previous one: a stream after a stream
// (so that readers of cross-reference streams keep finding compressed objects), a table otherwise.
func (u *pdfUpdate) writeXref(b *bytes.Buffer, f *pdfFile, trailer pdfDict, next uint32, alloc func() pdfRef) error {
	last := f.Revisions[len(f.Revisions)-1]
	nt := pdfDict{"Root": trailer["Root"], "Prev": f.StartXref}
	for _, k := range []pdfName{"Info", "ID"} {
		if v, ok := trailer[k]; ok {
			nt[k] = v
		}
	}
	if last.Sections[0].Stream {
		xref := alloc()
		u.mark(b, xref.Num)
		nt["Type"], nt["Size"], nt["W"] = pdfName("XRef"), int64(xref.Num+1), pdfArray{int64(1), int64(4), int64(2)}
		var index pdfArray
		var data []byte
		for i, n := range u.objects {
			index = append(index, int64(n), int64(1))
			off := u.offsets[i]
			data = append(data, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), 0, 0)
		}
		if u.offsets[len(u.offsets)-1] > 1<<32-1 {
			return errors.New("output larger than 4 GiB")
		}
		nt["Index"] = index
		start := u.offsets[len(u.offsets)-1]
		(&pdfRawStream{dict: nt, data: data}).writeObject(b, xref.Num)
		fmt.Fprintf(b, "startxref\n%d\n%%%%EOF\n", start)
		return nil
	}
	start := u.base + int64(b.Len())
	b.WriteString("xref\n")
	for i, n := range u.objects {
		fmt.Fprintf(b, "%d 1\n%010d 00000 n\r\n", n, u.offsets[i])
	}
	nt["Size"] = int64(next)
	b.WriteString("trailer\n")
	if err := writePDFObject(b, nt); err != nil {
		return err
	}
	fmt.Fprintf(b, "\nstartxref\n%d\n%%%%EOF\n", start)
	return nil
}

// pdfRawStream is a stream object SignPDF writes.
type pdfRawStream struct {
	dict pdfDict
	data []byte
}

func (s *pdfRawStream) write(b *bytes.Buffer) {
	d := clonePDFDict(s.dict)
	d["Length"] = int64(len(s.data))
	_ = writePDFObject(b, d) // only names, numbers, arrays and references: cannot fail
	b.WriteString("\nstream\n")
	b.Write(s.data)
	b.WriteString("\nendstream")
}

func (s *pdfRawStream) writeObject(b *bytes.Buffer, num uint32) {
	fmt.Fprintf(b, "%d 0 obj\n", num)
	s.write(b)
	b.WriteString("\nendobj\n")
}

// appearanceStream draws a visible signature: a thin frame and the lines of text.
func appearanceStream(v *PDFAppearance) *pdfRawStream {
	w, h := v.Rect[2]-v.Rect[0], v.Rect[3]-v.Rect[1]
	var c bytes.Buffer
	fmt.Fprintf(&c, "q 0.5 w 0 0 %.2f %.2f re S Q\nBT /F1 9 Tf\n", w, h)
	for i, line := range v.Text {
		ascii := []byte(strings.Map(func(r rune) rune {
			if r < 0x20 || r > 0x7e {
				return '?'
			}
			return r
		}, line))
		fmt.Fprintf(&c, "1 0 0 1 4 %.2f Tm ", h-12-float64(i)*11)
		writePDFString(&c, pdfString{Data: ascii})
		c.WriteString(" Tj\n")
	}
	c.WriteString("ET")
	return &pdfRawStream{dict: pdfDict{"Type": pdfName("XObject"), "Subtype": pdfName("Form"),
		"BBox":      pdfArray{int64(0), int64(0), w, h},
		"Resources": pdfDict{"Font": pdfDict{"F1": pdfDict{"Type": pdfName("Font"), "Subtype": pdfName("Type1"), "BaseFont": pdfName("Helvetica")}}}},
		data: c.Bytes()}
}

// pdfDate formats t as a PDF date (ISO 32000-1 §7.9.4).
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off/60%60)
}

func clonePDFDict(d pdfDict) pdfDict {
	out := make(pdfDict, len(d)+2)
	for k, v := range d {
		out[k] = v
	}
	return out
}

func sortedRefs(m map[pdfRef]pdfObject) []pdfRef {
	out := make([]pdfRef, 0, len(m))
	for r := range m {
		out = append(out, r)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Num < out[j-1].Num; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// extendArray returns the array v (direct or indirect) with ref appended; an indirect array is rewritten as
// an object of the update and the reference is returned unchanged.
func (f *pdfFile) extendArray(rev int, v pdfObject, ref pdfRef, objs map[pdfRef]pdfObject) (pdfObject, error) {
	arr, err := f.array(rev, v)
	if err != nil {
		return nil, err
	}
	out := append(append(pdfArray{}, arr...), ref)
	if r, ok := v.(pdfRef); ok {
		objs[r] = out
		return r, nil
	}
	return out, nil
}

// page finds the n-th page (1-based) through the page tree.
func (f *pdfFile) page(rev int, root pdfDict, n int) (pdfRef, pdfDict, error) {
	node := root["Pages"]
	count := 0
	for depth := 0; depth < f.lim.MaxDepth; depth++ {
		d, err := f.dict(rev, node)
		if err != nil {
			return pdfRef{}, nil, err
		}
		if d == nil {
			break
		}
		if typeOf(d) != "Pages" {
			ref, ok := node.(pdfRef)
			if !ok {
				break
			}
			return ref, d, nil
		}
		kids, err := f.array(rev, d["Kids"])
		if err != nil {
			return pdfRef{}, nil, err
		}
		found := false
		for _, k := range kids {
			kd, err := f.dict(rev, k)
			if err != nil {
				return pdfRef{}, nil, err
			}
			c := int64(1)
			if typeOf(kd) == "Pages" {
				c, _ = kd["Count"].(int64)
			}
			if count+int(c) >= n {
				node, found = k, true
				break
			}
			count += int(c)
		}
		if !found {
			break
		}
	}
	return pdfRef{}, nil, fmt.Errorf("page %d not found in the page tree", n)
}

// freeFieldName returns "Signature<n>" not yet used by a top-level field.
func (f *pdfFile) freeFieldName(rev int, form pdfDict) string {
	used := map[string]bool{}
	fields, _ := f.array(rev, form["Fields"])
	for _, x := range fields {
		if d, _ := f.dict(rev, x); d != nil {
			if t, ok := d["T"].(pdfString); ok {
				used[decodePDFText(t.Data)] = true
			}
		}
	}
	for i := 1; ; i++ {
		if n := fmt.Sprintf("Signature%d", i); !used[n] {
			return n
		}
	}
}

// pdfCMS makes the detached CMS of a PDF signature over content.
func pdfCMS(ctx context.Context, content io.Reader, signer crypto.Signer, chain []*x509.Certificate, opts PDFSignOptions) ([]byte, error) {
	h := opts.Hash
	digest, err := hashReader(ctx, h, content)
	if err != nil {
		return nil, err
	}
	attrs, err := marshalSignedAttributes(digest, opts.SigningTime, chain[0])
	if err != nil {
		return nil, err
	}
	if opts.SubFilter == SubFilterCAdES {
		// ETSI EN 319 142-1 §6.3: a PAdES signature carries no signingTime attribute; the time is /M.
		if attrs, err = dropAttribute(attrs, oidAttrSigningTime); err != nil {
			return nil, err
		}
	}
	sigAlg, signerOpts, err := cmsSignatureAlgorithm(signer.Public(), h, opts.RSAPSS)
	if err != nil {
		return nil, err
	}
	ah := h.New()
	ah.Write(attrs)
	sig, err := signer.Sign(rand.Reader, ah.Sum(nil), signerOpts)
	if err != nil {
		return nil, fmt.Errorf("signature: SignPDF: signing: %w", err)
	}
	var unsigned [][]byte
	if opts.TSAURL != "" {
		tc := &TimestampClient{URL: opts.TSAURL, HTTPClient: opts.HTTPClient, Policy: opts.TSAPolicy, Hash: h}
		tok, err := tc.Timestamp(ctx, sig)
		if err != nil {
			return nil, fmt.Errorf("signature: SignPDF: %w", err)
		}
		attr, err := marshalAttribute(oidAttrTimeStampToken, tok.Raw)
		if err != nil {
			return nil, err
		}
		unsigned = append(unsigned, attr)
	}
	der, _, err := marshalSignedDataParts(h, sigAlg, false, 0, chain, attrs, sig, unsigned)
	return der, err
}

// dropAttribute removes the attribute of type oid from a DER SET OF Attribute.
func dropAttribute(set []byte, oid asn1.ObjectIdentifier) ([]byte, error) {
	in := cryptobyte.String(set)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SET) {
		return nil, errors.New("signature: signed attributes are not a SET")
	}
	var keep [][]byte
	for !body.Empty() {
		var elem cryptobyte.String
		if !body.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
			return nil, errors.New("signature: bad signed attribute")
		}
		inner := elem
		var seq cryptobyte.String
		var t asn1.ObjectIdentifier
		if inner.ReadASN1(&seq, cbasn1.SEQUENCE) && seq.ReadASN1ObjectIdentifier(&t) && t.Equal(oid) {
			continue
		}
		keep = append(keep, elem)
	}
	return marshalDERSet(keep)
}

// SignPDFFile is SignPDF for a PDF file.
func SignPDFFile(ctx context.Context, dst io.Writer, src *os.File, signer crypto.Signer, chain []*x509.Certificate, opts PDFSignOptions) error {
	st, err := src.Stat()
	if err != nil {
		return fmt.Errorf("signature: SignPDF: %w", err)
	}
	return SignPDF(ctx, dst, src, st.Size(), signer, chain, opts)
}
