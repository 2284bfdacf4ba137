package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"encoding/base64"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// xmlTestEnv is a test PKI with verification options that trust its root and carry a fresh CRL.
type xmlTestEnv struct {
	pki  *sigtest.PKI
	opts VerifyOptions
}

func newXMLTestEnv(t testing.TB) *xmlTestEnv {
	t.Helper()
	p := sigtest.NewPKI(t)
	ts, err := NewTrustStore(Anchor{Name: "test-root", Certificate: p.Root.Cert})
	require.NoError(t, err)
	crls := [][]byte{p.Intermediate.MustCRL(t, p.Now, sigtest.CRLSpec{}), p.Root.MustCRL(t, p.Now, sigtest.CRLSpec{})}
	return &xmlTestEnv{pki: p, opts: VerifyOptions{Roots: ts, Revocation: Offline, CRLs: crls, At: p.Now}}
}

func (e *xmlTestEnv) sign(t testing.TB, doc []byte, leaf *sigtest.Leaf, o XMLSignOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, SignXMLEnveloped(context.Background(), &out, bytes.NewReader(doc), leaf.Key, leaf.Chain, o))
	return out.Bytes()
}

func (e *xmlTestEnv) verify(t testing.TB, doc []byte) *Report {
	t.Helper()
	rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), e.opts)
	require.NoError(t, err)
	return rep
}

func xmlMessages(s SignatureReport) string {
	var b strings.Builder
	for _, m := range s.Messages {
		b.WriteString(m.Code + ": " + m.Message + "\n")
	}
	return b.String()
}

func requireXMLVerdict(t testing.TB, rep *Report, ind Indication, sub SubIndication) {
	t.Helper()
	require.Len(t, rep.Signatures, 1)
	s := rep.Signatures[0]
	require.Equal(t, ind, s.Indication, xmlMessages(s))
	require.Equal(t, sub, s.SubIndication, xmlMessages(s))
}

func readXMLTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/xml/" + name)
	require.NoError(t, err)
	return b
}

func TestSignVerifyXMLRoundTrip(t *testing.T) {
	env := newXMLTestEnv(t)
	edxml := readXMLTestdata(t, "edxml-unsigned.xml")
	plain := []byte("<?xml version=\"1.0\"?>\n<!-- a comment -->\n<r:doc xmlns:r=\"urn:r\" xmlns:u=\"urn:unused\"><r:a b=\"1\" a=\"2\">x &amp; y</r:a><c/></r:doc>\n")
	tests := []struct {
		name string
		doc  []byte
		leaf *sigtest.Leaf
		opts XMLSignOptions
	}{
		{"edxml exclusive rsa-sha256", edxml, env.pki.Valid, XMLSignOptions{}},
		{"edxml inclusive", edxml, env.pki.Valid, XMLSignOptions{Canonicalization: C14N10}},
		{"edxml c14n 1.1 sha512", edxml, env.pki.Valid, XMLSignOptions{Canonicalization: C14N11, Hash: crypto.SHA512}},
		{"edxml pss sha384", edxml, env.pki.Valid, XMLSignOptions{PSS: true, Hash: crypto.SHA384}},
		{"edxml ecdsa", edxml, env.pki.ValidECDSA, XMLSignOptions{}},
		{"plain xml with comments method", plain, env.pki.Valid, XMLSignOptions{Canonicalization: ExcC14NWithComments, ID: "sig-1"}},
		{"plain xml inclusive", plain, env.pki.Valid, XMLSignOptions{Canonicalization: C14N10}},
		{"empty root", []byte(`<root xmlns="urn:x"/>`), env.pki.Valid, XMLSignOptions{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			signed := env.sign(t, tc.doc, tc.leaf, tc.opts)
			rep := env.verify(t, signed)
			requireXMLVerdict(t, rep, TotalPassed, "")
			s := rep.Signatures[0]
			require.True(t, s.Scope.WholeDocument)
			// The whole document, and the signed signing-time property (issue 9).
			require.Equal(t, []string{"", "#" + s.ID + "-signing-time"}, s.Scope.References)
			require.Equal(t, tc.leaf.Cert.Subject.String(), s.Signer.Subject)
			if tc.opts.ID != "" {
				require.Equal(t, tc.opts.ID, s.ID)
			}
			require.NotNil(t, s.SigningTime)
			require.NotContains(t, messageCodes(s), "SIG-NO-TIME")
		})
	}
}

func TestSignXMLPlacement(t *testing.T) {
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	i := bytes.Index(signed, []byte("<Signature "))
	j := bytes.Index(signed, []byte("</edXML:edXMLHeader>"))
	require.Positive(t, i)
	require.Equal(t, j, bytes.Index(signed, []byte("</Signature>"))+len("</Signature>"), "signature is the header's last child")

	signed = env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{Placement: PlaceRoot})
	require.True(t, bytes.HasSuffix(bytes.TrimSpace(signed), []byte("</Signature></edXML>")))
}

func TestVerifyXMLTampering(t *testing.T) {
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	tests := []struct {
		name   string
		mutate func([]byte) []byte
		ind    Indication
		sub    SubIndication
	}{
		{"unchanged", func(b []byte) []byte { return b }, TotalPassed, ""},
		{"header text", func(b []byte) []byte {
			return bytes.Replace(b, []byte("7816</CodeNumber>"), []byte("7817</CodeNumber>"), 1)
		}, TotalFailed, HashFailure},
		{"attachment byte", func(b []byte) []byte { return bytes.Replace(b, []byte("JVBERi0x"), []byte("JVBERi0y"), 1) }, TotalFailed, HashFailure},
		{"signed info", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<Reference URI="">`), []byte(`<Reference URI="" Id="x">`), 1)
		}, TotalFailed, SigCryptoFailure},
		{"comment inserted", func(b []byte) []byte { return bytes.Replace(b, []byte("<To>"), []byte("<To><!-- c -->"), 1) }, TotalPassed, ""},
		{"whitespace reformatted", func(b []byte) []byte { return bytes.Replace(b, []byte("<To>\n"), []byte("<To>\n  "), 1) }, TotalFailed, HashFailure},
		{"attribute whitespace", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`<edXML:edXMLManifest version="1.0">`), []byte("<edXML:edXMLManifest   version = '1.0' >"), 1)
		}, TotalPassed, ""},
		{"prefix renamed", func(b []byte) []byte {
			b = bytes.Replace(b, []byte(`xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="cid:att1" xlink:type="simple"`), []byte(`xmlns:xl="http://www.w3.org/1999/xlink" xl:href="cid:att1" xl:type="simple"`), 1)
			return b
		}, TotalFailed, HashFailure},
		{"attributes reordered", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`xlink:href="cid:att1" xlink:type="simple"`), []byte(`xlink:type="simple" xlink:href="cid:att1"`), 1)
		}, TotalPassed, ""},
		{"not well-formed", func(b []byte) []byte { return bytes.Replace(b, []byte("</To>"), []byte("</Too>"), 1) }, TotalFailed, FormatFailure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.mutate(bytes.Clone(signed))
			if tc.name != "unchanged" {
				require.NotEqual(t, signed, doc, "mutation applied")
			}
			requireXMLVerdict(t, env.verify(t, doc), tc.ind, tc.sub)
		})
	}
}

func TestVerifyXMLCertificates(t *testing.T) {
	env := newXMLTestEnv(t)
	doc := readXMLTestdata(t, "edxml-unsigned.xml")
	t.Run("revoked", func(t *testing.T) {
		// No time stamp proves the signature predates the revocation: ETSI gives INDETERMINATE/REVOKED_NO_POE.
		before := XMLSignOptions{SigningTime: env.pki.RevokedAt.Add(-time.Hour)}
		requireXMLVerdict(t, env.verify(t, env.sign(t, doc, env.pki.Revoked, before)), Indeterminate, RevokedNoPOE)
		// A signer who claims to have signed after the revocation is not believed to have signed before it.
		requireXMLVerdict(t, env.verify(t, env.sign(t, doc, env.pki.Revoked, XMLSignOptions{})), TotalFailed, Revoked)
	})
	t.Run("untrusted root", func(t *testing.T) {
		o := env.opts
		o.Roots = DefaultTrustStore()
		rep, err := VerifyXML(context.Background(), bytes.NewReader(env.sign(t, doc, env.pki.Valid, XMLSignOptions{})), o)
		require.NoError(t, err)
		requireXMLVerdict(t, rep, Indeterminate, NoCertificateChainFound)
	})
	t.Run("sha1 under current policy", func(t *testing.T) {
		// The signed signing time (now) falls under the current policy, which certainly governs.
		rep := env.verify(t, env.sign(t, doc, env.pki.Valid, XMLSignOptions{Hash: crypto.SHA1, AllowSHA1: true}))
		requireXMLVerdict(t, rep, Indeterminate, CryptoConstraintsFailure)
	})
	t.Run("sha1 refused when signing", func(t *testing.T) {
		err := SignXMLEnveloped(context.Background(), &bytes.Buffer{}, bytes.NewReader(doc), env.pki.Valid.Key, env.pki.Valid.Chain, XMLSignOptions{Hash: crypto.SHA1})
		require.Error(t, err)
	})
	t.Run("no certificate, key value only", func(t *testing.T) {
		signed := env.sign(t, doc, env.pki.Valid, XMLSignOptions{})
		pub := env.pki.Valid.Cert.PublicKey.(*rsa.PublicKey)
		kv := "<KeyInfo><KeyValue><RSAKeyValue><Modulus>" + xmlB64(pub.N.Bytes()) + "</Modulus><Exponent>AQAB</Exponent></RSAKeyValue></KeyValue></KeyInfo>"
		i := bytes.Index(signed, []byte("<KeyInfo>"))
		j := bytes.Index(signed, []byte("</KeyInfo>")) + len("</KeyInfo>")
		signed = append(append(append([]byte(nil), signed[:i]...), kv...), signed[j:]...)
		rep := env.verify(t, signed)
		requireXMLVerdict(t, rep, Indeterminate, NoSigningCertificateFound)
	})
}

func TestVerifyXMLNamespaceQuirk(t *testing.T) {
	// The edXML SDK writes <Signature> without declaring the XML-DSig namespace, so the signature sits in
	// the edXML default namespace and SignedInfo is canonicalised with that namespace.
	env := newXMLTestEnv(t)
	doc := readXMLTestdata(t, "edxml-unsigned.xml")
	for _, c14n := range []string{C14N10, ExcC14N} {
		plan, err := XMLSignOptions{Canonicalization: c14n}.plan(env.pki.Valid.Key)
		require.NoError(t, err)
		ins, digest, err := digestForSigning(context.Background(), bytes.NewReader(doc), PlaceAuto, plan)
		require.NoError(t, err)
		sig, err := plan.signatureElement(env.pki.Valid.Key, env.pki.Valid.Chain, digest, ins.ctx, ins.xmlIn, "", "")
		require.NoError(t, err)
		signed := append(append(append([]byte(nil), doc[:ins.offset]...), sig...), doc[ins.offset:]...)
		rep := env.verify(t, signed)
		requireXMLVerdict(t, rep, TotalPassed, "")
		require.Contains(t, xmlMessages(rep.Signatures[0]), "XMLDSIG-NAMESPACE")
		require.True(t, rep.Signatures[0].Scope.WholeDocument)
	}
}

func TestVerifyXMLExcC14NAlias(t *testing.T) {
	env := newXMLTestEnv(t)
	doc := readXMLTestdata(t, "edxml-unsigned.xml")
	plan, err := XMLSignOptions{Canonicalization: ExcC14N}.plan(env.pki.Valid.Key)
	require.NoError(t, err)
	ins, digest, err := digestForSigning(context.Background(), bytes.NewReader(doc), PlaceAuto, plan)
	require.NoError(t, err)
	// SDK samples name the reference transform with the non-standard alias.
	plan.c14n.URI = excC14NAlias
	sig, err := plan.signatureElement(env.pki.Valid.Key, env.pki.Valid.Chain, digest, ins.ctx, ins.xmlIn, "", NamespaceDSig)
	require.NoError(t, err)
	signed := append(append(append([]byte(nil), doc[:ins.offset]...), sig...), doc[ins.offset:]...)
	rep := env.verify(t, signed)
	requireXMLVerdict(t, rep, TotalPassed, "")
	require.Contains(t, xmlMessages(rep.Signatures[0]), "XMLDSIG-EXC-C14N-ALIAS")
}

func TestVerifyXMLNoSignature(t *testing.T) {
	env := newXMLTestEnv(t)
	rep := env.verify(t, readXMLTestdata(t, "edxml-unsigned.xml"))
	require.Empty(t, rep.Signatures)
	rep = env.verify(t, []byte("<a><b></a>"))
	requireXMLVerdict(t, rep, TotalFailed, FormatFailure)
}

func TestVerifyXMLMaxSize(t *testing.T) {
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	o := env.opts
	o.MaxSize = 100
	_, err := VerifyXML(context.Background(), bytes.NewReader(signed), o)
	require.Error(t, err)
}

func TestVerifyXMLCancelled(t *testing.T) {
	env := newXMLTestEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := VerifyXML(ctx, strings.NewReader("<a/>"), env.opts)
	require.ErrorIs(t, err, context.Canceled)
}

func xmlB64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// lyingReader reports a length shorter than what it delivers.
type lyingReader struct{ *bytes.Reader }

func (l lyingReader) Len() int { return 10 }

func TestVerifyXMLReaderLength(t *testing.T) {
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	// A reader that knows its length takes the single-parse path; a wrong length only changes buffer sizes.
	requireXMLVerdict(t, env.verify(t, signed), TotalPassed, "")
	rep, err := VerifyXML(context.Background(), lyingReader{bytes.NewReader(signed)}, env.opts)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")
	// Without a length the document is spooled and parsed twice.
	rep, err = VerifyXML(context.Background(), struct{ io.Reader }{bytes.NewReader(signed)}, env.opts)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")
}

func TestVerifyXMLIssuerSerial(t *testing.T) {
	// KeyInfo names the signer by issuer and serial only; the certificate comes from the options.
	env := newXMLTestEnv(t)
	leaf := env.pki.Valid
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), leaf, XMLSignOptions{})
	i := bytes.Index(signed, []byte("<KeyInfo>"))
	j := bytes.Index(signed, []byte("</KeyInfo>")) + len("</KeyInfo>")
	ki := "<KeyInfo><X509Data><X509IssuerSerial><X509IssuerName>" + leaf.Cert.Issuer.String() +
		"</X509IssuerName><X509SerialNumber>" + leaf.Cert.SerialNumber.String() + "</X509SerialNumber></X509IssuerSerial></X509Data></KeyInfo>"
	doc := append(append(append([]byte(nil), signed[:i]...), ki...), signed[j:]...)

	requireXMLVerdict(t, env.verify(t, doc), Indeterminate, NoSigningCertificateFound)
	o := env.opts
	o.Intermediates = leaf.Chain
	rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), o)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")
	require.Equal(t, leaf.Cert.Subject.String(), rep.Signatures[0].Signer.Subject)
}

func TestVerifyXMLEmbeddedCRL(t *testing.T) {
	// A CRL carried in X509Data is used for the offline revocation check like a supplied one.
	env := newXMLTestEnv(t)
	signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, XMLSignOptions{})
	crl := env.pki.Intermediate.MustCRL(t, env.pki.Now, sigtest.CRLSpec{})
	doc := bytes.Replace(signed, []byte("</X509Data>"), []byte("<X509CRL>"+xmlB64(crl)+"</X509CRL></X509Data>"), 1)
	o := env.opts
	o.CRLs = [][]byte{env.pki.Root.MustCRL(t, env.pki.Now, sigtest.CRLSpec{})}
	rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), o)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")
	o.CRLs = nil
	rep, err = VerifyXML(context.Background(), bytes.NewReader(signed), o)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, Indeterminate, TryLater)
}

func TestVerifyXMLUndeclaredPrefix(t *testing.T) {
	// Some packages write edXML:AttachmentEncoded outside the envelope without declaring the prefix.
	env := newXMLTestEnv(t)
	doc := bytes.Replace(readXMLTestdata(t, "edxml-unsigned.xml"), []byte("<AttachmentEncoded>"), []byte("<edXML:AttachmentEncoded>"), 1)
	doc = bytes.Replace(doc, []byte("</AttachmentEncoded>"), []byte("</edXML:AttachmentEncoded>"), 1)
	rep := env.verify(t, env.sign(t, doc, env.pki.Valid, XMLSignOptions{Canonicalization: C14N10}))
	requireXMLVerdict(t, rep, TotalPassed, "")
	require.Contains(t, xmlMessages(rep.Signatures[0]), "XMLDSIG-UNDECLARED-PREFIX")
}
