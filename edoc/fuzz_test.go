package edoc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func addPackageSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/packages/*.edxml")
	corpus, _ := filepath.Glob("testdata/interop/*.edxml")
	for _, file := range append(files, corpus...) {
		data, err := os.ReadFile(file)
		if err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("<edXML/>"))
	f.Add([]byte("<edXML xmlns:a='x'><a:b>&#x41;&amp;<![CDATA[<]]></a:b></edXML>"))
}

// FuzzReader proves that reading never panics and that failures are *Error findings.
func FuzzReader(f *testing.F) {
	addPackageSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("reader hangs on %q", data)) })
		defer watchdog.Stop()
		rd, err := NewReader(bytes.NewReader(data), ReaderOptions{MaxDepth: 32, MaxText: 1 << 16})
		if err != nil {
			var e *Error
			require.ErrorAs(t, err, &e)
			return
		}
		for i := 0; i < 100; i++ {
			a, err := rd.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					var e *Error
					require.ErrorAs(t, err, &e)
				}
				return
			}
			if i%2 == 0 {
				_, _ = io.Copy(io.Discard, a.Content)
			}
		}
	})
}

// FuzzValidate proves that validation never panics and reports broken input as findings.
func FuzzValidate(f *testing.F) {
	addPackageSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := Validate(context.Background(), bytes.NewReader(data), ValidateOptions{Profile: Interop, At: validationDay})
		require.NoError(t, err)
		for _, d := range rep.Diagnostics {
			require.NotEmpty(t, d.Code)
			require.NotEmpty(t, d.Message)
		}
	})
}

// xmlSafe turns fuzz text into what a package can carry: valid UTF-8 without control characters, trimmed (the
// reader trims element text).
func xmlSafe(s string, max int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "")
	}
	return strings.TrimSpace(s)
}

// FuzzRoundTrip proves read(write(p)) == p for arbitrary text and content.
func FuzzRoundTrip(f *testing.F) {
	f.Add("Văn phòng Chính phủ", "231", "QĐ-VPCP", "Về việc <thử> & \"kiểm\"", []byte("%PDF-1.4"), uint16(3), 2)
	f.Add("", "", "", "", []byte{}, uint16(0), 0)
	f.Add("a\u0301", "1", "x", "\r\n", bytes.Repeat([]byte{0xff}, 5000), uint16(65535), 3)
	f.Fuzz(func(t *testing.T, name, number, notation, subject string, content []byte, pages uint16, btype int) {
		p := buildPackage()
		p.Header.From.OrganName = xmlSafe(name, 300)
		p.Header.Code = Code{CodeNumber: xmlSafe(number, 20), CodeNotation: xmlSafe(notation, 40)}
		p.Header.Subject = xmlSafe(subject, 600)
		p.Header.OtherInfo.PageAmount = pages
		p.Business.DocType = BusinessDocType(uint(btype) % 4)
		p.Attachments[0].Content = bytes.NewReader(content)
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, p))
		rd, contents, err := readAll(t, bytes.NewReader(buf.Bytes()), ReaderOptions{})
		require.NoError(t, err)
		require.Equal(t, []string{string(content)}, contents)
		if d := cmp.Diff(p, rd.Package(), ignoreStreams); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
		_, err = Validate(context.Background(), bytes.NewReader(buf.Bytes()), ValidateOptions{At: time.Now()})
		require.NoError(t, err)
		// The quick tag plan never passes what go-playground refuses.
		for i := range p.Attachments {
			p.Attachments[i].Content = nil
		}
		if quickPass(reflect.ValueOf(p).Elem()) {
			require.True(t, playgroundPasses(t, p))
		}
	})
}
