package signature

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// The cases below follow the examples of W3C Canonical XML 1.0 §3 and Exclusive XML Canonicalization §2,
// written anew for egov; expected outputs are derived from the rules of those specifications.
func TestCanonicalizeSpecRules(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		method   string
		prefixes []string
		want     string
	}{
		{"prolog, PIs and comments outside the document element dropped without comments",
			"<?xml version=\"1.0\"?>\n\n<?style  href=\"a\" ?>\n<!DOCTYPE d>\n<d>x<!-- c --></d>\n<!-- after -->\n<?end?>",
			C14N10, nil, "<?style href=\"a\" ?>\n<d>x</d>\n<?end?>"},
		{"comments kept with the WithComments variant, line breaks around top-level nodes",
			"<!--a--><d><!--b--></d><!--c-->", C14N10WithComments, nil, "<!--a-->\n<d><!--b--></d>\n<!--c-->"},
		{"empty elements expanded, attribute order by namespace URI then local name",
			`<e xmlns:b="urn:b" xmlns:a="urn:z" b:x="1" a:x="2" z="3" a="4"/>`, C14N10, nil,
			`<e xmlns:a="urn:z" xmlns:b="urn:b" a="4" z="3" b:x="1" a:x="2"></e>`},
		{"character and entity references expanded, special characters escaped",
			"<d a='&quot;&lt;&#9;&#10;&#13;'>&#x3C;&amp;&gt;&#13;\"'</d>", C14N10, nil,
			"<d a=\"&quot;&lt;&#x9;&#xA;&#xD;\">&lt;&amp;&gt;&#xD;\"'</d>"},
		{"line ends normalised, attribute white space normalised",
			"<d a=\"x\r\ny\tz\">1\r\n2\r3</d>", C14N10, nil, "<d a=\"x y z\">1\n2\n3</d>"},
		{"CDATA replaced by its escaped text", "<d><![CDATA[<a> & b]]></d>", C14N10, nil, "<d>&lt;a&gt; &amp; b</d>"},
		{"superfluous namespace declarations removed, xmlns=\"\" only when needed",
			`<a xmlns="urn:x"><b xmlns="urn:x"><c xmlns=""><d xmlns=""/></c></b></a>`, C14N10, nil,
			`<a xmlns="urn:x"><b><c xmlns=""><d></d></c></b></a>`},
		{"inclusive keeps unused namespaces", `<a xmlns:u="urn:u"><b/></a>`, C14N10, nil, `<a xmlns:u="urn:u"><b></b></a>`},
		{"exclusive drops unused namespaces and renders them where used",
			`<a xmlns:u="urn:u" xmlns:v="urn:v"><b u:x="1"><v:c/></b></a>`, ExcC14N, nil,
			`<a><b xmlns:u="urn:u" u:x="1"><v:c xmlns:v="urn:v"></v:c></b></a>`},
		{"exclusive InclusiveNamespaces PrefixList renders listed prefixes like inclusive",
			`<a xmlns:u="urn:u" xmlns="urn:d"><b/></a>`, ExcC14N, []string{"u", "#default"},
			`<a xmlns="urn:d" xmlns:u="urn:u"><b></b></a>`},
		{"exclusive default namespace undeclared under a prefixed parent",
			`<p:a xmlns:p="urn:p" xmlns="urn:d"><b xmlns=""/></p:a>`, ExcC14N, nil,
			`<p:a xmlns:p="urn:p"><b></b></p:a>`},
		{"C14N 1.1 whole document equals 1.0", `<a xml:lang="vi" xml:space="preserve"><b/></a>`, C14N11, nil,
			`<a xml:lang="vi" xml:space="preserve"><b></b></a>`},
		{"non-standard exclusive alias", `<a xmlns:u="urn:u"><b/></a>`, excC14NAlias, nil, `<a><b></b></a>`},
		{"UTF-8 BOM and non-ASCII text", "\xEF\xBB\xBF<d t=\"Hà Nội\">Công văn số 7816/VPCP-TTĐT</d>", C14N10, nil,
			"<d t=\"Hà Nội\">Công văn số 7816/VPCP-TTĐT</d>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			require.NoError(t, Canonicalize(&got, strings.NewReader(tc.in), tc.method, tc.prefixes))
			require.Equal(t, tc.want, got.String())
			// The same output whatever the read sizes (tokens and references split across reads).
			var slow bytes.Buffer
			require.NoError(t, Canonicalize(&slow, iotest.OneByteReader(strings.NewReader(tc.in)), tc.method, tc.prefixes))
			require.Equal(t, tc.want, slow.String())
		})
	}
}

func TestCanonicalizeSubsetApex(t *testing.T) {
	// A document subset (Reference URI="#id"): the apex renders the namespaces in scope (inclusive) and
	// inherits xml:* attributes (C14N 1.1: xml:lang and xml:space, and xml:base fixed up, here the one
	// ancestor value as it is); exclusive canonicalisation does neither.
	ctx := []nsDecl{{Prefix: "", URI: "urn:d"}, {Prefix: "p", URI: "urn:p"}, {Prefix: "u", URI: "urn:u"}}
	xmlIn := []xmlAttr{{Prefix: "xml", Local: "lang", Space: nsXML, Value: "vi"}, {Prefix: "xml", Local: "base", Space: nsXML, Value: "http://x/"}}
	sub := `<p:e a="1"><f/></p:e>`
	tests := []struct {
		method string
		want   string
	}{
		{C14N10, `<p:e xmlns="urn:d" xmlns:p="urn:p" xmlns:u="urn:u" a="1" xml:base="http://x/" xml:lang="vi"><f></f></p:e>`},
		{C14N11, `<p:e xmlns="urn:d" xmlns:p="urn:p" xmlns:u="urn:u" a="1" xml:base="http://x/" xml:lang="vi"><f></f></p:e>`},
		{ExcC14N, `<p:e xmlns:p="urn:p" a="1"><f xmlns="urn:d"></f></p:e>`},
	}
	for _, tc := range tests {
		t.Run(tc.method, func(t *testing.T) {
			m, ok := parseC14NMethod(tc.method, nil)
			require.True(t, ok)
			var got bytes.Buffer
			c := newCanonicalizer(m, &got, ctx, xmlIn)
			tz := newXMLTokenizer(strings.NewReader(sub))
			for {
				tok, err := tz.Next()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				require.NoError(t, c.token(tok))
			}
			require.NoError(t, c.flush())
			require.Equal(t, tc.want, got.String())
		})
	}
}

func TestCanonicalizeLargeText(t *testing.T) {
	// Text nodes far larger than the tokenizer's buffer stream through in chunks; references and CR LF pairs
	// that straddle chunk boundaries are decoded whole.
	unit := "ABCDEFGHIJKLMNOPQRSTUVWXYZ&amp;&#x20AC;\r\n"
	in := "<d>" + strings.Repeat(unit, 20000) + "</d>"
	want := "<d>" + strings.Repeat("ABCDEFGHIJKLMNOPQRSTUVWXYZ&amp;€\n", 20000) + "</d>"
	var got bytes.Buffer
	require.NoError(t, Canonicalize(&got, iotest.HalfReader(strings.NewReader(in)), C14N10, nil))
	require.Equal(t, want, got.String())
}

func TestCanonicalizeErrors(t *testing.T) {
	tests := []struct{ name, in, method string }{
		{"unknown method", "<a/>", "urn:nope"},
		{"mismatched end tag", "<a></b>", C14N10},
		{"undeclared entity", "<a>&nbsp;</a>", C14N10},
		{"entity declarations refused", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", C14N10},
		{"text outside the root", "<a/>x", C14N10},
		{"two roots", "<a/><b/>", C14N10},
		{"truncated", "<a><b>", C14N10},
		{"unsupported encoding", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", C14N10},
		{"duplicate attribute", `<a x="1" x="2"/>`, C14N10},
		{"empty", "", C14N10},
		{"bad character reference", "<a>&#0;</a>", C14N10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Error(t, Canonicalize(io.Discard, strings.NewReader(tc.in), tc.method, nil))
		})
	}
}

// FuzzCanonicalize checks that the canonicaliser never panics and that its output is itself canonical:
// canonicalising it again with the same method gives the same bytes.
func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		`<a xmlns="urn:a" xmlns:b="urn:b" b:x="1"><b:c>t&amp;x</b:c><!--c--><?p d?></a>`,
		"<?xml version=\"1.0\"?><!DOCTYPE a><a><![CDATA[x]]>\r\n&#x20AC;</a>",
		`<p:a xmlns:p="urn:p"><b xmlns=""/><c xml:lang="vi"/></p:a>`,
		"<a a='&lt;\t'/>",
	} {
		f.Add([]byte(s), uint8(0))
	}
	methods := []string{C14N10, C14N10WithComments, C14N11, ExcC14N, ExcC14NWithComments}
	f.Fuzz(func(t *testing.T, in []byte, m uint8) {
		method := methods[int(m)%len(methods)]
		var out bytes.Buffer
		if err := Canonicalize(&out, bytes.NewReader(in), method, nil); err != nil {
			return
		}
		var again bytes.Buffer
		if err := Canonicalize(&again, bytes.NewReader(out.Bytes()), method, nil); err != nil {
			t.Fatalf("canonical output does not parse: %v\n%q", err, out.Bytes())
		}
		if !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("canonicalisation is not idempotent:\n%q\n%q", out.Bytes(), again.Bytes())
		}
	})
}

func TestTokenizerPositions(t *testing.T) {
	doc := "<?xml version=\"1.0\"?>\n<a xmlns:p=\"urn:p\">\n  <p:b x='1'>t&amp;t</p:b>\n  <c/>\n</a>"
	tz := newXMLTokenizer(iotest.OneByteReader(strings.NewReader(doc)))
	type pos struct {
		kind        xmlTokenKind
		name, space string
		line, depth int
		offset      int64
	}
	var got []pos
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if tok.Kind == tokText && strings.TrimSpace(string(tok.Text)) == "" {
			continue
		}
		if tok.Kind == tokText && len(got) > 0 && got[len(got)-1].kind == tokText {
			continue // a text node may come in several chunks; keep the first position
		}
		got = append(got, pos{tok.Kind, tok.Local, tok.Space, tok.Line, tok.Depth, tok.Offset})
	}
	want := []pos{
		{tokStart, "a", "", 2, 1, 22},
		{tokStart, "b", "urn:p", 3, 2, 44},
		{tokText, "", "", 3, 2, 55},
		{tokEnd, "b", "urn:p", 3, 2, 62},
		{tokStart, "c", "", 4, 2, 71},
		{tokEnd, "c", "", 4, 2, 75},
		{tokEnd, "a", "", 5, 1, 76},
	}
	require.Equal(t, want, got)

	err := Canonicalize(io.Discard, strings.NewReader("<a>\n<b>\n</c></a>"), C14N10, nil)
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	require.Equal(t, 3, se.Line)
	require.Equal(t, int64(8), se.Offset)
}
