package xmlstream

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// FuzzTokenizer checks that the tokenizer never panics, that it reads the same tokens and reaches the same
// verdict whatever the read sizes (tokens, references, line ends and UTF-8 sequences split across reads), and
// that a reset tokenizer reads as a new one, and that every token's Raw bytes are the input's bytes at its Offset.
func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{
		"<a/>",
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a xmlns='u' xmlns:p='v' p:x='1&amp;'>t&#x20AC;\r\n<!--c--><?pi d?><![CDATA[x]]>]</a>",
		"<edXML:edXML xmlns:edXML='http://www.mic.gov.vn/TBT/QCVN_102_2016'><edXML:a>Nội dung</edXML:a></edXML:edXML>",
		"<a x='1' x='2'/>",
		"<a>&#xFFFE;</a>",
		"<a>\xff</a>",
		"<!DOCTYPE a><a/>",
		"<a><b></a>",
		"<p:a q:x='1'/>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		opts := Options{MaxDepth: 64, MaxMarkup: 1 << 16}
		whole, err := readAll(bytes.NewReader(in), opts)
		slow, err2 := readAll(iotest.OneByteReader(bytes.NewReader(in)), opts)
		if kindOf(err) != kindOf(err2) {
			t.Fatalf("verdict depends on read sizes: %v / %v", err, err2)
		}
		if err == nil {
			if d := cmp.Diff(whole, slow); d != "" {
				t.Fatalf("tokens depend on read sizes:\n%s", d)
			}
		}
		// A tokenizer reset after reading another document (as pooled ones are) reads the same.
		reused := NewTokenizer(bytes.NewReader(in[len(in)/2:]), opts)
		_, _ = readWith(reused)
		reused.Reset(bytes.NewReader(in), opts)
		again, err3 := readWith(reused)
		if kindOf(err) != kindOf(err3) || (err == nil) != (err3 == nil) {
			t.Fatalf("verdict differs after Reset: %v / %v", err, err3)
		}
		if d := cmp.Diff(whole, again); d != "" {
			t.Fatalf("tokens differ after Reset:\n%s", d)
		}
		tz := NewTokenizer(bytes.NewReader(in), opts)
		for {
			tok, err := tz.Next()
			if err != nil {
				if err != io.EOF && kindOf(err) == 0 {
					t.Fatalf("error without a kind: %v", err)
				}
				return
			}
			if end := tok.Offset + int64(len(tok.Raw)); end > int64(len(in)) || !bytes.Equal(tok.Raw, in[tok.Offset:end]) {
				t.Fatalf("Raw %q is not the input at offset %d", tok.Raw, tok.Offset)
			}
		}
	})
}
