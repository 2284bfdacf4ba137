package signature_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/vnegov/egov/signature"
)

// ExampleVerifyPDF verifies an official document signed by the person with authority and then by the agency
// (two pdfsig signatures in two incremental updates), offline, at the time the fixtures were made, and
// prints each signature with its coverage and the NĐ 30/2020 reading.
func ExampleVerifyPDF() {
	read := func(name string) []byte {
		b, err := os.ReadFile("testdata/pdf/" + name)
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
	f, err := os.Open("testdata/pdf/signer-agency.pdf")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		log.Fatal(err)
	}
	rep, err := signature.VerifyPDF(context.Background(), f, st.Size(), signature.VerifyOptions{
		Roots: roots, Revocation: signature.Offline, CRLs: [][]byte{read("ca/root.crl")}, At: made.Add(time.Hour),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Signatures {
		fmt.Println(s.ID, s.Indication, s.PDF.Role, "revision", s.PDF.Revision, "whole document:", *s.CoversWholeDocument)
		for _, r := range s.LaterRevisions {
			fmt.Println("  later revision", r.Revision, "allowed:", r.Allowed)
		}
	}
	fmt.Println("NĐ 30/2020 complete:", rep.PDF.ND30.Complete)
	// Output:
	// Signer TOTAL_PASSED signer revision 2 whole document: false
	//   later revision 3 allowed: true
	// Agency TOTAL_PASSED agency revision 3 whole document: true
	// NĐ 30/2020 complete: true
}
