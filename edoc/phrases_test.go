package edoc

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTokenizerPhrasesTranslated reads the tokenizer's source and requires a Vietnamese rendering of every fixed
// syntax format and term it reports, so that a new message cannot ship in English only.
func TestTokenizerPhrasesTranslated(t *testing.T) {
	var src strings.Builder
	for _, f := range []string{"xmlscan.go", "reader.go", "tree.go"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src.Write(b)
	}
	text := src.String()
	formats := regexp.MustCompile(`syntax\("((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, formats)
	for _, m := range formats {
		_, ok := phrasesVI[m[1]]
		require.True(t, ok, "syntax format %q has no Vietnamese translation", m[1])
	}
	terms := regexp.MustCompile(`(?:readErr\(err, |fail\(ruleLimit, |contentError\(ruleLimit, |expect\("[^"]*", |skipUntil\("[^"]*", |readName\()"((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, terms)
	for _, m := range terms {
		require.NotEqual(t, m[1], termVI(m[1]), "term %q has no Vietnamese translation", m[1])
	}
}

func TestWellFormednessMessagesInVietnamese(t *testing.T) {
	tests := []struct{ in, vi string }{
		{"<edXML>\n<a></b></edXML>", "XML không đúng cú pháp: thẻ đóng </b> không khớp với <a> ở dòng 2"},
		{"<edXML a=b/>", "XML không đúng cú pháp: giá trị thuộc tính a của <edXML> không nằm trong dấu nháy"},
		{"<edXML>&nbsp;</edXML>", "XML không đúng cú pháp: thực thể &nbsp; chưa được định nghĩa"},
		{"<edXML><!-- x", "gói tin bị cắt cụt"},
		{"<edXML>" + strings.Repeat("<a>", 70), "vượt giới hạn: độ sâu phần tử lớn hơn"},
	}
	for _, tt := range tests {
		rep, err := Validate(context.Background(), strings.NewReader(tt.in), ValidateOptions{})
		require.NoError(t, err)
		var vi []string
		for _, d := range rep.Diagnostics {
			vi = append(vi, d.MessageVI)
		}
		require.Contains(t, strings.Join(vi, "\n"), tt.vi, tt.in)
	}
}
