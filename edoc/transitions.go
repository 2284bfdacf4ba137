package edoc

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/vnegov/egov/diag"
)

// The status state machine of spec edoc.md §3. The public sources describe what each code means, not a formal
// automaton, so the table is a value: DefaultStatusMachine is the reading documented below, and an integrator whose
// partners use codes 07–12 or 14, or a looser order, builds its own with NewStatusMachine or StatusMachine.With.

// Party is who sends a status package about a document: its sender (bên gửi) or its receiver (bên nhận).
type Party uint8

// Parties.
const (
	// PartyAny is the zero value: the party is not known or not checked.
	PartyAny Party = iota
	// PartySender is the agency that sent the document (bên gửi).
	PartySender
	// PartyReceiver is the agency that received the document (bên nhận).
	PartyReceiver
)

// String returns "any", "sender" or "receiver".
func (p Party) String() string {
	switch p {
	case PartyAny:
		return "any"
	case PartySender:
		return "sender"
	case PartyReceiver:
		return "receiver"
	}
	return "party(" + strconv.Itoa(int(p)) + ")"
}

// StringVI returns "bất kỳ", "bên gửi" or "bên nhận".
func (p Party) StringVI() string {
	switch p {
	case PartyAny:
		return "bất kỳ"
	case PartySender:
		return "bên gửi"
	case PartyReceiver:
		return "bên nhận"
	}
	return "bên(" + strconv.Itoa(int(p)) + ")"
}

// StatusRule says who may send one status code and after which statuses.
type StatusRule struct {
	// Code is the status code the rule is about.
	Code StatusCode
	// SentBy is the party allowed to send the code (PartyAny: either).
	SentBy Party
	// After lists the statuses the code may follow; StatusNone in the list lets the code be the first status of
	// a document.
	After []StatusCode
	// Answers lists the business package types (revocation, update…) that the code answers: a status listed
	// here may follow any status when it answers a package of one of these types (see CheckAnswer).
	Answers []BusinessDocType
}

// StatusMachine is a table of StatusRules: which status code may follow which and who sends it. It is immutable
// once built and safe for concurrent use; the zero value knows no code and allows no transition.
type StatusMachine struct {
	rules map[StatusCode]StatusRule
}

// Sentinel reasons of *TransitionError and of NewStatusMachine, for errors.Is.
var (
	// ErrStatusUnknown reports a status code that the machine has no rule for.
	ErrStatusUnknown = errors.New("status code unknown to the state machine")
	// ErrStatusOrder reports a status that may not follow the previous one.
	ErrStatusOrder = errors.New("status may not follow the previous one")
	// ErrStatusParty reports a status sent by the wrong party.
	ErrStatusParty = errors.New("status sent by the wrong party")
	// ErrStatusNotAnswer reports a status given as the answer to a business package it does not answer.
	ErrStatusNotAnswer = errors.New("status does not answer this business package")
	// ErrStatusRule reports an invalid rule given to NewStatusMachine or With.
	ErrStatusRule = errors.New("invalid status rule")
)

// DefaultStatusMachine returns the state machine of spec edoc.md §3, an interpretation of the codes seen on the
// axis and of NĐ 30/2020 Điều 18 and 21:
//
//   - 01 đã đến (receiver) is the first status; 02 từ chối and 03 đã tiếp nhận (receiver) follow 01;
//   - 04 phân công (receiver) follows 03; 05 đang xử lý (receiver) follows 03 or 04 (04 is optional);
//     06 hoàn thành (receiver) follows 05; 02 and 06 are final;
//   - 13 lấy lại (sender) may come at any point before 06 and before a rejection: first, or after 01, 03, 04, 05;
//   - 15 đồng ý and 16 từ chối (receiver) answer a recall (after 13) or a revocation or update package
//     (BussinessDocType 1 or 2, see CheckAnswer). Whether a replacement package (3) is answered the same way is
//     not documented [U]: add it with With if partners do so.
//
// Answers do not move the document along its own track: after 13 then 16 (recall refused), or after answering
// an update, the receiver goes on from the status it had before, so a caller that tracks a document checks the
// next status with CheckTransition from that earlier status, not from 16.
//
// The machine is built once and shared: it is immutable (With makes a new one).
func DefaultStatusMachine() StatusMachine { return defaultStatusMachine() }

var defaultStatusMachine = sync.OnceValue(func() StatusMachine {
	m := StatusMachine{rules: make(map[StatusCode]StatusRule, 9)}
	for c := StatusCode(1); c <= MaxStatusCode; c++ {
		if r, ok := defaultStatusRule(c); ok {
			r.After = slices.Clone(r.After)
			r.Answers = slices.Clone(r.Answers)
			m.rules[c] = r
		}
	}
	return m
})

// NewStatusMachine builds a machine from rules. It fails with an error wrapping ErrStatusRule when a code appears
// twice, when a code is StatusNone or above MaxStatusCode, or when a party is not PartyAny, PartySender or
// PartyReceiver. Rules are copied: changing the slices afterwards does not change the machine.
func NewStatusMachine(rules []StatusRule) (StatusMachine, error) {
	m := StatusMachine{rules: make(map[StatusCode]StatusRule, len(rules))}
	for _, r := range rules {
		if err := m.add(r, false); err != nil {
			return StatusMachine{}, err
		}
	}
	return m, nil
}

func (m StatusMachine) add(r StatusRule, replace bool) error {
	switch {
	case r.Code == StatusNone || r.Code > MaxStatusCode:
		return fmt.Errorf("edoc: status rule for code %d: %w (code must be 01 to 99)", r.Code, ErrStatusRule)
	case r.SentBy > PartyReceiver:
		return fmt.Errorf("edoc: status rule %s: %w (unknown party %d)", r.Code.Code(), ErrStatusRule, r.SentBy)
	}
	if _, dup := m.rules[r.Code]; dup && !replace {
		return fmt.Errorf("edoc: status rule %s: %w (code given twice)", r.Code.Code(), ErrStatusRule)
	}
	for _, a := range r.After {
		if a > MaxStatusCode {
			return fmt.Errorf("edoc: status rule %s: %w (code %d in After)", r.Code.Code(), ErrStatusRule, a)
		}
	}
	for _, b := range r.Answers {
		if !b.Known() {
			return fmt.Errorf("edoc: status rule %s: %w (business type %d in Answers)", r.Code.Code(), ErrStatusRule, b)
		}
	}
	r.After = slices.Clone(r.After)
	r.Answers = slices.Clone(r.Answers)
	m.rules[r.Code] = r
	return nil
}

// With returns a new machine with rules added, or replacing the rules of the same codes; m is unchanged. Example:
// a partner that sends 05 without 03 first: m.With(StatusRule{Code: StatusProcessing, SentBy: PartyReceiver,
// After: []StatusCode{StatusReceived, StatusAccepted, StatusAssigned}}).
func (m StatusMachine) With(rules ...StatusRule) (StatusMachine, error) {
	n := StatusMachine{rules: make(map[StatusCode]StatusRule, len(m.rules)+len(rules))}
	for c, r := range m.rules {
		n.rules[c] = r
	}
	seen := make(map[StatusCode]bool, len(rules))
	for _, r := range rules {
		if seen[r.Code] {
			return StatusMachine{}, fmt.Errorf("edoc: status rule %s: %w (code given twice)", r.Code.Code(), ErrStatusRule)
		}
		seen[r.Code] = true
		if err := n.add(r, true); err != nil {
			return StatusMachine{}, err
		}
	}
	return n, nil
}

// Rules returns copies of the machine's rules ordered by code.
func (m StatusMachine) Rules() []StatusRule {
	out := make([]StatusRule, 0, len(m.rules))
	for _, r := range m.rules {
		r.After = slices.Clone(r.After)
		r.Answers = slices.Clone(r.Answers)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b StatusRule) int { return int(a.Code) - int(b.Code) })
	return out
}

// Rule returns the rule of code c; ok is false when the machine has none.
func (m StatusMachine) Rule(c StatusCode) (r StatusRule, ok bool) {
	r, ok = m.rules[c]
	if ok {
		r.After = slices.Clone(r.After)
		r.Answers = slices.Clone(r.Answers)
	}
	return r, ok
}

// Known reports whether the machine has a rule for c.
func (m StatusMachine) Known(c StatusCode) bool {
	_, ok := m.rules[c]
	return ok
}

// SentBy returns the party that may send c, PartyAny when either may or when the machine has no rule for c.
func (m StatusMachine) SentBy(c StatusCode) Party {
	return m.rules[c].SentBy
}

// CanFollow reports whether next may follow prev (StatusNone: next would be the first status of the document).
func (m StatusMachine) CanFollow(prev, next StatusCode) bool {
	r, ok := m.rules[next]
	return ok && slices.Contains(r.After, prev)
}

// Next returns the codes that may follow prev, in increasing order.
func (m StatusMachine) Next(prev StatusCode) []StatusCode {
	var out []StatusCode
	for c, r := range m.rules {
		if slices.Contains(r.After, prev) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// CheckTransition returns nil when next may follow prev and be sent by the party by (PartyAny skips the party
// check), or a *TransitionError saying why not.
func (m StatusMachine) CheckTransition(prev, next StatusCode, by Party) error {
	r, ok := m.rules[next]
	switch {
	case !ok:
		return &TransitionError{Prev: prev, Next: next, By: by, Reason: ErrStatusUnknown}
	case !slices.Contains(r.After, prev):
		return &TransitionError{Prev: prev, Next: next, By: by, Reason: ErrStatusOrder, Allowed: slices.Clone(r.After)}
	case by != PartyAny && r.SentBy != PartyAny && by != r.SentBy:
		return &TransitionError{Prev: prev, Next: next, By: by, Reason: ErrStatusParty, Expected: r.SentBy}
	}
	return nil
}

// CheckAnswer returns nil when next is a status that answers a business package of type bt (for example 15
// đồng ý answering a revocation) and is sent by by (PartyAny skips the party check), whatever status came before:
// a revocation or update may arrive at any point. Otherwise it returns a *TransitionError.
func (m StatusMachine) CheckAnswer(bt BusinessDocType, next StatusCode, by Party) error {
	r, ok := m.rules[next]
	switch {
	case !ok:
		return &TransitionError{Next: next, By: by, Business: bt, Answer: true, Reason: ErrStatusUnknown}
	case !slices.Contains(r.Answers, bt):
		return &TransitionError{Next: next, By: by, Business: bt, Answer: true, Reason: ErrStatusNotAnswer}
	case by != PartyAny && r.SentBy != PartyAny && by != r.SentBy:
		return &TransitionError{Next: next, By: by, Business: bt, Answer: true, Reason: ErrStatusParty,
			Expected: r.SentBy}
	}
	return nil
}

// CanFollow reports whether next may follow prev under DefaultStatusMachine (StatusNone as prev: next would be
// the first status of the document).
func CanFollow(prev, next StatusCode) bool {
	r, ok := defaultStatusRule(next)
	return ok && slices.Contains(r.After, prev)
}

// SentBy returns the party that sends c under DefaultStatusMachine (PartyAny for a code it does not know).
func (c StatusCode) SentBy() Party {
	r, _ := defaultStatusRule(c)
	return r.SentBy
}

// defaultStatusRule is the table of DefaultStatusMachine, kept as code so that CanFollow and SentBy answer
// without building a machine or allocating (validators call them for every status package). The slices it
// returns alias read-only arrays: callers outside this file receive clones.
func defaultStatusRule(c StatusCode) (StatusRule, bool) {
	switch c {
	case StatusReceived:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterReceived[:]}, true
	case StatusRejected, StatusAccepted:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterRejected[:]}, true
	case StatusAssigned:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterAssigned[:]}, true
	case StatusProcessing:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterProcessing[:]}, true
	case StatusDone:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterDone[:]}, true
	case StatusRecalled:
		return StatusRule{Code: c, SentBy: PartySender, After: defaultAfterRecalled[:]}, true
	case StatusAgreed, StatusRefused:
		return StatusRule{Code: c, SentBy: PartyReceiver, After: defaultAfterAnswer[:], Answers: defaultAnswers[:]}, true
	}
	return StatusRule{}, false
}

// Read-only arrays behind defaultStatusRule (never handed out: callers of exported functions get clones).
var (
	defaultAfterReceived   = [...]StatusCode{StatusNone}
	defaultAfterRejected   = [...]StatusCode{StatusReceived}
	defaultAfterAssigned   = [...]StatusCode{StatusAccepted}
	defaultAfterProcessing = [...]StatusCode{StatusAccepted, StatusAssigned}
	defaultAfterDone       = [...]StatusCode{StatusProcessing}
	defaultAfterRecalled   = [...]StatusCode{StatusNone, StatusReceived, StatusAccepted, StatusAssigned, StatusProcessing}
	defaultAfterAnswer     = [...]StatusCode{StatusRecalled}
	defaultAnswers         = [...]BusinessDocType{BusinessRevocation, BusinessUpdate}
)

// TransitionError explains why a status may not be sent. It unwraps to ErrStatusUnknown, ErrStatusOrder,
// ErrStatusParty or ErrStatusNotAnswer.
type TransitionError struct {
	// Prev is the previous status (StatusNone when there was none); unused when Answer is true.
	Prev StatusCode
	// Next is the status refused.
	Next StatusCode
	// By is the party that sent Next (PartyAny when not checked).
	By Party
	// Answer is true when Next was checked as the answer to a business package of type Business.
	Answer bool
	// Business is the business package type answered, when Answer is true.
	Business BusinessDocType
	// Allowed lists the statuses Next may follow, for ErrStatusOrder.
	Allowed []StatusCode
	// Expected is the party that may send Next, for ErrStatusParty.
	Expected Party
	// Reason is the sentinel error naming the broken rule.
	Reason error
}

// Error returns "edoc: <English explanation>".
func (e *TransitionError) Error() string { return "edoc: " + e.Message() }

// Unwrap returns the sentinel reason.
func (e *TransitionError) Unwrap() error { return e.Reason }

// Message explains the refusal in English.
func (e *TransitionError) Message() string { return e.text().Message }

// MessageVI explains the refusal in Vietnamese.
func (e *TransitionError) MessageVI() string { return e.text().MessageVI }

// The message kinds of TransitionError with their {en, vi} templates. Every kind takes the refused status first.
var (
	transitionUnknown = bilingual{
		en: "%s is not a status code the state machine knows",
		vi: "%s không có trong bảng chuyển trạng thái"}
	transitionParty = bilingual{
		en: "%s must be sent by the %s, not by the %s",
		vi: "%s phải do %s gửi, không phải %s"}
	transitionNotAnswer = bilingual{
		en: "%s does not answer a %s package",
		vi: "%s không dùng để trả lời gói tin %s"}
	transitionOrder = bilingual{
		en: "%s may not come %s; it may follow %s",
		vi: "%s không được đến %s; chỉ được theo sau %s"}
)

// text formats the kind of the error in both languages.
func (e *TransitionError) text() diag.Diagnostic {
	next := diag.Phrase{
		EN: fmt.Sprintf("status %s (%s)", e.Next.Code(), e.Next.String()),
		VI: fmt.Sprintf("trạng thái %s (%s)", e.Next.Code(), e.Next.StringVI())}
	switch e.Reason {
	case ErrStatusUnknown:
		return transitionUnknown.format(next)
	case ErrStatusParty:
		return transitionParty.format(next, e.Expected.phrase(), e.By.phrase())
	case ErrStatusNotAnswer:
		return transitionNotAnswer.format(next, diag.Phrase{EN: e.Business.String(), VI: e.Business.StringVI()})
	}
	prev := diag.Phrase{EN: "as the first status", VI: "làm trạng thái đầu tiên"}
	if e.Prev != StatusNone {
		prev = diag.Phrase{
			EN: fmt.Sprintf("after status %s (%s)", e.Prev.Code(), e.Prev.String()),
			VI: fmt.Sprintf("sau trạng thái %s (%s)", e.Prev.Code(), e.Prev.StringVI())}
	}
	allowed := diag.Phrase{EN: listStatuses(e.Allowed, false), VI: listStatuses(e.Allowed, true)}
	return transitionOrder.format(next, prev, allowed)
}

// phrase names the party in both languages.
func (p Party) phrase() diag.Phrase { return diag.Phrase{EN: p.String(), VI: p.StringVI()} }

func listStatuses(cs []StatusCode, vi bool) string {
	if len(cs) == 0 {
		if vi {
			return "không trạng thái nào"
		}
		return "no status"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		switch {
		case c == StatusNone && vi:
			parts[i] = "(đầu tiên)"
		case c == StatusNone:
			parts[i] = "(first)"
		default:
			parts[i] = c.Code()
		}
	}
	return strings.Join(parts, ", ")
}
