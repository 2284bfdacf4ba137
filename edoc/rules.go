package edoc

import (
	"github.com/vnegov/egov/diag"
)

// The rules of the edXML validator. Codes are stable: a code is never reused for another check. Families:
// X structure and XML, M required elements and cardinalities, F lengths and formats, A agency codes, D document
// identity and numbering, C manifest and attachments, B business types, S status packages, G signatures.
// Rules marked as quirks are errors in the Strict profile and warnings in the Interop profile.
var (
	// RuleNotWellFormed reports input that is not well-formed XML.
	RuleNotWellFormed = diag.Rule{Code: "EDOC-X001", Severity: diag.Error,
		Summary:   "The package is not well-formed XML.",
		Message:   "not well-formed XML: %s",
		MessageVI: "XML không đúng cú pháp: %s"}
	// RuleEmpty reports an empty input.
	RuleEmpty = diag.Rule{Code: "EDOC-X002", Severity: diag.Error,
		Summary:   "The input is empty.",
		Message:   "the input is empty, not an edXML package",
		MessageVI: "dữ liệu rỗng, không phải gói tin edXML"}
	// RuleNotXML reports input that does not start like XML at all.
	RuleNotXML = diag.Rule{Code: "EDOC-X003", Severity: diag.Error,
		Summary:   "The input is not XML.",
		Message:   "the input is not XML (it does not start with '<')",
		MessageVI: "dữ liệu không phải XML (không bắt đầu bằng '<')"}
	// RuleTruncated reports an input that ends before its root element is closed.
	RuleTruncated = diag.Rule{Code: "EDOC-X004", Severity: diag.Error,
		Summary:   "The package is truncated.",
		Message:   "truncated package: the input ends inside <%s>",
		MessageVI: "gói tin bị cắt cụt: dữ liệu kết thúc giữa phần tử <%s>"}
	// RuleWrongRoot reports a root element other than edXML.
	RuleWrongRoot = diag.Rule{Code: "EDOC-X005", Severity: diag.Error,
		Summary:   "The root element is not edXML.",
		Message:   "root element is <%s>, want <edXML>",
		MessageVI: "phần tử gốc là <%s>, cần <edXML>"}
	// RuleDTD reports a document type declaration, which packages never need.
	RuleDTD = diag.Rule{Code: "EDOC-X006", Severity: diag.Error,
		Summary:   "A DTD is not accepted in a package.",
		Message:   "a DOCTYPE declaration is not accepted in an edXML package",
		MessageVI: "không chấp nhận khai báo DOCTYPE trong gói tin edXML"}
	// RuleLimit reports input beyond a configured limit.
	RuleLimit = diag.Rule{Code: "EDOC-X007", Severity: diag.Error,
		Summary:   "A configured limit is exceeded.",
		Message:   "limit exceeded: %s is over %d",
		MessageVI: "vượt giới hạn: %s lớn hơn %d"}
	// RuleUndeclaredPrefix reports a namespace prefix used without declaration (a quirk).
	RuleUndeclaredPrefix = diag.Rule{Code: "EDOC-X008", Severity: diag.Error,
		Summary:   "A namespace prefix is used without being declared.",
		Message:   "namespace prefix %q is not declared",
		MessageVI: "tiền tố không gian tên %q chưa được khai báo"}
	// RuleNamespace reports an element outside the namespace it should be in (a quirk).
	RuleNamespace = diag.Rule{Code: "EDOC-X009", Severity: diag.Error,
		Summary:   "An element is not in the expected namespace.",
		Message:   "<%s> is in namespace %q, want %q",
		MessageVI: "<%s> thuộc không gian tên %q, cần %q"}
	// RuleOrder reports elements in an order other than QCVN 102's (a quirk).
	RuleOrder = diag.Rule{Code: "EDOC-X010", Severity: diag.Error,
		Summary:   "Elements are not in the order of QCVN 102.",
		Message:   "<%s> comes after <%s>; the standard order puts it before",
		MessageVI: "<%s> đứng sau <%s>; theo thứ tự chuẩn phải đứng trước"}
	// RuleUnknownElement reports an element the standard does not define.
	RuleUnknownElement = diag.Rule{Code: "EDOC-X011", Severity: diag.Warning,
		Summary:   "An element is not defined by QCVN 102.",
		Message:   "unknown element <%s> ignored",
		MessageVI: "phần tử <%s> không có trong QCVN 102, bỏ qua"}
	// RuleEncoding reports an XML declaration naming an encoding other than UTF-8.
	RuleEncoding = diag.Rule{Code: "EDOC-X012", Severity: diag.Error,
		Summary:   "The package is not encoded in UTF-8.",
		Message:   "encoding %q is not supported, packages are UTF-8",
		MessageVI: "không hỗ trợ bảng mã %q, gói tin phải là UTF-8"}
	// RuleOmitted notes findings left out of a report because one rule produced too many.
	RuleOmitted = diag.Rule{Code: "EDOC-X013", Severity: diag.Info,
		Summary:   "Further findings of a rule were omitted.",
		Message:   "%d further findings of %s omitted",
		MessageVI: "đã bỏ qua %d lỗi khác cùng loại %s"}

	// RuleRequired reports a missing required element.
	RuleRequired = diag.Rule{Code: "EDOC-M001", Severity: diag.Error,
		Summary:   "A required element is missing.",
		Message:   "required element <%s> is missing",
		MessageVI: "thiếu phần tử bắt buộc <%s>"}
	// RuleTooMany reports an element that occurs more often than allowed.
	RuleTooMany = diag.Rule{Code: "EDOC-M002", Severity: diag.Error,
		Summary:   "An element occurs more often than allowed.",
		Message:   "<%s> occurs %d times, at most %d allowed",
		MessageVI: "<%s> xuất hiện %d lần, tối đa %d lần"}
	// RuleEmptyValue reports a required element present but empty.
	RuleEmptyValue = diag.Rule{Code: "EDOC-M003", Severity: diag.Error,
		Summary:   "A required element is empty.",
		Message:   "required element <%s> is empty",
		MessageVI: "phần tử bắt buộc <%s> để trống"}
	// RuleNested reports an element nested in an element of the same name (seen: From inside From).
	RuleNested = diag.Rule{Code: "EDOC-M004", Severity: diag.Error,
		Summary:   "An element is nested inside an element of the same name.",
		Message:   "<%s> is nested inside <%s>",
		MessageVI: "<%s> lồng trong <%s>"}

	// RuleField reports a value that breaks a field constraint of the model (length, range), as declared by the
	// `validate` tags of the model types.
	RuleField = diag.Rule{Code: "EDOC-F001", Severity: diag.Error,
		Summary:   "A value breaks a field constraint (length, range).",
		Message:   "%s",
		MessageVI: "%s"}
	// RuleDate reports a date not in yyyy/MM/dd.
	RuleDate = diag.Rule{Code: "EDOC-F002", Severity: diag.Error,
		Summary:   "A date is not in yyyy/MM/dd form.",
		Message:   "date %q is not a valid yyyy/MM/dd date",
		MessageVI: "ngày %q không đúng định dạng yyyy/MM/dd"}
	// RuleTimestamp reports a timestamp not in yyyy/MM/dd HH:mm:ss.
	RuleTimestamp = diag.Rule{Code: "EDOC-F003", Severity: diag.Error,
		Summary:   "A timestamp is not in yyyy/MM/dd HH:mm:ss form.",
		Message:   "timestamp %q is not a valid yyyy/MM/dd HH:mm:ss time",
		MessageVI: "thời điểm %q không đúng định dạng yyyy/MM/dd HH:mm:ss"}
	// RuleFuture reports a promulgation date after the validation time.
	RuleFuture = diag.Rule{Code: "EDOC-F004", Severity: diag.Error,
		Summary:   "The promulgation date is in the future.",
		Message:   "promulgation date %s is after %s",
		MessageVI: "ngày ban hành %s sau ngày %s"}
	// RuleNumber reports a value that is not one of the codes or numbers the field takes.
	RuleNumber = diag.Rule{Code: "EDOC-F005", Severity: diag.Error,
		Summary:   "A coded or numeric value is out of its domain.",
		Message:   "value %q is not valid here (%s)",
		MessageVI: "giá trị %q không hợp lệ (%s)"}

	// RuleAgencyCode reports an OrganId that is not a valid agency code.
	RuleAgencyCode = diag.Rule{Code: "EDOC-A001", Severity: diag.Error,
		Summary:   "An OrganId is not a valid agency code.",
		Message:   "agency code %q is invalid: %s",
		MessageVI: "mã định danh %q không hợp lệ: %s"}
	// RuleAgencyUnknown reports an agency code absent from the registry at the promulgation date.
	RuleAgencyUnknown = diag.Rule{Code: "EDOC-A002", Severity: diag.Error,
		Summary:   "An agency code is unknown to the registry at the date.",
		Message:   "agency code %q is not in the registry on %s",
		MessageVI: "mã định danh %q không có trong danh mục vào ngày %s"}
	// RuleAgencyNotNormal reports an agency code that is valid only after trimming or upper-casing (a quirk).
	RuleAgencyNotNormal = diag.Rule{Code: "EDOC-A003", Severity: diag.Error,
		Summary:   "An agency code needs trimming or upper-casing.",
		Message:   "agency code %q should be written %q",
		MessageVI: "mã định danh %q cần viết là %q"}

	// RuleDocumentID reports a DocumentId that does not match sender, date, number and notation.
	RuleDocumentID = diag.Rule{Code: "EDOC-D001", Severity: diag.Error,
		Summary:   "DocumentId does not match sender, date, number and notation.",
		Message:   "DocumentId %q does not match the header, want %q",
		MessageVI: "DocumentId %q không khớp với thông tin văn bản, cần %q"}
	// RuleBusinessDocumentID reports a Bussiness/DocumentId that differs from the message header's.
	RuleBusinessDocumentID = diag.Rule{Code: "EDOC-D002", Severity: diag.Error,
		Summary:   "Bussiness/DocumentId differs from MessageHeader/DocumentId.",
		Message:   "Bussiness/DocumentId %q differs from MessageHeader/DocumentId %q",
		MessageVI: "Bussiness/DocumentId %q khác MessageHeader/DocumentId %q"}
	// RuleNotation reports a number and notation that cannot be parsed.
	RuleNotation = diag.Rule{Code: "EDOC-D003", Severity: diag.Error,
		Summary:   "Number and notation do not follow NĐ 30/2020.",
		Message:   "number %q and notation %q do not follow NĐ 30/2020: %s",
		MessageVI: "số %q và ký hiệu %q không theo NĐ 30/2020: %s"}
	// RuleNotationType reports a notation that disagrees with the document type.
	RuleNotationType = diag.Rule{Code: "EDOC-D004", Severity: diag.Error,
		Summary:   "The notation disagrees with the document type.",
		Message:   "notation %q does not fit document type %q: %s",
		MessageVI: "ký hiệu %q không phù hợp loại văn bản %q: %s"}
	// RuleTypeName reports a TypeName that is not one of the NĐ 30/2020 types.
	RuleTypeName = diag.Rule{Code: "EDOC-D005", Severity: diag.Warning,
		Summary:   "TypeName is not a document type of NĐ 30/2020.",
		Message:   "document type %q is not in the NĐ 30/2020 catalogue",
		MessageVI: "loại văn bản %q không có trong danh mục NĐ 30/2020"}

	// RuleNotationLooksTyped reports a notation of a type without abbreviation that starts with a type
	// abbreviation.
	RuleNotationLooksTyped = diag.Rule{Code: "EDOC-D006", Severity: diag.Warning,
		Summary:   "A công văn's notation starts with a document type abbreviation.",
		Message:   "notation %q of a %q starts with %q, the abbreviation of a document type; a %[2]q has none",
		MessageVI: "ký hiệu %q của %q bắt đầu bằng %q là chữ viết tắt của một loại văn bản; %[2]q không có chữ viết tắt"}

	// RuleManifestOrphan reports a manifest reference without an attachment.
	RuleManifestOrphan = diag.Rule{Code: "EDOC-C001", Severity: diag.Error,
		Summary:   "A manifest reference has no attachment.",
		Message:   "manifest reference %q has no attachment",
		MessageVI: "tham chiếu %q trong manifest không có tệp đính kèm"}
	// RuleAttachmentOrphan reports an attachment without a manifest reference.
	RuleAttachmentOrphan = diag.Rule{Code: "EDOC-C002", Severity: diag.Error,
		Summary:   "An attachment is not listed in the manifest.",
		Message:   "attachment %q is not listed in the manifest",
		MessageVI: "tệp đính kèm %q không có trong manifest"}
	// RuleDuplicateContentID reports a ContentId used twice.
	RuleDuplicateContentID = diag.Rule{Code: "EDOC-C003", Severity: diag.Error,
		Summary:   "A ContentId is used twice.",
		Message:   "ContentId %q is used more than once",
		MessageVI: "ContentId %q bị dùng nhiều lần"}
	// RuleContentIDForm reports a ContentId without the cid: scheme (a quirk).
	RuleContentIDForm = diag.Rule{Code: "EDOC-C004", Severity: diag.Error,
		Summary:   "A ContentId lacks the cid: scheme.",
		Message:   "ContentId %q does not start with \"cid:\"",
		MessageVI: "ContentId %q không bắt đầu bằng \"cid:\""}
	// RuleBase64 reports attachment content that is not valid base64.
	RuleBase64 = diag.Rule{Code: "EDOC-C005", Severity: diag.Error,
		Summary:   "Attachment content is not valid base64.",
		Message:   "attachment content is not valid base64: %s",
		MessageVI: "nội dung tệp đính kèm không phải base64 hợp lệ: %s"}
	// RuleBase64Truncated reports base64 content whose length is not a multiple of four.
	RuleBase64Truncated = diag.Rule{Code: "EDOC-C006", Severity: diag.Error,
		Summary:   "Attachment base64 content is truncated.",
		Message:   "attachment base64 content is truncated (%d characters left over)",
		MessageVI: "nội dung base64 của tệp đính kèm bị cắt cụt (thừa %d ký tự)"}
	// RuleContentType reports a declared ContentType that disagrees with the content's magic bytes.
	RuleContentType = diag.Rule{Code: "EDOC-C007", Severity: diag.Error,
		Summary:   "The declared ContentType disagrees with the content.",
		Message:   "ContentType %q is declared but the content looks like %s",
		MessageVI: "khai báo ContentType %q nhưng nội dung là %s"}
	// RuleEmptyAttachment reports an attachment without content.
	RuleEmptyAttachment = diag.Rule{Code: "EDOC-C008", Severity: diag.Error,
		Summary:   "An attachment has no content.",
		Message:   "attachment %q has no content",
		MessageVI: "tệp đính kèm %q không có nội dung"}
	// RuleManifestMismatch reports manifest metadata that differs from the attachment's.
	RuleManifestMismatch = diag.Rule{Code: "EDOC-C009", Severity: diag.Warning,
		Summary:   "Manifest and attachment disagree on a property.",
		Message:   "%s of %q differs: manifest %q, attachment %q",
		MessageVI: "%s của %q khác nhau: manifest %q, tệp đính kèm %q"}
	// RuleNoAttachment reports a document package that carries no attachment.
	RuleNoAttachment = diag.Rule{Code: "EDOC-C010", Severity: diag.Warning,
		Summary:   "A document package carries no attachment.",
		Message:   "the package carries no attachment",
		MessageVI: "gói tin không có tệp đính kèm"}

	// RuleUpdateReceivers reports an update package without its receiver list.
	RuleUpdateReceivers = diag.Rule{Code: "EDOC-B001", Severity: diag.Error,
		Summary:   "An update package lacks its receiver list.",
		Message:   "an update package (BussinessDocType 2) needs BussinessDocumentInfo/ReceiverList",
		MessageVI: "gói tin cập nhật (BussinessDocType 2) cần BussinessDocumentInfo/ReceiverList"}
	// RuleReplacementList reports a replacement package without its replacement list.
	RuleReplacementList = diag.Rule{Code: "EDOC-B002", Severity: diag.Error,
		Summary:   "A replacement package lacks its replacement list.",
		Message:   "a replacement package (BussinessDocType 3) needs ReplacementInfoList",
		MessageVI: "gói tin thay thế (BussinessDocType 3) cần ReplacementInfoList"}
	// RuleRevocationReason reports a revocation package without a reason.
	RuleRevocationReason = diag.Rule{Code: "EDOC-B003", Severity: diag.Error,
		Summary:   "A revocation package lacks its reason.",
		Message:   "a revocation package (BussinessDocType 1) needs BussinessDocReason",
		MessageVI: "gói tin thu hồi (BussinessDocType 1) cần BussinessDocReason"}

	// RuleStatusCode reports an unknown status code.
	RuleStatusCode = diag.Rule{Code: "EDOC-S001", Severity: diag.Error,
		Summary:   "The status code is unknown.",
		Message:   "status code %q is not one of 01–06, 13, 15, 16",
		MessageVI: "mã trạng thái %q không thuộc 01–06, 13, 15, 16"}
	// RuleStatusResponseFor reports a status package without ResponseFor.
	RuleStatusResponseFor = diag.Rule{Code: "EDOC-S002", Severity: diag.Error,
		Summary:   "A status package does not say which document it answers.",
		Message:   "a status package needs ResponseFor with OrganId, Code and DocumentId",
		MessageVI: "gói tin trạng thái cần ResponseFor có OrganId, Code và DocumentId"}
	// RuleStatusTransition reports a status that may not follow the previous one.
	RuleStatusTransition = diag.Rule{Code: "EDOC-S003", Severity: diag.Error,
		Summary:   "The status may not follow the previous status.",
		Message:   "status %s may not follow status %s",
		MessageVI: "trạng thái %s không được theo sau trạng thái %s"}
	// RuleStatusAnswer reports a status that does not answer the business package it is said to answer.
	RuleStatusAnswer = diag.Rule{Code: "EDOC-S005", Severity: diag.Error,
		Summary:   "The status does not answer a business package of that type.",
		Message:   "status %s does not answer a %s package",
		MessageVI: "trạng thái %s không dùng để trả lời gói tin %s"}
	// RuleStatusBody reports a status package that carries a body or attachments.
	RuleStatusBody = diag.Rule{Code: "EDOC-S004", Severity: diag.Warning,
		Summary:   "A status package carries a body or attachments.",
		Message:   "a status package carries <%s>, which is ignored",
		MessageVI: "gói tin trạng thái có <%s>, phần này bị bỏ qua"}

	// RuleSignatureAbsent notes a package without XML signature.
	RuleSignatureAbsent = diag.Rule{Code: "EDOC-G001", Severity: diag.Info,
		Summary:   "The package carries no XML signature.",
		Message:   "the package carries no XML signature",
		MessageVI: "gói tin không có chữ ký số XML"}
	// RuleSignaturePresent notes a signature and the algorithms it names.
	RuleSignaturePresent = diag.Rule{Code: "EDOC-G002", Severity: diag.Info,
		Summary:   "The package carries an XML signature.",
		Message:   "XML signature present (signature %s, digest %s, canonicalization %s)",
		MessageVI: "có chữ ký số XML (thuật toán ký %s, băm %s, chuẩn hóa %s)"}
	// RuleSignatureAlias reports the non-standard exclusive C14N alias seen in SDK samples (a quirk).
	RuleSignatureAlias = diag.Rule{Code: "EDOC-G003", Severity: diag.Error,
		Summary:   "The signature names a non-standard algorithm URI alias.",
		Message:   "algorithm URI %q is a non-standard alias of %q",
		MessageVI: "URI thuật toán %q là bí danh không chuẩn của %q"}
	// RuleSignatureWeak reports SHA-1 in a signature.
	RuleSignatureWeak = diag.Rule{Code: "EDOC-G004", Severity: diag.Warning,
		Summary:   "The signature uses SHA-1.",
		Message:   "the signature uses SHA-1 (%s); current rules require SHA-256 or better",
		MessageVI: "chữ ký dùng SHA-1 (%s); quy định hiện hành yêu cầu SHA-256 trở lên"}
	// RuleSignatureFailed reports a signature verdict TOTAL_FAILED.
	RuleSignatureFailed = diag.Rule{Code: "EDOC-G005", Severity: diag.Error,
		Summary:   "A signature failed verification.",
		Message:   "signature of %q: %s/%s: %s",
		MessageVI: "chữ ký của %q: %s/%s: %s"}
	// RuleSignatureIndeterminate reports a signature verdict INDETERMINATE.
	RuleSignatureIndeterminate = diag.Rule{Code: "EDOC-G006", Severity: diag.Warning,
		Summary:   "A signature could not be verified either way.",
		Message:   "signature of %q: %s/%s: %s",
		MessageVI: "chữ ký của %q: %s/%s: %s"}
	// RuleSignatureVerifier reports a verifier that failed to run.
	RuleSignatureVerifier = diag.Rule{Code: "EDOC-G007", Severity: diag.Error,
		Summary:   "The signature verifier failed.",
		Message:   "signature verification failed to run: %s",
		MessageVI: "không thực hiện được kiểm tra chữ ký: %s"}
	// RuleSignaturePartial reports a signature that does not cover the whole package.
	RuleSignaturePartial = diag.Rule{Code: "EDOC-G008", Severity: diag.Warning,
		Summary:   "A signature does not cover the whole package.",
		Message:   "signature of %q does not cover the whole package (no Reference URI=\"\")",
		MessageVI: "chữ ký của %q không bao trùm toàn bộ gói tin (không có Reference URI=\"\")"}
	// RuleSignaturePassed notes a signature verdict TOTAL_PASSED.
	RuleSignaturePassed = diag.Rule{Code: "EDOC-G009", Severity: diag.Info,
		Summary:   "A signature passed verification.",
		Message:   "signature of %q: TOTAL_PASSED",
		MessageVI: "chữ ký của %q: hợp lệ (TOTAL_PASSED)"}
)

// isQuirk reports whether the Interop profile downgrades findings of the code to warnings: what the national
// axis accepts in practice although QCVN 102 does not write it so.
func isQuirk(code string) bool {
	switch code {
	case RuleUndeclaredPrefix.Code, RuleNamespace.Code, RuleOrder.Code, RuleAgencyNotNormal.Code,
		RuleContentIDForm.Code, RuleSignatureAlias.Code, RuleNested.Code, RuleManifestMismatch.Code:
		return true
	}
	return false
}

// Rules returns the catalogue of every rule the edoc validator may report, for SARIF and documentation.
func Rules() []diag.Rule {
	return []diag.Rule{
		RuleNotWellFormed, RuleEmpty, RuleNotXML, RuleTruncated, RuleWrongRoot, RuleDTD, RuleLimit,
		RuleUndeclaredPrefix, RuleNamespace, RuleOrder, RuleUnknownElement, RuleEncoding, RuleOmitted,
		RuleRequired, RuleTooMany, RuleEmptyValue, RuleNested,
		RuleField, RuleDate, RuleTimestamp, RuleFuture, RuleNumber,
		RuleAgencyCode, RuleAgencyUnknown, RuleAgencyNotNormal,
		RuleDocumentID, RuleBusinessDocumentID, RuleNotation, RuleNotationType, RuleTypeName, RuleNotationLooksTyped,
		RuleManifestOrphan, RuleAttachmentOrphan, RuleDuplicateContentID, RuleContentIDForm, RuleBase64,
		RuleBase64Truncated, RuleContentType, RuleEmptyAttachment, RuleManifestMismatch, RuleNoAttachment,
		RuleUpdateReceivers, RuleReplacementList, RuleRevocationReason,
		RuleStatusCode, RuleStatusResponseFor, RuleStatusTransition, RuleStatusAnswer, RuleStatusBody,
		RuleSignatureAbsent, RuleSignaturePresent, RuleSignatureAlias, RuleSignatureWeak, RuleSignatureFailed,
		RuleSignatureIndeterminate, RuleSignatureVerifier, RuleSignaturePartial, RuleSignaturePassed,
	}
}

// Error is a failure to read a package because the input is broken (not well-formed, wrong root, truncated,
// beyond a limit). It carries the diagnostic that Validate reports for it.
type Error struct {
	// Diagnostic is the finding, with code, line and path.
	Diagnostic diag.Diagnostic
}

// Error formats the failure in English.
func (e *Error) Error() string {
	if e.Diagnostic.Line > 0 {
		return "edoc: line " + itoa(e.Diagnostic.Line) + ": " + e.Diagnostic.Message + " [" + e.Diagnostic.Code + "]"
	}
	return "edoc: " + e.Diagnostic.Message + " [" + e.Diagnostic.Code + "]"
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
