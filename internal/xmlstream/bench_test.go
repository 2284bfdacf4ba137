package xmlstream

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"
)

// tokenize reads a document through and returns the error that ended it (nil at EOF).
func tokenize(doc []byte) error {
	tz := NewTokenizer(bytes.NewReader(doc), Options{MaxAttrs: 1 << 20})
	for {
		if _, err := tz.Next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// BenchmarkHostile tokenizes, with the attribute limit lifted so that the uniqueness checks run in full, 200,000
// attributes on one element, 200,000 attributes over 20,000 elements and 50,000 namespace declarations on one
// element, against a document of the same size made of base64 text; compare the ns/op.
func BenchmarkHostile(b *testing.B) {
	var one, spread, ns strings.Builder
	one.WriteString("<a")
	for i := range 200_000 {
		fmt.Fprintf(&one, ` a%d="v"`, i)
	}
	one.WriteString("/>")
	spread.WriteString("<r>")
	for i := range 20_000 {
		spread.WriteString("<e")
		for j := range 10 {
			fmt.Fprintf(&spread, ` a%d="v%d"`, j, i)
		}
		spread.WriteString("/>")
	}
	spread.WriteString("</r>")
	ns.WriteString("<a")
	for i := range 50_000 {
		fmt.Fprintf(&ns, ` xmlns:p%d="urn:x:%d"`, i, i)
	}
	ns.WriteString("/>")
	size := max(one.Len(), spread.Len(), ns.Len())
	text := "<r>" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("egov"), size/4*3/4)) + "</r>"
	for _, c := range []struct{ name, doc string }{
		{"normal-text", text}, {"200k-attrs-one-element", one.String()},
		{"200k-attrs-20k-elements", spread.String()}, {"50k-ns-one-element", ns.String()},
	} {
		doc := []byte(c.doc)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if err := tokenize(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
