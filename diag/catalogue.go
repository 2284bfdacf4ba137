package diag

import (
	"fmt"
	"iter"
	"sort"
)

// Catalogue is a read-only set of rules indexed by code: the list a package publishes of every finding it may
// report. Its contents cannot be changed after NewCatalogue, so a vendor may read a package's rules but never
// alter what the package reports. The zero Catalogue is empty. A Catalogue is safe for concurrent use.
type Catalogue struct {
	rules  []Rule
	byCode map[string]int
}

// NewCatalogue builds a catalogue of rules in the order given. It panics when a rule is malformed (see
// Rule.Check) or two rules share a code: catalogues are built once from literals in the program, so such a
// mistake is a programming error that every test run reveals, like regexp.MustCompile.
func NewCatalogue(rules ...Rule) Catalogue {
	c := Catalogue{rules: append([]Rule(nil), rules...), byCode: make(map[string]int, len(rules))}
	for i, r := range c.rules {
		if err := r.Check(); err != nil {
			panic(err)
		}
		if _, dup := c.byCode[r.Code]; dup {
			panic(fmt.Sprintf("diag: rule code %s declared twice", r.Code))
		}
		c.byCode[r.Code] = i
	}
	return c
}

// Rules returns a copy of the rules in declaration order.
func (c Catalogue) Rules() []Rule {
	return append([]Rule(nil), c.rules...)
}

// All yields the rules in declaration order without copying the list.
func (c Catalogue) All() iter.Seq[Rule] {
	return func(yield func(Rule) bool) {
		for _, r := range c.rules {
			if !yield(r) {
				return
			}
		}
	}
}

// Lookup returns the rule with the code, and whether there is one.
func (c Catalogue) Lookup(code string) (Rule, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return Rule{}, false
	}
	return c.rules[i], true
}

// Len returns the number of rules.
func (c Catalogue) Len() int { return len(c.rules) }

// Codes returns the codes of the rules, sorted.
func (c Catalogue) Codes() []string {
	codes := make([]string, len(c.rules))
	for i, r := range c.rules {
		codes[i] = r.Code
	}
	sort.Strings(codes)
	return codes
}
