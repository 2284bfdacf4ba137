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
	Header MessageHeader `json:"header" validate:"required"`
	// Traces are the TraceHeader entries of edXMLHeader/TraceHeaderList, one per system the package went through.
	Traces []TraceHeader `json:"traces,omitempty" validate:"dive"`
	// Business is TraceHeaderList/Bussiness (sic), the kind of sending (new, revocation, update, replacement).
	Business *Business `json:"business,omitempty" validate:"omitempty"`
	// Manifest is edXMLBody/edXMLManifest, the list of attachments.
	Manifest Manifest `json:"manifest"`
	// Attachments are the AttachmentEncoded/Attachment entries. A Reader fills it as attachments are read (Content
	// is then the stream being read); the Writer writes each Content in order.
	Attachments []Attachment `json:"attachments,omitempty" validate:"dive"`
	// Signatures describe the XML signatures found while reading (presence only; see SignatureVerifier).
	Signatures []SignatureInfo `json:"signatures,omitempty"`
}

// Organization is an agency in From, To and similar blocks (cơ quan, tổ chức).
type Organization struct {
	// OrganID is the agency identifier code (mã định danh), at most 35 characters since SĐ1:2022.
	OrganID string `json:"organ_id" validate:"required,max=35"`
	// OrganizationInCharge is the agency in charge (cơ quan chủ quản).
	OrganizationInCharge string `json:"organization_in_charge" validate:"max=500"`
	// OrganName is the name of the agency (tên cơ quan).
	OrganName string `json:"organ_name" validate:"max=200"`
	// OrganAdd is the postal address (địa chỉ).
	OrganAdd string `json:"organ_add" validate:"max=500"`
	// Email is the contact address.
	Email string `json:"email" validate:"max=100"`
	// Telephone is the phone number.
	Telephone string `json:"telephone" validate:"max=20"`
	// Fax is the fax number.
	Fax string `json:"fax" validate:"max=20"`
	// Website is the agency's web site.
	Website string `json:"website"`
}

// Code is the number and notation of a document (số, ký hiệu văn bản), e.g. 7816 and VPCP-TTĐT.
type Code struct {
	// CodeNumber is the number (số), e.g. "7816" or "392a".
	CodeNumber string `json:"code_number" validate:"max=11"`
	// CodeNotation is the notation (ký hiệu), e.g. "VPCP-TTĐT" or "QĐ-UBND".
	CodeNotation string `json:"code_notation" validate:"max=30"`
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
	Place string `json:"place" validate:"max=50"`
	// PromulgationDate is the date of issue (ngày ban hành), written yyyy/MM/dd.
	PromulgationDate time.Time `json:"promulgation_date,omitzero"`
}

// DocumentType is the kind of document (loại văn bản).
type DocumentType struct {
	// Type is 1 or 2 as producers write it; which one is administrative and which normative is uncertain (spec
	// [U]), so the value is kept as written.
	Type int `json:"type" validate:"min=0,max=9"`
	// TypeDetail is the producer's detailed type code.
	TypeDetail int `json:"type_detail" validate:"min=0"`
	// TypeName is the name of the type, e.g. "Công văn", "Quyết định" (NĐ 30/2020 Điều 7).
	TypeName string `json:"type_name" validate:"max=100"`
}

// SignerInfo is the person who signed (người ký).
type SignerInfo struct {
	// Competence is the signing authority, e.g. "TL. BỘ TRƯỞNG" (thẩm quyền ký).
	Competence string `json:"competence"`
	// Position is the signer's position (chức vụ).
	Position string `json:"position"`
	// FullName is the signer's name (họ tên).
	FullName string `json:"full_name"`
}

// OtherInfo holds the remaining description of the document (thông tin khác).
type OtherInfo struct {
	// Priority is the urgency of handling (độ ưu tiên), 0–4 on the wire; see PriorityNames for its meaning.
	Priority Priority `json:"priority" validate:"max=4"`
	// SphereOfPromulgation is the scope of issue (phạm vi ban hành).
	SphereOfPromulgation string `json:"sphere_of_promulgation" validate:"max=100"`
	// TyperNotation is the typist's initials (ký hiệu người đánh máy).
	TyperNotation string `json:"typer_notation" validate:"max=10"`
	// PromulgationAmount is the number of copies issued (số lượng bản phát hành).
	PromulgationAmount uint16 `json:"promulgation_amount"`
	// PageAmount is the number of pages (số trang).
	PageAmount uint16 `json:"page_amount"`
	// Direction is true when the document is a steering document (văn bản chỉ đạo), written 0/1 when present.
	// The vendor's builder writes true/false; true is read as 1, its convention (uncertain: see EDOC-F006).
	Direction bool `json:"direction"`
	// Appendixes are the names of the appendices (phụ lục).
	Appendixes []string `json:"appendixes,omitempty"`
}

// ResponseFor names a document this package answers (văn bản được trả lời).
type ResponseFor struct {
	// OrganID is the code of the agency that issued the answered document.
	OrganID string `json:"organ_id"`
	// Code is "number/notation" of the answered document.
	Code string `json:"code"`
	// PromulgationDate is the date of the answered document.
	PromulgationDate time.Time `json:"promulgation_date,omitzero"`
	// DocumentID is the DocumentId of the answered document.
	DocumentID string `json:"document_id"`
}

// MessageHeader is the description of a document package (edXMLHeader/MessageHeader).
type MessageHeader struct {
	// From is the sending agency.
	From Organization `json:"from"`
	// To are the receiving agencies, at least one.
	To []Organization `json:"to,omitempty" validate:"min=1,dive"`
	// DocumentID is "{sender OrganId},{yyyy/MM/dd},{CodeNumber}/{CodeNotation}"; see DocumentID.
	DocumentID string `json:"document_id" validate:"max=100"`
	// Code is the number and notation.
	Code Code `json:"code"`
	// PromulgationInfo is the place and date of issue.
	PromulgationInfo PromulgationInfo `json:"promulgation_info"`
	// DocumentType is the kind of document.
	DocumentType DocumentType `json:"document_type"`
	// Subject is the abstract (trích yếu).
	Subject string `json:"subject" validate:"max=500"`
	// Content is the content summary (nội dung).
	Content string `json:"content" validate:"max=500"`
	// SignerInfo is the signer.
	SignerInfo SignerInfo `json:"signer_info"`
	// DueDate is the deadline for handling (hạn xử lý), zero when absent.
	DueDate time.Time `json:"due_date,omitzero"`
	// ToPlaces are the recipients as written on the document (nơi nhận).
	ToPlaces []string `json:"to_places,omitempty" validate:"dive,max=150"`
	// OtherInfo holds priority, scope, amounts and appendices.
	OtherInfo OtherInfo `json:"other_info"`
	// ResponseFor lists the documents this one answers.
	ResponseFor []ResponseFor `json:"response_for,omitempty"`
	// SteeringType is 0 or 1 (văn bản chỉ đạo hay không), kept as written.
	SteeringType int `json:"steering_type" validate:"min=0,max=1"`
}

// TraceHeader records one system the package went through (vết gửi nhận).
type TraceHeader struct {
	// OrganID is the agency code of the system.
	OrganID string `json:"organ_id" validate:"required,max=35"`
	// Timestamp is when it handled the package, written yyyy/MM/dd HH:mm:ss in Vietnam time.
	Timestamp time.Time `json:"timestamp,omitzero"`
}

// Business is TraceHeaderList/Bussiness (sic, double s on the wire): what kind of sending the package is.
type Business struct {
	// DocumentID repeats MessageHeader/DocumentId.
	DocumentID string `json:"document_id"`
	// DocType is BussinessDocType: 0 new, 1 revocation, 2 update, 3 replacement.
	DocType BusinessDocType `json:"doc_type"`
	// Reason is BussinessDocReason, required for a revocation.
	Reason string `json:"reason"`
	// Paper is 0 when no paper copy follows.
	Paper int `json:"paper"`
	// DocumentInfo is BussinessDocumentInfo, present in update packages.
	DocumentInfo *BusinessDocumentInfo `json:"document_info,omitempty"`
	// Replacements is ReplacementInfoList, present in replacement packages.
	Replacements []ReplacementInfo `json:"replacements,omitempty"`
	// Staff is the clerk in charge.
	Staff *StaffInfo `json:"staff,omitempty"`
}

// BusinessDocumentInfo says what an update package changes and for whom.
type BusinessDocumentInfo struct {
	// DocumentInfo flags an update of the document's information, as written ("0"/"1").
	DocumentInfo string `json:"document_info"`
	// DocumentReceiver flags an update of the receivers, as written ("0"/"1").
	DocumentReceiver string `json:"document_receiver"`
	// Receivers is ReceiverList.
	Receivers []Receiver `json:"receivers,omitempty"`
}

// Receiver is one entry of an update's ReceiverList.
type Receiver struct {
	// OrganID is the receiving agency's code.
	OrganID string `json:"organ_id"`
	// ReceiverType is the kind of receiver as written.
	ReceiverType int `json:"receiver_type"`
}

// ReplacementInfo names a document a replacement package replaces and who received it.
type ReplacementInfo struct {
	// DocumentID is the replaced document's DocumentId.
	DocumentID string `json:"document_id"`
	// OrganIDs is OrganIdList.
	OrganIDs []string `json:"organ_ids,omitempty"`
}

// StaffInfo is the clerk who handled the package (cán bộ xử lý).
type StaffInfo struct {
	// Department is the clerk's department.
	Department string `json:"department"`
	// Staff is the clerk's name.
	Staff string `json:"staff"`
	// Mobile is the clerk's phone.
	Mobile string `json:"mobile"`
	// Email is the clerk's mail address.
	Email string `json:"email" validate:"max=100"`
}

// Manifest is edXMLBody/edXMLManifest.
type Manifest struct {
	// Version is the manifest's version attribute, "1.0".
	Version string `json:"version"`
	// References list the attachments.
	References []Reference `json:"references,omitempty" validate:"dive"`
}

// Reference is one manifest entry; ContentID pairs it with an attachment.
type Reference struct {
	// ContentID is "cid:…".
	ContentID string `json:"content_id"`
	// ContentType is the media type, e.g. application/pdf.
	ContentType string `json:"content_type"`
	// Description describes the attachment.
	Description string `json:"description"`
	// AttachmentName is the file name.
	AttachmentName string `json:"attachment_name" validate:"max=500"`
}

// Attachment is one AttachmentEncoded/Attachment: its metadata and, while reading or writing, its content.
type Attachment struct {
	// ContentID is "cid:…", the key of the manifest reference.
	ContentID string `json:"content_id"`
	// AttachmentName is the file name.
	AttachmentName string `json:"attachment_name" validate:"max=500"`
	// Description describes the attachment.
	Description string `json:"description"`
	// ContentType is the media type, e.g. application/pdf.
	ContentType string `json:"content_type"`
	// Content is the decoded content: the stream being read (valid until the next call of Reader.Next) or the
	// source the Writer encodes.
	Content io.Reader `json:"-"`
	// Size is the decoded size in bytes, known once the content has been read to its end; -1 when the reader
	// skipped the content without decoding it (nobody read it).
	Size int64 `json:"size"`
	// EncodedSize is the number of bytes of base64 character data (whitespace included) in the input.
	EncodedSize int64 `json:"encoded_size"`
	// Line is the line of the Attachment element in the input, 0 for a package being built.
	Line int `json:"line"`
}

// StatusPackage is a status package (gói tin trạng thái, spec §3): an answer about a document received.
type StatusPackage struct {
	// From is the agency that sends the status.
	From Organization `json:"from"`
	// ResponseFor names the document the status is about.
	ResponseFor ResponseFor `json:"response_for"`
	// Staff is the clerk who handled the document.
	Staff StaffInfo `json:"staff"`
	// Code is the status (01 received … 16 refused).
	Code StatusCode `json:"code"`
	// Description explains the status, e.g. the reason of a rejection.
	Description string `json:"description" validate:"max=500"`
	// Timestamp is when the status was set, written yyyy/MM/dd HH:mm:ss in Vietnam time.
	Timestamp time.Time `json:"timestamp,omitzero"`
	// Traces are the TraceHeader entries, if any.
	Traces []TraceHeader `json:"traces,omitempty" validate:"dive"`
}

// SignatureInfo describes an XML signature found in a package, without verifying it.
type SignatureInfo struct {
	// Namespace is the namespace the Signature element is in: XML-DSig, or edXML's when the producer did not
	// declare XML-DSig.
	Namespace string `json:"namespace"`
	// Path is the element path of the signature.
	Path string `json:"path"`
	// Line is the line of the Signature element.
	Line int `json:"line"`
	// SignatureMethod is the SignatureMethod algorithm URI, e.g. …xmldsig#rsa-sha1.
	SignatureMethod string `json:"signature_method"`
	// CanonicalizationMethod is the CanonicalizationMethod algorithm URI of SignedInfo.
	CanonicalizationMethod string `json:"canonicalization_method"`
	// DigestMethods are the DigestMethod algorithm URIs of the references.
	DigestMethods []string `json:"digest_methods,omitempty"`
	// Transforms are the transform algorithm URIs of the references.
	Transforms []string `json:"transforms,omitempty"`
	// ReferenceURIs are the URI attributes of the references ("" covers the whole document).
	ReferenceURIs []string `json:"reference_uris,omitempty"`
}

func errorf(format string, args ...any) error { return fmt.Errorf("edoc: "+format, args...) }
