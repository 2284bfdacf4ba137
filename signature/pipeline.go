package signature

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
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
	if vo.Cache == nil {
		vo.Cache = &RevocationCache{}
	}
	if vo.Roots == nil {
		vo.Roots = DefaultTrustStore()
	}
	v := &validation{o: &vo, ev: ev}
	v.r = SignatureReport{Format: ev.Format, ID: ev.ID, Chain: []CertificateInfo{}, Algorithms: []AlgorithmCheck{},
		Messages: []Message{}, Scope: Scope{WholeDocument: ev.Scope.WholeDocument, References: slices.Clone(ev.Scope.References)}}
	if v.r.Scope.References == nil {
		v.r.Scope.References = []string{}
	}
	v.run(ctx)
	return v.finish()
}

func (v *validation) add(ind Indication, sub SubIndication, cert *x509.Certificate, err error, code, en, vi string) {
	v.verdicts = append(v.verdicts, verdict{ind: ind, sub: sub, cert: cert, err: err})
	sev := SeverityError
	v.msg(sev, code, en, vi)
}

func (v *validation) msg(sev Severity, code, en, vi string) {
	v.r.Messages = append(v.r.Messages, Message{Code: code, Severity: sev, EN: en, VI: vi})
}

func fmtTime(t time.Time) string { return t.In(ict).Format("2006-01-02 15:04:05 -07:00") }

func (v *validation) run(ctx context.Context) {
	ev := v.ev
	if !ev.SigningTime.IsZero() {
		v.claimed = ev.SigningTime
		v.r.SigningTime = timePtr(ev.SigningTime)
	}
	if ev.FormatErr != nil {
		v.add(TotalFailed, FormatFailure, nil, ev.FormatErr, "SIG-FORMAT",
			"The signature is malformed: "+ev.FormatErr.Error(),
			"Chữ ký không đúng cấu trúc định dạng: "+ev.FormatErr.Error())
		return
	}
	defer v.pdfChecks() // PDF coverage and later revisions (pdfverify.go), after the cryptographic verdicts
	signer := ev.SignerCert
	if signer != nil {
		info := v.o.Cache.describe(signer)
		v.r.Signer = &info
	}
	if ev.HashErr != nil {
		v.add(TotalFailed, HashFailure, signer, ev.HashErr, "SIG-HASH",
			"The signed data has been modified after signing (digest mismatch): "+ev.HashErr.Error(),
			"Dữ liệu đã bị thay đổi sau khi ký (giá trị băm không khớp): "+ev.HashErr.Error())
		return
	}
	if ev.SignedDataErr != nil {
		v.add(Indeterminate, SignedDataNotFound, signer, ev.SignedDataErr, "SIG-NO-DATA",
			"The signed data could not be obtained: "+ev.SignedDataErr.Error(),
			"Không lấy được dữ liệu đã ký: "+ev.SignedDataErr.Error())
		return
	}
	if signer == nil {
		v.add(Indeterminate, NoSigningCertificateFound, nil, nil, "SIG-NO-CERT",
			"The signing certificate was not found in the signature or the supplied certificates.",
			"Không tìm thấy chứng thư số của người ký trong chữ ký hoặc trong các chứng thư được cung cấp.")
		return
	}
	if ev.SignatureErr != nil {
		v.add(TotalFailed, SigCryptoFailure, signer, ev.SignatureErr, "SIG-CRYPTO",
			"The signature value does not verify with the signing certificate's public key: "+ev.SignatureErr.Error(),
			"Giá trị chữ ký không khớp với khóa công khai của chứng thư ký: "+ev.SignatureErr.Error())
		return
	}
	v.msg(SeverityInfo, "SIG-VALUE-OK",
		"The signature value and the digests of the signed data are correct.",
		"Giá trị chữ ký và giá trị băm của dữ liệu đã ký là đúng.")

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
		if v.claimed.IsZero() {
			v.msg(SeverityWarning, "SIG-NO-TIME",
				"The signature carries neither a signing time nor a time stamp; it is judged at the validation time.",
				"Chữ ký không có thời điểm ký và không có dấu thời gian; chữ ký được đánh giá tại thời điểm kiểm tra.")
		} else {
			v.msg(SeverityInfo, "SIG-CLAIMED-TIME",
				"Claimed signing time (signer's clock, not proven): "+fmtTime(v.claimed)+".",
				"Thời điểm ký do người ký khai (theo đồng hồ máy ký, chưa được chứng minh): "+fmtTime(v.claimed)+".")
		}
		return
	}
	if ts.Err != nil {
		v.msg(SeverityWarning, "SIG-TS-INVALID",
			"The signature time stamp does not verify and is ignored: "+ts.Err.Error(),
			"Dấu thời gian của chữ ký không hợp lệ và bị bỏ qua: "+ts.Err.Error())
		return
	}
	if ts.TSACert == nil {
		v.msg(SeverityWarning, "SIG-TS-NO-CERT", "The time stamp's TSA certificate is missing; the time stamp is ignored.",
			"Thiếu chứng thư của tổ chức cấp dấu thời gian; dấu thời gian bị bỏ qua.")
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
		v.msg(SeverityWarning, "SIG-TS-UNTRUSTED", "The signature time stamp is not trusted and is ignored: "+why.en+".",
			"Dấu thời gian của chữ ký không tin cậy và bị bỏ qua: "+why.vi+".")
		return
	}
	v.poe = ts.Time
	v.r.TimestampTime = timePtr(ts.Time)
	v.msg(SeverityInfo, "SIG-TS-OK",
		"A trusted time stamp proves the signature existed at "+fmtTime(ts.Time)+" (Luật Giao dịch điện tử 2023 Điều 31).",
		"Dấu thời gian tin cậy chứng minh chữ ký đã tồn tại lúc "+fmtTime(ts.Time)+" (Luật Giao dịch điện tử 2023 Điều 31).")
	if !v.claimed.IsZero() && v.claimed.After(ts.Time.Add(clockSkew)) {
		v.add(Indeterminate, TimestampOrderFailure, v.ev.SignerCert, nil, "SIG-TS-ORDER",
			"The claimed signing time "+fmtTime(v.claimed)+" is later than the time stamp "+fmtTime(ts.Time)+".",
			"Thời điểm ký khai báo "+fmtTime(v.claimed)+" muộn hơn dấu thời gian "+fmtTime(ts.Time)+".")
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
				"SIG-POLICY-UNKNOWN", fmt.Sprintf("The requested validation policy %q is not available.", o.PolicyName),
				fmt.Sprintf("Không có chính sách kiểm tra %q được yêu cầu.", o.PolicyName))
			return nil
		}
	default:
		p = set.ForTime(v.bestTime())
	}
	if p == nil || len(p.Hashes) == 0 && len(p.WarnHashes) == 0 {
		v.add(Indeterminate, PolicyProcessingError, v.ev.SignerCert, errors.New("signature: no usable policy"), "SIG-POLICY-ERROR",
			"No usable validation policy applies to this signature (empty policy set or a policy without accepted digests).",
			"Không có chính sách kiểm tra dùng được cho chữ ký này (tập chính sách rỗng hoặc chính sách không chấp nhận hàm băm nào).")
		return nil
	}
	v.r.Policy = p.Name
	v.msg(SeverityInfo, "SIG-POLICY",
		fmt.Sprintf("Algorithm policy %q (%s) applies.", p.Name, p.Reference),
		fmt.Sprintf("Áp dụng chính sách thuật toán %q (%s).", p.Name, p.Reference))
	return p
}

// chain builds the certification path and checks its constraints. It returns nil when no path was found.
func (v *validation) chain(ctx context.Context, signer *x509.Certificate) []*x509.Certificate {
	b, err := v.o.newChainBuilder(v.ev.Certificates)
	if err != nil {
		v.add(Indeterminate, PolicyProcessingError, signer, err, "SIG-ANCHOR-CONFIG",
			"The trust anchor selection is invalid: "+err.Error(),
			"Lựa chọn chứng thư gốc tin cậy không hợp lệ: "+err.Error())
		return nil
	}
	res := b.build(ctx, signer)
	if len(res.chains) == 0 {
		v.r.Chain = []CertificateInfo{DescribeCertificate(signer)}
		if ctx.Err() != nil {
			v.add(Indeterminate, CertificateChainGeneralFailure, signer, ctx.Err(), "SIG-CHAIN-ERROR",
				"Chain building was interrupted: "+ctx.Err().Error(),
				"Việc xây dựng đường dẫn chứng thực bị gián đoạn: "+ctx.Err().Error())
			return nil
		}
		reason := strings.Join(dedup(res.problems), "; ")
		v.add(Indeterminate, NoCertificateChainFound, signer, &UnknownAuthorityError{Cert: signer, Reason: reason}, "SIG-UNTRUSTED",
			"The signing certificate does not chain to a trusted root ("+reason+"). A public-duty signature must chain to the Government CA root (NĐ 68/2024 Điều 31).",
			"Chứng thư ký không dẫn tới chứng thư gốc tin cậy ("+reason+"). Chữ ký số chuyên dùng công vụ phải dẫn tới chứng thư gốc của Ban Cơ yếu Chính phủ (NĐ 68/2024 Điều 31).")
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
	v.msg(SeverityInfo, "SIG-CHAIN",
		fmt.Sprintf("Certification path of %d certificates to the trust anchor %q.", len(best), res.anchors[bestIdx]),
		fmt.Sprintf("Đường dẫn chứng thực gồm %d chứng thư tới chứng thư gốc tin cậy %q.", len(best), res.anchors[bestIdx]))
	for _, p := range problems {
		v.add(Indeterminate, ChainConstraintsFailure, signer, errors.New("signature: "+p.en), "SIG-CHAIN-CONSTRAINT",
			"Certificate constraint not met: "+p.en+" (NĐ 68/2024 Điều 31: a certificate must be used within its scope).",
			"Không đáp ứng ràng buộc chứng thư: "+p.vi+" (NĐ 68/2024 Điều 31: chứng thư phải được sử dụng đúng phạm vi).")
	}
	return best
}

func dedup(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		out = []string{"no issuer certificate available"}
	}
	return out
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
		v.add(Indeterminate, sub, v.ev.SignerCert, &PolicyError{Policy: pol.Name, Use: list}, "SIG-ALGORITHM",
			fmt.Sprintf("Policy %q (%s) does not accept %s; %s.", pol.Name, pol.Reference, list, en),
			fmt.Sprintf("Chính sách %q (%s) không chấp nhận %s; %s.", pol.Name, pol.Reference, list, vi))
	}
	if len(warned) > 0 {
		list := strings.Join(warned, ", ")
		v.msg(SeverityWarning, "SIG-ALGORITHM-LEGACY",
			fmt.Sprintf("Accepted only under the legacy policy %q: %s; such algorithms are no longer accepted for signatures made from %s (Thông tư 15/2025/TT-BKHCN).", pol.Name, list, CurrentPolicyFrom.Format("02/01/2006")),
			fmt.Sprintf("Chỉ được chấp nhận theo chính sách cũ %q: %s; các thuật toán này không còn được chấp nhận cho chữ ký tạo từ ngày %s (Thông tư 15/2025/TT-BKHCN).", pol.Name, list, CurrentPolicyFrom.Format("02/01/2006")))
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
		v.add(TotalFailed, NotYetValid, signer, nil, "SIG-NOT-YET-VALID",
			"The signature was made at "+fmtTime(t)+", before the signing certificate became valid ("+fmtTime(signer.NotBefore)+").",
			"Chữ ký được tạo lúc "+fmtTime(t)+", trước khi chứng thư ký có hiệu lực ("+fmtTime(signer.NotBefore)+").")
	}
	if !v.claimed.IsZero() && v.claimed.After(signer.NotAfter) {
		v.add(TotalFailed, Expired, signer, nil, "SIG-EXPIRED",
			"The signer states the signature was made at "+fmtTime(v.claimed)+", after the signing certificate expired ("+fmtTime(signer.NotAfter)+"); NĐ 68/2024 Điều 31 requires a certificate valid at signing time.",
			"Người ký khai thời điểm ký "+fmtTime(v.claimed)+", sau khi chứng thư ký hết hạn ("+fmtTime(signer.NotAfter)+"); NĐ 68/2024 Điều 31 yêu cầu chứng thư còn hiệu lực tại thời điểm ký.")
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
			src := string(info.Source)
			v.msg(SeverityInfo, "SIG-REVOCATION-OK",
				fmt.Sprintf("%q is not revoked according to %s (%s).", info.Certificate, info.Kind, src),
				fmt.Sprintf("%q không bị thu hồi theo %s (%s).", info.Certificate, info.Kind, src))
		}
	}
	for _, rv := range revokedList {
		c := chain[rv.idx]
		revAt := *rv.info.RevokedAt
		err := &RevokedError{Cert: c, RevokedAt: revAt, Reason: rv.info.Reason}
		what, whatVI := "revoked", "bị thu hồi"
		if rv.info.Reason == "certificateHold" {
			what, whatVI = "suspended", "bị tạm dừng"
		}
		switch {
		case !v.poe.IsZero() && v.poe.Before(revAt):
			v.msg(SeverityWarning, "SIG-REVOKED-AFTER",
				fmt.Sprintf("%q was %s at %s, after the time stamp proves the signature existed (%s); the signature stays valid.", c.Subject.String(), what, fmtTime(revAt), fmtTime(v.poe)),
				fmt.Sprintf("%q %s lúc %s, sau thời điểm dấu thời gian chứng minh chữ ký đã tồn tại (%s); chữ ký vẫn hợp lệ.", c.Subject.String(), whatVI, fmtTime(revAt), fmtTime(v.poe)))
		case rv.idx == 0 && !v.claimed.IsZero() && !v.claimed.Before(revAt):
			v.add(TotalFailed, Revoked, c, err, "SIG-REVOKED",
				fmt.Sprintf("The signing certificate was %s at %s (%s), before the claimed signing time %s: it was not active when the signature was made (NĐ 68/2024 Điều 31).", what, fmtTime(revAt), rv.info.Reason, fmtTime(v.claimed)),
				fmt.Sprintf("Chứng thư ký đã %s lúc %s (%s), trước thời điểm ký khai báo %s: chứng thư không còn hoạt động khi ký (NĐ 68/2024 Điều 31).", whatVI, fmtTime(revAt), rv.info.Reason, fmtTime(v.claimed)))
		case rv.idx == 0:
			v.add(Indeterminate, RevokedNoPOE, c, err, "SIG-REVOKED-NO-POE",
				fmt.Sprintf("The signing certificate was %s at %s (%s) and no time stamp proves the signature was made before that.", what, fmtTime(revAt), rv.info.Reason),
				fmt.Sprintf("Chứng thư ký đã %s lúc %s (%s) và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó.", whatVI, fmtTime(revAt), rv.info.Reason))
		default:
			v.add(Indeterminate, RevokedCANoPOE, c, err, "SIG-CA-REVOKED",
				fmt.Sprintf("The CA certificate %q was %s at %s (%s) and no time stamp proves the signature was made before that.", c.Subject.String(), what, fmtTime(revAt), rv.info.Reason),
				fmt.Sprintf("Chứng thư của CA %q đã %s lúc %s (%s) và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó.", c.Subject.String(), whatVI, fmtTime(revAt), rv.info.Reason))
		}
	}
	if outOfBounds {
		sub := OutOfBoundsNoPOE
		if v.r.Revocation != nil && v.r.Revocation.Status == StatusGood {
			sub = OutOfBoundsNotRevoked
		}
		v.add(Indeterminate, sub, signer, &ValidationError{Indication: Indeterminate, SubIndication: sub, Cert: signer}, "SIG-OUT-OF-BOUNDS",
			"The signing certificate expired at "+fmtTime(signer.NotAfter)+" and no time stamp proves the signature was made before that.",
			"Chứng thư ký đã hết hạn lúc "+fmtTime(signer.NotAfter)+" và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó.")
	}
	for _, c := range caOutOfBounds {
		v.add(Indeterminate, OutOfBoundsNoPOE, c, nil, "SIG-CA-OUT-OF-BOUNDS",
			fmt.Sprintf("The CA certificate %q is outside its validity period (%s – %s) at %s.", c.Subject.String(), fmtTime(c.NotBefore), fmtTime(c.NotAfter), fmtTime(ref)),
			fmt.Sprintf("Chứng thư của CA %q nằm ngoài thời hạn hiệu lực (%s – %s) tại %s.", c.Subject.String(), fmtTime(c.NotBefore), fmtTime(c.NotAfter), fmtTime(ref)))
	}
	if notYet {
		v.add(Indeterminate, NotYetValid, signer, nil, "SIG-CERT-NOT-YET-VALID",
			"The signing certificate is not yet valid at the validation time (valid from "+fmtTime(signer.NotBefore)+").",
			"Chứng thư ký chưa có hiệu lực tại thời điểm kiểm tra (hiệu lực từ "+fmtTime(signer.NotBefore)+").")
	}
	for _, info := range unavailable {
		cert := signer
		for _, c := range chain {
			if v.o.Cache.describe(c).Subject == info.Certificate {
				cert = c
			}
		}
		why := strings.Join(info.Problems, "; ")
		v.add(Indeterminate, TryLater, cert, &RevocationUnavailableError{Cert: cert, Problems: info.Problems}, "SIG-REVOCATION-UNAVAILABLE",
			fmt.Sprintf("No usable revocation information for %q (%s); the status cannot be confirmed now, try again later or supply a current CRL/OCSP response.", info.Certificate, why),
			fmt.Sprintf("Không có thông tin thu hồi dùng được cho %q (%s); chưa xác nhận được trạng thái, hãy thử lại sau hoặc cung cấp CRL/phản hồi OCSP còn hiệu lực.", info.Certificate, why))
	}
	if pol.RequireTimestamp && v.poe.IsZero() {
		v.add(Indeterminate, NoPOE, signer, nil, "SIG-NO-POE",
			fmt.Sprintf("Policy %q requires a trusted signature time stamp and none was found.", pol.Name),
			fmt.Sprintf("Chính sách %q yêu cầu dấu thời gian tin cậy cho chữ ký nhưng không tìm thấy.", pol.Name))
	}
	if pol.RequireSigningTime && v.claimed.IsZero() && v.poe.IsZero() {
		v.add(Indeterminate, SigConstraintsFailure, signer, nil, "SIG-NO-SIGNING-TIME",
			fmt.Sprintf("Policy %q requires the signing time to be embedded in the signature (Thông tư 15/2025/TT-BKHCN).", pol.Name),
			fmt.Sprintf("Chính sách %q yêu cầu thời điểm ký phải được gắn trong chữ ký (Thông tư 15/2025/TT-BKHCN).", pol.Name))
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
		r.Messages = append([]Message{{Code: "SIG-RESULT", Severity: SeverityInfo,
			EN: "TOTAL_PASSED: the signature is valid.",
			VI: "TOTAL_PASSED: chữ ký hợp lệ."}}, r.Messages...)
	} else {
		r.Indication, r.SubIndication = chosen.ind, chosen.sub
		r.Err = &ValidationError{Indication: chosen.ind, SubIndication: chosen.sub, Cert: chosen.cert, Err: chosen.err}
		en, vi := "the signature is invalid", "chữ ký không hợp lệ"
		if chosen.ind == Indeterminate {
			en, vi = "the validity of the signature cannot be established", "chưa xác định được tính hợp lệ của chữ ký"
		}
		r.Messages = append([]Message{{Code: "SIG-RESULT", Severity: SeverityError,
			EN: fmt.Sprintf("%s/%s: %s.", chosen.ind, chosen.sub, en),
			VI: fmt.Sprintf("%s/%s: %s.", chosen.ind, chosen.sub, vi)}}, r.Messages...)
	}
	r.IndicationURI = r.Indication.URI()
	r.SubIndicationURI = r.SubIndication.URI()
	return r
}
