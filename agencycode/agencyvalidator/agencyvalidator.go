// Package agencyvalidator adds agency identifier codes (mã định danh, QĐ 20/2020/QĐ-TTg and QCVN 102:2016) to
// github.com/go-playground/validator/v10, for vendors who validate their own structs with it. It lives apart from
// package agencycode so that agencycode links only the standard library.
//
// The tag accepts exactly what agencycode.Parse accepts, so a struct checked by the tag and a code parsed by the
// package never disagree.
//
//	v := validator.New()
//	if err := agencyvalidator.Register(v); err != nil { … }
//	type Message struct {
//		From string `validate:"agencycode"`
//	}
package agencyvalidator

import (
	"reflect"

	"github.com/go-playground/validator/v10"

	"github.com/vnegov/egov/agencycode"
)

// Tag is the struct tag Register adds: `validate:"agencycode"`.
const Tag = "agencycode"

// Register adds the "agencycode" tag to v, so that vendors who validate their own structs with
// go-playground/validator check agency codes with the same rules as agencycode.Parse. The tag accepts string fields (an empty
// string fails; combine with omitempty for optional codes) and Code fields (the zero Code fails). With the
// parameter "legacy" (`validate:"agencycode=legacy"`) only the 13-character QCVN 102:2016 form is accepted.
func Register(v *validator.Validate) error {
	return v.RegisterValidation(Tag, validateField)
}

func validateField(fl validator.FieldLevel) bool {
	f := fl.Field()
	var c agencycode.Code
	switch {
	case f.Kind() == reflect.String:
		p, err := agencycode.Parse(f.String())
		if err != nil {
			return false
		}
		c = p
	case f.Type() == reflect.TypeFor[agencycode.Code]():
		c = f.Interface().(agencycode.Code)
		if c.IsZero() {
			return false
		}
	default:
		return false
	}
	return fl.Param() != "legacy" || c.Form() == agencycode.FormQCVN102
}
