package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// sigAlgorithm is a signature algorithm with its digest, verified by egov itself so that legacy SHA-1
// signatures (refused by crypto/x509 since Go 1.18) can still be judged by a legacy policy.
type sigAlgorithm struct {
	x509 x509.SignatureAlgorithm
	pub  x509.PublicKeyAlgorithm
	hash crypto.Hash
	pss  bool
	name string
}

var (
	oidSigPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	sigAlgs   = []struct {
		oid asn1.ObjectIdentifier
		alg sigAlgorithm
	}{
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 4}, sigAlgorithm{x509.MD5WithRSA, x509.RSA, crypto.MD5, false, "md5WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}, sigAlgorithm{x509.SHA1WithRSA, x509.RSA, crypto.SHA1, false, "sha1WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 14}, sigAlgorithm{x509.UnknownSignatureAlgorithm, x509.RSA, crypto.SHA224, false, "sha224WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, sigAlgorithm{x509.SHA256WithRSA, x509.RSA, crypto.SHA256, false, "sha256WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}, sigAlgorithm{x509.SHA384WithRSA, x509.RSA, crypto.SHA384, false, "sha384WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}, sigAlgorithm{x509.SHA512WithRSA, x509.RSA, crypto.SHA512, false, "sha512WithRSAEncryption"}},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}, sigAlgorithm{x509.ECDSAWithSHA1, x509.ECDSA, crypto.SHA1, false, "ecdsa-with-SHA1"}},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}, sigAlgorithm{x509.ECDSAWithSHA256, x509.ECDSA, crypto.SHA256, false, "ecdsa-with-SHA256"}},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}, sigAlgorithm{x509.ECDSAWithSHA384, x509.ECDSA, crypto.SHA384, false, "ecdsa-with-SHA384"}},
		{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}, sigAlgorithm{x509.ECDSAWithSHA512, x509.ECDSA, crypto.SHA512, false, "ecdsa-with-SHA512"}},
		{asn1.ObjectIdentifier{1, 3, 101, 112}, sigAlgorithm{x509.PureEd25519, x509.Ed25519, 0, false, "Ed25519"}},
	}
	hashOIDs = []struct {
		oid asn1.ObjectIdentifier
		h   crypto.Hash
	}{
		{asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}, crypto.SHA1},
		{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}, crypto.SHA224},
		{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}, crypto.SHA256},
		{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}, crypto.SHA384},
		{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}, crypto.SHA512},
	}
)

// parseSigAlgorithm reads a DER AlgorithmIdentifier of a signature algorithm.
func parseSigAlgorithm(der []byte) (sigAlgorithm, error) {
	s := cryptobyte.String(der)
	var ai cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&ai, cbasn1.SEQUENCE) || !ai.ReadASN1ObjectIdentifier(&oid) {
		return sigAlgorithm{}, errors.New("malformed AlgorithmIdentifier")
	}
	for _, e := range sigAlgs {
		if e.oid.Equal(oid) {
			return e.alg, nil
		}
	}
	if oid.Equal(oidSigPSS) {
		// RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1.
		h := crypto.SHA1
		var params, hashAlg cryptobyte.String
		var present bool
		if ai.ReadASN1(&params, cbasn1.SEQUENCE) &&
			params.ReadOptionalASN1(&hashAlg, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) && present {
			var inner cryptobyte.String
			var hoid asn1.ObjectIdentifier
			if !hashAlg.ReadASN1(&inner, cbasn1.SEQUENCE) || !inner.ReadASN1ObjectIdentifier(&hoid) {
				return sigAlgorithm{}, errors.New("malformed RSASSA-PSS parameters")
			}
			h = 0
			for _, e := range hashOIDs {
				if e.oid.Equal(hoid) {
					h = e.h
				}
			}
			if h == 0 {
				return sigAlgorithm{}, fmt.Errorf("unsupported RSASSA-PSS digest %v", hoid)
			}
		}
		a := sigAlgorithm{pub: x509.RSA, hash: h, pss: true, name: "RSASSA-PSS with " + h.String()}
		switch h {
		case crypto.SHA256:
			a.x509 = x509.SHA256WithRSAPSS
		case crypto.SHA384:
			a.x509 = x509.SHA384WithRSAPSS
		case crypto.SHA512:
			a.x509 = x509.SHA512WithRSAPSS
		}
		return a, nil
	}
	return sigAlgorithm{}, fmt.Errorf("unsupported signature algorithm %v", oid)
}

// fromX509 maps crypto/x509's enumeration.
func fromX509(a x509.SignatureAlgorithm) (sigAlgorithm, bool) {
	for _, e := range sigAlgs {
		if e.alg.x509 == a && a != x509.UnknownSignatureAlgorithm {
			return e.alg, true
		}
	}
	switch a {
	case x509.SHA256WithRSAPSS:
		return sigAlgorithm{a, x509.RSA, crypto.SHA256, true, "RSASSA-PSS with SHA-256"}, true
	case x509.SHA384WithRSAPSS:
		return sigAlgorithm{a, x509.RSA, crypto.SHA384, true, "RSASSA-PSS with SHA-384"}, true
	case x509.SHA512WithRSAPSS:
		return sigAlgorithm{a, x509.RSA, crypto.SHA512, true, "RSASSA-PSS with SHA-512"}, true
	}
	return sigAlgorithm{}, false
}

// verify checks sig over signed with pub.
func (a sigAlgorithm) verify(pub any, signed, sig []byte) error {
	if a.pub == x509.Ed25519 {
		k, ok := pub.(ed25519.PublicKey)
		if !ok {
			return errors.New("key is not Ed25519")
		}
		if !ed25519.Verify(k, signed, sig) {
			return errors.New("Ed25519 signature mismatch")
		}
		return nil
	}
	if a.hash == 0 || !a.hash.Available() {
		return fmt.Errorf("unsupported digest for %s", a.name)
	}
	h := a.hash.New()
	h.Write(signed)
	digest := h.Sum(nil)
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if a.pub != x509.RSA {
			return errors.New("RSA key used with " + a.name)
		}
		if a.pss {
			return rsa.VerifyPSS(k, a.hash, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
		}
		return rsa.VerifyPKCS1v15(k, a.hash, digest, sig)
	case *ecdsa.PublicKey:
		if a.pub != x509.ECDSA {
			return errors.New("ECDSA key used with " + a.name)
		}
		if !ecdsa.VerifyASN1(k, digest, sig) {
			return errors.New("ECDSA signature mismatch")
		}
		return nil
	}
	return fmt.Errorf("unsupported public key %T", pub)
}

// checkCertSignature verifies that parent signed child, including SHA-1 signatures.
func checkCertSignature(child, parent *x509.Certificate) error {
	a, ok := fromX509(child.SignatureAlgorithm)
	if !ok {
		var err error
		if a, err = parseSigAlgorithm(rawCertSigAlg(child.Raw)); err != nil {
			return err
		}
	}
	return a.verify(parent.PublicKey, child.RawTBSCertificate, child.Signature)
}

// checkSignature is checkCertSignature memoised in the options' cache.
func (b *chainBuilder) checkSignature(child, parent *x509.Certificate) error {
	if b.o.Cache == nil {
		return checkCertSignature(child, parent)
	}
	h := sha256.New()
	h.Write(parent.RawSubjectPublicKeyInfo)
	h.Write(child.Raw)
	var key [32]byte
	h.Sum(key[:0])
	return b.o.Cache.verifiedSignature(key, func() error { return checkCertSignature(child, parent) })
}

// rawCertSigAlg returns the outer signatureAlgorithm element of a DER certificate.
func rawCertSigAlg(der []byte) []byte {
	s := cryptobyte.String(der)
	var cert, alg cryptobyte.String
	if !s.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.SkipASN1(cbasn1.SEQUENCE) || !cert.ReadASN1Element(&alg, cbasn1.SEQUENCE) {
		return nil
	}
	return alg
}

// publicKeyInfo returns the algorithm and size in bits of a public key.
func publicKeyInfo(pub any) (x509.PublicKeyAlgorithm, int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return x509.RSA, k.N.BitLen()
	case *ecdsa.PublicKey:
		return x509.ECDSA, k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return x509.Ed25519, 256
	}
	return x509.UnknownPublicKeyAlgorithm, 0
}

// chainResult is the outcome of chain building for one certificate.
type chainResult struct {
	chains   [][]*x509.Certificate // every complete path, leaf first, anchor last
	anchors  []string              // anchor name per chain
	problems []problem             // why paths were abandoned, for the report
}

// chainBuilder finds every path from a certificate to a selected trust anchor (RFC 5280 §6 path building,
// by name and key identifier, signatures checked by egov so SHA-1 paths can still be judged by policy).
type chainBuilder struct {
	o        *VerifyOptions
	anchors  []Anchor
	pool     []*x509.Certificate
	fetched  map[string]bool
	maxDepth int
	steps    int // path-building steps taken, bounded by maxChainSteps
	res      chainResult
}

// maxChainSteps bounds the work of path building on hostile certificate sets (many certificates with the
// same name cross-signing each other).
const maxChainSteps = 256

func (o *VerifyOptions) newChainBuilder(carried []*x509.Certificate) (*chainBuilder, error) {
	roots := o.Roots
	if roots == nil {
		roots = DefaultTrustStore()
	}
	anchors, err := roots.selected(o.Anchors)
	if err != nil {
		return nil, err
	}
	b := &chainBuilder{o: o, anchors: anchors, fetched: map[string]bool{}, maxDepth: o.maxDepth()}
	for _, c := range carried {
		b.add(c)
	}
	for _, c := range o.Intermediates {
		b.add(c)
	}
	return b, nil
}

func (b *chainBuilder) add(c *x509.Certificate) {
	if c == nil {
		return
	}
	for _, p := range b.pool {
		if bytes.Equal(p.Raw, c.Raw) {
			return
		}
	}
	b.pool = append(b.pool, c)
}

// build returns all candidate paths for leaf.
func (b *chainBuilder) build(ctx context.Context, leaf *x509.Certificate) chainResult {
	b.res = chainResult{}
	b.steps = 0
	b.walk(ctx, []*x509.Certificate{leaf})
	return b.res
}

func (b *chainBuilder) anchorOf(c *x509.Certificate) (Anchor, bool) {
	for _, a := range b.anchors {
		if bytes.Equal(a.Certificate.Raw, c.Raw) ||
			bytes.Equal(a.Certificate.RawSubject, c.RawSubject) && bytes.Equal(a.Certificate.RawSubjectPublicKeyInfo, c.RawSubjectPublicKeyInfo) {
			return a, true
		}
	}
	return Anchor{}, false
}

func (b *chainBuilder) walk(ctx context.Context, path []*x509.Certificate) {
	if len(b.res.chains) >= DefaultMaxChains || ctx.Err() != nil {
		return
	}
	if b.steps++; b.steps > maxChainSteps {
		if b.steps == maxChainSteps+1 {
			b.res.problems = append(b.res.problems, problem{"path building stopped after too many candidate certificates", "dừng dựng chuỗi vì quá nhiều chứng thư ứng viên"})
		}
		return
	}
	c := path[len(path)-1]
	if a, ok := b.anchorOf(c); ok {
		chain := append([]*x509.Certificate(nil), path...)
		chain[len(chain)-1] = a.Certificate
		b.res.chains = append(b.res.chains, chain)
		b.res.anchors = append(b.res.anchors, a.Name)
		return
	}
	if len(path) >= b.maxDepth {
		b.res.problems = append(b.res.problems, problem{fmt.Sprintf("path longer than %d certificates abandoned", b.maxDepth), fmt.Sprintf("bỏ chuỗi dài hơn %d chứng thư", b.maxDepth)})
		return
	}
	found := b.extend(ctx, path, c)
	if !found && b.o.online() && len(c.IssuingCertificateURL) > 0 {
		for _, u := range c.IssuingCertificateURL {
			if b.fetched[u] {
				continue
			}
			b.fetched[u] = true
			certs, err := b.o.fetchCertificates(ctx, u)
			if err != nil {
				b.res.problems = append(b.res.problems, problem{err.Error(), "không tải được chứng thư của CA cấp trên: " + err.Error()})
				continue
			}
			for _, fc := range certs {
				b.add(fc)
			}
		}
		found = b.extend(ctx, path, c)
	}
	if !found {
		b.res.problems = append(b.res.problems, problem{fmt.Sprintf("no issuer found for %q", c.Subject.String()), fmt.Sprintf("không tìm thấy CA cấp chứng thư %q", c.Subject.String())})
	}
}

// extend recurses into every candidate issuer of c; it reports whether one was found.
func (b *chainBuilder) extend(ctx context.Context, path []*x509.Certificate, c *x509.Certificate) bool {
	found := false
	candidates := make([]*x509.Certificate, 0, len(b.anchors)+len(b.pool))
	for _, a := range b.anchors {
		candidates = append(candidates, a.Certificate)
	}
	candidates = append(candidates, b.pool...)
	seen := map[string]bool{}
	for _, p := range candidates {
		if seen[string(p.Raw)] || !bytes.Equal(p.RawSubject, c.RawIssuer) {
			continue
		}
		seen[string(p.Raw)] = true
		if len(c.AuthorityKeyId) > 0 && len(p.SubjectKeyId) > 0 && !bytes.Equal(c.AuthorityKeyId, p.SubjectKeyId) {
			continue
		}
		if inPath(path, p) {
			continue
		}
		if err := b.checkSignature(c, p); err != nil {
			b.res.problems = append(b.res.problems, problem{fmt.Sprintf("%q is not signed by %q: %v", c.Subject.String(), p.Subject.String(), err), fmt.Sprintf("%q không được %q ký: %v", c.Subject.String(), p.Subject.String(), err)})
			continue
		}
		found = true
		b.walk(ctx, append(path[:len(path):len(path)], p))
	}
	return found
}

func inPath(path []*x509.Certificate, c *x509.Certificate) bool {
	for _, p := range path {
		if bytes.Equal(p.Raw, c.Raw) || bytes.Equal(p.RawSubject, c.RawSubject) && bytes.Equal(p.RawSubjectPublicKeyInfo, c.RawSubjectPublicKeyInfo) {
			return true
		}
	}
	return false
}

// chainConstraints checks RFC 5280 constraints on a complete path (leaf first): CA certificates are CAs
// with keyCertSign, path lengths hold, no unhandled critical extension; the signing certificate may sign
// documents (NĐ 68/2024 Điều 31 b: used within its scope): digitalSignature or nonRepudiation, and the
// required extended key usages. It returns the problems found (empty = passed).
func (o *VerifyOptions) chainConstraints(chain []*x509.Certificate) []problem {
	var out []problem
	leaf := chain[0]
	if leaf.KeyUsage != 0 && leaf.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		out = append(out, problem{
			en: "the signing certificate's key usage allows neither digitalSignature nor nonRepudiation",
			vi: "mục đích sử dụng khóa của chứng thư ký không cho phép ký số (digitalSignature/nonRepudiation)",
		})
	}
	if len(o.ExtKeyUsages) > 0 && (len(leaf.ExtKeyUsage) > 0 || len(leaf.UnknownExtKeyUsage) > 0) {
		ok := false
		for _, have := range leaf.ExtKeyUsage {
			for _, want := range o.ExtKeyUsages {
				if have == want || have == x509.ExtKeyUsageAny {
					ok = true
				}
			}
		}
		if !ok {
			out = append(out, problem{
				en: "the signing certificate's extended key usage does not include a required purpose",
				vi: "mục đích sử dụng mở rộng của chứng thư ký không có mục đích bắt buộc",
			})
		}
	}
	if len(leaf.UnhandledCriticalExtensions) > 0 {
		out = append(out, problem{
			en: fmt.Sprintf("the signing certificate has an unhandled critical extension %v", leaf.UnhandledCriticalExtensions[0]),
			vi: fmt.Sprintf("chứng thư ký có phần mở rộng bắt buộc (critical) không xử lý được %v", leaf.UnhandledCriticalExtensions[0]),
		})
	}
	// CA certificates below the anchor; the anchor is trusted as configured.
	for i := 1; i < len(chain)-1; i++ {
		ca := chain[i]
		name := ca.Subject.String // evaluated only when a problem is reported
		if !ca.BasicConstraintsValid || !ca.IsCA {
			out = append(out, problem{en: fmt.Sprintf("%q is not a CA certificate", name()), vi: fmt.Sprintf("%q không phải chứng thư của tổ chức chứng thực (CA)", name())})
		}
		if ca.KeyUsage != 0 && ca.KeyUsage&x509.KeyUsageCertSign == 0 {
			out = append(out, problem{en: fmt.Sprintf("%q lacks the keyCertSign key usage", name()), vi: fmt.Sprintf("%q không có mục đích keyCertSign", name())})
		}
		if (ca.MaxPathLen > 0 || ca.MaxPathLenZero) && i-1 > ca.MaxPathLen {
			out = append(out, problem{en: fmt.Sprintf("%q path length constraint exceeded", name()), vi: fmt.Sprintf("vượt quá giới hạn độ dài đường dẫn của %q", name())})
		}
		if len(ca.UnhandledCriticalExtensions) > 0 {
			out = append(out, problem{en: fmt.Sprintf("%q has an unhandled critical extension", name()), vi: fmt.Sprintf("%q có phần mở rộng bắt buộc không xử lý được", name())})
		}
	}
	return out
}

// problem is one finding with its English and Vietnamese explanation.
type problem struct{ en, vi string }

// fetchCertificates downloads a caIssuers certificate (DER or PEM) through the cache's single flight.
func (o *VerifyOptions) fetchCertificates(ctx context.Context, url string) ([]*x509.Certificate, error) {
	body, err := o.cache().fetch(ctx, "cert "+url, func(ctx context.Context) ([]byte, error) {
		return o.get(ctx, url, DefaultMaxCertSize)
	})
	if err != nil {
		return nil, fmt.Errorf("signature: caIssuers %s: %w", url, err)
	}
	var certs []*x509.Certificate
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("-----BEGIN")) {
		for rest := body; ; {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			if c, err := parseCertificate(b.Bytes); err == nil {
				certs = append(certs, c)
			}
		}
	} else if c, err := parseCertificate(body); err == nil {
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("signature: caIssuers %s: no certificate", url)
	}
	return certs, nil
}

// get fetches url with the caller's context, the configured timeout and a size cap.
func (o *VerifyOptions) get(ctx context.Context, url string, limit int64) ([]byte, error) {
	return o.do(ctx, http.MethodGet, url, "", nil, limit)
}

func (o *VerifyOptions) do(ctx context.Context, method, url, contentType string, body []byte, limit int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, o.fetchTimeout())
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := o.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("response larger than %d bytes", limit)
	}
	return data, nil
}
