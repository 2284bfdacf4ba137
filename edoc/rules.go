package edoc

import (
	"github.com/vnegov/egov/diag"
)

// The rules of the edXML validator. Codes are stable: a code is never reused for another check. Families:
// X structure and XML, M required elements and cardinalities, F lengths and formats, A agency codes, D document
// identity and numbering, C manifest and attachments, B business types, S status packages, G signatures.
// Rules marked as quirks are errors in the Strict profile and warnings in the Interop profile. The rules are
// unexported values: callers read them through Rules and LookupRule and cannot change what Validate reports.
var (
	// ruleNotWellFormed reports input that is not well-formed XML.
	ruleNotWellFormed = diag.Rule{Code: "EDOC-X001", Severity: diag.Error,
		Summary:   "The package is not well-formed XML.",
		Message:   "not well-formed XML: %s",
		MessageVI: "XML không đúng cú pháp: %s"}
	// ruleEmpty reports an empty input.
	ruleEmpty = diag.Rule{Code: "EDOC-X002", Severity: diag.Error,
		Summary:   "The input is empty.",
		Message:   "the input is empty, not an edXML package",
		MessageVI: "dữ liệu rỗng, không phải gói tin edXML"}
	// ruleNotXML reports input that does not start like XML at all.
	ruleNotXML = diag.Rule{Code: "EDOC-X003", Severity: diag.Error,
		Summary:   "The input is not XML.",
		Message:   "the input is not XML (it does not start with '<')",
		MessageVI: "dữ liệu không phải XML (không bắt đầu bằng '<')"}
	// ruleTruncated reports an input that ends before its root element is closed.
	ruleTruncated = diag.Rule{Code: "EDOC-X004", Severity: diag.Error,
		Summary:   "The package is truncated.",
		Message:   "truncated package: the input ends inside <%s>",
		MessageVI: "gói tin bị cắt cụt: dữ liệu kết thúc giữa phần tử <%s>"}
	// ruleWrongRoot reports a root element other than edXML.
	ruleWrongRoot = diag.Rule{Code: "EDOC-X005", Severity: diag.Error,
		Summary:   "The root element is not edXML.",
		Message:   "root element is <%s>, want <edXML>",
		MessageVI: "phần tử gốc là <%s>, cần <edXML>"}
	// ruleDTD reports a document type declaration, which packages never need.
	ruleDTD = diag.Rule{Code: "EDOC-X006", Severity: diag.Error,
		Summary:   "A DTD is not accepted in a package.",
		Message:   "a DOCTYPE declaration is not accepted in an edXML package",
		MessageVI: "không chấp nhận khai báo DOCTYPE trong gói tin edXML"}
	// ruleLimit reports input beyond a configured limit.
	ruleLimit = diag.Rule{Code: "EDOC-X007", Severity: diag.Error,
		Summary:   "A configured limit is exceeded.",
		Message:   "limit exceeded: %s is over %d",
		MessageVI: "vượt giới hạn: %s lớn hơn %d"}
	// ruleUndeclaredPrefix reports a namespace prefix used without declaration (a quirk).
	ruleUndeclaredPrefix = diag.Rule{Code: "EDOC-X008", Severity: diag.Error,
		Summary:   "A namespace prefix is used without being declared.",
		Message:   "namespace prefix %q is not declared",
		MessageVI: "tiền tố không gian tên %q chưa được khai báo"}
	// ruleNamespace reports an element outside the namespace it should be in (a quirk).
	ruleNamespace = diag.Rule{Code: "EDOC-X009", Severity: diag.Error,
		Summary:   "An element is not in the expected namespace.",
		Message:   "<%s> is in namespace %q, want %q",
		MessageVI: "<%s> thuộc không gian tên %q, cần %q"}
	// ruleOrder reports elements in an order other than QCVN 102's (a quirk).
	ruleOrder = diag.Rule{Code: "EDOC-X010", Severity: diag.Error,
		Summary:   "Elements are not in the order of QCVN 102.",
		Message:   "<%s> comes after <%s>; the standard order puts it before",
		MessageVI: "<%s> đứng sau <%s>; theo thứ tự chuẩn phải đứng trước"}
	// ruleUnknownElement reports an element the standard does not define.
	ruleUnknownElement = diag.Rule{Code: "EDOC-X011", Severity: diag.Warning,
		Summary:   "An element is not defined by QCVN 102.",
		Message:   "unknown element <%s> ignored",
		MessageVI: "phần tử <%s> không có trong QCVN 102, bỏ qua"}
	// ruleEncoding reports an XML declaration naming an encoding other than UTF-8.
	ruleEncoding = diag.Rule{Code: "EDOC-X012", Severity: diag.Error,
		Summary:   "The package is not encoded in UTF-8.",
		Message:   "encoding %q is not supported, packages are UTF-8",
		MessageVI: "không hỗ trợ bảng mã %q, gói tin phải là UTF-8"}
	// ruleOmitted notes findings left out of a report because one rule produced too many.
	ruleOmitted = diag.Rule{Code: "EDOC-X013", Severity: diag.Info,
		Summary:   "Further findings of a rule were omitted.",
		Message:   "%d further findings of %s omitted",
		MessageVI: "đã bỏ qua %d lỗi khác cùng loại %s"}

	// ruleRequired reports a missing required element.
	ruleRequired = diag.Rule{Code: "EDOC-M001", Severity: diag.Error,
		Summary:   "A required element is missing.",
		Message:   "required element <%s> is missing",
		MessageVI: "thiếu phần tử bắt buộc <%s>"}
	// ruleTooMany reports an element that occurs more often than allowed.
	ruleTooMany = diag.Rule{Code: "EDOC-M002", Severity: diag.Error,
		Summary:   "An element occurs more often than allowed.",
		Message:   "<%s> occurs %d times, at most %d allowed",
		MessageVI: "<%s> xuất hiện %d lần, tối đa %d lần"}
	// ruleEmptyValue reports a required element present but empty.
	ruleEmptyValue = diag.Rule{Code: "EDOC-M003", Severity: diag.Error,
		Summary:   "A required element is empty.",
		Message:   "required element <%s> is empty",
		MessageVI: "phần tử bắt buộc <%s> để trống"}
	// ruleNested reports an element nested in an element of the same name (seen: From inside From).
	ruleNested = diag.Rule{Code: "EDOC-M004", Severity: diag.Error,
		Summary:   "An element is nested inside an element of the same name.",
		Message:   "<%s> is nested inside <%s>",
		MessageVI: "<%s> lồng trong <%s>"}

	// ruleField reports a value that breaks a field constraint of the model (length, range), as declared by the
	// `validate` tags of the model types.
	ruleField = diag.Rule{Code: "EDOC-F001", Severity: diag.Error,
		Summary:   "A value breaks a field constraint (length, range).",
		Message:   "%s",
		MessageVI: "%s"}
	// ruleDate reports a date not in yyyy/MM/dd.
	ruleDate = diag.Rule{Code: "EDOC-F002", Severity: diag.Error,
		Summary:   "A date is not in yyyy/MM/dd form.",
		Message:   "date %q is not a valid yyyy/MM/dd date",
		MessageVI: "ngày %q không đúng định dạng yyyy/MM/dd"}
	// ruleTimestamp reports a timestamp not in yyyy/MM/dd HH:mm:ss.
	ruleTimestamp = diag.Rule{Code: "EDOC-F003", Severity: diag.Error,
		Summary:   "A timestamp is not in yyyy/MM/dd HH:mm:ss form.",
		Message:   "timestamp %q is not a valid yyyy/MM/dd HH:mm:ss time",
		MessageVI: "thời điểm %q không đúng định dạng yyyy/MM/dd HH:mm:ss"}
	// ruleFuture reports a promulgation date after the validation time.
	ruleFuture = diag.Rule{Code: "EDOC-F004", Severity: diag.Error,
		Summary:   "The promulgation date is in the future.",
		Message:   "promulgation date %s is after %s",
		MessageVI: "ngày ban hành %s sau ngày %s"}
	// ruleNumber reports a value that is not one of the codes or numbers the field takes.
	ruleNumber = diag.Rule{Code: "EDOC-F005", Severity: diag.Error,
		Summary:   "A coded or numeric value is out of its domain.",
		Message:   "value %q is not valid here (%s)",
		MessageVI: "giá trị %q không hợp lệ (%s)"}
	// ruleDirectionBoolean reports OtherInfo/Direction written as a Java boolean by the vendor's builder (a quirk).
	ruleDirectionBoolean = diag.Rule{Code: "EDOC-F006", Severity: diag.Error,
		Summary: "Direction is written as a boolean (true/false), not 0/1.",
		Message: "Direction %q is a boolean as the vendor's edXML builder writes it, not 0 or 1; read as %s " +
			"(true = 1, the builder's convention; QCVN 102 as published does not define the values, so the mapping is uncertain)",
		MessageVI: "Direction %q được ghi dạng boolean như thư viện edXML của nhà cung cấp, không phải 0 hoặc 1; hiểu là %s " +
			"(true = 1 theo quy ước của thư viện; văn bản QCVN 102 công bố không định nghĩa giá trị nên cách hiểu này chưa chắc chắn)"}

	// ruleAgencyCode reports an OrganId that is not a valid agency code.
	ruleAgencyCode = diag.Rule{Code: "EDOC-A001", Severity: diag.Error,
		Summary:   "An OrganId is not a valid agency code.",
		Message:   "agency code %q is invalid: %s",
		MessageVI: "mã định danh %q không hợp lệ: %s"}
	// ruleAgencyUnknown reports an agency code absent from the registry at the promulgation date.
	ruleAgencyUnknown = diag.Rule{Code: "EDOC-A002", Severity: diag.Error,
		Summary:   "An agency code is unknown to the registry at the date.",
		Message:   "agency code %q is not in the registry on %s",
		MessageVI: "mã định danh %q không có trong danh mục vào ngày %s"}
	// ruleAgencyNotNormal reports an agency code that is valid only after trimming or upper-casing (a quirk).
	ruleAgencyNotNormal = diag.Rule{Code: "EDOC-A003", Severity: diag.Error,
		Summary:   "An agency code needs trimming or upper-casing.",
		Message:   "agency code %q should be written %q",
		MessageVI: "mã định danh %q cần viết là %q"}
	// ruleAgencyNull reports an OrganId written as a null literal ("null", "NULL", "nil"…): a producer serialised a
	// missing value as text. It is never a casing matter, whatever the agency code rules accept.
	ruleAgencyNull = diag.Rule{Code: "EDOC-A004", Severity: diag.Error,
		Summary:   "An OrganId is a null literal, not an agency code.",
		Message:   "agency code %q is a null literal written by the producer for a missing value, not an agency code",
		MessageVI: "mã định danh %q là giá trị rỗng (null) do phần mềm gửi ghi thay cho giá trị bị thiếu, không phải mã định danh"}
	// ruleAgencyUnconfirmed reports an agency code a partial registry (the embedded one) can neither confirm nor
	// refuse: its level-1 unit is not among the codes a published source confirmed.
	ruleAgencyUnconfirmed = diag.Rule{Code: "EDOC-A005", Severity: diag.Warning,
		Summary:   "An agency code's level-1 unit is not in the partial (embedded) registry.",
		Message:   "agency code %q is not confirmed: the registry lists only the level-1 codes a published source confirms and lacks %s; load the official list with --registry FILE",
		MessageVI: "mã định danh %q chưa được xác nhận: danh mục có sẵn chỉ gồm các mã cấp 1 đã có văn bản công bố và chưa có %s; hãy nạp danh mục chính thức bằng --registry TỆP"}

	// ruleDocumentID reports a DocumentId that does not match sender, date, number and notation.
	ruleDocumentID = diag.Rule{Code: "EDOC-D001", Severity: diag.Error,
		Summary:   "DocumentId does not match sender, date, number and notation.",
		Message:   "DocumentId %q does not match the header, want %q",
		MessageVI: "DocumentId %q không khớp với thông tin văn bản, cần %q"}
	// ruleBusinessDocumentID reports a Bussiness/DocumentId that differs from the message header's.
	ruleBusinessDocumentID = diag.Rule{Code: "EDOC-D002", Severity: diag.Error,
		Summary:   "Bussiness/DocumentId differs from MessageHeader/DocumentId.",
		Message:   "Bussiness/DocumentId %q differs from MessageHeader/DocumentId %q",
		MessageVI: "Bussiness/DocumentId %q khác MessageHeader/DocumentId %q"}
	// ruleNotation reports a number and notation that cannot be parsed.
	ruleNotation = diag.Rule{Code: "EDOC-D003", Severity: diag.Error,
		Summary:   "Number and notation do not follow NĐ 30/2020.",
		Message:   "number %q and notation %q do not follow NĐ 30/2020: %s",
		MessageVI: "số %q và ký hiệu %q không theo NĐ 30/2020: %s"}
	// ruleNotationType reports a notation that disagrees with the document type.
	ruleNotationType = diag.Rule{Code: "EDOC-D004", Severity: diag.Error,
		Summary:   "The notation disagrees with the document type.",
		Message:   "notation %q does not fit document type %q: %s",
		MessageVI: "ký hiệu %q không phù hợp loại văn bản %q: %s"}
	// ruleTypeName reports a TypeName that is not one of the NĐ 30/2020 types.
	ruleTypeName = diag.Rule{Code: "EDOC-D005", Severity: diag.Warning,
		Summary:   "TypeName is not a document type of NĐ 30/2020.",
		Message:   "document type %q is not in the NĐ 30/2020 catalogue",
		MessageVI: "loại văn bản %q không có trong danh mục NĐ 30/2020"}

	// ruleNotationLooksTyped reports a notation of a type without abbreviation that starts with a type
	// abbreviation.
	ruleNotationLooksTyped = diag.Rule{Code: "EDOC-D006", Severity: diag.Warning,
		Summary:   "A công văn's notation starts with a document type abbreviation.",
		Message:   "notation %q of a %q starts with %q, the abbreviation of a document type; a %[2]q has none",
		MessageVI: "ký hiệu %q của %q bắt đầu bằng %q là chữ viết tắt của một loại văn bản; %[2]q không có chữ viết tắt"}
	// ruleDocumentIDUUID reports a DocumentId that is a UUID rather than {OrganId},{yyyy/MM/dd},{number}/{notation}
	// (a quirk: gateways of the axis and the axis SDK's own samples assign such identifiers).
	ruleDocumentIDUUID = diag.Rule{Code: "EDOC-D007", Severity: diag.Error,
		Summary:   "DocumentId is a UUID, not sender, date, number and notation.",
		Message:   "DocumentId %q is a UUID assigned by a gateway, not the form sender,date,number/notation (%q)",
		MessageVI: "DocumentId %q là UUID do hệ thống trung gian cấp, không theo dạng mã cơ quan,ngày,số/ký hiệu (%q)"}

	// ruleManifestOrphan reports a manifest reference without an attachment.
	ruleManifestOrphan = diag.Rule{Code: "EDOC-C001", Severity: diag.Error,
		Summary:   "A manifest reference has no attachment.",
		Message:   "manifest reference %q has no attachment",
		MessageVI: "tham chiếu %q trong manifest không có tệp đính kèm"}
	// ruleAttachmentOrphan reports an attachment without a manifest reference.
	ruleAttachmentOrphan = diag.Rule{Code: "EDOC-C002", Severity: diag.Error,
		Summary:   "An attachment is not listed in the manifest.",
		Message:   "attachment %q is not listed in the manifest",
		MessageVI: "tệp đính kèm %q không có trong manifest"}
	// ruleDuplicateContentID reports a ContentId used twice.
	ruleDuplicateContentID = diag.Rule{Code: "EDOC-C003", Severity: diag.Error,
		Summary:   "A ContentId is used twice.",
		Message:   "ContentId %q is used more than once",
		MessageVI: "ContentId %q bị dùng nhiều lần"}
	// ruleContentIDForm reports a ContentId without the cid: scheme (a quirk).
	ruleContentIDForm = diag.Rule{Code: "EDOC-C004", Severity: diag.Error,
		Summary:   "A ContentId lacks the cid: scheme.",
		Message:   "ContentId %q does not start with \"cid:\"",
		MessageVI: "ContentId %q không bắt đầu bằng \"cid:\""}
	// ruleBase64 reports attachment content that is not valid base64.
	ruleBase64 = diag.Rule{Code: "EDOC-C005", Severity: diag.Error,
		Summary:   "Attachment content is not valid base64.",
		Message:   "attachment content is not valid base64: %s",
		MessageVI: "nội dung tệp đính kèm không phải base64 hợp lệ: %s"}
	// ruleBase64Truncated reports base64 content whose length is not a multiple of four.
	ruleBase64Truncated = diag.Rule{Code: "EDOC-C006", Severity: diag.Error,
		Summary:   "Attachment base64 content is truncated.",
		Message:   "attachment base64 content is truncated (%d characters left over)",
		MessageVI: "nội dung base64 của tệp đính kèm bị cắt cụt (thừa %d ký tự)"}
	// ruleContentType reports a declared ContentType that disagrees with the content's magic bytes.
	ruleContentType = diag.Rule{Code: "EDOC-C007", Severity: diag.Error,
		Summary:   "The declared ContentType disagrees with the content.",
		Message:   "ContentType %q is declared but the content looks like %s",
		MessageVI: "khai báo ContentType %q nhưng nội dung là %s"}
	// ruleEmptyAttachment reports an attachment without content.
	ruleEmptyAttachment = diag.Rule{Code: "EDOC-C008", Severity: diag.Error,
		Summary:   "An attachment has no content.",
		Message:   "attachment %q has no content",
		MessageVI: "tệp đính kèm %q không có nội dung"}
	// ruleManifestMismatch reports manifest metadata that differs from the attachment's.
	ruleManifestMismatch = diag.Rule{Code: "EDOC-C009", Severity: diag.Warning,
		Summary:   "Manifest and attachment disagree on a property.",
		Message:   "%s of %q differs: manifest %q, attachment %q",
		MessageVI: "%s của %q khác nhau: manifest %q, tệp đính kèm %q"}
	// ruleNoAttachment reports a document package that carries no attachment.
	ruleNoAttachment = diag.Rule{Code: "EDOC-C010", Severity: diag.Warning,
		Summary:   "A document package carries no attachment.",
		Message:   "the package carries no attachment",
		MessageVI: "gói tin không có tệp đính kèm"}

	// ruleUpdateReceivers reports an update package without its receiver list.
	ruleUpdateReceivers = diag.Rule{Code: "EDOC-B001", Severity: diag.Error,
		Summary:   "An update package lacks its receiver list.",
		Message:   "an update package (BussinessDocType 2) needs BussinessDocumentInfo/ReceiverList",
		MessageVI: "gói tin cập nhật (BussinessDocType 2) cần BussinessDocumentInfo/ReceiverList"}
	// ruleReplacementList reports a replacement package without its replacement list.
	ruleReplacementList = diag.Rule{Code: "EDOC-B002", Severity: diag.Error,
		Summary:   "A replacement package lacks its replacement list.",
		Message:   "a replacement package (BussinessDocType 3) needs ReplacementInfoList",
		MessageVI: "gói tin thay thế (BussinessDocType 3) cần ReplacementInfoList"}
	// ruleRevocationReason reports a revocation package without a reason.
	ruleRevocationReason = diag.Rule{Code: "EDOC-B003", Severity: diag.Error,
		Summary:   "A revocation package lacks its reason.",
		Message:   "a revocation package (BussinessDocType 1) needs BussinessDocReason",
		MessageVI: "gói tin thu hồi (BussinessDocType 1) cần BussinessDocReason"}

	// ruleStatusCode reports an unknown status code.
	ruleStatusCode = diag.Rule{Code: "EDOC-S001", Severity: diag.Error,
		Summary:   "The status code is unknown.",
		Message:   "status code %q is not one of 01–06, 13, 15, 16",
		MessageVI: "mã trạng thái %q không thuộc 01–06, 13, 15, 16"}
	// ruleStatusResponseFor reports a status package without ResponseFor.
	ruleStatusResponseFor = diag.Rule{Code: "EDOC-S002", Severity: diag.Error,
		Summary:   "A status package does not say which document it answers.",
		Message:   "a status package needs ResponseFor with OrganId, Code and DocumentId",
		MessageVI: "gói tin trạng thái cần ResponseFor có OrganId, Code và DocumentId"}
	// ruleStatusTransition reports a status that may not follow the previous one.
	ruleStatusTransition = diag.Rule{Code: "EDOC-S003", Severity: diag.Error,
		Summary:   "The status may not follow the previous status.",
		Message:   "status %s may not follow status %s",
		MessageVI: "trạng thái %s không được theo sau trạng thái %s"}
	// ruleStatusAnswer reports a status that does not answer the business package it is said to answer.
	ruleStatusAnswer = diag.Rule{Code: "EDOC-S005", Severity: diag.Error,
		Summary:   "The status does not answer a business package of that type.",
		Message:   "status %s does not answer a %s package",
		MessageVI: "trạng thái %s không dùng để trả lời gói tin %s"}
	// ruleStatusBody reports a status package that carries a body or attachments.
	ruleStatusBody = diag.Rule{Code: "EDOC-S004", Severity: diag.Warning,
		Summary:   "A status package carries a body or attachments.",
		Message:   "a status package carries <%s>, which is ignored",
		MessageVI: "gói tin trạng thái có <%s>, phần này bị bỏ qua"}

	// ruleSignatureAbsent notes a package without XML signature.
	ruleSignatureAbsent = diag.Rule{Code: "EDOC-G001", Severity: diag.Info,
		Summary:   "The package carries no XML signature.",
		Message:   "the package carries no XML signature",
		MessageVI: "gói tin không có chữ ký số XML"}
	// ruleSignaturePresent notes a signature and the algorithms it names.
	ruleSignaturePresent = diag.Rule{Code: "EDOC-G002", Severity: diag.Info,
		Summary:   "The package carries an XML signature.",
		Message:   "XML signature present (signature %s, digest %s, canonicalization %s)",
		MessageVI: "có chữ ký số XML (thuật toán ký %s, băm %s, chuẩn hóa %s)"}
	// ruleSignatureAlias reports the non-standard exclusive C14N alias seen in SDK samples (a quirk).
	ruleSignatureAlias = diag.Rule{Code: "EDOC-G003", Severity: diag.Error,
		Summary:   "The signature names a non-standard algorithm URI alias.",
		Message:   "algorithm URI %q is a non-standard alias of %q",
		MessageVI: "URI thuật toán %q là bí danh không chuẩn của %q"}
	// ruleSignatureWeak reports SHA-1 in a signature.
	ruleSignatureWeak = diag.Rule{Code: "EDOC-G004", Severity: diag.Warning,
		Summary:   "The signature uses SHA-1.",
		Message:   "the signature uses SHA-1 (%s); current rules require SHA-256 or better",
		MessageVI: "chữ ký dùng SHA-1 (%s); quy định hiện hành yêu cầu SHA-256 trở lên"}
	// ruleSignatureFailed reports a signature verdict TOTAL_FAILED.
	ruleSignatureFailed = diag.Rule{Code: "EDOC-G005", Severity: diag.Error,
		Summary:   "A signature failed verification.",
		Message:   "signature of %q: %s/%s: %s",
		MessageVI: "chữ ký của %q: %s/%s: %s"}
	// ruleSignatureIndeterminate reports a signature verdict INDETERMINATE.
	ruleSignatureIndeterminate = diag.Rule{Code: "EDOC-G006", Severity: diag.Warning,
		Summary:   "A signature could not be verified either way.",
		Message:   "signature of %q: %s/%s: %s",
		MessageVI: "chữ ký của %q: %s/%s: %s"}
	// ruleSignatureVerifier reports a verifier that failed to run.
	ruleSignatureVerifier = diag.Rule{Code: "EDOC-G007", Severity: diag.Error,
		Summary:   "The signature verifier failed.",
		Message:   "signature verification failed to run: %s",
		MessageVI: "không thực hiện được kiểm tra chữ ký: %s"}
	// ruleSignaturePartial reports a signature that does not cover the whole package.
	ruleSignaturePartial = diag.Rule{Code: "EDOC-G008", Severity: diag.Warning,
		Summary:   "A signature does not cover the whole package.",
		Message:   "signature of %q does not cover the whole package (no Reference URI=\"\")",
		MessageVI: "chữ ký của %q không bao trùm toàn bộ gói tin (không có Reference URI=\"\")"}
	// ruleSignaturePassed notes a signature verdict TOTAL_PASSED.
	ruleSignaturePassed = diag.Rule{Code: "EDOC-G009", Severity: diag.Info,
		Summary:   "A signature passed verification.",
		Message:   "signature of %q: TOTAL_PASSED",
		MessageVI: "chữ ký của %q: hợp lệ (TOTAL_PASSED)"}
)

// isQuirk reports whether the Interop profile downgrades findings of the code to warnings: what the national
// axis accepts in practice although QCVN 102 does not write it so.
func isQuirk(code string) bool {
	switch code {
	case ruleUndeclaredPrefix.Code, ruleNamespace.Code, ruleOrder.Code, ruleAgencyNotNormal.Code,
		ruleContentIDForm.Code, ruleSignatureAlias.Code, ruleNested.Code, ruleManifestMismatch.Code,
		ruleDirectionBoolean.Code, ruleDocumentIDUUID.Code:
		return true
	}
	return false
}

// ruleCatalogue lists every rule the edoc validator may report, built once.
var ruleCatalogue = diag.NewCatalogue(
	ruleNotWellFormed, ruleEmpty, ruleNotXML, ruleTruncated, ruleWrongRoot, ruleDTD, ruleLimit,
	ruleUndeclaredPrefix, ruleNamespace, ruleOrder, ruleUnknownElement, ruleEncoding, ruleOmitted,
	ruleRequired, ruleTooMany, ruleEmptyValue, ruleNested,
	ruleField, ruleDate, ruleTimestamp, ruleFuture, ruleNumber, ruleDirectionBoolean,
	ruleAgencyCode, ruleAgencyUnknown, ruleAgencyNotNormal, ruleAgencyNull, ruleAgencyUnconfirmed,
	ruleDocumentID, ruleBusinessDocumentID, ruleNotation, ruleNotationType, ruleTypeName, ruleNotationLooksTyped,
	ruleDocumentIDUUID,
	ruleManifestOrphan, ruleAttachmentOrphan, ruleDuplicateContentID, ruleContentIDForm, ruleBase64,
	ruleBase64Truncated, ruleContentType, ruleEmptyAttachment, ruleManifestMismatch, ruleNoAttachment,
	ruleUpdateReceivers, ruleReplacementList, ruleRevocationReason,
	ruleStatusCode, ruleStatusResponseFor, ruleStatusTransition, ruleStatusAnswer, ruleStatusBody,
	ruleSignatureAbsent, ruleSignaturePresent, ruleSignatureAlias, ruleSignatureWeak, ruleSignatureFailed,
	ruleSignatureIndeterminate, ruleSignatureVerifier, ruleSignaturePartial, ruleSignaturePassed,
)

// Rules returns a copy of every rule the edoc validator may report, in declaration order, for SARIF and
// documentation.
func Rules() []diag.Rule { return ruleCatalogue.Rules() }

// LookupRule returns the rule with the code (e.g. "EDOC-M001"), and whether the validator has one.
func LookupRule(code string) (diag.Rule, bool) { return ruleCatalogue.Lookup(code) }

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
