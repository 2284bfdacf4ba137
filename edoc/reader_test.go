package edoc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

var samplePDF = "%PDF-1.4\n% egov sample attachment, written for the edoc tests\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

// readAll reads a package and the contents of its attachments.
func readAll(t testing.TB, r io.Reader, opts ReaderOptions) (*Reader, []string, error) {
	t.Helper()
	rd, err := NewReader(r, opts)
	if err != nil {
		return nil, nil, err
	}
	var contents []string
	for {
		a, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd, contents, nil
		}
		if err != nil {
			return rd, contents, err
		}
		b, err := io.ReadAll(a.Content)
		if err != nil {
			return rd, contents, err
		}
		contents = append(contents, string(b))
	}
}

func TestReaderSample(t *testing.T) {
	rd, contents, err := readAll(t, bytes.NewReader(SamplePackage()), ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, KindDocument, rd.Kind())
	p := rd.Package()
	h := p.Header
	require.Equal(t, "000.00.00.G22", h.From.OrganID)
	require.Len(t, h.To, 2)
	require.Equal(t, "Bộ Nội vụ", h.To[1].OrganName)
	require.Equal(t, Code{CodeNumber: "7816", CodeNotation: "VPCP-TTĐT"}, h.Code)
	require.True(t, h.PromulgationInfo.PromulgationDate.Equal(time.Date(2024, 5, 10, 0, 0, 0, 0, vntime.Location())))
	require.Equal(t, "Công văn", h.DocumentType.TypeName)
	require.Equal(t, []string{"Như trên", "Lưu: VT, TTĐT"}, h.ToPlaces)
	require.Equal(t, uint16(5), h.OtherInfo.PromulgationAmount)
	require.Equal(t, BusinessNew, p.Business.DocType)
	require.Equal(t, "Trần Thị Văn Thư", p.Business.Staff.Staff)
	require.Len(t, p.Traces, 1)
	require.Equal(t, "2024/05/10 15:04:05", FormatTimestamp(p.Traces[0].Timestamp))
	require.Equal(t, "1.0", p.Manifest.Version)
	require.Len(t, p.Manifest.References, 1)
	require.Equal(t, []string{samplePDF}, contents)
	require.Len(t, p.Attachments, 1)
	require.Equal(t, int64(len(samplePDF)), p.Attachments[0].Size)
	require.Equal(t, "application/pdf", p.Attachments[0].ContentType)
	require.Empty(t, rd.Diagnostics())
}

func TestReaderQuirks(t *testing.T) {
	data, err := os.ReadFile("testdata/packages/quirks.edxml")
	require.NoError(t, err)
	rd, contents, err := readAll(t, bytes.NewReader(data), ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{samplePDF}, contents, "indented CRLF base64")
	p := rd.Package()
	require.Equal(t, "1092", p.Header.Code.CodeNumber, "unprefixed elements in the default namespace")
	require.Equal(t, "000.00.00.H29,2024/03/15,1092/QĐ-UBND", p.Header.DocumentID, "DocumentId after Code")
	require.Equal(t, []string{"Văn phòng Chính phủ"}, p.Header.ToPlaces, "OtherInfo before ToPlaces")
	require.Empty(t, p.Header.ResponseFor, "empty ResponseFor ignored")
	require.Len(t, p.Signatures, 1)
	s := p.Signatures[0]
	require.Equal(t, NamespaceEdXML, s.Namespace)
	require.Equal(t, AlgRSASHA1, s.SignatureMethod)
	require.Equal(t, []string{AlgSHA1}, s.DigestMethods)
	require.Contains(t, s.Transforms, AlgExcC14NAlias)
	require.True(t, s.CoversPackage())
	codes := []string{}
	for _, d := range rd.Diagnostics() {
		codes = append(codes, d.Code)
	}
	require.Equal(t, []string{ruleUndeclaredPrefix.Code}, codes)
}

func TestReaderUndeclaredPrefix(t *testing.T) {
	data, err := os.ReadFile("testdata/packages/undeclared-prefix.edxml")
	require.NoError(t, err)
	rd, contents, err := readAll(t, bytes.NewReader(data), ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{samplePDF}, contents)
	require.Len(t, rd.Diagnostics(), 1)
	require.Equal(t, ruleUndeclaredPrefix.Code, rd.Diagnostics()[0].Code)
}

func TestReaderDSigSignatureAtRoot(t *testing.T) {
	sig := `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>` +
		`<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
		`<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
		`<Reference URI=""><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue>AA==</DigestValue></Reference>` +
		`</SignedInfo><SignatureValue>AA==</SignatureValue></Signature>`
	data := strings.Replace(string(SamplePackage()), "</edXML>", sig+"</edXML>", 1)
	rd, _, err := readAll(t, strings.NewReader(data), ReaderOptions{})
	require.NoError(t, err)
	require.Len(t, rd.Package().Signatures, 1)
	require.Equal(t, NamespaceXMLDSig, rd.Package().Signatures[0].Namespace)
	rep, err := Validate(context.Background(), strings.NewReader(data), ValidateOptions{})
	require.NoError(t, err)
	require.True(t, rep.Valid(), rep.Diagnostics)
	require.False(t, rep.Has(ruleSignatureWeak.Code))
}

func TestReaderBrokenInput(t *testing.T) {
	sample := string(SamplePackage())
	tests := []struct {
		name  string
		input string
		opts  ReaderOptions
		code  string
		line  int
	}{
		{"empty", "", ReaderOptions{}, ruleEmpty.Code, 1},
		{"whitespace only", "  \n ", ReaderOptions{}, ruleNotWellFormed.Code, 2},
		{"not xml", "%PDF-1.4", ReaderOptions{}, ruleNotXML.Code, 1},
		{"wrong root", `<Envelope/>`, ReaderOptions{}, ruleWrongRoot.Code, 1},
		{"mismatched tags", "<edXML>\n<a></b></edXML>", ReaderOptions{}, ruleNotWellFormed.Code, 2},
		{"truncated header", sample[:400], ReaderOptions{}, ruleTruncated.Code, 0},
		{"second root", sample + "<edXML/>", ReaderOptions{}, ruleNotWellFormed.Code, 0},
		{"text after root", sample + "junk", ReaderOptions{}, ruleNotWellFormed.Code, 0},
		{"undefined entity", "<edXML>&nbsp;</edXML>", ReaderOptions{}, ruleNotWellFormed.Code, 1},
		{"dtd", "<!DOCTYPE edXML><edXML/>", ReaderOptions{}, ruleDTD.Code, 1},
		{"no envelope", `<edXML xmlns="` + NamespaceEdXML + `"><AttachmentEncoded/></edXML>`, ReaderOptions{}, ruleRequired.Code, 1},
		{"depth", "<edXML>" + strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300) + "</edXML>", ReaderOptions{}, ruleLimit.Code, 1},
		{"header size", sample, ReaderOptions{MaxHeaderSize: 1000}, ruleLimit.Code, 0},
		{"text size", sample, ReaderOptions{MaxText: 10}, ruleLimit.Code, 0},
		{"unquoted attribute", "<edXML a=b/>", ReaderOptions{}, ruleNotWellFormed.Code, 1},
		{"latin-1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><edXML/>`, ReaderOptions{}, ruleEncoding.Code, 1},
		{"invalid utf8", "<edXML>\xff</edXML>", ReaderOptions{}, ruleNotWellFormed.Code, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, strings.NewReader(tt.input), tt.opts)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tt.code, e.Diagnostic.Code, e.Error())
			if tt.line > 0 {
				require.Equal(t, tt.line, e.Diagnostic.Line, e.Error())
			}
			require.NotEmpty(t, e.Diagnostic.MessageVI)
			require.Contains(t, e.Error(), "edoc: ")
		})
	}
}

func TestReaderAttachmentLimits(t *testing.T) {
	p := buildPackage()
	p.Attachments = append(p.Attachments,
		Attachment{AttachmentName: "b.pdf", ContentType: "application/pdf", Content: strings.NewReader("%PDF-2")},
		Attachment{AttachmentName: "c.pdf", ContentType: "application/pdf", Content: strings.NewReader("%PDF-3")})
	data := writePackage(t, p)
	_, contents, err := readAll(t, bytes.NewReader(data), ReaderOptions{MaxAttachments: 2})
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, ruleLimit.Code, e.Diagnostic.Code)
	require.Len(t, contents, 2)

	_, _, err = readAll(t, bytes.NewReader(data), ReaderOptions{MaxAttachmentSize: 10})
	require.ErrorAs(t, err, &e)
	require.Equal(t, ruleLimit.Code, e.Diagnostic.Code)
}

func TestReaderBase64Forms(t *testing.T) {
	payload := strings.Repeat("Nội dung tệp đính kèm. ", 5000) // about 130 KB: several decoding chunks
	enc := encodeB64(payload)
	tests := []struct {
		name    string
		content string
		want    string
		code    string
	}{
		{"one line", enc, payload, ""},
		{"76-column lines", wrap(enc, 76, "\n"), payload, ""},
		{"CRLF lines", wrap(enc, 64, "\r\n"), payload, ""},
		{"indented lines", wrap(enc, 76, "\n        "), payload, ""},
		{"tabs and spaces", wrap(enc, 3, " \t"), payload, ""},
		{"character references", wrap(enc, 76, "&#13;&#10;"), payload, ""},
		{"comment inside", enc[:101] + "<!-- note -->" + enc[101:], payload, ""},
		{"cdata inside", "<![CDATA[" + enc + "]]>", "", ruleBase64.Code},
		{"element inside", enc[:100] + "<b/>" + enc[100:], "", ruleBase64.Code},
		{"placeholder", "[base64]", "", ruleBase64.Code},
		{"truncated", enc[:len(enc)-1], "", ruleBase64Truncated.Code},
		{"data after padding", "QQ==QUJD", "", ruleBase64.Code},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(string(SamplePackage()), "JVBERi0xLjQKJSBlZ292IHNhbXBsZSBhdHRhY2htZW50LCB3cml0dGVuIGZvciB0aGUgZWRvYyB0\nZXN0cwoxIDAgb2JqIDw8IC9UeXBlIC9DYXRhbG9nIC9QYWdlcyAyIDAgUiA+PiBlbmRvYmoKMiAw\nIG9iaiA8PCAvVHlwZSAvUGFnZXMgL0tpZHMgW10gL0NvdW50IDAgPj4gZW5kb2JqCnRyYWlsZXIg\nPDwgL1Jvb3QgMSAwIFIgPj4KJSVFT0YK", tt.content, 1)
			require.NotEqual(t, string(SamplePackage()), doc)
			rd, err := NewReader(strings.NewReader(doc), ReaderOptions{})
			require.NoError(t, err)
			a, err := rd.Next()
			require.NoError(t, err)
			got, err := io.ReadAll(a.Content)
			if tt.code != "" {
				var e *Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, tt.code, e.Diagnostic.Code)
				// The reader goes on after a content finding.
				_, err = rd.Next()
				require.ErrorIs(t, err, io.EOF)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
			_, err = rd.Next()
			require.ErrorIs(t, err, io.EOF)
			require.Equal(t, int64(len(tt.want)), rd.Package().Attachments[0].Size)
		})
	}
}

func TestReaderAttachmentMetadataBounded(t *testing.T) {
	many := strings.Repeat("<![CDATA[xxxxxxxxxx]]>", 20)
	doc := strings.Replace(string(SamplePackage()), "<ContentId>cid:7816-VPCP-TTDT-1</ContentId>", "<ContentId>"+many+"</ContentId>", 1)
	rd, err := NewReader(strings.NewReader(doc), ReaderOptions{MaxText: 100})
	require.NoError(t, err)
	_, err = rd.Next()
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, ruleLimit.Code, e.Diagnostic.Code)
}

func TestReaderSkipsUnreadContent(t *testing.T) {
	p, err := ReadHeader(bytes.NewReader(SamplePackage()), ReaderOptions{})
	require.NoError(t, err)
	require.Len(t, p.Attachments, 1)
	require.Equal(t, int64(-1), p.Attachments[0].Size)
	require.Greater(t, p.Attachments[0].EncodedSize, int64(len(samplePDF)))
}

func TestReaderMetadataAfterContent(t *testing.T) {
	doc := `<edXML xmlns="` + NamespaceEdXML + `"><edXMLEnvelope><edXMLHeader><MessageHeader><From><OrganId>000.00.00.G22</OrganId></From></MessageHeader></edXMLHeader></edXMLEnvelope>` +
		`<AttachmentEncoded><Attachment><ContentId>cid:a</ContentId><ContentTransferEncoded>QUJD</ContentTransferEncoded><AttachmentName>a.txt</AttachmentName></Attachment></AttachmentEncoded></edXML>`
	rd, contents, err := readAll(t, strings.NewReader(doc), ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"ABC"}, contents)
	require.Equal(t, "a.txt", rd.Package().Attachments[0].AttachmentName)
}

func TestReadStatus(t *testing.T) {
	f, err := os.Open("testdata/packages/status-03.edxml")
	require.NoError(t, err)
	defer f.Close()
	sp, err := ReadStatus(f, ReaderOptions{})
	require.NoError(t, err)
	require.Equal(t, StatusAccepted, sp.Code)
	require.Equal(t, "000.00.00.G22,2024/05/10,7816/VPCP-TTĐT", sp.ResponseFor.DocumentID)
	require.Equal(t, "Phạm Văn Tiếp Nhận", sp.Staff.Staff)
	_, err = ReadStatus(bytes.NewReader(SamplePackage()), ReaderOptions{})
	require.ErrorIs(t, err, ErrNotStatus)
}

func encodeB64(s string) string {
	var b strings.Builder
	w := &lineWriter{width: 1 << 30}
	_ = w
	b.WriteString(b64(s))
	return b.String()
}

func wrap(s string, width int, sep string) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width])
		b.WriteString(sep)
		s = s[width:]
	}
	b.WriteString(s)
	return b.String()
}
