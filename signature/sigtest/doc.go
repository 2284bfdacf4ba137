// Package sigtest is a test PKI kit for digital-signature code, in the manner of net/http/httptest:
// NewPKI(t) returns a running PKI with a root CA ("CA gốc"), an intermediate CA, end-entity certificates in
// every state a verifier must recognise (valid RSA and ECDSA, revoked, expired, not yet valid, wrong key
// usage, a legacy RSA-1024/SHA-1 token), CRLs with chosen revoked serials and this/next update, an OCSP
// responder and an RFC 3161 time-stamping authority, all served over HTTP on 127.0.0.1 and stopped by
// t.Cleanup.
//
// It mirrors the Government PKI of Ban Cơ yếu Chính phủ (root G2 → "CA phục vụ các cơ quan Nhà nước G2" →
// public-duty certificates, NĐ 68/2024/NĐ-CP) closely enough to test the checks of NĐ 68/2024 Điều 31:
// validity at signing time, scope of use and revocation through CRL or OCSP. Keys are fixed test keys embedded
// in the package, so a PKI is built in milliseconds; they protect nothing. Because of that, every PKI built by
// NewPKI trusts every other one; NewPKIWith(t, Options{Name: "Other"}) builds an independent PKI with fresh CA
// keys and names, for "untrusted root" tests.
//
//	pki := sigtest.NewPKI(t)
//	crl := pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{})       // revokes pki.Revoked
//	resp := pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPDelegated)   // "good", delegated responder
//	tok, err := pki.TSA.Token(crypto.SHA256, digest, nil)                 // RFC 3161 token
package sigtest
