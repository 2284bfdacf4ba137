package signature

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// fuzzLimits keep every fuzz execution small: a parser that respects its limits cannot allocate much.
var fuzzLimits = PDFLimits{MaxObjects: 2000, MaxRevisions: 32, MaxDepth: 32, MaxObjectSize: 1 << 16, MaxStreamSize: 1 << 16, MaxSignatures: 16}

// exercisePDF runs every part of the structure reader over data; errors are expected, panics are not.
func exercisePDF(data []byte) {
	f, err := openPDF(bytes.NewReader(data), int64(len(data)), fuzzLimits)
	if err != nil {
		return
	}
	if sigs, err := f.findSignatures(); err == nil {
		for _, s := range sigs {
			if s.Err == nil {
				f.signedRevision(s)
			}
		}
	}
	for rev := 2; rev <= len(f.Revisions); rev++ {
		_, _ = f.revisionChanges(rev)
	}
}

// FuzzPDFStructure fuzzes the revision reader: xref tables, xref streams, object streams, trailers, /Prev.
func FuzzPDFStructure(f *testing.F) {
	f.Add(testPDF("a", false))
	f.Add(testPDF("a", true))
	f.Add(appendUpdate(f, testPDF("a", false), map[int]string{4: "<< /Length 2 >>\nstream\nab\nendstream", 6: "<< /Type /Annot /Subtype /Text >>"}))
	f.Add([]byte("%PDF-1.4\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 1 /Prev 9 >>\nstartxref\n9\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercisePDF(data)
	})
}

// FuzzPDFObject fuzzes the object parser: nested arrays and dictionaries, strings, names, references.
func FuzzPDFObject(f *testing.F) {
	for _, s := range []string{"<< /A [1 2 0 R (x\\)y) <4142> /N#20m] /B << /C true >> >>", "[[[[[[[[[[]]]]]]]]]]",
		"(a(b)c\\\n\\101)", "<<>>", "1 0 obj << /Length 3 >> stream\nabc\nendstream endobj", "-1.5e3", strings.Repeat("<<", 100)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &pdfParser{s: newPDFScanner(bytes.NewReader(data), int64(len(data)), 0), lim: fuzzLimits.withDefaults(), budget: 1 << 16}
		v, err := p.parseValue(0)
		if err == nil {
			var b bytes.Buffer
			if writePDFObject(&b, v) == nil {
				// What is written reads back as the same object.
				q := &pdfParser{s: newPDFScanner(bytes.NewReader(b.Bytes()), int64(b.Len()), 0), lim: fuzzLimits.withDefaults(), budget: 1 << 16}
				w, err := q.parseValue(0)
				if err != nil || !pdfEqual(v, w) {
					t.Fatalf("round trip of %q: %q gives %v, %v", data, b.Bytes(), w, err)
				}
			}
		}
		p = &pdfParser{s: newPDFScanner(bytes.NewReader(data), int64(len(data)), 0), lim: fuzzLimits.withDefaults()}
		_, _ = p.parseIndirect(0, pdfRef{}, func(pdfRef) (int64, error) { return 3, nil })
	})
}

// FuzzPDFStreamDecode fuzzes the stream filters and predictors.
func FuzzPDFStreamDecode(f *testing.F) {
	f.Add(deflate([]byte{2, 1, 2, 3, 2, 1, 1, 1}), int64(12), int64(3), []byte("FlateDecode"))
	f.Add([]byte("41 42 4>"), int64(0), int64(1), []byte("ASCIIHexDecode"))
	f.Add(deflate([]byte{1, 2, 3, 4}), int64(2), int64(2), []byte("FlateDecode"))
	f.Fuzz(func(t *testing.T, data []byte, predictor, columns int64, filter []byte) {
		st := &pdfStream{Dict: pdfDict{"Filter": pdfName(filter), "DecodeParms": pdfDict{"Predictor": predictor, "Columns": columns}}, Length: int64(len(data))}
		pf := &pdfFile{r: bytes.NewReader(data), size: int64(len(data)), lim: fuzzLimits.withDefaults()}
		out, err := pf.decodeStream(st)
		if err == nil && int64(len(out)) > fuzzLimits.MaxStreamSize*2 {
			t.Fatalf("decoded %d bytes past the limit", len(out))
		}
	})
}

// FuzzPDFByteRange fuzzes the /ByteRange of a signed PDF: any value gives a verdict, never a panic, and
// never TOTAL_PASSED unless it is the original one.
func FuzzPDFByteRange(f *testing.F) {
	p := sigtest.NewPKI(f)
	signed := signPDFForTest(f, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now, Reserve: 4096})
	br := byteRangeOf(f, signed)
	orig := fmt.Sprintf("[0 %d %d %d]", br[1], br[2], br[3])
	opts := cmsTestOptions(f, p)
	opts.PDF.Limits = fuzzLimits
	opts.Cache = NewRevocationCache() // parse the supplied CRLs once
	f.Add(orig)
	f.Add(fmt.Sprintf("[0 %d %d %d]", br[1], br[2], br[3]+1))
	f.Add("[-1 0 0 0]")
	f.Add("[0 99999999999999999999 1 1]")
	f.Add("[0 1 2 3 4 5]")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 36 || strings.ContainsAny(s, "/>") {
			return
		}
		pdf := rewriteByteRange(t, signed, s)
		rep, err := VerifyPDF(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), opts)
		if err != nil {
			return // the rewrite may break the structure itself (e.g. an unbalanced bracket)
		}
		for _, sig := range rep.Signatures {
			got := fmt.Sprint(sig.PDF.ByteRange)
			want := fmt.Sprint([]int64{0, br[1], br[2], br[3]})
			if sig.Indication == TotalPassed && got != want {
				t.Fatalf("ByteRange %q passed", s)
			}
		}
	})
}

func TestPDFDecompressionBomb(t *testing.T) {
	bomb := deflate(make([]byte, 8<<20))
	pf := &pdfFile{r: bytes.NewReader(bomb), size: int64(len(bomb)), lim: PDFLimits{MaxStreamSize: 1 << 20}.withDefaults()}
	_, err := pf.decodeStream(&pdfStream{Dict: pdfDict{"Filter": pdfName("FlateDecode")}, Length: int64(len(bomb))})
	require.ErrorContains(t, err, "MaxStreamSize")
}

func TestPDFDeepNesting(t *testing.T) {
	data := []byte(strings.Repeat("[", 10000))
	p := &pdfParser{s: newPDFScanner(bytes.NewReader(data), int64(len(data)), 0), lim: PDFLimits{}.withDefaults(), budget: 1 << 20}
	_, err := p.parseValue(0)
	require.ErrorContains(t, err, "nesting deeper")
}
