package signature

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzVerifyXML feeds arbitrary documents to the XML-DSig parser and verifier: it must never panic, and a
// document it cannot parse must give a FORMAT_FAILURE verdict or an error, never a pass.
func FuzzVerifyXML(f *testing.F) {
	files, _ := filepath.Glob("testdata/xml/interop/*.xml")
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
