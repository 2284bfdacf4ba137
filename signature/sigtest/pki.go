package sigtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// CA is a certification authority of a test PKI.
type CA struct {
	Name string            // short name used in URLs: "root" or "intermediate"
	Cert *x509.Certificate // the CA certificate
	Key  crypto.Signer     // its private key
	// CRLURL and CertURL are where the PKI's server publishes this CA's CRL and certificate.
	CRLURL, CertURL string

	mu      sync.Mutex
	revoked []x509.RevocationListEntry
	crlNum  int64
}

// Leaf is an end-entity certificate with its key and chain.
type Leaf struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate // Cert, then its issuing CA (the root is not included, as in real signatures)
}

// OCSPMode chooses how the PKI's OCSP responder answers.
type OCSPMode int

// OCSP responder behaviours.
const (
	OCSPDelegated    OCSPMode = iota // signed by a delegated responder certificate with id-kp-OCSPSigning (default)
	OCSPByCA                         // signed by the issuing CA itself
	OCSPDown                         // answers HTTP 503, like a responder that is down
	OCSPUnauthorized                 // signed by a certificate of the CA that lacks id-kp-OCSPSigning
	OCSPStale                        // nextUpdate already past
	OCSPUnknown                      // status "unknown" for every certificate
)

// PKI is a complete test PKI in the manner of httptest.Server: root → intermediate → leaves, with an HTTP
// server on 127.0.0.1 publishing CA certificates (AIA caIssuers), CRLs, an OCSP responder and a time-stamping
// authority. It is built by NewPKI and closed by t.Cleanup.
type PKI struct {
	// Now is the PKI's reference time (truncated to the second); validity periods are relative to it.
	Now time.Time
	// URL is the base URL of the PKI's server, e.g. http://127.0.0.1:41234.
	URL string

	Root         *CA
	Intermediate *CA

	Valid         *Leaf // RSA-2048, digitalSignature|nonRepudiation, valid Now-30d … Now+365d
	ValidECDSA    *Leaf // ECDSA P-256, same usage and validity
	Revoked       *Leaf // RSA-2048, revoked at RevokedAt (keyCompromise)
	Expired       *Leaf // RSA-2048, valid Now-400d … Now-35d
	NotYetValid   *Leaf // RSA-2048, valid Now+1d … Now+366d
	WrongKeyUsage *Leaf // RSA-2048, keyEncipherment only, EKU serverAuth
	Legacy        *Leaf // RSA-1024 certificate signed with SHA1WithRSA (a 2016–2019 token)
	OCSPSigner    *Leaf // delegated OCSP responder certificate (id-kp-OCSPSigning, ocsp-nocheck)
	TSA           *TSA  // RFC 3161 time-stamping authority served at URL+"/tsa", certificate valid Now±1800d

	// RevokedAt is when Revoked was revoked: Now-48h.
	RevokedAt time.Time

	srv      *httptest.Server
	mu       sync.Mutex
	serial   int64
	ocspMode OCSPMode
	crlOver  map[string][]byte
	hits     map[string]int
	rogue    *Leaf
}

// NewPKI builds a test PKI and starts its server on 127.0.0.1; both are torn down by t.Cleanup.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	p, err := newPKI(time.Now().UTC().Truncate(time.Second))
	if err != nil {
		t.Fatalf("sigtest: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// NewPKIAt is NewPKI with a chosen reference time.
func NewPKIAt(t testing.TB, now time.Time) *PKI {
	t.Helper()
	p, err := newPKI(now.UTC().Truncate(time.Second))
	if err != nil {
		t.Fatalf("sigtest: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// Options configure NewPKIWith.
type Options struct {
	// Now is the PKI's reference time; zero means time.Now().
	Now time.Time
	// Name, when set, makes an independent PKI: its CAs are named after it ("sigtest <Name> Root CA") and get
	// freshly generated RSA-2048 keys instead of the embedded ones, so that it does not trust, and is not trusted
	// by, any other PKI. Generating the keys takes a fraction of a second. Leaf keys stay the embedded ones.
	Name string
}

// NewPKIWith is NewPKI with options, e.g. a second, independent PKI for "untrusted root" tests. Every PKI built
// without a Name shares the same embedded CA keys and names, so those PKIs trust each other's certificates.
func NewPKIWith(t testing.TB, opts Options) *PKI {
	t.Helper()
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	p, err := newPKIWith(now.UTC().Truncate(time.Second), opts.Name)
	if err != nil {
		t.Fatalf("sigtest: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// Close stops the PKI's server.
func (p *PKI) Close() { p.srv.Close() }

// caKey returns the key of a CA: the embedded one, or a fresh one for a named, independent PKI.
func caKey(name, embedded string) (crypto.Signer, error) {
	if name == "" {
		return testKey(embedded)
	}
	return rsa.GenerateKey(rand.Reader, 2048)
}

// caName returns the common name of a CA, with the PKI's name when it has one.
func caName(name, role string) string {
	if name == "" {
		return "sigtest " + role
	}
	return "sigtest " + name + " " + role
}

func newPKI(now time.Time) (*PKI, error) { return newPKIWith(now, "") }

func newPKIWith(now time.Time, name string) (*PKI, error) {
	p := &PKI{Now: now, crlOver: map[string][]byte{}, hits: map[string]int{}, RevokedAt: now.Add(-48 * time.Hour)}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	var err error
	day := 24 * time.Hour

	rootKey, err := caKey(name, "rsa2048-0")
	if err != nil {
		return nil, err
	}
	p.Root = &CA{Name: "root", Key: rootKey, CRLURL: p.URL + "/root.crl", CertURL: p.URL + "/root.crt"}
	rootTmpl := &x509.Certificate{
		Subject:   pkix.Name{Country: []string{"VN"}, Organization: []string{"egov sigtest"}, CommonName: caName(name, "Root CA")},
		NotBefore: now.Add(-3650 * day), NotAfter: now.Add(7300 * day),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true,
	}
	if p.Root.Cert, err = p.issue(rootTmpl, rootKey, nil, rootKey); err != nil {
		return nil, err
	}

	intKey, err := caKey(name, "rsa2048-1")
	if err != nil {
		return nil, err
	}
	p.Intermediate = &CA{Name: "intermediate", Key: intKey, CRLURL: p.URL + "/intermediate.crl", CertURL: p.URL + "/intermediate.crt"}
	intTmpl := &x509.Certificate{
		Subject:   pkix.Name{Country: []string{"VN"}, Organization: []string{"egov sigtest"}, CommonName: caName(name, "Intermediate CA")},
		NotBefore: now.Add(-1825 * day), NotAfter: now.Add(3650 * day),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true,
		MaxPathLenZero: true, CRLDistributionPoints: []string{p.Root.CRLURL}, IssuingCertificateURL: []string{p.Root.CertURL},
	}
	if p.Intermediate.Cert, err = p.issue(intTmpl, intKey, p.Root, nil); err != nil {
		return nil, err
	}

	leaves := []struct {
		dst  **Leaf
		spec LeafSpec
	}{
		{&p.Valid, LeafSpec{CommonName: "Nguyễn Văn Hợp Lệ", KeyName: "rsa2048-2"}},
		{&p.ValidECDSA, LeafSpec{CommonName: "Trần Thị Ê-Cê", KeyName: "p256-0"}},
		{&p.Revoked, LeafSpec{CommonName: "Lê Văn Thu Hồi", KeyName: "rsa2048-3"}},
		{&p.Expired, LeafSpec{CommonName: "Phạm Văn Hết Hạn", KeyName: "rsa2048-4", NotBefore: now.Add(-400 * day), NotAfter: now.Add(-35 * day)}},
		{&p.NotYetValid, LeafSpec{CommonName: "Hoàng Văn Chưa Hiệu Lực", KeyName: "rsa2048-5", NotBefore: now.Add(day), NotAfter: now.Add(366 * day)}},
		{&p.WrongKeyUsage, LeafSpec{CommonName: "Vũ Văn Sai Mục Đích", KeyName: "rsa2048-6", KeyUsage: x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}},
		{&p.Legacy, LeafSpec{CommonName: "Đỗ Văn Cũ", KeyName: "rsa1024-0", SignatureAlgorithm: x509.SHA1WithRSA}},
		{&p.OCSPSigner, LeafSpec{CommonName: "sigtest OCSP Responder", KeyName: "rsa2048-7", KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning}, NoRevocationInfo: true, OCSPNoCheck: true}},
		{&p.rogue, LeafSpec{CommonName: "sigtest Rogue Responder", KeyName: "rsa2048-8", KeyUsage: x509.KeyUsageDigitalSignature, NoRevocationInfo: true}},
	}
	for _, l := range leaves {
		if *l.dst, err = p.issueLeaf(l.spec); err != nil {
			return nil, err
		}
	}
	p.Intermediate.Revoke(p.Revoked.Cert.SerialNumber, p.RevokedAt, ocsp.KeyCompromise)

	tsaKey, err := testKey("rsa2048-9")
	if err != nil {
		return nil, err
	}
	tsaLeaf, err := p.issueLeaf(LeafSpec{CommonName: "sigtest TSA", Key: tsaKey, KeyUsage: x509.KeyUsageDigitalSignature,
		NotBefore: now.Add(-1800 * day), NotAfter: now.Add(1800 * day),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}, criticalEKU: true})
	if err != nil {
		return nil, err
	}
	p.TSA = &TSA{Cert: tsaLeaf.Cert, Key: tsaLeaf.Key, Chain: tsaLeaf.Chain, URL: p.URL + "/tsa", Policy: []int{1, 3, 6, 1, 4, 1, 99999, 1}}
	return p, nil
}

// LeafSpec describes an end-entity certificate for PKI.Issue. Zero fields take the defaults of PKI.Valid.
type LeafSpec struct {
	CommonName         string
	KeyName            string        // an embedded test key: rsa2048-0…9, p256-0…3, rsa1024-0
	Key                crypto.Signer // overrides KeyName
	NotBefore          time.Time     // default Now-30d
	NotAfter           time.Time     // default Now+365d
	KeyUsage           x509.KeyUsage // default digitalSignature|contentCommitment
	ExtKeyUsage        []x509.ExtKeyUsage
	SignatureAlgorithm x509.SignatureAlgorithm // default chosen by the issuer key (SHA256WithRSA)
	NoRevocationInfo   bool                    // omit CRL distribution point and OCSP URL
	OCSPURL            string                  // overrides the PKI's responder URL
	CRLURL             string                  // overrides the intermediate's CRL URL
	OCSPNoCheck        bool                    // add id-pkix-ocsp-nocheck
	Issuer             *CA                     // default the intermediate
	criticalEKU        bool
}

// Issue creates a new end-entity certificate from the spec, issued by spec.Issuer (default the intermediate).
func (p *PKI) Issue(t testing.TB, spec LeafSpec) *Leaf {
	t.Helper()
	l, err := p.issueLeaf(spec)
	if err != nil {
		t.Fatalf("sigtest: issue %q: %v", spec.CommonName, err)
	}
	return l
}

var (
	oidOCSPNoCheck = []int{1, 3, 6, 1, 5, 5, 7, 48, 1, 5}
	oidExtKeyUsage = []int{2, 5, 29, 37}
)

func (p *PKI) issueLeaf(s LeafSpec) (*Leaf, error) {
	key := s.Key
	if key == nil {
		name := s.KeyName
		if name == "" {
			name = "rsa2048-2"
		}
		var err error
		if key, err = testKey(name); err != nil {
			return nil, err
		}
	}
	issuer := s.Issuer
	if issuer == nil {
		issuer = p.Intermediate
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{Country: []string{"VN"}, Organization: []string{"egov sigtest"}, CommonName: s.CommonName},
		NotBefore:             s.NotBefore,
		NotAfter:              s.NotAfter,
		KeyUsage:              s.KeyUsage,
		ExtKeyUsage:           s.ExtKeyUsage,
		SignatureAlgorithm:    s.SignatureAlgorithm,
		BasicConstraintsValid: true,
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = p.Now.Add(-30 * 24 * time.Hour)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = p.Now.Add(365 * 24 * time.Hour)
	}
	if tmpl.KeyUsage == 0 {
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment
	}
	if !s.NoRevocationInfo {
		tmpl.CRLDistributionPoints = []string{issuer.CRLURL}
		tmpl.OCSPServer = []string{p.URL + "/ocsp"}
		if s.CRLURL != "" {
			tmpl.CRLDistributionPoints = []string{s.CRLURL}
		}
		if s.OCSPURL != "" {
			tmpl.OCSPServer = []string{s.OCSPURL}
		}
	}
	tmpl.IssuingCertificateURL = []string{issuer.CertURL}
	if s.OCSPNoCheck {
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: oidOCSPNoCheck, Value: []byte{0x05, 0x00}})
	}
	if s.criticalEKU {
		// RFC 3161 §2.3: the TSA certificate's EKU extension must be critical.
		tmpl.ExtKeyUsage = nil
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: oidExtKeyUsage, Critical: true,
			Value: []byte{0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08}})
	}
	cert, err := p.issue(tmpl, key, issuer, nil)
	if err != nil {
		return nil, err
	}
	return &Leaf{Cert: cert, Key: key, Chain: []*x509.Certificate{cert, issuer.Cert}}, nil
}

// issue signs tmpl for key: by issuer, or self-signed with selfKey when issuer is nil.
func (p *PKI) issue(tmpl *x509.Certificate, key crypto.Signer, issuer *CA, selfKey crypto.Signer) (*x509.Certificate, error) {
	p.mu.Lock()
	p.serial++
	tmpl.SerialNumber = big.NewInt(p.Now.Unix()<<16 + p.serial)
	p.mu.Unlock()
	parent, signer := tmpl, selfKey
	if issuer != nil {
		parent, signer = issuer.Cert, issuer.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		return nil, fmt.Errorf("sigtest: create certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return x509.ParseCertificate(der)
}

// Revoke adds serial to the CA's revocation list (served from now on in its CRL and by the OCSP responder).
// reason is an RFC 5280 CRLReason code (ocsp.KeyCompromise …).
func (ca *CA) Revoke(serial *big.Int, at time.Time, reason int) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.revoked = append(ca.revoked, x509.RevocationListEntry{SerialNumber: serial, RevocationTime: at.UTC(), ReasonCode: reason})
}

func (ca *CA) revocation(serial *big.Int) (x509.RevocationListEntry, bool) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	for _, e := range ca.revoked {
		if e.SerialNumber.Cmp(serial) == 0 {
			return e, true
		}
	}
	return x509.RevocationListEntry{}, false
}

// CRLSpec chooses the content of a CRL made by CA.CRL. Zero times default to Now-1h and Now+24h; a nil
// Revoked means the CA's current revocation list.
type CRLSpec struct {
	ThisUpdate, NextUpdate time.Time
	Revoked                []x509.RevocationListEntry
	// CorruptSignature flips a bit of the signature value, making a CRL whose signature does not verify.
	CorruptSignature bool
	// ExtraExtensions are added to the CRL (e.g. an unknown critical extension).
	ExtraExtensions []pkix.Extension
}

// CRL returns a DER CRL of the CA made at now.
func (ca *CA) CRL(now time.Time, spec CRLSpec) ([]byte, error) {
	ca.mu.Lock()
	ca.crlNum++
	num := ca.crlNum
	revoked := spec.Revoked
	if revoked == nil {
		revoked = append([]x509.RevocationListEntry(nil), ca.revoked...)
	}
	ca.mu.Unlock()
	if spec.ThisUpdate.IsZero() {
		spec.ThisUpdate = now.Add(-time.Hour)
	}
	if spec.NextUpdate.IsZero() {
		spec.NextUpdate = now.Add(24 * time.Hour)
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: big.NewInt(num), ThisUpdate: spec.ThisUpdate, NextUpdate: spec.NextUpdate,
		RevokedCertificateEntries: revoked, ExtraExtensions: spec.ExtraExtensions,
	}, ca.Cert, ca.Key)
	if err != nil {
		return nil, fmt.Errorf("sigtest: CRL of %s: %w", ca.Name, err)
	}
	if spec.CorruptSignature {
		der[len(der)-1] ^= 0x01 // the signature value ends the DER
	}
	return der, nil
}

// MustCRL is CA.CRL that fails the test on error.
func (ca *CA) MustCRL(t testing.TB, now time.Time, spec CRLSpec) []byte {
	t.Helper()
	der, err := ca.CRL(now, spec)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// SetCRL makes the server publish der as ca's CRL; nil restores the CRL generated on each request.
func (p *PKI) SetCRL(ca *CA, der []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if der == nil {
		delete(p.crlOver, ca.Name)
		return
	}
	p.crlOver[ca.Name] = der
}

// SetOCSPMode changes how the OCSP responder answers.
func (p *PKI) SetOCSPMode(m OCSPMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ocspMode = m
}

// Hits returns how many requests the server received for path (e.g. "/intermediate.crl", "/ocsp").
func (p *PKI) Hits(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

func (p *PKI) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.hits[r.URL.Path]++
	mode := p.ocspMode
	p.mu.Unlock()
	switch r.URL.Path {
	case "/root.crt":
		w.Header().Set("Content-Type", "application/pkix-cert")
		_, _ = w.Write(p.Root.Cert.Raw)
	case "/intermediate.crt":
		w.Header().Set("Content-Type", "application/pkix-cert")
		_, _ = w.Write(p.Intermediate.Cert.Raw)
	case "/root.crl", "/intermediate.crl":
		ca := p.Root
		if r.URL.Path == "/intermediate.crl" {
			ca = p.Intermediate
		}
		p.mu.Lock()
		der := p.crlOver[ca.Name]
		p.mu.Unlock()
		if der == nil {
			var err error
			if der, err = ca.CRL(p.Now, CRLSpec{}); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "application/pkix-crl")
		_, _ = w.Write(der)
	case "/ocsp":
		if mode == OCSPDown {
			http.Error(w, "responder down", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		resp, err := p.answerOCSP(body, mode)
		if err != nil {
			_, _ = w.Write(ocsp.MalformedRequestErrorResponse)
			return
		}
		w.Header().Set("Content-Type", "application/ocsp-response")
		_, _ = w.Write(resp)
	case "/tsa":
		p.TSA.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (p *PKI) answerOCSP(body []byte, mode OCSPMode) ([]byte, error) {
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		return nil, err
	}
	nonce := requestNonce(body)
	var leaf *x509.Certificate
	for _, l := range []*Leaf{p.Valid, p.ValidECDSA, p.Revoked, p.Expired, p.NotYetValid, p.WrongKeyUsage, p.Legacy, p.OCSPSigner} {
		if l.Cert.SerialNumber.Cmp(req.SerialNumber) == 0 {
			leaf = l.Cert
		}
	}
	if leaf == nil {
		leaf = &x509.Certificate{SerialNumber: req.SerialNumber}
	}
	return p.ocspResponse(leaf, mode, nonce)
}

// OCSPResponse returns a DER OCSP response about leaf from the intermediate CA's responder, as the server
// would give it in mode, made at p.Now. Use it to supply OCSP material offline.
func (p *PKI) OCSPResponse(t testing.TB, leaf *x509.Certificate, mode OCSPMode) []byte {
	t.Helper()
	der, err := p.ocspResponse(leaf, mode, nil)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func (p *PKI) ocspResponse(leaf *x509.Certificate, mode OCSPMode, nonce []byte) ([]byte, error) {
	tmpl := ocsp.Response{
		Status: ocsp.Good, SerialNumber: leaf.SerialNumber,
		ThisUpdate: p.Now.Add(-time.Minute), NextUpdate: p.Now.Add(time.Hour), ProducedAt: p.Now,
	}
	if e, ok := p.Intermediate.revocation(leaf.SerialNumber); ok {
		tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, e.RevocationTime, e.ReasonCode
	}
	responder, key := p.OCSPSigner.Cert, p.OCSPSigner.Key
	switch mode {
	case OCSPByCA:
		responder, key = p.Intermediate.Cert, p.Intermediate.Key
	case OCSPUnauthorized:
		responder, key = p.rogue.Cert, p.rogue.Key
	case OCSPStale:
		tmpl.ThisUpdate, tmpl.NextUpdate = p.Now.Add(-72*time.Hour), p.Now.Add(-48*time.Hour)
	case OCSPUnknown:
		tmpl.Status = ocsp.Unknown
	}
	tmpl.Certificate = responder
	if responder == p.Intermediate.Cert {
		tmpl.Certificate = nil
	}
	der, err := ocsp.CreateResponse(p.Intermediate.Cert, responder, tmpl, key)
	if err != nil {
		return nil, fmt.Errorf("sigtest: OCSP response: %w", err)
	}
	if nonce != nil {
		return addResponseNonce(der, nonce, key)
	}
	return der, nil
}

// PEM encodes certificates as PEM CERTIFICATE blocks.
func PEM(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

// KeyPEM encodes a private key as a PKCS#8 PEM block.
func KeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("sigtest: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// CRLPEM encodes a DER CRL as a PEM X509 CRL block.
func CRLPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der})
}

// hashFor returns the digest matching a key for test signatures (SHA-384 for curves above P-256).
func hashFor(key crypto.Signer) crypto.Hash {
	if k, ok := key.Public().(*ecdsa.PublicKey); ok && k.Curve.Params().BitSize > 256 {
		return crypto.SHA384
	}
	return crypto.SHA256
}
