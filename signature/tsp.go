package signature

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TimestampInfo is the content of an RFC 3161 time-stamp token (TSTInfo, RFC 3161 §2.4.2): the TSA's statement
// that a digest ("dấu thời gian", Luật Giao dịch điện tử 2023 Điều 31) existed at GenTime.
type TimestampInfo struct {
	Policy        asn1.ObjectIdentifier // the TSA policy under which the token was issued
	Hash          crypto.Hash           // hash of the message imprint (0 if unknown)
	HashOID       asn1.ObjectIdentifier // its algorithm identifier
	HashedMessage []byte                // the message imprint
	SerialNumber  *big.Int              // unique per TSA
	GenTime       time.Time             // when the TSA created the token
	Accuracy      time.Duration         // zero when the token states none
	Ordering      bool                  // tokens of this TSA are strictly ordered by GenTime
	Nonce         *big.Int              // echo of the request nonce, nil if none
}

// TimestampToken is a parsed RFC 3161 TimeStampToken: a CMS SignedData whose content is a TSTInfo.
type TimestampToken struct {
	Raw          []byte              // the DER ContentInfo
	Info         TimestampInfo       // the signed TSTInfo
	Certificates []*x509.Certificate // certificates the token carries (the TSA's, usually)
	signed       *cmsSignedData
}

// ParseTimestampToken parses a DER TimeStampToken (ContentInfo with SignedData over id-ct-TSTInfo). It checks
// the structure only; the signature is checked when the token is verified.
func ParseTimestampToken(der []byte) (*TimestampToken, error) {
	sd, err := parseCMS(der)
	if err != nil {
		return nil, fmt.Errorf("signature: time-stamp token: %w", err)
	}
	if !sd.EContentType.Equal(oidTSTInfo) {
		return nil, fmt.Errorf("signature: time-stamp token: content type %s is not id-ct-TSTInfo", sd.EContentType)
	}
	if !sd.Attached {
		return nil, errors.New("signature: time-stamp token: TSTInfo is missing")
	}
	if len(sd.Signers) != 1 {
		return nil, fmt.Errorf("signature: time-stamp token: %d SignerInfos, RFC 3161 requires exactly one", len(sd.Signers))
	}
	info, err := parseTSTInfo(sd.EContent)
	if err != nil {
		return nil, err
	}
	return &TimestampToken{Raw: der, Info: *info, Certificates: sd.Certificates, signed: sd}, nil
}

// parseTSTInfo parses TSTInfo (RFC 3161 §2.4.2).
func parseTSTInfo(der []byte) (*TimestampInfo, error) {
	fail := func(what string) (*TimestampInfo, error) {
		return nil, fmt.Errorf("signature: time-stamp token: malformed TSTInfo (%s)", what)
	}
	in := cryptobyte.String(der)
	var seq, imprint cryptobyte.String
	var version int64
	info := &TimestampInfo{SerialNumber: new(big.Int)}
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return fail("not a SEQUENCE")
	}
	if !seq.ReadASN1Int64WithTag(&version, cbasn1.INTEGER) || version != 1 {
		return fail("version")
	}
	if !seq.ReadASN1ObjectIdentifier(&info.Policy) {
		return fail("policy")
	}
	if !seq.ReadASN1(&imprint, cbasn1.SEQUENCE) {
		return fail("messageImprint")
	}
	alg, err := readAlgorithmIdentifier(&imprint)
	if err != nil {
		return fail("messageImprint hashAlgorithm")
	}
	info.HashOID, info.Hash = alg.OID, hashForDigestOID(alg.OID)
	var hashed cryptobyte.String
	if !imprint.ReadASN1(&hashed, cbasn1.OCTET_STRING) || !imprint.Empty() {
		return fail("messageImprint hashedMessage")
	}
	info.HashedMessage = hashed
	if !seq.ReadASN1Integer(info.SerialNumber) {
		return fail("serialNumber")
	}
	if !seq.ReadASN1GeneralizedTime(&info.GenTime) {
		return fail("genTime")
	}
	var acc cryptobyte.String
	var present bool
	if !seq.ReadOptionalASN1(&acc, &present, cbasn1.SEQUENCE) {
		return fail("accuracy")
	}
	if present {
		// Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER OPTIONAL, micros [1] INTEGER OPTIONAL }
		var sec, ms, us int64
		readOpt := func(out *int64, tag cbasn1.Tag) bool {
			return !acc.PeekASN1Tag(tag) || acc.ReadASN1Int64WithTag(out, tag)
		}
		if !readOpt(&sec, cbasn1.INTEGER) || !readOpt(&ms, cbasn1.Tag(0).ContextSpecific()) ||
			!readOpt(&us, cbasn1.Tag(1).ContextSpecific()) || !acc.Empty() ||
			sec < 0 || sec > 1<<31 || ms < 0 || ms > 999 || us < 0 || us > 999 {
			return fail("accuracy")
		}
		info.Accuracy = time.Duration(sec)*time.Second + time.Duration(ms)*time.Millisecond + time.Duration(us)*time.Microsecond
	}
	if seq.PeekASN1Tag(cbasn1.BOOLEAN) {
		if !seq.ReadASN1Boolean(&info.Ordering) {
			return fail("ordering")
		}
	}
	if seq.PeekASN1Tag(cbasn1.INTEGER) {
		info.Nonce = new(big.Int)
		if !seq.ReadASN1Integer(info.Nonce) {
			return fail("nonce")
		}
	}
	// tsa [0] GeneralName and extensions [1] are not needed for verification; they must still be well formed.
	for !seq.Empty() {
		var skip cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1Element(&skip, &tag) || (tag&0x1f) > 1 || tag&0xc0 != 0x80 {
			return fail("trailing fields")
		}
	}
	return info, nil
}

// timestampEvidence checks that the token's imprint covers imprinted, then the token's own signature, signed
// attributes and TSA certificate (RFC 3161 §2.3: the TSA certificate must carry the id-kp-timeStamping
// extended key usage). It returns the evidence of the token's signature, for the pipeline to judge the TSA's
// chain and revocation.
func (o *VerifyOptions) timestampEvidence(ctx context.Context, tok *TimestampToken, imprinted []byte) (*evidence, error) {
	if tok.Info.Hash == 0 || !tok.Info.Hash.Available() {
		return nil, fmt.Errorf("signature: time-stamp token: unsupported imprint hash %s", tok.Info.HashOID)
	}
	hh := tok.Info.Hash.New()
	hh.Write(imprinted)
	if !bytes.Equal(hh.Sum(nil), tok.Info.HashedMessage) {
		return nil, errors.New("signature: time-stamp token: message imprint does not match the signature value")
	}
	sd := tok.signed
	s := &sd.Signers[0]
	digests := map[crypto.Hash][]byte{}
	if h := hashForDigestOID(s.DigestAlg.OID); h != 0 && h.Available() {
		d := h.New()
		d.Write(sd.EContent)
		digests[h] = d.Sum(nil)
	}
	ev := o.signerEvidence(ctx, sd, s, digests, 1)
	ev.ID = "time-stamp"
	ev.SigningTime = tok.Info.GenTime
	ev.Scope = Scope{WholeDocument: true, References: []string{"TSTInfo"}}
	for i := range ev.Algorithms {
		ev.Algorithms[i].Purpose = "timestamp"
	}
	ev.Algorithms = append(ev.Algorithms, AlgorithmUse{Purpose: "timestamp", URI: tok.Info.HashOID.String(), Hash: tok.Info.Hash})
	switch {
	case ev.FormatErr != nil:
		return ev, fmt.Errorf("signature: time-stamp token: %w", ev.FormatErr)
	case ev.SignerCert == nil:
		return ev, errors.New("signature: time-stamp token: the TSA certificate is not in the token")
	case ev.HashErr != nil:
		return ev, fmt.Errorf("signature: time-stamp token: %w", ev.HashErr)
	case ev.SignatureErr != nil:
		return ev, fmt.Errorf("signature: time-stamp token: %w", ev.SignatureErr)
	}
	if !slices.Contains(ev.SignerCert.ExtKeyUsage, x509.ExtKeyUsageTimeStamping) {
		return ev, fmt.Errorf("signature: time-stamp token: TSA certificate %q lacks the id-kp-timeStamping extended key usage", ev.SignerCert.Subject)
	}
	if tsaTime := tok.Info.GenTime; tsaTime.Before(ev.SignerCert.NotBefore) || tsaTime.After(ev.SignerCert.NotAfter) {
		return ev, fmt.Errorf("signature: time-stamp token: genTime %s is outside the TSA certificate's validity", tsaTime.UTC().Format(time.RFC3339))
	}
	return ev, nil
}

// signatureTimestamp verifies the RFC 3161 signature time stamp of a SignerInfo (unsigned attribute
// id-aa-signatureTimeStampToken, RFC 3161 Appendix A), whose imprint covers the signature value. It returns nil
// when the SignerInfo has none. The TSA's chain and revocation go through the shared pipeline, as for any
// signer; a token that does not verify is returned with Err set so that the report says why its time is not
// used.
func (o *VerifyOptions) signatureTimestamp(ctx context.Context, s *cmsSignerInfo) *TimestampEvidence {
	a, err := findAttribute(s.UnsignedAttrs, oidAttrTimeStampToken)
	if a == nil && err == nil {
		return nil
	}
	if err == nil && len(a.Values) == 0 {
		err = errors.New("signature: empty signature time-stamp attribute")
	}
	if err != nil {
		return &TimestampEvidence{Err: err}
	}
	// Several tokens may be present (several TSAs); the earliest verified one is the best proof of existence.
	var best, firstBad *TimestampEvidence
	for _, raw := range a.Values {
		te := o.verifyTimestampValue(ctx, raw, s.Signature)
		switch {
		case te.Err == nil && (best == nil || te.Time.Before(best.Time)):
			best = te
		case te.Err != nil && firstBad == nil:
			firstBad = te
		}
	}
	if best != nil {
		return best
	}
	return firstBad
}

func (o *VerifyOptions) verifyTimestampValue(ctx context.Context, raw, imprinted []byte) *TimestampEvidence {
	tok, err := ParseTimestampToken(raw)
	if err != nil {
		return &TimestampEvidence{Err: err}
	}
	te := &TimestampEvidence{Time: tok.Info.GenTime, Certificates: tok.Certificates}
	ev, err := o.timestampEvidence(ctx, tok, imprinted)
	if ev != nil {
		te.TSACert = ev.SignerCert
	}
	if err != nil {
		te.Err = err
		return te
	}
	tsOpts := o.forTimestampToken()
	rep := tsOpts.validate(ctx, ev)
	if rep.Indication != TotalPassed {
		te.Err = fmt.Errorf("signature: time-stamp token: TSA certificate not validated: %s/%s", rep.Indication, rep.SubIndication)
		if rep.Err != nil {
			te.Err = fmt.Errorf("%w: %w", te.Err, rep.Err)
		}
	}
	return te
}

// forTimestampToken returns the options that judge a time-stamp token's own signature: the same trust,
// revocation and algorithm rules, but a token needs no time stamp of its own (a policy's RequireTimestamp
// applies to the signature, not to its time stamp).
func (o *VerifyOptions) forTimestampToken() *VerifyOptions {
	c := *o
	relax := func(p *Policy) *Policy {
		if p == nil || !p.RequireTimestamp {
			return p
		}
		q := *p
		q.RequireTimestamp = false
		return &q
	}
	c.Policy = relax(o.Policy)
	set := o.Policies
	if set == nil {
		set = DefaultPolicies()
	}
	c.Policies = make(PolicySet, len(set))
	for i, p := range set {
		c.Policies[i] = relax(p)
	}
	return &c
}
