package lgsptest

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/vnegov/egov/edoc"
)

// Letter builds a small valid edXML package: công văn number n of the agency from to the agencies to, dated
// date, with one short text attachment. Tests send thousands of them; every n gives different bytes.
func Letter(from string, to []string, n int, date time.Time) []byte {
	date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, ict)
	p := &edoc.Package{Header: edoc.MessageHeader{
		From:             edoc.Organization{OrganID: from, OrganName: "Cơ quan " + from},
		Code:             edoc.Code{CodeNumber: strconv.Itoa(n), CodeNotation: "UBND-VP"},
		PromulgationInfo: edoc.PromulgationInfo{Place: "Hà Nội", PromulgationDate: date},
		DocumentType:     edoc.DocumentType{Type: 1, TypeName: "Công văn"},
		Subject:          fmt.Sprintf("V/v thử nghiệm trao đổi văn bản số %d", n),
		SignerInfo:       edoc.SignerInfo{Competence: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", FullName: "Nguyễn Văn A"},
	}}
	p.Traces = []edoc.TraceHeader{{OrganID: from, Timestamp: date.Add(8 * time.Hour)}}
	p.Business = &edoc.Business{DocType: 0}
	for _, o := range to {
		p.Header.To = append(p.Header.To, edoc.Organization{OrganID: o, OrganName: "Cơ quan " + o})
	}
	p.Attachments = []edoc.Attachment{{AttachmentName: "congvan.txt", ContentType: "text/plain",
		Content: bytes.NewReader([]byte(fmt.Sprintf("Nội dung công văn số %d.\n", n)))}}
	var buf bytes.Buffer
	if err := edoc.Write(&buf, p); err != nil {
		panic(err) // the package above is always writable
	}
	return buf.Bytes()
}

// StatusFor builds the status package with which the agency from answers the document package pkg with code
// (01 đã đến … 16), at time at. It panics when pkg is not a readable package (test input).
func StatusFor(pkg []byte, from string, code int, at time.Time) *edoc.StatusPackage {
	rd, err := edoc.NewReader(bytes.NewReader(pkg), edoc.ReaderOptions{})
	if err != nil {
		panic(err)
	}
	h := rd.Package().Header
	return edoc.NewStatus(&h, edoc.Organization{OrganID: from, OrganName: "Cơ quan " + from}, edoc.StatusCode(code), at, "")
}
