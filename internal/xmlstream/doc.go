// Package xmlstream is the module's one XML reader: a bounded, streaming tokenizer of XML 1.0 with Namespaces
// in XML 1.0, a small node type for the trees built from its tokens (edXML headers, XML-DSig Signature
// elements) and a streaming base64 decoder. edoc (QCVN 102:2016 edXML packages) and signature (XML-DSig,
// W3C XML Signature 1.1 with C14N) both read through it, so that a consumer and a verifier accept and refuse
// the same bytes and read them into the same tree: a verifier that sees another document than its consumer is
// how signature-wrapping attacks work.
//
// The tokenizer keeps one read buffer (64 KiB in steady state, growing only for one long piece of markup up to
// Options.MaxMarkup), hands out character data in chunks of at most that buffer (an attachment of hundreds of
// MB of base64 streams through), keeps the original bytes (Token.Raw), the position (byte offset, 1-based line
// and column in bytes) and the namespace context (Scope) of every token, and reports failures as *Error values
// with a Kind, the position and the offending names in fields of their own, rendered in English or Vietnamese
// by Error.Message from one template per kind.
//
//	tz := xmlstream.NewTokenizer(r, xmlstream.Options{})
//	for {
//		tok, err := tz.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // *xmlstream.Error: e.Kind, e.Line, e.Column, e.Name
//		}
//		// use tok.Kind, tok.Local, tok.Space, tok.Attrs, tok.Text
//	}
//
// # What the tokenizer accepts and refuses
//
// The reference is XML 1.0 (Fifth Edition) and Namespaces in XML 1.0 (Third Edition). Where the two readers the
// module had before disagreed, the decision and its reason:
//
//   - Encoding: the input is read as UTF-8 and validated once, every byte, as it passes (text, markup,
//     names, values). Invalid UTF-8 is ErrInvalidUTF8. An XML declaration naming an encoding other than
//     UTF-8 (case-insensitive; the common misspelling "UTF8" is accepted), such as ISO-8859-1 or UTF-16, is
//     ErrEncoding, as is a UTF-16 byte order mark: reading those bytes as UTF-8 would misread the document,
//     and e-government packages are UTF-8 (QCVN 102:2016). A UTF-8 byte order mark is skipped.
//   - Characters: C0 controls other than TAB, LF and CR, and U+FFFE and U+FFFF, are refused wherever they
//     appear (ErrBadChar), and so are character references to them or to surrogates, such as &#xFFFE; or &#0;
//     (ErrBadCharRef): XML 1.0 §2.2 production [2] Char and WFC: Legal Character.
//   - Line ends: CR LF and a lone CR become LF in character data, comments, processing instructions and
//     CDATA sections (§2.11), and each counts as one line for positions; in attribute values CR, LF and TAB
//     become spaces (§3.3.3 attribute-value normalisation), as references such as &#13; stay themselves.
//   - DOCTYPE: refused by default (Options.DTD = DTDReject, ErrDTD). DTDIgnoreInert skips a DOCTYPE without
//     entity or attribute-list declarations, so that the document reads the same with or without it; signature's
//     general Canonicalize uses it for the C14N specification's examples. Only the predefined entities and
//     character references are ever expanded: no entity expansion attack is possible.
//   - Nesting: at most Options.MaxDepth levels, 256 by default (libxml2's default), for every reader of the
//     module (the edXML reader had 64, the verifier 4,096).
//   - Attributes: at most Options.MaxAttrs (1,024) attributes and namespace declarations on one element.
//     Uniqueness is checked on expanded names (Namespaces §6.3; this implies XML 1.0's WFC: Unique Att Spec),
//     and namespace prefixes declared twice on one element are refused; both checks sort when an element has
//     more than 8 attributes, so an element with n attributes costs O(n log n), never O(n²).
//   - Namespaces: xmlns:p="" (Namespaces 1.0 forbids undeclaring a prefix), binding the xml or xmlns
//     names against §3, and an element prefixed xmlns are ErrNamespace. A prefix used without a declaration is
//     tolerated by default and listed in Token.Undeclared, its Space left empty: edXML producers forget
//     declarations, and edoc reports them (EDOC-X008); Options.RejectUndeclaredPrefix refuses them.
//   - Other well-formedness: matching end tags, one document element, no character data outside it, "--"
//     not inside comments, "]]>" not in character data (checked within one chunk of text), the XML declaration
//     only at the very start, names starting with a letter, '_' or ':' (non-ASCII name characters are accepted
//     without checking XML 1.0 §2.3's ranges; only their UTF-8 is checked), at most one ':' in a name.
//   - Limits: names (Options.MaxNameLen, 1 KiB), attribute values (Options.MaxAttrValue, 64 KiB), one
//     piece of markup (Options.MaxMarkup, 4 MiB). Character data is not limited by the tokenizer (it streams);
//     consumers bound what they keep (edoc's MaxText and MaxHeaderSize, signature's Signature element size).
//
// # Performance
//
// Costs are linear in the input: each byte is checked once for UTF-8 and XML characters (32 ASCII bytes per
// step), line ends are counted with bytes.Count, text without references or CR is handed out as a slice of the
// read buffer without copying (Token.Raw and Token.Text then share their bytes, which lets the canonicaliser
// skip its escape search), names are interned. Uniqueness checks sort: BenchmarkHostile here tokenizes 200,000
// attributes on one element (the attribute limit lifted), 200,000 attributes over 20,000 elements and 50,000
// namespace declarations against a document of base64 text of the same size; edoc's BenchmarkHostile reads
// such packages with the default limits (the single-element ones are refused at the 1,025th attribute).
//
// Tokenizer.Reset and Builder.Reset keep the memory of the last document (a read buffer of at most 64 KiB, the
// name table, scratch slices, node and text blocks), so that a caller verifying many small documents keeps
// them in pools and allocates little per document; the token is filled field by field, because a whole-struct
// assignment into the heap pays a write barrier for every pointer slot while the collector runs.
package xmlstream
