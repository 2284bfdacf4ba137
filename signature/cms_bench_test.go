package signature

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"github.com/vnegov/egov/signature/sigtest"
)

// BenchmarkVerifyCMSDetached measures VerifyCMS on a detached signature over 10 KB, online with a shared
// revocation cache warmed by a first verification (the OCSP responses and CRLs of the chain are then served
// from the cache until their nextUpdate): the target is ≥ 5,000 verifications per second per core.
func BenchmarkVerifyCMSDetached(b *testing.B) {
	p := sigtest.NewPKI(b)
	content := bytes.Repeat([]byte("Văn bản điện tử 0123456789\n"), 10<<10/28)
	store, err := NewTrustStore(Anchor{Name: "sigtest", Certificate: p.Root.Cert})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		leaf *sigtest.Leaf
		mode RevocationMode
	}{
		{"RSA2048/ocsp", p.Valid, PreferOCSP},
		{"RSA2048/crl", p.Valid, PreferCRL},
		{"ECDSAP256/ocsp", p.ValidECDSA, PreferOCSP},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sig := signCMSForTest(b, content, bc.leaf, CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-time.Minute)})
			opts := VerifyOptions{Roots: store, Revocation: bc.mode, Online: true, At: p.Now,
				HTTPClient: &http.Client{Timeout: 10 * time.Second}, Cache: NewRevocationCache()}
			ctx := context.Background()
			rep, err := VerifyCMS(ctx, sig, bytes.NewReader(content), opts) // warms the cache
			if err != nil || rep.Indication() != TotalPassed {
				b.Fatalf("warm-up: %v %+v", err, rep)
			}
			fetches := opts.Cache.Fetches()
			b.SetBytes(int64(len(content)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				rep, err := VerifyCMS(ctx, sig, bytes.NewReader(content), opts)
				if err != nil || rep.Signatures[0].Indication != TotalPassed {
					b.Fatalf("%v %+v", err, rep)
				}
			}
			b.StopTimer()
			if opts.Cache.Fetches() != fetches {
				b.Fatalf("the cache was not warm: %d fetches after warm-up", opts.Cache.Fetches()-fetches)
			}
		})
	}
	// Reference point: github.com/smallstep/pkcs7 checking only the signature value and messageDigest of the
	// same kind of signature (no chain, no revocation, no policy), measured in the same run.
	b.Run("peer-smallstep-pkcs7-signature-only/RSA2048", func(b *testing.B) {
		sig := signCMSForTest(b, content, p.Valid, CMSSignOptions{Detached: true, SigningTime: p.Now.Add(-time.Minute)})
		b.SetBytes(int64(len(content)))
		b.ReportAllocs()
		for b.Loop() {
			p7, err := pkcs7.Parse(sig)
			if err != nil {
				b.Fatal(err)
			}
			p7.Content = content
			if err := p7.Verify(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
