package agencycode

import (
	"strconv"
	"time"
)

// Standing is how a registry answers for a code at a date, beyond "listed or not": a registry such as the embedded
// one lists level-1 units only, so a unit under a listed ministry or province is not unknown, it is simply not
// described; and a partial registry cannot call a level-1 code it lacks wrong, only unconfirmed.
type Standing int

const (
	// Unknown: the registry does not know the code at the date, and it can say so: a registry the caller built,
	// a level-1 code it holds only for other dates (H54 after the 2025 merger), a sub-unit of a level-1 unit whose
	// sub-units were loaded, or a level-1 code no national numbering can hold (H00, H99).
	Unknown Standing = iota
	// Listed: the registry holds the code at the date.
	Listed
	// UnderListed: the code is a unit under a level-1 unit the registry holds at the date, and the registry lists
	// none of that unit's sub-units, so it does not judge them.
	UnderListed
	// Unconfirmed: the registry is partial (DefaultRegistry) and holds neither the code nor its level-1 unit; the
	// code may be real (the embedded list lacks the provinces no published source confirmed) but cannot be
	// confirmed.
	Unconfirmed
)

// String returns the standing's name as JSON and reports spell it.
func (s Standing) String() string {
	switch s {
	case Listed:
		return "listed"
	case UnderListed:
		return "under_listed"
	case Unconfirmed:
		return "unconfirmed"
	}
	return "unknown"
}

// Partial reports whether the registry is known not to list every level-1 unit: true for DefaultRegistry (and
// registries loaded over it), whose embedded list holds only the codes a published source confirms.
func (r *Registry) Partial() bool { return r.partial }

// Standing judges c at t: Listed when the registry holds it; UnderListed when it is a sub-unit of a level-1 unit
// the registry holds and the registry lists none of that unit's sub-units (the sub-units of a province whose
// official list was loaded are judged strictly); Unconfirmed when the registry is partial and the level-1 code
// could exist; Unknown otherwise.
func (r *Registry) Standing(c Code, at time.Time) Standing {
	if _, ok := r.Lookup(c, at); ok {
		return Listed
	}
	root, hasRoot := c.Root()
	if hasRoot && c.Level() > 1 {
		if _, ok := r.Lookup(root, at); ok && !r.subunitsListed[root.String()] {
			return UnderListed
		}
	}
	// A level-1 code the registry holds for other dates (H54 after the 2025 merger) is known, not unconfirmed.
	if hasRoot && len(r.byCode[root.String()]) > 0 {
		return Unknown
	}
	if r.partial && (!hasRoot || plausibleLevel1(root.Group(1))) && !r.subunitsListed[root.String()] {
		return Unconfirmed
	}
	return Unknown
}

// plausibleLevel1 reports whether a level-1 group could be a real code: the provinces' H (UBND) and K (HĐND)
// codes number the 63 provinces of QCVN 102:2016 (01–63), and the government bodies' G codes run G01–G39 in the
// list of QĐ 09/2025/QĐ-TTg, so H00, H64 or G99 cannot exist; other letters have no published bound and are taken
// as plausible.
func plausibleLevel1(g string) bool {
	if len(g) != 3 {
		return true
	}
	max := map[byte]int{'H': 63, 'K': 63, 'G': 39}[g[0]]
	if max == 0 {
		return true
	}
	n, err := strconv.Atoi(g[1:])
	return err == nil && n >= 1 && n <= max
}
