package signature

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// testPDF builds a one-page PDF showing text. With xrefStream its catalog, page tree, page and font sit in a
// compressed object stream and the cross-reference is a FlateDecode stream with the PNG Up predictor (PDF 1.5).
func testPDF(text string, xrefStream bool) []byte {
	content := fmt.Sprintf("BT /F1 24 Tf 72 700 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		"", // 4: the content stream, always direct
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, 8)
	writeContent := func() {
		offsets[4] = b.Len()
		fmt.Fprintf(&b, "4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	}
	if !xrefStream {
		for i, o := range objs {
			if i == 3 {
				writeContent()
				continue
			}
			offsets[i+1] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		xref := b.Len()
		b.WriteString("xref\n0 6\n0000000000 65535 f\r\n")
		for i := 1; i <= 5; i++ {
			fmt.Fprintf(&b, "%010d 00000 n\r\n", offsets[i])
		}
		fmt.Fprintf(&b, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", xref)
		return b.Bytes()
	}
	writeContent()
	// Object stream 6 holds objects 1, 2, 3, 5.
	var head, body strings.Builder
	for _, n := range []int{1, 2, 3, 5} {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(objs[n-1] + "\n")
	}
	stm := deflate([]byte(head.String() + body.String()))
	offsets[6] = b.Len()
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n", head.Len(), len(stm))
	b.Write(stm)
	b.WriteString("\nendstream\nendobj\n")
	offsets[7] = b.Len()
	type row struct {
		typ byte
		f2  int
		f3  int
	}
	rows := []row{{0, 0, 255}, {2, 6, 0}, {2, 6, 1}, {2, 6, 2}, {1, offsets[4], 0}, {2, 6, 3}, {1, offsets[6], 0}, {1, offsets[7], 0}}
	// PNG Up predictor, W [1 4 1]: each row is filter byte 2 then the difference to the row above.
	var raw []byte
	prev := make([]byte, 6)
	for _, r := range rows {
		cur := []byte{r.typ, byte(r.f2 >> 24), byte(r.f2 >> 16), byte(r.f2 >> 8), byte(r.f2), byte(r.f3)}
		raw = append(raw, 2)
		for i := range cur {
			raw = append(raw, cur[i]-prev[i])
		}
		prev = cur
	}
	xs := deflate(raw)
	fmt.Fprintf(&b, "7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 6 >> /Length %d >>\nstream\n", len(xs))
	b.Write(xs)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offsets[7])
	return b.Bytes()
}

// hybridPDF turns the xref-stream variant of testPDF into a hybrid file (ISO 32000-1 §7.5.8.4): a classic
// table for the objects outside object streams whose trailer points with /XRefStm at the cross-reference
// stream, which alone locates the compressed objects.
func hybridPDF(text string) []byte {
	pdf := testPDF(text, true)
	cut := bytes.LastIndex(pdf, []byte("startxref"))
	body := bytes.Clone(pdf[:cut])
	off := func(obj string) int { return bytes.Index(body, []byte(obj)) }
	table := len(body)
	var b bytes.Buffer
	b.Write(body)
	fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f\r\n4 1\n%010d 00000 n\r\n6 2\n%010d 00000 n\r\n%010d 00000 n\r\n", off("4 0 obj"), off("6 0 obj"), off("7 0 obj"))
	fmt.Fprintf(&b, "trailer\n<< /Size 8 /Root 1 0 R /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n", off("7 0 obj"), table)
	return b.Bytes()
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// signPDFForTest signs pdf with leaf and fails the test on error.
func signPDFForTest(t testing.TB, pdf []byte, leaf *sigtest.Leaf, opts PDFSignOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, SignPDF(context.Background(), &out, bytes.NewReader(pdf), int64(len(pdf)), leaf.Key, leaf.Chain, opts))
	require.True(t, bytes.HasPrefix(out.Bytes(), pdf), "the input must stay a prefix of the signed PDF")
	return out.Bytes()
}

func verifyPDFForTest(t testing.TB, pdf []byte, opts VerifyOptions) *Report {
	t.Helper()
	rep, err := VerifyPDF(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), opts)
	require.NoError(t, err)
	return rep
}

// appendUpdate appends an unsigned incremental update that redefines objects (number → body) with a classic
// table, chaining to the last startxref.
func appendUpdate(t testing.TB, pdf []byte, objs map[int]string) []byte {
	t.Helper()
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
	require.NoError(t, err)
	trailer := f.Revisions[len(f.Revisions)-1].Trailer
	var b bytes.Buffer
	b.Write(pdf)
	offsets := map[int]int{}
	maxNum := 0
	for n := range objs {
		maxNum = max(maxNum, n)
	}
	for n := 1; n <= maxNum; n++ {
		body, ok := objs[n]
		if !ok {
			continue
		}
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for n := 1; n <= maxNum; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%d 1\n%010d 00000 n\r\n", n, off)
		}
	}
	size, _ := trailer["Size"].(int64)
	size = max(size, int64(maxNum+1))
	root := trailer["Root"].(pdfRef)
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", size, root.Num, f.StartXref, xref)
	return b.Bytes()
}

func TestOpenPDFRevisions(t *testing.T) {
	for _, kind := range []string{"table", "stream", "hybrid"} {
		t.Run(kind, func(t *testing.T) {
			pdf := map[string][]byte{"table": testPDF("Hello", false), "stream": testPDF("Hello", true), "hybrid": hybridPDF("Hello")}[kind]
			f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), PDFLimits{})
			require.NoError(t, err)
			require.Len(t, f.Revisions, 1)
			require.Equal(t, int64(len(pdf)), f.Revisions[0].End)
			require.Equal(t, kind == "hybrid", f.Revisions[0].Sections[0].Hybrid)
			root, err := f.dict(1, f.Revisions[0].Trailer["Root"])
			require.NoError(t, err)
			require.Equal(t, "Catalog", typeOf(root))
			ref, page, err := f.page(1, root, 1)
			require.NoError(t, err)
			require.Equal(t, uint32(3), ref.Num)
			require.Equal(t, "Page", typeOf(page))
			up := appendUpdate(t, pdf, map[int]string{4: "<< /Length 5 >>\nstream\nBT ET\nendstream"})
			f, err = openPDF(bytes.NewReader(up), int64(len(up)), PDFLimits{})
			require.NoError(t, err)
			require.Len(t, f.Revisions, 2)
			ch, err := f.revisionChanges(2)
			require.NoError(t, err)
			require.Len(t, ch, 1)
			require.Equal(t, chDisallowed, ch[0].class)
		})
	}
}

func TestVerifyPDFSignerThenAgency(t *testing.T) {
	p := sigtest.NewPKI(t)
	agency := p.Issue(t, sigtest.LeafSpec{CommonName: "Sở Nội vụ tỉnh Thử", KeyName: "rsa2048-3"})
	opts := cmsTestOptions(t, p)
	for _, xs := range []bool{false, true} {
		for _, sf := range []string{SubFilterCAdES, SubFilterPKCS7Detached} {
			t.Run(fmt.Sprint(sf, " xrefStream=", xs), func(t *testing.T) {
				pdf := testPDF("Quyet dinh so 1", xs)
				one := signPDFForTest(t, pdf, p.Valid, PDFSignOptions{SubFilter: sf, SigningTime: p.Now.Add(-time.Hour),
					Reason: "Phê duyệt", Location: "Hà Nội"})
				rep := verifyPDFForTest(t, one, opts)
				require.Len(t, rep.Signatures, 1)
				s := rep.Signatures[0]
				require.Equal(t, TotalPassed, s.Indication, "%+v", s.Messages)
				require.True(t, *s.CoversWholeDocument)
				require.Equal(t, "Phê duyệt", s.PDF.Reason)
				require.Equal(t, "Hà Nội", s.PDF.Location)
				require.Equal(t, sf, s.PDF.SubFilter)

				two := signPDFForTest(t, one, agency, PDFSignOptions{SubFilter: sf, SigningTime: p.Now})
				rep = verifyPDFForTest(t, two, opts)
				require.Len(t, rep.Signatures, 2)
				first, second := rep.Signatures[0], rep.Signatures[1]
				require.Equal(t, TotalPassed, first.Indication, "%+v", first.Messages)
				require.Equal(t, TotalPassed, second.Indication, "%+v", second.Messages)
				require.False(t, *first.CoversWholeDocument)
				require.True(t, *second.CoversWholeDocument)
				require.Len(t, first.LaterRevisions, 1)
				require.True(t, first.LaterRevisions[0].Allowed, "%+v", first.LaterRevisions)
				require.Equal(t, 3, first.LaterRevisions[0].Revision)
				require.Equal(t, 2, first.PDF.Revision)
				nd := rep.PDF.ND30
				require.Equal(t, "Signature1", nd.Signer)
				require.Equal(t, "Signature2", nd.Agency)
				require.True(t, nd.AgencyAfterSigner)
				require.True(t, nd.AgencyCoversSigner)
				require.True(t, nd.Complete)
			})
		}
	}
}

func TestVerifyPDFHybrid(t *testing.T) {
	p := sigtest.NewPKI(t)
	signed := signPDFForTest(t, hybridPDF("x"), p.Valid, PDFSignOptions{SigningTime: p.Now})
	rep := verifyPDFForTest(t, signed, cmsTestOptions(t, p))
	require.Equal(t, TotalPassed, rep.Signatures[0].Indication, "%+v", rep.Signatures[0].Messages)
}

func TestDefaultPDFRole(t *testing.T) {
	p := sigtest.NewPKI(t)
	require.Equal(t, RoleUnknown, DefaultPDFRole(p.Valid.Cert))
	require.Equal(t, RoleUnknown, DefaultPDFRole(nil))
	for _, c := range []struct {
		file string
		want PDFRole
	}{{"signer.pem", RoleSigner}, {"agency.pem", RoleAgency}} {
		data, err := os.ReadFile("testdata/pdf/ca/" + c.file)
		require.NoError(t, err)
		blk, _ := pem.Decode(data)
		cert, err := x509.ParseCertificate(blk.Bytes)
		require.NoError(t, err)
		require.Equal(t, c.want, DefaultPDFRole(cert), c.file)
	}
}

func TestParsePDFDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"D:20261202093000+07'00'", time.Date(2026, 12, 2, 2, 30, 0, 0, time.UTC)},
		{"D:20261202093000Z", time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)},
		{"D:2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"D:20261202093000-05'30", time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)},
	} {
		got, err := parsePDFDate(c.in)
		require.NoError(t, err)
		require.True(t, c.want.Equal(got), "%s: %v", c.in, got)
	}
	_, err := parsePDFDate("D:1")
	require.Error(t, err)
	for _, c := range []struct{ name, in, want string }{
		{"UTF-16BE with BOM", string(pdfTextString("Hà Nội").Data), "Hà Nội"},
		{"UTF-8 with BOM", "\xEF\xBB\xBFNguyễn Văn A", "Nguyễn Văn A"},
		{"UTF-8 without BOM (producer error)", "Nguyễn Văn A", "Nguyễn Văn A"},
		{"PDFDocEncoding Latin-1", "Jos\xE9", "José"},
		{"ASCII", "Signer", "Signer"},
	} {
		require.Equal(t, c.want, decodePDFText([]byte(c.in)), c.name)
	}
}
