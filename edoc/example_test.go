package edoc_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/vntime"
)

func ExampleValidate() {
	rep, err := edoc.Validate(context.Background(), bytes.NewReader(edoc.SamplePackage()), edoc.ValidateOptions{
		Profile: edoc.Interop,
		At:      time.Date(2024, 6, 1, 0, 0, 0, 0, vntime.Location()),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("valid:", rep.Valid())
	for _, d := range rep.Diagnostics {
		fmt.Println(d.Code, d.Severity, d.MessageVI)
	}
	// Output:
	// valid: true
	// EDOC-G001 info gói tin không có chữ ký số XML
}

func ExampleNewReader() {
	rd, err := edoc.NewReader(bytes.NewReader(edoc.SamplePackage()), edoc.ReaderOptions{})
	if err != nil {
		panic(err)
	}
	h := rd.Package().Header
	fmt.Println(h.From.OrganName, "→", len(h.To), "receivers:", h.Code)
	for {
		a, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		n, _ := io.Copy(io.Discard, a.Content) // streamed, decoded on the fly
		fmt.Println(a.AttachmentName, a.ContentType, n, "bytes")
	}
	// Output:
	// Văn phòng Chính phủ → 2 receivers: 7816/VPCP-TTĐT
	// 7816-VPCP-TTDT.pdf application/pdf 195 bytes
}

func ExampleWrite() {
	p := &edoc.Package{
		Header: edoc.MessageHeader{
			From:             edoc.Organization{OrganID: "000.00.00.G22", OrganName: "Văn phòng Chính phủ"},
			To:               []edoc.Organization{{OrganID: "000.00.00.G12", OrganName: "Bộ Tài chính"}},
			Code:             edoc.Code{CodeNumber: "231", CodeNotation: "QĐ-VPCP"},
			PromulgationInfo: edoc.PromulgationInfo{Place: "Hà Nội", PromulgationDate: time.Date(2024, 5, 10, 0, 0, 0, 0, vntime.Location())},
			DocumentType:     edoc.DocumentType{Type: 1, TypeName: "Quyết định"},
			Subject:          "Về việc thử nghiệm",
		},
		Traces:      []edoc.TraceHeader{{OrganID: "000.00.00.G22", Timestamp: time.Date(2024, 5, 10, 15, 0, 0, 0, vntime.Location())}},
		Attachments: []edoc.Attachment{{AttachmentName: "231.pdf", ContentType: "application/pdf", Content: strings.NewReader("%PDF-1.7 …")}},
	}
	var out bytes.Buffer
	if err := edoc.Write(&out, p); err != nil {
		panic(err)
	}
	fmt.Println(p.Header.DocumentID)
	fmt.Println(strings.HasPrefix(p.Attachments[0].ContentID, "cid:"), p.Manifest.References[0].ContentID == p.Attachments[0].ContentID)
	// Output:
	// 000.00.00.G22,2024/05/10,231/QĐ-VPCP
	// true true
}

func ExampleNewStatus() {
	doc, err := edoc.ReadHeader(bytes.NewReader(edoc.SamplePackage()), edoc.ReaderOptions{})
	if err != nil {
		panic(err)
	}
	at := time.Date(2024, 5, 10, 16, 20, 0, 0, vntime.Location())
	sp := edoc.NewStatus(&doc.Header, doc.Header.To[0], edoc.StatusAccepted, at, "Đã tiếp nhận")
	var out bytes.Buffer
	if err := edoc.WriteStatus(&out, sp); err != nil {
		panic(err)
	}
	back, err := edoc.ReadStatus(&out, edoc.ReaderOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(back.Code.Code(), back.Code.StringVI(), back.ResponseFor.DocumentID)
	// Output:
	// 03 đã tiếp nhận 000.00.00.G22,2024/05/10,7816/VPCP-TTĐT
}
