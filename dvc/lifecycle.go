package dvc

import (
	"errors"
	"fmt"
	"time"
)

// Status is a dossier status as synchronised with the national public-service portal (Cổng Dịch vụ công quốc
// gia, field TrangThaiHoSo). The numbers are the portal's.
type Status uint8

const (
	// StatusNone is a dossier not yet registered or received.
	StatusNone Status = 0
	// StatusRegistered is "Mới đăng ký": submitted online, not yet examined.
	StatusRegistered Status = 1
	// StatusReceived is "Được tiếp nhận": accepted as complete; the processing time runs.
	StatusReceived Status = 2
	// StatusRefused is "Không được tiếp nhận": not accepted (final).
	StatusRefused Status = 3
	// StatusProcessing is "Đang xử lý".
	StatusProcessing Status = 4
	// StatusSupplementRequested is "Yêu cầu bổ sung giấy tờ": the applicant must complete the dossier.
	StatusSupplementRequested Status = 5
	// StatusPaymentRequested is "Yêu cầu thực hiện nghĩa vụ tài chính": fees or taxes must be paid.
	StatusPaymentRequested Status = 6
	// StatusWithdrawn is "Công dân yêu cầu rút hồ sơ": the applicant withdrew the dossier (final).
	StatusWithdrawn Status = 7
	// StatusSuspended is "Dừng xử lý": processing stopped (final).
	StatusSuspended Status = 8
	// StatusResolved is "Đã xử lý xong": the result is ready; the outcome is measured at this moment.
	StatusResolved Status = 9
	// StatusReturned is "Đã trả kết quả": the result was handed over (final).
	StatusReturned Status = 10
)

var statusNames = [...]struct{ en, vi string }{
	{"none", "chưa tiếp nhận"},
	{"registered", "Mới đăng ký"},
	{"received", "Được tiếp nhận"},
	{"refused", "Không được tiếp nhận"},
	{"processing", "Đang xử lý"},
	{"supplement_requested", "Yêu cầu bổ sung giấy tờ"},
	{"payment_requested", "Yêu cầu thực hiện nghĩa vụ tài chính"},
	{"withdrawn", "Công dân yêu cầu rút hồ sơ"},
	{"suspended", "Dừng xử lý"},
	{"resolved", "Đã xử lý xong"},
	{"returned", "Đã trả kết quả"},
}

// String returns the English name of the status ("processing").
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s].en
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// NameVI returns the portal's Vietnamese name of the status ("Đang xử lý").
func (s Status) NameVI() string {
	if int(s) < len(statusNames) {
		return statusNames[s].vi
	}
	return s.String()
}

// Final reports whether no event can follow the status.
func (s Status) Final() bool {
	return s == StatusRefused || s == StatusWithdrawn || s == StatusSuspended || s == StatusReturned
}

// Channel is the way a dossier reached the agency.
type Channel uint8

const (
	// ChannelCounter is a paper dossier filed at the one-stop desk ("trực tiếp").
	ChannelCounter Channel = iota + 1
	// ChannelOnline is a dossier submitted on a public-service portal ("trực tuyến").
	ChannelOnline
	// ChannelPostal is a paper dossier sent by public postal service ("qua dịch vụ bưu chính công ích").
	ChannelPostal
)

// String returns "counter", "online" or "postal", the CSV spelling.
func (c Channel) String() string {
	switch c {
	case ChannelCounter:
		return "counter"
	case ChannelOnline:
		return "online"
	case ChannelPostal:
		return "postal"
	}
	return "unknown"
}

// Paper reports whether the dossier is on paper (counter or postal).
func (c Channel) Paper() bool { return c == ChannelCounter || c == ChannelPostal }

// ParseChannel reads "online", "counter" or "postal".
func ParseChannel(s string) (Channel, error) {
	switch s {
	case "online":
		return ChannelOnline, nil
	case "counter":
		return ChannelCounter, nil
	case "postal":
		return ChannelPostal, nil
	}
	return 0, fmt.Errorf("dvc: unknown channel %q (want online, counter or postal)", s)
}

// EventKind names what happens to a dossier.
type EventKind uint8

const (
	// EventSubmit registers an online submission: none → 1.
	EventSubmit EventKind = iota + 1
	// EventReceive accepts the dossier: none → 2 for counter and postal dossiers, 1 → 2 for online ones.
	EventReceive
	// EventRefuse refuses an online submission: 1 → 3.
	EventRefuse
	// EventProcess starts processing: 2 → 4.
	EventProcess
	// EventRequestSupplement asks for missing documents: 2, 4 → 5. It must come within 3 working days of the
	// start of the processing time.
	EventRequestSupplement
	// EventSupplement records the completed dossier: 5 → 4. The processing time restarts from this moment.
	EventSupplement
	// EventRequestPayment asks for fees or taxes: 2, 4 → 6.
	EventRequestPayment
	// EventPay records the payment: 6 → 4.
	EventPay
	// EventExtend resets the due date once, with an apology ("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), at
	// least one day before the due date: 2, 4, 5, 6 → unchanged.
	EventExtend
	// EventSuspend stops processing: 2, 4, 5, 6 → 8.
	EventSuspend
	// EventWithdraw records the applicant's withdrawal: 1, 2, 4, 5, 6 → 7.
	EventWithdraw
	// EventResolve records that the result is ready: 2, 4 → 9.
	EventResolve
	// EventReturn records that the result was handed over: 9 → 10.
	EventReturn
)

var eventNames = [...]string{"", "submit", "receive", "refuse", "process", "request_supplement", "supplement",
	"request_payment", "pay", "extend", "suspend", "withdraw", "resolve", "return"}

// String returns the snake_case name of the event kind.
func (k EventKind) String() string {
	if int(k) < len(eventNames) && k != 0 {
		return eventNames[k]
	}
	return fmt.Sprintf("event(%d)", uint8(k))
}

// transitions lists, for every event kind, the statuses it may start from and the status it leads to
// (0 = unchanged). It is the whole state machine.
var transitions = [...]struct {
	from []Status
	to   Status
}{
	EventSubmit:            {[]Status{StatusNone}, StatusRegistered},
	EventReceive:           {[]Status{StatusNone, StatusRegistered}, StatusReceived},
	EventRefuse:            {[]Status{StatusRegistered}, StatusRefused},
	EventProcess:           {[]Status{StatusReceived}, StatusProcessing},
	EventRequestSupplement: {[]Status{StatusReceived, StatusProcessing}, StatusSupplementRequested},
	EventSupplement:        {[]Status{StatusSupplementRequested}, StatusProcessing},
	EventRequestPayment:    {[]Status{StatusReceived, StatusProcessing}, StatusPaymentRequested},
	EventPay:               {[]Status{StatusPaymentRequested}, StatusProcessing},
	EventExtend:            {[]Status{StatusReceived, StatusProcessing, StatusSupplementRequested, StatusPaymentRequested}, 0},
	EventSuspend:           {[]Status{StatusReceived, StatusProcessing, StatusSupplementRequested, StatusPaymentRequested}, StatusSuspended},
	EventWithdraw:          {[]Status{StatusRegistered, StatusReceived, StatusProcessing, StatusSupplementRequested, StatusPaymentRequested}, StatusWithdrawn},
	EventResolve:           {[]Status{StatusReceived, StatusProcessing}, StatusResolved},
	EventReturn:            {[]Status{StatusResolved}, StatusReturned},
}

// Next returns the status event kind k leads to from status s, and false when the state machine does not allow
// k in s.
func Next(s Status, k EventKind) (Status, bool) {
	if k == 0 || int(k) >= len(transitions) {
		return s, false
	}
	t := transitions[k]
	for _, f := range t.from {
		if f == s {
			if t.to == 0 {
				return s, true
			}
			return t.to, true
		}
	}
	return s, false
}

// Transitions returns the allowed status changes as a map from each status to the statuses it may move to.
func Transitions() map[Status][]Status {
	m := map[Status][]Status{}
	for k := EventSubmit; k <= EventReturn; k++ {
		for _, f := range transitions[k].from {
			to, _ := Next(f, k)
			if to != f && !containsStatus(m[f], to) {
				m[f] = append(m[f], to)
			}
		}
	}
	return m
}

func containsStatus(list []Status, s Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Sentinel errors of the lifecycle; every *EventError unwraps to one of them.
var (
	// ErrTransition: the event is not allowed in the dossier's current status.
	ErrTransition = errors.New("event not allowed in this status")
	// ErrTimeOrder: the event is dated before the previous one.
	ErrTimeOrder = errors.New("event dated before the previous event")
	// ErrSupplementLate: the supplement request comes later than 3 working days after the processing time began.
	ErrSupplementLate = errors.New("supplement request later than 3 working days after reception")
	// ErrAlreadyExtended: the due date was already reset once.
	ErrAlreadyExtended = errors.New("due date already reset once")
	// ErrExtensionLate: the apology is issued less than one day before the due date.
	ErrExtensionLate = errors.New("apology issued less than 1 day before the due date")
	// ErrExtensionDate: the new due date is not after the current one, or falls on a day off.
	ErrExtensionDate = errors.New("invalid new due date")
	// ErrEvent: the event is malformed (unknown kind, missing time, channel or limit).
	ErrEvent = errors.New("malformed event")
)

// EventError reports an event the dossier refused, in the manner of x509.CertificateInvalidError.
type EventError struct {
	// Event is the refused event.
	Event Event
	// Status is the dossier's status when the event came.
	Status Status
	// Reason is one of the Err… sentinels.
	Reason error
	// Detail adds the figures (dates, counts) behind the reason.
	Detail string
}

// Error describes the refusal.
func (e *EventError) Error() string {
	s := fmt.Sprintf("dvc: %s in status %d (%s): %v", e.Event.Kind, uint8(e.Status), e.Status, e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the reason.
func (e *EventError) Unwrap() error { return e.Reason }

// Event is one step in the life of a dossier.
type Event struct {
	Kind EventKind
	// At is when the event happened. Events must come in time order.
	At time.Time
	// Channel is required for EventSubmit (online) and for EventReceive of a new dossier (counter or postal).
	Channel Channel
	// Limit is the processing time; required when the dossier is first received, ignored afterwards.
	Limit Limit
	// NewDue is the reset due date of EventExtend.
	NewDue time.Time
	// Note is free text: the reason of a refusal, suspension, supplement request or the apology's wording.
	Note string
}

// Transition is one applied event in a dossier's history.
type Transition struct {
	Event Event
	From  Status
	To    Status
}

// Dossier is an application file ("hồ sơ") moving through the one-stop process (NĐ 61/2018, replaced from
// 01/7/2025 by NĐ 118/2025/NĐ-CP). Build it with Apply; the zero value is a dossier not yet received.
type Dossier struct {
	// Code is the dossier code (mã hồ sơ); informative.
	Code string
	// Procedure is the procedure code (mã TTHC); informative.
	Procedure string
	// Channel is the way the dossier came in.
	Channel Channel
	// Status is the current status.
	Status Status
	// ReceivedAt is when the dossier was submitted online or handed over.
	ReceivedAt time.Time
	// Limit is the processing time.
	Limit Limit
	// ClockStart is when the processing time began to run: ReceivedAt, or the moment a requested supplement
	// completed the dossier.
	ClockStart time.Time
	// SupplementRequestedAt is the moment of the pending or last supplement request.
	SupplementRequestedAt time.Time
	// ExtendedDue is the due date reset by the apology; zero when none or when a later supplement restarted the
	// processing time.
	ExtendedDue time.Time
	// Extended records that the one allowed reset of the due date was used.
	Extended bool
	// ResolvedAt is when the result was ready (status 9); zero while open.
	ResolvedAt time.Time
	// History holds every applied event in order.
	History []Transition
}

// Apply applies e to the dossier, checking the state machine and the time rules, and records it in History.
// cal is needed to check the 3-working-day limit of a supplement request and the extension rule; it may be nil
// for other events. A refused event leaves the dossier unchanged and returns an *EventError.
func (d *Dossier) Apply(e Event, cal Calendar) error {
	fail := func(reason error, detail string) error {
		return &EventError{Event: e, Status: d.Status, Reason: reason, Detail: detail}
	}
	if e.Kind == 0 || int(e.Kind) >= len(transitions) {
		return fail(ErrEvent, "unknown event kind")
	}
	if e.At.IsZero() {
		return fail(ErrEvent, "event time missing")
	}
	to, ok := Next(d.Status, e.Kind)
	if !ok {
		return fail(ErrTransition, "")
	}
	if n := len(d.History); n > 0 && e.At.Before(d.History[n-1].Event.At) {
		return fail(ErrTimeOrder, fmt.Sprintf("%s is before %s", e.At.Format(time.RFC3339),
			d.History[n-1].Event.At.Format(time.RFC3339)))
	}
	switch e.Kind {
	case EventSubmit:
		if e.Channel != ChannelOnline {
			return fail(ErrEvent, "only online dossiers are submitted; use receive for counter and postal ones")
		}
		if err := e.Limit.Validate(); err != nil {
			return fail(ErrEvent, err.Error())
		}
	case EventReceive:
		if d.Status == StatusNone {
			if !e.Channel.Paper() {
				return fail(ErrEvent, "a new dossier received directly must come by counter or post")
			}
			if err := e.Limit.Validate(); err != nil {
				return fail(ErrEvent, err.Error())
			}
		}
	case EventRequestSupplement:
		if cal == nil {
			return fail(ErrEvent, "a calendar is needed to check the 3-working-day limit")
		}
		start := effectiveStart(d.Channel, d.ClockStart, cal)
		// NĐ 61/2018 (kept by NĐ 118/2025): the request must be issued within 3 working days of reception.
		if limit := cal.AddWorkingDays(start, 3); e.At.After(limit) {
			return fail(ErrSupplementLate, fmt.Sprintf("limit was %s", limit.Format(time.RFC3339)))
		}
	case EventExtend:
		if cal == nil {
			return fail(ErrEvent, "a calendar is needed to compute the current due date")
		}
		if d.Extended {
			return fail(ErrAlreadyExtended, "")
		}
		due, err := Due(d, cal)
		if err != nil {
			return fail(ErrEvent, err.Error())
		}
		// "at least 1 day before": the apology's civil date is at most the day before the due date's.
		if !civilDate(e.At).Before(civilDate(due)) {
			return fail(ErrExtensionLate, fmt.Sprintf("due %s", due.Format(time.RFC3339)))
		}
		if !e.NewDue.After(due) {
			return fail(ErrExtensionDate, fmt.Sprintf("due %s, new %s", due.Format(time.RFC3339),
				e.NewDue.Format(time.RFC3339)))
		}
		// A result is never due on a day off (spec dvc.md §2).
		if !cal.IsWorkingDay(e.NewDue) {
			return fail(ErrExtensionDate, fmt.Sprintf("new due date %s is not a working day",
				e.NewDue.Format(time.RFC3339)))
		}
	}
	from := d.Status
	switch e.Kind {
	case EventSubmit:
		d.Channel, d.ReceivedAt, d.ClockStart, d.Limit = e.Channel, e.At, e.At, e.Limit
	case EventReceive:
		if from == StatusNone {
			d.Channel, d.ReceivedAt, d.ClockStart, d.Limit = e.Channel, e.At, e.At, e.Limit
		}
	case EventRequestSupplement:
		d.SupplementRequestedAt = e.At
	case EventSupplement:
		// The processing time restarts when the dossier is complete; a previous extension no longer applies.
		d.ClockStart = e.At
		d.ExtendedDue = time.Time{}
	case EventExtend:
		d.ExtendedDue, d.Extended = e.NewDue, true
	case EventResolve:
		d.ResolvedAt = e.At
	}
	d.Status = to
	d.History = append(d.History, Transition{Event: e, From: from, To: to})
	return nil
}
