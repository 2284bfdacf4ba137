package signature

import (
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"sync"
)

//go:embed trust/vgca-rootca-g2.pem
var vgcaRootG2PEM []byte

// AnchorVGCARootG2 is the name of the embedded Government CA root G2 ("RootCA chuyên dùng Chính phủ G2",
// Ban Cơ yếu Chính phủ), the anchor of public-duty certificates (NĐ 68/2024/NĐ-CP).
const AnchorVGCARootG2 = "vgca-rootca-g2"

// Anchor is one named trust anchor.
type Anchor struct {
	Name        string            // short stable name, e.g. vgca-rootca-g2
	Certificate *x509.Certificate // the self-signed (or otherwise trusted) CA certificate
}

// TrustStore is a set of named trust anchors ("chứng thư số gốc"). Verification may select a subset by name
// (VerifyOptions.Anchors), e.g. the Government CA only for public-duty signatures, or the national root
// for public CAs. A TrustStore is immutable once built and safe for concurrent use.
type TrustStore struct {
	anchors []Anchor
}

// NewTrustStore returns a store holding the given anchors. Names must be unique and non-empty.
func NewTrustStore(anchors ...Anchor) (*TrustStore, error) {
	s := &TrustStore{}
	for _, a := range anchors {
		if a.Name == "" || a.Certificate == nil {
			return nil, errors.New("signature: trust anchor needs a name and a certificate")
		}
		if s.Anchor(a.Name) != nil {
			return nil, fmt.Errorf("signature: duplicate trust anchor %q", a.Name)
		}
		s.anchors = append(s.anchors, a)
	}
	return s, nil
}

// ParseAnchorsPEM reads every CERTIFICATE block of pemData as anchors named prefix, prefix-2, prefix-3 …
func ParseAnchorsPEM(prefix string, pemData []byte) ([]Anchor, error) {
	var out []Anchor
	for rest := pemData; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := parseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("signature: trust anchor %s: %w", prefix, err)
		}
		name := prefix
		if len(out) > 0 {
			name = fmt.Sprintf("%s-%d", prefix, len(out)+1)
		}
		out = append(out, Anchor{Name: name, Certificate: c})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("signature: trust anchor %s: no CERTIFICATE block", prefix)
	}
	return out, nil
}

// DefaultTrustStore returns the store of the embedded anchors: the Government CA root G2 (SHA-256
// F0:4B:A4:B4:…:FD:B8, checked by a test against the trust README). The PEM is parsed once, on first use; every
// call returns the same store, which is immutable and safe to share (add anchors with With, which makes a new one).
func DefaultTrustStore() *TrustStore { return defaultTrustStore() }

var defaultTrustStore = sync.OnceValue(func() *TrustStore {
	anchors, err := ParseAnchorsPEM(AnchorVGCARootG2, vgcaRootG2PEM)
	if err != nil {
		// The embedded file is fixed at build time and covered by TestDefaultTrustStoreFingerprint.
		panic(err)
	}
	s, err := NewTrustStore(anchors...)
	if err != nil {
		panic(err)
	}
	return s
})

// Anchors returns a copy of the anchors in insertion order.
func (s *TrustStore) Anchors() []Anchor {
	if s == nil {
		return nil
	}
	return slices.Clone(s.anchors)
}

// Anchor returns a copy of the anchor named name, or nil: changing it does not change the store.
func (s *TrustStore) Anchor(name string) *Anchor {
	if s == nil {
		return nil
	}
	for _, a := range s.anchors {
		if a.Name == name {
			return &a
		}
	}
	return nil
}

// With returns a new store with the anchors of s plus extra.
func (s *TrustStore) With(extra ...Anchor) (*TrustStore, error) {
	return NewTrustStore(append(s.Anchors(), extra...)...)
}

// selected returns the anchors chosen by names (all when names is empty).
func (s *TrustStore) selected(names []string) ([]Anchor, error) {
	if len(names) == 0 {
		return s.Anchors(), nil
	}
	var out []Anchor
	for _, n := range names {
		a := s.Anchor(n)
		if a == nil {
			return nil, fmt.Errorf("signature: unknown trust anchor %q", n)
		}
		out = append(out, *a)
	}
	return out, nil
}
