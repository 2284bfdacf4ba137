package edoc

import (
	"sync"

	"github.com/vnegov/egov/internal/xmlstream"
)

// scratch is the memory one validation can hand to the next: the tokenizer and the builder of the envelope's
// tree. For a 10 KB package these were most of Validate's allocations (the tree alone about 170 KB), so a
// service validating many small packages recycles them; nothing observable depends on it.
type scratch struct {
	tz  *xmlstream.Tokenizer
	env *xmlstream.Builder
}

// maxRetainedTree bounds the tree memory a pooled scratch keeps: a package with a 4 MiB header does not pin its
// tree's blocks for every later validation.
const maxRetainedTree = 1 << 20

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func (s *scratch) tokenizer() *xmlstream.Tokenizer {
	if s.tz == nil {
		s.tz = xmlstream.NewTokenizer(nil, xmlstream.Options{})
	}
	return s.tz
}

func (s *scratch) builder() *xmlstream.Builder {
	if s.env == nil {
		s.env = xmlstream.NewBuilder(0, "/edXML")
	}
	return s.env
}

// getScratch takes a scratch from the pool; putScratch gives it back once nothing refers to the reader, the
// tokens or the tree it served.
func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(s *scratch) {
	if s.env != nil && s.env.Retained() > maxRetainedTree {
		s.env = nil
	}
	scratchPool.Put(s)
}
