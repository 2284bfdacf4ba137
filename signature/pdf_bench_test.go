package signature

import (
	"bytes"
	"context"
	"testing"

	"github.com/vnegov/egov/signature/sigtest"
)

func BenchmarkVerifyPDFSmall(b *testing.B) {
	p := sigtest.NewPKI(b)
	signed := signPDFForTest(b, testPDF("x", false), p.Valid, PDFSignOptions{SigningTime: p.Now})
	opts := cmsTestOptions(b, p)
	opts.Cache = NewRevocationCache()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := VerifyPDF(context.Background(), bytes.NewReader(signed), int64(len(signed)), opts); err != nil {
			b.Fatal(err)
		}
	}
}
