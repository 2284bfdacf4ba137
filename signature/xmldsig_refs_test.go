package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
	"github.com/vnegov/egov/vntime"
)

const placeholder = "AAAA"

// fillTemplate completes the signature templates of doc (DigestValue and SignatureValue written as
// "AAAA"), in document order, with the leaf's key: references first, then each SignedInfo. It is the
// test-side counterpart of xmlsec1 --sign, used to build documents SignXMLEnveloped does not produce
// (Id references, several signatures, odd placements).
func fillTemplate(t testing.TB, doc string, leaf *sigtest.Leaf) []byte {
	t.Helper()
	scan, err := scanXMLSignatures(context.Background(), capSize(strings.NewReader(doc), DefaultMaxSize), DefaultXMLLookahead, "")
	require.NoError(t, err)
	require.NoError(t, scan.syntaxErr)
	out := doc
	for _, s := range scan.sigs {
		require.NoError(t, s.formatErr)
		for _, r := range s.refs {
			require.NoError(t, r.Err)
			require.NotNil(t, r.computed, "reference %q not found", r.URI)
			out = strings.Replace(out, "DigestValue>"+placeholder+"</",
				"DigestValue>"+base64.StdEncoding.EncodeToString(r.computed)+"</", 1)
		}
	}
	scan, err = scanXMLSignatures(context.Background(), capSize(strings.NewReader(out), DefaultMaxSize), DefaultXMLLookahead, "")
	require.NoError(t, err)
	for _, s := range scan.sigs {
		digest, err := s.signedInfoDigest()
		require.NoError(t, err)
		var so crypto.SignerOpts = s.method.Hash
		if s.method.PSS {
			so = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: s.method.Hash}
		}
		v, err := leaf.Key.Sign(rand.Reader, digest, so)
		require.NoError(t, err)
		if pub, ok := leaf.Key.Public().(*ecdsa.PublicKey); ok {
			v, err = ecdsaRaw(v, pub)
			require.NoError(t, err)
		}
		out = strings.Replace(out, "SignatureValue>"+placeholder+"</",
			"SignatureValue>"+base64.StdEncoding.EncodeToString(v)+"</", 1)
	}
	return []byte(out)
}

// withX509Data adds a KeyInfo with the leaf's chain to a template.
func withX509Data(tpl string, leaf *sigtest.Leaf) string {
	var b strings.Builder
	b.WriteString("</ds:SignatureValue><ds:KeyInfo><ds:X509Data>")
	for _, c := range leaf.Chain {
		b.WriteString("<ds:X509Certificate>" + base64.StdEncoding.EncodeToString(c.Raw) + "</ds:X509Certificate>")
	}
	b.WriteString("</ds:X509Data></ds:KeyInfo>")
	return strings.Replace(tpl, "</ds:SignatureValue>", b.String(), 1)
}

// sigTemplate returns a Signature template with one reference per URI.
func sigTemplate(c14n string, enveloped bool, uris ...string) string {
	var b strings.Builder
	b.WriteString(`<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="` + c14n + `"/>`)
	b.WriteString(`<ds:SignatureMethod Algorithm="` + SignatureRSASHA256 + `"/>`)
	for _, u := range uris {
		b.WriteString(`<ds:Reference URI="` + u + `"><ds:Transforms>`)
		if enveloped {
			b.WriteString(`<ds:Transform Algorithm="` + TransformEnveloped + `"/>`)
		}
		b.WriteString(`<ds:Transform Algorithm="` + c14n + `"/></ds:Transforms><ds:DigestMethod Algorithm="` + DigestSHA256 + `"/>`)
		b.WriteString(`<ds:DigestValue>` + placeholder + `</ds:DigestValue></ds:Reference>`)
	}
	b.WriteString(`</ds:SignedInfo><ds:SignatureValue>` + placeholder + `</ds:SignatureValue></ds:Signature>`)
	return b.String()
}

func TestVerifyXMLReferences(t *testing.T) {
	env := newXMLTestEnv(t)
	leaf := env.pki.Valid
	withKeyInfo := func(s string) string { return withX509Data(s, leaf) }
	fix := func(s string) string { return s }
	t.Run("id reference, inclusive subset with inherited namespaces and xml:lang", func(t *testing.T) {
		doc := `<r:root xmlns:r="urn:r" xmlns:o="urn:other" xml:lang="vi"><r:data Id="d1" o:a="1">nội dung<r:x/></r:data>` +
			withKeyInfo(sigTemplate(C14N10, false, "#d1")) + `</r:root>`
		signed := fillTemplate(t, doc, leaf)
		rep := env.verify(t, []byte(fix(string(signed))))
		requireXMLVerdict(t, rep, TotalPassed, "")
		require.False(t, rep.Signatures[0].Scope.WholeDocument)
		require.Equal(t, []string{"#d1"}, rep.Signatures[0].Scope.References)
		// The unsigned part may change; the signed element may not.
		changed := bytes.Replace(signed, []byte(`xml:lang="vi"`), []byte(`xml:lang="en"`), 1)
		requireXMLVerdict(t, env.verify(t, []byte(fix(string(changed)))), TotalFailed, HashFailure)
		changed = bytes.Replace(signed, []byte(`nội dung`), []byte(`nội dung!`), 1)
		requireXMLVerdict(t, env.verify(t, []byte(fix(string(changed)))), TotalFailed, HashFailure)
	})
	t.Run("two signatures over separate elements", func(t *testing.T) {
		doc := `<root><a Id="a">A</a><b Id="b">B</b>` + withKeyInfo(sigTemplate(ExcC14N, false, "#a")) +
			withKeyInfo(sigTemplate(C14N11, false, "#b")) + `</root>`
		rep := env.verify(t, []byte(fix(string(fillTemplate(t, doc, leaf)))))
		require.Len(t, rep.Signatures, 2)
		for _, s := range rep.Signatures {
			require.Equal(t, TotalPassed, s.Indication, xmlMessages(s))
		}
		require.Equal(t, []string{"#a"}, rep.Signatures[0].Scope.References)
		require.Equal(t, []string{"#b"}, rep.Signatures[1].Scope.References)
	})
	t.Run("two enveloped signatures: the first no longer matches", func(t *testing.T) {
		// Each enveloped signature leaves out only itself, so adding a second one breaks the first, as
		// xmlsec1 and every XML-DSig verifier agree.
		env1 := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), leaf, XMLSignOptions{})
		both := env.sign(t, env1, env.pki.ValidECDSA, XMLSignOptions{})
		rep := env.verify(t, both)
		require.Len(t, rep.Signatures, 2)
		require.Equal(t, HashFailure, rep.Signatures[0].SubIndication, xmlMessages(rep.Signatures[0]))
		require.Equal(t, TotalPassed, rep.Signatures[1].Indication, xmlMessages(rep.Signatures[1]))
	})
	t.Run("base64 transform", func(t *testing.T) {
		payload := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("tệp đính kèm ", 2000)))
		lines := ""
		for i := 0; i < len(payload); i += 76 {
			lines += payload[i:min(i+76, len(payload))] + "\r\n"
		}
		tpl := strings.Replace(withKeyInfo(sigTemplate(ExcC14N, false, "#att")), `<ds:Transform Algorithm="`+ExcC14N+`"/></ds:Transforms>`,
			`<ds:Transform Algorithm="`+TransformBase64+`"/></ds:Transforms>`, 1)
		doc := `<root><att Id="att">` + lines + `</att>` + tpl + `</root>`
		signed := fillTemplate(t, doc, leaf)
		// The digest is over the decoded bytes.
		scan, err := scanXMLSignatures(context.Background(), capSize(bytes.NewReader(signed), DefaultMaxSize), DefaultXMLLookahead, "")
		require.NoError(t, err)
		h := crypto.SHA256.New()
		h.Write([]byte(strings.Repeat("tệp đính kèm ", 2000)))
		require.Equal(t, h.Sum(nil), scan.sigs[0].refs[0].computed)
		requireXMLVerdict(t, env.verify(t, []byte(fix(string(signed)))), TotalPassed, "")
	})
}

func TestVerifyXMLWrapping(t *testing.T) {
	env := newXMLTestEnv(t)
	leaf := env.pki.Valid
	tpl := withX509Data(sigTemplate(ExcC14N, false, "#order"), leaf)
	doc := `<root><order Id="order"><amount>100</amount></order>` + tpl + `</root>`
	signed := string(fillTemplate(t, doc, leaf))
	requireXMLVerdict(t, env.verify(t, []byte(signed)), TotalPassed, "")

	tests := []struct {
		name string
		doc  string
		err  error
	}{
		// XSW: the signed element moved into a wrapper, an attacker's element with the same Id takes its place.
		{"duplicate id", strings.Replace(signed, `<root>`, `<root><order Id="order"><amount>999999</amount></order><wrapper>`, 1) + "", ErrDuplicateID},
		{"missing target", strings.Replace(signed, `Id="order"`, `Id="other"`, 1), nil},
		{"external reference", strings.Replace(signed, `URI="#order"`, `URI="http://127.0.0.1/evil.xml"`, 1), nil},
		{"detached reference", strings.Replace(signed, ` URI="#order"`, ``, 1), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.doc
			if tc.name == "duplicate id" {
				d = strings.Replace(d, `</root>`, `</wrapper></root>`, 1)
			}
			rep := env.verify(t, []byte(d))
			requireXMLVerdict(t, rep, TotalFailed, FormatFailure)
			require.Empty(t, rep.Signatures[0].Scope.References, "nothing is reported as signed")
			if tc.err != nil {
				require.ErrorIs(t, rep.Signatures[0].Err, tc.err)
			}
		})
	}
}

func TestVerifyXMLStreamingPlacement(t *testing.T) {
	env := newXMLTestEnv(t)
	big := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=\n", DefaultXMLLookahead/80+20000)
	edxml := readXMLTestdata(t, "edxml-unsigned.xml")
	large := bytes.Replace(edxml, []byte("</edXML:ContentTransferEncoded>"), []byte(big+"</edXML:ContentTransferEncoded>"), 1)
	require.Greater(t, len(large), DefaultXMLLookahead)
	t.Run("signature before the content", func(t *testing.T) {
		signed := env.sign(t, large, env.pki.Valid, XMLSignOptions{})
		requireXMLVerdict(t, env.verify(t, signed), TotalPassed, "")
		bad := bytes.Replace(signed, []byte("eXo=\nQUJD"), []byte("eXo=\nQUJE"), 1)
		requireXMLVerdict(t, env.verify(t, bad), TotalFailed, HashFailure)
	})
	t.Run("signature after the content (spooled)", func(t *testing.T) {
		signed := env.sign(t, large, env.pki.Valid, XMLSignOptions{Placement: PlaceRoot})
		requireXMLVerdict(t, env.verify(t, signed), TotalPassed, "")
	})
	t.Run("second signature after the look-ahead", func(t *testing.T) {
		first := env.sign(t, large, env.pki.Valid, XMLSignOptions{})
		both := env.sign(t, first, env.pki.Valid, XMLSignOptions{Placement: PlaceRoot})
		rep := env.verify(t, both)
		require.Len(t, rep.Signatures, 2)
		require.ErrorIs(t, rep.Signatures[1].Err, ErrLateSignature)
	})
}

func TestVerifyXMLLookaheadOptions(t *testing.T) {
	env := newXMLTestEnv(t)
	big := strings.Repeat("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=\n", 2000)
	doc := bytes.Replace(readXMLTestdata(t, "edxml-unsigned.xml"), []byte("</edXML:ContentTransferEncoded>"),
		[]byte(big+"</edXML:ContentTransferEncoded>"), 1)
	signed := env.sign(t, doc, env.pki.Valid, XMLSignOptions{Placement: PlaceRoot}) // signature after the content
	verify := func(o VerifyOptions) (*Report, error) {
		return VerifyXML(context.Background(), bytes.NewReader(signed), o)
	}
	base := env.opts
	rep, err := verify(base)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")

	small := base
	small.XMLLookahead = 4 << 10 // far less than the document: the signature is found only after spooling
	small.TempDir = t.TempDir()
	rep, err = verify(small)
	require.NoError(t, err)
	requireXMLVerdict(t, rep, TotalPassed, "")
	left, err := os.ReadDir(small.TempDir)
	require.NoError(t, err)
	require.Empty(t, left, "the spool file is removed")

	small.TempDir = filepath.Join(t.TempDir(), "missing")
	_, err = verify(small)
	require.ErrorContains(t, err, "spooling XML")
}

func TestVerifyXMLSigningTime(t *testing.T) {
	env := newXMLTestEnv(t)
	leaf := env.pki.Valid
	claimed := env.pki.Now.Add(-2 * time.Hour).In(vntime.Location()).Truncate(time.Second)
	object := `<ds:Object><xa:QualifyingProperties xmlns:xa="http://uri.etsi.org/01903/v1.3.2#"><xa:SignedProperties Id="sp">` +
		`<xa:SignedSignatureProperties><xa:SigningTime>` + claimed.Format(time.RFC3339) + `</xa:SigningTime>` +
		`</xa:SignedSignatureProperties></xa:SignedProperties></xa:QualifyingProperties></ds:Object></ds:Signature>`
	for _, tc := range []struct {
		name   string
		uris   []string
		signed bool
	}{
		{"signed properties", []string{"", "#sp"}, true},
		{"unsigned claim ignored", []string{""}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := strings.Replace(withX509Data(sigTemplate(ExcC14N, true, tc.uris...), leaf), "</ds:Signature>", object, 1)
			// Only the whole-document reference is enveloped; the #sp reference must not be.
			tpl = strings.Replace(tpl, `<ds:Reference URI="#sp"><ds:Transforms><ds:Transform Algorithm="`+TransformEnveloped+`"/>`, `<ds:Reference URI="#sp"><ds:Transforms>`, 1)
			doc := `<root><data>x</data>` + tpl + `</root>`
			rep := env.verify(t, fillTemplate(t, doc, leaf))
			requireXMLVerdict(t, rep, TotalPassed, "")
			if tc.signed {
				require.NotNil(t, rep.Signatures[0].SigningTime)
				require.True(t, claimed.Equal(*rep.Signatures[0].SigningTime))
			} else {
				require.Nil(t, rep.Signatures[0].SigningTime)
			}
		})
	}
}

func TestVerifyXMLRSAPSSParams(t *testing.T) {
	// RFC 6931 §2.3.11: rsa-pss with explicit RSAPSSParams (digest SHA-384, salt as long as the digest).
	env := newXMLTestEnv(t)
	leaf := env.pki.Valid
	tpl := withX509Data(sigTemplate(ExcC14N, true, ""), leaf)
	tpl = strings.Replace(tpl, `<ds:SignatureMethod Algorithm="`+SignatureRSASHA256+`"/>`,
		`<ds:SignatureMethod Algorithm="`+SignatureRSAPSS+`"><pss:RSAPSSParams xmlns:pss="http://www.w3.org/2007/05/xmldsig-more#">`+
			`<ds:DigestMethod Algorithm="`+DigestSHA384+`"/><pss:SaltLength>48</pss:SaltLength><pss:TrailerField>1</pss:TrailerField>`+
			`</pss:RSAPSSParams></ds:SignatureMethod>`, 1)
	doc := `<root><data>x</data>` + tpl + `</root>`
	rep := env.verify(t, fillTemplate(t, doc, leaf))
	requireXMLVerdict(t, rep, TotalPassed, "")
	var pss bool
	for _, a := range rep.Signatures[0].Algorithms {
		if a.Purpose == "signature" && strings.Contains(a.Algorithm, "PSS") {
			pss = true
		}
	}
	require.True(t, pss, "%+v", rep.Signatures[0].Algorithms)
}
