package diag

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var ruleA = Rule{Code: "T-001", Severity: Error, Summary: "A is broken.", Message: "value %d is wrong", MessageVI: "giá trị %d sai"}
var ruleB = Rule{Code: "T-002", Severity: Warning, Message: "looks odd", MessageVI: "có vẻ lạ"}

func sample() []File {
	bad := &Report{}
	bad.Add(ruleA.At("a/b", 3, 7, 42), ruleB.New("c"))
	return []File{{Name: "bad.xml", Report: bad}, {Name: "good.xml"}}
}

func TestPhraseArgument(t *testing.T) {
	r := Rule{Code: "T-003", Message: "<%s> failed: %s", MessageVI: "<%s> lỗi: %s"}
	d := r.New("", "Nguồn", Phrase{EN: "bad digest", VI: "sai giá trị băm"})
	require.Equal(t, "<Nguồn> failed: bad digest", d.Message)
	require.Equal(t, "<Nguồn> lỗi: sai giá trị băm", d.MessageVI)
}

func TestRuleAndReport(t *testing.T) {
	d := ruleA.At("a/b", 3, 7, 42)
	require.Equal(t, Diagnostic{Code: "T-001", Severity: Error, Path: "a/b", Line: 3, Column: 7,
		Message: "value 42 is wrong", MessageVI: "giá trị 42 sai"}, d)
	require.Equal(t, "giá trị 42 sai", d.Text("vi"))
	require.Equal(t, "value 42 is wrong", d.Text("en"))
	require.Equal(t, "error T-001 line 3:7 at a/b: value 42 is wrong", d.String())
	r := &Report{}
	require.True(t, r.Valid())
	r.Add(ruleB.New(""), ruleA.At("", 1, 0, 1))
	require.False(t, r.Valid())
	require.Equal(t, 1, r.Count(Warning))
	require.True(t, r.Has("T-001"))
	require.False(t, r.Has("T-003"))
	r.Sort()
	require.Equal(t, []string{"T-002", "T-001"}, r.Codes())
	var nilReport *Report
	require.True(t, nilReport.Valid())
	require.Nil(t, nilReport.Codes())
	require.False(t, nilReport.Has("x"))
}

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Error, Warning, Info} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Severity
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, s, back)
		require.NotEqual(t, s.String(), s.StringVI())
	}
	_, err := Severity(9).MarshalText()
	require.Error(t, err)
	var s Severity
	require.Error(t, s.UnmarshalText([]byte("fatal")))
	require.Equal(t, "severity(9)", Severity(9).String())
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, "text", "en", Tool{}, sample()))
	require.Equal(t, "bad.xml: invalid\n  error T-001 line 3:7 at a/b: value 42 is wrong\n  warning T-002 at c: looks odd\ngood.xml: valid\n", b.String())
	b.Reset()
	require.NoError(t, Write(&b, "text", "vi", Tool{}, sample()))
	require.Contains(t, b.String(), "bad.xml: không hợp lệ\n  lỗi T-001")
}

// TestWriteTextVietnamese: with lang "vi" every word of the renderer is Vietnamese; the code, path, file name and
// the finding's own message are printed as given.
func TestWriteTextVietnamese(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteText(&b, "vi", sample()))
	want := "bad.xml: không hợp lệ\n" +
		"  lỗi T-001 dòng 3:7 tại a/b: " + sample()[0].Report.Diagnostics[0].MessageVI + "\n" +
		"  cảnh báo T-002 tại c: " + sample()[0].Report.Diagnostics[1].MessageVI + "\n" +
		"good.xml: hợp lệ\n"
	require.Equal(t, want, b.String())
	cases := []struct {
		d    Diagnostic
		lang string
		want string
	}{
		{Diagnostic{Code: "X-1", Severity: Info, Line: 4, Message: "m", MessageVI: "tb"}, "vi", "thông tin X-1 dòng 4: tb"},
		{Diagnostic{Code: "X-1", Severity: Info, Line: 4, Message: "m", MessageVI: "tb"}, "en", "info X-1 line 4: m"},
		{Diagnostic{Code: "X-2", Severity: Warning, Path: "p", Message: "m"}, "vi", "cảnh báo X-2 tại p: m"},
	}
	for _, c := range cases {
		require.Equal(t, c.want, FormatLine(c.d, c.lang))
	}
	b.Reset()
	require.NoError(t, WriteJUnit(&b, "vi", Tool{Name: "egov"}, sample()))
	require.Contains(t, b.String(), `<testcase name="hợp lệ" classname="good.xml">`)
	require.Contains(t, b.String(), "lỗi T-001 dòng 3:7 tại a/b")
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, "json", "en", Tool{}, sample()))
	var out struct {
		Files []struct {
			File        string           `json:"file"`
			Valid       bool             `json:"valid"`
			Diagnostics []map[string]any `json:"diagnostics"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &out))
	require.Len(t, out.Files, 2)
	require.False(t, out.Files[0].Valid)
	require.Equal(t, map[string]any{"code": "T-001", "severity": "error", "path": "a/b", "line": 3.0, "column": 7.0,
		"message": "value 42 is wrong", "message_vi": "giá trị 42 sai"}, out.Files[0].Diagnostics[0])
	require.True(t, out.Files[1].Valid)
	require.NotNil(t, out.Files[1].Diagnostics, "an empty list, not null")
}

func TestWriteJUnit(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Write(&b, "junit", "en", Tool{Name: "egov"}, sample()))
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b.Bytes(), &suites))
	require.Equal(t, 2, suites.Tests)
	require.Equal(t, 1, suites.Failures)
	require.Equal(t, "T-001", suites.Suites[0].Cases[0].Failure.Type)
	require.Nil(t, suites.Suites[1].Cases[0].Failure)
}

func TestWriteSARIF(t *testing.T) {
	var b bytes.Buffer
	tool := Tool{Name: "egov", Version: "v0", Rules: []Rule{ruleA}}
	require.NoError(t, Write(&b, "sarif", "vi", tool, sample()))
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string                `json:"ruleId"`
				RuleIndex int                   `json:"ruleIndex"`
				Level     string                `json:"level"`
				Message   struct{ Text string } `json:"message"`
				Props     map[string]string     `json:"properties"`
				Locations []struct {
					Physical struct {
						Artifact struct{ URI string } `json:"artifactLocation"`
						Region   *struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &log))
	require.Equal(t, "2.1.0", log.Version)
	run := log.Runs[0]
	require.Len(t, run.Tool.Driver.Rules, 2, "catalogue rule plus the uncatalogued T-002")
	require.Len(t, run.Results, 2)
	for _, r := range run.Results {
		require.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
	}
	require.Equal(t, "giá trị 42 sai", run.Results[0].Message.Text)
	require.Equal(t, "value 42 is wrong", run.Results[0].Props["message_en"])
	require.Equal(t, 3, run.Results[0].Locations[0].Physical.Region.StartLine)
	require.Equal(t, "bad.xml", run.Results[0].Locations[0].Physical.Artifact.URI)
	require.Equal(t, "warning", run.Results[1].Level)
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "yaml", "en", Tool{}, nil)
	require.ErrorContains(t, err, "unknown format")
	require.True(t, strings.HasPrefix(err.Error(), "diag: "))
}
