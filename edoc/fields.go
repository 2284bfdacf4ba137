package edoc

import (
	"errors"
	"reflect"
	"sync"

	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/vi"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	entrans "github.com/go-playground/validator/v10/translations/en"
	vitrans "github.com/go-playground/validator/v10/translations/vi"
)

// FieldError is a value of the model that breaks a constraint of its `validate` tag (length, range, presence).
type FieldError struct {
	// Field is the field's path in the value checked, e.g. "Package.Header.From.OrganName".
	Field string
	// Tag is the broken constraint, e.g. "max".
	Tag string
	// Param is the constraint's parameter, e.g. "200".
	Param string
	// Message and MessageVI explain the failure, as go-playground/validator translates it.
	Message, MessageVI string
}

// fieldChecker is the validator with its English and Vietnamese translations. It is built once, on first use, and
// never changed afterwards (validator.Validate is safe for concurrent use); building it costs far more than a
// validation, hence the cache.
type fieldChecker struct {
	v      *validator.Validate
	en, vi ut.Translator
}

var sharedFieldChecker = sync.OnceValues(newFieldChecker)

func newFieldChecker() (*fieldChecker, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	enLoc, viLoc := en.New(), vi.New()
	uni := ut.New(enLoc, enLoc, viLoc)
	enT, _ := uni.GetTranslator("en")
	viT, _ := uni.GetTranslator("vi")
	if err := entrans.RegisterDefaultTranslations(v, enT); err != nil {
		return nil, err
	}
	if err := vitrans.RegisterDefaultTranslations(v, viT); err != nil {
		return nil, err
	}
	return &fieldChecker{v: v, en: enT, vi: viT}, nil
}

// CheckFields checks v (a *Package, *StatusPackage or any model value) against the `validate` tags of the model
// and returns the broken constraints with English and Vietnamese messages; nil when every field passes.
func CheckFields(v any) ([]FieldError, error) {
	fc, err := sharedFieldChecker()
	if err != nil {
		return nil, errorf("field checker: %w", err)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return nil, errorf("CheckFields of a nil value")
	}
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct && quickPass(rv.Elem()) {
		return nil, nil
	}
	err = fc.v.Struct(v)
	if err == nil {
		return nil, nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return nil, errorf("checking fields: %w", err)
	}
	out := make([]FieldError, 0, len(ves))
	for _, fe := range ves {
		out = append(out, FieldError{
			Field: fe.StructNamespace(), Tag: fe.Tag(), Param: fe.Param(),
			Message: fe.Translate(fc.en), MessageVI: fe.Translate(fc.vi),
		})
	}
	return out, nil
}
