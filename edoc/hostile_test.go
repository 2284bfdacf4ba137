package edoc

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hostileCase is a package built to make a reader do more than linear work, with the outcome it must get.
type hostileCase struct {
	name string
	data []byte
	code string // the finding that refuses it, "" when it is read
}

// hostilePackages returns the sample package with, on or inside its Attachment: 200,000 attributes on one
// element, 200,000 attributes over 20,000 elements, 50,000 namespace declarations on one element and over 5,000
// elements; and a normal package of about the same size (a larger attachment) to compare with.
func hostilePackages(tb testing.TB) (normal []byte, cases []hostileCase) {
	sample := string(SamplePackage())
	onAttachment := func(attrs string) []byte {
		return []byte(strings.Replace(sample, "<Attachment>", "<Attachment"+attrs+">", 1))
	}
	inAttachment := func(elems string) []byte {
		return []byte(strings.Replace(sample, "<Attachment>", "<Attachment>"+elems, 1))
	}
	var one, spread, nsOne, nsSpread strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&one, ` a%d="v"`, i)
	}
	for i := range 20_000 {
		spread.WriteString("<Extra")
		for j := range 10 {
			fmt.Fprintf(&spread, ` a%d="v%d"`, j, i)
		}
		spread.WriteString("/>")
	}
	for i := range 50_000 {
		fmt.Fprintf(&nsOne, ` xmlns:p%d="urn:x:%d"`, i, i)
	}
	for i := range 5_000 {
		nsSpread.WriteString("<Extra")
		for j := range 10 {
			fmt.Fprintf(&nsSpread, ` xmlns:p%d="urn:x:%d"`, j, i)
		}
		nsSpread.WriteString("/>")
	}
	cases = []hostileCase{
		{"200k attributes on one element", onAttachment(one.String()), ruleLimit.Code},
		{"200k attributes on 20k elements", inAttachment(spread.String()), ""},
		{"50k namespace declarations on one element", onAttachment(nsOne.String()), ruleLimit.Code},
		{"50k namespace declarations on 5k elements", inAttachment(nsSpread.String()), ""},
	}
	// The normal package: the sample with an attachment that makes it as large as the largest hostile one.
	size := 0
	for _, c := range cases {
		size = max(size, len(c.data))
	}
	content := make([]byte, size*3/4)
	_, _ = rand.Read(content)
	copy(content, "%PDF-1.7\n")
	open := strings.Index(sample, "<edXML:ContentTransferEncoded")
	start := open + strings.Index(sample[open:], "\n") + 1
	end := strings.Index(sample, "      </edXML:ContentTransferEncoded>")
	require.Greater(tb, end, start)
	normal = []byte(sample[:start] + wrap(base64.StdEncoding.EncodeToString(content), 76, "\n") + "\n" + sample[end:])
	return normal, cases
}

// readPackage reads a package through, decoding its attachments.
func readPackage(data []byte) error {
	rd, err := NewReader(bytes.NewReader(data), ReaderOptions{})
	if err != nil {
		return err
	}
	for {
		a, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, a.Content); err != nil {
			return err
		}
	}
}

// TestHostileInputBounded reads the hostile packages (each once: they used to take from 12 to 89 s, quadratic
// in the attributes) and requires the documented outcome: a limit finding, or the package read.
func TestHostileInputBounded(t *testing.T) {
	normal, cases := hostilePackages(t)
	require.NoError(t, readPackage(normal))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := readPackage(c.data)
			if c.code == "" {
				require.NoError(t, err)
				return
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, c.code, e.Diagnostic.Code, e.Error())
		})
	}
}

// BenchmarkHostile reads each hostile package and a normal package of the same size; the ratio of their ns/op
// is the cost of hostility (the goal: comparable, i.e. a small constant).
func BenchmarkHostile(b *testing.B) {
	normal, cases := hostilePackages(b)
	cases = append([]hostileCase{{name: "normal package", data: normal}}, cases...)
	for _, c := range cases {
		b.Run(strings.ReplaceAll(c.name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				err := readPackage(c.data)
				if (err == nil) != (c.code == "") {
					b.Fatal(err)
				}
			}
		})
	}
}
