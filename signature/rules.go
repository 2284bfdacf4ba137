package signature

import "github.com/vnegov/egov/diag"

// The messages of a SignatureReport, one rule per code (SIG-…), each with its English and Vietnamese template
// (Thông tư 15/2025/TT-BKHCN requires verification results in Vietnamese). Names from the input (certificate
// subjects, policy names, URLs) and error texts are inserted verbatim. The rules are unexported values; Rules and
// LookupRule publish them read-only.
var (
	ruleResult = diag.Rule{Code: "SIG-RESULT", Severity: diag.Error,
		Summary:   "The verdict of the signature (Info when TOTAL_PASSED).",
		Message:   "%s: %s.",
		MessageVI: "%s: %s."}
	ruleFormat = diag.Rule{Code: "SIG-FORMAT", Severity: diag.Error,
		Summary:   "The signature is malformed.",
		Message:   "The signature is malformed: %s",
		MessageVI: "Chữ ký không đúng cấu trúc định dạng: %s"}
	ruleHash = diag.Rule{Code: "SIG-HASH", Severity: diag.Error,
		Summary:   "The signed data was modified after signing.",
		Message:   "The signed data has been modified after signing (digest mismatch): %s",
		MessageVI: "Dữ liệu đã bị thay đổi sau khi ký (giá trị băm không khớp): %s"}
	ruleNoData = diag.Rule{Code: "SIG-NO-DATA", Severity: diag.Error,
		Summary:   "The signed data could not be obtained.",
		Message:   "The signed data could not be obtained: %s",
		MessageVI: "Không lấy được dữ liệu đã ký: %s"}
	ruleNoCert = diag.Rule{Code: "SIG-NO-CERT", Severity: diag.Error,
		Summary:   "The signing certificate was not found.",
		Message:   "The signing certificate was not found in the signature or the supplied certificates.",
		MessageVI: "Không tìm thấy chứng thư số của người ký trong chữ ký hoặc trong các chứng thư được cung cấp."}
	ruleCrypto = diag.Rule{Code: "SIG-CRYPTO", Severity: diag.Error,
		Summary:   "The signature value does not verify.",
		Message:   "The signature value does not verify with the signing certificate's public key: %s",
		MessageVI: "Giá trị chữ ký không khớp với khóa công khai của chứng thư ký: %s"}
	ruleValueOK = diag.Rule{Code: "SIG-VALUE-OK", Severity: diag.Info,
		Summary:   "The signature value and the digests are correct.",
		Message:   "The signature value and the digests of the signed data are correct.",
		MessageVI: "Giá trị chữ ký và giá trị băm của dữ liệu đã ký là đúng."}
	ruleNoTime = diag.Rule{Code: "SIG-NO-TIME", Severity: diag.Warning,
		Summary:   "The signature has neither a signing time nor a time stamp.",
		Message:   "The signature carries neither a signing time nor a time stamp; it is judged at the validation time.",
		MessageVI: "Chữ ký không có thời điểm ký và không có dấu thời gian; chữ ký được đánh giá tại thời điểm kiểm tra."}
	ruleClaimedTime = diag.Rule{Code: "SIG-CLAIMED-TIME", Severity: diag.Info,
		Summary:   "The signing time claimed by the signer.",
		Message:   "Claimed signing time (signer's clock, not proven): %s.",
		MessageVI: "Thời điểm ký do người ký khai (theo đồng hồ máy ký, chưa được chứng minh): %s."}
	ruleClaimedTimeZoneless = diag.Rule{Code: "SIG-CLAIMED-TIME-ZONELESS", Severity: diag.Info,
		Summary:   "The signing time claimed by the signer, written without a time zone and read as Vietnam time.",
		Message:   "Claimed signing time (signer's clock, not proven): %s; written %q without a time zone (xs:dateTime), read as Vietnam time (UTC+07:00).",
		MessageVI: "Thời điểm ký do người ký khai (theo đồng hồ máy ký, chưa được chứng minh): %s; ghi %q không có múi giờ (xs:dateTime), được hiểu là giờ Việt Nam (UTC+07:00)."}
	ruleUnsignedTime = diag.Rule{Code: "SIG-SIGNING-TIME-UNSIGNED", Severity: diag.Warning,
		Summary:   "The signature carries a SigningTime that no Reference signs; it is ignored.",
		Message:   "The signature carries the signing time %q, but no Reference signs it, so anyone could have changed it; it is ignored.",
		MessageVI: "Chữ ký có thời điểm ký %q nhưng không được tham chiếu nào ký, nên có thể đã bị sửa; thời điểm này bị bỏ qua."}
	ruleNegativeSerial = diag.Rule{Code: "SIG-CERT-NEGATIVE-SERIAL", Severity: diag.Warning,
		Summary:   "A certificate has a negative serial number (not allowed by RFC 5280, accepted as OpenSSL and xmlsec1 do).",
		Message:   "The certificate %q has a negative serial number (%s), which RFC 5280 §4.1.2.2 does not allow; it was read as OpenSSL and xmlsec1 read it.",
		MessageVI: "Chứng thư %q có số hiệu âm (%s), trái với RFC 5280 mục 4.1.2.2; vẫn được đọc như OpenSSL và xmlsec1."}
	ruleCertUnparsed = diag.Rule{Code: "SIG-CERT-UNPARSED", Severity: diag.Warning,
		Summary:   "A certificate carried by the signature cannot be parsed and is ignored.",
		Message:   "A certificate carried by the signature cannot be parsed and is ignored: %s",
		MessageVI: "Không đọc được một chứng thư đi kèm chữ ký, chứng thư này bị bỏ qua: %s"}
	ruleXMLEnvelopedInside = diag.Rule{Code: "SIG-XML-ENVELOPED-INSIDE", Severity: diag.Warning,
		Summary:   "A Reference to an element inside its own Signature has the enveloped-signature transform; W3C and .NET readings differ.",
		Message:   "Reference %q points inside its own Signature and has the enveloped-signature transform: %s",
		MessageVI: "Tham chiếu %q trỏ vào bên trong chính phần tử Signature và có phép biến đổi enveloped-signature: %s"}
	ruleTSInvalid = diag.Rule{Code: "SIG-TS-INVALID", Severity: diag.Warning,
		Summary:   "The signature time stamp does not verify.",
		Message:   "The signature time stamp does not verify and is ignored: %s",
		MessageVI: "Dấu thời gian của chữ ký không hợp lệ và bị bỏ qua: %s"}
	ruleTSNoCert = diag.Rule{Code: "SIG-TS-NO-CERT", Severity: diag.Warning,
		Summary:   "The time stamp's TSA certificate is missing.",
		Message:   "The time stamp's TSA certificate is missing; the time stamp is ignored.",
		MessageVI: "Thiếu chứng thư của tổ chức cấp dấu thời gian; dấu thời gian bị bỏ qua."}
	ruleTSUntrusted = diag.Rule{Code: "SIG-TS-UNTRUSTED", Severity: diag.Warning,
		Summary:   "The signature time stamp is not trusted.",
		Message:   "The signature time stamp is not trusted and is ignored: %s.",
		MessageVI: "Dấu thời gian của chữ ký không tin cậy và bị bỏ qua: %s."}
	ruleTSOK = diag.Rule{Code: "SIG-TS-OK", Severity: diag.Info,
		Summary:   "A trusted time stamp proves when the signature existed.",
		Message:   "A trusted time stamp proves the signature existed at %s (Luật Giao dịch điện tử 2023 Điều 31).",
		MessageVI: "Dấu thời gian tin cậy chứng minh chữ ký đã tồn tại lúc %s (Luật Giao dịch điện tử 2023 Điều 31)."}
	ruleTSOrder = diag.Rule{Code: "SIG-TS-ORDER", Severity: diag.Error,
		Summary:   "The claimed signing time is later than the time stamp.",
		Message:   "The claimed signing time %s is later than the time stamp %s.",
		MessageVI: "Thời điểm ký khai báo %s muộn hơn dấu thời gian %s."}
	rulePolicyUnknown = diag.Rule{Code: "SIG-POLICY-UNKNOWN", Severity: diag.Error,
		Summary:   "The requested validation policy is not available.",
		Message:   "The requested validation policy %q is not available.",
		MessageVI: "Không có chính sách kiểm tra %q được yêu cầu."}
	rulePolicyError = diag.Rule{Code: "SIG-POLICY-ERROR", Severity: diag.Error,
		Summary:   "No usable validation policy applies.",
		Message:   "No usable validation policy applies to this signature (empty policy set or a policy without accepted digests).",
		MessageVI: "Không có chính sách kiểm tra dùng được cho chữ ký này (tập chính sách rỗng hoặc chính sách không chấp nhận hàm băm nào)."}
	rulePolicy = diag.Rule{Code: "SIG-POLICY", Severity: diag.Info,
		Summary:   "The algorithm policy applied.",
		Message:   "Algorithm policy %q (%s) applies.",
		MessageVI: "Áp dụng chính sách thuật toán %q (%s)."}
	ruleAnchorConfig = diag.Rule{Code: "SIG-ANCHOR-CONFIG", Severity: diag.Error,
		Summary:   "The trust anchor selection is invalid.",
		Message:   "The trust anchor selection is invalid: %s",
		MessageVI: "Lựa chọn chứng thư gốc tin cậy không hợp lệ: %s"}
	ruleChainError = diag.Rule{Code: "SIG-CHAIN-ERROR", Severity: diag.Error,
		Summary:   "Chain building was interrupted.",
		Message:   "Chain building was interrupted: %s",
		MessageVI: "Việc xây dựng đường dẫn chứng thực bị gián đoạn: %s"}
	ruleUntrusted = diag.Rule{Code: "SIG-UNTRUSTED", Severity: diag.Error,
		Summary:   "The signing certificate does not chain to a trusted root.",
		Message:   "The signing certificate does not chain to a trusted root (%s). A public-duty signature must chain to the Government CA root (NĐ 68/2024 Điều 31).",
		MessageVI: "Chứng thư ký không dẫn tới chứng thư gốc tin cậy (%s). Chữ ký số chuyên dùng công vụ phải dẫn tới chứng thư gốc của Ban Cơ yếu Chính phủ (NĐ 68/2024 Điều 31)."}
	ruleChain = diag.Rule{Code: "SIG-CHAIN", Severity: diag.Info,
		Summary:   "The certification path found.",
		Message:   "Certification path of %d certificates to the trust anchor %q.",
		MessageVI: "Đường dẫn chứng thực gồm %d chứng thư tới chứng thư gốc tin cậy %q."}
	ruleChainConstraint = diag.Rule{Code: "SIG-CHAIN-CONSTRAINT", Severity: diag.Error,
		Summary:   "A certificate constraint is not met.",
		Message:   "Certificate constraint not met: %s (NĐ 68/2024 Điều 31: a certificate must be used within its scope).",
		MessageVI: "Không đáp ứng ràng buộc chứng thư: %s (NĐ 68/2024 Điều 31: chứng thư phải được sử dụng đúng phạm vi)."}
	ruleAlgorithm = diag.Rule{Code: "SIG-ALGORITHM", Severity: diag.Error,
		Summary:   "The policy does not accept an algorithm of the signature or its chain.",
		Message:   "Policy %q (%s) does not accept %s; %s.",
		MessageVI: "Chính sách %q (%s) không chấp nhận %s; %s."}
	ruleAlgorithmLegacy = diag.Rule{Code: "SIG-ALGORITHM-LEGACY", Severity: diag.Warning,
		Summary:   "An algorithm is accepted only under the legacy policy.",
		Message:   "Accepted only under the legacy policy %q: %s; such algorithms are no longer accepted for signatures made from %s (Thông tư 15/2025/TT-BKHCN).",
		MessageVI: "Chỉ được chấp nhận theo chính sách cũ %q: %s; các thuật toán này không còn được chấp nhận cho chữ ký tạo từ ngày %s (Thông tư 15/2025/TT-BKHCN)."}
	ruleNotYetValid = diag.Rule{Code: "SIG-NOT-YET-VALID", Severity: diag.Error,
		Summary:   "The signature was made before the signing certificate became valid.",
		Message:   "The signature was made at %s, before the signing certificate became valid (%s).",
		MessageVI: "Chữ ký được tạo lúc %s, trước khi chứng thư ký có hiệu lực (%s)."}
	ruleExpired = diag.Rule{Code: "SIG-EXPIRED", Severity: diag.Error,
		Summary:   "The claimed signing time is after the signing certificate expired.",
		Message:   "The signer states the signature was made at %s, after the signing certificate expired (%s); NĐ 68/2024 Điều 31 requires a certificate valid at signing time.",
		MessageVI: "Người ký khai thời điểm ký %s, sau khi chứng thư ký hết hạn (%s); NĐ 68/2024 Điều 31 yêu cầu chứng thư còn hiệu lực tại thời điểm ký."}
	ruleRevocationOK = diag.Rule{Code: "SIG-REVOCATION-OK", Severity: diag.Info,
		Summary:   "A certificate is not revoked.",
		Message:   "%q is not revoked according to %s (%s).",
		MessageVI: "%q không bị thu hồi theo %s (%s)."}
	ruleRevokedAfter = diag.Rule{Code: "SIG-REVOKED-AFTER", Severity: diag.Warning,
		Summary:   "A certificate was revoked after the time stamp.",
		Message:   "%q was %s at %s, after the time stamp proves the signature existed (%s); the signature stays valid.",
		MessageVI: "%q %s lúc %s, sau thời điểm dấu thời gian chứng minh chữ ký đã tồn tại (%s); chữ ký vẫn hợp lệ."}
	ruleRevoked = diag.Rule{Code: "SIG-REVOKED", Severity: diag.Error,
		Summary:   "The signing certificate was revoked before the claimed signing time.",
		Message:   "The signing certificate was %s at %s (%s), before the claimed signing time %s: it was not active when the signature was made (NĐ 68/2024 Điều 31).",
		MessageVI: "Chứng thư ký đã %s lúc %s (%s), trước thời điểm ký khai báo %s: chứng thư không còn hoạt động khi ký (NĐ 68/2024 Điều 31)."}
	ruleRevokedNoPOE = diag.Rule{Code: "SIG-REVOKED-NO-POE", Severity: diag.Error,
		Summary:   "The signing certificate was revoked and no time stamp proves an earlier signature.",
		Message:   "The signing certificate was %s at %s (%s) and no time stamp proves the signature was made before that.",
		MessageVI: "Chứng thư ký đã %s lúc %s (%s) và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó."}
	ruleCARevoked = diag.Rule{Code: "SIG-CA-REVOKED", Severity: diag.Error,
		Summary:   "A CA certificate was revoked and no time stamp proves an earlier signature.",
		Message:   "The CA certificate %q was %s at %s (%s) and no time stamp proves the signature was made before that.",
		MessageVI: "Chứng thư của CA %q đã %s lúc %s (%s) và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó."}
	ruleOutOfBounds = diag.Rule{Code: "SIG-OUT-OF-BOUNDS", Severity: diag.Error,
		Summary:   "The signing certificate expired and no time stamp proves an earlier signature.",
		Message:   "The signing certificate expired at %s and no time stamp proves the signature was made before that.",
		MessageVI: "Chứng thư ký đã hết hạn lúc %s và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó."}
	ruleCAOutOfBounds = diag.Rule{Code: "SIG-CA-OUT-OF-BOUNDS", Severity: diag.Error,
		Summary:   "A CA certificate is outside its validity period.",
		Message:   "The CA certificate %q is outside its validity period (%s – %s) at %s.",
		MessageVI: "Chứng thư của CA %q nằm ngoài thời hạn hiệu lực (%s – %s) tại %s."}
	ruleCertNotYetValid = diag.Rule{Code: "SIG-CERT-NOT-YET-VALID", Severity: diag.Error,
		Summary:   "The signing certificate is not yet valid at the validation time.",
		Message:   "The signing certificate is not yet valid at the validation time (valid from %s).",
		MessageVI: "Chứng thư ký chưa có hiệu lực tại thời điểm kiểm tra (hiệu lực từ %s)."}
	ruleRevocationUnavailable = diag.Rule{Code: "SIG-REVOCATION-UNAVAILABLE", Severity: diag.Error,
		Summary:   "No usable revocation information.",
		Message:   "No usable revocation information for %q (%s); the status cannot be confirmed now, try again later or supply a current CRL/OCSP response.",
		MessageVI: "Không có thông tin thu hồi dùng được cho %q (%s); chưa xác nhận được trạng thái, hãy thử lại sau hoặc cung cấp CRL/phản hồi OCSP còn hiệu lực."}
	ruleNoPOE = diag.Rule{Code: "SIG-NO-POE", Severity: diag.Error,
		Summary:   "The policy requires a trusted time stamp and none was found.",
		Message:   "Policy %q requires a trusted signature time stamp and none was found.",
		MessageVI: "Chính sách %q yêu cầu dấu thời gian tin cậy cho chữ ký nhưng không tìm thấy."}
	ruleNoSigningTime = diag.Rule{Code: "SIG-NO-SIGNING-TIME", Severity: diag.Error,
		Summary:   "The policy requires an embedded signing time.",
		Message:   "Policy %q requires the signing time to be embedded in the signature (Thông tư 15/2025/TT-BKHCN).",
		MessageVI: "Chính sách %q yêu cầu thời điểm ký phải được gắn trong chữ ký (Thông tư 15/2025/TT-BKHCN)."}

	// Warnings of the XML-DSig reader about forms it accepts although the standards do not write them so.
	rulePDFUnclearChange = diag.Rule{Code: "SIG-PDF-UNCLEAR-CHANGE", Severity: diag.Error,
		Summary:   "A PDF revision added after the signature makes a change the modification rules do not clearly allow.",
		Message:   "Revision %d, added after this signature, makes a change the rules do not clearly allow (%s).",
		MessageVI: "Bản sửa đổi %d, được thêm sau chữ ký này, có thay đổi mà quy tắc không xác định rõ là được phép (%s)."}
	rulePDFModified = diag.Rule{Code: "SIG-PDF-MODIFIED", Severity: diag.Error,
		Summary:   "A PDF revision added after the signature changes what the signature covers.",
		Message:   "The document was modified after signing: revision %d changes what the signature covers (%s). The signed revision %d is not what a reader shows.",
		MessageVI: "Văn bản đã bị sửa đổi sau khi ký: bản sửa đổi %d thay đổi nội dung đã ký (%s). Bản đã ký (bản sửa đổi %d) không phải là nội dung đang hiển thị."}
	rulePDFTrailing = diag.Rule{Code: "SIG-PDF-TRAILING", Severity: diag.Error,
		Summary:   "Bytes follow the last %%EOF of the PDF: they belong to no revision and are not signed.",
		Message:   "%d bytes were appended after the last %%%%EOF; they belong to no revision and are not signed.",
		MessageVI: "Có %d byte được nối thêm sau %%%%EOF cuối cùng; chúng không thuộc bản sửa đổi nào và không được ký."}
	rulePDFCoverage = diag.Rule{Code: "SIG-PDF-COVERAGE", Severity: diag.Info,
		Summary:   "What part of the PDF the signature covers.",
		Message:   "The signature covers %s.",
		MessageVI: "Chữ ký bao phủ %s."}
	ruleXMLNamespace = diag.Rule{Code: "XMLDSIG-NAMESPACE", Severity: diag.Warning,
		Summary:   "The Signature element is outside the XML-DSig namespace (edXML SDK form).",
		Message:   "the Signature element is not in the XML-DSig namespace (it is in %q); accepted as the edXML SDK writes it",
		MessageVI: "phần tử Signature không thuộc không gian tên XML-DSig (thuộc %q); vẫn chấp nhận theo cách SDK edXML tạo ra"}
	ruleXMLExcC14NAlias = diag.Rule{Code: "XMLDSIG-EXC-C14N-ALIAS", Severity: diag.Warning,
		Summary:   "A non-standard URI of exclusive canonicalization.",
		Message:   "non-standard canonicalization URI %q treated as %q",
		MessageVI: "URI chuẩn hoá không chuẩn %q được hiểu là %q"}
	ruleXMLUndeclaredPrefix = diag.Rule{Code: "XMLDSIG-UNDECLARED-PREFIX", Severity: diag.Warning,
		Summary:   "The document uses an undeclared namespace prefix.",
		Message:   "the document uses the namespace prefix %q without declaring it (not namespace-well-formed); it was canonicalised as written",
		MessageVI: "tài liệu dùng tiền tố không gian tên %q mà không khai báo; đã chuẩn hoá nguyên dạng"}
	ruleXMLDuplicateID = diag.Rule{Code: "XMLDSIG-DUPLICATE-ID", Severity: diag.Warning,
		Summary:   "An Id value appears on several elements.",
		Message:   "the Id %q appears on several elements",
		MessageVI: "giá trị Id %q xuất hiện ở nhiều phần tử"}
)

// ruleCatalogue lists every rule of the verification pipeline, built once.
var ruleCatalogue = diag.NewCatalogue(ruleResult, ruleFormat, ruleHash, ruleNoData, ruleNoCert, ruleCrypto,
	ruleValueOK, ruleNoTime, ruleClaimedTime, ruleClaimedTimeZoneless, ruleUnsignedTime, ruleNegativeSerial, ruleCertUnparsed,
	ruleXMLEnvelopedInside, ruleTSInvalid, ruleTSNoCert, ruleTSUntrusted, ruleTSOK, ruleTSOrder,
	rulePolicyUnknown, rulePolicyError, rulePolicy, ruleAnchorConfig, ruleChainError, ruleUntrusted, ruleChain,
	ruleChainConstraint, ruleAlgorithm, ruleAlgorithmLegacy, ruleNotYetValid, ruleExpired, ruleRevocationOK,
	ruleRevokedAfter, ruleRevoked, ruleRevokedNoPOE, ruleCARevoked, ruleOutOfBounds, ruleCAOutOfBounds,
	ruleCertNotYetValid, ruleRevocationUnavailable, ruleNoPOE, ruleNoSigningTime,
	rulePDFUnclearChange, rulePDFModified, rulePDFTrailing, rulePDFCoverage,
	ruleXMLNamespace, ruleXMLExcC14NAlias, ruleXMLUndeclaredPrefix, ruleXMLDuplicateID)

// Rules returns a copy of the rules of the messages of a SignatureReport (SIG-… from the verification pipeline,
// XMLDSIG-… from the XML-DSig reader), for SARIF and documentation.
func Rules() []diag.Rule { return ruleCatalogue.Rules() }

// LookupRule returns the rule with the code (e.g. "SIG-REVOKED"), and whether there is one.
func LookupRule(code string) (diag.Rule, bool) { return ruleCatalogue.Lookup(code) }
