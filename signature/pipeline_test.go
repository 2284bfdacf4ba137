package signature

import (
	"context"
	"crypto"
	"crypto/x509/pkix"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ocsp"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature/sigtest"
)

// testEvidence is what a CMS parser would report for a correct RSA/ECDSA-SHA256 signature by leaf.
func testEvidence(leaf *sigtest.Leaf, signingTime time.Time) *evidence {
	alg, bits := publicKeyInfo(leaf.Cert.PublicKey)
	return &evidence{
		Format: FormatCMS, ID: "#1", SignerCert: leaf.Cert, Certificates: leaf.Chain, SigningTime: signingTime,
		Algorithms: []AlgorithmUse{
			{Purpose: "digest", URI: "2.16.840.1.101.3.4.2.1", Hash: crypto.SHA256},
			{Purpose: "signature", URI: "1.2.840.113549.1.1.11", Hash: crypto.SHA256, PublicKey: alg, KeyBits: bits},
		},
		Scope: Scope{References: []string{"detached content"}},
	}
}

func testOptions(t *testing.T, pki *sigtest.PKI) VerifyOptions {
	t.Helper()
	roots, err := NewTrustStore(Anchor{Name: "sigtest", Certificate: pki.Root.Cert})
	require.NoError(t, err)
	return VerifyOptions{Roots: roots, At: pki.Now}
}

// crls returns current CRLs of both CAs made at pki.Now.
func crls(t *testing.T, pki *sigtest.PKI) [][]byte {
	return [][]byte{
		pki.Intermediate.MustCRL(t, pki.Now, sigtest.CRLSpec{}),
		pki.Root.MustCRL(t, pki.Now, sigtest.CRLSpec{}),
	}
}

func timestampAt(pki *sigtest.PKI, at time.Time) *TimestampEvidence {
	return &TimestampEvidence{Time: at, TSACert: pki.TSA.Cert, Certificates: pki.TSA.Chain}
}

// requireVerdict checks the result and that the decisive finding is explained in both languages.
func requireVerdict(t *testing.T, r SignatureReport, ind Indication, sub SubIndication) {
	t.Helper()
	require.Equal(t, ind, r.Indication, "messages: %+v", r.Messages)
	require.Equal(t, sub, r.SubIndication, "messages: %+v", r.Messages)
	require.Equal(t, ind.URI(), r.IndicationURI)
	require.Equal(t, sub.URI(), r.SubIndicationURI)
	require.NotEmpty(t, r.Messages)
	require.Equal(t, "SIG-RESULT", r.Messages[0].Code)
	for _, m := range r.Messages {
		require.NotEmpty(t, m.Message, m.Code)
		require.NotEmpty(t, m.MessageVI, m.Code)
	}
	if ind == TotalPassed {
		require.NoError(t, r.Err)
		return
	}
	var ve *ValidationError
	require.True(t, errors.As(r.Err, &ve))
	require.Equal(t, sub, ve.SubIndication)
	found := false
	for _, m := range r.Messages[1:] {
		if m.Severity == diag.Error {
			found = true
		}
	}
	require.True(t, found, "an error message explains the verdict")
}

func TestPipelineVerdicts(t *testing.T) {
	pki := sigtest.NewPKI(t)
	now := pki.Now
	day := 24 * time.Hour
	staleCRL := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{ThisUpdate: now.Add(-10 * day), NextUpdate: now.Add(-3 * day)})
	rootCRL := pki.Root.MustCRL(t, now, sigtest.CRLSpec{})
	badSigCRL := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{CorruptSignature: true})
	critCRL := pki.Intermediate.MustCRL(t, now, sigtest.CRLSpec{ExtraExtensions: []pkix.Extension{{Id: []int{1, 2, 3, 4}, Critical: true, Value: []byte{5, 0}}}})

	sha1 := func(e *evidence) *evidence {
		e.Algorithms[0].Hash, e.Algorithms[1].Hash = crypto.SHA1, crypto.SHA1
		return e
	}
	tests := []struct {
		name string
		// why: the verdict an expert verifier (EU DSS) gives, and the reason.
		why  string
		ev   *evidence
		opts func(*VerifyOptions)
		ind  Indication
		sub  SubIndication
		code string
	}{
		{name: "valid with supplied CRLs",
			why: "chain to the selected root, current CRLs show no revocation → TOTAL_PASSED / hợp lệ",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) }, ind: TotalPassed},
		{name: "valid ECDSA with supplied OCSP and root CRL",
			why: "delegated OCSP responder authorised by the CA → TOTAL_PASSED",
			ev:  testEvidence(pki.ValidECDSA, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.ValidECDSA.Cert, sigtest.OCSPDelegated)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: TotalPassed},
		{name: "OCSP signed by the CA itself",
			why: "RFC 6960: the CA may answer for its own certificates → TOTAL_PASSED",
			ev:  testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPByCA)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: TotalPassed},
		{name: "revoked signer, claimed signing time after revocation",
			why: "the signer's own signing time is after the revocation: signed with a revoked certificate → TOTAL_FAILED/REVOKED (ETSI EN 319 102-1 §5.3.4)",
			ev:  testEvidence(pki.Revoked, now), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: TotalFailed, sub: Revoked, code: "SIG-REVOKED"},
		{name: "revoked signer, claimed signing time before revocation",
			why: "a claimed time proves nothing; without a time stamp before the revocation → INDETERMINATE/REVOKED_NO_POE",
			ev:  testEvidence(pki.Revoked, now.Add(-3*day)), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: RevokedNoPOE, code: "SIG-REVOKED-NO-POE"},
		{name: "revoked signer, time stamp before revocation",
			why: "a trusted time stamp proves the signature predates the revocation → TOTAL_PASSED (with a warning)",
			ev: func() *evidence {
				e := testEvidence(pki.Revoked, now.Add(-3*day))
				e.Timestamp = timestampAt(pki, now.Add(-3*day))
				return e
			}(), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) }, ind: TotalPassed},
		{name: "revoked by OCSP",
			why: "OCSP says revoked before the claimed signing time → TOTAL_FAILED/REVOKED",
			ev:  testEvidence(pki.Revoked, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.Revoked.Cert, sigtest.OCSPDelegated)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: TotalFailed, sub: Revoked, code: "SIG-REVOKED"},
		{name: "CRL past nextUpdate",
			why: "a stale CRL is not evidence of the current status → INDETERMINATE/TRY_LATER, never PASSED",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.CRLs = [][]byte{staleCRL, rootCRL} },
			ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "CRL with a bad signature",
			why: "a CRL not signed by the issuing CA is ignored; nothing else available → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.CRLs = [][]byte{badSigCRL, rootCRL} },
			ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "CRL with an unknown critical extension",
			why: "RFC 5280 §5.2: a CRL with an unrecognised critical extension must not be used → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.CRLs = [][]byte{critCRL, rootCRL} },
			ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "OCSP by an unauthorised responder",
			why: "a responder certificate without id-kp-OCSPSigning cannot speak for the CA → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPUnauthorized)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "stale OCSP response",
			why: "OCSP nextUpdate passed → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPStale)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "OCSP status unknown",
			why: "the responder does not know the certificate → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) {
				o.OCSPResponses = [][]byte{pki.OCSPResponse(t, pki.Valid.Cert, sigtest.OCSPUnknown)}
				o.CRLs = [][]byte{rootCRL}
			}, ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "offline without revocation material",
			why: "revocation cannot be checked offline without material → INDETERMINATE/TRY_LATER",
			ev:  testEvidence(pki.Valid, now), ind: Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "require fresh: CRL issued before the signing time",
			why:  "RequireFresh demands revocation information issued after the signature → INDETERMINATE/TRY_LATER",
			ev:   testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki); o.Revocation = RequireFresh },
			ind:  Indeterminate, sub: TryLater, code: "SIG-REVOCATION-UNAVAILABLE"},
		{name: "require fresh: CRL issued after the signing time",
			why:  "fresh CRLs → TOTAL_PASSED",
			ev:   testEvidence(pki.Valid, now.Add(-2*time.Hour)),
			opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki); o.Revocation = RequireFresh }, ind: TotalPassed},
		{name: "untrusted root",
			why: "the chain ends at a root that is not a selected trust anchor → INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.Roots = DefaultTrustStore(); o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: NoCertificateChainFound, code: "SIG-UNTRUSTED"},
		{name: "missing intermediate offline",
			why: "no path without the intermediate and no network to fetch it → INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND",
			ev: func() *evidence {
				e := testEvidence(pki.Valid, now)
				e.Certificates = e.Certificates[:1]
				return e
			}(), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: NoCertificateChainFound, code: "SIG-UNTRUSTED"},
		{name: "expired signer, claimed signing time after expiry",
			why: "the signer states a signing time after the certificate expired → TOTAL_FAILED/EXPIRED (NĐ 68/2024 Điều 31)",
			ev:  testEvidence(pki.Expired, now), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: TotalFailed, sub: Expired, code: "SIG-EXPIRED"},
		{name: "expired signer, claimed time inside validity, no revocation data",
			why: "expired now, no time stamp proving earlier existence → INDETERMINATE/OUT_OF_BOUNDS_NO_POE",
			ev:  testEvidence(pki.Expired, now.Add(-40*day)),
			ind: Indeterminate, sub: OutOfBoundsNoPOE, code: "SIG-OUT-OF-BOUNDS"},
		{name: "expired signer, claimed time inside validity, CRL says not revoked",
			why: "expired, not revoked, no POE → INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED",
			ev:  testEvidence(pki.Expired, now.Add(-40*day)), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: OutOfBoundsNotRevoked, code: "SIG-OUT-OF-BOUNDS"},
		{name: "expired signer, time stamp inside validity",
			why: "the time stamp proves the signature was made while the certificate was valid → TOTAL_PASSED",
			ev: func() *evidence {
				e := testEvidence(pki.Expired, now.Add(-40*day))
				e.Timestamp = timestampAt(pki, now.Add(-40*day))
				return e
			}(), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) }, ind: TotalPassed},
		{name: "not yet valid, claimed signing time before notBefore",
			why: "signed before the certificate existed → TOTAL_FAILED/NOT_YET_VALID",
			ev:  testEvidence(pki.NotYetValid, now), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: TotalFailed, sub: NotYetValid, code: "SIG-NOT-YET-VALID"},
		{name: "not yet valid, no signing time",
			why: "judged at the validation time, before notBefore → INDETERMINATE/NOT_YET_VALID",
			ev:  testEvidence(pki.NotYetValid, time.Time{}), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: NotYetValid, code: "SIG-CERT-NOT-YET-VALID"},
		{name: "wrong key usage",
			why: "keyEncipherment-only certificate may not sign documents → INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE",
			ev:  testEvidence(pki.WrongKeyUsage, now), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: ChainConstraintsFailure, code: "SIG-CHAIN-CONSTRAINT"},
		{name: "SHA-1 without any signing time",
			why: "Thông tư 15/2025 rejects SHA-1; nothing proves the signature predates the rule → INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
			ev:  sha1(testEvidence(pki.Valid, time.Time{})), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: CryptoConstraintsFailureNoPOE, code: "SIG-ALGORITHM"},
		{name: "SHA-1 under the current policy, claimed signing time after the cut-over",
			why: "the signer's own signing time falls under Thông tư 15/2025, which rejects SHA-1 → INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE",
			ev:  sha1(testEvidence(pki.Valid, now)), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: CryptoConstraintsFailure, code: "SIG-ALGORITHM"},
		{name: "SHA-1 under the current policy with time stamp",
			why: "a time stamp proves SHA-1 was used while the current policy was in force → INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE",
			ev: func() *evidence {
				e := sha1(testEvidence(pki.Valid, now.Add(-time.Hour)))
				e.Timestamp = timestampAt(pki, now.Add(-time.Hour))
				return e
			}(), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: CryptoConstraintsFailure, code: "SIG-ALGORITHM"},
		{name: "time stamp earlier than the claimed signing time",
			why: "the signing time cannot be after its own time stamp → INDETERMINATE/TIMESTAMP_ORDER_FAILURE",
			ev: func() *evidence {
				e := testEvidence(pki.Valid, now)
				e.Timestamp = timestampAt(pki, now.Add(-2*time.Hour))
				return e
			}(), opts: func(o *VerifyOptions) { o.CRLs = crls(t, pki) },
			ind: Indeterminate, sub: TimestampOrderFailure, code: "SIG-TS-ORDER"},
		{name: "format failure",
			why: "structurally broken signature → TOTAL_FAILED/FORMAT_FAILURE",
			ev:  &evidence{Format: FormatXMLDSig, ID: "#1", FormatErr: errors.New("two SignedInfo elements")},
			ind: TotalFailed, sub: FormatFailure, code: "SIG-FORMAT"},
		{name: "hash failure",
			why: "the content changed after signing → TOTAL_FAILED/HASH_FAILURE",
			ev: func() *evidence {
				e := testEvidence(pki.Valid, now)
				e.HashErr = errors.New("messageDigest mismatch")
				return e
			}(), ind: TotalFailed, sub: HashFailure, code: "SIG-HASH"},
		{name: "signature value failure",
			why: "the signature value does not verify → TOTAL_FAILED/SIG_CRYPTO_FAILURE",
			ev: func() *evidence {
				e := testEvidence(pki.Valid, now)
				e.SignatureErr = errors.New("crypto/rsa: verification error")
				return e
			}(), ind: TotalFailed, sub: SigCryptoFailure, code: "SIG-CRYPTO"},
		{name: "no signing certificate",
			why: "the certificate is neither embedded nor supplied → INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND",
			ev:  &evidence{Format: FormatCMS, ID: "#1"}, ind: Indeterminate, sub: NoSigningCertificateFound, code: "SIG-NO-CERT"},
		{name: "detached content missing",
			why: "the signed data is not available → INDETERMINATE/SIGNED_DATA_NOT_FOUND",
			ev: func() *evidence {
				e := testEvidence(pki.Valid, now)
				e.SignedDataErr = errors.New("detached signature and no content supplied")
				return e
			}(), ind: Indeterminate, sub: SignedDataNotFound, code: "SIG-NO-DATA"},
		{name: "unknown policy name",
			why: "the requested validation policy does not exist → INDETERMINATE/SIGNATURE_POLICY_NOT_AVAILABLE",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.PolicyName = "no-such-policy" },
			ind: Indeterminate, sub: SignaturePolicyNotAvailable, code: "SIG-POLICY-UNKNOWN"},
		{name: "empty policy set",
			why: "no policy can be applied → INDETERMINATE/POLICY_PROCESSING_ERROR",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.Policies = PolicySet{} },
			ind: Indeterminate, sub: PolicyProcessingError, code: "SIG-POLICY-ERROR"},
		{name: "policy requires a time stamp",
			why: "a law requires a time stamp and there is none → INDETERMINATE/NO_POE",
			ev:  testEvidence(pki.Valid, now),
			opts: func(o *VerifyOptions) {
				p := *DefaultPolicies().ByName("current")
				p.RequireTimestamp = true
				o.Policy = &p
				o.CRLs = crls(t, pki)
			}, ind: Indeterminate, sub: NoPOE, code: "SIG-NO-POE"},
		{name: "policy requires a signing time",
			why: "Thông tư 15/2025: signing software embeds the signing time; none here → INDETERMINATE/SIG_CONSTRAINTS_FAILURE",
			ev:  testEvidence(pki.Valid, time.Time{}),
			opts: func(o *VerifyOptions) {
				p := *DefaultPolicies().ByName("current")
				p.RequireSigningTime = true
				o.Policy = &p
				o.CRLs = crls(t, pki)
			}, ind: Indeterminate, sub: SigConstraintsFailure, code: "SIG-NO-SIGNING-TIME"},
		{name: "unknown anchor selected",
			why: "configuration names an anchor that does not exist → INDETERMINATE/POLICY_PROCESSING_ERROR",
			ev:  testEvidence(pki.Valid, now), opts: func(o *VerifyOptions) { o.Anchors = []string{"nope"} },
			ind: Indeterminate, sub: PolicyProcessingError, code: "SIG-ANCHOR-CONFIG"},
	}
	// Every sub-indication of ETSI EN 319 102-1 Table 5 is produced by this table or by the two tests
	// after it (REVOKED_CA_NO_POE, CERTIFICATE_CHAIN_GENERAL_FAILURE).
	covered := map[SubIndication]bool{RevokedCANoPOE: true, CertificateChainGeneralFailure: true}
	for _, tc := range tests {
		covered[tc.sub] = true
	}
	for _, s := range AllSubIndications() {
		require.True(t, covered[s], "sub-indication %s has no test", s)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions(t, pki)
			if tc.opts != nil {
				tc.opts(&o)
			}
			r := o.validate(context.Background(), tc.ev)
			requireVerdict(t, r, tc.ind, tc.sub)
			if tc.code != "" {
				requireMessage(t, r, tc.code)
			}
		})
	}
}

func requireMessage(t *testing.T, r SignatureReport, code string) {
	t.Helper()
	for _, m := range r.Messages {
		if m.Code == code {
			require.NotEmpty(t, m.Message)
			require.NotEmpty(t, m.MessageVI)
			return
		}
	}
	t.Fatalf("no message %s in %+v", code, r.Messages)
}

func TestPipelineRevokedCA(t *testing.T) {
	pki := sigtest.NewPKI(t)
	pki.Root.Revoke(pki.Intermediate.Cert.SerialNumber, pki.Now.Add(-time.Hour), ocsp.CACompromise)
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	r := o.validate(context.Background(), testEvidence(pki.Valid, pki.Now))
	requireVerdict(t, r, Indeterminate, RevokedCANoPOE)
	require.Len(t, r.CARevocation, 1)
	require.Equal(t, StatusRevoked, r.CARevocation[0].Status)
	require.Equal(t, "cACompromise", r.CARevocation[0].Reason)
}

func TestPipelineCancelledContext(t *testing.T) {
	pki := sigtest.NewPKI(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := testOptions(t, pki)
	r := o.validate(ctx, testEvidence(pki.Valid, pki.Now))
	requireVerdict(t, r, Indeterminate, CertificateChainGeneralFailure)
}

func TestPipelineLegacyPolicy(t *testing.T) {
	// A 2019 signature with an RSA-1024/SHA-1 token, validated in 2019 with the CRL of the time: the legacy
	// policy accepts it with warnings; the same signature judged by the current policy is not accepted.
	pki := sigtest.NewPKIAt(t, time.Date(2019, 6, 1, 9, 0, 0, 0, ict))
	e := testEvidence(pki.Legacy, pki.Now)
	e.Algorithms[0].Hash, e.Algorithms[1].Hash = crypto.SHA1, crypto.SHA1
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	r := o.validate(context.Background(), e)
	requireVerdict(t, r, TotalPassed, "")
	require.Equal(t, "legacy", r.Policy)
	requireMessage(t, r, "SIG-ALGORITHM-LEGACY")
	warned := 0
	for _, a := range r.Algorithms {
		if a.Warning {
			warned++
		}
	}
	require.GreaterOrEqual(t, warned, 3) // SHA-1 digest, SHA-1 signature, RSA-1024 key, SHA-1 certificate

	o.PolicyName = "current" // forced by the caller: the policy certainly governs
	r = o.validate(context.Background(), e)
	requireVerdict(t, r, Indeterminate, CryptoConstraintsFailure)
}

func TestPipelineOnline(t *testing.T) {
	pki := sigtest.NewPKI(t)
	unreachable := "http://127.0.0.1:1/unreachable"
	noCRL := pki.Issue(t, sigtest.LeafSpec{CommonName: "OCSP only", CRLURL: unreachable + ".crl"})
	tests := []struct {
		name     string
		why      string
		leaf     *sigtest.Leaf
		mode     sigtest.OCSPMode
		revMode  RevocationMode
		nonce    bool
		dropInt  bool
		ind      Indication
		sub      SubIndication
		wantKind string
	}{
		{name: "OCSP good", why: "online OCSP from the AIA responder → TOTAL_PASSED", leaf: pki.Valid, ind: TotalPassed, wantKind: "ocsp"},
		{name: "OCSP with nonce", why: "nonce echoed → TOTAL_PASSED", leaf: pki.Valid, nonce: true, ind: TotalPassed, wantKind: "ocsp"},
		{name: "prefer CRL", why: "CRL distribution point first → TOTAL_PASSED", leaf: pki.Valid, revMode: PreferCRL, ind: TotalPassed, wantKind: "crl"},
		{name: "OCSP down, CRL fallback", why: "responder down but the CRL answers → TOTAL_PASSED", leaf: pki.Valid, mode: sigtest.OCSPDown, ind: TotalPassed, wantKind: "crl"},
		{name: "unreachable OCSP responder and CRL", why: "no revocation information obtainable → INDETERMINATE/TRY_LATER", leaf: noCRL, mode: sigtest.OCSPDown, ind: Indeterminate, sub: TryLater},
		{name: "revoked online", why: "OCSP says revoked before the claimed signing time → TOTAL_FAILED/REVOKED", leaf: pki.Revoked, ind: TotalFailed, sub: Revoked, wantKind: "ocsp"},
		{name: "intermediate from AIA caIssuers", why: "missing intermediate fetched online → TOTAL_PASSED", leaf: pki.Valid, dropInt: true, ind: TotalPassed, wantKind: "ocsp"},
		{name: "offline mode ignores Online", why: "Offline never fetches → INDETERMINATE/TRY_LATER", leaf: pki.Valid, revMode: Offline, ind: Indeterminate, sub: TryLater},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pki.SetOCSPMode(tc.mode)
			o := testOptions(t, pki)
			o.Online, o.Revocation, o.OCSPNonce = true, tc.revMode, tc.nonce
			o.FetchTimeout = 5 * time.Second
			e := testEvidence(tc.leaf, pki.Now)
			if tc.dropInt {
				e.Certificates = e.Certificates[:1]
			}
			r := o.validate(context.Background(), e)
			requireVerdict(t, r, tc.ind, tc.sub)
			if tc.wantKind != "" {
				require.Equal(t, tc.wantKind, r.Revocation.Kind)
				require.NotEmpty(t, r.Revocation.URL)
			}
		})
	}
	pki.SetOCSPMode(sigtest.OCSPDelegated)
}

func TestRevocationCacheSingleFlight(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := testOptions(t, pki)
	o.Online, o.Revocation, o.Cache = true, PreferCRL, NewRevocationCache()
	var wg sync.WaitGroup
	results := make([]SignatureReport, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = o.validate(context.Background(), testEvidence(pki.Valid, pki.Now))
		}()
	}
	wg.Wait()
	for _, r := range results {
		requireVerdict(t, r, TotalPassed, "")
	}
	require.Equal(t, 1, pki.Hits("/intermediate.crl"), "one fetch per URL under concurrency")
	require.Equal(t, 1, pki.Hits("/root.crl"))
	// Later calls are served from the cache until nextUpdate.
	requireVerdict(t, o.validate(context.Background(), testEvidence(pki.Valid, pki.Now)), TotalPassed, "")
	require.Equal(t, 1, pki.Hits("/intermediate.crl"))
	// After nextUpdate the entry expires and the CRL is fetched again.
	o.Cache.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	o.At = pki.Now.Add(time.Hour)
	o.validate(context.Background(), testEvidence(pki.Valid, pki.Now))
	require.Equal(t, 2, pki.Hits("/intermediate.crl"))
}

func TestReportOverall(t *testing.T) {
	r := &Report{}
	require.Equal(t, Indeterminate, r.Indication())
	r.Signatures = []SignatureReport{{Indication: TotalPassed}, {Indication: Indeterminate}}
	require.Equal(t, Indeterminate, r.Indication())
	r.Signatures = append(r.Signatures, SignatureReport{Indication: TotalFailed})
	require.Equal(t, TotalFailed, r.Indication())
	r.Signatures = []SignatureReport{{Indication: TotalPassed}}
	require.Equal(t, TotalPassed, r.Indication())
}

// BenchmarkValidateWarm measures the shared pipeline (chain, policy, revocation) for one signature with a
// warm revocation cache, the part of a CMS verification that is not format parsing.
func BenchmarkValidateWarm(b *testing.B) {
	pki := sigtest.NewPKI(b)
	roots, err := NewTrustStore(Anchor{Name: "sigtest", Certificate: pki.Root.Cert})
	require.NoError(b, err)
	for _, mode := range []struct {
		name   string
		online bool
	}{{"supplied-crl", false}, {"online-ocsp-cached", true}} {
		b.Run(mode.name, func(b *testing.B) {
			o := VerifyOptions{Roots: roots, At: pki.Now, Cache: NewRevocationCache(), Online: mode.online}
			if !mode.online {
				o.CRLs = [][]byte{pki.Intermediate.MustCRL(b, pki.Now, sigtest.CRLSpec{}), pki.Root.MustCRL(b, pki.Now, sigtest.CRLSpec{})}
			}
			ev := testEvidence(pki.Valid, pki.Now)
			if r := o.validate(context.Background(), ev); r.Indication != TotalPassed {
				b.Fatal(r.Messages)
			}
			b.ReportAllocs()
			for b.Loop() {
				o.validate(context.Background(), ev)
			}
		})
	}
}

func TestPipelineRevocationSource(t *testing.T) {
	pki := sigtest.NewPKI(t)
	now := pki.Now.Add(-time.Hour)

	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	r := o.validate(context.Background(), testEvidence(pki.Valid, now))
	requireVerdict(t, r, TotalPassed, "")
	require.Equal(t, SourceSupplied, r.Revocation.Source, "a CRL given in VerifyOptions is supplied, not embedded")

	o = testOptions(t, pki)
	e := testEvidence(pki.Valid, now)
	e.CRLs = crls(t, pki)
	r = o.validate(context.Background(), e)
	requireVerdict(t, r, TotalPassed, "")
	require.Equal(t, SourceEmbedded, r.Revocation.Source)
}
