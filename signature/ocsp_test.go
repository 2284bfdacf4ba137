package signature

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ocsp"

	"github.com/vnegov/egov/signature/sigtest"
)

func TestCheckOCSP(t *testing.T) {
	pki := sigtest.NewPKI(t)
	tests := []struct {
		name    string
		mode    sigtest.OCSPMode
		cert    *sigtest.Leaf
		status  int
		wantErr string
	}{
		{"delegated responder", sigtest.OCSPDelegated, pki.Valid, ocsp.Good, ""},
		{"CA responder", sigtest.OCSPByCA, pki.Valid, ocsp.Good, ""},
		{"revoked", sigtest.OCSPDelegated, pki.Revoked, ocsp.Revoked, ""},
		{"unauthorised responder", sigtest.OCSPUnauthorized, pki.Valid, 0, "lacks id-kp-OCSPSigning"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			der := pki.OCSPResponse(t, tc.cert.Cert, tc.mode)
			r, err := checkOCSP(der, tc.cert.Cert, pki.Intermediate.Cert, nil)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				var oe *OCSPError
				require.True(t, errors.As(err, &oe))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.status, r.Status)
		})
	}
	// A response about another certificate is recognised as such.
	der := pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPDelegated)
	_, err := checkOCSP(der, pki.ValidECDSA.Cert, pki.Intermediate.Cert, nil)
	require.ErrorIs(t, err, errOCSPOtherCert)
	// A response from another CA's key is refused (issuer key hash differs).
	_, err = checkOCSP(der, pki.Valid.Cert, pki.Root.Cert, nil)
	require.Error(t, err)
	// Tampered signature.
	bad := bytes.Clone(der)
	bad[len(bad)-300] ^= 1
	_, err = checkOCSP(bad, pki.Valid.Cert, pki.Intermediate.Cert, nil)
	require.Error(t, err)
	// A nonce was asked and none came back.
	_, err = checkOCSP(der, pki.Valid.Cert, pki.Intermediate.Cert, []byte{4, 2, 1, 2})
	require.ErrorContains(t, err, "nonce")
	// Responder errors.
	_, err = checkOCSP(ocsp.InternalErrorErrorResponse, pki.Valid.Cert, pki.Intermediate.Cert, nil)
	require.ErrorContains(t, err, "responder answered")
}

func TestOCSPNonceRoundTrip(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := VerifyOptions{Online: true, OCSPNonce: true, FetchTimeout: 5 * time.Second}
	r, der, err := o.fetchOCSP(context.Background(), pki.URL+"/ocsp", pki.Valid.Cert, pki.Intermediate.Cert)
	require.NoError(t, err)
	require.Equal(t, ocsp.Good, r.Status)
	require.NotNil(t, responseNonce(der))

	req, nonce, err := ocspRequest(pki.Valid.Cert, pki.Intermediate.Cert, true)
	require.NoError(t, err)
	parsed, err := ocsp.ParseRequest(req)
	require.NoError(t, err)
	require.Equal(t, 0, parsed.SerialNumber.Cmp(pki.Valid.Cert.SerialNumber))
	require.Len(t, nonce, 34)
}

func TestFetchLimits(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := VerifyOptions{Online: true, MaxCRLSize: 100}
	_, err := o.fetchCRL(context.Background(), pki.Intermediate.CRLURL)
	require.ErrorContains(t, err, "larger than 100 bytes")
	o = VerifyOptions{Online: true}
	_, err = o.fetchCRL(context.Background(), pki.URL+"/missing.crl")
	require.ErrorContains(t, err, "404")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = o.fetchCRL(ctx, pki.Intermediate.CRLURL)
	require.ErrorIs(t, err, context.Canceled)
}

func FuzzCheckOCSP(f *testing.F) {
	pki := sigtest.NewPKI(f)
	for _, m := range []sigtest.OCSPMode{sigtest.OCSPDelegated, sigtest.OCSPByCA, sigtest.OCSPUnauthorized, sigtest.OCSPUnknown} {
		f.Add(pki.OCSPResponse(f, pki.Valid.Cert, m))
	}
	f.Add(pki.OCSPResponse(f, pki.Revoked.Cert, sigtest.OCSPDelegated))
	f.Add(ocsp.UnauthorizedErrorResponse)
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := checkOCSP(der, pki.Valid.Cert, pki.Intermediate.Cert, nil)
		if err == nil && r == nil {
			t.Fatal("nil response without error")
		}
		_ = responseNonce(der)
		_, _ = responseCertID(der)
	})
}
