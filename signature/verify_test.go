package signature

import (
	"bytes"
	"context"
	"crypto"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

func TestVerifyDetectsFormat(t *testing.T) {
	pki := sigtest.NewPKI(t)
	var der bytes.Buffer
	require.NoError(t, SignCMS(context.Background(), &der, strings.NewReader("nội dung"), pki.Valid.Key, pki.Valid.Chain,
		CMSSignOptions{SigningTime: pki.Now}))
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)

	rep, err := Verify(context.Background(), bytes.NewReader(der.Bytes()), o)
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	require.Equal(t, FormatCMS, rep.Signatures[0].Format)
	require.Equal(t, TotalPassed, rep.Indication(), rep.Signatures[0].Messages)

	pemSig := pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: der.Bytes()})
	rep, err = Verify(context.Background(), bytes.NewReader(append([]byte("\n"), pemSig...)), o)
	require.NoError(t, err)
	require.Equal(t, TotalPassed, rep.Indication())

	rep, err = Verify(context.Background(), strings.NewReader("\ufeff<?xml version=\"1.0\"?><a/>"), o)
	require.NoError(t, err)
	require.Empty(t, rep.Signatures)
	require.Equal(t, Indeterminate, rep.Indication())

	_, err = Verify(context.Background(), strings.NewReader("hello"), o)
	require.ErrorIs(t, err, ErrUnknownFormat)
	_, err = Verify(context.Background(), strings.NewReader(""), o)
	require.ErrorIs(t, err, ErrUnknownFormat)

	o.MaxSize = 100
	_, err = Verify(context.Background(), bytes.NewReader(der.Bytes()), o)
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestDetectFormat(t *testing.T) {
	for in, want := range map[string]Format{
		"<x/>": FormatXMLDSig, "  \n<x/>": FormatXMLDSig, "\ufeff<x/>": FormatXMLDSig,
		"\x30\x82": FormatCMS, "-----BEGIN PKCS7-----": FormatCMS, "": "", "MIIB": "",
	} {
		require.Equal(t, want, detectFormat([]byte(in)), in)
	}
}

// TestVerifyCMSWithTimestampEndToEnd signs with the CMS signer and the sigtest TSA, then checks that the
// time stamp serves as proof of existence in the pipeline: a signer revoked after the time stamp stays valid,
// and the claimed signing time alone would not have sufficed.
func TestVerifyCMSWithTimestampEndToEnd(t *testing.T) {
	pki := sigtest.NewPKI(t)
	before := pki.RevokedAt.Add(-time.Hour)
	pki.TSA.SetTime(before)
	sign := func(tsa string) []byte {
		var buf bytes.Buffer
		require.NoError(t, SignCMS(context.Background(), &buf, strings.NewReader("quyết định"), pki.Revoked.Key, pki.Revoked.Chain,
			CMSSignOptions{SigningTime: before, TSAURL: tsa}))
		return buf.Bytes()
	}
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)

	rep, err := Verify(context.Background(), bytes.NewReader(sign(pki.TSA.URL)), o)
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	s := rep.Signatures[0]
	requireVerdict(t, s, TotalPassed, "")
	require.NotNil(t, s.TimestampTime)
	require.True(t, s.TimestampTime.Equal(before))
	requireMessage(t, s, "SIG-REVOKED-AFTER")

	rep, err = Verify(context.Background(), bytes.NewReader(sign("")), o)
	require.NoError(t, err)
	requireVerdict(t, rep.Signatures[0], Indeterminate, RevokedNoPOE)
}

// TestVerifyXMLEndToEnd signs XML with the XML-DSig signer and checks the verdicts through Verify: a
// SHA-256 signature passes; a SHA-1 signature made today is refused by the current policy (Thông tư
// 15/2025/TT-BKHCN) as CRYPTO_CONSTRAINTS_FAILURE_NO_POE, since plain XML-DSig carries no time stamp.
func TestVerifyXMLEndToEnd(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	sign := func(h crypto.Hash) []byte {
		var buf bytes.Buffer
		require.NoError(t, SignXMLEnveloped(context.Background(), &buf, strings.NewReader("<doc><a>Công văn</a></doc>"),
			pki.Valid.Key, pki.Valid.Chain, XMLSignOptions{Hash: h, AllowSHA1: h == crypto.SHA1}))
		return buf.Bytes()
	}
	rep, err := Verify(context.Background(), bytes.NewReader(sign(crypto.SHA256)), o)
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	require.Equal(t, FormatXMLDSig, rep.Signatures[0].Format)
	requireVerdict(t, rep.Signatures[0], TotalPassed, "")
	require.True(t, rep.Signatures[0].Scope.WholeDocument)

	rep, err = Verify(context.Background(), bytes.NewReader(sign(crypto.SHA1)), o)
	require.NoError(t, err)
	requireVerdict(t, rep.Signatures[0], Indeterminate, CryptoConstraintsFailure) // signed signing time: now
	requireMessage(t, rep.Signatures[0], "SIG-ALGORITHM")
}
