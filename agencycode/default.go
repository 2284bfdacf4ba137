package agencycode

import (
	"bytes"
	_ "embed"
	"sync"
)

//go:embed data/agencies.csv
var defaultAgencies []byte

// DefaultRegistry returns a new registry holding only the codes confirmed in egov's sources (ministry codes before
// and after QĐ 09/2025/QĐ-TTg, the level-1 codes of the provinces whose code is published, a few units of Tây Ninh
// seen in production data), each with its validity period and the source it comes from. It never guesses a code:
// load the official list of your province with LoadCSV or LoadJSON on top of it. The embedded list is parsed once;
// each call returns a fresh copy, so adding to it does not affect other callers.
func DefaultRegistry() *Registry { return defaultRegistry().clone() }

var defaultRegistry = sync.OnceValue(func() *Registry {
	r := NewRegistry()
	if err := r.LoadCSV(bytes.NewReader(defaultAgencies)); err != nil {
		// The file is embedded at build time and checked by TestDefaultRegistry; failing here is a build defect.
		panic("agencycode: embedded registry: " + err.Error())
	}
	return r
})
