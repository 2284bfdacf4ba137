package signature

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResolveReference: the normal and abnormal examples of RFC 3986 §5.4 against its base, and relative bases
// (an xml:base chain without an absolute value), where ".." above the start is kept.
func TestResolveReference(t *testing.T) {
	const rfcBase = "http://a/b/c/d;p?q"
	tests := []struct{ ref, base, want string }{
		{"g:h", rfcBase, "g:h"},
		{"g", rfcBase, "http://a/b/c/g"},
		{"./g", rfcBase, "http://a/b/c/g"},
		{"g/", rfcBase, "http://a/b/c/g/"},
		{"/g", rfcBase, "http://a/g"},
		{"//g", rfcBase, "http://g"},
		{"?y", rfcBase, "http://a/b/c/d;p?y"},
		{"g?y", rfcBase, "http://a/b/c/g?y"},
		{"#s", rfcBase, "http://a/b/c/d;p?q#s"},
		{"g#s", rfcBase, "http://a/b/c/g#s"},
		{";x", rfcBase, "http://a/b/c/;x"},
		{"", rfcBase, "http://a/b/c/d;p?q"},
		{".", rfcBase, "http://a/b/c/"},
		{"./", rfcBase, "http://a/b/c/"},
		{"..", rfcBase, "http://a/b/"},
		{"../", rfcBase, "http://a/b/"},
		{"../g", rfcBase, "http://a/b/g"},
		{"../..", rfcBase, "http://a/"},
		{"../../g", rfcBase, "http://a/g"},
		{"../../../g", rfcBase, "http://a/g"},
		{"/./g", rfcBase, "http://a/g"},
		{"/../g", rfcBase, "http://a/g"},
		{"g.", rfcBase, "http://a/b/c/g."},
		{"..g", rfcBase, "http://a/b/c/..g"},
		{"./../g", rfcBase, "http://a/b/g"},
		{"g/./h", rfcBase, "http://a/b/c/g/h"},
		{"g/../h", rfcBase, "http://a/b/c/h"},
		{"x", "foo/bar", "foo/x"},
		{"../../x", "foo/bar/", "x"},
		{"../../../x", "foo/bar/", "../x"},
		{"x", "../", "../x"},
		{"", "foo/", "foo/"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, resolveReference(tc.ref, tc.base), "%q against %q", tc.ref, tc.base)
	}
}

// TestFixupBase: the C14N 1.1 join of an apex's xml:base (or its nearest ancestor's) with the omitted ancestors'
// values, nearest first.
func TestFixupBase(t *testing.T) {
	tests := []struct {
		start string
		outer []string
		want  string
	}{
		{"http://x/", nil, "http://x/"},
		{"d/", []string{"b/c/", "http://example.org/a/"}, "http://example.org/a/b/c/d/"},
		{"x", []string{"..", ".."}, "../../x"},
		{"x", []string{"..", "..", "foo/bar"}, "../x"},
		{"../x/", []string{"foo/bar/", "top/"}, "top/foo/x/"},
		{"", []string{"foo/"}, "foo/"},
		{"", nil, ""},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, fixupBase(tc.start, tc.outer), "%q above %q", tc.start, tc.outer)
	}
}

func FuzzResolveReference(f *testing.F) {
	for _, s := range []string{"http://a/b/c/d;p?q", "../../g", "g?y#s", "//g", "foo/bar/", "..", "/./g", ""} {
		f.Add(s, "http://a/b/c/d;p?q")
		f.Add(s, "foo/bar/")
	}
	f.Fuzz(func(t *testing.T, ref, base string) {
		got := resolveReference(ref, base)
		if got != resolveReference(ref, base) {
			t.Fatalf("not deterministic: %q against %q", ref, base)
		}
		// An empty reference path takes the base's path as it is (RFC 3986 §5.2.2); any other result path has
		// its dot segments removed.
		if p := resolveParts(ref, base).path; splitURI(ref).path != "" && removeDotSegments(p) != p {
			t.Fatalf("dot segments left in %q (%q against %q)", got, ref, base)
		}
	})
}
