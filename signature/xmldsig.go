package signature

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	_ "crypto/sha1" // registers SHA-1 for legacy XML-DSig (policy decides whether it is acceptable)
	_ "crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/internal/xmlstream"
	"github.com/vnegov/egov/vntime"
)

// XML-DSig namespaces and algorithm identifiers (W3C XML Signature 1.1, RFC 6931).
const (
	NamespaceDSig      = "http://www.w3.org/2000/09/xmldsig#"
	namespaceDSig11    = "http://www.w3.org/2009/xmldsig11#"
	namespaceDSigMore7 = "http://www.w3.org/2007/05/xmldsig-more#"

	TransformEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	TransformBase64    = "http://www.w3.org/2000/09/xmldsig#base64"

	DigestSHA1   = "http://www.w3.org/2000/09/xmldsig#sha1"
	DigestSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
	DigestSHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
	DigestSHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"

	SignatureRSASHA1     = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	SignatureRSASHA256   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	SignatureRSASHA384   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
	SignatureRSASHA512   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
	SignatureECDSASHA1   = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"
	SignatureECDSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
	SignatureECDSASHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
	SignatureECDSASHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
	// RSASSA-PSS with MGF1 and a salt as long as the digest (RFC 6931 §2.3.10).
	SignatureRSAPSSSHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
	SignatureRSAPSSSHA384 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1"
	SignatureRSAPSSSHA512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"
	// RSASSA-PSS with explicit RSAPSSParams (RFC 6931 §2.3.11).
	SignatureRSAPSS = "http://www.w3.org/2007/05/xmldsig-more#rsa-pss"
)

// digestMethods maps XML digest URIs to hashes.
func digestHash(uri string) crypto.Hash {
	switch uri {
	case DigestSHA1:
		return crypto.SHA1
	case "http://www.w3.org/2001/04/xmldsig-more#sha224":
		return crypto.SHA224
	case DigestSHA256:
		return crypto.SHA256
	case DigestSHA384:
		return crypto.SHA384
	case DigestSHA512:
		return crypto.SHA512
	case namespaceDSigMore7 + "sha3-224":
		return crypto.SHA3_224
	case namespaceDSigMore7 + "sha3-256":
		return crypto.SHA3_256
	case namespaceDSigMore7 + "sha3-384":
		return crypto.SHA3_384
	case namespaceDSigMore7 + "sha3-512":
		return crypto.SHA3_512
	}
	return 0
}

// sigMethod is a parsed SignatureMethod.
type sigMethod struct {
	URI  string
	Key  x509.PublicKeyAlgorithm
	Hash crypto.Hash
	PSS  bool
	Salt int // PSS salt length; 0 = the digest length
}

func parseSigMethod(uri string) (sigMethod, bool) {
	m := sigMethod{URI: uri}
	const more = "http://www.w3.org/2001/04/xmldsig-more#"
	switch uri {
	case SignatureRSASHA1:
		m.Key, m.Hash = x509.RSA, crypto.SHA1
	case more + "rsa-sha224":
		m.Key, m.Hash = x509.RSA, crypto.SHA224
	case SignatureRSASHA256:
		m.Key, m.Hash = x509.RSA, crypto.SHA256
	case SignatureRSASHA384:
		m.Key, m.Hash = x509.RSA, crypto.SHA384
	case SignatureRSASHA512:
		m.Key, m.Hash = x509.RSA, crypto.SHA512
	case SignatureECDSASHA1:
		m.Key, m.Hash = x509.ECDSA, crypto.SHA1
	case more + "ecdsa-sha224":
		m.Key, m.Hash = x509.ECDSA, crypto.SHA224
	case SignatureECDSASHA256:
		m.Key, m.Hash = x509.ECDSA, crypto.SHA256
	case SignatureECDSASHA384:
		m.Key, m.Hash = x509.ECDSA, crypto.SHA384
	case SignatureECDSASHA512:
		m.Key, m.Hash = x509.ECDSA, crypto.SHA512
	case namespaceDSigMore7 + "sha1-rsa-MGF1":
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA1, true
	case namespaceDSigMore7 + "sha224-rsa-MGF1":
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA224, true
	case SignatureRSAPSSSHA256:
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA256, true
	case SignatureRSAPSSSHA384:
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA384, true
	case SignatureRSAPSSSHA512:
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA512, true
	case namespaceDSigMore7 + "sha3-256-rsa-MGF1":
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA3_256, true
	case namespaceDSigMore7 + "sha3-384-rsa-MGF1":
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA3_384, true
	case namespaceDSigMore7 + "sha3-512-rsa-MGF1":
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA3_512, true
	case SignatureRSAPSS:
		m.Key, m.Hash, m.PSS = x509.RSA, crypto.SHA256, true // RSAPSSParams may override
	default:
		return m, false
	}
	return m, true
}

// The XML reader of the package is internal/xmlstream, the module's one tokenizer (so that the verifier
// reads the same bytes into the same tree as edoc does). These aliases keep the XML-DSig code short.
type (
	xmlToken     = xmlstream.Token
	xmlTokenKind = xmlstream.Kind
	xmlAttr      = xmlstream.Attr
	nsDecl       = xmlstream.NSDecl
	nsStack      = xmlstream.Scope
	xnode        = xmlstream.Node
)

const (
	tokStart   = xmlstream.StartElement
	tokEnd     = xmlstream.EndElement
	tokText    = xmlstream.Text
	tokComment = xmlstream.Comment
	tokPI      = xmlstream.ProcInst
	nsXML      = xmlstream.NamespaceXML
)

// SyntaxError reports XML that is not well-formed, or over a limit of the reader, with its position (line,
// column, byte offset) and kind.
type SyntaxError = xmlstream.Error

// xmlReadOptions are the reader limits of verification and signing: the module's defaults, so that a
// document is accepted or refused here exactly as edoc accepts or refuses it.
func xmlReadOptions(sizeHint int64) xmlstream.Options {
	return xmlstream.Options{SizeHint: sizeHint}
}

// newXMLTokenizer returns a tokenizer with the reader limits of verification.
func newXMLTokenizer(r io.Reader) *xmlstream.Tokenizer {
	return xmlstream.NewTokenizer(r, xmlReadOptions(0))
}

// replay feeds the subtree of n to a canonicalizer as tokens.
func replay(n *xnode, c *canonicalizer, depth int) error {
	tok := xmlToken{Kind: n.Kind, Prefix: n.Prefix, Local: n.Local, Space: n.Space, Attrs: n.Attrs, NS: n.NS,
		Text: n.Text, Depth: depth, Line: n.Line}
	if err := c.token(&tok); err != nil {
		return err
	}
	if n.Kind != tokStart {
		return nil
	}
	for _, ch := range n.Children {
		if err := replay(ch, c, depth+1); err != nil {
			return err
		}
	}
	end := xmlToken{Kind: tokEnd, Prefix: n.Prefix, Local: n.Local, Space: n.Space, Depth: depth}
	return c.token(&end)
}

// xmlReference is one parsed ds:Reference.
type xmlReference struct {
	URI          string
	ID           string // target Id for same-document references
	Whole        bool   // URI="" or "#xpointer(/)": the whole document
	KeepComments bool   // "#xpointer(...)" forms keep comments
	Enveloped    bool
	Base64       bool
	C14N         c14nMethod
	Then         []c14nMethod // further canonicalizations, each over the re-parsed output of the previous one
	Inside       bool         // an Id reference to an element inside its own Signature, with the enveloped transform
	Digest       crypto.Hash
	DigestURI    string
	DigestValue  []byte
	Err          error // unsupported or malformed reference (FORMAT_FAILURE)

	computed []byte
	found    int  // elements carrying the target Id
	empty    bool // Inside and the digest is that of an empty node-set (the W3C reading): nothing is signed
}

// xmlSignature is one parsed ds:Signature with what its verification needs.
type xmlSignature struct {
	ordinal   int    // 1-based index of the Signature element among the document's elements
	id        string // Id attribute
	root      *xnode
	signedInf *xnode
	ctx       []nsDecl  // namespace bindings in scope at the Signature element (its own included)
	xmlIn     []xmlAttr // xml:* attributes SignedInfo inherits
	c14n      c14nMethod
	method    sigMethod
	refs      []*xmlReference
	value     []byte
	certs     []*x509.Certificate
	issuer    *issuerSerial
	keyValue  crypto.PublicKey
	signTime  time.Time
	signText  string // the SigningTime as written
	zoneless  bool   // the SigningTime was written without a zone and read as Vietnam time
	// unsignedTime is a SigningTime value that no Reference covers (ignored, reported), "" if none.
	unsignedTime string
	crls         [][]byte // X509CRL and XAdES EncapsulatedCRLValue
	ocsps        [][]byte // XAdES EncapsulatedOCSPValue
	formatErr    error
	late         bool
	warnings     []diag.Diagnostic
}

type issuerSerial struct {
	Issuer string
	Serial *big.Int
}

var errUnsupportedTransforms = errors.New("signature: unsupported transform chain")

func xmlFormatErr(format string, args ...any) error {
	return fmt.Errorf("signature: XML-DSig: "+format, args...)
}

// parseXMLSignature interprets a captured Signature element. It returns nil when the element is not an
// XML-DSig signature (an element named Signature without SignedInfo).
func parseXMLSignature(root *xnode) *xmlSignature {
	si := root.FirstElement()
	if si == nil || si.Local != "SignedInfo" {
		if root.Space == NamespaceDSig {
			return &xmlSignature{root: root, formatErr: xmlFormatErr("Signature without SignedInfo")}
		}
		return nil
	}
	s := &xmlSignature{root: root, signedInf: si}
	s.id, _ = root.Attr("Id")
	if root.Space != NamespaceDSig {
		s.warnings = append(s.warnings, ruleXMLNamespace.New("", root.Space))
	}
	s.formatErr = s.parse()
	return s
}

func (s *xmlSignature) parse() error {
	si := s.signedInf
	cm := si.Child("CanonicalizationMethod")
	if cm == nil {
		return xmlFormatErr("SignedInfo without CanonicalizationMethod")
	}
	alg, _ := cm.Attr("Algorithm")
	m, ok := parseC14NMethod(alg, inclusivePrefixes(cm))
	if !ok {
		return xmlFormatErr("unsupported CanonicalizationMethod %q", alg)
	}
	s.noteAlias(m)
	s.c14n = m
	sm := si.Child("SignatureMethod")
	if sm == nil {
		return xmlFormatErr("SignedInfo without SignatureMethod")
	}
	alg, _ = sm.Attr("Algorithm")
	meth, ok := parseSigMethod(alg)
	if !ok {
		return xmlFormatErr("unsupported SignatureMethod %q", alg)
	}
	if alg == SignatureRSAPSS {
		if err := parseXMLPSSParams(sm, &meth); err != nil {
			return err
		}
	}
	s.method = meth
	refs := si.Elements("Reference")
	if len(refs) == 0 {
		return xmlFormatErr("SignedInfo without Reference")
	}
	inside := idsWithin(s.root, map[string]bool{})
	chained := 0
	for _, r := range refs {
		ref := s.parseReference(r)
		ref.Inside = ref.Enveloped && ref.ID != "" && inside[ref.ID]
		if len(ref.Then) > 0 {
			if chained++; chained > xmlMaxChainedRefs {
				ref.Err = errors.Join(ref.Err, fmt.Errorf("%w: more than %d references with chained canonicalizations", errUnsupportedTransforms, xmlMaxChainedRefs))
			}
		}
		s.refs = append(s.refs, ref)
	}
	sv := s.root.Child("SignatureValue")
	if sv == nil {
		return xmlFormatErr("Signature without SignatureValue")
	}
	v, err := decodeBase64Text(sv.TextContent())
	if err != nil {
		return xmlFormatErr("SignatureValue: %v", err)
	}
	s.value = v
	if ki := s.root.Child("KeyInfo"); ki != nil {
		if err := s.parseKeyInfo(ki); err != nil {
			return err
		}
	}
	s.findSigningTime()
	return s.collectRevocationValues(s.root)
}

func (s *xmlSignature) noteAlias(m c14nMethod) {
	for _, w := range s.warnings {
		if w.Code == "XMLDSIG-EXC-C14N-ALIAS" {
			return
		}
	}
	if m.Alias {
		s.warnings = append(s.warnings, ruleXMLExcC14NAlias.New("", m.URI, ExcC14N))
	}
}

// inclusivePrefixes reads an ec:InclusiveNamespaces PrefixList child.
func inclusivePrefixes(n *xnode) []string {
	for _, c := range n.Children {
		if c.Kind == tokStart && c.Local == "InclusiveNamespaces" {
			pl, _ := c.Attr("PrefixList")
			return strings.Fields(pl)
		}
	}
	return nil
}

func parseXMLPSSParams(sm *xnode, m *sigMethod) error {
	p := sm.Child("RSAPSSParams")
	if p == nil {
		return nil
	}
	if dm := p.Child("DigestMethod"); dm != nil {
		alg, _ := dm.Attr("Algorithm")
		if m.Hash = digestHash(alg); m.Hash == 0 {
			return xmlFormatErr("unsupported RSA-PSS DigestMethod %q", alg)
		}
	}
	if mgf := p.Child("MaskGenerationFunction"); mgf != nil {
		alg, _ := mgf.Attr("Algorithm")
		if alg != namespaceDSigMore7+"MGF1" && alg != "http://www.w3.org/2007/05/xmldsig-more#MGF1" {
			return xmlFormatErr("unsupported RSA-PSS mask generation function %q", alg)
		}
		if dm := mgf.Child("DigestMethod"); dm != nil {
			alg, _ := dm.Attr("Algorithm")
			if digestHash(alg) != m.Hash {
				return xmlFormatErr("RSA-PSS with an MGF1 digest different from the message digest is not supported")
			}
		}
	}
	if sl := p.Child("SaltLength"); sl != nil {
		n, err := strconv.Atoi(strings.TrimSpace(sl.TextContent()))
		if err != nil || n < 0 || n > 1024 {
			return xmlFormatErr("invalid RSA-PSS SaltLength")
		}
		m.Salt = n
	}
	if tf := p.Child("TrailerField"); tf != nil && strings.TrimSpace(tf.TextContent()) != "1" {
		return xmlFormatErr("unsupported RSA-PSS TrailerField")
	}
	return nil
}

// parseReference interprets one Reference. Problems are kept on the reference (FORMAT_FAILURE).
func (s *xmlSignature) parseReference(n *xnode) *xmlReference {
	r := &xmlReference{}
	uri, has := n.Attr("URI")
	r.URI = uri
	switch {
	case !has:
		r.Err = xmlFormatErr("Reference without URI (detached content) is not supported")
	case uri == "":
		r.Whole = true
	case uri == "#xpointer(/)":
		r.Whole, r.KeepComments = true, true
	case strings.HasPrefix(uri, "#xpointer(id(") && strings.HasSuffix(uri, "))"):
		id := strings.TrimSuffix(strings.TrimPrefix(uri, "#xpointer(id("), "))")
		if len(id) >= 2 && (id[0] == '\'' || id[0] == '"') && id[len(id)-1] == id[0] {
			r.ID, r.KeepComments = id[1:len(id)-1], true
		} else {
			r.Err = xmlFormatErr("malformed Reference URI %q", uri)
		}
	case strings.HasPrefix(uri, "#") && len(uri) > 1 && !strings.ContainsAny(uri, "()"):
		r.ID = uri[1:]
	default:
		r.Err = xmlFormatErr("Reference URI %q points outside the document (outside the signed scope)", uri)
	}
	dm := n.Child("DigestMethod")
	dv := n.Child("DigestValue")
	if dm == nil || dv == nil {
		r.Err = errors.Join(r.Err, xmlFormatErr("Reference %q without DigestMethod or DigestValue", uri))
		return r
	}
	r.DigestURI, _ = dm.Attr("Algorithm")
	if r.Digest = digestHash(r.DigestURI); r.Digest == 0 {
		r.Err = errors.Join(r.Err, xmlFormatErr("unsupported DigestMethod %q", r.DigestURI))
	}
	v, err := decodeBase64Text(dv.TextContent())
	if err != nil {
		r.Err = errors.Join(r.Err, xmlFormatErr("DigestValue: %v", err))
	}
	r.DigestValue = v
	// Transforms: enveloped-signature (node-set to node-set), then one C14N or base64. Further C14N
	// transforms are allowed after a C14N (XML-DSig 1.1 §6.6.1: the octets of one are parsed again into the
	// node-set of the next), as an e-invoice producer writes exc-c14n then c14n.
	r.C14N, _ = parseC14NMethod(C14N10, nil)
	final, c14n := false, false
	if ts := n.Child("Transforms"); ts != nil {
		for _, t := range ts.Elements("Transform") {
			alg, _ := t.Attr("Algorithm")
			m, isC14N := parseC14NMethod(alg, inclusivePrefixes(t))
			if final && !(c14n && isC14N) {
				r.Err = errors.Join(r.Err, fmt.Errorf("%w: %q after a canonicalization or base64 transform", errUnsupportedTransforms, alg))
				break
			}
			switch {
			case alg == TransformEnveloped:
				r.Enveloped = true
			case alg == TransformBase64:
				r.Base64, final = true, true
			case !isC14N:
				r.Err = errors.Join(r.Err, fmt.Errorf("%w: %q", errUnsupportedTransforms, alg))
			case c14n:
				s.noteAlias(m)
				r.Then = append(r.Then, m)
			default:
				s.noteAlias(m)
				r.C14N, final, c14n = m, true, true
			}
		}
	}
	if len(r.Then) > xmlMaxChainedC14N {
		r.Err = errors.Join(r.Err, fmt.Errorf("%w: more than %d canonicalizations in one reference", errUnsupportedTransforms, xmlMaxChainedC14N+1))
	}
	if r.Base64 && r.Whole {
		r.Err = errors.Join(r.Err, fmt.Errorf("%w: base64 over the whole document", errUnsupportedTransforms))
	}
	return r
}

func (s *xmlSignature) parseKeyInfo(ki *xnode) error {
	for _, xd := range ki.Elements("X509Data") {
		for _, c := range xd.Elements("X509Certificate") {
			der, err := decodeBase64Text(c.TextContent())
			if err != nil {
				return xmlFormatErr("X509Certificate: %v", err)
			}
			cert, err := parseCertificate(der)
			if err != nil {
				// A certificate Go cannot read is not a malformed signature: without a usable one the
				// verdict is INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND, with this reason beside it.
				s.warnings = append(s.warnings, ruleCertUnparsed.New("", err.Error()))
				continue
			}
			s.certs = append(s.certs, cert)
		}
		for _, c := range xd.Elements("X509CRL") {
			der, err := decodeBase64Text(c.TextContent())
			if err != nil {
				return xmlFormatErr("X509CRL: %v", err)
			}
			s.crls = append(s.crls, der)
		}
		if is := xd.Child("X509IssuerSerial"); is != nil {
			in, sn := is.Child("X509IssuerName"), is.Child("X509SerialNumber")
			if in == nil || sn == nil {
				return xmlFormatErr("incomplete X509IssuerSerial")
			}
			serial, ok := new(big.Int).SetString(strings.TrimSpace(sn.TextContent()), 10)
			if !ok {
				return xmlFormatErr("X509SerialNumber is not a decimal integer")
			}
			s.issuer = &issuerSerial{Issuer: strings.TrimSpace(in.TextContent()), Serial: serial}
		}
	}
	if kv := ki.Child("KeyValue"); kv != nil {
		k, err := parseKeyValue(kv)
		if err != nil {
			return err
		}
		s.keyValue = k
	}
	return nil
}

func parseKeyValue(kv *xnode) (crypto.PublicKey, error) {
	if rk := kv.Child("RSAKeyValue"); rk != nil {
		mod, e := rk.Child("Modulus"), rk.Child("Exponent")
		if mod == nil || e == nil {
			return nil, xmlFormatErr("incomplete RSAKeyValue")
		}
		mb, err1 := decodeBase64Text(mod.TextContent())
		eb, err2 := decodeBase64Text(e.TextContent())
		if err1 != nil || err2 != nil || len(eb) == 0 || len(eb) > 4 || len(mb) == 0 {
			return nil, xmlFormatErr("malformed RSAKeyValue")
		}
		exp := new(big.Int).SetBytes(eb)
		return &rsa.PublicKey{N: new(big.Int).SetBytes(mb), E: int(exp.Int64())}, nil
	}
	if ek := kv.Child("ECKeyValue"); ek != nil {
		nc, pk := ek.Child("NamedCurve"), ek.Child("PublicKey")
		if nc == nil || pk == nil {
			return nil, xmlFormatErr("incomplete ECKeyValue")
		}
		uri, _ := nc.Attr("URI")
		var curve elliptic.Curve
		switch strings.TrimPrefix(uri, "urn:oid:") {
		case "1.2.840.10045.3.1.7":
			curve = elliptic.P256()
		case "1.3.132.0.34":
			curve = elliptic.P384()
		case "1.3.132.0.35":
			curve = elliptic.P521()
		default:
			return nil, xmlFormatErr("unsupported ECKeyValue curve %q", uri)
		}
		pt, err := decodeBase64Text(pk.TextContent())
		if err != nil {
			return nil, xmlFormatErr("ECKeyValue PublicKey: %v", err)
		}
		k, err := ecdsa.ParseUncompressedPublicKey(curve, pt)
		if err != nil {
			return nil, xmlFormatErr("ECKeyValue PublicKey: %v", err)
		}
		return k, nil
	}
	return nil, xmlFormatErr("KeyValue without RSAKeyValue or ECKeyValue")
}

// collectRevocationValues gathers the CRLs and OCSP responses a XAdES signature embeds
// (EncapsulatedCRLValue, EncapsulatedOCSPValue), for offline revocation checking.
func (s *xmlSignature) collectRevocationValues(n *xnode) error {
	for _, c := range n.Children {
		if c.Kind != tokStart {
			continue
		}
		switch c.Local {
		case "EncapsulatedCRLValue", "EncapsulatedOCSPValue":
			der, err := decodeBase64Text(c.TextContent())
			if err != nil {
				return xmlFormatErr("%s: %v", c.Local, err)
			}
			if c.Local == "EncapsulatedCRLValue" {
				s.crls = append(s.crls, der)
			} else {
				s.ocsps = append(s.ocsps, der)
			}
			continue
		}
		if err := s.collectRevocationValues(c); err != nil {
			return err
		}
	}
	return nil
}

// findSigningTime records the signing time the signature claims: a SigningTime element in any namespace
// (XAdES SignedProperties, or the Object/SignatureProperties/SignatureProperty form of Vietnamese e-invoices,
// TT 78/2021), only when it sits inside an element a Reference signs; an unsigned claim is ignored. A
// reference whose digest turned out to be that of an empty node-set (W3C reading of an enveloped reference
// inside the signature) signs nothing and is not counted.
func (s *xmlSignature) findSigningTime() {
	signed := map[string]bool{}
	for _, r := range s.refs {
		if r.ID != "" && r.Err == nil && !r.empty {
			signed[r.ID] = true
		}
	}
	s.signTime, s.signText, s.zoneless, s.unsignedTime = time.Time{}, "", false, ""
	if n := signedSigningTime(s.root, signed, false); n != nil {
		s.signText = strings.TrimSpace(n.TextContent())
		s.signTime, s.zoneless, _ = parseXSDateTime(s.signText)
	} else if n := signedSigningTime(s.root, nil, true); n != nil {
		s.unsignedTime = strings.TrimSpace(n.TextContent())
	}
}

// signedSigningTime returns the first SigningTime element with a readable value inside a signed element.
func signedSigningTime(n *xnode, signed map[string]bool, inSigned bool) *xnode {
	for _, c := range n.Children {
		if c.Kind != tokStart {
			continue
		}
		in := inSigned
		for _, a := range c.Attrs {
			if isIDAttr(a) && signed[a.Value] {
				in = true
			}
		}
		if in && c.Local == "SigningTime" {
			if _, _, ok := parseXSDateTime(strings.TrimSpace(c.TextContent())); ok {
				return c
			}
		}
		if t := signedSigningTime(c, signed, in); t != nil {
			return t
		}
	}
	return nil
}

// parseXSDateTime reads an xs:dateTime (XML Schema Part 2 §3.2.7): with a zone ("Z" or ±hh:mm) it is that
// instant; without one (2025-10-10T01:09:49, how 1,471 of 1,475 e-invoices of one CA write it) it is read as
// Vietnam time (UTC+07:00), the time of the Vietnamese signer, and zoneless is true.
func parseXSDateTime(v string) (t time.Time, zoneless bool, ok bool) {
	if len(v) < len("2006-01-02T15:04:05") || len(v) > 64 {
		return time.Time{}, false, false
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, false, true
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", v, vntime.Location()); err == nil {
		return t, true, true
	}
	return time.Time{}, false, false
}

// idsWithin adds to ids the Id values of the elements under n (n excluded) and returns ids.
func idsWithin(n *xnode, ids map[string]bool) map[string]bool {
	for _, c := range n.Children {
		if c.Kind != tokStart {
			continue
		}
		for _, a := range c.Attrs {
			if isIDAttr(a) {
				ids[a.Value] = true
			}
		}
		idsWithin(c, ids)
	}
	return ids
}

// decodeBase64Text decodes an element's base64 value with the white space XML allows between characters.
func decodeBase64Text(s string) ([]byte, error) {
	return xmlstream.DecodeBase64(s)
}

// signerCertificate chooses the signing certificate among the carried ones: the one named by
// X509IssuerSerial, else the only one, else the one that issued no other (compared by name, without
// cryptography), else the first whose key verifies the signature.
func (s *xmlSignature) signerCertificate(extra []*x509.Certificate, verify func(crypto.PublicKey) error) *x509.Certificate {
	if s.issuer != nil {
		for _, c := range append(append([]*x509.Certificate(nil), s.certs...), extra...) {
			if c.SerialNumber.Cmp(s.issuer.Serial) == 0 && sameIssuer(c.Issuer, s.issuer.Issuer) {
				return c
			}
		}
	}
	if len(s.certs) == 1 {
		return s.certs[0]
	}
	var leaves []*x509.Certificate
	for _, c := range s.certs {
		issuer := false
		for _, o := range s.certs {
			if o != c && bytes.Equal(o.RawIssuer, c.RawSubject) && !bytes.Equal(o.RawSubject, o.RawIssuer) {
				issuer = true
			}
		}
		if !issuer {
			leaves = append(leaves, c)
		}
	}
	if len(leaves) == 1 {
		return leaves[0]
	}
	for _, c := range s.certs {
		if verify(c.PublicKey) == nil {
			return c
		}
	}
	if len(s.certs) > 0 {
		return s.certs[0]
	}
	return nil
}

// sameIssuer compares an X509IssuerName string (RFC 4514 in any attribute order or spacing) to a name.
func sameIssuer(n pkix.Name, s string) bool {
	norm := func(x string) string {
		parts := strings.Split(x, ",")
		for i, p := range parts {
			k, v, _ := strings.Cut(p, "=")
			k = strings.ToUpper(strings.TrimSpace(k))
			switch k {
			case "2.5.4.3":
				k = "CN"
			case "2.5.4.10":
				k = "O"
			case "2.5.4.6":
				k = "C"
			case "2.5.4.11":
				k = "OU"
			case "EMAILADDRESS", "E":
				k = "1.2.840.113549.1.9.1"
			}
			parts[i] = k + "=" + strings.TrimSpace(v)
		}
		sortStrings(parts)
		return strings.Join(parts, ",")
	}
	return norm(n.String()) == norm(s)
}

func sortStrings(a []string) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// verifyValue checks the signature value over digest with key.
func (m sigMethod) verifyValue(key crypto.PublicKey, digest, sig []byte) error {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if m.Key != x509.RSA {
			return fmt.Errorf("signature: %s needs an ECDSA key, the certificate has RSA", m.URI)
		}
		if m.PSS {
			salt := m.Salt
			if salt == 0 {
				salt = rsa.PSSSaltLengthEqualsHash
			}
			return rsa.VerifyPSS(k, m.Hash, digest, sig, &rsa.PSSOptions{SaltLength: salt, Hash: m.Hash})
		}
		return rsa.VerifyPKCS1v15(k, m.Hash, digest, sig)
	case *ecdsa.PublicKey:
		if m.Key != x509.ECDSA {
			return fmt.Errorf("signature: %s needs an RSA key, the certificate has ECDSA", m.URI)
		}
		if len(sig) == 0 || len(sig)%2 != 0 {
			return errors.New("signature: malformed ECDSA signature value")
		}
		r := new(big.Int).SetBytes(sig[:len(sig)/2])
		sv := new(big.Int).SetBytes(sig[len(sig)/2:])
		der, err := asn1.Marshal(struct{ R, S *big.Int }{r, sv})
		if err != nil {
			return err
		}
		if !ecdsa.VerifyASN1(k, digest, der) {
			return errors.New("signature: ECDSA verification failed")
		}
		return nil
	}
	return fmt.Errorf("signature: unsupported public key type %T", key)
}

// keyBits returns the RSA modulus or EC curve size.
func keyBits(key crypto.PublicKey) int {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return k.N.BitLen()
	case *ecdsa.PublicKey:
		return k.Curve.Params().BitSize
	}
	return 0
}
