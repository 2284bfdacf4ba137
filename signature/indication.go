package signature

// Indication is a main validation status of ETSI EN 319 102-1 §5.1.3 ("kết luận xác thực").
// Its String is the ETSI name; URI gives the urn:etsi:019102:mainindication: form used by validation reports.
type Indication string

// The main indications. PASSED and FAILED are used for single checks (an algorithm, a revocation datum);
// a signature as a whole ends in TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE.
const (
	TotalPassed   Indication = "TOTAL_PASSED"
	TotalFailed   Indication = "TOTAL_FAILED"
	Indeterminate Indication = "INDETERMINATE"
	Passed        Indication = "PASSED"
	Failed        Indication = "FAILED"
)

// URI returns the ETSI URI of the indication, e.g. urn:etsi:019102:mainindication:TOTAL_PASSED.
func (i Indication) URI() string {
	if i == "" {
		return ""
	}
	return "urn:etsi:019102:mainindication:" + string(i)
}

// String returns the ETSI name.
func (i Indication) String() string { return string(i) }

// rank orders indications from best to worst so that a report can give an overall verdict.
func (i Indication) rank() int {
	switch i {
	case TotalPassed, Passed:
		return 0
	case Indeterminate:
		return 1
	default:
		return 2
	}
}

// SubIndication explains a TOTAL_FAILED or INDETERMINATE result with the exact names of
// ETSI EN 319 102-1 §5.1.3 Table 5. The empty value means "no sub-indication" (TOTAL_PASSED).
type SubIndication string

// The sub-indications of ETSI EN 319 102-1 Table 5.
const (
	FormatFailure                  SubIndication = "FORMAT_FAILURE"
	HashFailure                    SubIndication = "HASH_FAILURE"
	SigCryptoFailure               SubIndication = "SIG_CRYPTO_FAILURE"
	Revoked                        SubIndication = "REVOKED"
	RevokedNoPOE                   SubIndication = "REVOKED_NO_POE"
	RevokedCANoPOE                 SubIndication = "REVOKED_CA_NO_POE"
	SigConstraintsFailure          SubIndication = "SIG_CONSTRAINTS_FAILURE"
	ChainConstraintsFailure        SubIndication = "CHAIN_CONSTRAINTS_FAILURE"
	CertificateChainGeneralFailure SubIndication = "CERTIFICATE_CHAIN_GENERAL_FAILURE"
	CryptoConstraintsFailure       SubIndication = "CRYPTO_CONSTRAINTS_FAILURE"
	CryptoConstraintsFailureNoPOE  SubIndication = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
	Expired                        SubIndication = "EXPIRED"
	NotYetValid                    SubIndication = "NOT_YET_VALID"
	TimestampOrderFailure          SubIndication = "TIMESTAMP_ORDER_FAILURE"
	OutOfBoundsNoPOE               SubIndication = "OUT_OF_BOUNDS_NO_POE"
	OutOfBoundsNotRevoked          SubIndication = "OUT_OF_BOUNDS_NOT_REVOKED"
	PolicyProcessingError          SubIndication = "POLICY_PROCESSING_ERROR"
	SignaturePolicyNotAvailable    SubIndication = "SIGNATURE_POLICY_NOT_AVAILABLE"
	NoSigningCertificateFound      SubIndication = "NO_SIGNING_CERTIFICATE_FOUND"
	NoCertificateChainFound        SubIndication = "NO_CERTIFICATE_CHAIN_FOUND"
	NoPOE                          SubIndication = "NO_POE"
	TryLater                       SubIndication = "TRY_LATER"
	SignedDataNotFound             SubIndication = "SIGNED_DATA_NOT_FOUND"
)

// AllSubIndications lists every sub-indication of ETSI EN 319 102-1 Table 5 in the order of the standard.
func AllSubIndications() []SubIndication {
	return []SubIndication{
		FormatFailure, HashFailure, SigCryptoFailure, Revoked, RevokedNoPOE, RevokedCANoPOE,
		SigConstraintsFailure, ChainConstraintsFailure, CertificateChainGeneralFailure,
		CryptoConstraintsFailure, CryptoConstraintsFailureNoPOE, Expired, NotYetValid,
		TimestampOrderFailure, OutOfBoundsNoPOE, OutOfBoundsNotRevoked, PolicyProcessingError,
		SignaturePolicyNotAvailable, NoSigningCertificateFound, NoCertificateChainFound, NoPOE,
		TryLater, SignedDataNotFound,
	}
}

// URI returns the ETSI URI of the sub-indication, e.g. urn:etsi:019102:subindication:TRY_LATER, or "" for none.
func (s SubIndication) URI() string {
	if s == "" {
		return ""
	}
	return "urn:etsi:019102:subindication:" + string(s)
}

// String returns the ETSI name.
func (s SubIndication) String() string { return string(s) }
