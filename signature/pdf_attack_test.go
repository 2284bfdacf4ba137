package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// rewriteByteRange replaces the text of the last /ByteRange array with s, padded to the same length.
func rewriteByteRange(t testing.TB, pdf []byte, s string) []byte {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte("/ByteRange ["))
	require.GreaterOrEqual(t, i, 0)
	i += len("/ByteRange ")
	j := i + bytes.IndexAny(pdf[i:], "/>") - 1 // the array and the spaces that pad it
	require.LessOrEqual(t, len(s), j-i)
	out := bytes.Clone(pdf)
	copy(out[i:j], s+strings.Repeat(" ", j-i-len(s)))
	return out
}

func byteRangeOf(t testing.TB, pdf []byte) [4]int64 {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte("/ByteRange ["))
	var br [4]int64
	_, err := fmt.Sscanf(string(pdf[i+len("/ByteRange ["):]), "%d %d %d %d", &br[0], &br[1], &br[2], &br[3])
	require.NoError(t, err)
	return br
}

func TestVerifyPDFAttacks(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	pdf := testPDF("Pay 100 VND", false)
	signed := signPDFForTest(t, pdf, p.Valid, PDFSignOptions{SigningTime: p.Now})
	br := byteRangeOf(t, signed)
	tampered := bytes.Clone(signed)
	tampered[bytes.Index(tampered, []byte("Pay 100"))+4] = '9'
	contentsNotHex := bytes.Clone(signed)
	contentsNotHex[br[1]], contentsNotHex[br[2]-1] = '(', ')'

	cases := []struct {
		name    string
		pdf     []byte
		ind     Indication
		sub     SubIndication
		code    string
		allowed []bool // verdicts of the later revisions
	}{
		{"intact", signed, TotalPassed, "", "SIG-PDF-COVERAGE", nil},
		{"byte tampered in the signed revision", tampered, TotalFailed, HashFailure, "SIG-HASH", nil},
		{"unsigned update replaces the page content", appendUpdate(t, signed, map[int]string{4: "<< /Length 33 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 9) Tj ET\nendstream"}),
			TotalFailed, FormatFailure, "SIG-PDF-MODIFIED", []bool{false}},
		{"unsigned update changes the page resources", appendUpdate(t, signed, map[int]string{5: "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"}),
			TotalFailed, FormatFailure, "SIG-PDF-MODIFIED", []bool{false}},
		{"unsigned update adds an OpenAction to the catalog", appendUpdate(t, signed, map[int]string{1: catalogWith(t, signed, "/OpenAction [3 0 R /Fit]")}),
			TotalFailed, FormatFailure, "SIG-PDF-MODIFIED", []bool{false}},
		{"hidden overlay: a FreeText annotation over the text", overlayUpdate(t, signed), Indeterminate, SigConstraintsFailure, "SIG-PDF-UNCLEAR-CHANGE", []bool{false}},
		{"metadata: an /Info dictionary added and the catalog's XMP metadata changed", appendUpdate(t, signed, map[int]string{1: catalogWith(t, signed, "/Metadata 70 0 R"),
			70: "<< /Type /Metadata /Subtype /XML /Length 0 >>\nstream\n\nendstream", 71: "<< /ModDate (D:20261202) >>"}), TotalPassed, "", "SIG-PDF-COVERAGE", []bool{true}},
		{"appearance of the signed signature widget replaced", appendUpdate(t, signed, map[int]string{7: widgetWith(t, signed, 7, "/AP << /N 80 0 R >>"),
			80: "<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] /Length 0 >>\nstream\n\nendstream"}), TotalFailed, FormatFailure, "SIG-PDF-MODIFIED", []bool{false}},
		{"junk after %%EOF", append(bytes.Clone(signed), []byte("\n% appended junk 1 0 obj\n")...), Indeterminate, SigConstraintsFailure, "SIG-PDF-TRAILING", nil},
		{"ByteRange does not start at 0", rewriteByteRange(t, signed, fmt.Sprintf("[1 %d %d %d]", br[1]-1, br[2], br[3])), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"ByteRange beyond the end", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d %d %d]", br[1], br[2], br[3]+10)), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"ByteRange overlapping", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d %d %d]", br[2]+1, br[2], br[3])), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"ByteRange negative", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d -%d %d]", br[1], br[2], br[3])), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"ByteRange with three ranges", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d %d %d 0 0]", br[1], br[2], br[3])), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"ByteRange gap wider than Contents", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d %d %d]", br[1]-1, br[2], br[3])), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"signed part not ending a revision", rewriteByteRange(t, signed, fmt.Sprintf("[0 %d %d %d]", br[1], br[2], br[3]-3)), TotalFailed, FormatFailure, "SIG-FORMAT", nil},
		{"Contents not hex", contentsNotHex, TotalFailed, FormatFailure, "SIG-FORMAT", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyPDFForTest(t, c.pdf, opts)
			require.Len(t, rep.Signatures, 1)
			s := rep.Signatures[0]
			require.Equal(t, c.ind, s.Indication, "%+v", s.Messages)
			require.Equal(t, c.sub, s.SubIndication)
			require.True(t, hasCode(s, c.code), "want message %s in %+v", c.code, s.Messages)
			var allowed []bool
			for _, r := range s.LaterRevisions {
				allowed = append(allowed, r.Allowed)
			}
			require.Equal(t, c.allowed, allowed)
		})
	}
}

func hasCode(s SignatureReport, code string) bool {
	for _, m := range s.Messages {
		if m.Code == code {
			return true
		}
	}
	return false
}

// catalogWith returns the catalog of pdf's last revision with extra entries.
func catalogWith(t testing.TB, pdf []byte, extra string) string {
	t.Helper()
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
	require.NoError(t, err)
	last := len(f.Revisions)
	root, err := f.dict(last, f.Revisions[last-1].Trailer["Root"])
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, writePDFObject(&b, root))
	return strings.TrimSuffix(b.String(), ">>") + extra + ">>"
}

// widgetWith returns object num of pdf's last revision with extra entries.
func widgetWith(t testing.TB, pdf []byte, num uint32, extra string) string {
	t.Helper()
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
	require.NoError(t, err)
	d, err := f.dict(len(f.Revisions), pdfRef{Num: num})
	require.NoError(t, err)
	require.NotNil(t, d)
	var b bytes.Buffer
	require.NoError(t, writePDFObject(&b, d))
	return strings.TrimSuffix(b.String(), ">>") + extra + ">>"
}

// overlayUpdate adds a FreeText annotation whose appearance paints a white box and other text over the
// signed text: what a reader shows changes while the signed bytes do not.
func overlayUpdate(t testing.TB, pdf []byte) []byte {
	t.Helper()
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
	require.NoError(t, err)
	last := len(f.Revisions)
	root, _ := f.dict(last, f.Revisions[last-1].Trailer["Root"])
	_, page, err := f.page(last, root, 1)
	require.NoError(t, err)
	annots, _ := f.array(last, page["Annots"])
	np := clonePDFDict(page)
	np["Annots"] = append(append(pdfArray{}, annots...), pdfRef{Num: 90})
	var b bytes.Buffer
	require.NoError(t, writePDFObject(&b, np))
	ap := "q 1 1 1 rg 0 0 300 40 re f Q BT /F1 24 Tf 2 10 Td (Pay 9) Tj ET"
	return appendUpdate(t, pdf, map[int]string{
		3:  b.String(),
		90: "<< /Type /Annot /Subtype /FreeText /Rect [70 690 370 730] /DA (/F1 24 Tf) /AP << /N 91 0 R >> >>",
		91: fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 300 40] /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream", len(ap), ap),
	})
}

func TestVerifyPDFAllowAnnotations(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	signed := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	opts.PDF.AllowAnnotations = true
	rep := verifyPDFForTest(t, overlayUpdate(t, signed), opts)
	require.Equal(t, TotalPassed, rep.Signatures[0].Indication, "%+v", rep.Signatures[0].Messages)
	require.True(t, rep.Signatures[0].LaterRevisions[0].Allowed)
}

func TestJudgeRevisionMDP(t *testing.T) {
	sig := []pdfChange{{class: chSignature, what: "signature field added"}}
	fill := []pdfChange{{class: chFormFill, what: "form field \"a.b\" filled in", field: "a.b"}}
	annot := []pdfChange{{class: chAnnotation, what: "annotation added"}}
	dss := []pdfChange{{class: chDSS, what: "DSS"}, {class: chDocTS, what: "time stamp"}}
	lockAB := &PDFFieldMDP{Action: "Include", Fields: []string{"a"}}
	cases := []struct {
		name             string
		changes          []pdfChange
		docMDP           int
		lock             *PDFFieldMDP
		allowed, unclear bool
	}{
		{"signature, no MDP", sig, 0, nil, true, false},
		{"signature, P=1", sig, 1, nil, false, false},
		{"DSS and time stamp, P=1", dss, 1, nil, true, false},
		{"form filling, P=2", fill, 2, nil, true, false},
		{"form filling of a locked field", fill, 0, lockAB, false, false},
		{"form filling of a field outside Exclude", fill, 0, &PDFFieldMDP{Action: "Exclude", Fields: []string{"a"}}, true, false},
		{"annotation, P=2", annot, 2, nil, false, false},
		{"annotation, P=3", annot, 3, nil, true, false},
		{"annotation, no MDP", annot, 0, nil, false, true},
		{"nothing changed", nil, 1, nil, true, false},
		{"disallowed", []pdfChange{{class: chDisallowed, what: "page content"}}, 0, nil, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			allowed, unclear, reason := judgeRevision(c.changes, c.docMDP, c.lock, false)
			require.Equal(t, c.allowed, allowed, reason)
			require.Equal(t, c.unclear, unclear, reason)
			require.NotEmpty(t, reason)
		})
	}
}

func TestVerifyPDFBadInput(t *testing.T) {
	pdf := testPDF("x", false)
	start := bytes.LastIndex(pdf, []byte("startxref"))
	var xref int
	fmt.Sscanf(string(pdf[start+len("startxref\n"):]), "%d", &xref)
	circular := appendUpdate(t, pdf, map[int]string{4: "<< /Length 0 >>\nstream\n\nendstream"})
	// Point the update's /Prev at itself.
	i := bytes.LastIndex(circular, []byte("/Prev "))
	j := bytes.LastIndex(circular, []byte("startxref\n")) + len("startxref\n")
	var self int
	fmt.Sscanf(string(circular[j:]), "%d", &self)
	circular = bytes.Join([][]byte{circular[:i], []byte(fmt.Sprintf("/Prev %d", self)), circular[i+len("/Prev ")+len(fmt.Sprint(xref)):]}, nil)
	circular = append(circular[:j], []byte(fmt.Sprintf("%d\n%%%%EOF\n", self+len(fmt.Sprint(self))-len(fmt.Sprint(xref))))...)

	million := bytes.Replace(pdf, []byte("xref\n0 6\n"), []byte("xref\n0 1000000\n"), 1)
	cases := []struct {
		name string
		pdf  []byte
		want string
	}{
		{"not a PDF", []byte("hello"), "no %PDF- header"},
		{"truncated", pdf[:len(pdf)/2], "no startxref"},
		{"startxref outside", bytes.Replace(pdf, []byte(fmt.Sprintf("startxref\n%d", xref)), []byte("startxref\n99999999"), 1), "startxref does not name"},
		{"circular xref", circular, "circular"},
		{"1 M objects", million, "limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := VerifyPDF(context.Background(), bytes.NewReader(c.pdf), int64(len(c.pdf)), VerifyOptions{})
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
	_, err := VerifyPDF(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), VerifyOptions{MaxSize: 10})
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestVerifyPDFUnsigned(t *testing.T) {
	rep := verifyPDFForTest(t, testPDF("x", true), VerifyOptions{})
	require.Empty(t, rep.Signatures)
	require.Equal(t, Indeterminate, rep.Indication())
	require.Equal(t, 1, rep.PDF.Revisions)
}

func TestVerifyPDFTimestamps(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	signed := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now, TSAURL: p.TSA.URL})
	rep := verifyPDFForTest(t, signed, opts)
	s := rep.Signatures[0]
	require.Equal(t, TotalPassed, s.Indication, "%+v", s.Messages)
	require.NotNil(t, s.TimestampTime, "PAdES B-T: the signature time stamp is the proof of existence")

	// A document time stamp (PAdES B-LTA style) after an untimed signature gives it a proof of existence.
	untimed := signPDFForTest(t, testPDF("x", true), p.Valid, PDFSignOptions{SigningTime: p.Now})
	var out bytes.Buffer
	require.NoError(t, TimestampPDF(context.Background(), &out, bytes.NewReader(untimed), int64(len(untimed)), PDFSignOptions{TSAURL: p.TSA.URL}))
	require.True(t, bytes.HasPrefix(out.Bytes(), untimed))
	rep = verifyPDFForTest(t, out.Bytes(), opts)
	require.Len(t, rep.Signatures, 2)
	sig, ts := rep.Signatures[0], rep.Signatures[1]
	require.Equal(t, TotalPassed, sig.Indication, "%+v", sig.Messages)
	require.Equal(t, TotalPassed, ts.Indication, "%+v", ts.Messages)
	require.Equal(t, "document_timestamp", ts.PDF.Kind)
	require.NotNil(t, sig.TimestampTime, "the document time stamp is the signature's proof of existence")
	require.True(t, sig.LaterRevisions[0].Allowed, "%+v", sig.LaterRevisions)
	require.Equal(t, "", rep.PDF.ND30.Agency)
}

func TestVerifyPDFSHA1SubFilter(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	opts.PolicyName = "legacy"
	pdf := testPDF("x", false)
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
	require.NoError(t, err)
	u, err := newPDFUpdate(f, PDFSignOptions{SubFilter: SubFilterPKCS7SHA1, SigningTime: p.Now}, 8192)
	require.NoError(t, err)
	h := sha1.New()
	_, err = io.Copy(h, u.signedContent(bytes.NewReader(pdf), int64(len(pdf))))
	require.NoError(t, err)
	var der bytes.Buffer
	require.NoError(t, SignCMS(context.Background(), &der, bytes.NewReader(h.Sum(nil)), p.Valid.Key, p.Valid.Chain, CMSSignOptions{Hash: crypto.SHA256, SigningTime: p.Now}))
	hexDER := fmt.Sprintf("%X", der.Bytes())
	copy(u.buf[u.gapStart+1:], hexDER)
	signed := append(bytes.Clone(pdf), u.buf...)
	rep := verifyPDFForTest(t, signed, opts)
	require.Equal(t, TotalPassed, rep.Signatures[0].Indication, "%+v", rep.Signatures[0].Messages)

	tampered := bytes.Clone(signed)
	tampered[20] ^= 1
	rep = verifyPDFForTest(t, tampered, opts)
	require.Equal(t, HashFailure, rep.Signatures[0].SubIndication)
}

func TestVerifyPDFDSS(t *testing.T) {
	p := sigtest.NewPKI(t)
	signed := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	crl := p.Intermediate.MustCRL(t, p.Now, sigtest.CRLSpec{})
	rootCRL := p.Root.MustCRL(t, p.Now, sigtest.CRLSpec{})
	withDSS := appendUpdate(t, signed, map[int]string{
		1:  catalogWith(t, signed, "/DSS 80 0 R"),
		80: "<< /Type /DSS /CRLs [81 0 R 82 0 R] >>",
		81: fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(crl), crl),
		82: fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(rootCRL), rootCRL),
	})
	opts := cmsTestOptions(t, p)
	opts.CRLs = nil
	rep := verifyPDFForTest(t, signed, opts)
	require.Equal(t, Indeterminate, rep.Signatures[0].Indication, "no revocation data without the DSS")
	rep = verifyPDFForTest(t, withDSS, opts)
	s := rep.Signatures[0]
	require.Equal(t, TotalPassed, s.Indication, "%+v", s.Messages)
	require.True(t, s.LaterRevisions[0].Allowed, "%+v", s.LaterRevisions)
}

func TestVerifyDispatchesPDF(t *testing.T) {
	p := sigtest.NewPKI(t)
	signed := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	// A plain reader is spooled to a temporary file.
	rep, err := Verify(context.Background(), io.MultiReader(bytes.NewReader(signed)), cmsTestOptions(t, p))
	require.NoError(t, err)
	require.Equal(t, TotalPassed, rep.Indication())
	require.Equal(t, FormatPDF, rep.Signatures[0].Format)
	_, err = Verify(context.Background(), bytes.NewReader([]byte("%PDF-1.7\nbroken")), VerifyOptions{})
	require.True(t, errors.Is(err, errPDF), "%v", err)
}

func TestVerifyPDFManyRevisions(t *testing.T) {
	p := sigtest.NewPKI(t)
	pdf := signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	for i := 0; i < 120; i++ {
		pdf = appendUpdate(t, pdf, map[int]string{5: fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /N %d >>", i)})
	}
	rep := verifyPDFForTest(t, pdf, cmsTestOptions(t, p))
	s := rep.Signatures[0]
	require.Equal(t, TotalFailed, s.Indication)
	require.Len(t, s.LaterRevisions, 120)
	opts := cmsTestOptions(t, p)
	opts.PDF.Limits.MaxRevisions = 100
	_, err := VerifyPDF(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), opts)
	require.ErrorContains(t, err, "MaxRevisions")
}

// TestVerifyPDFCertification: a certification signature's DocMDP level decides what later revisions may do.
func TestVerifyPDFCertification(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	agency := p.Issue(t, sigtest.LeafSpec{CommonName: "Agency", KeyName: "rsa2048-3"})
	certify := func(level int) []byte {
		return signPDFForTest(t, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now, Certify: level})
	}
	cases := []struct {
		name  string
		pdf   []byte
		first Indication
	}{
		{"P=2, then a signature", signPDFForTest(t, certify(2), agency, PDFSignOptions{SigningTime: p.Now}), TotalPassed},
		{"P=2, then an annotation", overlayUpdate(t, certify(2)), TotalFailed},
		{"P=3, then an annotation", overlayUpdate(t, certify(3)), TotalPassed},
		{"P=1, then a DSS", appendUpdate(t, certify(1), map[int]string{1: catalogWith(t, certify(1), "/DSS << /CRLs [] >>")}), TotalPassed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := verifyPDFForTest(t, c.pdf, opts)
			s := rep.Signatures[0]
			require.Equal(t, "certification", s.PDF.Kind)
			require.Equal(t, c.first, s.Indication, "%+v %+v", s.LaterRevisions, s.Messages)
		})
	}
	var out bytes.Buffer
	one := certify(1)
	err := SignPDF(context.Background(), &out, bytes.NewReader(one), int64(len(one)), agency.Key, agency.Chain, PDFSignOptions{})
	require.ErrorContains(t, err, "DocMDP P=1")
	two := certify(2)
	err = SignPDF(context.Background(), &out, bytes.NewReader(two), int64(len(two)), agency.Key, agency.Chain, PDFSignOptions{Certify: 2})
	require.ErrorContains(t, err, "already certified")
}

// TestVerifyPDFFormFilling: filling in a form field after an approval signature is allowed, after a
// certification signature of level 1 it is not.
func TestVerifyPDFFormFilling(t *testing.T) {
	p := sigtest.NewPKI(t)
	opts := cmsTestOptions(t, p)
	base := testPDF("x", false)
	withField := appendUpdate(t, base, map[int]string{
		1:  catalogWith(t, base, "/AcroForm << /Fields [60 0 R] >>"),
		3:  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [60 0 R] >>",
		60: "<< /Type /Annot /Subtype /Widget /FT /Tx /T (so_van_ban) /Rect [72 600 300 620] /P 3 0 R >>",
	})
	for _, c := range []struct {
		certify int
		want    Indication
	}{{0, TotalPassed}, {2, TotalPassed}, {1, TotalFailed}} {
		t.Run(fmt.Sprint("certify=", c.certify), func(t *testing.T) {
			signed := signPDFForTest(t, withField, p.Valid, PDFSignOptions{SigningTime: p.Now, Certify: c.certify})
			filled := appendUpdate(t, signed, map[int]string{60: widgetWith(t, signed, 60, "/V (15/QD-UBND)")})
			rep := verifyPDFForTest(t, filled, opts)
			s := rep.Signatures[0]
			require.Equal(t, c.want, s.Indication, "%+v", s.LaterRevisions)
			require.Contains(t, s.LaterRevisions[0].Changes[0], `form field "so_van_ban" filled in`)
		})
	}
}
