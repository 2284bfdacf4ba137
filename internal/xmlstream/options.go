package xmlstream

// DTDPolicy says what the tokenizer does with a document type declaration.
type DTDPolicy uint8

// The DTD policies.
const (
	// DTDReject refuses any DOCTYPE (ErrDTD). The default: e-government documents never need one, and refusing
	// it rules out entity expansion and attribute defaults (which would make the tree depend on the DTD).
	DTDReject DTDPolicy = iota
	// DTDIgnoreInert skips a DOCTYPE whose internal subset declares no entities and no attribute lists, so that
	// the document reads the same with or without it; one that does is refused (ErrDTD). For canonicalising
	// general documents (the C14N specification's examples carry <!DOCTYPE doc>).
	DTDIgnoreInert
)

// Defaults of Options.
const (
	DefaultMaxDepth     = 256      // libxml2's default nesting limit
	DefaultMaxAttrs     = 1024     // attributes and namespace declarations of one element
	DefaultMaxNameLen   = 1024     // bytes of one qualified name
	DefaultMaxAttrValue = 64 << 10 // bytes of one attribute value as written
	DefaultMaxMarkup    = 4 << 20  // bytes of one start tag, end tag, comment, PI or DOCTYPE
	readBuffer          = 64 << 10 // steady-state read buffer, and so the largest text chunk
	maxRetainedNames    = 1024     // names a reset tokenizer keeps interned
	maxRef              = 64       // longest entity or character reference ("&#x10FFFF;" with leading zeros)
)

// Options bounds what a Tokenizer accepts. The zero value gives the defaults documented on each field; every
// package of the module that reads XML uses the zero value, so that the same bytes are accepted or refused
// everywhere.
type Options struct {
	// MaxDepth is the deepest element nesting; default DefaultMaxDepth (256).
	MaxDepth int
	// MaxAttrs is the most attributes, namespace declarations included, on one element; default
	// DefaultMaxAttrs (1024).
	MaxAttrs int
	// MaxNameLen is the longest element or attribute name in bytes; default DefaultMaxNameLen (1024).
	MaxNameLen int
	// MaxAttrValue is the longest attribute value in bytes as written; default DefaultMaxAttrValue (64 KiB).
	MaxAttrValue int
	// MaxMarkup is the longest piece of markup (a tag with its attributes, a comment, a processing instruction,
	// a DOCTYPE) in bytes, and so the largest the read buffer grows; default DefaultMaxMarkup (4 MiB). Character
	// data is not bounded by it: it streams in chunks of at most the read buffer.
	MaxMarkup int
	// DTD is the DOCTYPE policy; default DTDReject.
	DTD DTDPolicy
	// RejectUndeclaredPrefix refuses a namespace prefix used without a declaration (ErrUndeclaredPrefix).
	// By default it is tolerated (edXML producers forget declarations) and listed in Token.Undeclared.
	RejectUndeclaredPrefix bool
	// SizeHint is the input's length when the caller knows it (0 when not): small inputs then get a read buffer
	// of their size.
	SizeHint int64
}

func (o Options) withDefaults() Options {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxAttrs <= 0 {
		o.MaxAttrs = DefaultMaxAttrs
	}
	if o.MaxNameLen <= 0 {
		o.MaxNameLen = DefaultMaxNameLen
	}
	if o.MaxAttrValue <= 0 {
		o.MaxAttrValue = DefaultMaxAttrValue
	}
	if o.MaxMarkup <= 0 {
		o.MaxMarkup = DefaultMaxMarkup
	}
	o.MaxMarkup = max(o.MaxMarkup, 1<<10)
	return o
}
