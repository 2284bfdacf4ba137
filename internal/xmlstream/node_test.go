package xmlstream

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func buildTree(t *testing.T, doc string, limit int) (*Node, error) {
	t.Helper()
	tz := NewTokenizer(strings.NewReader(doc), Options{})
	b := NewBuilder(limit, "/r")
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			return b.Root(), nil
		}
		require.NoError(t, err)
		done, err := b.Add(tok)
		if err != nil || done {
			return b.Root(), err
		}
	}
}

func TestBuilder(t *testing.T) {
	doc := "<h xmlns='urn:h' v='1'>\n <To>a</To><!--c--><To> b <![CDATA[c]]> </To><From x:y='2' xmlns:x='urn:x'/></h>"
	root, err := buildTree(t, doc, 1<<20)
	require.NoError(t, err)
	require.Equal(t, "urn:h", root.Space)
	v, ok := root.Attr("v")
	require.True(t, ok)
	require.Equal(t, "1", v)
	tos := root.Elements("To")
	require.Len(t, tos, 2)
	require.Equal(t, "/r/h/To[2]", tos[1].Path())
	require.Equal(t, "/r/h/To", tos[0].Path())
	require.Equal(t, "b c", tos[1].Value())
	require.Equal(t, " b c ", tos[1].TextContent())
	require.Equal(t, 2, tos[1].Line)
	require.Len(t, root.Children, 5, "text, To, comment, To, From: everything in document order")
	require.Len(t, root.Elems, 3)
	from := root.Child("From")
	require.Equal(t, "urn:x", from.Attrs[0].Space)
	require.Equal(t, []NSDecl{{Prefix: "x", URI: "urn:x"}}, from.NS)
	require.Nil(t, root.Child("Nope").Child("Deeper"), "lookups chain through nil")
	require.Equal(t, "", root.Child("Nope").Value())

	split, err := buildTree(t, "<a>x<!--c-->yy<b>no</b>zzz</a>", 1<<20)
	require.NoError(t, err)
	require.Equal(t, "xyyzzz", split.TextContent(), "text children around other nodes, concatenated")
	require.Equal(t, "no", split.Child("b").TextContent())
	require.Equal(t, "", split.Child("b").Child("c").TextContent())

	_, err = buildTree(t, "<h>"+strings.Repeat("<a/>", 100)+"</h>", 1000)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, LimitTree, e.Limit)
}

// TestBuilderReset builds trees one after another with one builder, reset between them, and requires the
// tree a new builder builds each time, and the same limit.
func TestBuilderReset(t *testing.T) {
	docs := []string{
		"<h xmlns='urn:h' v='1'>\n <To>a</To><!--c--><To> b <![CDATA[c]]> </To><From x:y='2' xmlns:x='urn:x'/></h>",
		"<r>" + strings.Repeat("<a k='v'>t</a>", 300) + "</r>",
		"<s/>",
		"<t>" + strings.Repeat("x", 5000) + "<u/>" + strings.Repeat("y", 70) + "</t>",
	}
	reused := NewBuilder(1<<20, "/r")
	for round := range 2 {
		for i, doc := range docs {
			want, err := buildTree(t, doc, 1<<20)
			require.NoError(t, err)
			reused.Reset(1<<20, "/r")
			tz := NewTokenizer(strings.NewReader(doc), Options{})
			for {
				tok, err := tz.Next()
				require.NoError(t, err)
				done, err := reused.Add(tok)
				require.NoError(t, err)
				if done {
					break
				}
			}
			got := reused.Root()
			require.Equal(t, dump(want), dump(got), "round %d doc %d", round, i)
			if k := len(want.Elems); k > 0 {
				require.Equal(t, want.Elems[k-1].Path(), got.Elems[k-1].Path())
			}
		}
	}
	reused.Reset(100, "")
	_, err := reused.Add(&Token{Kind: StartElement, Local: strings.Repeat("n", 200)})
	var e *Error
	require.ErrorAs(t, err, &e, "the new limit applies")
	require.Positive(t, reused.Retained())
}

// dump renders a tree with every field a reader uses.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		fmt.Fprintf(&b, "%*s%d %s{%s} %v %v %q %d:%d elems=%d\n", depth, "", n.Kind, n.QName(), n.Space, n.Attrs, n.NS,
			n.Text, n.Line, n.Column, len(n.Elems))
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
