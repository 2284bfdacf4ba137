package signature

import (
	"bytes"
	"fmt"
	"hash"
	"io"

	"github.com/vnegov/egov/diag"
)

// Limits of chained canonicalizations (a Reference with exc-c14n then c14n, as an e-invoice producer writes).
const (
	// xmlMaxChainedC14N bounds the canonicalizations after the first in one Reference.
	xmlMaxChainedC14N = 4
	// xmlMaxChainedRefs bounds the references with chained canonicalizations in one signature, so that
	// memory (xmlChainMemory each) and temporary files stay bounded: at most 64 signatures × 8 × 64 KiB
	// = 32 MiB and 512 temporary files, whatever the document.
	xmlMaxChainedRefs = 8
	// xmlChainMemory is how much of one intermediate canonical form is kept in memory (an e-invoice of
	// TT 78/2021 fits); the rest is spooled to a temporary file (VerifyOptions.TempDir), so a chain over a
	// package of hundreds of MB stays bounded.
	xmlChainMemory = 64 << 10
)

// c14nChain applies the canonicalizations after the first one of a Reference. XML-DSig 1.1 §6.6.1 and §4.4.3.2:
// when a transform that needs a node-set follows one that produced octets, the octets are parsed again into
// the node-set of the whole re-parsed document (comments included, which a "without comments" algorithm then
// drops). The first canonical form is written to a spool while the document streams; finish re-reads it
// through the module's one tokenizer for each further method, the last one writing into the digest.
type c14nChain struct {
	methods []c14nMethod
	tempDir string
	first   *spool // output of the reference's first canonicalization
}

func newC14NChain(methods []c14nMethod, tempDir string) *c14nChain {
	return &c14nChain{methods: methods, tempDir: tempDir, first: newChainSpool(tempDir)}
}

// newChainSpool returns a spool that keeps at most xmlChainMemory bytes in memory (one chunk of that size:
// the hint sizes the first chunk, so no larger chunk is ever allocated before the spill to a file).
func newChainSpool(tempDir string) *spool {
	return &spool{limit: xmlChainMemory, dir: tempDir, hint: xmlChainMemory}
}

// sink is where the first canonicalization writes.
func (ch *c14nChain) sink() io.Writer { return ch.first }

// finish runs the further canonicalizations and writes the last canonical form into h.
func (ch *c14nChain) finish(h hash.Hash) error {
	in := ch.first
	for i, m := range ch.methods {
		var out io.Writer = h
		var next *spool
		if i < len(ch.methods)-1 {
			next = newChainSpool(ch.tempDir)
			out = next
		}
		err := recanonicalize(in, m, out)
		in.close()
		if err != nil {
			if next != nil {
				next.close()
			}
			return fmt.Errorf("signature: XML-DSig: canonicalization %d of a chained Reference (%s): %w", i+2, m.URI, err)
		}
		in = next
	}
	return nil
}

// close releases the spools (also after an early stop of the scan).
func (ch *c14nChain) close() { ch.first.close() }

// recanonicalize parses the octets of sp as a document and writes their canonical form by m to w.
func recanonicalize(sp *spool, m c14nMethod, w io.Writer) error {
	r, err := sp.reader()
	if err != nil {
		return err
	}
	tz := newXMLTokenizer(r)
	c := newCanonicalizer(m, w, nil, nil)
	for {
		tok, err := tz.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if tok.Kind == tokComment && !m.Comments {
			continue
		}
		if err := c.token(tok); err != nil {
			return err
		}
	}
	return c.flush()
}

// envelopedInside decides a Reference by Id to an element inside its own Signature with the
// enveloped-signature transform, and returns the SIG-XML-ENVELOPED-INSIDE warning.
//
// The W3C processing rule (XML-DSig 1.1 §6.6.4) removes the whole Signature element containing the
// transform, so such a reference digests an empty node-set and signs nothing (xmlsec1, Apache Santuario);
// .NET SignedXml removes only a Signature nested inside the referenced element, so it digests the element
// (a SignatureProperty holding the SigningTime, as e-invoice producers write). egov takes the .NET reading
// when the digest matches the element — the signer then provably committed to those bytes — and the W3C
// reading only when the digest is that of empty input, in which case the element (and any signing time in
// it) is treated as unsigned. Either way the report warns that the two readings disagree.
func (s *xmlSignature) envelopedInside(ref *xmlReference) diag.Diagnostic {
	if !bytes.Equal(ref.computed, ref.DigestValue) && bytes.Equal(ref.DigestValue, ref.Digest.New().Sum(nil)) {
		ref.empty, ref.computed = true, ref.DigestValue // the element is not signed (see refreshSigningTime)
		return ruleXMLEnvelopedInside.New("", ref.URI, diag.Phrase{
			EN: "its digest is that of an empty node-set (the W3C processing rule, as xmlsec1 computes it), so it signs nothing; the element it names is treated as unsigned",
			VI: "giá trị băm của tham chiếu là của tập nút rỗng (theo quy tắc xử lý của W3C, như xmlsec1 tính), nên tham chiếu không ký gì; phần tử được trỏ tới được coi là chưa ký"})
	}
	return ruleXMLEnvelopedInside.New("", ref.URI, diag.Phrase{
		EN: "egov digests the referenced element as .NET SignedXml does; verifiers that follow the W3C processing rule (xmlsec1, Apache Santuario) digest an empty node-set and reject this signature",
		VI: "egov tính giá trị băm của phần tử được tham chiếu như .NET SignedXml; các trình kiểm tra theo quy tắc xử lý của W3C (xmlsec1, Apache Santuario) tính trên tập nút rỗng và từ chối chữ ký này"})
}

// refreshSigningTime looks for the signing time again, once, when a reference turned out to sign nothing, so
// that a signing time inside the element it names no longer counts.
func (s *xmlSignature) refreshSigningTime() {
	for _, r := range s.refs {
		if r.empty {
			s.findSigningTime()
			return
		}
	}
}
