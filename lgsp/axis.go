package lgsp

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// Axis is a client of a document-exchange gateway (trục liên thông văn bản), whatever its wire profile.
type Axis interface {
	// Send validates the package read from r and sends it (sendEdoc). After an ambiguous failure it asks the
	// gateway's sent list whether the package arrived before sending it again, so a package is stored once.
	Send(ctx context.Context, r io.Reader, opts SendOptions) (*SendResult, error)
	// SendStatus builds the edXML status package sp and sends it to the organ ids in to.
	SendStatus(ctx context.Context, sp *edoc.StatusPackage, to []string) (*SendResult, error)
	// Received lists one page of the packages addressed to this system (getReceivedEdocList).
	Received(ctx context.Context, f ListFilter) ([]ReceivedDoc, error)
	// Get streams the edXML package docID into w, decoding base64 on the fly, and validates it on the way.
	Get(ctx context.Context, docID string, w io.Writer) (*GetResult, error)
	// UpdateStatus sets this system's delivery status of the received package docID (updateStatus).
	UpdateStatus(ctx context.Context, docID string, s DeliveryStatus) error
	// Sent lists one page of the packages this system sent, one entry per recipient (getSentEdocList).
	Sent(ctx context.Context, f ListFilter) ([]SentDoc, error)
	// Agencies lists the agencies known to the gateway (getAgenciesList).
	Agencies(ctx context.Context) ([]Agency, error)
	// RegisterAgency registers an agency with the gateway (registerAgency).
	RegisterAgency(ctx context.Context, a AgencyRegistration) error
}

// Profile names a wire profile of the axis (spec lgsp.md §2).
type Profile string

const (
	// VXP is the national axis as the vendor SDK speaks it: parameters in signed XroadVnpt-* headers (§2.1).
	VXP Profile = "vxp"
	// LTVB is a provincial REST gateway: bearer login and X-SystemId/X-SecretKey (§2.2).
	LTVB Profile = "ltvb"
)

// ParseProfile reads "vxp" or "ltvb".
func ParseProfile(s string) (Profile, error) {
	switch p := Profile(strings.ToLower(strings.TrimSpace(s))); p {
	case VXP, LTVB:
		return p, nil
	}
	return "", fmt.Errorf("lgsp: unknown profile %q (want vxp or ltvb)", s)
}

// AxisOptions configures NewAxis beyond the client's Config.
type AxisOptions struct {
	// Profile is the wire profile; "" means VXP.
	Profile Profile
	// Validation is how packages are validated before Send and after Get.
	Validation ValidationPolicy
	// Paths overrides operation paths, keyed by the operation name of the profile (e.g. "sendEdoc"); the values
	// are appended to Config.BaseURL.
	Paths map[string]string
	// SpoolDir holds the temporary copy of a package read from a reader that cannot seek; "" means os.TempDir.
	SpoolDir string
	// PageSize is the page size of list calls; 0 means 200.
	PageSize int
	// Now returns the current time (validation date, duplicate-check window); nil means time.Now.
	Now func() time.Time
}

// ValidationPolicy says how packages are validated with edoc.
type ValidationPolicy struct {
	// Off sends and receives packages without validating them.
	Off bool
	// Profile is edoc.Strict (the zero value) or edoc.Interop.
	Profile edoc.Profile
	// Signatures, when set, verifies the signatures of received packages; nil reports their presence only.
	Signatures edoc.SignatureVerifier
	// AcceptInvalid returns received packages with error findings instead of a ValidationError (the bytes are
	// written to the caller's writer either way; the report says what is wrong).
	AcceptInvalid bool
}

// MessageType is the kind of package on the axis (messagetype).
type MessageType string

// Message types of sendEdoc (spec lgsp.md §2.1).
const (
	MessageEdoc        MessageType = "edoc"
	MessageStatus      MessageType = "status"
	MessageReplacement MessageType = "replacement"
	MessageRevocation  MessageType = "revocation"
	MessageUpdate      MessageType = "update"
)

// SendOptions are the parameters of Send.
type SendOptions struct {
	// To are the recipients' organ ids; empty means the To agencies of the package's header.
	To []string
	// MessageType is the kind of package; "" means MessageEdoc.
	MessageType MessageType
	// CheckFirst asks the gateway's sent list before the first attempt too, for a caller resuming a send that
	// may have happened (after a crash, from an outbox).
	CheckFirst bool
	// IdempotencyKey, for a gateway that deduplicates by the Idempotency-Key header (the lgsptest stand-in
	// does; the public gateways are not known to), makes sendEdoc safe to retry as is: the same key for the
	// same package, a new key for every other package.
	IdempotencyKey string
}

// SendResult is the outcome of Send.
type SendResult struct {
	// DocID is the gateway's id of the stored package.
	DocID string
	// HashFile is the SHA-256 of the package, lowercase hex (the hash-file parameter).
	HashFile string
	// Size is the package's size in bytes.
	Size int64
	// Report holds the validation findings (warnings and notes; errors stop the send).
	Report *diag.Report
	// Attempts is the number of sendEdoc requests made.
	Attempts int
	// Recovered is true when the package was found in the sent list after an ambiguous failure.
	Recovered bool
}

// ListFilter filters and pages list calls. Zero fields are not sent.
type ListFilter struct {
	// ServiceType is "eDoc" or "status".
	ServiceType string
	// MessageType is the kind of package.
	MessageType MessageType
	// From is the sender's organ id.
	From string
	// FromDate and ToDate bound the creation date (days in Vietnam time).
	FromDate, ToDate time.Time
	// Status is a delivery status.
	Status DeliveryStatus
	// PageSize is the page's size; 0 means AxisOptions.PageSize.
	PageSize int
	// PageIndex is the page, from 1; 0 means 1.
	PageIndex int
}

// ReceivedDoc is one entry of the received list.
type ReceivedDoc struct {
	DocID       string         `json:"doc_id"`
	ServiceType string         `json:"service_type,omitempty"`
	MessageType MessageType    `json:"message_type,omitempty"`
	From        string         `json:"from,omitempty"`
	To          string         `json:"to,omitempty"`
	Status      DeliveryStatus `json:"status,omitempty"`
	StatusDesc  string         `json:"status_desc,omitempty"`
	Created     time.Time      `json:"created,omitzero"`
	Updated     time.Time      `json:"updated,omitzero"`
}

// SentDoc is one entry of the sent list (one per recipient).
type SentDoc struct {
	SenderDocID       string         `json:"sender_doc_id"`
	ReceiverDocID     string         `json:"receiver_doc_id,omitempty"`
	FromCode          string         `json:"from_code,omitempty"`
	ToCode            string         `json:"to_code,omitempty"`
	Title             string         `json:"title,omitempty"`
	Notation          string         `json:"notation,omitempty"`
	ServiceType       string         `json:"service_type,omitempty"`
	MessageType       MessageType    `json:"message_type,omitempty"`
	SentTime          time.Time      `json:"sent_time,omitzero"`
	ReceivedTime      time.Time      `json:"received_time,omitzero"`
	SendStatus        string         `json:"send_status,omitempty"`
	SendStatusDesc    string         `json:"send_status_desc,omitempty"`
	ReceiveStatus     DeliveryStatus `json:"receive_status,omitempty"`
	ReceiveStatusDesc string         `json:"receive_status_desc,omitempty"`
	// HashFile and DocumentID are echoed by gateways that extend the list (the lgsptest stand-in does).
	HashFile   string `json:"hash_file,omitempty"`
	DocumentID string `json:"document_id,omitempty"`
}

// GetResult is the outcome of Get.
type GetResult struct {
	// DocID is the package's id.
	DocID string
	// Size is the number of bytes written.
	Size int64
	// Report holds the validation findings, nil when validation is off.
	Report *diag.Report
}

// DeliveryStatus is a receiver's handling status at the gateway (spec lgsp.md §2.1, updateStatus).
type DeliveryStatus string

// Delivery statuses.
const (
	StatusInbox        DeliveryStatus = "inbox"
	StatusAcceptance   DeliveryStatus = "acceptance"
	StatusRejection    DeliveryStatus = "rejection"
	StatusAssignment   DeliveryStatus = "assignment"
	StatusProcessing   DeliveryStatus = "processing"
	StatusDone         DeliveryStatus = "done"
	StatusFail         DeliveryStatus = "fail"
	StatusCancellation DeliveryStatus = "cancellation"
)

// DeliveryStatuses lists the statuses a gateway accepts in updateStatus.
func DeliveryStatuses() []DeliveryStatus {
	return []DeliveryStatus{StatusInbox, StatusAcceptance, StatusRejection, StatusAssignment, StatusProcessing,
		StatusDone, StatusFail, StatusCancellation}
}

// ParseDeliveryStatus reads a delivery status.
func ParseDeliveryStatus(s string) (DeliveryStatus, error) {
	for _, d := range DeliveryStatuses() {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("lgsp: unknown delivery status %q", s)
}

// Agency is one agency of the gateway's list.
type Agency struct {
	ID       string `json:"id,omitempty"`
	Code     string `json:"code"`
	Name     string `json:"name,omitempty"`
	Mail     string `json:"mail,omitempty"`
	ParentID string `json:"parent_id,omitempty"`
	OldCode  string `json:"old_code,omitempty"`
	Code102  string `json:"code102,omitempty"`
	// AgencyCode is Code102 (else Code) parsed as a mã định danh; zero when neither parses.
	AgencyCode agencycode.Code `json:"-"`
}

func (a *Agency) parseCode() {
	for _, s := range []string{a.Code102, a.Code} {
		if c, err := agencycode.Parse(s); err == nil && s != "" {
			a.AgencyCode = c
			return
		}
	}
}

// AgencyRegistration is the body of registerAgency.
type AgencyRegistration struct {
	ID         string `json:"id"`
	ParentCode string `json:"pcode"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Mail       string `json:"mail"`
	Mobile     string `json:"mobile"`
	Fax        string `json:"fax"`
}

// AllReceived iterates over every page of the received list, at most limit entries (0: no limit).
func AllReceived(ctx context.Context, a Axis, f ListFilter, limit int) iter.Seq2[ReceivedDoc, error] {
	return pages(ctx, f, limit, a.Received)
}

// AllSent iterates over every page of the sent list, at most limit entries (0: no limit).
func AllSent(ctx context.Context, a Axis, f ListFilter, limit int) iter.Seq2[SentDoc, error] {
	return pages(ctx, f, limit, a.Sent)
}

// maxPages bounds a listing, so a gateway that ignores pageIndex cannot loop a client forever.
const maxPages = 10000

func pages[T comparable](ctx context.Context, f ListFilter, limit int, list func(context.Context, ListFilter) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if f.PageIndex <= 0 {
			f.PageIndex = 1
		}
		n := 0
		var prevFirst T
		for range maxPages {
			page, err := list(ctx, f)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if len(page) > 0 && f.PageIndex > 1 && page[0] == prevFirst {
				return // the gateway ignores pageIndex and repeats its page
			}
			if len(page) > 0 {
				prevFirst = page[0]
			}
			for _, it := range page {
				if !yield(it, nil) {
					return
				}
				n++
				if limit > 0 && n >= limit {
					return
				}
			}
			if len(page) == 0 || (f.PageSize > 0 && len(page) < f.PageSize) {
				return
			}
			f.PageIndex++
		}
	}
}

// NewAxis returns the Axis client of the profile in opts.
func NewAxis(cfg Config, opts AxisOptions) (Axis, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 200
	}
	a := &axis{c: c, opts: opts}
	switch opts.Profile {
	case VXP, "":
		a.w = &vxp{c: c, opts: &a.opts}
	case LTVB:
		a.w = &ltvb{c: c, opts: &a.opts}
	default:
		return nil, fmt.Errorf("lgsp: unknown profile %q (want vxp or ltvb)", opts.Profile)
	}
	return a, nil
}

// wire is one profile's encoding of the axis operations; axis adds validation, the duplicate check and paging.
type wire interface {
	send(ctx context.Context, p *prepared, to []string, mt MessageType, idemKey string) (string, error)
	received(ctx context.Context, f ListFilter) ([]ReceivedDoc, error)
	get(ctx context.Context, docID string, w io.Writer) (int64, error)
	updateStatus(ctx context.Context, docID string, s DeliveryStatus) error
	sent(ctx context.Context, f ListFilter) ([]SentDoc, error)
	agencies(ctx context.Context) ([]Agency, error)
	registerAgency(ctx context.Context, a AgencyRegistration) error
}

type axis struct {
	c    *client
	opts AxisOptions
	w    wire
}

func (a *axis) pageSize(f ListFilter) ListFilter {
	if f.PageSize <= 0 {
		f.PageSize = a.opts.PageSize
	}
	if f.PageIndex <= 0 {
		f.PageIndex = 1
	}
	return f
}

func (a *axis) Received(ctx context.Context, f ListFilter) ([]ReceivedDoc, error) {
	return a.w.received(ctx, a.pageSize(f))
}

func (a *axis) Sent(ctx context.Context, f ListFilter) ([]SentDoc, error) {
	return a.w.sent(ctx, a.pageSize(f))
}

func (a *axis) UpdateStatus(ctx context.Context, docID string, s DeliveryStatus) error {
	if _, err := ParseDeliveryStatus(string(s)); err != nil {
		return &ValidationError{Op: "updateStatus", Message: err.Error()}
	}
	return a.w.updateStatus(ctx, docID, s)
}

func (a *axis) Agencies(ctx context.Context) ([]Agency, error) {
	list, err := a.w.agencies(ctx)
	for i := range list {
		list[i].parseCode()
	}
	return list, err
}

func (a *axis) RegisterAgency(ctx context.Context, r AgencyRegistration) error {
	return a.w.registerAgency(ctx, r)
}

func (a *axis) Get(ctx context.Context, docID string, w io.Writer) (*GetResult, error) {
	if docID == "" {
		return nil, &ValidationError{Op: "get", Message: "empty document id"}
	}
	res := &GetResult{DocID: docID}
	if a.opts.Validation.Off {
		n, err := a.w.get(ctx, docID, w)
		res.Size = n
		return res, err
	}
	// The package is validated while it is written: the same bytes go to w and, through a pipe, to edoc.
	pr, pw := io.Pipe()
	done := make(chan struct{})
	var rep *diag.Report
	var verr error
	go func() {
		defer close(done)
		rep, verr = validatePackage(ctx, pr, a.opts.Validation, a.opts.Now(), true)
		pr.CloseWithError(io.ErrUnexpectedEOF) // unblock the writer if validation stopped early
	}()
	n, err := a.w.get(ctx, docID, io.MultiWriter(w, drainOnClose{pw}))
	pw.CloseWithError(err)
	<-done
	res.Size = n
	if err != nil {
		return res, err
	}
	if verr != nil {
		return res, fmt.Errorf("lgsp: get %s: validating: %w", docID, verr)
	}
	res.Report = rep
	if rep.HasErrors() && !a.opts.Validation.AcceptInvalid {
		return res, &ValidationError{Op: "get", Report: rep}
	}
	return res, nil
}

// drainOnClose feeds the validator and stops feeding it, without failing the copy, once it has stopped reading.
type drainOnClose struct{ pw *io.PipeWriter }

func (d drainOnClose) Write(p []byte) (int, error) {
	d.pw.Write(p) // an error means the validator has finished; its report says why
	return len(p), nil
}
