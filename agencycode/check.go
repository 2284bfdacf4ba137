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
	// Diagnostics are the findings: AGC-001…009 for a malformed code, AGC-101 for a normalised one and
	// AGC-102…104 for the registry's verdict.
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

// CheckInput normalises and parses input, then looks the code up in the registry at the date; when the registry
// has no entry then, Absence says why. A malformed input gives a Verdict that is not Valid, with the parse
// finding.
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
		v.Diagnostics = append(v.Diagnostics, NormalizedFinding(input, norm))
	}
	v.Valid, v.Form, v.Level = true, c.Form(), c.Level()
	if p, ok := c.Parent(); ok {
		v.Parent = p.String()
	}
	if e, ok := r.Lookup(c, at); ok {
		v.Name = e.Name
	} else {
		v.Diagnostics = append(v.Diagnostics, r.Absence(c, at))
	}
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

// Group describes one group of a QCVN 102 code for Explain: the unit at that level, if the code has one, and its
// registry name.
type Group struct {
	// Level is the level of the group, 1 (the rightmost group) to 4 (the leftmost).
	Level int `json:"level"`
	// Group is the text of the group, e.g. "H53" or "31".
	Group string `json:"group"`
	// Code is the code of the unit at this level on the way to the code explained; absent below its level.
	Code string `json:"code,omitempty"`
	// Name is the registry name of that unit at the date, absent when the registry does not know it then.
	Name string `json:"name,omitempty"`
}

// Explanation is the result of Explain: the verdict on the code, its groups from level 1 down and the codes of
// the units above it, nearest first. Its JSON form is a result of `egov agencycode explain`.
type Explanation struct {
	Verdict
	// Groups are the four groups of a QCVN 102 code; empty for a QĐ 20 code (no published hierarchy) or a
	// malformed one.
	Groups []Group `json:"groups"`
	// Chain are the parent codes, nearest first.
	Chain []string `json:"chain"`
}

// Explain checks input like CheckInput and, for a well-formed QCVN 102 code, describes each of its groups with
// the unit at that level and the registry name at the date.
func (r *Registry) Explain(input string, at time.Time) Explanation {
	ex := Explanation{Verdict: r.CheckInput(input, at), Groups: []Group{}, Chain: []string{}}
	c, err := Parse(ex.Code)
	if err != nil || c.Form() != FormQCVN102 {
		return ex
	}
	units := map[int]Code{c.Level(): c}
	for p, ok := c.Parent(); ok; p, ok = p.Parent() {
		units[p.Level()] = p
		ex.Chain = append(ex.Chain, p.String())
	}
	for level := 1; level <= 4; level++ {
		g := Group{Level: level, Group: c.Group(level)}
		if u, ok := units[level]; ok {
			g.Code = u.String()
			if e, found := r.Lookup(u, at); found {
				g.Name = e.Name
			}
		}
		ex.Groups = append(ex.Groups, g)
	}
	return ex
}
