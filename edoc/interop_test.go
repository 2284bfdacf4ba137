package edoc

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/diag"
)

// interopCorpus maps each file of testdata/interop (see its README) to the distinct code:severity pairs its
// report must hold under each profile.
var interopCorpus = map[string]struct{ strict, interop []string }{
	// The builder's element orders pass Strict; its boolean Direction is a quirk.
	"builder-document": {
		strict:  []string{"EDOC-F006:error", "EDOC-G001:info"},
		interop: []string{"EDOC-F006:warning", "EDOC-G001:info"},
	},
	"builder-direction-true": {
		strict:  []string{"EDOC-F006:error", "EDOC-G001:info"},
		interop: []string{"EDOC-F006:warning", "EDOC-G001:info"},
	},
	// The builder's optional fields outside QCVN 102 (ReplyFors, ReferenceCodes, ApplicationType, Paper directly in
	// TraceHeaderList, StaffInfo/DepartmentId and StaffId, Attachment/FieldName and MimeType) are ignored with a note.
	"builder-optional-fields": {
		strict:  []string{"EDOC-F006:error", "EDOC-G001:info", "EDOC-X011:warning"},
		interop: []string{"EDOC-F006:warning", "EDOC-G001:info", "EDOC-X011:warning"},
	},
	"builder-status": {
		strict:  []string{"EDOC-G001:info"},
		interop: []string{"EDOC-G001:info"},
	},
	"gateway-uuid-documentid": {
		strict:  []string{"EDOC-D007:error", "EDOC-F006:error", "EDOC-G001:info"},
		interop: []string{"EDOC-D007:warning", "EDOC-F006:warning", "EDOC-G001:info"},
	},
	// A ZIP declared as a PDF misleads the receiver: an error in both profiles.
	"gateway-zip-declared-as-pdf": {
		strict:  []string{"EDOC-C007:error", "EDOC-D007:error", "EDOC-F006:error", "EDOC-G001:info"},
		interop: []string{"EDOC-C007:error", "EDOC-D007:warning", "EDOC-F006:warning", "EDOC-G001:info"},
	},
	"sdk-documentid-last": {
		strict:  []string{"EDOC-D007:error", "EDOC-G001:info", "EDOC-X010:error"},
		interop: []string{"EDOC-D007:warning", "EDOC-G001:info", "EDOC-X010:warning"},
	},
	"sdk-status-organname-first": {
		strict:  []string{"EDOC-G001:info", "EDOC-X010:error"},
		interop: []string{"EDOC-G001:info", "EDOC-X010:warning"},
	},
	// A producer mirroring the .NET SDK example: its own orders, an empty DigitalSignature element, the attachment's
	// ContentId without cid: (paired with the manifest's, RFC 2392), and DocumentType/Type 18, the position of
	// công văn in NĐ 30/2020 Điều 7, which egov reads as out of range (the meaning of Type is uncertain, spec [U]).
	"dotnet-sdk-mirror": {
		strict:  []string{"EDOC-C009:warning", "EDOC-F005:error", "EDOC-G001:info", "EDOC-X010:error", "EDOC-X011:warning"},
		interop: []string{"EDOC-C009:warning", "EDOC-F005:error", "EDOC-G001:info", "EDOC-X010:warning", "EDOC-X011:warning"},
	},
	// Not well-formed (XML 1.0 §2.8): refused by every XML parser, so by both profiles.
	"declaration-after-newline": {
		strict:  []string{"EDOC-X001:error"},
		interop: []string{"EDOC-X001:error"},
	},
	"text-before-declaration": {
		strict:  []string{"EDOC-X003:error"},
		interop: []string{"EDOC-X003:error"},
	},
	"organid-null": {
		strict:  []string{"EDOC-A004:error", "EDOC-F006:error", "EDOC-G001:info"},
		interop: []string{"EDOC-A004:error", "EDOC-F006:warning", "EDOC-G001:info"},
	},
}

// codeSeverities returns the sorted distinct code:severity pairs of a report.
func codeSeverities(rep *diag.Report) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range rep.Diagnostics {
		k := d.Code + ":" + d.Severity.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func TestInteropCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/interop/*.edxml")
	require.NoError(t, err)
	names := map[string]bool{}
	for _, f := range files {
		names[strings.TrimSuffix(filepath.Base(f), ".edxml")] = true
	}
	for name := range interopCorpus {
		require.True(t, names[name], "interopCorpus lists %s, which has no file", name)
	}
	for name := range names {
		want, ok := interopCorpus[name]
		require.True(t, ok, "testdata/interop/%s.edxml has no entry in interopCorpus", name)
		data, err := os.ReadFile("testdata/interop/" + name + ".edxml")
		require.NoError(t, err)
		for _, tc := range []struct {
			profile Profile
			want    []string
		}{{Strict, want.strict}, {Interop, want.interop}} {
			t.Run(name+"."+tc.profile.String(), func(t *testing.T) {
				rep, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{Profile: tc.profile, At: validationDay})
				require.NoError(t, err)
				if d := cmp.Diff(tc.want, codeSeverities(rep)); d != "" {
					t.Fatalf("findings (-want +got):\n%s\n%v", d, rep.Diagnostics)
				}
				for _, d := range rep.Diagnostics {
					require.NotEmpty(t, d.MessageVI, d.Code)
					require.NotContains(t, d.Message+d.MessageVI, "%!", d.Code)
				}
			})
		}
	}
}

// TestDirectionBoolean pins the mapping of the builder's booleans: true is 1 (văn bản chỉ đạo), false is 0, and
// the forms of QCVN 102 still read as before.
func TestDirectionBoolean(t *testing.T) {
	tests := []struct {
		value   string
		want    bool
		finding string // code:severity under Strict, "" for none
	}{
		{"true", true, "EDOC-F006:error"},
		{"false", false, "EDOC-F006:error"},
		{"1", true, ""},
		{"0", false, ""},
		{"TRUE", false, "EDOC-F005:error"}, // xsd:boolean is case-sensitive and Java writes lower case
		{"yes", false, "EDOC-F005:error"},
	}
	data, err := os.ReadFile("testdata/interop/builder-document.edxml")
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			in := bytes.Replace(data, []byte("<edXML:Direction>false<"), []byte("<edXML:Direction>"+tt.value+"<"), 1)
			rd, err := NewReader(bytes.NewReader(in), ReaderOptions{})
			require.NoError(t, err)
			require.Equal(t, tt.want, rd.Package().Header.OtherInfo.Direction)
			var got []string
			for _, d := range rd.Diagnostics() {
				if strings.HasPrefix(d.Code, "EDOC-F") {
					got = append(got, d.Code+":"+d.Severity.String())
				}
			}
			var want []string
			if tt.finding != "" {
				want = []string{tt.finding}
			}
			require.Equal(t, want, got)
		})
	}
}

// TestNullOrganID: a null literal is an error under both profiles wherever an agency code is read, never a casing
// remark (EDOC-A003).
func TestNullOrganID(t *testing.T) {
	data, err := os.ReadFile("testdata/interop/builder-status.edxml")
	require.NoError(t, err)
	for _, literal := range []string{"null", "NULL", "Null", " null ", "nil", "undefined", "None", "(null)"} {
		in := bytes.Replace(data, []byte(">000.00.00.G12<"), []byte(">"+literal+"<"), 1)
		for _, p := range []Profile{Strict, Interop} {
			rep, err := Validate(context.Background(), bytes.NewReader(in), ValidateOptions{Profile: p, At: validationDay})
			require.NoError(t, err)
			require.Equal(t, []string{"EDOC-A004:error", "EDOC-G001:info"}, codeSeverities(rep), "%q %s", literal, p)
		}
	}
}

func TestIsUUID(t *testing.T) {
	for s, want := range map[string]bool{
		"9fbfbad2-f1f8-4256-a2eb-50fb1061cddb":    true,
		"9FBFBAD2-F1F8-4256-A2EB-50FB1061CDDB":    true,
		"9fbfbad2f1f84256a2eb50fb1061cddb":        false,
		"{9fbfbad2-f1f8-4256-a2eb-50fb1061cddb}":  false,
		"9fbfbad2-f1f8-4256-a2eb-50fb1061cddg":    false,
		"9fbfbad2-f1f8-4256-a2eb_50fb1061cddb":    false,
		"000.00.00.G22,2024/05/10,7816/VPCP-TTĐT": false,
		"": false,
	} {
		require.Equal(t, want, isUUID(s), s)
	}
}

// TestSchemaOrders checks that every alternative order of the schemas ranks each child exactly once.
func TestSchemaOrders(t *testing.T) {
	var walk func(e elem)
	walk = func(e elem) {
		for _, ranks := range e.alt {
			seen := map[int]bool{}
			for i, r := range ranks {
				require.GreaterOrEqual(t, r, 0, "%s: child %s has no rank", e.name, e.kids[i].name)
				require.False(t, seen[r], "%s: rank %d twice", e.name, r)
				seen[r] = true
			}
		}
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(documentSchema)
	walk(statusSchema)
}

// TestOrderMixing: each element is judged against one order at a time; a sequence that follows neither the
// samples' order nor the builder's is reported against the samples' order.
func TestOrderMixing(t *testing.T) {
	data, err := os.ReadFile("testdata/interop/builder-status.edxml")
	require.NoError(t, err)
	// Email before Mobile (builder) but Staff last (neither).
	in := bytes.Replace(data, []byte("<edXML:Staff>Lê Thị Tiếp Nhận</edXML:Staff>\n"), nil, 1)
	in = bytes.Replace(in, []byte("<edXML:Mobile>0900000001</edXML:Mobile>"),
		[]byte("<edXML:Mobile>0900000001</edXML:Mobile><edXML:Staff>Lê Thị Tiếp Nhận</edXML:Staff>"), 1)
	rep, err := Validate(context.Background(), bytes.NewReader(in), ValidateOptions{At: validationDay})
	require.NoError(t, err)
	require.Equal(t, []string{"EDOC-G001:info", "EDOC-X010:error"}, codeSeverities(rep), rep.Diagnostics)
}

// TestDeclarationFirst: XML 1.0 §2.8 puts the XML declaration at the very start; only a byte-order mark may precede
// it. Anything else before it is not well-formed, under both profiles, with a finding that says why.
func TestDeclarationFirst(t *testing.T) {
	data, err := os.ReadFile("testdata/interop/builder-status.edxml")
	require.NoError(t, err)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", []string{"EDOC-G001:info"}},
		{"\uFEFF", []string{"EDOC-G001:info"}},
		{"\n", []string{"EDOC-X001:error"}},
		{"\r\n", []string{"EDOC-X001:error"}},
		{" ", []string{"EDOC-X001:error"}},
		{"\uFEFF\n", []string{"EDOC-X001:error"}},
		{"<!-- a comment -->", []string{"EDOC-X001:error"}},
		{"1212", []string{"EDOC-X003:error"}},
	}
	for _, tt := range tests {
		for i, p := range []Profile{Strict, Interop} {
			in := append([]byte(tt.prefix), data...)
			var r io.Reader = bytes.NewReader(in)
			if i == 1 {
				r = iotest.OneByteReader(r) // the verdict must not depend on how the input arrives
			}
			rep, err := Validate(context.Background(), r, ValidateOptions{Profile: p, At: validationDay})
			require.NoError(t, err)
			require.Equal(t, tt.want, codeSeverities(rep), "%q %s", tt.prefix, p)
			if tt.want[0] == "EDOC-X001:error" {
				d := rep.Diagnostics[0]
				require.Contains(t, d.Message, "XML 1.0 §2.8")
				require.Contains(t, d.Message, "starts at byte "+strconv.Itoa(len(tt.prefix)))
				require.Contains(t, d.MessageVI, "XML 1.0 §2.8")
			}
		}
	}
}

// TestContentIDPairing: a manifest reference and an attachment pair whether each writes its ContentId with or
// without the cid: scheme (RFC 2392); a difference of form is noted (EDOC-C009), a different id is not paired.
func TestContentIDPairing(t *testing.T) {
	data, err := os.ReadFile("testdata/interop/builder-document.edxml")
	require.NoError(t, err)
	tests := []struct {
		manifest, attachment string
		want                 []string
	}{
		{"cid:7816-1", "cid:7816-1", nil},
		{"cid:7816-1", "7816-1", []string{"EDOC-C009:warning"}},
		{"7816-1", "cid:7816-1", []string{"EDOC-C004:error", "EDOC-C009:warning"}},
		{"cid:7816-1", "cid:7816-2", []string{"EDOC-C001:error", "EDOC-C002:error"}},
	}
	for _, tt := range tests {
		in := bytes.Replace(data, []byte("<edXML:ContentId>cid:7816-1<"), []byte("<edXML:ContentId>"+tt.manifest+"<"), 1)
		in = bytes.Replace(in, []byte("<ContentId>cid:7816-1<"), []byte("<ContentId>"+tt.attachment+"<"), 1)
		rep, err := Validate(context.Background(), bytes.NewReader(in), ValidateOptions{At: validationDay})
		require.NoError(t, err)
		want := append([]string{"EDOC-F006:error", "EDOC-G001:info"}, tt.want...)
		sort.Strings(want)
		require.Equal(t, want, codeSeverities(rep), "%s / %s", tt.manifest, tt.attachment)
	}
}
