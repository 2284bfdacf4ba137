package signature

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vnegov/egov/vntime"
)

// FuzzVerifyXML feeds arbitrary documents to the XML-DSig parser and verifier: it must never panic, and a
// document it cannot parse must give a FORMAT_FAILURE verdict or an error, never a pass.
func FuzzVerifyXML(f *testing.F) {
	files, _ := filepath.Glob("testdata/xml/interop/*.xml")
	producers, _ := filepath.Glob("testdata/xml/producers/*.xml") // interop/producers.sh
	files = append(files, producers...)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<a><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature></a>`))
	f.Add([]byte(`<a Id="x"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#x"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#base64"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AQAB</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo></ds:Signature></a>`))
	opts := VerifyOptions{Revocation: Offline, At: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), MaxSize: 1 << 20}
	f.Fuzz(func(t *testing.T, doc []byte) {
		rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), opts)
		if err != nil {
			return
		}
		for _, s := range rep.Signatures {
			if s.Indication == TotalPassed && len(s.Scope.References) == 0 {
				t.Fatalf("a signature passed without signing anything")
			}
		}
	})
}

// FuzzParseCertificate checks the tolerant certificate parser: it never panics, agrees with crypto/x509
// whenever crypto/x509 accepts the input, and otherwise accepts only a negative serial, keeping the input's
// bytes as Raw.
func FuzzParseCertificate(f *testing.F) {
	for _, p := range []string{"testdata/xml/producers/negative-serial.pem", "testdata/xml/producers/signer.pem"} {
		if b, err := os.ReadFile(p); err == nil {
			if certs, err := ParseCertificatesPEM(b); err == nil {
				f.Add(certs[0].Raw)
			}
		}
	}
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0xff})
	f.Fuzz(func(t *testing.T, der []byte) {
		c, err := parseCertificate(der)
		std, stdErr := x509.ParseCertificate(der)
		switch {
		case stdErr == nil && (err != nil || !bytes.Equal(c.Raw, std.Raw) || c.SerialNumber.Cmp(std.SerialNumber) != 0):
			t.Fatalf("differs from crypto/x509 on an input it accepts: %v", err)
		case stdErr != nil && err == nil && (c.SerialNumber.Sign() >= 0 || !bytes.HasPrefix(der, c.Raw) ||
			!bytes.Contains(c.Raw, c.RawTBSCertificate)):
			t.Fatalf("accepted an input crypto/x509 refuses (%v) without a negative serial or with other bytes", stdErr)
		}
	})
}

// FuzzParseXSDateTime checks the xs:dateTime reader never panics and that a time it reads round-trips.
func FuzzParseXSDateTime(f *testing.F) {
	for _, s := range []string{"2025-10-10T01:09:49", "2025-10-10T01:09:49.5Z", "2025-10-10T08:09:49+07:00", "2025-13-01T00:00:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, zoneless, ok := parseXSDateTime(s)
		if !ok {
			return
		}
		if zoneless && tm.Location() != vntime.Location() {
			t.Fatalf("zone-less %q not read in Vietnam time: %v", s, tm)
		}
		if back, _, ok := parseXSDateTime(tm.Format(time.RFC3339Nano)); !ok || !back.Equal(tm) {
			t.Fatalf("%q read as %v does not round-trip", s, tm)
		}
	})
}
