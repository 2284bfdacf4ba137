package vntime

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// location is built once: time.FixedZone allocates, and calendars ask for the zone on hot paths.
var location = time.FixedZone("ICT", 7*3600)

// Location returns Vietnam time, the fixed zone UTC+07:00 named "ICT". Every call returns the same value.
func Location() *time.Location { return location }

// Date returns midnight Vietnam time at the start of the day y-m-d, normalised like time.Date.
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, location)
}

// Day returns midnight Vietnam time at the start of the Vietnamese calendar day that contains t.
func Day(t time.Time) time.Time {
	y, m, d := t.In(location).Date()
	return Date(y, m, d)
}

// The years Parse accepts, in Vietnam time. Earlier or later years are typing mistakes in the data egov reads
// (documents, deadlines, registries), never real values.
const (
	MinYear = 1900
	MaxYear = 9999
)

// maxInput bounds the input: the longest accepted form (RFC 3339 with nanoseconds and an offset) has 35 bytes.
const maxInput = 64

// The three forms, with an example each for error messages.
const (
	formRFC3339 = "RFC 3339 time (2026-02-16T08:30:00+07:00)"
	formDate    = "date (2026-02-16)"
	formLocal   = "local time (2026-02-16T08:30 or 2026-02-16T08:30:15)"
)

// ParseError reports text that Parse does not accept.
type ParseError struct {
	// Input is the text given to Parse, cut to 64 bytes.
	Input string
	// Reason says what is wrong, in English.
	Reason string
	// OutOfRange is set when the text has a valid form but a value outside what it allows (month 13, year 1800).
	OutOfRange bool
}

// Error returns `vntime: "<input>": <reason>`.
func (e *ParseError) Error() string {
	return fmt.Sprintf("vntime: %q: %s", e.Input, e.Reason)
}

// Parse reads a time written in one of three forms, after trimming surrounding white space:
//
//   - an RFC 3339 time with "Z" or an offset, fractional seconds allowed: 2026-02-16T08:30:00+07:00;
//   - a date, meaning midnight Vietnam time: 2026-02-16;
//   - a zone-less local time, meaning Vietnam time, with or without seconds: 2026-02-16T08:30, 2026-02-16T08:30:15.
//
// A space may stand for the "T" (RFC 3339 §5.6 allows it, and spreadsheets write it). The year, taken in Vietnam
// time, must be within MinYear..MaxYear, and every field within its calendar range (no 30 February, no hour 24,
// no leap second). Failures are *ParseError. A time with an offset keeps it; call In(Location()) for Vietnam time.
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxInput {
		return time.Time{}, &ParseError{Input: s[:maxInput], Reason: fmt.Sprintf("longer than %d bytes, not a time", maxInput)}
	}
	layout, form, err := classify(s)
	if err != nil {
		return time.Time{}, err
	}
	norm := s
	if len(s) > 10 {
		// RFC 3339 §5.6 allows "t", "z" and a space; package time wants "T" and "Z".
		norm = s[:10] + "T" + strings.TrimSuffix(s[11:], "z")
		if len(norm) < len(s) {
			norm += "Z"
		}
	}
	var t time.Time
	if form == formRFC3339 {
		t, err = time.Parse(layout, norm)
	} else {
		t, err = time.ParseInLocation(layout, norm, location)
	}
	if err != nil {
		return time.Time{}, parseFailure(s, form, err)
	}
	if y := t.In(location).Year(); y < MinYear || y > MaxYear {
		return time.Time{}, &ParseError{Input: s, OutOfRange: true,
			Reason: fmt.Sprintf("year %d is out of range (%d..%d)", y, MinYear, MaxYear)}
	}
	return t, nil
}

// classify picks the layout from the shape of s: ten bytes are a date; a date, "T" or space, then a clock is a
// local time unless a "Z" or an offset follows the clock.
func classify(s string) (layout, form string, err error) {
	switch {
	case len(s) == 10:
		return time.DateOnly, formDate, nil
	case len(s) >= 16 && (s[10] == 'T' || s[10] == 't' || s[10] == ' '):
		clock := s[11:]
		if strings.HasSuffix(clock, "Z") || strings.HasSuffix(clock, "z") || strings.ContainsAny(clock[min(5, len(clock)):], "+-") {
			return time.RFC3339Nano, formRFC3339, nil
		}
		if len(clock) == 5 {
			return "2006-01-02T15:04", formLocal, nil
		}
		return "2006-01-02T15:04:05", formLocal, nil
	}
	return "", "", &ParseError{Input: s, Reason: "not a time: want YYYY-MM-DD (a date, Vietnam time), " +
		"YYYY-MM-DDThh:mm[:ss] (a Vietnam local time) or RFC 3339 (2026-02-16T08:30:00+07:00)"}
}

// parseFailure turns an error of package time into a ParseError naming the form that was expected.
func parseFailure(s, form string, err error) error {
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		reason := strings.TrimPrefix(pe.Message, ": ")
		return &ParseError{Input: s, Reason: reason + " in " + article(form) + form, OutOfRange: strings.Contains(reason, "out of range")}
	}
	return &ParseError{Input: s, Reason: "does not match the form of " + article(form) + form}
}

func article(form string) string {
	if form == formRFC3339 {
		return "an "
	}
	return "a "
}
