package agencycode

import (
	"reflect"

	"github.com/go-playground/validator/v10"
)

// ValidationTag is the struct tag RegisterValidation adds: `validate:"agencycode"`.
const ValidationTag = "agencycode"

// RegisterValidation adds the "agencycode" tag to v, so that vendors who validate their own structs with
// go-playground/validator check agency codes with the same rules as Parse. The tag accepts string fields (an empty
// string fails; combine with omitempty for optional codes) and Code fields (the zero Code fails). With the
// parameter "legacy" (`validate:"agencycode=legacy"`) only the 13-character QCVN 102:2016 form is accepted.
func RegisterValidation(v *validator.Validate) error {
	return v.RegisterValidation(ValidationTag, validateField)
}

func validateField(fl validator.FieldLevel) bool {
	f := fl.Field()
	var c Code
	switch {
	case f.Kind() == reflect.String:
		p, err := Parse(f.String())
		if err != nil {
			return false
		}
		c = p
	case f.Type() == reflect.TypeFor[Code]():
		c = f.Interface().(Code)
		if c.IsZero() {
			return false
		}
	default:
		return false
	}
	return fl.Param() != "legacy" || c.Form() == FormQCVN102
}
