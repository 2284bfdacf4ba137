package agencycode

import (
	"errors"
	"fmt"
	"time"

	"github.com/vnegov/egov/diag"
)

// Verdict is the result of checking one code as it was typed against a registry at a date. Its JSON form is a
// result of `egov agencycode check` (docs/output.md).
type Verdict struct {
	// Input is the text as given.
	Input string `json:"input"`
	// Code is the input normalised (spaces trimmed, letters upper-cased).
	Code string `json:"code"`
	// Valid reports whether the code is well-formed; registry findings do not change it.
	Valid bool `json:"valid"`
	// Form is the form the code was judged by ("qcvn102" or "qd20"), absent when the code is not well-formed.
	Form Form `json:"form,omitempty"`
	// Level is the level of a QCVN 102 code (1 to 4), absent otherwise.
	Level int `json:"level,omitempty"`
	// Parent is the code of the unit directly above, absent at level 1 and for QĐ 20 codes.
	Parent string `json:"parent,omitempty"`
	// Name is the registry name of the unit at the date, absent when the registry does not know it then.
	Name string `json:"name,omitempty"`
	// Diagnostics are the findings: AGC-001…007 for a malformed code, AGC-101 for a normalised one and
	// AGC-102…104 for the registry's verdict.
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

// Check returns the registry's verdict on a well-formed code at a date: no finding when an entry is valid then,
// AGC-103 when the code is known only from a later date, AGC-104 when it is known only until an earlier one, and
// AGC-102 when the registry does not know it at all.
func (r *Registry) Check(c Code, at time.Time) []diag.Diagnostic {
	if _, ok := r.Lookup(c, at); ok {
		return nil
	}
	history := r.byCode[c.String()]
	for _, e := range history {
		if !e.ValidFrom.IsZero() && at.Before(e.ValidFrom) {
			return []diag.Diagnostic{RuleNotYetValid.New("", e.ValidFrom.Format(dateLayout), e.Name)}
		}
	}
	if n := len(history); n > 0 && !history[n-1].ValidTo.IsZero() {
		last := history[n-1]
		return []diag.Diagnostic{RuleNoLongerValid.New("", last.ValidTo.Format(dateLayout), last.Name)}
	}
	return []diag.Diagnostic{RuleUnknown.New("", at.In(vietnam).Format(dateLayout))}
}

// CheckInput normalises and parses input, then asks the registry about the code at the date (see Check). A
// malformed input gives a Verdict that is not Valid, with the parse finding.
func (r *Registry) CheckInput(input string, at time.Time) Verdict {
	v := Verdict{Input: input, Diagnostics: []diag.Diagnostic{}}
	norm, changed := Normalize(input)
	v.Code = norm
	c, err := Parse(norm)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.Diagnostics = append(v.Diagnostics, e.Diagnostic())
		}
		return v
	}
	if changed {
		v.Diagnostics = append(v.Diagnostics, RuleNormalized.New("", input, norm))
	}
	v.Valid, v.Form, v.Level = true, c.Form(), c.Level()
	if p, ok := c.Parent(); ok {
		v.Parent = p.String()
	}
	if e, ok := r.Lookup(c, at); ok {
		v.Name = e.Name
	}
	v.Diagnostics = append(v.Diagnostics, r.Check(c, at)...)
	return v
}

// UnmarshalText decodes a form from its String ("qcvn102" or "qd20"); the empty text is the zero Form.
func (f *Form) UnmarshalText(b []byte) error {
	for _, v := range []Form{0, FormQCVN102, FormQD20} {
		if v.String() == string(b) {
			*f = v
			return nil
		}
	}
	return fmt.Errorf("agencycode: unknown form %q (want qcvn102 or qd20)", b)
}
