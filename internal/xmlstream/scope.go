package xmlstream

// Scope tracks the namespace bindings in scope, one frame per open element. The tokenizer keeps one; a
// canonicaliser replaying tokens keeps its own.
type Scope struct {
	decls []NSDecl
	marks []int
}

// Reset closes every frame, keeping the memory for reuse.
func (s *Scope) Reset() {
	s.decls = s.decls[:0]
	s.marks = s.marks[:0]
}

// Push opens a frame with the declarations of an element.
func (s *Scope) Push(d []NSDecl) {
	s.marks = append(s.marks, len(s.decls))
	s.decls = append(s.decls, d...)
}

// Pop closes the innermost frame.
func (s *Scope) Pop() {
	if n := len(s.marks); n > 0 {
		s.decls = s.decls[:s.marks[n-1]]
		s.marks = s.marks[:n-1]
	}
}

// Lookup returns the namespace bound to prefix: "xml" is always bound, the default namespace is "" when
// undeclared; ok is false for an undeclared prefix.
func (s *Scope) Lookup(prefix string) (uri string, ok bool) {
	if prefix == "xml" {
		return NamespaceXML, true
	}
	for i := len(s.decls) - 1; i >= 0; i-- {
		if s.decls[i].Prefix == prefix {
			return s.decls[i].URI, true
		}
	}
	return "", prefix == ""
}

// Find returns the nearest declaration of prefix, without the implicit xml and empty-default bindings.
func (s *Scope) Find(prefix string) (string, bool) {
	for i := len(s.decls) - 1; i >= 0; i-- {
		if s.decls[i].Prefix == prefix {
			return s.decls[i].URI, true
		}
	}
	return "", false
}

// InScope returns the bindings in scope, one per prefix (nearest wins), without an empty default namespace.
func (s *Scope) InScope() []NSDecl {
	return inScope(s.decls)
}

// InScopeParent returns the bindings in scope at the parent of the innermost element.
func (s *Scope) InScopeParent() []NSDecl {
	if len(s.marks) == 0 {
		return nil
	}
	return inScope(s.decls[:s.marks[len(s.marks)-1]])
}

func inScope(decls []NSDecl) []NSDecl {
	var out []NSDecl
	seen := make(map[string]bool, len(decls))
	for i := len(decls) - 1; i >= 0; i-- {
		d := decls[i]
		if seen[d.Prefix] {
			continue
		}
		seen[d.Prefix] = true
		if d.Prefix == "" && d.URI == "" {
			continue
		}
		out = append(out, d)
	}
	return out
}
