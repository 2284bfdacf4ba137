package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vnegov/egov/signature/sigtest"
)

// FuzzVerifyCMSEvidence feeds arbitrary bytes to the CMS parser and the per-SignerInfo checks: they must
// never panic, whatever the input. The seed corpus holds the OpenSSL fixtures and egov's own signatures
// (with a time-stamp token), whole and truncated.
func FuzzVerifyCMSEvidence(f *testing.F) {
	// Seeds must be the same in every fuzzing process, so they are made deterministically: the OpenSSL
	// fixtures and egov signatures made with the fixture RSA key (PKCS#1 v1.5 is deterministic) at a fixed time.
	for _, seed := range deterministicCMSSeeds(f) {
		f.Add(seed)
	}
	files, _ := filepath.Glob(filepath.Join(cmsFixtures, "*.p7[sm]"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{})
	f.Add([]byte("-----BEGIN PKCS7-----\n-----END PKCS7-----\n"))
	opts := fixtureOptions(f)
	opts.MaxSize = 1 << 20
	content := readCMSFixture(f, "content.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		evs, err := opts.cmsEvidence(ctx, data, bytes.NewReader(content))
		if err != nil {
			// Misuse errors only: the signature carried its content, or exceeded the limit.
			evs, err = opts.cmsEvidence(ctx, data, nil)
		}
		if err == nil && len(evs) == 0 {
			t.Fatal("no evidence and no error")
		}
	})
}

// FuzzParseTimestampResponse checks that the RFC 3161 response and token parsers never panic.
func FuzzParseTimestampResponse(f *testing.F) {
	tsa := fixtureTSA(f)
	sum := sha256.Sum256([]byte("x"))
	tok, err := tsa.Token(crypto.SHA256, sum[:], nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(timestampResp(f, 0, tok))
	f.Add(timestampResp(f, 2, nil))
	f.Add(tok)
	f.Add([]byte{0x30, 0x03, 0x30, 0x01, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if tok, err := ParseTimestampResponse(data); err == nil && tok == nil {
			t.Fatal("nil token without error")
		}
		if tok, err := ParseTimestampToken(data); err == nil && tok.Info.SerialNumber == nil {
			t.Fatal("token without serial number")
		}
	})
}

// fixtureSigner returns the OpenSSL fixture RSA signer with its chain.
func fixtureSigner(t testing.TB) (crypto.Signer, []*x509.Certificate) {
	t.Helper()
	block, _ := pem.Decode(readCMSFixture(t, "rsa.key"))
	if block == nil {
		t.Fatal("rsa.key: no PEM")
		return nil, nil
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		t.Fatalf("rsa.key: %T is not a signer", key)
	}
	return signer, []*x509.Certificate{fixtureCert(t, "rsa.pem"), fixtureCert(t, "ca/intermediate.pem")}
}

// fixtureTSA is a time-stamping authority with the fixture RSA key and a fixed clock: its tokens are the
// same bytes in every run (its certificate lacks id-kp-timeStamping, which the verifier reports).
func fixtureTSA(t testing.TB) *sigtest.TSA {
	key, chain := fixtureSigner(t)
	tsa := &sigtest.TSA{Cert: chain[0], Key: key, Chain: chain, Policy: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 2}}
	tsa.SetTime(fixtureCreated(t))
	return tsa
}

// deterministicCMSSeeds returns egov signatures that are byte-identical in every run: attached, detached,
// PEM, and one with a signature time-stamp token.
func deterministicCMSSeeds(t testing.TB) [][]byte {
	t.Helper()
	key, chain := fixtureSigner(t)
	content := readCMSFixture(t, "content.txt")
	at := fixtureCreated(t)
	var seeds [][]byte
	for _, opts := range []CMSSignOptions{{SigningTime: at}, {Detached: true, SigningTime: at}, {PEM: true, SigningTime: at}} {
		var out bytes.Buffer
		if err := SignCMS(context.Background(), &out, bytes.NewReader(content), key, chain, opts); err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, out.Bytes())
	}
	sd, err := parseContentInfoSignedData(seeds[1])
	if err != nil {
		t.Fatal(err)
	}
	s := sd.Signers[0]
	imprint := sha256.Sum256(s.Signature)
	tok, err := fixtureTSA(t).Token(crypto.SHA256, imprint[:], nil)
	if err != nil {
		t.Fatal(err)
	}
	attr, err := marshalAttribute(oidAttrTimeStampToken, tok)
	if err != nil {
		t.Fatal(err)
	}
	stamped, err := marshalSignedData(crypto.SHA256, s.SigAlg, nil, true, chain, s.SignedAttrsRaw, s.Signature, [][]byte{attr})
	if err != nil {
		t.Fatal(err)
	}
	return append(seeds, stamped, tok)
}
