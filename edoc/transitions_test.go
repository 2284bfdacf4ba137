package edoc

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestParty(t *testing.T) {
	require.Equal(t, "sender", PartySender.String())
	require.Equal(t, "bên gửi", PartySender.StringVI())
	require.Equal(t, "receiver", PartyReceiver.String())
	require.Equal(t, "bên nhận", PartyReceiver.StringVI())
	require.Equal(t, "any", PartyAny.String())
	require.Equal(t, "bất kỳ", PartyAny.StringVI())
	require.Equal(t, "party(7)", Party(7).String())
	require.Equal(t, "bên(7)", Party(7).StringVI())
}

// allowed is the transition table of spec edoc.md §3 written out in full: prev → next codes.
var allowed = map[StatusCode][]StatusCode{
	StatusNone:       {StatusReceived, StatusRecalled},
	StatusReceived:   {StatusRejected, StatusAccepted, StatusRecalled},
	StatusRejected:   nil,
	StatusAccepted:   {StatusAssigned, StatusProcessing, StatusRecalled},
	StatusAssigned:   {StatusProcessing, StatusRecalled},
	StatusProcessing: {StatusDone, StatusRecalled},
	StatusDone:       nil,
	StatusRecalled:   {StatusAgreed, StatusRefused},
	StatusAgreed:     nil,
	StatusRefused:    nil,
}

func TestCanFollowTable(t *testing.T) {
	m := DefaultStatusMachine()
	for prev := StatusCode(0); prev <= MaxStatusCode; prev++ {
		for next := StatusCode(0); next <= MaxStatusCode; next++ {
			want := false
			for _, c := range allowed[prev] {
				want = want || c == next
			}
			require.Equal(t, want, CanFollow(prev, next), "CanFollow(%s, %s)", prev.Code(), next.Code())
			require.Equal(t, want, m.CanFollow(prev, next), "machine CanFollow(%s, %s)", prev.Code(), next.Code())
		}
		require.Equal(t, allowed[prev], m.Next(prev), "Next(%s)", prev.Code())
	}
}

func TestSentBy(t *testing.T) {
	m := DefaultStatusMachine()
	for c := StatusCode(0); c <= MaxStatusCode; c++ {
		want := PartyAny
		switch {
		case c == StatusRecalled:
			want = PartySender
		case c.Known():
			want = PartyReceiver
		}
		require.Equal(t, want, c.SentBy(), c.Code())
		require.Equal(t, want, m.SentBy(c), c.Code())
		require.Equal(t, c.Known(), m.Known(c), "the default machine knows exactly the Known codes: %s", c.Code())
	}
}

func TestCheckTransition(t *testing.T) {
	m := DefaultStatusMachine()
	tests := []struct {
		name       string
		prev, next StatusCode
		by         Party
		reason     error
		en, vi     string
	}{
		{"first received", StatusNone, StatusReceived, PartyReceiver, nil, "", ""},
		{"accept", StatusReceived, StatusAccepted, PartyReceiver, nil, "", ""},
		{"party unchecked", StatusReceived, StatusRejected, PartyAny, nil, "", ""},
		{"assign optional", StatusAccepted, StatusProcessing, PartyReceiver, nil, "", ""},
		{"recall before done", StatusProcessing, StatusRecalled, PartySender, nil, "", ""},
		{"recall before anything", StatusNone, StatusRecalled, PartySender, nil, "", ""},
		{"answer recall", StatusRecalled, StatusAgreed, PartyReceiver, nil, "", ""},
		{"accept without receipt", StatusNone, StatusAccepted, PartyReceiver, ErrStatusOrder,
			"status 03 (accepted) may not come as the first status; it may follow 01",
			"trạng thái 03 (đã tiếp nhận) không được đến làm trạng thái đầu tiên; chỉ được theo sau 01"},
		{"done skips processing", StatusAccepted, StatusDone, PartyReceiver, ErrStatusOrder,
			"status 06 (done) may not come after status 03 (accepted); it may follow 05",
			"trạng thái 06 (hoàn thành) không được đến sau trạng thái 03 (đã tiếp nhận); chỉ được theo sau 05"},
		{"recall after done", StatusDone, StatusRecalled, PartySender, ErrStatusOrder,
			"status 13 (recalled) may not come after status 06 (done); it may follow (first), 01, 03, 04, 05",
			"trạng thái 13 (lấy lại) không được đến sau trạng thái 06 (hoàn thành); chỉ được theo sau (đầu tiên), 01, 03, 04, 05"},
		{"recall after rejection", StatusRejected, StatusRecalled, PartySender, ErrStatusOrder, "", ""},
		{"sender cannot accept", StatusReceived, StatusAccepted, PartySender, ErrStatusParty,
			"status 03 (accepted) must be sent by the receiver, not by the sender",
			"trạng thái 03 (đã tiếp nhận) phải do bên nhận gửi, không phải bên gửi"},
		{"receiver cannot recall", StatusReceived, StatusRecalled, PartyReceiver, ErrStatusParty, "", ""},
		{"unknown code", StatusReceived, StatusCode(7), PartyReceiver, ErrStatusUnknown,
			"status 07 (status(07)) is not a status code the state machine knows",
			"trạng thái 07 (trạng thái(07)) không có trong bảng chuyển trạng thái"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := m.CheckTransition(tt.prev, tt.next, tt.by)
			if tt.reason == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.reason)
			var te *TransitionError
			require.ErrorAs(t, err, &te)
			require.Equal(t, tt.prev, te.Prev)
			require.Equal(t, tt.next, te.Next)
			require.True(t, strings.HasPrefix(te.Error(), "edoc: "))
			require.NotEmpty(t, te.MessageVI())
			if tt.en != "" {
				require.Equal(t, tt.en, te.Message())
				require.Equal(t, tt.vi, te.MessageVI())
			}
		})
	}
}

func TestCheckAnswer(t *testing.T) {
	m := DefaultStatusMachine()
	require.NoError(t, m.CheckAnswer(BusinessRevocation, StatusAgreed, PartyReceiver))
	require.NoError(t, m.CheckAnswer(BusinessUpdate, StatusRefused, PartyAny))

	err := m.CheckAnswer(BusinessReplacement, StatusAgreed, PartyReceiver)
	require.ErrorIs(t, err, ErrStatusNotAnswer)
	var te *TransitionError
	require.ErrorAs(t, err, &te)
	require.True(t, te.Answer)
	require.Equal(t, "status 15 (agreed) does not answer a replacement package", te.Message())
	require.Equal(t, "trạng thái 15 (đồng ý cập nhật / lấy lại / thu hồi) không dùng để trả lời gói tin thay thế",
		te.MessageVI())

	require.ErrorIs(t, m.CheckAnswer(BusinessRevocation, StatusAccepted, PartyReceiver), ErrStatusNotAnswer)
	require.ErrorIs(t, m.CheckAnswer(BusinessRevocation, StatusAgreed, PartySender), ErrStatusParty)
	require.ErrorIs(t, m.CheckAnswer(BusinessRevocation, StatusCode(14), PartyReceiver), ErrStatusUnknown)
}

func TestStatusMachineIsAValue(t *testing.T) {
	m := DefaultStatusMachine()
	// Changing what Rules or Rule returned does not change the machine.
	rules := m.Rules()
	require.Len(t, rules, 9)
	for i := 1; i < len(rules); i++ {
		require.Less(t, rules[i-1].Code, rules[i].Code, "Rules are ordered by code")
	}
	rules[0].After[0] = StatusDone
	r, ok := m.Rule(StatusReceived)
	require.True(t, ok)
	require.Equal(t, []StatusCode{StatusNone}, r.After)
	r.After[0] = StatusDone
	require.True(t, m.CanFollow(StatusNone, StatusReceived))
	_, ok = m.Rule(StatusCode(7))
	require.False(t, ok)

	// Two default machines are equal and independent.
	if d := cmp.Diff(DefaultStatusMachine().Rules(), m.Rules()); d != "" {
		t.Fatalf("default machines differ:\n%s", d)
	}

	// An integrator adapts the table: a partner sends 05 straight after 01, and uses code 07 for "returned".
	n, err := m.With(
		StatusRule{Code: StatusProcessing, SentBy: PartyReceiver,
			After: []StatusCode{StatusReceived, StatusAccepted, StatusAssigned}},
		StatusRule{Code: 7, SentBy: PartyReceiver, After: []StatusCode{StatusProcessing}},
	)
	require.NoError(t, err)
	require.True(t, n.CanFollow(StatusReceived, StatusProcessing))
	require.True(t, n.CanFollow(StatusProcessing, 7))
	require.NoError(t, n.CheckTransition(StatusProcessing, 7, PartyReceiver))
	require.False(t, m.CanFollow(StatusReceived, StatusProcessing), "With leaves the original alone")
	require.False(t, m.Known(7))
	require.False(t, CanFollow(StatusReceived, StatusProcessing), "nor the package default")

	// A rule whose party is PartyAny accepts either sender.
	n, err = m.With(StatusRule{Code: 14, SentBy: PartyAny, After: []StatusCode{StatusReceived}})
	require.NoError(t, err)
	require.NoError(t, n.CheckTransition(StatusReceived, 14, PartySender))
	require.NoError(t, n.CheckTransition(StatusReceived, 14, PartyReceiver))

	// Slices given to NewStatusMachine are copied.
	after := []StatusCode{StatusNone}
	own, err := NewStatusMachine([]StatusRule{{Code: StatusReceived, SentBy: PartyReceiver, After: after}})
	require.NoError(t, err)
	after[0] = StatusDone
	require.True(t, own.CanFollow(StatusNone, StatusReceived))

	// The zero machine knows nothing and refuses everything, without panicking.
	var zero StatusMachine
	require.False(t, zero.CanFollow(StatusNone, StatusReceived))
	require.ErrorIs(t, zero.CheckTransition(StatusNone, StatusReceived, PartyAny), ErrStatusUnknown)
	require.Empty(t, zero.Rules())
	require.Empty(t, zero.Next(StatusNone))
	z2, err := zero.With(StatusRule{Code: StatusReceived, After: []StatusCode{StatusNone}})
	require.NoError(t, err)
	require.True(t, z2.CanFollow(StatusNone, StatusReceived))
}

func TestNewStatusMachineErrors(t *testing.T) {
	tests := []struct {
		name  string
		rules []StatusRule
	}{
		{"StatusNone as code", []StatusRule{{Code: StatusNone}}},
		{"code above 99", []StatusRule{{Code: 100}}},
		{"unknown party", []StatusRule{{Code: 1, SentBy: Party(3)}}},
		{"duplicate", []StatusRule{{Code: 1}, {Code: 1}}},
		{"After above 99", []StatusRule{{Code: 1, After: []StatusCode{120}}}},
		{"unknown business type", []StatusRule{{Code: 15, Answers: []BusinessDocType{9}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewStatusMachine(tt.rules)
			require.ErrorIs(t, err, ErrStatusRule)
			require.True(t, strings.HasPrefix(err.Error(), "edoc: status rule"), err.Error())
			_, err = DefaultStatusMachine().With(tt.rules...)
			require.ErrorIs(t, err, ErrStatusRule)
		})
	}
}

func BenchmarkCanFollow(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !CanFollow(StatusAccepted, StatusProcessing) {
			b.Fatal("refused")
		}
	}
}
