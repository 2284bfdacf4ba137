package edoc

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWellFormednessMessagesInVietnamese checks that tokenizer findings read in Vietnamese throughout, with the
// names from the input inserted unchanged.
func TestWellFormednessMessagesInVietnamese(t *testing.T) {
	tests := []struct{ in, vi string }{
		{"<edXML>\n<a></b></edXML>", "XML không đúng cú pháp: thẻ đóng </b> không khớp với <a> ở dòng 2"},
		{"<edXML a=b/>", "XML không đúng cú pháp: giá trị thuộc tính a của <edXML> không nằm trong dấu nháy"},
		{"<edXML>&nbsp;</edXML>", "XML không đúng cú pháp: thực thể &nbsp; chưa được định nghĩa"},
		{"<edXML><!-- x", "gói tin bị cắt cụt"},
		{"<edXML>" + strings.Repeat("<a>", 300), "vượt giới hạn: độ sâu phần tử lớn hơn 256"},
		{"<edXML><Ký-hiệu x='1' x='2'/></edXML>", "XML không đúng cú pháp: thuộc tính x bị lặp trên <Ký-hiệu>"},
		{"<edXML>&#xFFFE;</edXML>", "XML không đúng cú pháp: tham chiếu ký tự &#xFFFE; không hợp lệ"},
		{"<edXML>\x01</edXML>", "XML không đúng cú pháp: ký tự U+0001 không được phép trong XML"},
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
