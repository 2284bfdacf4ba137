package xmlstream_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/signature"
)

// readEdoc reads a package the way consumers do (edoc's streaming reader, attachments decoded) and returns
// the subject it read, or the error that refused the package.
func readEdoc(doc []byte) (string, error) {
	rd, err := edoc.NewReader(bytes.NewReader(doc), edoc.ReaderOptions{})
	if err != nil {
		return "", err
	}
	for {
		a, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd.Package().Header.Subject, nil
		}
		if err != nil {
			return "", err
		}
		if _, err := io.Copy(io.Discard, a.Content); err != nil {
			return "", err
		}
	}
}

// readSignature reads a document the way the verifier does and returns the subject of its canonical form, or
// the reason it was refused.
func readSignature(t *testing.T, doc []byte) (string, error) {
	rep, err := signature.VerifyXML(context.Background(), bytes.NewReader(doc), signature.VerifyOptions{})
	if err != nil {
		return "", err
	}
	if len(rep.Signatures) > 0 { // the unsigned document was refused as not well-formed
		require.Equal(t, signature.FormatFailure, rep.Signatures[0].SubIndication)
		return "", errors.New(rep.Signatures[0].SubIndication.String())
	}
	var c14n bytes.Buffer
	require.NoError(t, signature.Canonicalize(&c14n, bytes.NewReader(doc), signature.C14N10, nil))
	s := c14n.String()
	start := strings.Index(s, "<edXML:Subject>") + len("<edXML:Subject>")
	end := strings.Index(s, "</edXML:Subject>")
	require.True(t, start > 0 && end > start, "canonical form without a subject")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#xD;", "\r", "&amp;", "&").Replace(s[start:end]), nil
}

// TestSameBytesSameReading feeds one corpus, built on the sample package with each of the points where the
// module's two former XML readers disagreed, through edoc's reader and through the signature verifier, and
// requires the same verdict and, when accepted, the same content.
func TestSameBytesSameReading(t *testing.T) {
	sample := string(edoc.SamplePackage())
	subject := "V/v thử nghiệm gói tin edXML mẫu của egov"
	require.Contains(t, sample, subject)
	withSubject := func(s string) string { return strings.Replace(sample, subject, s, 1) }
	nest := func(n int) string { return strings.Repeat("<x>", n) + "s" + strings.Repeat("</x>", n) }
	tests := []struct {
		name   string
		doc    string
		accept bool
		want   string // the subject both read
	}{
		{"sample", sample, true, subject},
		{"invalid UTF-8", withSubject("a\xffb"), false, ""},
		{"truncated UTF-8", withSubject("a\xe1\xbbb"), false, ""},
		{"CR LF", withSubject("a\r\nb"), true, "a\nb"},
		{"lone CR", withSubject("a\rb"), true, "a\nb"},
		{"character reference to CR", withSubject("a&#13;b"), true, "a\rb"},
		{"&#xFFFE;", withSubject("a&#xFFFE;b"), false, ""},
		{"U+FFFF", withSubject("a\uFFFFb"), false, ""},
		{"control character", withSubject("a\x0bb"), false, ""},
		{"references", withSubject("&lt;&#x20AC;&amp;&#8363;"), true, "<€&₫"},
		{"ISO-8859-1 declared", strings.Replace(sample, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), false, ""},
		{"UTF-16 declared", strings.Replace(sample, `encoding="UTF-8"`, `encoding="UTF-16"`, 1), false, ""},
		{"DOCTYPE", strings.Replace(sample, "?>\n", "?>\n<!DOCTYPE edXML>\n", 1), false, ""},
		{"depth 65", withSubject(nest(65)), true, nest(65)},
		{"depth 5000", withSubject(nest(5000)), false, ""},
		{"duplicate attribute", strings.Replace(sample, `Manifest version="1.0"`, `Manifest version="1.0" version="2.0"`, 1), false, ""},
		{"duplicate expanded attribute", strings.Replace(sample, `Manifest version="1.0"`, `Manifest xmlns:a="urn:a" xmlns:b="urn:a" a:v="1" b:v="2"`, 1), false, ""},
		{"duplicate namespace declaration", strings.Replace(sample, `Manifest version="1.0"`, `Manifest xmlns:a="urn:a" xmlns:a="urn:b"`, 1), false, ""},
		{"undeclared prefix", withSubject("<q:b>x</q:b>"), true, "<q:b>x</q:b>"},
		{"unbound prefix declaration", strings.Replace(sample, `Manifest version="1.0"`, `Manifest xmlns:a=""`, 1), false, ""},
		{"]]> in text", withSubject("a]]>b"), false, ""},
		{"mismatched end tag", withSubject("<b></c>"), false, ""},
		{"truncated", sample[:len(sample)/2], false, ""},
		{"text after the root", sample + "x", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got1, err1 := readEdoc([]byte(tc.doc))
			got2, err2 := readSignature(t, []byte(tc.doc))
			require.Equal(t, tc.accept, err1 == nil, "edoc: %v", err1)
			require.Equal(t, tc.accept, err2 == nil, "signature: %v", err2)
			if !tc.accept {
				var ee *edoc.Error
				require.ErrorAs(t, err1, &ee, "edoc refuses with a finding")
				require.True(t, strings.HasPrefix(ee.Diagnostic.Code, "EDOC-X"), ee.Diagnostic.Code)
				return
			}
			if tc.name == "undeclared prefix" || strings.HasPrefix(tc.name, "depth") {
				// edoc's model takes the subject's text only; the canonical form keeps the markup.
				require.Equal(t, tc.want, got2)
				return
			}
			require.Equal(t, tc.want, got1, "edoc")
			require.Equal(t, tc.want, got2, "signature")
		})
	}
}
