package edoc

import "github.com/vnegov/egov/diag"

// bilingual is one kind of error message with its English and Vietnamese fmt templates. Arguments are formatted
// the same in both languages (names from the input stay verbatim) unless they are diag.Phrase values, which
// carry their own text in each language.
type bilingual struct {
	en, vi string
}

// format fills both templates; the result's Message and MessageVI hold the two texts.
func (b bilingual) format(args ...any) diag.Diagnostic {
	return diag.Rule{Message: b.en, MessageVI: b.vi}.New("", args...)
}
