package xmlstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// event is a token reduced to what a reader sees, for comparisons.
type event struct {
	Kind  Kind
	Name  string // {space}prefix:local
	Attrs string
	Text  string
	Meta  string // depth, emptiness and undeclared prefixes of element tokens
}

// readAll tokenizes in and returns the events (text chunks merged) and the error that ended the reading.
func readAll(r io.Reader, opts Options) ([]event, error) {
	return readWith(NewTokenizer(r, opts))
}

// readWith is readAll with a given tokenizer.
func readWith(tz *Tokenizer) ([]event, error) {
	var out []event
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		ev := event{Kind: tok.Kind, Text: string(tok.Text)}
		if tok.Kind == StartElement || tok.Kind == EndElement {
			ev.Name = "{" + tok.Space + "}" + tok.QName()
			ev.Meta = fmt.Sprintf("depth=%d empty=%v undeclared=%v cdata=%v text=%q", tok.Depth, tok.Empty, tok.Undeclared,
				tok.CDATA, tok.Text)
		} else if tok.Kind == ProcInst {
			ev.Name = tok.Local
		}
		for _, a := range tok.Attrs {
			ev.Attrs += fmt.Sprintf("{%s}%s=%q ", a.Space, QName(a.Prefix, a.Local), a.Value)
		}
		for _, d := range tok.NS {
			ev.Attrs += fmt.Sprintf("xmlns:%s=%q ", d.Prefix, d.URI)
		}
		if n := len(out); n > 0 && ev.Kind == Text && out[n-1].Kind == Text {
			out[n-1].Text += ev.Text
			continue
		}
		out = append(out, ev)
	}
}

func kindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

func TestAcceptReject(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("<a>", n) + strings.Repeat("</a>", n) }
	tests := []struct {
		name string
		in   string
		want ErrorKind // 0: accepted
	}{
		{"minimal", "<a/>", 0},
		{"declaration and BOM", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", 0},
		{"empty", "", ErrEmpty},
		{"blank", " \n", ErrNoRoot},
		{"not xml", "%PDF-1.7", ErrNotXML},
		{"text after root", "<a/>x", ErrTextOutsideRoot},
		{"second root", "<a/><b/>", ErrSecondRoot},
		{"truncated", "<a><b>", ErrTruncated},
		{"truncated tag", "<a><b", ErrTruncated},
		{"truncated prolog", "<?xml", ErrSyntax},
		{"mismatched", "<a></b>", ErrMismatchedEnd},
		{"unopened end", "</a>", ErrUnopenedEnd},
		{"invalid utf-8 in text", "<a>\xff</a>", ErrInvalidUTF8},
		{"invalid utf-8 in name", "<a\xff/>", ErrInvalidUTF8},
		{"invalid utf-8 in attribute", "<a b='\xc3'/>", ErrInvalidUTF8},
		{"control character", "<a>\x01</a>", ErrBadChar},
		{"U+FFFF", "<a>\uFFFF</a>", ErrBadChar},
		{"&#xFFFE;", "<a>&#xFFFE;</a>", ErrBadCharRef},
		{"&#0;", "<a>&#0;</a>", ErrBadCharRef},
		{"surrogate reference", "<a>&#xD800;</a>", ErrBadCharRef},
		{"valid references", "<a>&#x20AC;&#8364;&lt;&amp;</a>", 0},
		{"undefined entity", "<a>&nbsp;</a>", ErrUndefinedEntity},
		{"unterminated reference", "<a>&amp</a>", ErrSyntax},
		{"CR LF and lone CR", "<a>x\r\ny\rz</a>", 0},
		{"ISO-8859-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", ErrEncoding},
		{"UTF-16 declared", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", ErrEncoding},
		{"UTF-16 BOM", "\xFF\xFE<\x00a\x00/\x00>\x00", ErrEncoding},
		{"malformed declaration", "<?xml version=\"1.0\" encoding=UTF-8?><a/>", ErrXMLDecl},
		{"declaration not first", " <?xml version=\"1.0\"?><a/>", ErrBadPI},
		{"DOCTYPE", "<!DOCTYPE a><a/>", ErrDTD},
		{"depth 65", deep(65), 0},
		{"depth 256", deep(256), 0},
		{"depth 257", deep(257), ErrLimit},
		{"depth 5000", deep(5000), ErrLimit},
		{"duplicate attribute", `<a x="1" x="2"/>`, ErrDuplicateAttr},
		{"duplicate expanded name", `<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>`, ErrDuplicateAttr},
		{"same local, other namespaces", `<a xmlns:p="u" xmlns:q="v" p:x="1" q:x="2" x="3"/>`, 0},
		{"duplicate namespace declaration", `<a xmlns:p="u" xmlns:p="v"/>`, ErrDuplicateNS},
		{"duplicate default namespace", `<a xmlns="u" xmlns="v"/>`, ErrDuplicateNS},
		{"undeclared prefix tolerated", `<p:a q:x="1"/>`, 0},
		{"empty prefix binding", `<a xmlns:p=""/>`, ErrNamespace},
		{"xmlns prefix bound", `<a xmlns:xmlns="u"/>`, ErrNamespace},
		{"xml prefix rebound", `<a xmlns:xml="u"/>`, ErrNamespace},
		{"unquoted attribute", `<a x=1/>`, ErrAttrNotQuoted},
		{"attribute without value", `<a x/>`, ErrAttrNoValue},
		{"'<' in attribute", `<a x="<"/>`, ErrLtInAttr},
		{"bad name", `<1a/>`, ErrBadName},
		{"two colons", `<a:b:c/>`, ErrBadName},
		{"double hyphen in comment", `<a><!-- x -- y --></a>`, ErrBadComment},
		{"]]> in text", `<a>x]]>y</a>`, ErrSyntax},
		{"CDATA", `<a><![CDATA[<x>]]></a>`, 0},
		{"CDATA outside root", `<![CDATA[x]]><a/>`, ErrSyntax},
		{"unknown markup", `<a><!FOO></a>`, ErrSyntax},
		{"comment and PI", "<!-- c --><?p d?><a/><!-- e -->", 0},
		{"reserved PI target", "<a><?XML x?></a>", ErrBadPI},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			whole, err := readAll(strings.NewReader(tc.in), Options{})
			require.Equal(t, tc.want, kindOf(err), "%v", err)
			if tc.want != 0 {
				var e *Error
				require.ErrorAs(t, err, &e)
				require.Positive(t, e.Line)
				require.Positive(t, e.Column)
			}
			// The same outcome and the same tokens whatever the read sizes.
			slow, err2 := readAll(iotest.OneByteReader(strings.NewReader(tc.in)), Options{})
			require.Equal(t, tc.want, kindOf(err2), "%v", err2)
			if d := cmp.Diff(whole, slow); tc.want == 0 && d != "" {
				t.Fatalf("tokens differ with one-byte reads (-whole +slow):\n%s", d)
			}
		})
	}
}

func TestDecisions(t *testing.T) {
	got, err := readAll(strings.NewReader("<a x='1\r\n2\t3&#13;'>x\r\ny\rz&#13;</a>"), Options{})
	require.NoError(t, err)
	require.Equal(t, `{}x="1 2 3\r" `, got[0].Attrs, "attribute-value normalisation, references kept")
	require.Equal(t, "x\ny\nz\r", got[1].Text, "line ends normalised, references kept")

	got, err = readAll(strings.NewReader(`<p:a xmlns:q="urn:q" q:x="1" r:y="2"><q:b/></p:a>`), Options{})
	require.NoError(t, err)
	require.Equal(t, "{}p:a", got[0].Name, "an undeclared prefix leaves the namespace empty")
	require.Equal(t, "{urn:q}q:b", got[1].Name)
	_, err = readAll(strings.NewReader(`<p:a/>`), Options{RejectUndeclaredPrefix: true})
	require.Equal(t, ErrUndeclaredPrefix, kindOf(err))

	_, err = readAll(strings.NewReader("<!DOCTYPE a [<!ELEMENT a ANY>]><a/>"), Options{DTD: DTDIgnoreInert})
	require.NoError(t, err)
	_, err = readAll(strings.NewReader("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"), Options{DTD: DTDIgnoreInert})
	require.Equal(t, ErrDTD, kindOf(err))
}

func TestUndeclaredListed(t *testing.T) {
	tz := NewTokenizer(strings.NewReader(`<p:a q:x="1" q:y="2" p:z="3"/>`), Options{})
	tok, err := tz.Next()
	require.NoError(t, err)
	require.Equal(t, []string{"p", "q"}, tok.Undeclared)
}

func TestPositionsAndRaw(t *testing.T) {
	doc := "<?xml version=\"1.0\"?>\n<a xmlns:p=\"urn:p\">\r\n  <p:b x='1'>t&amp;t</p:b>\r  <c/>\n</a>"
	tz := NewTokenizer(strings.NewReader(doc), Options{})
	type pos struct {
		Kind         Kind
		Raw          string
		Line, Column int
		Offset       int64
	}
	var got []pos
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		require.Equal(t, string(tok.Raw), doc[tok.Offset:tok.Offset+int64(len(tok.Raw))])
		got = append(got, pos{tok.Kind, string(tok.Raw), tok.Line, tok.Column, tok.Offset})
	}
	want := []pos{
		{StartElement, `<a xmlns:p="urn:p">`, 2, 1, 22},
		{Text, "\r\n  ", 2, 20, 41},
		{StartElement, "<p:b x='1'>", 3, 3, 45},
		{Text, "t&amp;t", 3, 14, 56},
		{EndElement, "</p:b>", 3, 21, 63},
		{Text, "\r  ", 3, 27, 69},
		{StartElement, "<c/>", 4, 3, 72},
		{EndElement, "", 4, 7, 76},
		{Text, "\n", 4, 7, 76},
		{EndElement, "</a>", 5, 1, 77},
	}
	require.Equal(t, want, got)

	_, err := readAll(strings.NewReader("<a>\n<b>\n  </c></a>"), Options{})
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, Error{Kind: ErrMismatchedEnd, Line: 3, Column: 3, Offset: 10, Name: "c", Name2: "b", Line2: 2}, *e)
}

func TestTextStreamsInChunks(t *testing.T) {
	unit := "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=&#x20AC;\r\n"
	in := "<d>" + strings.Repeat(unit, 20000) + "</d>"
	tz := NewTokenizer(iotest.HalfReader(strings.NewReader(in)), Options{})
	var text, raw bytes.Buffer
	chunks := 0
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if tok.Kind == Text {
			require.LessOrEqual(t, len(tok.Raw), readBuffer)
			chunks++
			text.Write(tok.Text)
			raw.Write(tok.Raw)
		}
	}
	require.Greater(t, chunks, 10)
	require.Equal(t, strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=€\n", 20000), text.String())
	require.Equal(t, strings.Repeat(unit, 20000), raw.String())
}

func TestLimits(t *testing.T) {
	attrs := func(n int) string {
		var b strings.Builder
		b.WriteString("<a")
		for i := range n {
			fmt.Fprintf(&b, " a%d='%d'", i, i)
		}
		b.WriteString("/>")
		return b.String()
	}
	tests := []struct {
		name  string
		in    string
		opts  Options
		limit Limit
	}{
		{"attributes", attrs(1025), Options{}, LimitAttrs},
		{"attributes, option", attrs(11), Options{MaxAttrs: 10}, LimitAttrs},
		{"depth, option", "<a><a><a></a></a></a>", Options{MaxDepth: 2}, LimitDepth},
		{"name", "<" + strings.Repeat("n", 1025) + "/>", Options{}, LimitName},
		{"attribute value", "<a v='" + strings.Repeat("v", 65<<10) + "'/>", Options{}, LimitAttrValue},
		{"markup", "<a><!--" + strings.Repeat("c", 5<<20) + "--></a>", Options{}, LimitMarkup},
		{"start tag", "<a" + strings.Repeat(" ", 2<<20) + "/>", Options{MaxMarkup: 1 << 20}, LimitMarkup},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readAll(strings.NewReader(tc.in), tc.opts)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, ErrLimit, e.Kind, e.Error())
			require.Equal(t, tc.limit, e.Limit)
			require.Positive(t, e.Max)
		})
	}
	_, err := readAll(strings.NewReader(attrs(1024)), Options{})
	require.NoError(t, err)
}

func TestDuplicatesAmongMany(t *testing.T) {
	var b strings.Builder
	b.WriteString("<a")
	for i := range 900 {
		fmt.Fprintf(&b, " xmlns:p%d='urn:%d' p%d:x='1'", i, i%450, i)
	}
	_, err := readAll(strings.NewReader(b.String()+"/>"), Options{MaxAttrs: 4000})
	var e *Error
	require.ErrorAs(t, err, &e, "p0:x and p450:x have the same expanded name")
	require.Equal(t, ErrDuplicateAttr, e.Kind)
	require.Equal(t, "a", e.Name2)

	b.Reset()
	b.WriteString("<a")
	for i := range 500 {
		fmt.Fprintf(&b, " xmlns:p%d='urn:%d'", i, i)
	}
	_, err = readAll(strings.NewReader(b.String()+" xmlns:p77='urn:x'/>"), Options{})
	require.ErrorAs(t, err, &e)
	require.Equal(t, ErrDuplicateNS, e.Kind)
	require.Equal(t, "p77", e.Name)
}

func TestReadErrorPassesThrough(t *testing.T) {
	boom := errors.New("boom")
	_, err := readAll(io.MultiReader(strings.NewReader("<a><b>text"), iotest.ErrReader(boom)), Options{})
	require.ErrorIs(t, err, boom)
}

func TestMessagesComplete(t *testing.T) {
	for k := ErrSyntax; k < errKindEnd; k++ {
		m, ok := messages[k]
		require.True(t, ok, "kind %d has no message", k)
		require.NotEmpty(t, m.en, "kind %d", k)
		require.NotEmpty(t, m.vi, "kind %d", k)
		require.NotEqual(t, m.en, m.vi, "kind %d", k)
	}
	for l := LimitDepth; l < limitEnd; l++ {
		m := limitTerms[l]
		require.True(t, m.en != "" && m.vi != "" && m.en != m.vi, "limit %d", l)
	}
	for c := ConstructStartTag; c < constructEnd; c++ {
		m := constructTerms[c]
		require.True(t, m.en != "" && m.vi != "" && m.en != m.vi, "construct %d", c)
	}
	// Names from the input are inserted verbatim in both languages.
	e := &Error{Kind: ErrDuplicateAttr, Name: "Ký_hiệu", Name2: "edXML:Văn-bản", Line: 3, Column: 7}
	require.Equal(t, "duplicate attribute Ký_hiệu on <edXML:Văn-bản>", e.Message(false))
	require.Equal(t, "thuộc tính Ký_hiệu bị lặp trên <edXML:Văn-bản>", e.Message(true))
	require.Equal(t, "xml: line 3, column 7: duplicate attribute Ký_hiệu on <edXML:Văn-bản>", e.Error())
	e = &Error{Kind: ErrLimit, Limit: LimitDepth, Max: 256}
	require.Equal(t, "vượt giới hạn: độ sâu phần tử lớn hơn 256", e.Message(true))
	e = &Error{Kind: ErrBadChar, Char: 0xFFFE}
	require.Equal(t, "character U+FFFE is not allowed in XML", e.Message(false))
	e = &Error{Kind: ErrSyntax, What: ConstructComment}
	require.Equal(t, "chú thích sai cú pháp", e.Message(true))
}

// TestResetReadsAsNew reads a sequence of documents with one tokenizer, reset between them (as the verifier's
// pool does), and requires the tokens and verdicts of a new tokenizer for each, whatever the previous document
// left behind: an error in the middle of an element, a buffer grown for long markup, open CDATA, many names.
func TestResetReadsAsNew(t *testing.T) {
	many := new(strings.Builder)
	many.WriteString("<r>")
	for i := range 3000 {
		fmt.Fprintf(many, "<n%d a%d='v'/>", i, i)
	}
	many.WriteString("</r>")
	docs := []struct {
		doc  string
		opts Options
	}{
		{"<a xmlns:p='urn:p' p:x='1&amp;2'>t&#x20AC;<b/><![CDATA[x]]></a>", Options{}},
		{"<a><b>\xff</b></a>", Options{}},
		{"<a><![CDATA[never closed", Options{}},
		{"<a x='" + strings.Repeat("v", 200<<10) + "'/>", Options{MaxAttrValue: 1 << 20}},
		{"<!DOCTYPE a><a>after a long tag</a>", Options{DTD: DTDIgnoreInert}},
		{"<!DOCTYPE a><a/>", Options{}},
		{many.String(), Options{}},
		{"<p:a xmlns:p='urn:q'><p:b/></p:a>", Options{SizeHint: 31}},
		{"<a>" + strings.Repeat("text &lt; ", 20000) + "</a>", Options{SizeHint: 200007}},
		{"<a><b></a>", Options{RejectUndeclaredPrefix: true}},
		{"<q:a/>", Options{RejectUndeclaredPrefix: true}},
		{"", Options{}},
		{"<a/>", Options{}},
	}
	reused := NewTokenizer(nil, Options{})
	for round := range 2 {
		for i, d := range docs {
			want, wantErr := readAll(strings.NewReader(d.doc), d.opts)
			reused.Reset(strings.NewReader(d.doc), d.opts)
			got, err := readWith(reused)
			require.Equal(t, kindOf(wantErr), kindOf(err), "round %d doc %d: %v / %v", round, i, wantErr, err)
			require.Equal(t, wantErr == nil, err == nil, "round %d doc %d", round, i)
			require.Empty(t, cmp.Diff(want, got), "round %d doc %d", round, i)
		}
	}
	require.LessOrEqual(t, cap(reused.buf), readBuffer, "a reset tokenizer keeps at most the steady-state buffer")
	reused.Reset(strings.NewReader("<a/>"), Options{})
	require.LessOrEqual(t, len(reused.names), maxRetainedNames)
}
