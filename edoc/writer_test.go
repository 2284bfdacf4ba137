package edoc

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// fullPackage fills every field of the model.
func fullPackage() *Package {
	p := buildPackage()
	h := &p.Header
	h.From = Organization{OrganID: "000.00.00.G22", OrganizationInCharge: "Chính phủ", OrganName: "Văn phòng Chính phủ",
		OrganAdd: "1 Hoàng Hoa Thám", Email: "vt@example.gov.vn", Telephone: "024", Fax: "025", Website: "https://example.gov.vn"}
	h.To = append(h.To, Organization{OrganID: "000.00.00.G09", OrganName: "Bộ Nội vụ <& \"trích dẫn\">"})
	h.Content = "Nội dung\nhai dòng"
	h.DueDate = time.Date(2024, 5, 20, 0, 0, 0, 0, vntime.Location())
	h.ToPlaces = []string{"Như trên", "Lưu: VT"}
	h.OtherInfo = OtherInfo{Priority: PriorityFlash, SphereOfPromulgation: "Toàn quốc", TyperNotation: "NVM",
		PromulgationAmount: 65535, PageAmount: 12, Direction: true, Appendixes: []string{"Phụ lục I", "Phụ lục II"}}
	h.ResponseFor = []ResponseFor{{OrganID: "000.00.00.G12", Code: "12/BTC-VP", PromulgationDate: time.Date(2024, 4, 1, 0, 0, 0, 0, vntime.Location()), DocumentID: "000.00.00.G12,2024/04/01,12/BTC-VP"}}
	h.SteeringType = 1
	p.Business = &Business{DocType: BusinessUpdate, Reason: "Cập nhật nơi nhận", Paper: 1,
		DocumentInfo: &BusinessDocumentInfo{DocumentInfo: "0", DocumentReceiver: "1", Receivers: []Receiver{{OrganID: "000.00.00.G09", ReceiverType: 2}}},
		Replacements: []ReplacementInfo{{DocumentID: "000.00.00.G22,2024/05/01,200/QĐ-VPCP", OrganIDs: []string{"000.00.00.G12", "000.00.00.G09"}}},
		Staff:        &StaffInfo{Department: "Văn thư", Staff: "Trần Thị B", Mobile: "0900", Email: "b@example.gov.vn"}}
	p.Attachments = append(p.Attachments, Attachment{AttachmentName: "phu-luc.docx", Description: "Phụ lục",
		ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Content: strings.NewReader("PK\x03\x04" + strings.Repeat("x", 1000))})
	return p
}

var ignoreStreams = cmpopts.IgnoreFields(Attachment{}, "Content", "Size", "EncodedSize", "Line")

func TestRoundTrip(t *testing.T) {
	for name, build := range map[string]func() *Package{"minimal": buildPackage, "full": fullPackage} {
		t.Run(name, func(t *testing.T) {
			p := build()
			var contents []string
			for _, a := range p.Attachments {
				b, err := io.ReadAll(a.Content)
				require.NoError(t, err)
				contents = append(contents, string(b))
			}
			for i := range p.Attachments {
				p.Attachments[i].Content = strings.NewReader(contents[i])
			}
			data := writePackage(t, p)
			rd, got, err := readAll(t, bytes.NewReader(data), ReaderOptions{})
			require.NoError(t, err)
			require.Equal(t, contents, got)
			if d := cmp.Diff(p, rd.Package(), ignoreStreams); d != "" {
				t.Fatalf("read(write(p)) != p (-want +got):\n%s", d)
			}
			for i, a := range rd.Package().Attachments {
				require.Equal(t, int64(len(contents[i])), a.Size)
			}
			require.Empty(t, rd.Diagnostics())
			rep, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{At: validationDay})
			require.NoError(t, err)
			require.True(t, rep.Valid(), rep.Diagnostics)
		})
	}
}

func TestWriterDerivedFields(t *testing.T) {
	p := buildPackage()
	data := string(writePackage(t, p))
	require.Equal(t, "000.00.00.G22,2024/05/10,231/QĐ-VPCP", p.Header.DocumentID)
	require.Equal(t, p.Header.DocumentID, p.Business.DocumentID)
	require.True(t, strings.HasPrefix(p.Attachments[0].ContentID, "cid:"))
	require.Equal(t, p.Attachments[0].ContentID, p.Manifest.References[0].ContentID)
	require.Contains(t, data, `<edXML xmlns="`+NamespaceEdXML+`">`)
	require.Contains(t, data, `<edXML:edXMLEnvelope xmlns:edXML="`+NamespaceEdXML+`">`)
	require.Contains(t, data, `<edXML:ContentTransferEncoded xmlns:edXML="`+NamespaceEdXML+`">`)
	require.Contains(t, data, "<edXML:PromulgationDate>2024/05/10</edXML:PromulgationDate>")
	require.Contains(t, data, "<edXML:Timestamp>2024/05/10 15:04:05</edXML:Timestamp>")
	require.Contains(t, data, `xlink:href="`+p.Attachments[0].ContentID+`"`)

	// Timestamps are written in Vietnam time whatever the zone of the value.
	p = buildPackage()
	p.Traces[0].Timestamp = time.Date(2024, 5, 10, 8, 4, 5, 0, time.UTC)
	require.Contains(t, string(writePackage(t, p)), "<edXML:Timestamp>2024/05/10 15:04:05</edXML:Timestamp>")
}

func TestWriterLongLines(t *testing.T) {
	p := buildPackage()
	payload := strings.Repeat("0123456789", 100)
	p.Attachments[0].Content = strings.NewReader(payload)
	data := writePackage(t, p)
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "<") {
			require.LessOrEqual(t, len(line), 76)
		}
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("source gone") }

func TestWriterErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Package)
		want   string
	}{
		{"control character", func(p *Package) { p.Header.Subject = "a\x01b" }, "control character"},
		{"invalid utf-8", func(p *Package) { p.Header.Subject = "a\xffb" }, "UTF-8"},
		{"duplicate content id", func(p *Package) {
			p.Attachments = append(p.Attachments, p.Attachments[0])
			p.Attachments[0].ContentID, p.Attachments[1].ContentID = "cid:x", "cid:x"
		}, "used twice"},
		{"manifest disagrees", func(p *Package) {
			p.Attachments[0].ContentID = "cid:a"
			p.Manifest.References = []Reference{{ContentID: "cid:b"}}
		}, "manifest reference"},
		{"source fails", func(p *Package) { p.Attachments[0].Content = errReader{} }, "source gone"},
		{"no content", func(p *Package) { p.Attachments[0].Content = nil }, "no Content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := buildPackage()
			tt.change(p)
			err := Write(io.Discard, p)
			require.ErrorContains(t, err, tt.want)
			require.True(t, strings.HasPrefix(err.Error(), "edoc: "), err.Error())
		})
	}
	w := NewWriter(io.Discard)
	require.Error(t, w.WriteAttachment(strings.NewReader("x")))
	require.Error(t, w.Close())
	p := buildPackage()
	w = NewWriter(io.Discard)
	require.NoError(t, w.WriteHeader(p))
	require.ErrorContains(t, w.Close(), "1 attachments declared, 0 written")
}

func TestStatusRoundTrip(t *testing.T) {
	doc := buildPackage()
	require.NoError(t, Complete(doc))
	at := time.Date(2024, 5, 10, 9, 30, 0, 0, time.UTC)
	for _, code := range []StatusCode{StatusReceived, StatusRejected, StatusAccepted, StatusAssigned, StatusProcessing, StatusDone, StatusRecalled, StatusAgreed, StatusRefused} {
		t.Run(code.Code(), func(t *testing.T) {
			sp := NewStatus(&doc.Header, doc.Header.To[0], code, at, "Lý do: "+code.StringVI())
			sp.Staff = StaffInfo{Department: "Văn thư", Staff: "Lê C"}
			var buf bytes.Buffer
			require.NoError(t, WriteStatus(&buf, sp))
			require.Contains(t, buf.String(), "<edXML:StatusCode>"+code.Code()+"</edXML:StatusCode>")
			require.Contains(t, buf.String(), "<edXML:Timestamp>2024/05/10 16:30:00</edXML:Timestamp>")
			got, err := ReadStatus(bytes.NewReader(buf.Bytes()), ReaderOptions{})
			require.NoError(t, err)
			if d := cmp.Diff(sp, got); d != "" {
				t.Fatalf("status round trip (-want +got):\n%s", d)
			}
			require.Equal(t, doc.Header.DocumentID, got.ResponseFor.DocumentID)
			require.Equal(t, "231/QĐ-VPCP", got.ResponseFor.Code)
			rep, err := Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: validationDay})
			require.NoError(t, err)
			require.True(t, rep.Valid(), rep.Diagnostics)
		})
	}
}
