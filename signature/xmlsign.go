package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/vnegov/egov/vntime"
)

// namespaceEdXML is the edXML namespace of QCVN 102:2016/BTTTT.
const namespaceEdXML = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

// XMLPlacement says where SignXMLEnveloped puts the Signature element.
type XMLPlacement int

// Signature placements.
const (
	// PlaceAuto puts the signature in edXMLHeader for an edXML package, else as the root's last child.
	PlaceAuto XMLPlacement = iota
	// PlaceRoot always puts the signature as the last child of the document element.
	PlaceRoot
)

// XMLSignOptions configures SignXMLEnveloped. The zero value signs with RSA-SHA256 (or ECDSA-SHA256),
// exclusive canonicalisation and the certificate chain in X509Data.
type XMLSignOptions struct {
	// Hash is the digest for the reference and the signature; zero means SHA-256. SHA-1 is refused unless
	// AllowSHA1 is set (only for producing legacy test material).
	Hash crypto.Hash
	// AllowSHA1 permits Hash = SHA-1.
	AllowSHA1 bool
	// Canonicalization is the C14N algorithm for SignedInfo and the reference: ExcC14N (default), C14N10,
	// C14N11 or a WithComments variant.
	Canonicalization string
	// PSS signs RSA keys with RSASSA-PSS (RFC 6931 sha*-rsa-MGF1) instead of PKCS#1 v1.5.
	PSS bool
	// ID is the Id attribute of the Signature element; empty means a generated one ("egov-sig-" and 16 random
	// hex digits), which the signed signing-time property names as its Target.
	ID string
	// SigningTime is written, in Vietnam time with its offset, as the signed SigningTime property of the
	// signature (see the package documentation); zero means time.Now().
	SigningTime time.Time
	// Placement chooses where the signature goes.
	Placement XMLPlacement
	// MaxSize caps the document size in bytes; zero means DefaultMaxSize.
	MaxSize int64
}

// SignXMLEnveloped signs the XML document src with an enveloped XML-DSig signature over the whole document
// (Reference URI="", enveloped-signature transform), the edXML way ("ký số gói tin edXML", QCVN 102:2016):
// the Signature element goes inside edXMLHeader for an edXML package, else it becomes the last child of the
// document element. The signed document is written to dst.
//
// src is read twice (digest, then copy), each time as a stream, so a package with hundreds of MB of inline
// attachments is signed in bounded memory. signer may be any crypto.Signer (RSA or ECDSA, software or a
// hardware token); chain starts with the signer's certificate and is embedded in X509Data.
func SignXMLEnveloped(ctx context.Context, dst io.Writer, src io.ReadSeeker, signer crypto.Signer, chain []*x509.Certificate, opts XMLSignOptions) error {
	if signer == nil || len(chain) == 0 {
		return errors.New("signature: SignXMLEnveloped needs a signer and its certificate")
	}
	plan, err := opts.plan(signer)
	if err != nil {
		return err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	max := opts.MaxSize
	if max <= 0 {
		max = DefaultMaxSize
	}
	ins, digest, err := digestForSigning(ctx, &sizeCapReader{r: src, left: max}, opts.Placement, plan)
	if err != nil {
		return err
	}
	sigXML, err := plan.signatureElement(signer, chain, digest, ins.ctx, ins.xmlIn, opts.ID, NamespaceDSig)
	if err != nil {
		return err
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	if _, err := io.CopyN(dst, src, ins.offset); err != nil {
		return fmt.Errorf("signature: writing signed XML: %w", err)
	}
	if ins.empty {
		// <parent/>: reopen it as <parent>…</parent>.
		if _, err := io.CopyN(io.Discard, src, 2); err != nil {
			return fmt.Errorf("signature: writing signed XML: %w", err)
		}
		sigXML = append(append([]byte(">"), sigXML...), "</"+ins.qname+">"...)
	}
	if _, err := dst.Write(sigXML); err != nil {
		return fmt.Errorf("signature: writing signed XML: %w", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		return fmt.Errorf("signature: writing signed XML: %w", err)
	}
	return nil
}

// signPlan is the algorithm choice of one signing operation.
type signPlan struct {
	c14n   c14nMethod
	hash   crypto.Hash
	method string
	digURI string
	pss    bool
	ecdsa  bool
	when   time.Time // the signing time written in the signed SigningTime property
}

func (o XMLSignOptions) plan(signer crypto.Signer) (signPlan, error) {
	p := signPlan{hash: o.Hash, pss: o.PSS, when: o.SigningTime}
	if p.when.IsZero() {
		p.when = time.Now()
	}
	if p.hash == 0 {
		p.hash = crypto.SHA256
	}
	uri := o.Canonicalization
	if uri == "" {
		uri = ExcC14N
	}
	m, ok := parseC14NMethod(uri, nil)
	if !ok || m.Alias {
		return p, fmt.Errorf("signature: unsupported canonicalization %q", uri)
	}
	p.c14n = m
	switch p.hash {
	case crypto.SHA1:
		if !o.AllowSHA1 {
			return p, errors.New("signature: SHA-1 signing refused (Thông tư 15/2025/TT-BKHCN requires SHA-256 or stronger)")
		}
		p.digURI = DigestSHA1
	case crypto.SHA256:
		p.digURI = DigestSHA256
	case crypto.SHA384:
		p.digURI = DigestSHA384
	case crypto.SHA512:
		p.digURI = DigestSHA512
	default:
		return p, fmt.Errorf("signature: unsupported signing hash %v", p.hash)
	}
	names := map[crypto.Hash]string{crypto.SHA1: "sha1", crypto.SHA256: "sha256", crypto.SHA384: "sha384", crypto.SHA512: "sha512"}
	switch signer.Public().(type) {
	case *rsa.PublicKey:
		switch {
		case p.pss:
			p.method = namespaceDSigMore7 + names[p.hash] + "-rsa-MGF1"
		case p.hash == crypto.SHA1:
			p.method = SignatureRSASHA1
		default:
			p.method = "http://www.w3.org/2001/04/xmldsig-more#rsa-" + names[p.hash]
		}
	case *ecdsa.PublicKey:
		if p.pss {
			return p, errors.New("signature: PSS needs an RSA key")
		}
		p.ecdsa = true
		p.method = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-" + names[p.hash]
	default:
		return p, fmt.Errorf("signature: unsupported signing key %T", signer.Public())
	}
	return p, nil
}

// insertion is where the Signature element goes.
type insertion struct {
	offset int64    // byte offset where the signature is written
	empty  bool     // the parent was an empty-element tag; offset is at its "/>"
	qname  string   // the parent's qualified name (for reopening an empty-element tag)
	ctx    []nsDecl // namespace bindings in scope inside the parent
	// xmlIn are the xml:* attributes in force inside the parent, which inclusive canonicalization of
	// SignedInfo and of the signing-time Object inherits (C14N 1.0 §2.4, C14N 1.1 §2.4), as the verifier does.
	xmlIn []xmlAttr
}

// digestForSigning canonicalises the whole document into the reference digest and finds the insertion point.
func digestForSigning(ctx context.Context, r io.Reader, place XMLPlacement, p signPlan) (insertion, []byte, error) {
	h := p.hash.New()
	c := newCanonicalizer(p.c14n, h, nil, nil)
	tz := newXMLTokenizer(r)
	nsScope := tz.Scope()
	var root, header insertion
	var headerCtx []nsDecl
	haveHeader, edxml := false, false
	var path []string
	var xs xmlAttrScope
	var headerXML []xmlAttr
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return root, nil, fmt.Errorf("signature: %w", err)
			}
		}
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return root, nil, err
		}
		if tok.Kind == tokComment {
			continue // URI="" excludes comments
		}
		if err := c.token(tok); err != nil {
			return root, nil, err
		}
		qn := tok.Local
		if tok.Prefix != "" {
			qn = tok.Prefix + ":" + tok.Local
		}
		switch tok.Kind {
		case tokStart:
			path = append(path, tok.Local)
			xs.push(tok.Attrs)
			scope := nsScope.InScope()
			if tok.Depth == 1 {
				edxml = tok.Local == "edXML" && tok.Space == namespaceEdXML
				root = insertion{qname: qn, ctx: scope, xmlIn: xs.inherited(len(xs.stack))}
				if tok.Empty {
					root.offset, root.empty = tz.Offset()-2, true
				}
			}
			if edxml && !haveHeader && isEdXMLHeader(path, tok.Space) {
				headerCtx, headerXML = scope, xs.inherited(len(xs.stack))
				if tok.Empty {
					header = insertion{offset: tz.Offset() - 2, empty: true, qname: qn, ctx: scope, xmlIn: headerXML}
					haveHeader = true
				}
			}
		case tokEnd:
			if edxml && !haveHeader && headerCtx != nil && isEdXMLHeader(path, tok.Space) && tok.Offset < tz.Offset() {
				header = insertion{offset: tok.Offset, qname: qn, ctx: headerCtx, xmlIn: headerXML}
				haveHeader = true
			}
			if tok.Depth == 1 && !root.empty {
				root.offset = tok.Offset
			}
			path = path[:len(path)-1]
			xs.pop()
		}
	}
	if err := c.flush(); err != nil {
		return root, nil, err
	}
	if place == PlaceAuto && haveHeader {
		return header, h.Sum(nil), nil
	}
	return root, h.Sum(nil), nil
}

// signatureElement builds the Signature element for a reference digest.
// sigNS is the namespace the Signature element is written in: NamespaceDSig (declared as its default
// namespace) or "" to write it without a declaration, inheriting the parent's default namespace (the edXML
// SDK quirk, reproduced only by tests).
func (p signPlan) signatureElement(signer crypto.Signer, chain []*x509.Certificate, digest []byte, ctx []nsDecl, xmlIn []xmlAttr, id, sigNS string) ([]byte, error) {
	if id == "" {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("signature: generating a Signature Id: %w", err)
		}
		id = "egov-sig-" + hex.EncodeToString(b[:])
	}
	// Canonicalise SignedInfo and the Object as they will sit in the document: inside Signature (default
	// namespace XML-DSig) inside the insertion parent.
	sctx := append([]nsDecl(nil), ctx...)
	if sigNS != "" {
		sctx = append(sctx, nsDecl{Prefix: "", URI: sigNS})
	}
	obj := p.signingTimeObject(id)
	objDigest, err := p.canonicalDigest(sctx, xmlIn, obj)
	if err != nil {
		return nil, err
	}
	var si bytes.Buffer
	si.WriteString(`<SignedInfo><CanonicalizationMethod Algorithm="` + p.c14n.URI + `"></CanonicalizationMethod>`)
	si.WriteString(`<SignatureMethod Algorithm="` + p.method + `"></SignatureMethod>`)
	si.WriteString(`<Reference URI=""><Transforms><Transform Algorithm="` + TransformEnveloped + `"></Transform>`)
	si.WriteString(`<Transform Algorithm="` + p.c14n.URI + `"></Transform></Transforms>`)
	si.WriteString(`<DigestMethod Algorithm="` + p.digURI + `"></DigestMethod>`)
	si.WriteString(`<DigestValue>` + base64.StdEncoding.EncodeToString(digest) + `</DigestValue></Reference>`)
	si.WriteString(`<Reference URI="#`)
	si.Write(appendEscapedAttr(nil, id+signingTimeSuffix))
	si.WriteString(`"><Transforms><Transform Algorithm="` + p.c14n.URI + `"></Transform></Transforms>`)
	si.WriteString(`<DigestMethod Algorithm="` + p.digURI + `"></DigestMethod>`)
	si.WriteString(`<DigestValue>` + base64.StdEncoding.EncodeToString(objDigest) + `</DigestValue></Reference></SignedInfo>`)
	siDigest, err := p.canonicalDigest(sctx, xmlIn, si.Bytes())
	if err != nil {
		return nil, err
	}
	var so crypto.SignerOpts = p.hash
	if p.pss {
		so = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: p.hash}
	}
	value, err := signer.Sign(rand.Reader, siDigest, so)
	if err != nil {
		return nil, fmt.Errorf("signature: signing SignedInfo: %w", err)
	}
	if p.ecdsa {
		if value, err = ecdsaRaw(value, signer.Public().(*ecdsa.PublicKey)); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	out.WriteString(`<Signature`)
	if sigNS != "" {
		out.WriteString(` xmlns="` + sigNS + `"`)
	}
	out.WriteString(` Id="`)
	out.Write(appendEscapedAttr(nil, id))
	out.WriteString(`">`)
	out.Write(si.Bytes())
	out.WriteString("<SignatureValue>" + base64.StdEncoding.EncodeToString(value) + "</SignatureValue>")
	out.WriteString("<KeyInfo><X509Data>")
	for _, cert := range chain {
		out.WriteString("<X509Certificate>" + base64.StdEncoding.EncodeToString(cert.Raw) + "</X509Certificate>")
	}
	out.WriteString("</X509Data></KeyInfo>")
	out.Write(obj)
	out.WriteString("</Signature>")
	return out.Bytes(), nil
}

// signingTimeSuffix ends the Id of the Object that holds the signing time, after the Signature's Id.
const signingTimeSuffix = "-signing-time"

// namespaceXAdES132 is the namespace of the XAdES SigningTime element (ETSI EN 319 132-1).
const namespaceXAdES132 = "http://uri.etsi.org/01903/v1.3.2#"

// signingTimeObject is the signed signing-time property of a signature with Id id:
// <Object Id="id-signing-time"><SignatureProperties><SignatureProperty Target="#id"><SigningTime>.
func (p signPlan) signingTimeObject(id string) []byte {
	var b bytes.Buffer
	b.WriteString(`<Object Id="`)
	b.Write(appendEscapedAttr(nil, id+signingTimeSuffix))
	b.WriteString(`"><SignatureProperties><SignatureProperty Target="#`)
	b.Write(appendEscapedAttr(nil, id))
	b.WriteString(`"><SigningTime xmlns="` + namespaceXAdES132 + `">`)
	b.WriteString(p.when.In(vntime.Location()).Format(time.RFC3339))
	b.WriteString(`</SigningTime></SignatureProperty></SignatureProperties></Object>`)
	return b.Bytes()
}

// canonicalDigest canonicalises the fragment frag (an element written by the signer) in the namespace
// context ctx, inheriting the xml:* attributes xmlIn, with the plan's method and returns its digest with the plan's hash.
func (p signPlan) canonicalDigest(ctx []nsDecl, xmlIn []xmlAttr, frag []byte) ([]byte, error) {
	h := p.hash.New()
	c := newCanonicalizer(p.c14n, h, ctx, xmlIn)
	tz := newXMLTokenizer(bytes.NewReader(frag))
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("signature: building the Signature element: %w", err)
		}
		if err := c.token(tok); err != nil {
			return nil, err
		}
	}
	if err := c.flush(); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// ecdsaRaw converts an ASN.1 ECDSA signature to the r||s form of XML-DSig (RFC 4050).
func ecdsaRaw(der []byte, pub *ecdsa.PublicKey) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(der, &sig); err != nil || len(rest) > 0 {
		return nil, errors.New("signature: signer returned a malformed ECDSA signature")
	}
	size := (pub.Curve.Params().BitSize + 7) / 8
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

// isEdXMLHeader reports whether path is edXML/edXMLEnvelope/edXMLHeader in the edXML namespace.
func isEdXMLHeader(path []string, space string) bool {
	return len(path) == 3 && path[0] == "edXML" && path[1] == "edXMLEnvelope" && path[2] == "edXMLHeader" &&
		space == namespaceEdXML
}
