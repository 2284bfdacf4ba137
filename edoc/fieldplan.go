package edoc

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A fast pre-check of the `validate` tags. go-playground/validator walks every field by reflection and boxes
// values as it goes, which dominated the validation of small packages; the plan below reads the same tags once per
// type and checks the common ones (required, omitempty, min, max, dive) without allocating. It only ever says
// "everything passes": when a constraint fails, or a tag is one it does not know, CheckFields asks go-playground,
// which stays the single judge and writes the messages.

type fieldRule struct {
	index     int
	required  bool
	omitempty bool
	dive      bool
	min, max  int64
	hasMin    bool
	hasMax    bool
	elemMax   int64 // max after dive, for slices of strings
	hasElem   bool
	unknown   bool // a tag the plan does not evaluate: always defer to go-playground
}

type typePlan struct {
	fields []fieldRule
}

// fieldPlans caches the plan of each type: entries are computed from static struct tags and never change.
var fieldPlans sync.Map // reflect.Type → *typePlan

var timeType = reflect.TypeFor[time.Time]()

func planOf(t reflect.Type) *typePlan {
	if p, ok := fieldPlans.Load(t); ok {
		return p.(*typePlan)
	}
	p := &typePlan{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		r := fieldRule{index: i}
		afterDive := false
		for _, tag := range strings.Split(f.Tag.Get("validate"), ",") {
			name, param, _ := strings.Cut(tag, "=")
			n, err := strconv.ParseInt(param, 10, 64)
			switch {
			case name == "":
			case name == "required" && !afterDive:
				r.required = true
			case name == "omitempty" && !afterDive:
				r.omitempty = true
			case name == "dive" && !afterDive:
				r.dive, afterDive = true, true
			case name == "max" && err == nil && afterDive:
				r.elemMax, r.hasElem = n, true
			case name == "max" && err == nil:
				r.max, r.hasMax = n, true
			case name == "min" && err == nil && !afterDive:
				r.min, r.hasMin = n, true
			default:
				r.unknown = true
			}
		}
		p.fields = append(p.fields, r)
	}
	actual, _ := fieldPlans.LoadOrStore(t, p)
	return actual.(*typePlan)
}

// quickPass reports whether v (a struct value) certainly passes its `validate` tags.
func quickPass(v reflect.Value) bool {
	plan := planOf(v.Type())
	for _, r := range plan.fields {
		if r.unknown {
			return false
		}
		f := v.Field(r.index)
		if r.omitempty && f.IsZero() {
			continue
		}
		if r.required && f.IsZero() {
			return false
		}
		if !quickValue(f, r) {
			return false
		}
	}
	return true
}

func quickValue(f reflect.Value, r fieldRule) bool {
	switch f.Kind() {
	case reflect.String:
		n := int64(utf8.RuneCountInString(f.String()))
		return (!r.hasMax || n <= r.max) && (!r.hasMin || n >= r.min)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := f.Int()
		return (!r.hasMax || n <= r.max) && (!r.hasMin || n >= r.min)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := f.Uint()
		return (!r.hasMax || (r.max >= 0 && n <= uint64(r.max))) && (!r.hasMin || r.min <= 0 || n >= uint64(r.min))
	case reflect.Slice:
		n := int64(f.Len())
		if (r.hasMax && n > r.max) || (r.hasMin && n < r.min) {
			return false
		}
		for i := 0; i < f.Len(); i++ {
			e := f.Index(i)
			switch {
			case e.Kind() == reflect.Struct && e.Type() != timeType:
				if !quickPass(e) {
					return false
				}
			case r.hasElem && e.Kind() == reflect.String:
				if int64(utf8.RuneCountInString(e.String())) > r.elemMax {
					return false
				}
			case r.hasElem:
				return false
			}
		}
		return true
	case reflect.Struct:
		if f.Type() == timeType {
			return !r.hasMax && !r.hasMin
		}
		return !r.hasMax && !r.hasMin && quickPass(f)
	case reflect.Pointer:
		if f.IsNil() {
			return !r.hasMax && !r.hasMin
		}
		if f.Elem().Kind() != reflect.Struct {
			return false
		}
		return !r.hasMax && !r.hasMin && quickPass(f.Elem())
	case reflect.Interface:
		return f.IsNil() && !r.hasMax && !r.hasMin
	case reflect.Bool:
		return !r.hasMax && !r.hasMin
	}
	return false
}
