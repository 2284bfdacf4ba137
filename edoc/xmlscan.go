package edoc

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/internal/xmlstream"
)

// Namespaces met in edXML packages.
const (
	// NamespaceEdXML is the namespace of QCVN 102:2016 packages.
	NamespaceEdXML = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
	// NamespaceXMLDSig is the W3C XML-DSig namespace of the Signature element.
	NamespaceXMLDSig = "http://www.w3.org/2000/09/xmldsig#"
	// NamespaceXLink is the XLink namespace some producers use on manifest references.
	NamespaceXLink = "http://www.w3.org/1999/xlink"
)

// Packages are read with internal/xmlstream, the module's one XML tokenizer, so that edoc and the signature
// verifier accept, refuse and read the same bytes alike. The scanner below only adapts it to the reader:
// tokenizer errors become EDOC-X findings by their kind (never by their text), and prefixes producers forget to
// declare are tolerated with a finding (EDOC-X008) and resolved to the namespaces they conventionally name.

type token = xmlstream.Token

// scanner reads tokens for the Reader.
type scanner struct {
	tz    *xmlstream.Tokenizer
	notes *notes
}

// notes collects the tolerated quirks the reader met, bounded so that a hostile input cannot grow it forever.
type notes struct {
	list    []diag.Diagnostic
	dropped int
}

const maxNotes = 200

// full reports whether further notes would be dropped, so that callers can skip building them.
func (n *notes) full() bool { return len(n.list) >= maxNotes }

func (n *notes) add(d diag.Diagnostic) {
	if len(n.list) >= maxNotes {
		n.dropped++
		return
	}
	n.list = append(n.list, d)
}

// newScanner reads r through tz reset for it, or through a new tokenizer when tz is nil.
func newScanner(r io.Reader, maxDepth int, ns *notes, tz *xmlstream.Tokenizer) *scanner {
	opts := xmlstream.Options{MaxDepth: maxDepth}
	if tz == nil {
		return &scanner{tz: xmlstream.NewTokenizer(r, opts), notes: ns}
	}
	tz.Reset(r, opts)
	return &scanner{tz: tz, notes: ns}
}

// path returns the element path of the innermost open element.
func (s *scanner) path() string { return s.tz.Path() }

// qnameTop returns the qualified name of the innermost open element.
func (s *scanner) qnameTop() string { return s.tz.OpenName() }

// next returns the next start, end or text token, skipping comments and processing instructions; io.EOF after
// the document element. Failures are *Error findings or wrapped read errors.
func (s *scanner) next() (*token, error) {
	for {
		t, err := s.nextAny()
		if err != nil || (t.Kind != xmlstream.Comment && t.Kind != xmlstream.ProcInst) {
			return t, err
		}
	}
}

// nextAny returns the next token of any kind.
func (s *scanner) nextAny() (*token, error) {
	t, err := s.tz.Next()
	if err != nil {
		return nil, s.wrap(err)
	}
	if t.Kind == xmlstream.StartElement && len(t.Undeclared) > 0 {
		s.tolerate(t)
	}
	return t, nil
}

// tolerate notes the undeclared prefixes of a start tag and resolves the well-known ones.
func (s *scanner) tolerate(t *token) {
	for _, p := range t.Undeclared {
		s.notes.add(ruleUndeclaredPrefix.At(s.path(), t.Line, t.Column, p))
	}
	if t.Prefix != "" && t.Space == "" {
		t.Space = wellKnownPrefix(t.Prefix)
	}
	for i := range t.Attrs {
		if a := &t.Attrs[i]; a.Prefix != "" && a.Space == "" {
			a.Space = wellKnownPrefix(a.Prefix)
		}
	}
}

// wellKnownPrefix resolves the prefixes producers forget to declare.
func wellKnownPrefix(prefix string) string {
	switch prefix {
	case "edXML":
		return NamespaceEdXML
	case "xlink":
		return NamespaceXLink
	case "ds":
		return NamespaceXMLDSig
	}
	return ""
}

// wrap turns a tokenizer error into a finding by its kind; io.EOF passes, read failures are wrapped.
func (s *scanner) wrap(err error) error {
	if err == io.EOF {
		return err
	}
	var e *xmlstream.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("edoc: reading input: %w", err)
	}
	return &Error{Diagnostic: s.finding(e)}
}

// finding maps a tokenizer error to its EDOC-X rule.
func (s *scanner) finding(e *xmlstream.Error) diag.Diagnostic {
	path := s.path()
	switch e.Kind {
	case xmlstream.ErrEmpty:
		return ruleEmpty.At(path, e.Line, e.Column)
	case xmlstream.ErrNotXML:
		return ruleNotXML.At(path, e.Line, e.Column)
	case xmlstream.ErrDTD:
		return ruleDTD.At(path, e.Line, e.Column)
	case xmlstream.ErrEncoding:
		return ruleEncoding.At(path, e.Line, e.Column, e.Name)
	case xmlstream.ErrUndeclaredPrefix:
		return ruleUndeclaredPrefix.At(path, e.Line, e.Column, e.Name)
	case xmlstream.ErrLimit:
		return limitAt(path, e.Line, e.LimitTerm(false), e.LimitTerm(true), e.Max)
	case xmlstream.ErrTruncated:
		if e.Name != "" {
			return ruleTruncated.At(path, e.Line, e.Column, e.Name)
		}
	case xmlstream.ErrBadPI:
		if e.Name == "xml" {
			return misplacedDeclaration(path, e)
		}
	}
	d := ruleNotWellFormed.At(path, e.Line, e.Column, e.Message(false))
	d.MessageVI = fmt.Sprintf(ruleNotWellFormed.MessageVI, e.Message(true))
	return d
}

// misplacedDeclaration explains an XML declaration that is not at the very start of the input: XML 1.0 §2.8 allows
// nothing before it but a byte-order mark, so a package starting with a newline or a space before <?xml …?> is not
// well-formed (xmllint and the axis's Java parser refuse it too).
func misplacedDeclaration(path string, e *xmlstream.Error) diag.Diagnostic {
	at := strconv.FormatInt(e.Offset, 10)
	d := ruleNotWellFormed.At(path, e.Line, e.Column, "the XML declaration <?xml …?> must be at the very start of the input "+
		"(XML 1.0 §2.8: only a byte-order mark may precede it), but it starts at byte "+at)
	d.MessageVI = fmt.Sprintf(ruleNotWellFormed.MessageVI, "khai báo XML <?xml …?> phải nằm ngay đầu dữ liệu "+
		"(XML 1.0 §2.8: chỉ dấu BOM được đứng trước), nhưng nó bắt đầu ở byte "+at)
	return d
}

// limitAt builds an EDOC-X007 finding naming the limit in each language.
func limitAt(path string, line int, en, vi string, n int) diag.Diagnostic {
	d := ruleLimit.At(path, line, 0, en, n)
	d.MessageVI = fmt.Sprintf(ruleLimit.MessageVI, vi, n)
	return d
}

// limit returns an EDOC-X007 finding at the reader's position.
func (s *scanner) limit(en, vi string, n int) *Error {
	line, _ := s.tz.Pos()
	return &Error{Diagnostic: limitAt(s.path(), line, en, vi, n)}
}

// textLimit reports the text of the innermost open element over max bytes.
func (s *scanner) textLimit(max int) *Error {
	q := s.qnameTop()
	return s.limit("text of <"+q+">", "nội dung văn bản của <"+q+">", max)
}
