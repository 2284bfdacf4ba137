package signature

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// The fixtures under testdata/xml/producers are produced by interop/producers.sh (openssl, xmlsec1, xmllint):
// the forms real Vietnamese producers write. Every test compares egov's verdict with xmlsec1's.

const producersDir = "testdata/xml/producers"

// producersOptions trusts the producers' root and validates one hour after its CRL was issued (every
// certificate of the fixtures was issued before).
func producersOptions(t testing.TB) VerifyOptions {
	t.Helper()
	root := readPEMCert(t, filepath.Join(producersDir, "root.pem"))
	crlDER, err := os.ReadFile(filepath.Join(producersDir, "root.crl"))
	require.NoError(t, err)
	crl, err := x509.ParseRevocationList(crlDER)
	require.NoError(t, err)
	ts, err := NewTrustStore(Anchor{Name: "producers-root", Certificate: root})
	require.NoError(t, err)
	return VerifyOptions{Roots: ts, Revocation: Offline, CRLs: [][]byte{crlDER}, At: crl.ThisUpdate.Add(time.Hour)}
}

// xmlsec1Verifies runs xmlsec1 --verify on doc with the producers' root and reports whether it accepts it.
func xmlsec1Verifies(t *testing.T, xmlsec string, doc []byte) (bool, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.xml")
	require.NoError(t, os.WriteFile(path, doc, 0o600))
	out, err := exec.Command(xmlsec, "--verify", "--trusted-pem", filepath.Join(producersDir, "root.pem"),
		"--id-attr:Id", "DLHDon", path).CombinedOutput()
	return err == nil, string(out)
}

// producerOutcome is what the tests compare: egov's verdict, what it says was signed and when, and xmlsec1's.
type producerOutcome struct {
	Indication    Indication
	SubIndication SubIndication
	Policy        string
	SigningTime   string
	References    []string
	Xmlsec1       bool
}

func outcomeOf(s SignatureReport, xmlsec bool) producerOutcome {
	o := producerOutcome{Indication: s.Indication, SubIndication: s.SubIndication, Policy: s.Policy,
		References: s.Scope.References, Xmlsec1: xmlsec}
	if s.SigningTime != nil {
		o.SigningTime = s.SigningTime.In(time.FixedZone("ICT", 7*3600)).Format(time.RFC3339)
	}
	return o
}

func messageCodes(s SignatureReport) []string {
	var codes []string
	for _, m := range s.Messages {
		codes = append(codes, m.Code)
	}
	return codes
}

func TestXMLProducers(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	opts := producersOptions(t)
	tests := []struct {
		file  string
		want  producerOutcome
		codes []string // messages that must be present
	}{{
		// Issue 14.1: a zone-less SigningTime is Vietnam time; the 2022 SHA-1 invoice falls under the legacy
		// policy (before: no signing time, current policy, CRYPTO_CONSTRAINTS_FAILURE_NO_POE).
		file: "zoneless-signingtime.xml",
		want: producerOutcome{Indication: TotalPassed, Policy: "legacy", SigningTime: "2022-03-10T01:09:49+07:00",
			References: []string{"#data", "#SigningTime"}, Xmlsec1: true},
		codes: []string{"SIG-CLAIMED-TIME-ZONELESS", "SIG-ALGORITHM-LEGACY"},
	}, {
		// The same property unsigned: ignored, with a warning, as any unsigned claim.
		file:  "unsigned-signingtime.xml",
		want:  producerOutcome{Indication: TotalPassed, Policy: "current", References: []string{"#data"}, Xmlsec1: true},
		codes: []string{"SIG-SIGNING-TIME-UNSIGNED", "SIG-NO-TIME"},
	}, {
		// Issue 14.2: a signer certificate with a negative serial number (before: TOTAL_FAILED/FORMAT_FAILURE).
		file:  "negative-serial.xml",
		want:  producerOutcome{Indication: TotalPassed, Policy: "current", References: []string{"#data"}, Xmlsec1: true},
		codes: []string{"SIG-CERT-NEGATIVE-SERIAL"},
	}, {
		// Issue 14.3: exc-c14n then c14n in one reference (before: unsupported transform chain).
		file: "double-c14n.xml",
		want: producerOutcome{Indication: TotalPassed, Policy: "current", SigningTime: "2025-10-10T01:09:49+07:00",
			References: []string{"#data", "#SigningTime"}, Xmlsec1: true},
		codes: []string{"SIG-CLAIMED-TIME-ZONELESS"},
	}, {
		// Issue 14.4, .NET reading: the property is digested and signed; xmlsec1 (W3C rule) refuses it.
		file: "ref-to-signatureproperty-dotnet.xml",
		want: producerOutcome{Indication: TotalPassed, Policy: "current", SigningTime: "2025-10-10T01:09:49+07:00",
			References: []string{"#data", "#SigningTimeProperty"}, Xmlsec1: false},
		codes: []string{"SIG-XML-ENVELOPED-INSIDE", "SIG-CLAIMED-TIME-ZONELESS"},
	}, {
		// Issue 14.4, W3C reading: the digest is of nothing, so the property and its time are not signed.
		file:  "ref-to-signatureproperty-w3c.xml",
		want:  producerOutcome{Indication: TotalPassed, Policy: "current", References: []string{"#data"}, Xmlsec1: true},
		codes: []string{"SIG-XML-ENVELOPED-INSIDE", "SIG-NO-TIME"},
	}}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join(producersDir, tc.file))
			require.NoError(t, err)
			rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), opts)
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			s := rep.Signatures[0]
			theirs, out := xmlsec1Verifies(t, xmlsec, doc)
			got := outcomeOf(s, theirs)
			require.Empty(t, cmp.Diff(tc.want, got), "egov:\n%sxmlsec1:\n%s", xmlMessages(s), out)
			require.Subset(t, messageCodes(s), tc.codes, xmlMessages(s))
			for _, m := range s.Messages {
				require.NotEmpty(t, m.MessageVI, m.Code)
			}
		})
	}
}

// TestXMLProducersTampered checks that the tolerant readings do not weaken verification: a changed byte in
// the signed data, the signed signing time or the property of the .NET reading is TOTAL_FAILED, as xmlsec1
// says for the fixtures it accepts.
func TestXMLProducersTampered(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	opts := producersOptions(t)
	tests := []struct {
		file, from, to string
	}{
		{"zoneless-signingtime.xml", "2022-03-10T01:09:49", "2026-03-10T01:09:49"},
		{"zoneless-signingtime.xml", "<SHDon>42</SHDon>", "<SHDon>43</SHDon>"},
		{"negative-serial.xml", "<SHDon>42</SHDon>", "<SHDon>43</SHDon>"},
		{"double-c14n.xml", "2025-10-10T01:09:49", "2025-10-10T01:09:50"},
		{"double-c14n.xml", "<SHDon>42</SHDon>", "<SHDon>43</SHDon>"},
		{"ref-to-signatureproperty-dotnet.xml", "2025-10-10T01:09:49", "2024-10-10T01:09:49"},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.to, func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join(producersDir, tc.file))
			require.NoError(t, err)
			require.True(t, bytes.Contains(doc, []byte(tc.from)))
			doc = bytes.Replace(doc, []byte(tc.from), []byte(tc.to), 1)
			rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), opts)
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			require.Equal(t, TotalFailed, rep.Signatures[0].Indication, xmlMessages(rep.Signatures[0]))
			require.Equal(t, HashFailure, rep.Signatures[0].SubIndication)
			theirs, _ := xmlsec1Verifies(t, xmlsec, doc)
			require.False(t, theirs)
		})
	}
}

func TestParseXSDateTime(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		in       string
		want     time.Time
		zoneless bool
		ok       bool
	}{
		{"2025-10-10T01:09:49", time.Date(2025, 10, 10, 1, 9, 49, 0, ict), true, true},
		{"2025-10-10T01:09:49.250", time.Date(2025, 10, 10, 1, 9, 49, 250e6, ict), true, true},
		{"2025-10-10T01:09:49Z", time.Date(2025, 10, 10, 1, 9, 49, 0, time.UTC), false, true},
		{"2025-10-10T08:09:49+07:00", time.Date(2025, 10, 10, 1, 9, 49, 0, time.UTC), false, true},
		{"2025-10-10", time.Time{}, false, false},
		{"10/10/2025 01:09:49", time.Time{}, false, false},
		{"2025-13-10T01:09:49", time.Time{}, false, false},
		{"", time.Time{}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, zoneless, ok := parseXSDateTime(tc.in)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.zoneless, zoneless)
			require.True(t, tc.want.Equal(got), "got %v want %v", got, tc.want)
		})
	}
}

// TestParseCertificateNegativeSerial checks the tolerant parser keeps the original bytes and the real serial,
// and that the issuer's signature still verifies over them.
func TestParseCertificateNegativeSerial(t *testing.T) {
	pemData, err := os.ReadFile(filepath.Join(producersDir, "negative-serial.pem"))
	require.NoError(t, err)
	certs, err := ParseCertificatesPEM(pemData)
	require.NoError(t, err)
	c := certs[0]
	require.Equal(t, "-1234abcd", c.SerialNumber.Text(16))
	root := readPEMCert(t, filepath.Join(producersDir, "root.pem"))
	require.NoError(t, c.CheckSignatureFrom(root))
	// The same DER must not parse with crypto/x509 alone (the reason for the tolerant path).
	_, err = x509.ParseCertificate(c.Raw)
	require.ErrorContains(t, err, "negative serial")
	// A corrupted copy (the signature over the TBS no longer matches) keeps failing the issuer check.
	bad := bytes.Clone(c.Raw)
	bad[len(bad)-1] ^= 1
	cb, err := parseCertificate(bad)
	require.NoError(t, err)
	require.Error(t, cb.CheckSignatureFrom(root))
	// Other defects are still refused.
	_, err = parseCertificate(c.Raw[:len(c.Raw)-10])
	require.Error(t, err)
}

// TestSignXMLSigningTime covers issue 9: SignXMLEnveloped writes a signed signing time that egov reports
// (no SIG-NO-TIME warning) and xmlsec1 still verifies; changing the time breaks the signature for both.
func TestSignXMLSigningTime(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	env := newXMLTestEnv(t)
	rootPEM := filepath.Join(t.TempDir(), "root.pem")
	require.NoError(t, os.WriteFile(rootPEM, sigtest.PEM(env.pki.Root.Cert), 0o600))
	when := env.pki.Now.Add(-time.Hour).In(time.FixedZone("ICT", 7*3600))
	tests := []struct {
		name   string
		opts   XMLSignOptions
		tamper bool
		want   producerOutcome
	}{
		{"exclusive", XMLSignOptions{SigningTime: when, ID: "chu-ky-1"}, false,
			producerOutcome{Indication: TotalPassed, Policy: "current", SigningTime: when.Format(time.RFC3339),
				References: []string{"", "#chu-ky-1-signing-time"}, Xmlsec1: true}},
		{"inclusive, generated Id", XMLSignOptions{SigningTime: when, Canonicalization: C14N10}, false,
			producerOutcome{Indication: TotalPassed, Policy: "current", SigningTime: when.Format(time.RFC3339), Xmlsec1: true}},
		{"signing time changed", XMLSignOptions{SigningTime: when, ID: "chu-ky-1"}, true,
			producerOutcome{Indication: TotalFailed, SubIndication: HashFailure, SigningTime: when.Add(time.Minute).Format(time.RFC3339)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			signed := env.sign(t, readXMLTestdata(t, "edxml-unsigned.xml"), env.pki.Valid, tc.opts)
			if tc.tamper {
				stamp := []byte(when.Format(time.RFC3339))
				require.True(t, bytes.Contains(signed, stamp))
				signed = bytes.Replace(signed, stamp, []byte(when.Add(time.Minute).Format(time.RFC3339)), 1)
			}
			rep := env.verify(t, signed)
			require.Len(t, rep.Signatures, 1)
			s := rep.Signatures[0]
			path := filepath.Join(t.TempDir(), "signed.xml")
			require.NoError(t, os.WriteFile(path, signed, 0o600))
			out, err := exec.Command(xmlsec, "--verify", "--trusted-pem", rootPEM, path).CombinedOutput()
			got := outcomeOf(s, err == nil)
			if tc.want.References == nil {
				tc.want.References = []string{"", "#" + s.ID + "-signing-time"}
			}
			require.Empty(t, cmp.Diff(tc.want, got), "egov:\n%sxmlsec1:\n%s", xmlMessages(s), out)
			if !tc.tamper {
				require.Contains(t, messageCodes(s), "SIG-CLAIMED-TIME")
				require.NotContains(t, messageCodes(s), "SIG-NO-TIME")
			}
		})
	}
}

// TestXMLChainedC14NSpooled signs, with xmlsec1, a document whose chained references (exc-c14n then c14n,
// over an element and over the whole document) are larger than the in-memory part of the chain's spool, and
// requires egov to agree with xmlsec1 and to leave no temporary file behind.
func TestXMLChainedC14NSpooled(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	env := newXMLTestEnv(t)
	signed, dir := xmlsec1ChainedDocument(t, xmlsec, env, xmlChainMemory*3/2, true)
	root := filepath.Join(dir, "root.pem")
	spoolDir := t.TempDir()
	for _, tc := range []struct {
		name   string
		doc    []byte
		passed bool
	}{
		{"as signed", signed, true},
		{"one byte changed", bytes.Replace(signed, []byte(`so="9999999"`), []byte(`so="9999998"`), 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := env.opts
			opts.TempDir = spoolDir
			rep, err := VerifyXML(context.Background(), bytes.NewReader(tc.doc), opts)
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			path := filepath.Join(dir, "doc.xml")
			require.NoError(t, os.WriteFile(path, tc.doc, 0o600))
			theirs := exec.Command(xmlsec, "--verify", "--trusted-pem", root, "--id-attr:Id", "Data", path).Run() == nil
			ours := rep.Signatures[0].Indication != TotalFailed
			require.Equal(t, []bool{tc.passed, tc.passed}, []bool{theirs, ours}, xmlMessages(rep.Signatures[0]))
			left, err := os.ReadDir(spoolDir)
			require.NoError(t, err)
			require.Empty(t, left, "spool files left behind")
		})
	}
}

// TestXMLChainedC14NLimits checks the documented bounds of chained canonicalizations: more than
// xmlMaxChainedC14N further methods in a reference, or more than xmlMaxChainedRefs chained references in a
// signature, is FORMAT_FAILURE with the reason, not unbounded work.
func TestXMLChainedC14NLimits(t *testing.T) {
	ref := func(n int) string {
		tr := ""
		for range n {
			tr += `<Transform Algorithm="` + ExcC14N + `"/>`
		}
		return `<Reference URI="#d"><Transforms>` + tr + `</Transforms><DigestMethod Algorithm="` + DigestSHA256 +
			`"/><DigestValue>AAAA</DigestValue></Reference>`
	}
	doc := func(refs string) []byte {
		return []byte(`<r><d Id="d">x</d><Signature xmlns="` + NamespaceDSig + `"><SignedInfo><CanonicalizationMethod Algorithm="` +
			ExcC14N + `"/><SignatureMethod Algorithm="` + SignatureRSASHA256 + `"/>` + refs +
			`</SignedInfo><SignatureValue>AAAA</SignatureValue></Signature></r>`)
	}
	tests := []struct {
		name, refs, want string
	}{
		{"too many methods", ref(xmlMaxChainedC14N + 2), "canonicalizations in one reference"},
		{"too many chained references", strings.Repeat(ref(2), xmlMaxChainedRefs+1), "references with chained canonicalizations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := VerifyXML(context.Background(), bytes.NewReader(doc(tc.refs)), VerifyOptions{Revocation: Offline})
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			s := rep.Signatures[0]
			require.Equal(t, []any{TotalFailed, FormatFailure}, []any{s.Indication, s.SubIndication})
			require.Contains(t, xmlMessages(s), tc.want)
		})
	}
}

// TestXMLUnparsedCertificate: a certificate crypto/x509 cannot read (here truncated) is a missing signing
// certificate (INDETERMINATE with the reason), not a malformed signature (TOTAL_FAILED); xmlsec1 cannot use
// it either and refuses the signature.
func TestXMLUnparsedCertificate(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	doc, err := os.ReadFile(filepath.Join(producersDir, "negative-serial.xml"))
	require.NoError(t, err)
	i := bytes.Index(doc, []byte("<X509Certificate>")) + len("<X509Certificate>")
	j := bytes.Index(doc, []byte("</X509Certificate>"))
	require.Positive(t, i)
	der, err := decodeBase64Text(string(doc[i:j]))
	require.NoError(t, err)
	truncated := base64.StdEncoding.EncodeToString(der[:len(der)/2])
	doc = append(append(append([]byte(nil), doc[:i]...), truncated...), doc[j:]...)
	rep, err := VerifyXML(context.Background(), bytes.NewReader(doc), producersOptions(t))
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	s := rep.Signatures[0]
	theirs, _ := xmlsec1Verifies(t, xmlsec, doc)
	require.Empty(t, cmp.Diff([]any{Indeterminate, NoSigningCertificateFound, false}, []any{s.Indication, s.SubIndication, theirs}))
	require.Contains(t, messageCodes(s), "SIG-CERT-UNPARSED")
}

// xmlsec1ChainedDocument has xmlsec1 sign a document of about size bytes with two references, to an element
// and to the whole document, each with exc-c14n then (when chained) c14n. It returns the signed document and
// the directory holding root.pem, the trust anchor for xmlsec1.
func xmlsec1ChainedDocument(tb testing.TB, xmlsec string, env *xmlTestEnv, size int, chained bool) ([]byte, string) {
	tb.Helper()
	dir := tb.TempDir()
	keyPEM, err := sigtest.KeyPEM(env.pki.Valid.Key)
	require.NoError(tb, err)
	key, cert := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
	inter, root := filepath.Join(dir, "inter.pem"), filepath.Join(dir, "root.pem")
	require.NoError(tb, os.WriteFile(key, keyPEM, 0o600))
	require.NoError(tb, os.WriteFile(cert, sigtest.PEM(env.pki.Valid.Cert), 0o600))
	require.NoError(tb, os.WriteFile(inter, sigtest.PEM(env.pki.Intermediate.Cert), 0o600))
	require.NoError(tb, os.WriteFile(root, sigtest.PEM(env.pki.Root.Cert), 0o600))
	second := ""
	if chained {
		second = `<Transform Algorithm="` + C14N10 + `"/>`
	}
	ref := func(uri string, enveloped bool) string {
		tr := ""
		if enveloped {
			tr = `<Transform Algorithm="` + TransformEnveloped + `"/>`
		}
		return `<Reference URI="` + uri + `"><Transforms>` + tr + `<Transform Algorithm="` + ExcC14N + `"/>` + second +
			`</Transforms><DigestMethod Algorithm="` + DigestSHA256 + `"/><DigestValue/></Reference>`
	}
	var doc bytes.Buffer
	doc.WriteString(`<hs:HoSo xmlns:hs="urn:egov:test:hoso" xmlns:u="urn:unused"><hs:Data Id="d">`)
	for i := 0; doc.Len() < size; i++ {
		doc.WriteString(`<hs:Item so="` + strings.Repeat("9", i%7+1) + `">Nội dung &amp; đính kèm</hs:Item>` + "\n")
	}
	doc.WriteString(`</hs:Data><Signature xmlns="` + NamespaceDSig + `"><SignedInfo><CanonicalizationMethod Algorithm="` + ExcC14N +
		`"/><SignatureMethod Algorithm="` + SignatureRSASHA256 + `"/>` + ref("#d", false) + ref("", true) +
		`</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></hs:HoSo>`)
	tpl, signedPath := filepath.Join(dir, "tpl.xml"), filepath.Join(dir, "signed.xml")
	require.NoError(tb, os.WriteFile(tpl, doc.Bytes(), 0o600))
	out, err := exec.Command(xmlsec, "--sign", "--privkey-pem", key+","+cert+","+inter, "--id-attr:Id", "Data", "--output", signedPath, tpl).CombinedOutput()
	require.NoError(tb, err, string(out))
	signed, err := os.ReadFile(signedPath)
	require.NoError(tb, err)
	return signed, dir
}

// BenchmarkXMLChainedC14N measures the cost of a second canonicalization in a reference (exc-c14n then c14n,
// re-parsed) against one, on a 1.5 MB document signed by xmlsec1, and xmlsec1 --verify (a process per
// verification) on the chained document in the same run. Run:
//
//	go test ./signature -run '^$' -bench XMLChainedC14N -benchmem
func BenchmarkXMLChainedC14N(b *testing.B) {
	xmlsec, err := exec.LookPath("xmlsec1")
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal("xmlsec1 is not installed (Debian package xmlsec1); CI must install it")
		}
		b.Skip("xmlsec1 is not installed (Debian package xmlsec1); the benchmark needs it to sign")
	}
	env := newXMLTestEnv(b)
	env.opts.Cache = &RevocationCache{}
	ctx := context.Background()
	for _, chained := range []bool{false, true} {
		doc, dir := xmlsec1ChainedDocument(b, xmlsec, env, 3<<19, chained)
		name := map[bool]string{false: "single", true: "chained"}[chained]
		b.Run("egov-"+name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := VerifyXML(ctx, bytes.NewReader(doc), env.opts)
				if err != nil || rep.Indication() != TotalPassed {
					b.Fatalf("egov: %v %v", err, rep)
				}
			}
		})
		if !chained {
			continue
		}
		path := filepath.Join(dir, "signed.xml")
		b.Run("xmlsec1-"+name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if out, err := exec.Command(xmlsec, "--verify", "--trusted-pem", filepath.Join(dir, "root.pem"), "--id-attr:Id", "Data", path).CombinedOutput(); err != nil {
					b.Fatalf("xmlsec1: %v %s", err, out)
				}
			}
		})
	}
}

// TestSignXMLInheritedXMLAttrs: with inclusive canonicalization, SignedInfo and the signing-time Object
// inherit the xml:* attributes of the element the signature is placed in (C14N 1.0/1.1 §2.4), as the
// verifier and xmlsec1 canonicalize them; before, egov's own verifier refused such signatures. In C14N 1.1
// xml:base is not inherited but fixed up: the values of every ancestor are joined (§2.4), as xmlsec1 does.
func TestSignXMLInheritedXMLAttrs(t *testing.T) {
	xmlsec := needTool(t, "xmlsec1", "xmlsec1")
	env := newXMLTestEnv(t)
	rootPEM := filepath.Join(t.TempDir(), "root.pem")
	require.NoError(t, os.WriteFile(rootPEM, sigtest.PEM(env.pki.Root.Cert), 0o600))
	edxml := bytes.Replace(readXMLTestdata(t, "edxml-unsigned.xml"), []byte("<edXML:edXMLHeader>"),
		[]byte(`<edXML:edXMLHeader xml:lang="vi" xml:space="preserve">`), 1)
	require.Contains(t, string(edxml), `xml:lang="vi"`)
	tests := []struct {
		name string
		doc  []byte
		opts XMLSignOptions
	}{
		{"root xml:lang, c14n 1.0", []byte(`<r xml:lang="vi" xml:space="preserve"><a>x</a></r>`), XMLSignOptions{Canonicalization: C14N10}},
		{"root xml:lang, c14n 1.1", []byte(`<r xml:lang="vi" xml:space="default"><a>x</a></r>`), XMLSignOptions{Canonicalization: C14N11}},
		{"root xml:lang, exclusive", []byte(`<r xml:lang="vi"><a>x</a></r>`), XMLSignOptions{}},
		{"edXML header xml:lang, c14n 1.0", edxml, XMLSignOptions{Canonicalization: C14N10}},
		{"root absolute xml:base, c14n 1.1", []byte(`<r xml:base="http://example.org/a/b/doc.xml"><a>x</a></r>`), XMLSignOptions{Canonicalization: C14N11}},
		{"xml:base chain, c14n 1.0 (nearest)", withBases(edxml, "http://example.org/a/", "b/c/", "d/"), XMLSignOptions{Canonicalization: C14N10}},
		{"xml:base chain absolute, c14n 1.1", withBases(edxml, "http://example.org/a/", "b/c/", "d/"), XMLSignOptions{Canonicalization: C14N11}},
		{"xml:base chain relative with .., c14n 1.1", withBases(edxml, "top/", "foo/bar/", "../x/"), XMLSignOptions{Canonicalization: C14N11}},
		{"xml:base .. and a file, c14n 1.1", withBases(edxml, "http://example.org/a/b/doc.xml", "..", "../y/z.xml"), XMLSignOptions{Canonicalization: C14N11}},
		{"xml:base climbing above a relative start, c14n 1.1", withBases(edxml, "", "p/", "../../q/"), XMLSignOptions{Canonicalization: C14N11}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			signed := env.sign(t, tc.doc, env.pki.Valid, tc.opts)
			rep := env.verify(t, signed)
			require.Len(t, rep.Signatures, 1)
			path := filepath.Join(t.TempDir(), "signed.xml")
			require.NoError(t, os.WriteFile(path, signed, 0o600))
			out, err := exec.Command(xmlsec, "--verify", "--trusted-pem", rootPEM, path).CombinedOutput()
			got := []any{rep.Signatures[0].Indication, err == nil}
			require.Empty(t, cmp.Diff([]any{TotalPassed, true}, got), "egov:\n%sxmlsec1:\n%s", xmlMessages(rep.Signatures[0]), out)
		})
	}
}

// withBases gives the edXML document's root, envelope and header the xml:base values root, env and header
// ("" leaves one out).
func withBases(edxml []byte, root, env, header string) []byte {
	for _, r := range []struct{ open, base string }{{"<edXML ", root}, {"<edXML:edXMLEnvelope ", env}, {"<edXML:edXMLHeader ", header}} {
		if r.base != "" {
			edxml = bytes.Replace(edxml, []byte(r.open), []byte(r.open+`xml:base="`+r.base+`" `), 1)
		}
	}
	return edxml
}

// TestCMSNegativeSerial: the negative-serial signer of the producers in a detached CMS signature made by
// openssl cms (interop/producers.sh) verifies in egov as in openssl cms -verify, with the warning.
func TestCMSNegativeSerial(t *testing.T) {
	openssl := needTool(t, "openssl", "openssl")
	sig, err := os.ReadFile("testdata/cms/negative-serial.p7s")
	require.NoError(t, err)
	content, err := os.ReadFile("testdata/cms/content.txt")
	require.NoError(t, err)
	tests := []struct {
		name    string
		content []byte
		want    []any
	}{
		{"as signed", content, []any{TotalPassed, SubIndication(""), true}},
		{"content changed", append(bytes.Clone(content), '!'), []any{TotalFailed, HashFailure, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := VerifyCMS(context.Background(), sig, bytes.NewReader(tc.content), producersOptions(t))
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 1)
			s := rep.Signatures[0]
			path := filepath.Join(t.TempDir(), "content.txt")
			require.NoError(t, os.WriteFile(path, tc.content, 0o600))
			out, err := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", "testdata/cms/negative-serial.p7s",
				"-content", path, "-CAfile", filepath.Join(producersDir, "root.pem"), "-purpose", "any", "-out", os.DevNull).CombinedOutput()
			got := []any{s.Indication, s.SubIndication, err == nil}
			require.Empty(t, cmp.Diff(tc.want, got), "egov:\n%sopenssl:\n%s", xmlMessages(s), out)
			if tc.want[0] == TotalPassed {
				require.Contains(t, messageCodes(s), "SIG-CERT-NEGATIVE-SERIAL")
				require.Equal(t, "-1234ABCD", s.Signer.Serial)
			}
		})
	}
}
