package signature

import (
	"crypto"
	"crypto/x509"
	"fmt"
	"slices"
	"time"

	"github.com/vnegov/egov/vntime"
)

// CurrentPolicyFrom returns the day Thông tư 15/2025/TT-BKHCN took effect (15/8/2025, 00:00 Vietnam time):
// signatures made from then on are judged by the current policy. The date is data in DefaultPolicies, not a rule
// baked into the pipeline; callers with another reading build their own PolicySet.
func CurrentPolicyFrom() time.Time { return vntime.Date(2025, 8, 15) }

// Policy is a set of cryptographic constraints ("yêu cầu kỹ thuật về thuật toán") applied to the signature
// and to the certificates of its chain. Policies are data: a PolicySet chooses one by the signing time.
type Policy struct {
	// Name is a short stable identifier, e.g. "current" or "legacy".
	Name string
	// Reference names the legal text, e.g. "Thông tư 15/2025/TT-BKHCN".
	Reference string
	// From is the first signing time the policy applies to (inclusive); zero means since always.
	From time.Time
	// Hashes are the digest algorithms accepted without reservation.
	Hashes []crypto.Hash
	// WarnHashes are digest algorithms accepted with a warning (legacy documents).
	WarnHashes []crypto.Hash
	// MinRSABits is the smallest RSA modulus accepted without reservation.
	MinRSABits int
	// WarnRSABits is the smallest RSA modulus accepted with a warning; 0 means none below MinRSABits.
	WarnRSABits int
	// MinECBits is the smallest ECDSA curve size accepted.
	MinECBits int
	// AllowPKCS1v15 accepts RSASSA-PKCS1-v1_5 signatures; RSASSA-PSS is always accepted for RSA.
	AllowPKCS1v15 bool
	// AllowEd25519 accepts Ed25519 signatures.
	AllowEd25519 bool
	// RequireTimestamp demands a trusted signature time stamp (INDETERMINATE/NO_POE without one), for
	// documents a law requires to be time-stamped (NĐ 68/2024 Điều 29).
	RequireTimestamp bool
	// RequireSigningTime demands an embedded signing time or time stamp (INDETERMINATE/SIG_CONSTRAINTS_FAILURE
	// without one). Off by default: plain XML-DSig (edXML) has no signing-time property.
	RequireSigningTime bool
}

// PolicySet is a list of policies; the one in force at a signing time is the last whose From is not after it.
type PolicySet []*Policy

// DefaultPolicies returns a new set of the two policies of the Vietnamese rules (a fresh value on every call,
// cheap to build, so a caller may adjust its copy without affecting others):
//
//   - "legacy" (before 15/8/2025): SHA-256/384/512 and RSA ≥ 2048 / ECDSA ≥ 256 accepted; SHA-1 and RSA
//     1024–2047 (seen in 2016–2019 packages) accepted with a warning, as they were tolerated then.
//   - "current" (Thông tư 15/2025/TT-BKHCN, from 15/8/2025 ICT): RSA ≥ 2048 with PKCS#1 v1.5 or PSS,
//     ECDSA ≥ 256, hashes SHA-256, SHA-384, SHA-512, SHA-512/224, SHA-512/256, SHA3-*.
func DefaultPolicies() PolicySet {
	strong := []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512, crypto.SHA512_224, crypto.SHA512_256,
		crypto.SHA3_256, crypto.SHA3_384, crypto.SHA3_512}
	return PolicySet{
		{
			Name: "legacy", Reference: "Thông tư 41/2017/TT-BTTTT (practice 2016–2025)",
			Hashes: strong, WarnHashes: []crypto.Hash{crypto.SHA1, crypto.SHA224},
			MinRSABits: 2048, WarnRSABits: 1024, MinECBits: 256, AllowPKCS1v15: true, AllowEd25519: true,
		},
		{
			Name: "current", Reference: "Thông tư 15/2025/TT-BKHCN", From: CurrentPolicyFrom(),
			Hashes: slices.Clone(strong), MinRSABits: 2048, MinECBits: 256, AllowPKCS1v15: true,
		},
	}
}

// ForTime returns the policy in force at t (the signing time). A zero t (no signing time known) selects the
// newest policy, the strictest reading.
func (ps PolicySet) ForTime(t time.Time) *Policy {
	var best *Policy
	for _, p := range ps {
		if p == nil {
			continue
		}
		if t.IsZero() {
			if best == nil || !p.From.Before(best.From) {
				best = p
			}
			continue
		}
		if !p.From.After(t) && (best == nil || !p.From.Before(best.From)) {
			best = p
		}
	}
	return best
}

// ByName returns the policy named name, or nil.
func (ps PolicySet) ByName(name string) *Policy {
	for _, p := range ps {
		if p != nil && p.Name == name {
			return p
		}
	}
	return nil
}

// verdict of a policy on one algorithm use.
type algVerdict int

const (
	algOK algVerdict = iota
	algWarn
	algReject
)

func (p *Policy) hashVerdict(h crypto.Hash) algVerdict {
	switch {
	case slices.Contains(p.Hashes, h):
		return algOK
	case slices.Contains(p.WarnHashes, h):
		return algWarn
	}
	return algReject
}

func (p *Policy) keyVerdict(alg x509.PublicKeyAlgorithm, bits int, pss bool) algVerdict {
	switch alg {
	case x509.RSA:
		if !pss && !p.AllowPKCS1v15 {
			return algReject
		}
		switch {
		case bits >= p.MinRSABits:
			return algOK
		case p.WarnRSABits > 0 && bits >= p.WarnRSABits:
			return algWarn
		}
		return algReject
	case x509.ECDSA:
		if bits >= p.MinECBits {
			return algOK
		}
		return algReject
	case x509.Ed25519:
		if p.AllowEd25519 {
			return algOK
		}
	}
	return algReject
}

// check judges one algorithm use. It returns the report line and the verdict.
func (p *Policy) check(u AlgorithmUse) (AlgorithmCheck, algVerdict) {
	c := AlgorithmCheck{Purpose: u.Purpose, KeyBits: u.KeyBits, Policy: p.Name}
	v := algOK
	if u.Hash != 0 {
		v = p.hashVerdict(u.Hash)
		c.Algorithm = hashName(u.Hash)
	} else if u.Purpose == "digest" {
		v = algReject
		c.Algorithm = "unknown digest " + u.URI
	}
	if u.PublicKey != x509.UnknownPublicKeyAlgorithm {
		// A bare key ("signing-key") has no padding scheme: only its size is judged.
		kv := p.keyVerdict(u.PublicKey, u.KeyBits, u.PSS || u.Purpose == "signing-key")
		v = max(v, kv)
		name := u.PublicKey.String()
		if u.PSS {
			name = "RSA-PSS"
		}
		if c.Algorithm != "" {
			c.Algorithm = name + " with " + c.Algorithm
		} else {
			c.Algorithm = name
		}
	} else if u.Purpose == "signature" && u.Hash == 0 {
		v = algReject
		c.Algorithm = "unknown signature algorithm " + u.URI
	}
	if c.Algorithm == "" {
		c.Algorithm = u.URI
	}
	c.Result = Passed
	if v == algReject {
		c.Result = Failed
	}
	c.Warning = v == algWarn
	return c, v
}

func hashName(h crypto.Hash) string {
	if h > 0 && h <= crypto.BLAKE2b_512 {
		return h.String()
	}
	return fmt.Sprintf("hash(%d)", int(h))
}

// certificateUses describes the algorithms of a chain certificate for the policy: the signature algorithm
// the issuer used on it and the size of its public key.
func certificateUses(c *x509.Certificate, issuerKeyBits int, issuerAlg x509.PublicKeyAlgorithm) []AlgorithmUse {
	var out []AlgorithmUse
	h, pss := sigAlgHash(c.SignatureAlgorithm)
	out = append(out, AlgorithmUse{Purpose: "certificate", URI: c.SignatureAlgorithm.String(), Hash: h,
		PublicKey: issuerAlg, KeyBits: issuerKeyBits, PSS: pss})
	return out
}

// sigAlgHash maps an x509 signature algorithm to its digest and whether it is RSA-PSS.
func sigAlgHash(a x509.SignatureAlgorithm) (crypto.Hash, bool) {
	switch a {
	case x509.MD5WithRSA:
		return crypto.MD5, false
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.DSAWithSHA1:
		return crypto.SHA1, false
	case x509.SHA256WithRSA, x509.ECDSAWithSHA256, x509.DSAWithSHA256:
		return crypto.SHA256, false
	case x509.SHA384WithRSA, x509.ECDSAWithSHA384:
		return crypto.SHA384, false
	case x509.SHA512WithRSA, x509.ECDSAWithSHA512:
		return crypto.SHA512, false
	case x509.SHA256WithRSAPSS:
		return crypto.SHA256, true
	case x509.SHA384WithRSAPSS:
		return crypto.SHA384, true
	case x509.SHA512WithRSAPSS:
		return crypto.SHA512, true
	case x509.PureEd25519:
		return crypto.SHA512, false
	}
	return 0, false
}
