package agencycode

import (
	"bytes"
	_ "embed"
	"sync"
)

//go:embed data/agencies.csv
var defaultAgencies []byte

// DefaultRegistry returns a new registry holding the level-1 codes (mã cấp 1) that a published source confirms,
// each with its validity period and the regulation or list it comes from (the source column of data/agencies.csv):
// the ministries, ministerial-level agencies and government bodies before and after QĐ 09/2025/QĐ-TTg (14/4/2025),
// the UBND (H) and HĐND (K) codes of the provinces whose code was found in a provincial decision or official
// portal, and a few units of Tây Ninh. Provinces merged on 1/7/2025 (Nghị quyết 202/2025/QH15) follow the rule of
// QĐ 09/2025/QĐ-TTg: the new province keeps the code of the predecessor whose name it bears, the others are closed.
// It never guesses a code, so it is not complete: 66 rows, 60 of them level-1 (25 government bodies in force on
// either side of 14/4/2025; 15 UBND codes of the 63 provinces before 1/7/2025, 12 of the 34 after; 4 and 3 HĐND
// codes); data/SOURCES.md lists the sources and what was not found. Load the official list of your province with
// LoadCSV or LoadJSON on top of it. The registry reports Partial, so Standing calls a level-1 code it lacks
// Unconfirmed rather than Unknown, and a unit under a listed level-1 code UnderListed. Each call returns a fresh registry (the embedded list is parsed once), so
// adding to it does not affect other callers.
func DefaultRegistry() *Registry { return defaultRegistry().clone() }

var defaultRegistry = sync.OnceValue(func() *Registry {
	r := NewRegistry()
	if err := r.LoadCSV(bytes.NewReader(defaultAgencies)); err != nil {
		// The file is embedded at build time and checked by TestDefaultRegistry; failing here is a build defect.
		panic("agencycode: embedded registry: " + err.Error())
	}
	// The embedded list is partial: its few sub-units are a sample, not a claim that a province has no others.
	r.partial, r.subunitsListed = true, map[string]bool{}
	return r
})
