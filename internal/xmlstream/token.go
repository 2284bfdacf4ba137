package xmlstream

// Kind classifies tokens.
type Kind uint8

// The token kinds.
const (
	StartElement Kind = iota + 1 // a start tag; an empty-element tag is followed by a synthetic EndElement
	EndElement                   // an end tag
	Text                         // a chunk of character data: references expanded, line ends normalised
	Comment                      // a comment; Text holds its content
	ProcInst                     // a processing instruction other than the XML declaration; Local is the target
)

// Namespace names bound by Namespaces in XML 1.0 §3.
const (
	NamespaceXML   = "http://www.w3.org/XML/1998/namespace"
	NamespaceXMLNS = "http://www.w3.org/2000/xmlns/"
)

// Attr is one attribute (not a namespace declaration) with its value after reference expansion and
// attribute-value normalisation (XML 1.0 §3.3.3).
type Attr struct {
	Prefix, Local string
	Space         string // namespace URI; "" for unprefixed attributes and undeclared prefixes
	Value         string
}

// NSDecl is one namespace declaration; Prefix "" is the default namespace.
type NSDecl struct {
	Prefix, URI string
}

// Token is one token. Its slices are valid only until the next call of Next; strings stay valid.
type Token struct {
	Kind   Kind
	Prefix string   // element prefix (StartElement, EndElement)
	Local  string   // element local name, or the processing-instruction target
	Space  string   // element namespace URI ("" when none or when the prefix is undeclared)
	Attrs  []Attr   // StartElement: attributes in document order
	NS     []NSDecl // StartElement: namespace declarations of this element, in document order
	// Undeclared lists the prefixes the start tag uses without a declaration in scope (tolerated unless
	// Options.RejectUndeclaredPrefix is set), each once.
	Undeclared []string
	Empty      bool   // StartElement written as an empty-element tag (a synthetic EndElement follows)
	CDATA      bool   // Text from a CDATA section
	Text       []byte // Text chunk, comment content, processing-instruction data
	// Raw is the original bytes of the token (a text chunk's bytes before decoding); empty for the synthetic
	// end of an empty-element tag.
	Raw    []byte
	Offset int64 // byte offset of the token's first byte
	Line   int   // 1-based line of the token's first byte
	Column int   // 1-based column (bytes) of the token's first byte
	Depth  int   // element depth: 1 for the document element's tags and its direct content
}

// QName returns prefix:local, or local without a prefix.
func QName(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// QName returns the qualified name of the token's element.
func (t *Token) QName() string { return QName(t.Prefix, t.Local) }
