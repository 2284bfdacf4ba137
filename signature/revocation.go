package signature

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/crypto/ocsp"
)

// clockSkew is the tolerance applied to thisUpdate in the future (responders' clocks drift).
const clockSkew = 5 * time.Minute

// DefaultCacheEntries bounds a RevocationCache when MaxEntries is zero.
const DefaultCacheEntries = 4096

// RevocationCache keeps fetched CRLs (parsed and indexed), OCSP responses and caIssuers certificates keyed by
// URL until their nextUpdate, and makes concurrent verifications share one fetch per URL (a single flight).
// The zero value is ready to use; a cache is safe for concurrent use and meant to be shared across calls
// through VerifyOptions.Cache.
type RevocationCache struct {
	// Now is the clock deciding expiry; nil means time.Now.
	Now func() time.Time
	// MaxEntries bounds the number of entries; zero means DefaultCacheEntries.
	MaxEntries int

	mu      sync.Mutex
	entries map[string]cacheEntry
	flights map[string]*flight
	fetches int
	sigs    map[[32]byte]bool // memo of verified certificate signatures (valid ones only)
	descs   map[[32]byte]CertificateInfo
}

// describe returns DescribeCertificate(c), memoised by fingerprint (formatting names is costly).
func (c *RevocationCache) describe(cert *x509.Certificate) CertificateInfo {
	sum := sha256.Sum256(cert.Raw)
	c.mu.Lock()
	info, ok := c.descs[sum]
	c.mu.Unlock()
	if ok {
		return info
	}
	info = DescribeCertificate(cert)
	c.mu.Lock()
	if c.descs == nil || len(c.descs) >= DefaultCacheEntries {
		c.descs = map[[32]byte]CertificateInfo{}
	}
	c.descs[sum] = info
	c.mu.Unlock()
	return info
}

// verifiedSignature reports whether the signature (signed, sig) by the key pub was already verified, or
// verifies it and remembers success. Public-key operations dominate a warm verification, and the same
// chain certificates come back in every signature of an agency.
func (c *RevocationCache) verifiedSignature(key [32]byte, verify func() error) error {
	c.mu.Lock()
	ok := c.sigs[key]
	c.mu.Unlock()
	if ok {
		return nil
	}
	if err := verify(); err != nil {
		return err
	}
	c.mu.Lock()
	limit := c.MaxEntries
	if limit <= 0 {
		limit = DefaultCacheEntries
	}
	if c.sigs == nil || len(c.sigs) >= limit {
		c.sigs = map[[32]byte]bool{}
	}
	c.sigs[key] = true
	c.mu.Unlock()
	return nil
}

type cacheEntry struct {
	val     any
	expires time.Time
}

type flight struct {
	done chan struct{}
	val  any
	err  error
}

// NewRevocationCache returns an empty cache (same as a zero RevocationCache).
func NewRevocationCache() *RevocationCache { return &RevocationCache{} }

// Fetches returns how many loads (network fetches or parses) the cache has performed, for monitoring.
func (c *RevocationCache) Fetches() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

func (c *RevocationCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// load returns the cached value for key or runs fn once for all concurrent callers. fn returns the value and
// when it expires (zero: one hour); values already expired are returned but not kept.
func (c *RevocationCache) load(ctx context.Context, key string, fn func(context.Context) (any, time.Time, error)) (any, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
		c.flights = map[string]*flight{}
	}
	if e, ok := c.entries[key]; ok {
		if c.now().Before(e.expires) {
			c.mu.Unlock()
			return e.val, nil
		}
		delete(c.entries, key)
	}
	if f, ok := c.flights[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.val, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.fetches++
	c.mu.Unlock()

	val, expires, err := fn(ctx)
	f.val, f.err = val, err

	c.mu.Lock()
	delete(c.flights, key)
	if err == nil {
		if expires.IsZero() {
			expires = c.now().Add(time.Hour)
		}
		if c.now().Before(expires) {
			c.evictLocked()
			c.entries[key] = cacheEntry{val: val, expires: expires}
		}
	}
	c.mu.Unlock()
	close(f.done)
	return val, err
}

// evictLocked makes room for one entry: expired entries first, then arbitrary ones.
func (c *RevocationCache) evictLocked() {
	limit := c.MaxEntries
	if limit <= 0 {
		limit = DefaultCacheEntries
	}
	if len(c.entries) < limit {
		return
	}
	now := c.now()
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	for k := range c.entries {
		if len(c.entries) < limit {
			break
		}
		delete(c.entries, k)
	}
}

// fetch is load for raw bytes.
func (c *RevocationCache) fetch(ctx context.Context, key string, fn func(context.Context) ([]byte, error)) ([]byte, error) {
	v, err := c.load(ctx, key, func(ctx context.Context) (any, time.Time, error) {
		b, err := fn(ctx)
		return b, time.Time{}, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

func (o *VerifyOptions) cache() *RevocationCache {
	if o.Cache != nil {
		return o.Cache
	}
	return &RevocationCache{}
}

// fetchCRL returns the CRL published at url, parsed and indexed, from the cache while it is current.
func (o *VerifyOptions) fetchCRL(ctx context.Context, url string) (*CRL, error) {
	v, err := o.cache().load(ctx, "crl "+url, func(ctx context.Context) (any, time.Time, error) {
		body, err := o.get(ctx, url, o.maxCRLSize())
		if err != nil {
			return nil, time.Time{}, &CRLError{URL: url, Reason: "unreachable", Err: err}
		}
		crl, err := ParseCRL(body)
		if err != nil {
			var ce *CRLError
			if errors.As(err, &ce) {
				ce.URL = url
			}
			return nil, time.Time{}, err
		}
		return crl, crl.NextUpdate, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*CRL), nil
}

// suppliedCRL parses embedded or supplied CRL bytes once per cache (keyed by their SHA-256).
func (o *VerifyOptions) suppliedCRL(ctx context.Context, der []byte) (*CRL, error) {
	sum := sha256.Sum256(der)
	v, err := o.cache().load(ctx, fmt.Sprintf("crl-der %x", sum), func(context.Context) (any, time.Time, error) {
		crl, err := ParseCRL(der)
		if err != nil {
			return nil, time.Time{}, err
		}
		exp := crl.NextUpdate
		if exp.IsZero() {
			exp = time.Now().Add(time.Hour)
		}
		return crl, exp.Add(365 * 24 * time.Hour), nil // supplied material is immutable: keep it past nextUpdate
	})
	if err != nil {
		return nil, err
	}
	return v.(*CRL), nil
}

// revocationCheck finds the revocation status of cert (issued by issuer) at the validation time:
// embedded/supplied OCSP responses and CRLs first, then (online) the responders and distribution points in
// the order of the mode. A "revoked" answer from authentic information is conclusive whatever its age; a
// "good" answer counts only from information that is current at the validation time (thisUpdate ≤ t ≤
// nextUpdate) and, in RequireFresh mode, issued after sigTime.
func (o *VerifyOptions) revocationCheck(ctx context.Context, cert, issuer *x509.Certificate, ev *evidence, sigTime time.Time) RevocationInfo {
	info := RevocationInfo{Certificate: o.cache().describe(cert).Subject, Status: StatusUnavailable}
	at := o.at()
	accept := func(src RevocationSource, kind, url string, produced, this, next time.Time, status RevocationStatus, revokedAt time.Time, reason int) bool {
		cand := RevocationInfo{Certificate: info.Certificate, Source: src, Kind: kind, URL: url, Status: status,
			ThisUpdate: timePtr(this), NextUpdate: timePtr(next), ProducedAt: timePtr(produced)}
		if status == StatusRevoked {
			cand.RevokedAt = timePtr(revokedAt)
			cand.Reason = crlReasonName(reason)
			cand.Problems = info.Problems
			info = cand
			return true
		}
		where := kind
		if url != "" {
			where += " " + url
		}
		switch {
		case this.After(at.Add(clockSkew)):
			info.Problems = append(info.Problems, where+": thisUpdate is after the validation time")
			return false
		case !next.IsZero() && at.After(next):
			info.Problems = append(info.Problems, where+": stale, nextUpdate "+next.UTC().Format(time.RFC3339)+" has passed")
			return false
		case next.IsZero() && !sigTime.IsZero() && this.Before(sigTime):
			info.Problems = append(info.Problems, where+": no nextUpdate and issued before the signing time")
			return false
		case o.Revocation == RequireFresh && !sigTime.IsZero() && this.Before(sigTime):
			info.Problems = append(info.Problems, where+": issued before the signing time (fresh information required)")
			return false
		case status == StatusUnknown:
			info.Problems = append(info.Problems, where+": responder does not know the certificate")
			return false
		}
		cand.Problems = info.Problems
		info = cand
		return true
	}
	useOCSP := func(src RevocationSource, url string, r *ocsp.Response) bool {
		st := StatusGood
		switch r.Status {
		case ocsp.Revoked:
			st = StatusRevoked
		case ocsp.Unknown:
			st = StatusUnknown
		}
		return accept(src, "ocsp", url, r.ProducedAt, r.ThisUpdate, r.NextUpdate, st, r.RevokedAt, r.RevocationReason)
	}
	useCRL := func(src RevocationSource, url string, crl *CRL) bool {
		if err := crl.CheckIssuer(issuer); err != nil {
			info.Problems = append(info.Problems, err.Error())
			return false
		}
		if !crl.covers(cert) {
			info.Problems = append(info.Problems, "CRL "+url+": scope (issuingDistributionPoint) does not cover the certificate")
			return false
		}
		if e, ok := crl.LookupCert(cert); ok {
			return accept(src, "crl", url, time.Time{}, crl.ThisUpdate, crl.NextUpdate, StatusRevoked, e.RevokedAt, e.Reason)
		}
		return accept(src, "crl", url, time.Time{}, crl.ThisUpdate, crl.NextUpdate, StatusGood, time.Time{}, 0)
	}

	offline := []struct {
		src         RevocationSource
		ocsps, crls [][]byte
	}{{SourceEmbedded, ev.OCSPs, ev.CRLs}, {SourceSupplied, o.OCSPResponses, o.CRLs}}
	for _, m := range offline {
		for _, der := range m.ocsps {
			r, err := checkOCSP(der, cert, issuer, nil)
			if errors.Is(err, errOCSPOtherCert) {
				continue
			}
			if err != nil {
				info.Problems = append(info.Problems, err.Error())
				continue
			}
			if useOCSP(m.src, "", r) {
				return info
			}
		}
	}
	for _, m := range offline {
		for _, der := range m.crls {
			crl, err := o.suppliedCRL(ctx, der)
			if err != nil {
				info.Problems = append(info.Problems, err.Error())
				continue
			}
			if string(crl.RawIssuer) != string(issuer.RawSubject) {
				continue // another CA's CRL
			}
			if useCRL(m.src, "", crl) {
				return info
			}
		}
	}
	if !o.online() {
		if len(info.Problems) == 0 {
			info.Problems = append(info.Problems, "offline and no CRL or OCSP response for this certificate was embedded or supplied")
		}
		return info
	}
	tryOCSP := func() bool {
		for _, url := range cert.OCSPServer {
			r, _, err := o.fetchOCSP(ctx, url, cert, issuer)
			if err != nil {
				info.Problems = append(info.Problems, err.Error())
				continue
			}
			if useOCSP(SourceOCSP, url, r) {
				return true
			}
		}
		return false
	}
	tryCRL := func() bool {
		for _, url := range cert.CRLDistributionPoints {
			crl, err := o.fetchCRL(ctx, url)
			if err != nil {
				info.Problems = append(info.Problems, err.Error())
				continue
			}
			if useCRL(SourceCRL, url, crl) {
				return true
			}
		}
		return false
	}
	order := []func() bool{tryOCSP, tryCRL}
	if o.Revocation == PreferCRL {
		order = []func() bool{tryCRL, tryOCSP}
	}
	for _, try := range order {
		if try() {
			return info
		}
	}
	if len(cert.OCSPServer) == 0 && len(cert.CRLDistributionPoints) == 0 {
		info.Problems = append(info.Problems, "the certificate names no OCSP responder and no CRL distribution point")
	}
	return info
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// crlReasonName returns the RFC 5280 CRLReason name.
func crlReasonName(r int) string {
	names := []string{"unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
		"cessationOfOperation", "certificateHold", "", "removeFromCRL", "privilegeWithdrawn", "aACompromise"}
	if r >= 0 && r < len(names) && names[r] != "" {
		return names[r]
	}
	return fmt.Sprintf("reason(%d)", r)
}
