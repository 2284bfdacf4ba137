package signature

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// The fixtures under testdata/xml/interop and the .out files under testdata/xml/c14n are produced by
// interop/make-xml-fixtures.sh with openssl, xmlsec1 and xmllint.

func interopOptions(t testing.TB) VerifyOptions {
	t.Helper()
	root := readPEMCert(t, "testdata/xml/interop/root.pem")
	signer := readPEMCert(t, "testdata/xml/interop/rsa-signer.pem")
	crl, err := os.ReadFile("testdata/xml/interop/root.crl")
	require.NoError(t, err)
	ts, err := NewTrustStore(Anchor{Name: "interop-root", Certificate: root})
	require.NoError(t, err)
	return VerifyOptions{Roots: ts, Revocation: Offline, CRLs: [][]byte{crl}, At: signer.NotBefore.Add(time.Hour)}
}

func readPEMCert(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	blk, _ := pem.Decode(b)
	require.NotNil(t, blk, path)
	c, err := x509.ParseCertificate(blk.Bytes)
	require.NoError(t, err)
	return c
}

func TestXMLInteropFixtures(t *testing.T) {
	opts := interopOptions(t)
	tests := []struct {
		file  string
		ind   Indication
		sub   SubIndication
		whole bool
		refs  []string
	}{
		{"edxml-rsa-sha256-exc.xml", TotalPassed, "", true, []string{""}},
		{"edxml-rsa-sha512-c14n.xml", TotalPassed, "", true, []string{""}},
		{"edxml-ecdsa-sha256-c14n11.xml", TotalPassed, "", true, []string{""}},
		// SHA-1 is refused by the current policy and no time stamp proves an earlier signing time.
		{"edxml-rsa-sha1-c14n.xml", Indeterminate, CryptoConstraintsFailureNoPOE, true, []string{""}},
		{"id-rsa-sha384-exc.xml", TotalPassed, "", false, []string{"#noi-dung"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join("testdata/xml/interop", tc.file))
			require.NoError(t, err)
			rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), opts)
			require.NoError(t, err)
			requireXMLVerdict(t, rep, tc.ind, tc.sub)
			require.Equal(t, tc.whole, rep.Signatures[0].Scope.WholeDocument)
			require.Equal(t, tc.refs, rep.Signatures[0].Scope.References)
		})
	}
}

func TestC14NAgainstXmllint(t *testing.T) {
	files, err := filepath.Glob("testdata/xml/c14n/*.xml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	methods := map[string]string{
		"c14n-comments":     C14N10WithComments,
		"c14n11-comments":   C14N11WithComments,
		"exc-c14n-comments": ExcC14NWithComments,
	}
	for _, f := range files {
		for suffix, method := range methods {
			t.Run(filepath.Base(f)+"/"+suffix, func(t *testing.T) {
				want, err := os.ReadFile(strings.TrimSuffix(f, ".xml") + "." + suffix + ".out")
				require.NoError(t, err)
				in, err := os.ReadFile(f)
				require.NoError(t, err)
				var got bytes.Buffer
				require.NoError(t, Canonicalize(&got, bytes.NewReader(in), method, nil))
				require.Equal(t, string(want), got.String())
			})
		}
	}
}

// xmlMutation changes a signed document the way the mutation corpus asks.
type xmlMutation struct {
	name  string
	pairs [][2]string // the first pair found in the document is applied (all occurrences when all is set)
	all   bool
}

var xmlMutations = []xmlMutation{
	{name: "unchanged"},
	{name: "content byte", pairs: [][2]string{{"Thử Nghiệm", "Thử Nghiệp"}, {"NỘI DUNG", "NỘI DUNX"}}},
	{name: "attachment byte", pairs: [][2]string{{"JVBERi0x", "JVBERi0y"}}},
	{name: "signed info byte", pairs: [][2]string{{"<DigestValue>", "<DigestValue>A"}}},
	{name: "comment inserted", pairs: [][2]string{{"<To>", "<To><!-- chú thích -->"}, {`<hs:Item so="1">`, `<hs:Item so="1"><!-- chú thích -->`}}},
	{name: "whitespace reformatted", pairs: [][2]string{{"<To>", "<To>\n    "}, {`<hs:Item so="1">`, "<hs:Item so=\"1\">\n  "}}},
	{name: "whitespace inside tags", pairs: [][2]string{{`version="1.0">`, "version = '1.0'\n  >"}, {`x:kind="form">`, "x:kind = 'form'\t>"}}},
	{name: "namespace prefix renamed", all: true, pairs: [][2]string{{"edXML:", "eX:"}, {"hs:", "h:"}}},
	{name: "attributes reordered", pairs: [][2]string{
		{`xlink:href="cid:att1" xlink:type="simple"`, `xlink:type="simple" xlink:href="cid:att1"`},
		{`Id="noi-dung" x:kind="form"`, `x:kind="form" Id="noi-dung"`}}},
}

func (m xmlMutation) apply(doc []byte) ([]byte, bool) {
	if len(m.pairs) == 0 {
		return doc, true
	}
	for _, p := range m.pairs {
		if !bytes.Contains(doc, []byte(p[0])) {
			continue
		}
		if m.all {
			// Rename the prefix in names and in its declarations.
			out := bytes.ReplaceAll(doc, []byte(p[0]), []byte(p[1]))
			from, to := "xmlns:"+strings.TrimSuffix(p[0], ":")+"=", "xmlns:"+strings.TrimSuffix(p[1], ":")+"="
			return bytes.ReplaceAll(out, []byte(from), []byte(to)), true
		}
		return bytes.Replace(doc, []byte(p[0]), []byte(p[1]), 1), true
	}
	return nil, false
}

// TestXMLDifferentialXmlsec1 runs egov and xmlsec1 on every mutation of every fixture and requires the
// same valid/invalid verdict. Valid for egov means no TOTAL_FAILED signature (the SHA-1 fixture is
// INDETERMINATE by policy, which xmlsec1 does not have).
func TestXMLDifferentialXmlsec1(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	dir := t.TempDir()
	type corpus struct {
		name string
		doc  []byte
		opts VerifyOptions
		args []string
	}
	var docs []corpus
	interop := interopOptions(t)
	files, err := filepath.Glob("testdata/xml/interop/*.xml")
	require.NoError(t, err)
	for _, f := range files {
		doc, err := os.ReadFile(f)
		require.NoError(t, err)
		args := []string{"--trusted-pem", "testdata/xml/interop/root.pem"}
		if strings.Contains(f, "/id-") {
			args = append(args, "--id-attr:Id", "Data")
		}
		docs = append(docs, corpus{filepath.Base(f), doc, interop, args})
	}
	// Documents signed by egov, judged by xmlsec1.
	env := newXMLTestEnv(t)
	rootPEM := filepath.Join(dir, "sigtest-root.pem")
	require.NoError(t, os.WriteFile(rootPEM, sigtest.PEM(env.pki.Root.Cert), 0o600))
	unsigned := readXMLTestdata(t, "edxml-unsigned.xml")
	for _, o := range []XMLSignOptions{{}, {Canonicalization: C14N10}, {Canonicalization: C14N11}} {
		docs = append(docs, corpus{"egov-signed " + o.Canonicalization, env.sign(t, unsigned, env.pki.Valid, o), env.opts,
			[]string{"--trusted-pem", rootPEM}})
	}
	docs = append(docs, corpus{"egov-signed ecdsa", env.sign(t, unsigned, env.pki.ValidECDSA, XMLSignOptions{}), env.opts,
		[]string{"--trusted-pem", rootPEM}})
	// The edXML quirk of an undeclared prefix outside the envelope: both must still agree.
	quirk := bytes.Replace(unsigned, []byte("<AttachmentEncoded>"), []byte("<edXML:AttachmentEncoded>"), 1)
	quirk = bytes.Replace(quirk, []byte("</AttachmentEncoded>"), []byte("</edXML:AttachmentEncoded>"), 1)
	docs = append(docs, corpus{"egov-signed undeclared prefix", env.sign(t, quirk, env.pki.Valid, XMLSignOptions{Canonicalization: C14N10}), env.opts,
		[]string{"--trusted-pem", rootPEM}})

	for _, c := range docs {
		for _, m := range xmlMutations {
			mutated, ok := m.apply(c.doc)
			if !ok {
				continue
			}
			t.Run(c.name+"/"+m.name, func(t *testing.T) {
				path := filepath.Join(dir, "doc.xml")
				require.NoError(t, os.WriteFile(path, mutated, 0o600))
				cmd := exec.Command(xmlsec, append(append([]string{"--verify"}, c.args...), path)...)
				out, err := cmd.CombinedOutput()
				theirs := err == nil
				rep, err := VerifyXML(context.Background(), bytes.NewReader(mutated), c.opts)
				require.NoError(t, err)
				ours := len(rep.Signatures) > 0 && rep.Indication() != TotalFailed
				msg := ""
				for _, s := range rep.Signatures {
					msg += xmlMessages(s)
				}
				require.Equal(t, theirs, ours, "xmlsec1 says %v:\n%s\negov says:\n%s", theirs, out, msg)
				if m.name == "unchanged" {
					require.True(t, ours)
				}
			})
		}
	}
}
