package signature

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/internal/xmlstream"
)

// Streaming limits of VerifyXML.
const (
	// DefaultXMLLookahead is the default of VerifyOptions.XMLLookahead: how much of the document VerifyXML
	// keeps in memory while it looks for Signature elements before the big content. edXML puts its signature in
	// edXMLHeader, well inside it. A document whose first signature comes later is spooled to a temporary file
	// (in VerifyOptions.TempDir) and read twice.
	DefaultXMLLookahead = 8 << 20
	// xmlMaxSignatureSize bounds one captured Signature element (SignedInfo, KeyInfo, Object).
	xmlMaxSignatureSize = 4 << 20
	// xmlMaxSignatures bounds the signatures of one document.
	xmlMaxSignatures = 64
	// xmlTokenLogLimit bounds the token log that spares small documents a second parse.
	xmlTokenLogLimit = 1 << 20
	// xmlSmallDocument is the size under which a document of known length is parsed once, from its token
	// log, without a spool.
	xmlSmallDocument = 64 << 10
	// xmlMaxIDs bounds the Id values remembered for duplicate detection.
	xmlMaxIDs = 1 << 20
)

// ErrLateSignature is the FORMAT_FAILURE cause of a signature that appears after the streaming look-ahead
// window, once the document before it has already been digested for the earlier signatures.
var ErrLateSignature = errors.New("signature: XML-DSig signature placed after the streaming look-ahead window cannot be verified in one pass")

// ErrDuplicateID is the FORMAT_FAILURE cause of a same-document reference whose Id is carried by several
// elements (a signature-wrapping pattern).
var ErrDuplicateID = errors.New("signature: XML-DSig reference target Id is not unique")

// VerifyXML verifies every XML-DSig signature ("chữ ký số XML") of the document read from r: enveloped
// signatures over the whole document (URI="", the edXML case) and same-document references by Id, with the
// enveloped-signature, C14N 1.0/1.1, exclusive C14N and base64 transforms. The document is read once and
// canonicalised as it streams, so memory stays bounded on packages of hundreds of MB with inline
// attachments; only the Signature elements are kept.
//
// Each signature is judged by the shared pipeline (chain, revocation, policy at the signing time) and
// becomes one SignatureReport whose Scope says what was actually signed: WholeDocument for URI="".
// Malformed XML and unsupported constructs are reported as TOTAL_FAILED/FORMAT_FAILURE; errors are kept for
// I/O failures, limits and cancellation. A well-formed document without signatures gives an empty Report.
func VerifyXML(ctx context.Context, r io.Reader, opts VerifyOptions) (*Report, error) {
	return verifyXML(ctx, capSize(r, opts.maxSize()), opts)
}

// verifyXML verifies a document read through the size cap.
func verifyXML(ctx context.Context, r io.Reader, opts VerifyOptions) (*Report, error) {
	evs, scan, err := opts.xmlEvidence(ctx, r)
	if err != nil {
		return nil, err
	}
	defer scan.release() // the signatures' trees go back to the pool once every signature is judged
	rep := &Report{Signatures: make([]SignatureReport, 0, len(evs))}
	for _, e := range evs {
		sr := opts.validate(ctx, e.ev)
		sr.Messages = append(sr.Messages, e.warnings...)
		rep.Signatures = append(rep.Signatures, sr)
	}
	return rep, nil
}

type xmlEvidenceItem struct {
	ev       *evidence
	warnings []diag.Diagnostic
}

// spool keeps the bytes read during discovery: in memory up to the look-ahead (in chunks, so that growing
// never copies), then in a temporary file.
type spool struct {
	limit int    // bytes kept in memory before spooling to a file
	dir   string // directory of the spool file, "" for os.TempDir
	hint  int    // expected size, when the reader tells it
	mem   [][]byte
	size  int // bytes in mem
	f     *os.File
	n     int64
}

func (s *spool) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if s.f == nil && s.size+len(p) <= s.limit {
		for rest := p; len(rest) > 0; {
			if k := len(s.mem); k == 0 || len(s.mem[k-1]) == cap(s.mem[k-1]) {
				size := 1 << 20
				if k == 0 {
					size = max(min(s.hint, size), 16<<10)
				}
				s.mem = append(s.mem, make([]byte, 0, size))
			}
			last := &s.mem[len(s.mem)-1]
			n := min(len(rest), cap(*last)-len(*last))
			*last = append(*last, rest[:n]...)
			rest = rest[n:]
		}
		s.size += len(p)
		return len(p), nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "egov-xmldsig-*")
		if err != nil {
			return 0, fmt.Errorf("signature: spooling XML: %w", err)
		}
		s.f = f
		for _, c := range s.mem {
			if _, err := f.Write(c); err != nil {
				return 0, fmt.Errorf("signature: spooling XML: %w", err)
			}
		}
		s.mem = nil
	}
	if _, err := s.f.Write(p); err != nil {
		return 0, fmt.Errorf("signature: spooling XML: %w", err)
	}
	return len(p), nil
}

func (s *spool) reader() (io.Reader, error) {
	if s.f == nil {
		rs := make([]io.Reader, len(s.mem))
		for i, c := range s.mem {
			rs[i] = bytes.NewReader(c)
		}
		return io.MultiReader(rs...), nil
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("signature: spooling XML: %w", err)
	}
	return s.f, nil
}

func (s *spool) close() {
	if s.f != nil {
		name := s.f.Name()
		s.f.Close()
		os.Remove(name)
	}
}

// xmlAttrScope tracks the xml:* attributes in force, for document subsets in inclusive canonicalisation.
type xmlAttrScope struct {
	stack [][]xmlAttr
}

func (x *xmlAttrScope) push(attrs []xmlAttr) {
	var own []xmlAttr
	for _, a := range attrs {
		if a.Space == nsXML {
			own = append(own, a)
		}
	}
	x.stack = append(x.stack, own)
}

func (x *xmlAttrScope) pop() {
	if len(x.stack) > 0 {
		x.stack = x.stack[:len(x.stack)-1]
	}
}

// inherited returns the nearest value of each xml:* attribute over the first n levels, except xml:base, which
// it returns once per level that declares it, nearest first: C14N 1.0 inherits the nearest, C14N 1.1 joins
// them all (its xml:base fix-up; see newCanonicalizer).
func (x *xmlAttrScope) inherited(n int) []xmlAttr {
	var out []xmlAttr
	for i := min(n, len(x.stack)) - 1; i >= 0; i-- {
	next:
		for _, a := range x.stack[i] {
			for _, o := range out {
				if o.Local == a.Local && a.Local != "base" {
					continue next
				}
			}
			out = append(out, a)
		}
	}
	return out
}

// sigScanner finds Signature elements in a token stream and captures them.
type sigScanner struct {
	builders   *[]*xmlstream.Builder // where the builders of captured signatures are listed for release
	elements   int
	minOrdinal int // only elements after this many are captured (late signatures in the second pass)
	build      *xmlstream.Builder
	ordinal    int
	ctx        []nsDecl
	xmlIn      []xmlAttr
	xs         xmlAttrScope
}

// feed processes a token; it returns a signature when one is complete.
func (sc *sigScanner) feed(ns *nsStack, t *xmlToken) (*xmlSignature, error) {
	switch t.Kind {
	case tokStart:
		sc.elements++
		sc.xs.push(t.Attrs)
		if sc.build == nil && t.Local == "Signature" && sc.elements > sc.minOrdinal {
			sc.build = xmlBuilders.Get().(*xmlstream.Builder)
			sc.build.Reset(xmlMaxSignatureSize, "")
			*sc.builders = append(*sc.builders, sc.build)
			sc.ordinal = sc.elements
			sc.ctx = ns.InScope()
			sc.xmlIn = sc.xs.inherited(len(sc.xs.stack))
		}
	case tokEnd:
		defer sc.xs.pop()
	}
	if sc.build == nil {
		return nil, nil
	}
	done, err := sc.build.Add(t)
	if err != nil {
		return nil, err
	}
	if !done {
		return nil, nil
	}
	root := sc.build.Root()
	sc.build = nil
	s := parseXMLSignature(root)
	if s == nil {
		return nil, nil
	}
	s.ordinal, s.ctx, s.xmlIn = sc.ordinal, sc.ctx, sc.xmlIn
	return s, nil
}

// refEngine computes the digest of one reference while the document streams.
type refEngine struct {
	sig    *xmlSignature
	ref    *xmlReference
	h      hash.Hash
	c      *canonicalizer
	b64    *base64Sink
	chain  *c14nChain // further canonicalizations of the reference, nil when there is one
	active bool
	done   bool
	apex   int // depth of the referenced element (Id references)
	skip   int // depth of the skipped enveloped Signature, 0 when not skipping
}

func newRefEngine(s *xmlSignature, r *xmlReference, tempDir string) *refEngine {
	e := &refEngine{sig: s, ref: r, h: r.Digest.New()}
	if len(r.Then) > 0 {
		e.chain = newC14NChain(r.Then, tempDir)
	}
	if r.Whole {
		e.active = true
		e.c = newCanonicalizer(r.C14N, e.sink(), nil, nil)
	}
	return e
}

// sink is where the reference's (first) canonicalization writes: the digest, or the chain's spool.
func (e *refEngine) sink() io.Writer {
	if e.chain != nil {
		return e.chain.sink()
	}
	return e.h
}

// feed passes a token to the engine; ordinal is the element index of a start token.
func (e *refEngine) feed(t *xmlToken, ordinal int, ns *nsStack, xs *xmlAttrScope) error {
	if e.done {
		return nil
	}
	if !e.active {
		if t.Kind != tokStart || e.ref.ID == "" || !hasID(t, e.ref.ID) {
			return nil
		}
		e.active, e.apex = true, t.Depth
		if e.ref.Base64 {
			e.b64 = &base64Sink{w: e.h}
		} else {
			e.c = newCanonicalizer(e.ref.C14N, e.sink(), ns.InScopeParent(), xs.inherited(len(xs.stack)-1))
		}
	}
	if e.skip > 0 {
		if t.Kind == tokEnd && t.Depth == e.skip {
			e.skip = 0
		}
		return nil
	}
	if t.Kind == tokStart && e.ref.Enveloped && ordinal == e.sig.ordinal {
		e.skip = t.Depth
		return nil
	}
	if t.Kind == tokComment && !e.ref.KeepComments {
		return nil
	}
	var err error
	if e.b64 != nil {
		if t.Kind == tokText {
			err = e.b64.write(t.Text)
		}
	} else {
		err = e.c.token(t)
	}
	if err != nil {
		return err
	}
	if e.ref.ID != "" && t.Kind == tokEnd && t.Depth == e.apex {
		return e.finish()
	}
	return nil
}

// closeRefEngines releases the spools of chained canonicalizations, also when the scan stops early.
func closeRefEngines(engines []*refEngine) {
	for _, e := range engines {
		if e.chain != nil {
			e.chain.close()
		}
	}
}

func (e *refEngine) finish() error {
	if e.done || !e.active {
		return nil
	}
	e.done = true
	if e.b64 != nil {
		if err := e.b64.close(); err != nil {
			return err
		}
	} else {
		err := e.c.release()
		e.c = nil
		if err != nil {
			return err
		}
	}
	if e.chain != nil {
		if err := e.chain.finish(e.h); err != nil {
			e.ref.Err = err // this reference cannot be computed: FORMAT_FAILURE of its signature only
			return nil
		}
	}
	e.ref.computed = e.h.Sum(nil)
	return nil
}

// hasID reports whether a start tag carries id as an Id, ID, id or xml:id attribute.
func hasID(t *xmlToken, id string) bool {
	for _, a := range t.Attrs {
		if a.Value == id && isIDAttr(a) {
			return true
		}
	}
	return false
}

func isIDAttr(a xmlAttr) bool {
	switch {
	case a.Prefix == "":
		return a.Local == "Id" || a.Local == "ID" || a.Local == "id"
	case a.Space == nsXML:
		return a.Local == "id"
	}
	return false
}

// base64Sink decodes the text of a base64 transform as it streams, with the module's one base64 decoder.
type base64Sink struct {
	w   io.Writer
	dec xmlstream.Base64Decoder
}

func (b *base64Sink) write(p []byte) error {
	out, err := b.dec.Write(p)
	if err != nil {
		return fmt.Errorf("signature: base64 transform: %w", err)
	}
	_, err = b.w.Write(out)
	return err
}

func (b *base64Sink) close() error {
	if _, err := b.dec.Close(); err != nil {
		return fmt.Errorf("signature: base64 transform: %w", err)
	}
	return nil
}

// xmlEvidence runs discovery and the streaming digest pass, then builds one evidence per signature. The
// scan holds the signatures' trees: the caller releases it once the evidence is judged.
func (o *VerifyOptions) xmlEvidence(ctx context.Context, r io.Reader) ([]xmlEvidenceItem, *xmlScan, error) {
	scan, err := scanXMLSignatures(ctx, r, o.xmlLookahead(), o.TempDir)
	if err != nil {
		return nil, nil, err
	}
	if scan.syntaxErr != nil {
		return syntaxEvidence(scan.sigs, scan.syntaxErr), scan, nil
	}
	items := make([]xmlEvidenceItem, 0, len(scan.sigs))
	for i, s := range scan.sigs {
		item := o.xmlSignatureEvidence(s, i+1, scan.dupIDs)
		if scan.undeclared != "" {
			item.warnings = append(item.warnings, ruleXMLUndeclaredPrefix.New("", scan.undeclared))
		}
		items = append(items, item)
	}
	return items, scan, nil
}

// xmlScan is what the two passes over a document found: the signatures with their references' computed
// digests, the duplicated Id values, or the syntax error that stopped the scan.
type xmlScan struct {
	builders   []*xmlstream.Builder // trees of the captured signatures, pooled
	sigs       []*xmlSignature
	dupIDs     []string
	undeclared string // first namespace prefix used without a declaration (tolerated edXML quirk)
	syntaxErr  error
}

// scanXMLSignatures finds the signatures of a document and digests their references in one streaming pass
// (plus a replay of the look-ahead). Errors are I/O failures, limits and cancellation.
func scanXMLSignatures(ctx context.Context, src io.Reader, lookahead int, tempDir string) (*xmlScan, error) {
	r := src
	// Readers that know their length (bytes.Reader, strings.Reader) let small documents be buffered and
	// logged in allocations of the right size.
	hint := 0
	if lr, ok := r.(interface{ Len() int }); ok && lr.Len() > 0 && lr.Len() < xmlTokenLogLimit {
		hint = lr.Len() + 1
	}
	sp := &spool{limit: lookahead, dir: tempDir, hint: hint}
	defer sp.close()

	// Pass 1 (discovery): read until the signatures are known, keeping what was read.
	bufs := getScanBuffers()
	defer bufs.release()
	tz := bufs.tz
	if hint > 0 && hint <= xmlSmallDocument {
		// The whole document is read within the look-ahead and logged: no spool is needed. The log's own
		// bound is lifted (a small document's log is at most a few times its size).
		tz.Reset(src, xmlReadOptions(int64(hint)))
	} else {
		tz.Reset(io.TeeReader(src, sp), xmlReadOptions(int64(hint)))
	}
	undeclared := ""
	log := bufs.log
	log.reset(hint)
	var builders []*xmlstream.Builder
	sc := sigScanner{builders: &builders, xs: xmlAttrScope{stack: bufs.xsDiscovery[:0]}}
	defer func() { bufs.xsDiscovery = sc.xs.stack }()
	var sigs []*xmlSignature
	var syntaxErr error
	eof := false
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("signature: %w", err)
			}
		}
		if len(sigs) > 0 && sc.build == nil && sp.n >= int64(lookahead) {
			break
		}
		tok, err := tz.Next()
		if err == io.EOF {
			eof = true
			break
		}
		if err != nil {
			if isIOError(err) {
				return nil, err
			}
			syntaxErr = err
			break
		}
		if undeclared == "" && len(tok.Undeclared) > 0 {
			undeclared = tok.Undeclared[0]
		}
		if log != nil && !log.add(tok) {
			log = nil
		}
		s, err := sc.feed(tz.Scope(), tok)
		if err != nil {
			syntaxErr = err
			break
		}
		if s != nil {
			if len(sigs) >= xmlMaxSignatures {
				return nil, fmt.Errorf("signature: more than %d XML signatures", xmlMaxSignatures)
			}
			sigs = append(sigs, s)
		}
	}
	if syntaxErr != nil || (len(sigs) == 0 && eof) {
		return &xmlScan{builders: builders, sigs: sigs, syntaxErr: syntaxErr}, nil
	}

	// Pass 2 (digest): replay what was read, then stream the rest, digesting every reference.
	var engines []*refEngine
	ids := map[string]int{}
	for _, s := range sigs {
		if s.formatErr != nil {
			continue
		}
		for _, ref := range s.refs {
			if ref.Err != nil {
				continue
			}
			if ref.ID != "" {
				ids[ref.ID] = 0
			}
			engines = append(engines, newRefEngine(s, ref, tempDir))
		}
	}
	defer closeRefEngines(engines)
	head, err := sp.reader()
	if err != nil {
		return nil, err
	}
	var in io.Reader = head
	if !eof {
		in = io.MultiReader(head, src)
	}
	var src2 tokenSource
	if hint > 0 && hint <= xmlSmallDocument && (log == nil || !eof) {
		// Nothing was spooled because the reader reported a small length; it lied.
		return nil, errors.New("signature: XML input is longer than the length its reader reports")
	}
	if eof && log != nil {
		src2 = &logSource{l: log} // small document: replay the tokens instead of parsing again
	} else {
		tz.Reset(in, xmlReadOptions(0))
		src2 = &liveSource{t: tz}
	}
	xs := xmlAttrScope{stack: bufs.xsDigest[:0]}
	defer func() { bufs.xsDigest = xs.stack }()
	late := sigScanner{minOrdinal: sc.elements, builders: &builders}
	seen := 0
	allIDs := map[string]struct{}{}
	var dupIDs []string
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("signature: %w", err)
			}
		}
		tok, err := src2.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if isIOError(err) {
				return nil, err
			}
			return &xmlScan{builders: builders, sigs: sigs, syntaxErr: err}, nil
		}
		if undeclared == "" && tok.Kind == tokStart && len(tok.Undeclared) > 0 {
			undeclared = tok.Undeclared[0]
		}
		ordinal := 0
		switch tok.Kind {
		case tokStart:
			seen++
			ordinal = seen
			xs.push(tok.Attrs)
			for _, a := range tok.Attrs {
				if !isIDAttr(a) {
					continue
				}
				if c, ok := ids[a.Value]; ok {
					ids[a.Value] = c + 1
				}
				if _, dup := allIDs[a.Value]; dup {
					if len(dupIDs) < 16 {
						dupIDs = append(dupIDs, a.Value)
					}
				} else if len(allIDs) < xmlMaxIDs {
					allIDs[a.Value] = struct{}{}
				}
			}
		}
		for _, e := range engines {
			if err := e.feed(tok, ordinal, src2.scope(), &xs); err != nil {
				return &xmlScan{builders: builders, sigs: sigs, syntaxErr: err}, nil
			}
		}
		if tok.Kind == tokEnd {
			xs.pop()
		}
		if eof {
			continue // discovery saw the whole document: no signature can be late
		}
		s, err := late.feed(src2.scope(), tok)
		if err != nil {
			return &xmlScan{builders: builders, sigs: sigs, syntaxErr: err}, nil
		}
		if s != nil {
			s.late = true
			if len(sigs) < xmlMaxSignatures {
				sigs = append(sigs, s)
			}
		}
	}
	for _, e := range engines {
		if e.ref.Whole {
			if err := e.finish(); err != nil {
				return &xmlScan{builders: builders, sigs: sigs, syntaxErr: err}, nil
			}
		}
		if e.ref.ID != "" {
			e.ref.found = ids[e.ref.ID]
		}
	}
	return &xmlScan{builders: builders, sigs: sigs, dupIDs: dupIDs, undeclared: undeclared}, nil
}

func isIOError(err error) bool {
	var se *SyntaxError
	return !errors.As(err, &se)
}

// syntaxEvidence reports a document that is not well-formed: every signature found so far (or one
// placeholder) fails with FORMAT_FAILURE.
func syntaxEvidence(sigs []*xmlSignature, err error) []xmlEvidenceItem {
	if len(sigs) == 0 {
		return []xmlEvidenceItem{{ev: &evidence{Format: FormatXMLDSig, ID: "#1", FormatErr: err}}}
	}
	out := make([]xmlEvidenceItem, 0, len(sigs))
	for i, s := range sigs {
		ev := &evidence{Format: FormatXMLDSig, ID: sigID(s, i+1), FormatErr: err, Certificates: s.certs}
		out = append(out, xmlEvidenceItem{ev: ev, warnings: s.warnings})
	}
	return out
}

func sigID(s *xmlSignature, n int) string {
	if s.id != "" {
		return s.id
	}
	return fmt.Sprintf("#%d", n)
}

// xmlSignatureEvidence checks the references' digests and the signature value of one signature.
func (o *VerifyOptions) xmlSignatureEvidence(s *xmlSignature, n int, dupIDs []string) xmlEvidenceItem {
	ev := &evidence{Format: FormatXMLDSig, ID: sigID(s, n), Certificates: s.certs, SigningTime: s.signTime,
		SigningTimeZoneless: s.zoneless, SigningTimeText: s.signText, CRLs: s.crls, OCSPs: s.ocsps}
	item := xmlEvidenceItem{ev: ev, warnings: s.warnings}
	if s.late {
		ev.FormatErr = ErrLateSignature
		return item
	}
	if s.formatErr != nil {
		ev.FormatErr = s.formatErr
		return item
	}
	inside := 0 // SIG-XML-ENVELOPED-INSIDE warnings given (at most 4)
	for _, ref := range s.refs {
		if ref.Err != nil {
			ev.FormatErr = errors.Join(ev.FormatErr, ref.Err)
			continue
		}
		ev.Algorithms = append(ev.Algorithms, AlgorithmUse{Purpose: "digest", URI: ref.DigestURI, Hash: ref.Digest})
		if ref.ID != "" {
			switch {
			case ref.found == 0:
				ev.FormatErr = errors.Join(ev.FormatErr, xmlFormatErr("Reference %q: no element carries Id %q", ref.URI, ref.ID))
				continue
			case ref.found > 1:
				ev.FormatErr = errors.Join(ev.FormatErr, fmt.Errorf("%w: Reference %q matches %d elements", ErrDuplicateID, ref.URI, ref.found))
				continue
			}
		}
		if ref.Inside {
			if w := s.envelopedInside(ref); inside < 4 {
				item.warnings, inside = append(item.warnings, w), inside+1
			}
			if ref.empty {
				continue // the W3C reading: the reference signs nothing
			}
		}
		if ref.Whole {
			ev.Scope.WholeDocument = true
		}
		ev.Scope.References = append(ev.Scope.References, ref.URI)
		if !bytes.Equal(ref.computed, ref.DigestValue) {
			ev.HashErr = errors.Join(ev.HashErr, fmt.Errorf("signature: XML-DSig Reference %q: digest mismatch (the signed content was changed)", ref.URI))
		}
	}
	// A reference read as signing nothing may have withdrawn the signing time.
	s.refreshSigningTime()
	ev.SigningTime, ev.SigningTimeZoneless, ev.SigningTimeText = s.signTime, s.zoneless, s.signText
	if s.unsignedTime != "" {
		item.warnings = append(item.warnings, ruleUnsignedTime.New("", s.unsignedTime))
	}
	if ev.FormatErr == nil && ev.HashErr == nil && len(ev.Scope.References) == 0 {
		ev.FormatErr = xmlFormatErr("no Reference signs anything (each digests an empty node-set)")
	}
	for _, id := range dupIDs {
		item.warnings = append(item.warnings, ruleXMLDuplicateID.New("", id))
		if len(item.warnings) > 16 {
			break
		}
	}
	if ev.FormatErr != nil {
		ev.Scope = Scope{}
		return item
	}
	// SignedInfo: canonicalise the captured subtree in its namespace context and verify the value.
	digest, err := s.signedInfoDigest()
	if err != nil {
		ev.FormatErr = err
		return item
	}
	verify := func(k crypto.PublicKey) error { return s.method.verifyValue(k, digest, s.value) }
	cert := s.signerCertificate(o.Intermediates, verify)
	var key crypto.PublicKey
	switch {
	case cert != nil:
		key = cert.PublicKey
		ev.SignerCert = cert
	case s.keyValue != nil:
		key = s.keyValue
	}
	use := AlgorithmUse{Purpose: "signature", URI: s.method.URI, Hash: s.method.Hash, PublicKey: s.method.Key, PSS: s.method.PSS}
	if key != nil {
		use.KeyBits = keyBits(key)
		if err := verify(key); err != nil {
			ev.SignatureErr = fmt.Errorf("signature: XML-DSig SignatureValue does not verify: %w", err)
		}
	}
	ev.Algorithms = append(ev.Algorithms, use)
	return item
}

// tokenSource yields tokens with their namespace context: the tokenizer, or a replayed token log.
type tokenSource interface {
	next() (*xmlToken, error)
	scope() *nsStack
}

// liveSource reads tokens from the tokenizer.
type liveSource struct{ t *xmlstream.Tokenizer }

func (s *liveSource) next() (*xmlToken, error) { return s.t.Next() }
func (s *liveSource) scope() *nsStack          { return s.t.Scope() }

// tokenLog records the tokens of a small document during discovery, so that the digest pass replays them
// instead of parsing the document again. It is compact: one small event per token (in chunks that never
// move), names only for start tags (end tags take theirs from a stack on replay), and attributes,
// declarations and text in arenas whose ranges end where the next token's begin.
type tokenLog struct {
	events [][]logEvent
	starts []logStart
	attrs  []xmlAttr
	ns     []nsDecl
	text   []byte
	chunks int // capacity of the event chunks
	limit  int
}

type logEvent struct {
	t0       int32 // start of the token's text in the text arena
	s        int32 // start tags and PIs: index in starts
	kind     xmlTokenKind
	empty    bool
	verbatim bool // text read as it was written (no reference, no CR): C14N need not search it for escapes
}

type logStart struct {
	prefix, local string // PI: local is the target
	a0, n0        int32
}

// reset empties the log for a document of the given size hint (0 when unknown), keeping the largest event
// chunk and the arenas' capacity.
func (l *tokenLog) reset(hint int) {
	l.limit = xmlTokenLogLimit
	if hint > 0 && hint <= xmlSmallDocument {
		l.limit = 64*hint + xmlTokenLogLimit
	}
	var first []logEvent
	for _, c := range l.events {
		if cap(c) > cap(first) {
			first = c
		}
	}
	if hint > 0 && cap(first) < hint/20+32 {
		first = make([]logEvent, 0, hint/20+32)
	}
	l.events = l.events[:0]
	l.chunks = 0
	if first != nil {
		l.events = append(l.events, first[:0])
		l.chunks = cap(first)
	}
	l.starts = growCap(l.starts[:0], hint/60+16, hint)
	l.attrs = growCap(l.attrs[:0], hint/64+16, hint)
	l.ns = l.ns[:0]
	l.text = growCap(l.text[:0], hint, hint)
}

// growCap returns s (empty) with room for n elements when hint asks for preallocation.
func growCap[E any](s []E, n, hint int) []E {
	if hint > 0 && cap(s) < n {
		return make([]E, 0, n)
	}
	return s
}

// retained estimates the bytes the log's arenas keep.
func (l *tokenLog) retained() int {
	n := cap(l.text) + 64*cap(l.attrs) + 48*cap(l.starts) + 32*cap(l.ns)
	for _, c := range l.events {
		n += 12 * cap(c)
	}
	return n
}

// xmlBuilders recycles the builders (node, pointer and text blocks) of captured Signature elements; a tree
// lives until its signature is judged (xmlScan.release). xmlBuilderRetain bounds what a pooled one keeps.
var xmlBuilders = sync.Pool{New: func() any { return xmlstream.NewBuilder(0, "") }}

const xmlBuilderRetain = 256 << 10

// release returns the trees of the signatures to the pool: nothing may use the signatures afterwards (their
// reports keep strings, parsed certificates and decoded values, none of which point into the trees).
func (s *xmlScan) release() {
	if s == nil {
		return
	}
	for _, b := range s.builders {
		if b.Retained() <= xmlBuilderRetain {
			xmlBuilders.Put(b)
		}
	}
	s.builders, s.sigs = nil, nil
}

// xmlScanBuffers is the memory of one scan that does not outlive it: the tokenizer and the token log. A pool
// of them lets a verifier serving many small documents verify without allocating them each time; what a
// large document grew is not kept (release drops buffers over xmlPoolRetain).
type xmlScanBuffers struct {
	tz  *xmlstream.Tokenizer
	log *tokenLog
	// the xml:* attribute stacks of both passes (at most MaxDepth levels)
	xsDiscovery, xsDigest [][]xmlAttr
}

// xmlPoolRetain bounds the bytes of token log a pooled xmlScanBuffers keeps, so that one large document does
// not pin memory after it is done.
const xmlPoolRetain = 512 << 10

var xmlScanPool = sync.Pool{New: func() any {
	return &xmlScanBuffers{tz: xmlstream.NewTokenizer(nil, xmlstream.Options{}), log: &tokenLog{}}
}}

func getScanBuffers() *xmlScanBuffers { return xmlScanPool.Get().(*xmlScanBuffers) }

// release returns the buffers to the pool once nothing refers to their slices: the signatures found keep
// copies (xmlstream.Builder copies text, attributes and declarations).
func (b *xmlScanBuffers) release() {
	b.tz.Reset(nil, xmlstream.Options{})
	if b.log.retained() > xmlPoolRetain {
		b.log = &tokenLog{}
	}
	clear(b.xsDiscovery[:cap(b.xsDiscovery)])
	clear(b.xsDigest[:cap(b.xsDigest)])
	clear(b.log.attrs[:cap(b.log.attrs)]) // drop references to the document's strings
	clear(b.log.starts[:cap(b.log.starts)])
	xmlScanPool.Put(b)
}

// add records t; it reports false (and the log must be dropped) once the log exceeds its limit.
func (l *tokenLog) add(t *xmlToken) bool {
	ev := logEvent{t0: int32(len(l.text)), kind: t.Kind, empty: t.Empty, verbatim: t.Kind == tokText && verbatim(t)}
	if t.Kind == tokStart || t.Kind == tokPI {
		ev.s = int32(len(l.starts))
		l.starts = append(l.starts, logStart{prefix: t.Prefix, local: t.Local, a0: int32(len(l.attrs)), n0: int32(len(l.ns))})
		l.attrs = append(l.attrs, t.Attrs...)
		l.ns = append(l.ns, t.NS...)
	}
	l.text = append(l.text, t.Text...)
	if k := len(l.events); k == 0 || len(l.events[k-1]) == cap(l.events[k-1]) {
		l.events = append(l.events, make([]logEvent, 0, max(256, l.chunks)))
		l.chunks += cap(l.events[len(l.events)-1])
	}
	last := &l.events[len(l.events)-1]
	*last = append(*last, ev)
	return len(l.text)+64*len(l.attrs)+48*len(l.starts)+12*l.chunks <= l.limit
}

// logSource replays a token log, keeping the namespace context as the tokenizer does.
type logSource struct {
	l     *tokenLog
	c, i  int
	depth int
	open  []int32 // starts of the open elements
	ns    nsStack
	tok   xmlToken
}

func (s *logSource) scope() *nsStack { return &s.ns }

func (s *logSource) next() (*xmlToken, error) {
	l := s.l
	for s.c < len(l.events) && s.i >= len(l.events[s.c]) {
		s.c, s.i = s.c+1, 0
	}
	if s.c >= len(l.events) {
		return nil, io.EOF
	}
	ev := &l.events[s.c][s.i]
	s.i++
	t1 := int32(len(l.text))
	if s.i < len(l.events[s.c]) {
		t1 = l.events[s.c][s.i].t0
	} else if s.c+1 < len(l.events) && len(l.events[s.c+1]) > 0 {
		t1 = l.events[s.c+1][0].t0
	}
	// The token is filled field by field, names and slices only where they change: it lives on the heap,
	// where a whole-struct assignment pays a write barrier for every pointer slot while the collector runs.
	tk := &s.tok
	tk.Kind, tk.Empty, tk.Depth = ev.kind, ev.empty, s.depth
	tk.Text = l.text[ev.t0:t1:t1]
	if ev.verbatim {
		tk.Raw = tk.Text // the original bytes: what verbatim() recognises
	} else if tk.Raw != nil {
		tk.Raw = nil
	}
	switch ev.kind {
	case tokStart:
		st := &l.starts[ev.s]
		a1, n1 := int32(len(l.attrs)), int32(len(l.ns))
		if int(ev.s)+1 < len(l.starts) {
			a1, n1 = l.starts[ev.s+1].a0, l.starts[ev.s+1].n0
		}
		tk.Prefix, tk.Local = st.prefix, st.local
		tk.Attrs, tk.NS = l.attrs[st.a0:a1:a1], l.ns[st.n0:n1:n1]
		s.depth++
		tk.Depth = s.depth
		s.open = append(s.open, ev.s)
		s.ns.Push(tk.NS)
		tk.Space, _ = s.ns.Lookup(st.prefix)
		return tk, nil
	case tokEnd:
		if len(s.open) == 0 {
			return nil, errors.New("signature: corrupt token log")
		}
		st := &l.starts[s.open[len(s.open)-1]]
		s.open = s.open[:len(s.open)-1]
		tk.Prefix, tk.Local = st.prefix, st.local
		tk.Space, _ = s.ns.Lookup(st.prefix)
		s.ns.Pop()
		s.depth--
	case tokPI:
		tk.Prefix, tk.Local, tk.Space = "", l.starts[ev.s].local, ""
	default:
		if tk.Local != "" {
			tk.Prefix, tk.Local, tk.Space = "", "", ""
		}
	}
	if tk.Attrs != nil {
		tk.Attrs = nil
	}
	if tk.NS != nil {
		tk.NS = nil
	}
	return &s.tok, nil
}

// signedInfoDigest canonicalises the captured SignedInfo in its namespace context and digests it with the
// signature method's hash.
func (s *xmlSignature) signedInfoDigest() ([]byte, error) {
	h := s.method.Hash.New()
	c := newCanonicalizer(s.c14n, h, s.ctx, s.xmlIn)
	if err := replay(s.signedInf, c, 1); err != nil {
		return nil, err
	}
	if err := c.release(); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
