package signature

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/vnegov/egov/internal/xmlstream"
)

// Canonicalisation algorithm identifiers (W3C XML-DSig, C14N 1.0, C14N 1.1, Exclusive C14N).
const (
	C14N10                  = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
	C14N10WithComments      = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
	C14N11                  = "http://www.w3.org/2006/12/xml-c14n11"
	C14N11WithComments      = "http://www.w3.org/2006/12/xml-c14n11#WithComments"
	ExcC14N                 = "http://www.w3.org/2001/10/xml-exc-c14n#"
	ExcC14NWithComments     = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
	excC14NAlias            = "http://www.w3.org/TR/xml-exc-c14n#"
	excC14NAliasWithComment = "http://www.w3.org/TR/xml-exc-c14n#WithComments"
)

// c14nMethod is a parsed canonicalisation algorithm.
type c14nMethod struct {
	URI       string
	Exclusive bool
	Comments  bool
	V11       bool
	Alias     bool     // the non-standard exclusive alias seen in edXML SDK samples
	Prefixes  []string // exclusive: InclusiveNamespaces PrefixList ("#default" for the default namespace)
}

// parseC14NMethod recognises a canonicalisation URI.
func parseC14NMethod(uri string, prefixes []string) (c14nMethod, bool) {
	m := c14nMethod{URI: uri}
	switch uri {
	case C14N10:
	case C14N10WithComments:
		m.Comments = true
	case C14N11:
		m.V11 = true
	case C14N11WithComments:
		m.V11, m.Comments = true, true
	case ExcC14N:
		m.Exclusive = true
	case ExcC14NWithComments:
		m.Exclusive, m.Comments = true, true
	case excC14NAlias:
		m.Exclusive, m.Alias = true, true
	case excC14NAliasWithComment:
		m.Exclusive, m.Comments, m.Alias = true, true, true
	default:
		return m, false
	}
	if m.Exclusive {
		m.Prefixes = prefixes
	}
	return m, true
}

// Canonicalize writes the canonical form of the XML document read from r to w, using the canonicalisation
// algorithm named by method (C14N10, C14N11, ExcC14N, their WithComments variants, or the non-standard
// exclusive alias "http://www.w3.org/TR/xml-exc-c14n#"). inclusivePrefixes is the InclusiveNamespaces
// PrefixList of exclusive canonicalisation ("#default" names the default namespace); it is ignored by the
// inclusive algorithms. Memory stays bounded whatever the size of the text nodes.
func Canonicalize(w io.Writer, r io.Reader, method string, inclusivePrefixes []string) error {
	m, ok := parseC14NMethod(method, inclusivePrefixes)
	if !ok {
		return fmt.Errorf("signature: unsupported canonicalization method %q", method)
	}
	c := newCanonicalizer(m, w, nil, nil)
	// A general document may carry an inert DOCTYPE (the C14N specification's examples do); one declaring
	// entities or attribute lists is still refused.
	tz := xmlstream.NewTokenizer(r, xmlstream.Options{DTD: xmlstream.DTDIgnoreInert})
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := c.token(tok); err != nil {
			return err
		}
	}
	return c.release()
}

// canonicalizer writes the canonical form of a token stream. It handles a whole document or one element
// subtree (a document subset whose apex is the first start token it receives); the caller leaves out
// excluded subtrees (the enveloped signature) entirely.
type canonicalizer struct {
	m   c14nMethod
	w   io.Writer
	err error
	buf []byte
	// live is true from newCanonicalizer to release (which returns it to the pool once).
	live  bool
	ns    nsStack         // namespace bindings in scope (context first, then what the tokens declare)
	rend  nsStack         // bindings rendered by the output elements, one frame per open element
	depth int             // depth inside the output, 0 before the apex/document element
	seen  bool            // the document element (apex) was output
	done  bool            // the document element (apex) was closed
	xmlIn []xmlAttr       // xml:* attributes inherited by the apex (inclusive canonicalisation)
	bases []string        // C14N 1.1: the xml:base values of the apex's omitted ancestors, nearest first
	incl  map[string]bool // exclusive: InclusiveNamespaces prefixes ("" = #default)
	nsOut []nsDecl        // scratch
	atOut []xmlAttr       // scratch
	order []int32         // scratch: attribute indices in output order
}

// newCanonicalizer makes a canonicalizer writing to w. ctx holds the namespace bindings in scope at the
// apex's parent and xmlIn the xml:* attributes the apex inherits (both nil for a whole document). It comes
// from a pool: the caller that is done with it calls release.
func newCanonicalizer(m c14nMethod, w io.Writer, ctx []nsDecl, xmlIn []xmlAttr) *canonicalizer {
	c := c14nPool.Get().(*canonicalizer)
	c.reset(m, w)
	if len(ctx) > 0 {
		c.ns.Push(ctx)
	}
	if !m.Exclusive {
		// xmlIn holds xml:base once per ancestor declaring it, nearest first (xmlAttrScope.inherited).
		nearestBase := false
		for _, a := range xmlIn {
			switch {
			case a.Local == "base" && m.V11:
				c.bases = append(c.bases, a.Value) // C14N 1.1 §2.4: joined at the apex (fixupBase)
			case a.Local == "base":
				if !nearestBase { // C14N 1.0: the nearest value is inherited like any xml:* attribute
					nearestBase = true
					c.xmlIn = append(c.xmlIn, a)
				}
			case m.V11 && a.Local != "lang" && a.Local != "space":
				// C14N 1.1 §2.4: xml:id and other xml:* attributes are not inherited
			default:
				c.xmlIn = append(c.xmlIn, a)
			}
		}
	}
	if m.Exclusive && len(m.Prefixes) > 0 {
		c.incl = make(map[string]bool, len(m.Prefixes))
		for _, p := range m.Prefixes {
			if p == "#default" {
				p = ""
			}
			c.incl[p] = true
		}
	}
	return c
}

// reset makes c a new canonicalizer, keeping its memory.
func (c *canonicalizer) reset(m c14nMethod, w io.Writer) {
	ns, rend := c.ns, c.rend
	ns.Reset()
	rend.Reset()
	// incl starts nil: ranging over a nil map is free, over an empty one is not (start does it per element).
	*c = canonicalizer{m: m, w: w, buf: c.buf[:0], ns: ns, rend: rend, xmlIn: c.xmlIn[:0], bases: c.bases[:0],
		nsOut: c.nsOut[:0], atOut: c.atOut[:0], order: c.order[:0], live: true}
}

// c14nBuffer is the size of a canonicalizer's output buffer: tokens are gathered there and written to the
// digest in few calls. c14nRetain bounds the output buffer (grown by a long start tag) and the scratch
// slices of a canonicalizer that goes back to the pool.
const (
	c14nBuffer = 2 << 10
	c14nRetain = 64 << 10
)

// c14nPool recycles canonicalizers: a verifier canonicalises two streams per signature (the referenced
// content and SignedInfo), and none outlives its digest.
var c14nPool = sync.Pool{New: func() any { return &canonicalizer{buf: make([]byte, 0, c14nBuffer)} }}

// release flushes and hands c back to the pool: the canonicalizer is done and must not be used again. It
// returns the error of the last write.
func (c *canonicalizer) release() error {
	err := c.flush()
	if c.live && cap(c.buf) <= c14nRetain && 64*(cap(c.xmlIn)+cap(c.atOut)+cap(c.bases)) <= c14nRetain {
		c.live, c.w = false, nil
		clear(c.atOut[:cap(c.atOut)]) // no references to the document's strings stay behind
		clear(c.xmlIn[:cap(c.xmlIn)])
		clear(c.bases[:cap(c.bases)])
		c14nPool.Put(c)
	}
	return err
}

func (c *canonicalizer) flush() error {
	if c.err == nil && len(c.buf) > 0 {
		_, c.err = c.w.Write(c.buf)
	}
	c.buf = c.buf[:0]
	return c.err
}

func (c *canonicalizer) spill() {
	if len(c.buf) >= cap(c.buf)/2 {
		c.flush()
	}
}

// token feeds one token.
func (c *canonicalizer) token(t *xmlToken) error {
	switch t.Kind {
	case tokStart:
		c.start(t)
	case tokEnd:
		c.end(t)
	case tokText:
		if c.depth > 0 {
			c.text(t.Text, verbatim(t))
		}
	case tokComment:
		if c.m.Comments {
			c.node(func() {
				c.buf = append(c.buf, "<!--"...)
				c.buf = append(c.buf, t.Text...)
				c.buf = append(c.buf, "-->"...)
			})
		}
	case tokPI:
		c.node(func() {
			c.buf = append(c.buf, "<?"...)
			c.buf = append(c.buf, t.Local...)
			if len(t.Text) > 0 {
				c.buf = append(c.buf, ' ')
				c.buf = append(c.buf, t.Text...)
			}
			c.buf = append(c.buf, "?>"...)
		})
	}
	c.spill()
	return c.err
}

// node writes a comment or PI with the line breaks C14N puts around nodes outside the document element.
func (c *canonicalizer) node(write func()) {
	switch {
	case c.depth > 0:
		write()
	case !c.seen:
		write()
		c.buf = append(c.buf, '\n')
	case c.done:
		c.buf = append(c.buf, '\n')
		write()
	}
}

func (c *canonicalizer) start(t *xmlToken) {
	apex := c.depth == 0
	c.ns.Push(t.NS)
	c.depth++
	c.seen = true
	c.nsOut = c.nsOut[:0]
	if c.m.Exclusive {
		c.consider(t.Prefix)
		for _, a := range t.Attrs {
			if a.Prefix != "" {
				c.consider(a.Prefix)
			}
		}
		for p := range c.incl {
			if _, ok := c.ns.Lookup(p); ok {
				c.consider(p)
			}
		}
	} else if apex {
		for _, d := range c.ns.InScope() {
			c.consider(d.Prefix)
		}
	} else {
		for _, d := range t.NS {
			c.consider(d.Prefix)
		}
	}
	c.rend.Push(c.nsOut)
	c.buf = append(c.buf, '<')
	c.buf = appendQName(c.buf, t.Prefix, t.Local)
	if len(c.nsOut) > 1 {
		slices.SortFunc(c.nsOut, func(a, b nsDecl) int { return strings.Compare(a.Prefix, b.Prefix) })
	}
	for _, d := range c.nsOut {
		if d.Prefix == "" {
			c.buf = append(c.buf, " xmlns=\""...)
		} else {
			c.buf = append(c.buf, " xmlns:"...)
			c.buf = append(c.buf, d.Prefix...)
			c.buf = append(c.buf, "=\""...)
		}
		c.buf = appendEscapedAttr(c.buf, d.URI)
		c.buf = append(c.buf, '"')
	}
	attrs := t.Attrs
	if apex && (len(c.xmlIn) > 0 || len(c.bases) > 0) {
		attrs = c.apexAttrs(t.Attrs)
	}
	// Attributes in C14N order (namespace URI, then local name), sorted as indices: no attribute is copied.
	c.order = c.order[:0]
	for i := range attrs {
		c.order = append(c.order, int32(i))
	}
	if len(attrs) > 1 {
		slices.SortFunc(c.order, func(i, j int32) int {
			a, b := &attrs[i], &attrs[j]
			if a.Space != b.Space {
				return strings.Compare(a.Space, b.Space)
			}
			return strings.Compare(a.Local, b.Local)
		})
	}
	for _, i := range c.order {
		a := &attrs[i]
		c.buf = append(c.buf, ' ')
		c.buf = appendQName(c.buf, a.Prefix, a.Local)
		c.buf = append(c.buf, "=\""...)
		c.buf = appendEscapedAttr(c.buf, a.Value)
		c.buf = append(c.buf, '"')
	}
	c.buf = append(c.buf, '>')
}

// apexAttrs returns the apex's attributes with the xml:* attributes it inherits (C14N 1.0 and 1.1 §2.4): those
// of xmlIn it does not declare itself and, in C14N 1.1, xml:base fixed up from the omitted ancestors' values.
func (c *canonicalizer) apexAttrs(own []xmlAttr) []xmlAttr {
	c.atOut = c.atOut[:0]
	ownBase := -1
	for i, a := range own {
		if a.Space == nsXML && a.Local == "base" && len(c.bases) > 0 {
			ownBase = i
			continue // replaced by the fixed-up value below
		}
		c.atOut = append(c.atOut, a)
	}
	for _, x := range c.xmlIn {
		has := false
		for _, a := range own {
			if a.Space == nsXML && a.Local == x.Local {
				has = true
			}
		}
		if !has {
			c.atOut = append(c.atOut, x)
		}
	}
	if len(c.bases) > 0 {
		base := xmlAttr{Prefix: "xml", Local: "base", Space: nsXML}
		if ownBase >= 0 {
			base = own[ownBase]
			base.Value = fixupBase(base.Value, c.bases)
		} else {
			base.Value = fixupBase(c.bases[0], c.bases[1:])
		}
		if base.Value != "" { // an empty join says nothing and is left out, as xmlsec1 (libxml2) does
			c.atOut = append(c.atOut, base)
		}
	}
	return c.atOut
}

func (c *canonicalizer) end(t *xmlToken) {
	if c.depth == 0 {
		return
	}
	c.buf = append(c.buf, "</"...)
	c.buf = appendQName(c.buf, t.Prefix, t.Local)
	c.buf = append(c.buf, '>')
	c.ns.Pop()
	c.rend.Pop()
	c.depth--
	if c.depth == 0 {
		c.done = true
	}
}

// consider adds the binding of prefix to the namespace declarations to output, unless the nearest output
// ancestor already rendered the same binding (or, for the default namespace, none is needed).
func (c *canonicalizer) consider(prefix string) {
	if prefix == "xml" {
		return
	}
	for _, d := range c.nsOut {
		if d.Prefix == prefix {
			return
		}
	}
	uri, ok := c.ns.Lookup(prefix)
	if !ok {
		return // undeclared prefix (tolerated quirk): nothing to render
	}
	if r, ok := c.rend.Find(prefix); ok && r == uri || !ok && uri == "" {
		return
	}
	c.nsOut = append(c.nsOut, nsDecl{Prefix: prefix, URI: uri})
}

// verbatim reports whether a text token is its input bytes unchanged: no reference and no CR was decoded, so
// it holds no '&', '<' or CR.
func verbatim(t *xmlToken) bool {
	return !t.CDATA && len(t.Text) > 0 && len(t.Raw) == len(t.Text) && &t.Raw[0] == &t.Text[0]
}

// text writes character data, escaping &, <, > and CR (C14N 1.0 §2.3). plain says the data holds no '&', '<'
// or CR (only '>' is looked for).
func (c *canonicalizer) text(b []byte, plain bool) {
	if bytes.IndexByte(b, '>') < 0 && (plain || bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '<') < 0 &&
		bytes.IndexByte(b, '\r') < 0) {
		c.write(b) // vectorised searches: long text (attachments) is mostly nothing to escape
		return
	}
	for len(b) > 0 {
		i := 0
		for i < len(b) && !textEscape[b[i]] {
			i++
		}
		c.write(b[:i])
		if i == len(b) {
			break
		}
		c.buf = append(c.buf, escapes[b[i]]...)
		b = b[i+1:]
	}
}

// write appends p to the output buffer, or writes it through when it does not fit: a long text chunk goes to
// the digest without a copy, and the buffer never grows for text.
func (c *canonicalizer) write(p []byte) {
	if len(c.buf)+len(p) <= cap(c.buf) {
		c.buf = append(c.buf, p...)
		return
	}
	c.flush()
	if len(p) < cap(c.buf)/2 {
		c.buf = append(c.buf, p...)
		return
	}
	if c.err == nil {
		_, c.err = c.w.Write(p)
	}
}

// textEscape and attrEscape mark the bytes C14N escapes in text (&, <, >, CR) and in attribute values (&, <,
// ", TAB, LF, CR); escapes holds their replacements (C14N 1.0 §2.3).
var (
	textEscape = [256]bool{'&': true, '<': true, '>': true, '\r': true}
	attrEscape = [256]bool{'&': true, '<': true, '"': true, '\t': true, '\n': true, '\r': true}
	escapes    = [256]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '"': "&quot;", '\t': "&#x9;", '\n': "&#xA;",
		'\r': "&#xD;"}
)

func appendQName(dst []byte, prefix, local string) []byte {
	if prefix != "" {
		dst = append(dst, prefix...)
		dst = append(dst, ':')
	}
	return append(dst, local...)
}

// appendEscapedAttr escapes an attribute value as C14N requires: &, <, ", TAB, LF and CR.
func appendEscapedAttr(dst []byte, s string) []byte {
	for len(s) > 0 {
		i := 0
		for i < len(s) && !attrEscape[s[i]] {
			i++
		}
		dst = append(dst, s[:i]...)
		if i == len(s) {
			break
		}
		dst = append(dst, escapes[s[i]]...)
		s = s[i+1:]
	}
	return dst
}
