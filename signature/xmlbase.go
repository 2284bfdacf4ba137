package signature

import "strings"

// fixupBase is the xml:base fix-up of Canonical XML 1.1 §2.4 for an apex whose ancestors are omitted from the
// node-set: start is the apex's own xml:base (or, without one, the nearest ancestor's), and outer are the
// xml:base values of the omitted ancestors above it, nearest first. Each outer value in turn becomes the base
// against which the value so far is resolved (RFC 3986 §5.2), so the result says, on its own, what the chain
// said. A value ending in a "." or ".." segment is read as a directory ("../" rather than ".."), so that the
// join goes up as the chain did. This is how xmlsec1 (libxml2) computes it, which the producer tests compare;
// an empty result means the apex gets no xml:base.
func fixupBase(start string, outer []string) string {
	res := start
	for _, base := range outer {
		if base == "." || base == ".." || strings.HasSuffix(base, "/.") || strings.HasSuffix(base, "/..") {
			base += "/"
		}
		res = resolveReference(res, base)
	}
	return res
}

// uriParts are the five components of a URI reference (RFC 3986 §3, appendix B); has* say whether the
// optional ones are present (an empty query is not an absent one).
type uriParts struct {
	scheme, authority, path, query, fragment string
	hasAuthority, hasQuery, hasFragment      bool
}

// splitURI splits ref into its components, as the regular expression of RFC 3986 appendix B does.
func splitURI(ref string) uriParts {
	var u uriParts
	if i := strings.IndexByte(ref, '#'); i >= 0 {
		u.fragment, u.hasFragment, ref = ref[i+1:], true, ref[:i]
	}
	if i := strings.IndexByte(ref, '?'); i >= 0 {
		u.query, u.hasQuery, ref = ref[i+1:], true, ref[:i]
	}
	if i := strings.IndexAny(ref, ":/"); i > 0 && ref[i] == ':' {
		u.scheme, ref = ref[:i], ref[i+1:]
	}
	if strings.HasPrefix(ref, "//") {
		ref = ref[2:]
		i := strings.IndexByte(ref, '/')
		if i < 0 {
			i = len(ref)
		}
		u.authority, u.hasAuthority, ref = ref[:i], true, ref[i:]
	}
	u.path = ref
	return u
}

func (u uriParts) String() string {
	var b strings.Builder
	if u.scheme != "" {
		b.WriteString(u.scheme)
		b.WriteByte(':')
	}
	if u.hasAuthority {
		b.WriteString("//")
		b.WriteString(u.authority)
	}
	b.WriteString(u.path)
	if u.hasQuery {
		b.WriteByte('?')
		b.WriteString(u.query)
	}
	if u.hasFragment {
		b.WriteByte('#')
		b.WriteString(u.fragment)
	}
	return b.String()
}

// resolveReference resolves ref against base (RFC 3986 §5.2.2). base may itself be relative (an xml:base
// chain without an absolute value): then ".." segments that climb above its start are kept, so that the
// result stays relative to the same place, instead of being dropped as they are above the root of an
// absolute path.
func resolveReference(ref, base string) string { return resolveParts(ref, base).String() }

// resolveParts is resolveReference before the components are put together.
func resolveParts(ref, base string) uriParts {
	r, b := splitURI(ref), splitURI(base)
	var t uriParts
	switch {
	case r.scheme != "":
		t = r
		t.path = removeDotSegments(r.path)
	case r.hasAuthority:
		t = r
		t.scheme = b.scheme
		t.path = removeDotSegments(r.path)
	default:
		t.scheme, t.authority, t.hasAuthority = b.scheme, b.authority, b.hasAuthority
		switch {
		case r.path == "":
			t.path = b.path
			t.query, t.hasQuery = b.query, b.hasQuery
			if r.hasQuery {
				t.query, t.hasQuery = r.query, true
			}
		case strings.HasPrefix(r.path, "/"):
			t.path, t.query, t.hasQuery = removeDotSegments(r.path), r.query, r.hasQuery
		default:
			t.path, t.query, t.hasQuery = removeDotSegments(mergePaths(b, r.path)), r.query, r.hasQuery
		}
	}
	t.fragment, t.hasFragment = r.fragment, r.hasFragment
	return t
}

// mergePaths is RFC 3986 §5.2.3: ref's path after all but the last segment of base's.
func mergePaths(base uriParts, ref string) string {
	if base.hasAuthority && base.path == "" {
		return "/" + ref
	}
	return base.path[:strings.LastIndexByte(base.path, '/')+1] + ref
}

// removeDotSegments removes "." and ".." segments (RFC 3986 §5.2.4). In a relative path a ".." with nothing
// left to remove is kept (see resolveReference); in an absolute one it is dropped.
func removeDotSegments(path string) string {
	if path == "" {
		return ""
	}
	absolute := strings.HasPrefix(path, "/")
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	out := make([]string, 0, len(segs))
	dir := false // the result ends with "/": the last segment was ".", "..", or empty
	for _, s := range segs {
		dir = false
		switch s {
		case ".":
			dir = true
		case "..":
			dir = true
			if n := len(out); n > 0 && out[n-1] != ".." {
				out = out[:n-1]
			} else if !absolute {
				out = append(out, "..")
			}
		default:
			out = append(out, s)
		}
	}
	res := strings.Join(out, "/")
	if dir && len(out) > 0 {
		res += "/"
	}
	if absolute {
		res = "/" + res
	}
	return res
}
