package edoc

import (
	"errors"

	"github.com/vnegov/egov/diag"
)

// numbering checks the number and notation against NĐ 30/2020 (Phụ lục I and III) and the declared document type:
// a typed document carries its type's abbreviation, a công văn none.
func (v *validation) numbering(mh *node, h *MessageHeader) {
	cat := v.opts.DocTypes
	if cat == nil {
		cat = DefaultDocTypes()
	}
	name := h.DocumentType.TypeName
	t, typed := DocType{}, false
	if name != "" {
		if t, typed = cat.LookupByName(name); !typed {
			n := mh.Child("DocumentType").Child("TypeName")
			v.add(ruleTypeName.At(n.Path(), n.Line, n.Column, name))
		}
	}
	c := h.Code
	if c.CodeNumber == "" || c.CodeNotation == "" {
		return // missing parts are reported by the structure check
	}
	codeNode := mh.Child("Code")
	var num Number
	var err error
	if typed {
		num, err = ParseNotationAs(c.CodeNumber, c.CodeNotation, t)
	} else {
		num, err = ParseNotation(c.CodeNumber, c.CodeNotation)
	}
	if err != nil {
		v.add(ruleNotation.At(codeNode.Path(), codeNode.Line, codeNode.Column, c.CodeNumber, c.CodeNotation, numberPhrase(err)))
		return
	}
	if !typed {
		return
	}
	if t.Abbr == "" {
		// The declared type has no abbreviation (công văn, thư công): its first notation group is the issuer. When
		// that group is also a type abbreviation the number may be mistyped, or the issuer's abbreviation may
		// just look like one (a Cục Thuế writes "CT-…"): a warning, not an error.
		if cn, err := cat.ParseNumber(joinNotation(c.CodeNumber, c.CodeNotation)); err == nil && cn.TypeAbbr != "" {
			v.add(ruleNotationLooksTyped.At(codeNode.Path(), codeNode.Line, codeNode.Column, c.CodeNotation, name, cn.TypeAbbr))
		}
		return
	}
	if err := CheckNumberType(num, t); err != nil {
		v.add(ruleNotationType.At(codeNode.Path(), codeNode.Line, codeNode.Column, c.CodeNotation, name, numberPhrase(err)))
	}
}

// numberPhrase explains a number failure in both languages: the messages of a *NumberError, else the error text.
func numberPhrase(err error) diag.Phrase {
	var ne *NumberError
	if errors.As(err, &ne) {
		return diag.Phrase{EN: ne.Message(), VI: ne.MessageVI()}
	}
	return diag.Phrase{EN: err.Error(), VI: err.Error()}
}
