package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// DefaultMaxTimestampResponse caps a TSA response read by TimestampClient (bytes).
const DefaultMaxTimestampResponse = 256 << 10

// TimestampClient obtains RFC 3161 time stamps from a time-stamping authority over HTTP (RFC 3161 §3.4), for
// example the Government TSA http://tsa.ca.gov.vn. The zero value is not usable: URL is required.
type TimestampClient struct {
	// URL of the TSA.
	URL string
	// HTTPClient sends the request; nil means a client with DefaultFetchTimeout.
	HTTPClient *http.Client
	// Hash is the imprint hash; zero means SHA-256.
	Hash crypto.Hash
	// Policy asks for a TSA policy; nil lets the TSA choose.
	Policy asn1.ObjectIdentifier
	// MaxResponseSize caps the response; zero means DefaultMaxTimestampResponse.
	MaxResponseSize int64
}

// TimestampStatusError is a TSA's refusal (PKIStatus rejection or waiting, RFC 3161 §2.4.2).
type TimestampStatusError struct {
	Status   int    // PKIStatus: 2 rejection, 3 waiting, …
	Text     string // statusString, if any
	FailInfo int    // PKIFailureInfo bits, if any
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *TimestampStatusError) Error() string {
	s := fmt.Sprintf("signature: TSA refused the request: status %d", e.Status)
	if e.Text != "" {
		s += " (" + e.Text + ")"
	}
	if e.FailInfo != 0 {
		s += fmt.Sprintf(", failInfo %#x", e.FailInfo)
	}
	return s
}

// Timestamp asks the TSA to time-stamp data: it hashes data, sends a TimeStampReq with a fresh nonce and
// certReq set, and returns the token after checking the response status, the nonce echo and the imprint. The
// token's signature and TSA certificate are checked when the signature carrying it is verified.
func (c *TimestampClient) Timestamp(ctx context.Context, data []byte) (*TimestampToken, error) {
	h := c.Hash
	if h == 0 {
		h = crypto.SHA256
	}
	if digestOIDForHash(h) == nil || !h.Available() {
		return nil, fmt.Errorf("signature: time-stamp: unsupported hash %v", h)
	}
	hh := h.New()
	hh.Write(data)
	return c.timestampDigest(ctx, h, hh.Sum(nil))
}

// timestampDigest is Timestamp for data already hashed with h (SignPDF hashes its input as a stream).
func (c *TimestampClient) timestampDigest(ctx context.Context, h crypto.Hash, digest []byte) (*TimestampToken, error) {
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp nonce: %w", err)
	}
	req, err := marshalTimestampRequest(h, digest, c.Policy, nonce)
	if err != nil {
		return nil, err
	}
	if c.URL == "" {
		return nil, errors.New("signature: time-stamp: no TSA URL")
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(req))
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: DefaultFetchTimeout}
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp request to %s: %w", c.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("signature: time-stamp request to %s: HTTP %s", c.URL, resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/timestamp-reply") {
		return nil, fmt.Errorf("signature: time-stamp request to %s: unexpected content type %q", c.URL, ct)
	}
	limit := c.MaxResponseSize
	if limit <= 0 {
		limit = DefaultMaxTimestampResponse
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp response from %s: %w", c.URL, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("signature: time-stamp response from %s exceeds %d bytes", c.URL, limit)
	}
	tok, err := ParseTimestampResponse(body)
	if err != nil {
		return nil, err
	}
	switch {
	case tok.Info.Nonce == nil || tok.Info.Nonce.Cmp(nonce) != 0:
		return nil, errors.New("signature: time-stamp response does not echo the request nonce")
	case tok.Info.Hash != h || !bytes.Equal(tok.Info.HashedMessage, digest):
		return nil, errors.New("signature: time-stamp response covers another message imprint")
	case c.Policy != nil && !tok.Info.Policy.Equal(c.Policy):
		return nil, fmt.Errorf("signature: time-stamp response under policy %s, requested %s", tok.Info.Policy, c.Policy)
	}
	return tok, nil
}

// marshalTimestampRequest encodes TimeStampReq (RFC 3161 §2.4.1) with certReq TRUE.
func marshalTimestampRequest(h crypto.Hash, digest []byte, policy asn1.ObjectIdentifier, nonce *big.Int) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addAlgorithmIdentifier(b, digestOIDForHash(h), true)
			b.AddASN1OctetString(digest)
		})
		if policy != nil {
			b.AddASN1ObjectIdentifier(policy)
		}
		if nonce != nil {
			b.AddASN1BigInt(nonce)
		}
		b.AddASN1Boolean(true)
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp request: %w", err)
	}
	return out, nil
}

// addAlgorithmIdentifier writes an AlgorithmIdentifier, with NULL parameters when nullParams is set.
func addAlgorithmIdentifier(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, nullParams bool) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if nullParams {
			b.AddASN1NULL()
		}
	})
}

// ParseTimestampResponse parses a DER TimeStampResp (RFC 3161 §2.4.2). A status other than granted (0) or
// grantedWithMods (1) is returned as a *TimestampStatusError.
func ParseTimestampResponse(der []byte) (*TimestampToken, error) {
	in := cryptobyte.String(der)
	var resp, status cryptobyte.String
	if !in.ReadASN1(&resp, cbasn1.SEQUENCE) || !in.Empty() || !resp.ReadASN1(&status, cbasn1.SEQUENCE) {
		return nil, errors.New("signature: malformed time-stamp response")
	}
	var code int64
	if !status.ReadASN1Int64WithTag(&code, cbasn1.INTEGER) {
		return nil, errors.New("signature: malformed time-stamp response status")
	}
	if code != 0 && code != 1 {
		se := &TimestampStatusError{Status: int(code)}
		var texts cryptobyte.String
		var present bool
		if status.ReadOptionalASN1(&texts, &present, cbasn1.SEQUENCE) && present {
			var parts []string
			for !texts.Empty() {
				var t cryptobyte.String
				if !texts.ReadASN1(&t, cbasn1.UTF8String) {
					break
				}
				parts = append(parts, string(t))
			}
			se.Text = strings.Join(parts, "; ")
		}
		var bits asn1.BitString
		if status.ReadASN1BitString(&bits) {
			for i := 0; i < bits.BitLength && i < 31; i++ {
				if bits.At(i) == 1 {
					se.FailInfo |= 1 << i
				}
			}
		}
		return nil, se
	}
	var token cryptobyte.String
	if !resp.ReadASN1Element(&token, cbasn1.SEQUENCE) || !resp.Empty() {
		return nil, errors.New("signature: time-stamp response granted without a token")
	}
	return ParseTimestampToken(token)
}
