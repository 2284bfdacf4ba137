package edoc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// validationDay is the fixed "now" of the tests.
var validationDay = time.Date(2024, 6, 1, 9, 0, 0, 0, vntime.Location())

// TestGolden validates every bundled package under both profiles and compares the findings with
// testdata/golden/<name>.<profile>.json (rewritten only with -update).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/packages/*.edxml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 14)
	for _, file := range files {
		for _, profile := range []Profile{Strict, Interop} {
			name := strings.TrimSuffix(filepath.Base(file), ".edxml") + "." + profile.String()
			t.Run(name, func(t *testing.T) {
				f, err := os.Open(file)
				require.NoError(t, err)
				defer f.Close()
				rep, err := Validate(context.Background(), f, ValidateOptions{Profile: profile, At: validationDay})
				require.NoError(t, err)
				got, err := json.MarshalIndent(rep.Diagnostics, "", "  ")
				require.NoError(t, err)
				golden := filepath.Join("testdata", "golden", name+".json")
				if *update {
					require.NoError(t, os.WriteFile(golden, append(got, '\n'), 0o644))
					return
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test -update to create the golden file")
				var gotD, wantD []diag.Diagnostic
				require.NoError(t, json.Unmarshal(got, &gotD))
				require.NoError(t, json.Unmarshal(want, &wantD))
				if d := cmp.Diff(wantD, gotD); d != "" {
					t.Fatalf("findings differ from %s (-want +got):\n%s", golden, d)
				}
			})
		}
	}
}

// TestGoldenExpectations pins the point of each bundled package, so that a regenerated golden file cannot
// silently drop the finding the package exists for.
func TestGoldenExpectations(t *testing.T) {
	tests := []struct {
		file            string
		strict, interop []string // codes that must be present
		validStrict     bool
		validInterop    bool
	}{
		{"sample", []string{"EDOC-G001"}, nil, true, true},
		{"quirks", []string{"EDOC-X010", "EDOC-X009", "EDOC-X008", "EDOC-G003", "EDOC-G004", "EDOC-G002"}, nil, false, true},
		{"undeclared-prefix", []string{"EDOC-X008"}, nil, false, true},
		{"nested-from", []string{"EDOC-M004", "EDOC-M001"}, nil, false, false},
		{"placeholder", []string{"EDOC-C005"}, nil, false, false},
		{"truncated-base64", []string{"EDOC-C006"}, nil, false, false},
		{"truncated", []string{"EDOC-X004"}, nil, false, false},
		{"empty", []string{"EDOC-X002"}, nil, false, false},
		{"not-xml", []string{"EDOC-X003"}, nil, false, false},
		{"wrong-root", []string{"EDOC-X005"}, nil, false, false},
		{"dtd", []string{"EDOC-X006"}, nil, false, false},
		{"status-03", nil, nil, true, true},
		{"status-bad", []string{"EDOC-S001", "EDOC-S002", "EDOC-F003"}, nil, false, false},
		{"findings", []string{"EDOC-A001", "EDOC-A003", "EDOC-D001", "EDOC-D002", "EDOC-F001", "EDOC-F002",
			"EDOC-F004", "EDOC-F005", "EDOC-B003", "EDOC-C001", "EDOC-C002", "EDOC-C007"}, nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/packages/" + tt.file + ".edxml")
			require.NoError(t, err)
			strict, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{At: validationDay})
			require.NoError(t, err)
			interop, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{Profile: Interop, At: validationDay})
			require.NoError(t, err)
			for _, c := range tt.strict {
				require.True(t, strict.Has(c), "strict lacks %s: %v", c, strict.Codes())
				require.True(t, interop.Has(c), "interop lacks %s: %v", c, interop.Codes())
			}
			require.Equal(t, tt.validStrict, strict.Valid(), strict.Codes())
			require.Equal(t, tt.validInterop, interop.Valid(), interop.Codes())
			for _, d := range append(strict.Diagnostics, interop.Diagnostics...) {
				require.NotEmpty(t, d.Message)
				require.NotEmpty(t, d.MessageVI)
				require.NotContains(t, d.Message, "%!")
				require.NotContains(t, d.MessageVI, "%!")
			}
		})
	}
}

func TestRulesCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		require.False(t, seen[r.Code], "duplicate code %s", r.Code)
		seen[r.Code] = true
		require.True(t, strings.HasPrefix(r.Code, "EDOC-"), r.Code)
		require.NotEmpty(t, r.Summary, r.Code)
		require.NotEmpty(t, r.Message, r.Code)
		require.NotEmpty(t, r.MessageVI, r.Code)
		require.Equal(t, strings.Count(r.Message, "%"), strings.Count(r.MessageVI, "%"), r.Code)
	}
}

// buildPackage returns a valid package built in code, with one PDF attachment.
func buildPackage() *Package {
	date := time.Date(2024, 5, 10, 0, 0, 0, 0, vntime.Location())
	return &Package{
		Header: MessageHeader{
			From:             Organization{OrganID: "000.00.00.G22", OrganName: "Văn phòng Chính phủ"},
			To:               []Organization{{OrganID: "000.00.00.G12", OrganName: "Bộ Tài chính"}},
			Code:             Code{CodeNumber: "231", CodeNotation: "QĐ-VPCP"},
			PromulgationInfo: PromulgationInfo{Place: "Hà Nội", PromulgationDate: date},
			DocumentType:     DocumentType{Type: 1, TypeName: "Quyết định"},
			Subject:          "Về việc thử nghiệm",
			SignerInfo:       SignerInfo{Competence: "KT. BỘ TRƯỞNG", FullName: "Nguyễn Văn Mẫu"},
			OtherInfo:        OtherInfo{Priority: PriorityUrgent, PageAmount: 2, PromulgationAmount: 3},
		},
		Traces:   []TraceHeader{{OrganID: "000.00.00.G22", Timestamp: time.Date(2024, 5, 10, 15, 4, 5, 0, vntime.Location())}},
		Business: &Business{DocType: BusinessNew},
		Attachments: []Attachment{{
			AttachmentName: "231-QD-VPCP.pdf", ContentType: "application/pdf",
			Content: strings.NewReader("%PDF-1.4\nbody\n%%EOF\n"),
		}},
	}
}

func writePackage(t testing.TB, p *Package) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, p))
	return buf.Bytes()
}

func TestValidateBuiltPackages(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Package)
		opts   func(o *ValidateOptions)
		want   []string // codes of error or warning findings, in order
	}{
		{"valid", func(p *Package) {}, nil, nil},
		{"update without receivers", func(p *Package) { p.Business.DocType = BusinessUpdate }, nil, []string{"EDOC-B001"}},
		{"update with receivers", func(p *Package) {
			p.Business.DocType = BusinessUpdate
			p.Business.DocumentInfo = &BusinessDocumentInfo{DocumentInfo: "1", Receivers: []Receiver{{OrganID: "000.00.00.G12", ReceiverType: 1}}}
		}, nil, nil},
		{"replacement without list", func(p *Package) { p.Business.DocType = BusinessReplacement }, nil, []string{"EDOC-B002"}},
		{"replacement with list", func(p *Package) {
			p.Business.DocType = BusinessReplacement
			p.Business.Replacements = []ReplacementInfo{{DocumentID: "000.00.00.G22,2024/05/01,200/QĐ-VPCP", OrganIDs: []string{"000.00.00.G12"}}}
		}, nil, nil},
		// The agencies an update or a replacement names are checked as agency codes like From and To.
		{"update receivers with bad codes", func(p *Package) {
			p.Business.DocType = BusinessUpdate
			p.Business.DocumentInfo = &BusinessDocumentInfo{DocumentInfo: "0", DocumentReceiver: "1", Receivers: []Receiver{
				{OrganID: "000.00.00.G12", ReceiverType: 1}, {OrganID: "null", ReceiverType: 1}, {OrganID: "12.34", ReceiverType: 1}}}
		}, nil, []string{"EDOC-A004", "EDOC-A001"}},
		{"update receiver unknown to the registry", func(p *Package) {
			p.Business.DocType = BusinessUpdate
			p.Business.DocumentInfo = &BusinessDocumentInfo{DocumentInfo: "1", Receivers: []Receiver{{OrganID: "000.00.00.G99", ReceiverType: 1}}}
		}, func(o *ValidateOptions) { o.Registry = agencycode.DefaultRegistry() }, []string{"EDOC-A002"}},
		{"replacement list with a lower-case code", func(p *Package) {
			p.Business.DocType = BusinessReplacement
			p.Business.Replacements = []ReplacementInfo{{DocumentID: "000.00.00.G22,2024/05/01,200/QĐ-VPCP", OrganIDs: []string{"000.00.00.G12", "000.00.00.g12"}}}
		}, nil, []string{"EDOC-A003"}},
		{"revocation without reason", func(p *Package) { p.Business.DocType = BusinessRevocation }, nil, []string{"EDOC-B003"}},
		{"revocation with reason", func(p *Package) { p.Business.DocType, p.Business.Reason = BusinessRevocation, "Ban hành nhầm" }, nil, nil},
		{"công văn with a type abbreviation", func(p *Package) { p.Header.DocumentType.TypeName = "Công văn" }, nil, []string{"EDOC-D006"}},
		{"decision without its abbreviation", func(p *Package) { p.Header.Code.CodeNotation = "VPCP-TCCB" }, nil, []string{"EDOC-D004"}},
		{"unparseable notation", func(p *Package) { p.Header.Code.CodeNumber = "abc" }, nil, []string{"EDOC-D003"}},
		{"unknown type name", func(p *Package) { p.Header.DocumentType.TypeName = "Thư điện tử" }, nil, []string{"EDOC-D005"}},
		{"code number too long", func(p *Package) { p.Header.Code.CodeNumber = "123456789012" }, nil, []string{"EDOC-D003", "EDOC-F001"}},
		{"subject too long", func(p *Package) { p.Header.Subject = strings.Repeat("ă", 501) }, nil, []string{"EDOC-F001"}},
		{"subject of 500 characters", func(p *Package) { p.Header.Subject = strings.Repeat("ă", 500) }, nil, nil},
		{"promulgation in the future", func(p *Package) {}, func(o *ValidateOptions) { o.At = time.Date(2024, 5, 9, 23, 0, 0, 0, vntime.Location()) }, []string{"EDOC-F004"}},
		{"promulgation today", func(p *Package) {}, func(o *ValidateOptions) { o.At = time.Date(2024, 5, 10, 1, 0, 0, 0, vntime.Location()) }, nil},
		{"agency unknown to the registry", func(p *Package) { p.Header.To[0].OrganID = "000.00.00.G99" }, func(o *ValidateOptions) { o.Registry = agencycode.DefaultRegistry() }, []string{"EDOC-A002"}},
		{"agency known to the registry", func(p *Package) {}, func(o *ValidateOptions) { o.Registry = agencycode.DefaultRegistry() }, nil},
		// The embedded registry lists level-1 units only and not all of them: a department under a listed ministry
		// is not judged, a province no published source confirmed is a warning, a sub-unit under a province whose
		// official list was loaded is judged.
		{"department under a listed ministry", func(p *Package) { p.Header.To[0].OrganID = "000.00.12.G12" }, func(o *ValidateOptions) { o.Registry = agencycode.DefaultRegistry() }, nil},
		{"province the embedded list lacks", func(p *Package) { p.Header.To[0].OrganID = "000.00.00.H02" }, func(o *ValidateOptions) { o.Registry = agencycode.DefaultRegistry() }, []string{"EDOC-A005"}},
		{"department under a loaded official list", func(p *Package) { p.Header.To[0].OrganID = "000.00.13.G12" }, func(o *ValidateOptions) {
			o.Registry = agencycode.DefaultRegistry()
			if err := o.Registry.LoadCSV(strings.NewReader("code,name\n000.00.12.G12,Vụ Pháp chế\n")); err != nil {
				panic(err)
			}
		}, []string{"EDOC-A002"}},
		// Issue 9: a typo in a level-1 code used to pass as a generic QĐ 20/2020 code.
		{"addressed to a mistyped level-1 code", func(p *Package) { p.Header.To[0].OrganID = "000.00.00.G1" }, nil, []string{"EDOC-A001"}},
		{"addressed to a one-letter code", func(p *Package) { p.Header.To[0].OrganID = "X" }, nil, []string{"EDOC-A001"}},
		{"addressed to a QĐ 20/2020 code", func(p *Package) { p.Header.To[0].OrganID = "G12.01" }, nil, nil},
		{"addressed to UBND TP.HCM after the 2025 mergers", func(p *Package) {
			p.Header.To[0].OrganID = "000.00.00.H29"
			p.Header.PromulgationInfo.PromulgationDate = time.Date(2026, 1, 2, 0, 0, 0, 0, vntime.Location())
		}, func(o *ValidateOptions) {
			o.Registry = agencycode.DefaultRegistry()
			o.At = time.Date(2026, 1, 2, 9, 0, 0, 0, vntime.Location())
		}, nil},
		{"addressed to UBND tỉnh Thái Bình after the 2025 mergers", func(p *Package) {
			p.Header.To[0].OrganID = "000.00.00.H54"
			p.Header.PromulgationInfo.PromulgationDate = time.Date(2026, 1, 2, 0, 0, 0, 0, vntime.Location())
		}, func(o *ValidateOptions) {
			o.Registry = agencycode.DefaultRegistry()
			o.At = time.Date(2026, 1, 2, 9, 0, 0, 0, vntime.Location())
		}, []string{"EDOC-A002"}},
		{"agency not yet in force at the date", func(p *Package) { p.Header.To[0].OrganID = "000.00.00.G10" }, func(o *ValidateOptions) {
			reg := agencycode.NewRegistry()
			require.NoError(t, reg.Add(
				agencycode.Entry{Code: agencycode.MustParse("000.00.00.G22"), Name: "Văn phòng Chính phủ"},
				agencycode.Entry{Code: agencycode.MustParse("000.00.00.G12"), Name: "Bộ Tài chính"},
				agencycode.Entry{Code: agencycode.MustParse("000.00.00.G10"), Name: "Bộ Nông nghiệp và Môi trường", ValidFrom: time.Date(2025, 4, 14, 0, 0, 0, 0, vntime.Location())}))
			o.Registry = reg
		}, []string{"EDOC-A002"}},
		{"zip declared as pdf", func(p *Package) { p.Attachments[0].Content = strings.NewReader("PK\x03\x04rest") }, nil, []string{"EDOC-C007"}},
		{"doc declared and doc sent", func(p *Package) {
			p.Attachments[0].ContentType = "application/msword"
			p.Attachments[0].Content = strings.NewReader("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")
		}, nil, nil},
		{"empty attachment", func(p *Package) { p.Attachments[0].Content = strings.NewReader("") }, nil, []string{"EDOC-C008"}},
		{"no attachment", func(p *Package) { p.Attachments = nil }, nil, []string{"EDOC-C010"}},
		{"manifest name differs", func(p *Package) {
			require.NoError(t, Complete(p))
			p.Manifest.References[0].AttachmentName = "other.pdf"
		}, nil, []string{"EDOC-C009"}},
		{"contentid without cid", func(p *Package) { p.Attachments[0].ContentID = "quyetdinh" }, nil, []string{"EDOC-C004"}},
		{"wrong document id", func(p *Package) { p.Header.DocumentID = "000.00.00.G22,2024/05/10,232/QĐ-VPCP" }, nil, []string{"EDOC-D001"}},
		{"NFD document id is the same", func(p *Package) {
			p.Header.DocumentID = "000.00.00.G22,2024/05/10,231/Q\u0110-VPCP"
			p.Header.Code.CodeNotation = "Q\u0110-VPCP"
		}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := buildPackage()
			tt.change(p)
			data := writePackage(t, p)
			opts := ValidateOptions{At: validationDay}
			if tt.opts != nil {
				tt.opts(&opts)
			}
			rep, err := Validate(context.Background(), bytes.NewReader(data), opts)
			require.NoError(t, err)
			var got []string
			for _, d := range rep.Diagnostics {
				if d.Severity != diag.Info {
					got = append(got, d.Code)
				}
			}
			require.Equal(t, tt.want, got, "%v", rep.Diagnostics)
		})
	}
}

func TestValidateNFDText(t *testing.T) {
	// The manifest and the attachment name the same file, one in NFC, the other in NFD.
	p := buildPackage()
	p.Attachments[0].AttachmentName = "Quyết định.pdf"
	require.NoError(t, Complete(p))
	p.Manifest.References[0].AttachmentName = "Quye\u0302\u0301t \u0111i\u0323nh.pdf"
	rep, err := Validate(context.Background(), bytes.NewReader(writePackage(t, p)), ValidateOptions{At: validationDay})
	require.NoError(t, err)
	require.False(t, rep.Has(ruleManifestMismatch.Code), rep.Codes())
}

func TestValidateStatusTransitions(t *testing.T) {
	doc := buildPackage()
	require.NoError(t, Complete(doc))
	at := time.Date(2024, 5, 10, 16, 0, 0, 0, vntime.Location())
	tests := []struct {
		prev, next StatusCode
		ok         bool
	}{
		{StatusNone, StatusReceived, true},
		{StatusReceived, StatusAccepted, true},
		{StatusReceived, StatusRejected, true},
		{StatusAccepted, StatusAssigned, true},
		{StatusAssigned, StatusProcessing, true},
		{StatusProcessing, StatusDone, true},
		{StatusDone, StatusReceived, false},
		{StatusRejected, StatusDone, false},
	}
	for _, tt := range tests {
		t.Run(tt.prev.Code()+"-"+tt.next.Code(), func(t *testing.T) {
			sp := NewStatus(&doc.Header, doc.Header.To[0], tt.next, at, "")
			var buf bytes.Buffer
			require.NoError(t, WriteStatus(&buf, sp))
			prev := tt.prev
			rep, err := Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: validationDay, PreviousStatus: &prev})
			require.NoError(t, err)
			require.Equal(t, !tt.ok, rep.Has(ruleStatusTransition.Code), rep.Diagnostics)
			require.Equal(t, tt.ok, rep.Valid(), rep.Diagnostics)
		})
	}
}

func TestValidateStatusAnswers(t *testing.T) {
	doc := buildPackage()
	require.NoError(t, Complete(doc))
	at := time.Date(2024, 5, 10, 16, 0, 0, 0, vntime.Location())
	revocation, replacement := BusinessRevocation, BusinessReplacement
	tests := []struct {
		name     string
		prev     StatusCode
		next     StatusCode
		business *BusinessDocType
		ok       bool
	}{
		{"agree to a revocation while processing", StatusProcessing, StatusAgreed, &revocation, true},
		{"refuse a revocation after acceptance", StatusAccepted, StatusRefused, &revocation, true},
		{"agree without knowing what is answered", StatusProcessing, StatusAgreed, nil, false},
		{"an ordinary status still follows the machine", StatusDone, StatusReceived, &revocation, false},
		{"an ordinary status that may follow", StatusAccepted, StatusAssigned, &revocation, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := NewStatus(&doc.Header, doc.Header.To[0], tt.next, at, "")
			var buf bytes.Buffer
			require.NoError(t, WriteStatus(&buf, sp))
			prev := tt.prev
			rep, err := Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: validationDay, PreviousStatus: &prev,
				AnsweredBusiness: tt.business})
			require.NoError(t, err)
			require.Equal(t, !tt.ok, rep.Has(ruleStatusTransition.Code), rep.Diagnostics)
		})
	}
	// Without a previous status, the answer alone is checked: 15 does not answer a replacement by default.
	sp := NewStatus(&doc.Header, doc.Header.To[0], StatusAgreed, at, "")
	var buf bytes.Buffer
	require.NoError(t, WriteStatus(&buf, sp))
	rep, err := Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: validationDay, AnsweredBusiness: &replacement})
	require.NoError(t, err)
	require.True(t, rep.Has(ruleStatusAnswer.Code), rep.Diagnostics)
	rep, err = Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: validationDay, AnsweredBusiness: &revocation})
	require.NoError(t, err)
	require.True(t, rep.Valid(), rep.Diagnostics)
}

// fakeVerifier reads the whole package like a real verifier and returns fixed verdicts.
type fakeVerifier struct {
	verdicts []SignatureVerdict
	err      error
	readAll  bool
	got      atomic.Int64
}

func (f *fakeVerifier) VerifyEdXML(ctx context.Context, r io.Reader) ([]SignatureVerdict, error) {
	if f.readAll {
		n, err := io.Copy(io.Discard, r)
		f.got.Store(n)
		if err != nil {
			return nil, err
		}
	} else {
		var b [10]byte
		_, _ = io.ReadFull(r, b[:]) // returns early: the validation must not block
	}
	return f.verdicts, f.err
}

func TestValidateSignatureVerifier(t *testing.T) {
	data, err := os.ReadFile("testdata/packages/quirks.edxml")
	require.NoError(t, err)
	tests := []struct {
		name string
		v    *fakeVerifier
		want []string
	}{
		{"passed", &fakeVerifier{readAll: true, verdicts: []SignatureVerdict{{Indication: IndicationPassed, Signer: "CN=A", CoversPackage: true}}}, []string{"EDOC-G009"}},
		{"failed", &fakeVerifier{readAll: true, verdicts: []SignatureVerdict{{Indication: IndicationFailed, SubIndication: "HASH_FAILURE", Signer: "CN=A", CoversPackage: true, Message: "digest mismatch", MessageVI: "sai giá trị băm"}}}, []string{"EDOC-G005"}},
		{"indeterminate partial", &fakeVerifier{readAll: true, verdicts: []SignatureVerdict{{Indication: IndicationIndeterminate, SubIndication: "NO_CERTIFICATE_CHAIN_FOUND"}}}, []string{"EDOC-G006", "EDOC-G008"}},
		{"verifier error", &fakeVerifier{readAll: true, err: errors.New("boom")}, []string{"EDOC-G007"}},
		{"verifier returns early", &fakeVerifier{verdicts: []SignatureVerdict{{Indication: IndicationPassed, CoversPackage: true}}}, []string{"EDOC-G009"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{Profile: Interop, At: validationDay, Signatures: tt.v})
			require.NoError(t, err)
			for _, c := range tt.want {
				require.True(t, rep.Has(c), "%s missing: %v", c, rep.Codes())
			}
			require.True(t, rep.Has(ruleSignaturePresent.Code))
			if tt.v.readAll {
				require.Equal(t, int64(len(data)), tt.v.got.Load(), "the verifier must see the whole input")
			}
			if tt.name == "failed" {
				for _, d := range rep.Diagnostics {
					if d.Code == "EDOC-G005" {
						require.Contains(t, d.Message, "HASH_FAILURE")
						require.Contains(t, d.MessageVI, "sai giá trị băm")
					}
				}
			}
		})
	}
	// A broken package still feeds the verifier the whole input.
	v := &fakeVerifier{readAll: true}
	broken := data[:len(data)/2]
	rep, err := Validate(context.Background(), bytes.NewReader(broken), ValidateOptions{Signatures: v})
	require.NoError(t, err)
	require.True(t, rep.Has(ruleTruncated.Code), rep.Codes())
	require.Equal(t, int64(len(broken)), v.got.Load())
}

// stuckVerifier neither reads nor returns until its context ends.
type stuckVerifier struct{}

func (stuckVerifier) VerifyEdXML(ctx context.Context, r io.Reader) ([]SignatureVerdict, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestValidateVerifierCancelled(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	rep, err := Validate(ctx, bytes.NewReader(SamplePackage()), ValidateOptions{Signatures: stuckVerifier{}})
	require.NoError(t, err)
	require.True(t, rep.Has(ruleSignatureVerifier.Code), rep.Codes())
	require.True(t, rep.Has(ruleSignatureAbsent.Code), "the validation itself completed")
}

type failingReader struct{ data []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestValidateReadError(t *testing.T) {
	data := SamplePackage()
	_, err := Validate(context.Background(), &failingReader{data: data[:len(data)-100]}, ValidateOptions{})
	require.ErrorContains(t, err, "disk on fire")
	_, err = Validate(context.Background(), &failingReader{data: data[:len(data)-100]}, ValidateOptions{Signatures: &fakeVerifier{readAll: true}})
	require.ErrorContains(t, err, "disk on fire")
}

func TestParseProfile(t *testing.T) {
	for _, p := range []Profile{Strict, Interop} {
		got, err := ParseProfile(p.String())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
	_, err := ParseProfile("lenient")
	require.Error(t, err)
}

func TestValidateFindingsAreBounded(t *testing.T) {
	junk := strings.Repeat("<edXML:Unknown>x</edXML:Unknown>\n", 150)
	data := strings.Replace(string(SamplePackage()), "<edXML:SteeringType>", junk+"<edXML:SteeringType>", 1)
	rep, err := Validate(context.Background(), strings.NewReader(data), ValidateOptions{})
	require.NoError(t, err)
	n := 0
	for _, d := range rep.Diagnostics {
		if d.Code == ruleUnknownElement.Code {
			n++
		}
	}
	require.Equal(t, maxFindingsPerRule, n)
	require.True(t, rep.Has(ruleOmitted.Code))
	require.Equal(t, "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Unknown[2]", rep.Diagnostics[slicesIndex(rep.Diagnostics, ruleUnknownElement.Code)+1].Path)
}

func slicesIndex(ds []diag.Diagnostic, code string) int {
	for i, d := range ds {
		if d.Code == code {
			return i
		}
	}
	return -1
}

func TestCheckFields(t *testing.T) {
	p := buildPackage()
	p.Header.From.OrganName = strings.Repeat("a", 201)
	p.Header.To = nil
	fes, err := CheckFields(p)
	require.NoError(t, err)
	require.Len(t, fes, 2)
	byField := map[string]FieldError{}
	for _, fe := range fes {
		byField[fe.Field] = fe
	}
	name := byField["Package.Header.From.OrganName"]
	require.Equal(t, "max", name.Tag)
	require.Equal(t, "200", name.Param)
	require.Contains(t, name.Message, "200")
	require.NotEqual(t, name.Message, name.MessageVI)
	require.Contains(t, name.MessageVI, "200")
	require.Equal(t, "min", byField["Package.Header.To"].Tag)
	_, err = CheckFields(nil)
	require.Error(t, err)
	fes, err = CheckFields(&StatusPackage{From: Organization{OrganID: "000.00.00.G22"}, Description: strings.Repeat("x", 501)})
	require.NoError(t, err)
	require.Len(t, fes, 1)
}

// playgroundPasses asks go-playground directly, bypassing the quick plan.
func playgroundPasses(t testing.TB, v any) bool {
	fc, err := sharedFieldChecker()
	require.NoError(t, err)
	return fc.v.Struct(v) == nil
}

// TestQuickPlanAgreesWithPlayground checks that the fast pre-check never passes what go-playground refuses.
func TestQuickPlanAgreesWithPlayground(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ệ", n) }
	tests := []struct {
		name   string
		change func(p *Package)
		pass   bool
	}{
		{"valid", func(p *Package) {}, true},
		{"full", func(p *Package) { *p = *fullPackage() }, true},
		{"organ name at limit", func(p *Package) { p.Header.From.OrganName = long(200) }, true},
		{"organ name over", func(p *Package) { p.Header.From.OrganName = long(201) }, false},
		{"receiver email over", func(p *Package) { p.Header.To[0].Email = long(101) }, false},
		{"no receiver", func(p *Package) { p.Header.To = nil }, false},
		{"empty receiver code", func(p *Package) { p.Header.To[0].OrganID = "" }, false},
		{"to place over", func(p *Package) { p.Header.ToPlaces = []string{"a", long(151)} }, false},
		{"priority over", func(p *Package) { p.Header.OtherInfo.Priority = 5 }, false},
		{"steering over", func(p *Package) { p.Header.SteeringType = 2 }, false},
		{"negative type", func(p *Package) { p.Header.DocumentType.Type = -1 }, false},
		{"trace code over", func(p *Package) { p.Traces[0].OrganID = long(36) }, false},
		{"staff email over", func(p *Package) { p.Business.Staff = &StaffInfo{Email: long(101)} }, false},
		{"attachment name over", func(p *Package) { p.Attachments[0].AttachmentName = long(501) }, false},
		{"reference name over", func(p *Package) { p.Manifest.References = []Reference{{AttachmentName: long(501)}} }, false},
		{"no business", func(p *Package) { p.Business = nil }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := buildPackage()
			tt.change(p)
			for i := range p.Attachments {
				p.Attachments[i].Content = nil // as Validate checks them: contents already read
			}
			require.Equal(t, tt.pass, playgroundPasses(t, p))
			quick := quickPass(reflect.ValueOf(p).Elem())
			require.Equal(t, tt.pass, quick)
			fes, err := CheckFields(p)
			require.NoError(t, err)
			require.Equal(t, tt.pass, len(fes) == 0, fes)
		})
	}
}
