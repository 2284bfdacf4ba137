package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/vnegov/egov/signature/sigtest"
)

func TestSignCMSWithTimestamp(t *testing.T) {
	p := sigtest.NewPKI(t)
	genTime := p.Now.Add(-30 * time.Minute)
	p.TSA.SetTime(genTime)
	content := []byte("Công văn gửi kèm dấu thời gian")
	sig := signCMSForTest(t, content, p.Valid, CMSSignOptions{Detached: true, SigningTime: genTime.Add(-time.Minute),
		TSAURL: p.TSA.URL, HTTPClient: &http.Client{Timeout: 5 * time.Second}})
	opts := cmsTestOptions(t, p)
	evs, err := opts.cmsEvidence(context.Background(), sig, bytes.NewReader(content))
	require.NoError(t, err)
	require.Len(t, evs, 1)
	ts := evs[0].Timestamp
	require.NotNil(t, ts)
	require.NoError(t, ts.Err)
	require.True(t, ts.Time.Equal(genTime), "genTime %v", ts.Time)
	require.NotNil(t, ts.TSACert)
	require.True(t, ts.TSACert.Equal(p.TSA.Cert))
	require.NotEmpty(t, ts.Certificates)
}

func TestSignatureTimestampFailures(t *testing.T) {
	p := sigtest.NewPKI(t)
	sigValue := []byte("the signature value being time-stamped")
	sum := sha256.Sum256(sigValue)
	good, err := p.TSA.Token(crypto.SHA256, sum[:], nil)
	require.NoError(t, err)
	other := sha256.Sum256([]byte("another signature"))
	wrongImprint, err := p.TSA.Token(crypto.SHA256, other[:], nil)
	require.NoError(t, err)
	noEKU := &sigtest.TSA{Cert: p.Valid.Cert, Key: p.Valid.Key, Chain: p.Valid.Chain, Policy: p.TSA.Policy}
	badEKU, err := noEKU.Token(crypto.SHA256, sum[:], nil)
	require.NoError(t, err)
	future := &sigtest.TSA{Cert: p.TSA.Cert, Key: p.TSA.Key, Chain: p.TSA.Chain, Policy: p.TSA.Policy}
	future.SetTime(p.TSA.Cert.NotAfter.Add(time.Hour))
	outside, err := future.Token(crypto.SHA256, sum[:], nil)
	require.NoError(t, err)
	tampered := bytes.Clone(good)
	tampered[bytes.Index(tampered, sum[:])] ^= 1

	tests := []struct {
		name    string
		values  [][]byte
		wantErr string
		wantNil bool
	}{
		{"none", nil, "", true},
		{"good", [][]byte{good}, "", false},
		{"good after a bad one", [][]byte{wrongImprint, good}, "", false},
		{"imprint over other data", [][]byte{wrongImprint}, "message imprint does not match", false},
		{"TSA without timeStamping EKU", [][]byte{badEKU}, "id-kp-timeStamping", false},
		{"genTime outside TSA validity", [][]byte{outside}, "outside the TSA certificate's validity", false},
		{"TSTInfo altered", [][]byte{tampered}, "time-stamp token", false},
		{"not a token", [][]byte{{0x30, 0x00}}, "time-stamp token", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			si := &cmsSignerInfo{Signature: sigValue}
			if tc.values != nil {
				si.UnsignedAttrs = []cmsAttribute{{Type: oidAttrTimeStampToken, Values: tc.values}}
			}
			opts := cmsTestOptions(t, p)
			te := opts.signatureTimestamp(context.Background(), si)
			if tc.wantNil {
				require.Nil(t, te)
				return
			}
			require.NotNil(t, te)
			if tc.wantErr == "" {
				require.NoError(t, te.Err)
				require.False(t, te.Time.IsZero())
				return
			}
			require.ErrorContains(t, te.Err, tc.wantErr)
		})
	}
}

// tsaResponder answers every request with a fixed body.
func tsaResponder(contentType string, status int, body func(req []byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := new(bytes.Buffer)
		_, _ = buf.ReadFrom(r.Body)
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write(body(buf.Bytes()))
	})
}

func timestampResp(t testing.TB, status int64, token []byte) []byte {
	t.Helper()
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(status)
			if status >= 2 {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("bad request")) })
				})
				b.AddASN1BitString([]byte{0x80})
			}
		})
		if token != nil {
			b.AddBytes(token)
		}
	})
	out, err := b.Bytes()
	require.NoError(t, err)
	return out
}

func TestTimestampClient(t *testing.T) {
	p := sigtest.NewPKI(t)
	data := []byte("signature value")
	sum := sha256.Sum256(data)
	noNonce, err := p.TSA.Token(crypto.SHA256, sum[:], nil)
	require.NoError(t, err)
	otherSum := sha256.Sum256([]byte("other"))

	serve := func(h http.Handler) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL
	}
	const reply = "application/timestamp-reply"
	tests := []struct {
		name    string
		url     string
		client  TimestampClient
		wantErr string
	}{
		{"granted", p.TSA.URL, TimestampClient{}, ""},
		{"granted sha512", p.TSA.URL, TimestampClient{Hash: crypto.SHA512}, ""},
		{"policy honoured", p.TSA.URL, TimestampClient{Policy: p.TSA.Policy}, ""},
		{"policy ignored", p.TSA.URL, TimestampClient{Policy: asn1.ObjectIdentifier{1, 2, 3}}, "under policy"},
		{"rejected", serve(tsaResponder(reply, 200, func([]byte) []byte { return timestampResp(t, 2, nil) })), TimestampClient{}, "status 2 (bad request), failInfo 0x1"},
		{"nonce not echoed", serve(tsaResponder(reply, 200, func([]byte) []byte { return timestampResp(t, 0, noNonce) })), TimestampClient{}, "nonce"},
		{"other imprint", serve(tsaResponder(reply, 200, func(req []byte) []byte {
			nonce := requestNonceForTest(t, req)
			tok, err := p.TSA.Token(crypto.SHA256, otherSum[:], nonce)
			require.NoError(t, err)
			return timestampResp(t, 0, tok)
		})), TimestampClient{}, "another message imprint"},
		{"granted without token", serve(tsaResponder(reply, 200, func([]byte) []byte { return timestampResp(t, 0, nil) })), TimestampClient{}, "without a token"},
		{"HTTP error", serve(tsaResponder(reply, 503, func([]byte) []byte { return nil })), TimestampClient{}, "503"},
		{"wrong content type", serve(tsaResponder("text/html", 200, func([]byte) []byte { return []byte("<html>") })), TimestampClient{}, "content type"},
		{"too large", serve(tsaResponder(reply, 200, func([]byte) []byte { return make([]byte, 2048) })), TimestampClient{MaxResponseSize: 1024}, "exceeds"},
		{"garbage", serve(tsaResponder(reply, 200, func([]byte) []byte { return []byte{1, 2, 3} })), TimestampClient{}, "malformed"},
		{"unreachable", "http://127.0.0.1:1/tsa", TimestampClient{}, "time-stamp request"},
		{"no URL", "", TimestampClient{}, "no TSA URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.client
			c.URL = tc.url
			c.HTTPClient = &http.Client{Timeout: 5 * time.Second}
			tok, err := c.Timestamp(context.Background(), data)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.Nil(t, tok)
				return
			}
			require.NoError(t, err)
			h := tc.client.Hash
			if h == 0 {
				h = crypto.SHA256
			}
			require.Equal(t, h, tok.Info.Hash)
			require.NotNil(t, tok.Info.Nonce)
			require.True(t, tok.Info.Policy.Equal(p.TSA.Policy))
			require.NotEmpty(t, tok.Certificates)
		})
	}
	var se *TimestampStatusError
	_, err = ParseTimestampResponse(timestampResp(t, 3, nil))
	require.True(t, errors.As(err, &se))
	require.Equal(t, 3, se.Status)
}

// requestNonceForTest reads the nonce of a TimeStampReq.
func requestNonceForTest(t testing.TB, req []byte) *big.Int {
	t.Helper()
	in := cryptobyte.String(req)
	var seq cryptobyte.String
	require.True(t, in.ReadASN1(&seq, cbasn1.SEQUENCE))
	require.True(t, seq.SkipASN1(cbasn1.INTEGER))
	require.True(t, seq.SkipASN1(cbasn1.SEQUENCE))
	seq.SkipOptionalASN1(cbasn1.OBJECT_IDENTIFIER)
	n := new(big.Int)
	require.True(t, seq.ReadASN1Integer(n))
	return n
}

func TestParseTSTInfoFields(t *testing.T) {
	var b cryptobyte.Builder
	genTime := time.Date(2026, 11, 23, 3, 4, 5, 0, time.UTC)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(1)
		b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 3})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			addAlgorithmIdentifier(b, oidSHA256, false)
			b.AddASN1OctetString(make([]byte, 32))
		})
		b.AddASN1Int64(42)
		b.AddASN1GeneralizedTime(genTime)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(1)
			b.AddASN1Int64WithTag(500, cbasn1.Tag(0).ContextSpecific())
		})
		b.AddASN1Boolean(true)
		b.AddASN1Int64(7)
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.Tag(2).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("tsa.ca.gov.vn")) })
		})
	})
	der, err := b.Bytes()
	require.NoError(t, err)
	info, err := parseTSTInfo(der)
	require.NoError(t, err)
	require.Equal(t, crypto.SHA256, info.Hash)
	require.True(t, info.GenTime.Equal(genTime))
	require.Equal(t, 1500*time.Millisecond, info.Accuracy)
	require.True(t, info.Ordering)
	require.Equal(t, int64(7), info.Nonce.Int64())
	require.Equal(t, int64(42), info.SerialNumber.Int64())

	_, err = parseTSTInfo(der[:len(der)-3])
	require.ErrorContains(t, err, "malformed TSTInfo")
	_, err = ParseTimestampToken([]byte{0x30, 0x03, 0x02, 0x01, 0x01})
	require.Error(t, err)
}
