package signature

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/vntime"
)

// verdict is one finding that may decide the result.
type verdict struct {
	ind  Indication
	sub  SubIndication
	cert *x509.Certificate
	err  error
}

// validation carries the state of one run of the pipeline over one signature.
type validation struct {
	o        *VerifyOptions
	ev       *evidence
	r        SignatureReport
	verdicts []verdict
	claimed  time.Time // claimed signing time (signer's clock), zero if none
	poe      time.Time // proof of existence from a verified time stamp, zero if none
}

// validate is the shared pipeline: it turns what a format parser found (evidence) into the ETSI EN 319 102-1
// style result of one signature. Steps, each adding messages in English and Vietnamese:
//
//  1. format, signed data, digest and signature value (TOTAL_FAILED on failure);
//  2. signature time stamp as proof of existence (POE) and its order against the claimed signing time;
//  3. the algorithm policy in force at the signing time (Thông tư 15/2025/TT-BKHCN or legacy);
//  4. chain building to a selected trust anchor and chain constraints, key usage;
//  5. algorithm checks of the signature and the chain;
//  6. certificate validity at signing time and revocation at signing time (NĐ 68/2024 Điều 31).
//
// The result is the first TOTAL_FAILED finding if any, else the first INDETERMINATE one, else TOTAL_PASSED.
func (o *VerifyOptions) validate(ctx context.Context, ev *evidence) SignatureReport {
	vo := *o
	// One validation time for every check of the signature: a zero At means now, read once.
	vo.At = o.at()
	if vo.Cache == nil {
		vo.Cache = &RevocationCache{}
	}
	if vo.Roots == nil {
		vo.Roots = DefaultTrustStore()
	}
	v := &validation{o: &vo, ev: ev}
	v.r = SignatureReport{Format: ev.Format, ID: ev.ID, Chain: []CertificateInfo{}, Algorithms: []AlgorithmCheck{},
		Messages: []diag.Diagnostic{}, Scope: Scope{WholeDocument: ev.Scope.WholeDocument, References: slices.Clone(ev.Scope.References)}}
	if v.r.Scope.References == nil {
		v.r.Scope.References = []string{}
	}
	v.run(ctx)
	return v.finish()
}

// add records a verdict other than TOTAL_PASSED and its message, a finding of rule r formatted with args.
func (v *validation) add(ind Indication, sub SubIndication, cert *x509.Certificate, err error, r diag.Rule, args ...any) {
	v.verdicts = append(v.verdicts, verdict{ind: ind, sub: sub, cert: cert, err: err})
	v.msg(r, args...)
}

// msg records a message of rule r formatted with args.
func (v *validation) msg(r diag.Rule, args ...any) {
	v.r.Messages = append(v.r.Messages, r.New("", args...))
}

// phrase makes a bilingual template argument of a problem.
func (p problem) phrase() diag.Phrase { return diag.Phrase{EN: p.en, VI: p.vi} }

func fmtTime(t time.Time) string { return t.In(vntime.Location()).Format("2006-01-02 15:04:05 -07:00") }

func (v *validation) run(ctx context.Context) {
	ev := v.ev
	if !ev.SigningTime.IsZero() {
		v.claimed = ev.SigningTime
		v.r.SigningTime = timePtr(ev.SigningTime)
	}
	if ev.FormatErr != nil {
		v.add(TotalFailed, FormatFailure, nil, ev.FormatErr, ruleFormat, ev.FormatErr.Error())
		return
	}
	defer v.pdfChecks() // PDF coverage and later revisions (pdfverify.go), after the cryptographic verdicts
	signer := ev.SignerCert
	if signer != nil {
		info := v.o.Cache.describe(signer)
		v.r.Signer = &info
	}
	if ev.HashErr != nil {
		v.add(TotalFailed, HashFailure, signer, ev.HashErr, ruleHash, ev.HashErr.Error())
		return
	}
	if ev.SignedDataErr != nil {
		v.add(Indeterminate, SignedDataNotFound, signer, ev.SignedDataErr, ruleNoData, ev.SignedDataErr.Error())
		return
	}
	if signer == nil {
		v.add(Indeterminate, NoSigningCertificateFound, nil, nil, ruleNoCert)
		return
	}
	if ev.SignatureErr != nil {
		v.add(TotalFailed, SigCryptoFailure, signer, ev.SignatureErr, ruleCrypto, ev.SignatureErr.Error())
		return
	}
	v.msg(ruleValueOK)
	v.negativeSerials()

	v.timestamp(ctx)
	pol := v.policy()
	if pol == nil {
		return
	}
	chain := v.chain(ctx, signer)
	v.algorithms(pol, chain)
	if chain == nil {
		return
	}
	v.validityAndRevocation(ctx, pol, chain)
}

// timestamp checks the signature time stamp and records the proof of existence it gives.
func (v *validation) timestamp(ctx context.Context) {
	ts := v.ev.Timestamp
	if ts == nil {
		switch {
		case v.claimed.IsZero():
			v.msg(ruleNoTime)
		case v.ev.SigningTimeZoneless:
			v.msg(ruleClaimedTimeZoneless, fmtTime(v.claimed), v.ev.SigningTimeText)
		default:
			v.msg(ruleClaimedTime, fmtTime(v.claimed))
		}
		return
	}
	if ts.Err != nil {
		v.msg(ruleTSInvalid, ts.Err.Error())
		return
	}
	if ts.TSACert == nil {
		v.msg(ruleTSNoCert)
		return
	}
	var why *problem
	b, err := v.o.newChainBuilder(append(slices.Clone(ts.Certificates), v.ev.Certificates...))
	switch {
	case err != nil:
		why = &problem{err.Error(), "lựa chọn chứng thư gốc không hợp lệ"}
	case len(b.build(ctx, ts.TSACert).chains) == 0:
		why = &problem{"the TSA certificate does not chain to a selected trust anchor", "chứng thư của tổ chức cấp dấu thời gian không dẫn tới chứng thư gốc tin cậy"}
	case !hasEKU(ts.TSACert, x509.ExtKeyUsageTimeStamping):
		why = &problem{"the TSA certificate lacks the timeStamping extended key usage", "chứng thư của tổ chức cấp dấu thời gian không có mục đích timeStamping"}
	case ts.Time.Before(ts.TSACert.NotBefore) || ts.Time.After(ts.TSACert.NotAfter):
		why = &problem{"the TSA certificate was not valid at the time stamp's time", "chứng thư của tổ chức cấp dấu thời gian không có hiệu lực tại thời điểm gắn dấu"}
	}
	if why != nil {
		v.msg(ruleTSUntrusted, why.phrase())
		return
	}
	v.poe = ts.Time
	v.r.TimestampTime = timePtr(ts.Time)
	v.msg(ruleTSOK, fmtTime(ts.Time))
	if !v.claimed.IsZero() && v.claimed.After(ts.Time.Add(clockSkew)) {
		v.add(Indeterminate, TimestampOrderFailure, v.ev.SignerCert, nil, ruleTSOrder, fmtTime(v.claimed), fmtTime(ts.Time))
	}
}

func hasEKU(c *x509.Certificate, want x509.ExtKeyUsage) bool {
	return slices.Contains(c.ExtKeyUsage, want)
}

// bestTime is the time the signature is judged at for the policy: the proven time, else the claimed one.
func (v *validation) bestTime() time.Time {
	if !v.poe.IsZero() {
		return v.poe
	}
	return v.claimed
}

// policy selects the algorithm policy.
func (v *validation) policy() *Policy {
	o := v.o
	set := o.Policies
	if set == nil {
		set = DefaultPolicies()
	}
	var p *Policy
	switch {
	case o.Policy != nil:
		p = o.Policy
	case o.PolicyName != "":
		if p = set.ByName(o.PolicyName); p == nil {
			v.add(Indeterminate, SignaturePolicyNotAvailable, v.ev.SignerCert, fmt.Errorf("signature: unknown policy %q", o.PolicyName),
				rulePolicyUnknown, o.PolicyName)
			return nil
		}
	default:
		p = set.ForTime(v.bestTime())
	}
	if p == nil || len(p.Hashes) == 0 && len(p.WarnHashes) == 0 {
		v.add(Indeterminate, PolicyProcessingError, v.ev.SignerCert, errors.New("signature: no usable policy"), rulePolicyError)
		return nil
	}
	v.r.Policy = p.Name
	v.msg(rulePolicy, p.Name, p.Reference)
	return p
}

// chain builds the certification path and checks its constraints. It returns nil when no path was found.
func (v *validation) chain(ctx context.Context, signer *x509.Certificate) []*x509.Certificate {
	b, err := v.o.newChainBuilder(v.ev.Certificates)
	if err != nil {
		v.add(Indeterminate, PolicyProcessingError, signer, err, ruleAnchorConfig, err.Error())
		return nil
	}
	res := b.build(ctx, signer)
	if len(res.chains) == 0 {
		v.r.Chain = []CertificateInfo{DescribeCertificate(signer)}
		if ctx.Err() != nil {
			v.add(Indeterminate, CertificateChainGeneralFailure, signer, ctx.Err(), ruleChainError, ctx.Err().Error())
			return nil
		}
		reason := joinProblems(res.problems)
		v.add(Indeterminate, NoCertificateChainFound, signer, &UnknownAuthorityError{Cert: signer, Reason: reason.EN}, ruleUntrusted, reason)
		return nil
	}
	best, bestIdx := res.chains[0], 0
	var problems []problem
	for i, c := range res.chains {
		p := v.o.chainConstraints(c)
		if len(p) == 0 {
			best, bestIdx, problems = c, i, nil
			break
		}
		if i == 0 {
			problems = p
		}
	}
	for i, c := range best {
		info := v.o.Cache.describe(c)
		if i == len(best)-1 {
			info.Anchor = res.anchors[bestIdx]
		}
		v.r.Chain = append(v.r.Chain, info)
	}
	v.msg(ruleChain, len(best), res.anchors[bestIdx])
	for _, p := range problems {
		v.add(Indeterminate, ChainConstraintsFailure, signer, errors.New("signature: "+p.en), ruleChainConstraint, p.phrase())
	}
	return best
}

// joinProblems joins the distinct reasons path building gave up, in both languages.
func joinProblems(ps []problem) diag.Phrase {
	var out []problem
	for _, p := range ps {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []problem{{"no issuer certificate available", "không có chứng thư của CA cấp trên"}}
	}
	var en, vi []string
	for _, p := range out {
		en, vi = append(en, p.en), append(vi, p.vi)
	}
	return diag.Phrase{EN: strings.Join(en, "; "), VI: strings.Join(vi, "; ")}
}

// algorithms judges every algorithm use of the signature and of the chain by the policy.
func (v *validation) algorithms(pol *Policy, chain []*x509.Certificate) {
	uses := slices.Clone(v.ev.Algorithms)
	alg, bits := publicKeyInfo(v.ev.SignerCert.PublicKey)
	uses = append(uses, AlgorithmUse{Purpose: "signing-key", URI: alg.String(), PublicKey: alg, KeyBits: bits})
	for i := 0; i+1 < len(chain); i++ {
		ialg, ibits := publicKeyInfo(chain[i+1].PublicKey)
		uses = append(uses, certificateUses(chain[i], ibits, ialg)...)
	}
	rejected, warned := []string{}, []string{}
	for _, u := range uses {
		c, verdict := pol.check(u)
		if u.Purpose == "signing-key" {
			c.Algorithm = fmt.Sprintf("%s %d-bit key", alg, bits)
		}
		v.r.Algorithms = append(v.r.Algorithms, c)
		switch verdict {
		case algReject:
			rejected = append(rejected, u.Purpose+" "+c.Algorithm)
		case algWarn:
			warned = append(warned, u.Purpose+" "+c.Algorithm)
		}
	}
	if len(rejected) > 0 {
		sub, en, vi := v.cryptoFailureReason(pol)
		list := strings.Join(rejected, ", ")
		v.add(Indeterminate, sub, v.ev.SignerCert, &PolicyError{Policy: pol.Name, Use: list}, ruleAlgorithm,
			pol.Name, pol.Reference, list, diag.Phrase{EN: en, VI: vi})
	}
	if len(warned) > 0 {
		list := strings.Join(warned, ", ")
		v.msg(ruleAlgorithmLegacy, pol.Name, list, CurrentPolicyFrom().Format("02/01/2006"))
	}
}

// cryptoFailureReason tells whether a rejected algorithm is a plain CRYPTO_CONSTRAINTS_FAILURE (the policy that
// rejects it certainly governs the signature) or CRYPTO_CONSTRAINTS_FAILURE_NO_POE (the signature might predate
// the policy, when the algorithm was still accepted, but nothing proves it). The policy certainly governs when a
// time stamp proves the signing time, when the caller forced the policy, or when the signer's own claimed signing
// time falls under it: a signer who claims to have signed after the cut-over cannot have signed before it.
func (v *validation) cryptoFailureReason(pol *Policy) (SubIndication, string, string) {
	switch {
	case !v.poe.IsZero():
		return CryptoConstraintsFailure, "the time stamp proves the signature was made while the policy was in force",
			"dấu thời gian chứng minh chữ ký được tạo khi chính sách này đang có hiệu lực"
	case v.o.Policy != nil || v.o.PolicyName != "":
		return CryptoConstraintsFailure, "the policy was chosen for this validation",
			"chính sách này được chọn cho lần kiểm tra này"
	case !v.claimed.IsZero() && !pol.From.IsZero() && !v.claimed.Before(pol.From):
		return CryptoConstraintsFailure, "the signing time the signer claims falls under this policy",
			"thời điểm ký do người ký khai báo thuộc phạm vi áp dụng của chính sách này"
	}
	return CryptoConstraintsFailureNoPOE, "no time stamp proves the signature was made while they were still accepted",
		"không có dấu thời gian chứng minh chữ ký được tạo khi các thuật toán này còn được chấp nhận"
}

// validityAndRevocation applies NĐ 68/2024 Điều 31: the certificates must be valid and not revoked or
// suspended at the signing time, checked through CRL or OCSP.
func (v *validation) validityAndRevocation(ctx context.Context, pol *Policy, chain []*x509.Certificate) {
	o := v.o
	signer := chain[0]
	at := o.at()
	ref := at // time the validity is judged at: the proven time if any, else the validation time
	if !v.poe.IsZero() {
		ref = v.poe
	}
	// TOTAL_FAILED from the signature's own statements or proof.
	if !v.claimed.IsZero() && v.claimed.Before(signer.NotBefore) || !v.poe.IsZero() && v.poe.Before(signer.NotBefore) {
		t := v.bestTimeForMessage()
		v.add(TotalFailed, NotYetValid, signer, nil, ruleNotYetValid, fmtTime(t), fmtTime(signer.NotBefore))
	}
	if !v.claimed.IsZero() && v.claimed.After(signer.NotAfter) {
		v.add(TotalFailed, Expired, signer, nil, ruleExpired, fmtTime(v.claimed), fmtTime(signer.NotAfter))
	}
	outOfBounds := ref.After(signer.NotAfter)
	notYet := v.poe.IsZero() && at.Before(signer.NotBefore)

	// Revocation of every certificate below the anchor.
	sigTime := v.bestTime()
	type revoked struct {
		idx  int
		info RevocationInfo
	}
	var revokedList []revoked
	var unavailable []RevocationInfo
	var caOutOfBounds []*x509.Certificate
	for i := 0; i+1 < len(chain); i++ {
		c, issuer := chain[i], chain[i+1]
		if i > 0 && (ref.Before(c.NotBefore) || ref.After(c.NotAfter)) {
			caOutOfBounds = append(caOutOfBounds, c)
		}
		info := o.revocationCheck(ctx, c, issuer, v.ev, sigTime)
		if i == 0 {
			ri := info
			v.r.Revocation = &ri
		} else {
			v.r.CARevocation = append(v.r.CARevocation, info)
		}
		switch info.Status {
		case StatusRevoked:
			revokedList = append(revokedList, revoked{i, info})
		case StatusUnavailable, StatusUnknown:
			unavailable = append(unavailable, info)
		case StatusGood:
			v.msg(ruleRevocationOK, info.Certificate, info.Kind, info.Source.phrase())
		}
	}
	for _, rv := range revokedList {
		c := chain[rv.idx]
		revAt := *rv.info.RevokedAt
		err := &RevokedError{Cert: c, RevokedAt: revAt, Reason: rv.info.Reason}
		what := diag.Phrase{EN: "revoked", VI: "bị thu hồi"}
		if rv.info.Reason == "certificateHold" {
			what = diag.Phrase{EN: "suspended", VI: "bị tạm dừng"}
		}
		switch {
		case !v.poe.IsZero() && v.poe.Before(revAt):
			v.msg(ruleRevokedAfter, c.Subject.String(), what, fmtTime(revAt), fmtTime(v.poe))
		case rv.idx == 0 && !v.claimed.IsZero() && !v.claimed.Before(revAt):
			v.add(TotalFailed, Revoked, c, err, ruleRevoked, what, fmtTime(revAt), rv.info.Reason, fmtTime(v.claimed))
		case rv.idx == 0:
			v.add(Indeterminate, RevokedNoPOE, c, err, ruleRevokedNoPOE, what, fmtTime(revAt), rv.info.Reason)
		default:
			v.add(Indeterminate, RevokedCANoPOE, c, err, ruleCARevoked, c.Subject.String(), what, fmtTime(revAt), rv.info.Reason)
		}
	}
	if outOfBounds {
		sub := OutOfBoundsNoPOE
		if v.r.Revocation != nil && v.r.Revocation.Status == StatusGood {
			sub = OutOfBoundsNotRevoked
		}
		v.add(Indeterminate, sub, signer, &ValidationError{Indication: Indeterminate, SubIndication: sub, Cert: signer},
			ruleOutOfBounds, fmtTime(signer.NotAfter))
	}
	for _, c := range caOutOfBounds {
		v.add(Indeterminate, OutOfBoundsNoPOE, c, nil, ruleCAOutOfBounds,
			c.Subject.String(), fmtTime(c.NotBefore), fmtTime(c.NotAfter), fmtTime(ref))
	}
	if notYet {
		v.add(Indeterminate, NotYetValid, signer, nil, ruleCertNotYetValid, fmtTime(signer.NotBefore))
	}
	for _, info := range unavailable {
		cert := signer
		for _, c := range chain {
			if v.o.Cache.describe(c).Subject == info.Certificate {
				cert = c
			}
		}
		why := strings.Join(info.Problems, "; ")
		v.add(Indeterminate, TryLater, cert, &RevocationUnavailableError{Cert: cert, Problems: info.Problems},
			ruleRevocationUnavailable, info.Certificate, why)
	}
	if pol.RequireTimestamp && v.poe.IsZero() {
		v.add(Indeterminate, NoPOE, signer, nil, ruleNoPOE, pol.Name)
	}
	if pol.RequireSigningTime && v.claimed.IsZero() && v.poe.IsZero() {
		v.add(Indeterminate, SigConstraintsFailure, signer, nil, ruleNoSigningTime, pol.Name)
	}
}

func (v *validation) bestTimeForMessage() time.Time {
	if !v.poe.IsZero() && v.poe.Before(v.ev.SignerCert.NotBefore) {
		return v.poe
	}
	return v.claimed
}

// finish chooses the result and adds the summary message.
func (v *validation) finish() SignatureReport {
	var chosen *verdict
	for i := range v.verdicts {
		if v.verdicts[i].ind == TotalFailed {
			chosen = &v.verdicts[i]
			break
		}
	}
	if chosen == nil && len(v.verdicts) > 0 {
		chosen = &v.verdicts[0]
	}
	r := v.r
	if chosen == nil {
		r.Indication = TotalPassed
		d := ruleResult.New("", string(TotalPassed), diag.Phrase{EN: "the signature is valid", VI: "chữ ký hợp lệ"})
		d.Severity = diag.Info
		r.Messages = append([]diag.Diagnostic{d}, r.Messages...)
	} else {
		r.Indication, r.SubIndication = chosen.ind, chosen.sub
		r.Err = &ValidationError{Indication: chosen.ind, SubIndication: chosen.sub, Cert: chosen.cert, Err: chosen.err}
		why := diag.Phrase{EN: "the signature is invalid", VI: "chữ ký không hợp lệ"}
		if chosen.ind == Indeterminate {
			why = diag.Phrase{EN: "the validity of the signature cannot be established", VI: "chưa xác định được tính hợp lệ của chữ ký"}
		}
		r.Messages = append([]diag.Diagnostic{ruleResult.New("", string(chosen.ind)+"/"+string(chosen.sub), why)}, r.Messages...)
	}
	r.IndicationURI = r.Indication.URI()
	r.SubIndicationURI = r.SubIndication.URI()
	return r
}

// negativeSerials warns about the certificates of the signature with a negative serial number, which egov
// reads (certparse.go) although RFC 5280 forbids them.
func (v *validation) negativeSerials() {
	seen := map[*x509.Certificate]bool{}
	for _, c := range append([]*x509.Certificate{v.ev.SignerCert}, v.ev.Certificates...) {
		if c != nil && !seen[c] && c.SerialNumber != nil && c.SerialNumber.Sign() < 0 {
			seen[c] = true
			v.msg(ruleNegativeSerial, c.Subject.String(), c.SerialNumber.String())
		}
	}
}
