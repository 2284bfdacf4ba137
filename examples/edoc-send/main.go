// Command edoc-send builds the edXML package with which an agency sends a document on the national
// document-exchange axis: the header of a công văn (sender, receiver, number and notation, date, subject, signer),
// a trace header, and the signed PDF as attachment, streamed through base64 so that a large PDF needs no memory.
// The package is validated before it is written, the way a sending system should.
//
//	go run ./examples/edoc-send -pdf congvan.pdf -o congvan.edxml
//	go run ./examples/edoc-send -o congvan.edxml          (uses a tiny built-in PDF)
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/vntime"
)

// minimalPDF stands in for a real document when -pdf is not given.
const minimalPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func main() {
	pdf := flag.String("pdf", "", "the PDF to send (default: a tiny built-in PDF)")
	out := flag.String("o", "congvan.edxml", "the package to write")
	flag.Parse()
	if err := run(*pdf, *out, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "edoc-send:", err)
		os.Exit(1)
	}
}

func run(pdfPath, outPath string, now time.Time) error {
	var content io.Reader = strings.NewReader(minimalPDF)
	name := "congvan.pdf"
	if pdfPath != "" {
		f, err := os.Open(pdfPath)
		if err != nil {
			return err
		}
		defer f.Close()
		content, name = f, pdfPath[strings.LastIndexAny(pdfPath, `/\`)+1:]
	}
	today := now.In(vntime.Location())
	date := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, vntime.Location())
	p := &edoc.Package{
		Header: edoc.MessageHeader{
			From: edoc.Organization{OrganID: "000.00.00.G22", OrganName: "Văn phòng Chính phủ", Email: "vanthu@example.gov.vn"},
			To:   []edoc.Organization{{OrganID: "000.00.00.G12", OrganName: "Bộ Tài chính"}},
			// A công văn: number, then the issuer and the drafting unit, no type abbreviation (NĐ 30/2020).
			Code:             edoc.Code{CodeNumber: "6957", CodeNotation: "VPCP-TTĐT"},
			PromulgationInfo: edoc.PromulgationInfo{Place: "Hà Nội", PromulgationDate: date},
			DocumentType:     edoc.DocumentType{Type: 1, TypeName: "Công văn"},
			Subject:          "V/v gửi văn bản điện tử qua Trục liên thông văn bản quốc gia",
			SignerInfo:       edoc.SignerInfo{Competence: "KT. BỘ TRƯỞNG, CHỦ NHIỆM", Position: "PHÓ CHỦ NHIỆM", FullName: "Nguyễn Văn A"},
			OtherInfo:        edoc.OtherInfo{Priority: edoc.PriorityNormal, PageAmount: 1, PromulgationAmount: 1},
		},
		Traces:      []edoc.TraceHeader{{OrganID: "000.00.00.G22", Timestamp: now.Truncate(time.Second)}},
		Business:    &edoc.Business{DocType: edoc.BusinessNew},
		Attachments: []edoc.Attachment{{AttachmentName: name, ContentType: "application/pdf", Content: content}},
	}
	f, err := os.Create(outPath)
	if err != nil {
		return err
	}
	if err := edoc.Write(f, p); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// Check what we send, as the receiver will.
	in, err := os.Open(outPath)
	if err != nil {
		return err
	}
	defer in.Close()
	rep, err := edoc.Validate(context.Background(), in, edoc.ValidateOptions{At: now})
	if err != nil {
		return err
	}
	var notes bytes.Buffer
	for _, d := range rep.Diagnostics {
		fmt.Fprintln(&notes, " ", d)
	}
	fmt.Printf("%s: %s, valid=%v\n%s", outPath, p.Header.DocumentID, rep.Valid(), notes.String())
	if !rep.Valid() {
		return fmt.Errorf("the package is not valid")
	}
	return nil
}
