package signature_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/vnegov/egov/signature"
)

func ExampleCanonicalize() {
	doc := `<?xml version="1.0"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016" xmlns:unused="urn:x"><Subject lang='vi'>Công văn &amp; phụ lục</Subject><Empty/></edXML>`
	var out strings.Builder
	if err := signature.Canonicalize(&out, strings.NewReader(doc), signature.ExcC14N, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.String())
	// Output:
	// <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><Subject lang="vi">Công văn &amp; phụ lục</Subject><Empty></Empty></edXML>
}

func ExampleVerifyXML() {
	// An edXML package signed by xmlsec1 (see interop/make-xml-fixtures.sh), verified offline against the
	// test root with its CRL.
	rootPEM, _ := os.ReadFile("testdata/xml/interop/root.pem")
	crl, _ := os.ReadFile("testdata/xml/interop/root.crl")
	signerPEM, _ := os.ReadFile("testdata/xml/interop/rsa-signer.pem")
	blk, _ := pem.Decode(rootPEM)
	root, _ := x509.ParseCertificate(blk.Bytes)
	blk, _ = pem.Decode(signerPEM)
	signer, _ := x509.ParseCertificate(blk.Bytes)
	roots, _ := signature.NewTrustStore(signature.Anchor{Name: "interop-root", Certificate: root})

	f, err := os.Open("testdata/xml/interop/edxml-rsa-sha256-exc.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := signature.VerifyXML(context.Background(), f, signature.VerifyOptions{
		Roots: roots, Revocation: signature.Offline, CRLs: [][]byte{crl}, At: signer.NotBefore.AddDate(0, 1, 0),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range rep.Signatures {
		fmt.Println(s.Indication, "whole package signed:", s.Scope.WholeDocument)
	}
	// Output:
	// TOTAL_PASSED whole package signed: true
}
