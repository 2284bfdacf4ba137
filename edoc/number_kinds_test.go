package edoc

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/diag"
)

// TestNumberKindsBilingual: every kind of NumberError has an English and a Vietnamese template taking the same
// arguments, its argument function supplies exactly as many, and every sentinel has a kind.
func TestNumberKindsBilingual(t *testing.T) {
	kinds := append(numberKinds[:], numberLegacyNoSuccessor, numberInvalid, numberAt)
	seen := map[error]bool{}
	for _, k := range kinds {
		require.NoError(t, diag.CheckTemplates(k.en, k.vi), "%v", k.reason)
		e := &NumberError{Input: "1/X", Reason: k.reason, Offset: 2, Want: "QĐ", Got: "Qđ", TypeName: "Quyết định"}
		for _, lang := range []string{"en", "vi"} {
			msg := e.text(lang)
			if k.reason == nil {
				continue
			}
			require.NotContains(t, msg, "%!", "%v %s: %s", k.reason, lang, msg)
		}
		seen[k.reason] = true
	}
	for _, sentinel := range []error{ErrNumberEmpty, ErrNumberTooLong, ErrNumberSpace, ErrNumberSeq, ErrNumberZero,
		ErrNumberSuffix, ErrNumberSeparator, ErrNumberYear, ErrNumberSlash, ErrNumberNotation, ErrNumberGroup,
		ErrNumberChar, ErrNumberIssuer, ErrNumberTypeMissing, ErrNumberTypeUnexpected, ErrNumberTypeMismatch,
		ErrNumberTypeSpelling, ErrNumberTypeLegacy, ErrNumberYearMissing, ErrNumberYearUnexpected,
		ErrNumberYearMismatch} {
		require.True(t, seen[sentinel], "no message kind for %v", sentinel)
	}
}

// TestNumberErrorNamesVerbatim: names from the input appear unchanged in both languages, and the byte offset
// is appended only to parse failures.
func TestNumberErrorNamesVerbatim(t *testing.T) {
	e := &NumberError{Input: "5/QD-UBND", Reason: ErrNumberTypeSpelling, Offset: -1, Want: "QĐ", Got: "QD"}
	for _, msg := range []string{e.Message(), e.MessageVI()} {
		require.Contains(t, msg, `"QD"`)
		require.Contains(t, msg, `"QĐ"`)
	}
	_, err := ParseNumber("12/ /UBND")
	var ne *NumberError
	require.True(t, errors.As(err, &ne))
	require.True(t, strings.HasSuffix(ne.Message(), "(at byte 4)"), ne.Message())
	require.True(t, strings.HasSuffix(ne.MessageVI(), "(tại byte 4)"), ne.MessageVI())
	legacy := &NumberError{Reason: ErrNumberTypeLegacy, Offset: -1, Got: "GN", TypeName: "Bản ghi nhớ"}
	require.Equal(t, `the type Bản ghi nhớ ("GN") was no longer in force at the date of the document`, legacy.Message())
}

// TestErrorKindsBilingual: the message kinds of TransitionError and EnumError have both languages with the same
// verbs, and the messages they build contain no formatting error.
func TestErrorKindsBilingual(t *testing.T) {
	for _, k := range []bilingual{transitionUnknown, transitionParty, transitionNotAnswer, transitionOrder,
		enumEmpty, enumRange, enumSyntax, enumExpected} {
		require.NoError(t, diag.CheckTemplates(k.en, k.vi), k.en)
	}
	errs := []interface {
		Message() string
		MessageVI() string
	}{
		&TransitionError{Next: StatusDone, Reason: ErrStatusUnknown},
		&TransitionError{Next: StatusDone, By: PartySender, Expected: PartyReceiver, Reason: ErrStatusParty},
		&TransitionError{Next: StatusDone, Business: BusinessUpdate, Reason: ErrStatusNotAnswer},
		&TransitionError{Prev: StatusReceived, Next: StatusDone, Allowed: []StatusCode{StatusProcessing}, Reason: ErrStatusOrder},
		&EnumError{Type: "StatusCode", Input: "x", Reason: ErrEnumSyntax},
		&EnumError{Type: "Unknown", Input: "", Reason: ErrEnumEmpty},
	}
	for _, e := range errs {
		require.NotContains(t, e.Message(), "%!")
		require.NotContains(t, e.MessageVI(), "%!")
		require.NotEqual(t, e.Message(), e.MessageVI())
	}
}
