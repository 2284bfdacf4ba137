package signature_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/vnegov/egov/signature"
)

// ExampleVerifyCMS verifies a detached .p7s made by OpenSSL against its own test root, offline, with the
// CRLs its CA published, at the time the fixtures were made.
func ExampleVerifyCMS() {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/cms/" + name)
		if err != nil {
			log.Fatal(err)
		}
		return b
	}
	anchors, err := signature.ParseAnchorsPEM("interop", read("ca/root.pem"))
	if err != nil {
		log.Fatal(err)
	}
	roots, err := signature.NewTrustStore(anchors...)
	if err != nil {
		log.Fatal(err)
	}
	made, err := time.Parse(time.RFC3339, strings.TrimSpace(string(read("created.txt"))))
	if err != nil {
		log.Fatal(err)
	}
	content, err := os.Open("testdata/cms/content.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer content.Close()

	rep, err := signature.VerifyCMS(context.Background(), read("rsa-detached-sha256.p7s"), content, signature.VerifyOptions{
		Roots:      roots,
		Revocation: signature.Offline,
		CRLs:       [][]byte{read("intermediate.crl"), read("root.crl")},
		At:         made.Add(time.Hour),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Signatures {
		fmt.Println(s.Format, s.ID, s.Indication, s.Signer.Subject)
	}
	// Output:
	// CMS #1 TOTAL_PASSED CN=Nguyễn Văn Interop RSA,O=egov interop,C=VN
}

// ExampleSignCMS signs a document as a detached .p7s with any crypto.Signer (here a software key; a PKCS#11
// token or a remote HSM plugs in the same way) and verifies the result.
func ExampleSignCMS() {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/cms/" + name)
		if err != nil {
			log.Fatal(err)
		}
		return b
	}
	block, _ := pem.Decode(read("rsa.key"))
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	parse := func(name string) *x509.Certificate {
		block, _ := pem.Decode(read(name))
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			log.Fatal(err)
		}
		return c
	}
	chain := []*x509.Certificate{parse("rsa.pem"), parse("ca/intermediate.pem")}
	made, err := time.Parse(time.RFC3339, strings.TrimSpace(string(read("created.txt"))))
	if err != nil {
		log.Fatal(err)
	}
	document := []byte("Quyết định số 01/QĐ-UBND")

	var p7s bytes.Buffer
	err = signature.SignCMS(context.Background(), &p7s, bytes.NewReader(document), key.(crypto.Signer), chain,
		signature.CMSSignOptions{Detached: true, SigningTime: made})
	if err != nil {
		log.Fatal(err)
	}

	roots, err := signature.NewTrustStore(signature.Anchor{Name: "interop", Certificate: parse("ca/root.pem")})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := signature.VerifyCMS(context.Background(), p7s.Bytes(), bytes.NewReader(document), signature.VerifyOptions{
		Roots: roots, Revocation: signature.Offline, CRLs: [][]byte{read("intermediate.crl"), read("root.crl")},
		At: made.Add(time.Hour),
	})
	if err != nil {
		log.Fatal(err)
	}
	s := rep.Signatures[0]
	fmt.Println(s.Indication, s.SigningTime.Equal(made), s.Scope.References)
	// Output:
	// TOTAL_PASSED true [detached content]
}
