package edoc

import (
	"fmt"
	"io"
	"time"
)

// The model of an edXML package (QCVN 102:2016 §2, amended by SĐ1:2022). Field limits are declared once, as
// `validate` tags read by go-playground/validator (see CheckFields); the streaming validator reports the same
// limits with stable EDOC codes, line and path. Dates are time.Time values at midnight in Vietnam time, the zero
// time meaning "absent".

// Package is an edXML document package (gói tin văn bản): the header, the manifest and the attachments.
type Package struct {
	// Header is edXMLHeader/MessageHeader, the description of the document.
	Header MessageHeader `validate:"required"`
	// Traces are the TraceHeader entries of edXMLHeader/TraceHeaderList, one per system the package went through.
	Traces []TraceHeader `validate:"dive"`
	// Business is TraceHeaderList/Bussiness (sic), the kind of sending (new, revocation, update, replacement).
	Business *Business `validate:"omitempty"`
	// Manifest is edXMLBody/edXMLManifest, the list of attachments.
	Manifest Manifest
	// Attachments are the AttachmentEncoded/Attachment entries. A Reader fills it as attachments are read (Content
	// is then the stream being read); the Writer writes each Content in order.
	Attachments []Attachment `validate:"dive"`
	// Signatures describe the XML signatures found while reading (presence only; see SignatureVerifier).
	Signatures []SignatureInfo
}

// Organization is an agency in From, To and similar blocks (cơ quan, tổ chức).
type Organization struct {
	// OrganID is the agency identifier code (mã định danh), at most 35 characters since SĐ1:2022.
	OrganID string `validate:"required,max=35"`
	// OrganizationInCharge is the agency in charge (cơ quan chủ quản).
	OrganizationInCharge string `validate:"max=500"`
	// OrganName is the name of the agency (tên cơ quan).
	OrganName string `validate:"max=200"`
	// OrganAdd is the postal address (địa chỉ).
	OrganAdd string `validate:"max=500"`
	// Email is the contact address.
	Email string `validate:"max=100"`
	// Telephone is the phone number.
	Telephone string `validate:"max=20"`
	// Fax is the fax number.
	Fax string `validate:"max=20"`
	// Website is the agency's web site.
	Website string
}

// Code is the number and notation of a document (số, ký hiệu văn bản), e.g. 7816 and VPCP-TTĐT.
type Code struct {
	// CodeNumber is the number (số), e.g. "7816" or "392a".
	CodeNumber string `validate:"max=11"`
	// CodeNotation is the notation (ký hiệu), e.g. "VPCP-TTĐT" or "QĐ-UBND".
	CodeNotation string `validate:"max=30"`
}

// String returns "number/notation", the form used in DocumentId and ResponseFor.
func (c Code) String() string {
	if c.CodeNotation == "" {
		return c.CodeNumber
	}
	return c.CodeNumber + "/" + c.CodeNotation
}

// PromulgationInfo is where and when the document was issued (địa danh, ngày ban hành).
type PromulgationInfo struct {
	// Place is the place name (địa danh).
	Place string `validate:"max=50"`
	// PromulgationDate is the date of issue (ngày ban hành), written yyyy/MM/dd.
	PromulgationDate time.Time
}

// DocumentType is the kind of document (loại văn bản).
type DocumentType struct {
	// Type is 1 or 2 as producers write it; which one is administrative and which normative is uncertain (spec
	// [U]), so the value is kept as written.
	Type int `validate:"min=0,max=9"`
	// TypeDetail is the producer's detailed type code.
	TypeDetail int `validate:"min=0"`
	// TypeName is the name of the type, e.g. "Công văn", "Quyết định" (NĐ 30/2020 Điều 7).
	TypeName string `validate:"max=100"`
}

// SignerInfo is the person who signed (người ký).
type SignerInfo struct {
	// Competence is the signing authority, e.g. "TL. BỘ TRƯỞNG" (thẩm quyền ký).
	Competence string
	// Position is the signer's position (chức vụ).
	Position string
	// FullName is the signer's name (họ tên).
	FullName string
}

// OtherInfo holds the remaining description of the document (thông tin khác).
type OtherInfo struct {
	// Priority is the urgency of handling (độ ưu tiên), 0–4 on the wire; see PriorityNames for its meaning.
	Priority Priority `validate:"max=4"`
	// SphereOfPromulgation is the scope of issue (phạm vi ban hành).
	SphereOfPromulgation string `validate:"max=100"`
	// TyperNotation is the typist's initials (ký hiệu người đánh máy).
	TyperNotation string `validate:"max=10"`
	// PromulgationAmount is the number of copies issued (số lượng bản phát hành).
	PromulgationAmount uint16
	// PageAmount is the number of pages (số trang).
	PageAmount uint16
	// Direction is true when the document is a steering document (văn bản chỉ đạo), written 0/1 when present.
	Direction bool
	// Appendixes are the names of the appendices (phụ lục).
	Appendixes []string
}

// ResponseFor names a document this package answers (văn bản được trả lời).
type ResponseFor struct {
	// OrganID is the code of the agency that issued the answered document.
	OrganID string
	// Code is "number/notation" of the answered document.
	Code string
	// PromulgationDate is the date of the answered document.
	PromulgationDate time.Time
	// DocumentID is the DocumentId of the answered document.
	DocumentID string
}

// MessageHeader is the description of a document package (edXMLHeader/MessageHeader).
type MessageHeader struct {
	// From is the sending agency.
	From Organization
	// To are the receiving agencies, at least one.
	To []Organization `validate:"min=1,dive"`
	// DocumentID is "{sender OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation}"; see DocumentID.
	DocumentID string `validate:"max=100"`
	// Code is the number and notation.
	Code Code
	// PromulgationInfo is the place and date of issue.
	PromulgationInfo PromulgationInfo
	// DocumentType is the kind of document.
	DocumentType DocumentType
	// Subject is the abstract (trích yếu).
	Subject string `validate:"max=500"`
	// Content is the content summary (nội dung).
	Content string `validate:"max=500"`
	// SignerInfo is the signer.
	SignerInfo SignerInfo
	// DueDate is the deadline for handling (hạn xử lý), zero when absent.
	DueDate time.Time
	// ToPlaces are the recipients as written on the document (nơi nhận).
	ToPlaces []string `validate:"dive,max=150"`
	// OtherInfo holds priority, scope, amounts and appendices.
	OtherInfo OtherInfo
	// ResponseFor lists the documents this one answers.
	ResponseFor []ResponseFor
	// SteeringType is 0 or 1 (văn bản chỉ đạo hay không), kept as written.
	SteeringType int `validate:"min=0,max=1"`
}

// TraceHeader records one system the package went through (vết gửi nhận).
type TraceHeader struct {
	// OrganID is the agency code of the system.
	OrganID string `validate:"required,max=35"`
	// Timestamp is when it handled the package, written yyyy/MM/dd HH:mm:ss in Vietnam time.
	Timestamp time.Time
}

// Business is TraceHeaderList/Bussiness (sic, double s on the wire): what kind of sending the package is.
type Business struct {
	// DocumentID repeats MessageHeader/DocumentId.
	DocumentID string
	// DocType is BussinessDocType: 0 new, 1 revocation, 2 update, 3 replacement.
	DocType BusinessDocType
	// Reason is BussinessDocReason, required for a revocation.
	Reason string
	// Paper is 0 when no paper copy follows.
	Paper int
	// DocumentInfo is BussinessDocumentInfo, present in update packages.
	DocumentInfo *BusinessDocumentInfo
	// Replacements is ReplacementInfoList, present in replacement packages.
	Replacements []ReplacementInfo
	// Staff is the clerk in charge.
	Staff *StaffInfo
}

// BusinessDocumentInfo says what an update package changes and for whom.
type BusinessDocumentInfo struct {
	// DocumentInfo flags an update of the document's information, as written ("0"/"1").
	DocumentInfo string
	// DocumentReceiver flags an update of the receivers, as written ("0"/"1").
	DocumentReceiver string
	// Receivers is ReceiverList.
	Receivers []Receiver
}

// Receiver is one entry of an update's ReceiverList.
type Receiver struct {
	// OrganID is the receiving agency's code.
	OrganID string
	// ReceiverType is the kind of receiver as written.
	ReceiverType int
}

// ReplacementInfo names a document a replacement package replaces and who received it.
type ReplacementInfo struct {
	// DocumentID is the replaced document's DocumentId.
	DocumentID string
	// OrganIDs is OrganIdList.
	OrganIDs []string
}

// StaffInfo is the clerk who handled the package (cán bộ xử lý).
type StaffInfo struct {
	// Department is the clerk's department.
	Department string
	// Staff is the clerk's name.
	Staff string
	// Mobile is the clerk's phone.
	Mobile string
	// Email is the clerk's mail address.
	Email string `validate:"max=100"`
}

// Manifest is edXMLBody/edXMLManifest.
type Manifest struct {
	// Version is the manifest's version attribute, "1.0".
	Version string
	// References list the attachments.
	References []Reference `validate:"dive"`
}

// Reference is one manifest entry; ContentID pairs it with an attachment.
type Reference struct {
	// ContentID is "cid:…".
	ContentID string
	// ContentType is the media type, e.g. application/pdf.
	ContentType string
	// Description describes the attachment.
	Description string
	// AttachmentName is the file name.
	AttachmentName string `validate:"max=500"`
}

// Attachment is one AttachmentEncoded/Attachment: its metadata and, while reading or writing, its content.
type Attachment struct {
	// ContentID is "cid:…", the key of the manifest reference.
	ContentID string
	// AttachmentName is the file name.
	AttachmentName string `validate:"max=500"`
	// Description describes the attachment.
	Description string
	// ContentType is the media type, e.g. application/pdf.
	ContentType string
	// Content is the decoded content: the stream being read (valid until the next call of Reader.Next) or the
	// source the Writer encodes.
	Content io.Reader
	// Size is the decoded size in bytes, known once the content has been read to its end; -1 when the reader
	// skipped the content without decoding it (nobody read it).
	Size int64
	// EncodedSize is the number of bytes of base64 character data (whitespace included) in the input.
	EncodedSize int64
	// Line is the line of the Attachment element in the input, 0 for a package being built.
	Line int
}

// StatusPackage is a status package (gói tin trạng thái, spec §3): an answer about a document received.
type StatusPackage struct {
	// From is the agency that sends the status.
	From Organization
	// ResponseFor names the document the status is about.
	ResponseFor ResponseFor
	// Staff is the clerk who handled the document.
	Staff StaffInfo
	// Code is the status (01 received … 16 refused).
	Code StatusCode
	// Description explains the status, e.g. the reason of a rejection.
	Description string `validate:"max=500"`
	// Timestamp is when the status was set, written yyyy/MM/dd HH:mm:ss in Vietnam time.
	Timestamp time.Time
	// Traces are the TraceHeader entries, if any.
	Traces []TraceHeader `validate:"dive"`
}

// SignatureInfo describes an XML signature found in a package, without verifying it.
type SignatureInfo struct {
	// Namespace is the namespace the Signature element is in: XML-DSig, or edXML's when the producer did not
	// declare XML-DSig.
	Namespace string
	// Path is the element path of the signature.
	Path string
	// Line is the line of the Signature element.
	Line int
	// SignatureMethod is the SignatureMethod algorithm URI, e.g. …xmldsig#rsa-sha1.
	SignatureMethod string
	// CanonicalizationMethod is the CanonicalizationMethod algorithm URI of SignedInfo.
	CanonicalizationMethod string
	// DigestMethods are the DigestMethod algorithm URIs of the references.
	DigestMethods []string
	// Transforms are the transform algorithm URIs of the references.
	Transforms []string
	// ReferenceURIs are the URI attributes of the references ("" covers the whole document).
	ReferenceURIs []string
}

func errorf(format string, args ...any) error { return fmt.Errorf("edoc: "+format, args...) }
