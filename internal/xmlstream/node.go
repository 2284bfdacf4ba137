package xmlstream

import (
	"strconv"
	"strings"
	"unsafe"
)

// Node is an element, text, comment or processing instruction of a small tree read from tokens: an edXML
// header, a Signature element. Elements keep their children in document order, text included, so that a
// subtree can be replayed as tokens (canonicalisation) or read as values.
type Node struct {
	Kind     Kind // StartElement for an element, Text, Comment or ProcInst
	Prefix   string
	Local    string // element local name, processing-instruction target
	Space    string
	Attrs    []Attr
	NS       []NSDecl
	Text     []byte // Text, Comment, ProcInst
	Line     int
	Column   int
	Parent   *Node
	Children []*Node // all children in document order
	Elems    []*Node // the element children, in document order (an index into Children)

	base string // the tree root's parent path, for Path
}

// QName returns the qualified name prefix:local of an element.
func (n *Node) QName() string { return QName(n.Prefix, n.Local) }

// Path returns the element path of n, e.g. /edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId: local
// names from the tree's root (under the base given to its Builder), with the rank among same-named siblings
// when it is above 1. It is built on demand (only findings need it); "" for nil.
func (n *Node) Path() string {
	if n == nil {
		return ""
	}
	if n.Parent == nil {
		return n.base + "/" + n.Local
	}
	s := n.Parent.Path() + "/" + n.Local
	rank := 1
	for _, k := range n.Parent.Elems {
		if k == n {
			break
		}
		if k.Local == n.Local {
			rank++
		}
	}
	if rank > 1 {
		s += "[" + strconv.Itoa(rank) + "]"
	}
	return s
}

// Value returns the text content of n without surrounding white space, "" for nil. It allocates only when
// the text comes in several nodes.
func (n *Node) Value() string {
	if n == nil {
		return ""
	}
	var one []byte
	count := 0
	for _, c := range n.Children {
		if c.Kind == Text {
			one = c.Text
			count++
		}
	}
	if count > 1 {
		return strings.TrimSpace(n.TextContent())
	}
	return string(bytesTrimSpace(one))
}

func bytesTrimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// Child returns the first element child with the local name, nil when absent or when n is nil.
func (n *Node) Child(local string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Elems {
		if c.Local == local {
			return c
		}
	}
	return nil
}

// Elements returns the element children with the local name.
func (n *Node) Elements(local string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Elems {
		if c.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// FirstElement returns the first element child, nil when there is none.
func (n *Node) FirstElement() *Node {
	if n == nil {
		return nil
	}
	if len(n.Elems) == 0 {
		return nil
	}
	return n.Elems[0]
}

// HasElements reports whether n has element children.
func (n *Node) HasElements() bool { return n.FirstElement() != nil }

// Attr returns the value of the unprefixed attribute with the local name.
func (n *Node) Attr(local string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.Attrs {
		if a.Local == local && a.Prefix == "" {
			return a.Value, true
		}
	}
	return "", false
}

// TextContent returns the concatenated direct text children of n, "" for nil.
func (n *Node) TextContent() string {
	if n == nil {
		return ""
	}
	// One allocation of the exact size: the text of a Signature's X509Certificate is a few KB.
	size, texts := 0, 0
	var one []byte
	for _, c := range n.Children {
		if c.Kind == Text {
			size += len(c.Text)
			texts++
			one = c.Text
		}
	}
	if texts <= 1 {
		return string(one)
	}
	var b strings.Builder
	b.Grow(size)
	for _, c := range n.Children {
		if c.Kind == Text {
			b.Write(c.Text)
		}
	}
	return b.String()
}

// Builder captures the subtree of an element from tokens into Nodes, within a budget of bytes. Children are
// collected on a stack while their parent is open and copied into shared blocks when it ends, and nodes and
// text come from blocks too: a small tree costs a handful of allocations. The tree is complete (Children and
// Elems set) once Add reports it done.
type Builder struct {
	base     string
	root     *Node
	stack    []open
	pending  []*Node // children of the open elements, innermost last
	size     int
	limit    int
	slab     []Node
	nodes    int     // nodes made so far
	ptrsUsed int     // child pointers carved so far
	textUsed int     // text bytes copied so far
	ptrs     []*Node // block the Children and Elems slices are carved from
	text     []byte  // block the text of nodes is carved from
}

type open struct {
	n     *Node
	first int // index in pending of the element's first child
}

// maxResetNodes bounds the node block Reset sizes for the next tree (about 900 KB of nodes).
const maxResetNodes = 4096

// NewBuilder returns a builder of at most limit bytes of tree (names, values, text, and a fixed cost per node).
// base is the path of the captured element's parent, for Node.Path ("" for the document root).
func NewBuilder(limit int, base string) *Builder { return &Builder{limit: limit, base: base} }

// Reset makes b a new builder of at most limit bytes under base, reusing the blocks of the tree it built
// last: that tree's nodes and text are overwritten by the next one and must no longer be in use.
func (b *Builder) Reset(limit int, base string) {
	slab, ptrs, text := b.slab[:0], b.ptrs[:0], b.text[:0]
	// The last tree did not fit in one block of each kind: make the kept blocks as large as it was (up to
	// maxResetNodes; an edXML header has several hundred nodes), so that a builder serving trees of one shape
	// stops allocating. The caller bounds what it keeps with Retained.
	if b.nodes > cap(slab) {
		slab = make([]Node, 0, min(b.nodes, maxResetNodes))
	}
	if b.ptrsUsed > cap(ptrs) {
		ptrs = make([]*Node, 0, min(b.ptrsUsed, maxResetNodes))
	}
	if b.textUsed > cap(text) {
		text = make([]byte, 0, min(b.textUsed, 64<<10))
	}
	*b = Builder{base: base, limit: limit, stack: b.stack[:0], pending: b.pending[:0], slab: slab, ptrs: ptrs,
		text: text}
}

// Retained returns the bytes of blocks a reset builder keeps (its last node, pointer and text blocks).
func (b *Builder) Retained() int {
	return cap(b.slab)*int(unsafe.Sizeof(Node{})) + 8*cap(b.ptrs) + cap(b.text) + 8*cap(b.pending) +
		int(unsafe.Sizeof(open{}))*cap(b.stack)
}

// Root returns the captured element, nil before the first start token.
func (b *Builder) Root() *Node { return b.root }

func (b *Builder) node(v Node) *Node {
	if len(b.slab) == cap(b.slab) {
		// Each new block is as large as all the nodes so far (16 to 256): the blocks double the total, and a
		// tree just over a block's size (a Signature element has about 20 nodes) wastes little.
		b.slab = make([]Node, 0, min(max(b.nodes, 16), 256))
	}
	b.nodes++
	b.slab = append(b.slab, v)
	return &b.slab[len(b.slab)-1]
}

// carve copies nodes into the pointer block and returns the copy, with its capacity at its length so that an
// append by a caller never writes into a neighbour.
func (b *Builder) carve(nodes []*Node) []*Node {
	if len(nodes) == 0 {
		return nil
	}
	if cap(b.ptrs)-len(b.ptrs) < len(nodes) {
		b.ptrs = make([]*Node, 0, max(min(2*cap(b.ptrs), 256), 32, len(nodes)))
	}
	at := len(b.ptrs)
	b.ptrs = append(b.ptrs, nodes...)
	b.ptrsUsed += len(nodes)
	return b.ptrs[at:len(b.ptrs):len(b.ptrs)]
}

// addText appends p to the text of n, in place when n's text ends the text block.
func (b *Builder) addText(n *Node, p []byte) {
	b.textUsed += len(p)
	end := len(b.text)
	if len(n.Text) > 0 && cap(b.text)-end >= len(p) && end >= len(n.Text) &&
		&b.text[end-len(n.Text) : end][0] == &n.Text[0] {
		b.text = append(b.text, p...)
		n.Text = b.text[end-len(n.Text) : len(b.text) : len(b.text)]
		return
	}
	if cap(b.text)-end < len(n.Text)+len(p) {
		b.text = make([]byte, 0, max(min(2*cap(b.text), 4<<10), 512, 2*(len(n.Text)+len(p))))
		end = 0
	}
	b.text = append(b.text, n.Text...)
	b.text = append(b.text, p...)
	n.Text = b.text[end:len(b.text):len(b.text)]
}

// Add feeds one token, the first being the start of the element to capture. It reports true when the element
// is complete; the error is an ErrLimit *Error when the tree would exceed the budget.
func (b *Builder) Add(t *Token) (bool, error) {
	b.size += len(t.Text) + len(t.Local) + len(t.Prefix) + 32
	for _, a := range t.Attrs {
		b.size += len(a.Local) + len(a.Prefix) + len(a.Value) + 32
	}
	if b.size > b.limit {
		return false, &Error{Kind: ErrLimit, Line: t.Line, Column: t.Column, Offset: t.Offset, Limit: LimitTree, Max: b.limit}
	}
	switch t.Kind {
	case StartElement:
		n := b.node(Node{Kind: StartElement, Prefix: t.Prefix, Local: t.Local, Space: t.Space,
			Attrs: cloneAttrs(t.Attrs), NS: cloneDecls(t.NS), Line: t.Line, Column: t.Column})
		if b.root == nil {
			b.root = n
			n.base = b.base
		} else {
			n.Parent = b.stack[len(b.stack)-1].n
			b.pending = append(b.pending, n)
		}
		b.stack = append(b.stack, open{n: n, first: len(b.pending)})
	case EndElement:
		if len(b.stack) == 0 {
			return true, nil
		}
		top := b.stack[len(b.stack)-1]
		b.stack = b.stack[:len(b.stack)-1]
		kids := b.pending[top.first:]
		top.n.Children = b.carve(kids)
		elems := 0
		for _, k := range kids {
			if k.Kind == StartElement {
				elems++
			}
		}
		if elems == len(kids) {
			top.n.Elems = top.n.Children
		} else if elems > 0 {
			at := len(b.pending)
			for _, k := range kids {
				if k.Kind == StartElement {
					b.pending = append(b.pending, k)
				}
			}
			top.n.Elems = b.carve(b.pending[at:])
		}
		b.pending = b.pending[:top.first]
		return len(b.stack) == 0, nil
	default:
		if len(b.stack) == 0 {
			return false, nil
		}
		top := b.stack[len(b.stack)-1]
		if k := len(b.pending); t.Kind == Text && k > top.first && b.pending[k-1].Kind == Text {
			b.addText(b.pending[k-1], t.Text)
			return false, nil
		}
		n := b.node(Node{Kind: t.Kind, Local: t.Local, Line: t.Line, Column: t.Column, Parent: top.n})
		b.addText(n, t.Text)
		b.pending = append(b.pending, n)
	}
	return false, nil
}

func cloneAttrs(a []Attr) []Attr {
	if len(a) == 0 {
		return nil
	}
	return append([]Attr(nil), a...)
}

func cloneDecls(d []NSDecl) []NSDecl {
	if len(d) == 0 {
		return nil
	}
	return append([]NSDecl(nil), d...)
}
