package signature

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// DefaultMaxAttachedContent caps the attached content SignCMS holds in memory when its source cannot seek
// (bytes). Detached content and seekable sources are streamed and have no such cap.
const DefaultMaxAttachedContent = 64 << 20

// CMSSignOptions configures SignCMS. The zero value makes an attached SHA-256 signature with PKCS#1 v1.5 (RSA)
// or ECDSA, signed at time.Now(), without a time stamp, written as DER.
type CMSSignOptions struct {
	// Detached leaves the content out of the signature (a .p7s beside the file); the content is then streamed.
	Detached bool
	// Hash is the digest algorithm; zero means SHA-256. SHA-384 and SHA-512 are accepted.
	Hash crypto.Hash
	// RSAPSS signs RSA keys with RSASSA-PSS (salt length = hash length) instead of PKCS#1 v1.5; Thông tư
	// 15/2025/TT-BKHCN recommends PSS for signing.
	RSAPSS bool
	// SigningTime is the signingTime attribute; zero means time.Now().
	SigningTime time.Time
	// TSAURL, when set, adds an RFC 3161 signature time stamp obtained from this TSA.
	TSAURL string
	// HTTPClient reaches the TSA; nil means a client with DefaultFetchTimeout.
	HTTPClient *http.Client
	// TSAPolicy asks the TSA for a policy; nil lets it choose.
	TSAPolicy asn1.ObjectIdentifier
	// MaxAttachedContent caps attached content read from a reader that cannot seek (and is therefore held in
	// memory); zero means DefaultMaxAttachedContent. Seekable sources are streamed and not capped.
	MaxAttachedContent int64
	// PEM writes the signature PEM-encoded ("-----BEGIN PKCS7-----") instead of DER.
	PEM bool
}

// SignCMS signs content as a CMS SignedData (RFC 5652) and writes it to dst. chain starts with the signer's
// certificate, followed by its issuers; all are embedded. The signed attributes are contentType, signingTime,
// messageDigest and signingCertificateV2 (RFC 5035, binding the certificate to the signature), the form CAdES
// baseline signatures use. signer is any crypto.Signer (a software key, a PKCS#11 token, a remote HSM); only
// the signed attributes' digest is handed to it. With opts.TSAURL the signature value is time-stamped.
//
// Detached content is streamed through the digest. Attached content from an io.ReadSeeker (a file) is read
// twice, digest then copy, and never held; from another reader it is held up to opts.MaxAttachedContent.
// When streamed content fails or changes during the second pass, dst holds partial output: write to a
// temporary file and rename it on success.
func SignCMS(ctx context.Context, dst io.Writer, content io.Reader, signer crypto.Signer, chain []*x509.Certificate, opts CMSSignOptions) error {
	if len(chain) == 0 || chain[0] == nil {
		return errors.New("signature: SignCMS: the signer's certificate is required")
	}
	if signer == nil {
		return errors.New("signature: SignCMS: no signer")
	}
	cert := chain[0]
	if k, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !k.Equal(cert.PublicKey) {
		return errors.New("signature: SignCMS: the key does not match the signer's certificate")
	}
	h := opts.Hash
	if h == 0 {
		h = crypto.SHA256
	}
	if h != crypto.SHA256 && h != crypto.SHA384 && h != crypto.SHA512 {
		return fmt.Errorf("signature: SignCMS: unsupported hash %v (want SHA-256, SHA-384 or SHA-512)", h)
	}
	body, err := cmsDigestContent(ctx, content, h, opts)
	if err != nil {
		return err
	}
	sigAlg, signerOpts, err := cmsSignatureAlgorithm(signer.Public(), h, opts.RSAPSS)
	if err != nil {
		return err
	}
	when := opts.SigningTime
	if when.IsZero() {
		when = time.Now()
	}
	attrs, err := marshalSignedAttributes(body.digest, when, cert)
	if err != nil {
		return err
	}
	ah := h.New()
	ah.Write(attrs)
	sig, err := signer.Sign(rand.Reader, ah.Sum(nil), signerOpts)
	if err != nil {
		return fmt.Errorf("signature: SignCMS: signing: %w", err)
	}
	var unsigned [][]byte
	if opts.TSAURL != "" {
		tc := &TimestampClient{URL: opts.TSAURL, HTTPClient: opts.HTTPClient, Policy: opts.TSAPolicy, Hash: h}
		tok, err := tc.Timestamp(ctx, sig)
		if err != nil {
			return fmt.Errorf("signature: SignCMS: %w", err)
		}
		attr, err := marshalAttribute(oidAttrTimeStampToken, tok.Raw)
		if err != nil {
			return err
		}
		unsigned = append(unsigned, attr)
	}
	prefix, suffix, err := marshalSignedDataParts(h, sigAlg, !opts.Detached, body.size, chain, attrs, sig, unsigned)
	if err != nil {
		return err
	}
	w := dst
	var pw *pemWriter
	if opts.PEM {
		pw = newPEMWriter(dst, "PKCS7")
		w = pw
	}
	if _, err := w.Write(prefix); err != nil {
		return fmt.Errorf("signature: SignCMS: writing: %w", err)
	}
	if !opts.Detached {
		if err := body.copyTo(ctx, w, h); err != nil {
			return err
		}
		if _, err := w.Write(suffix); err != nil {
			return fmt.Errorf("signature: SignCMS: writing: %w", err)
		}
	}
	if pw != nil {
		if err := pw.Close(); err != nil {
			return fmt.Errorf("signature: SignCMS: writing: %w", err)
		}
	}
	return nil
}

// cmsContent is the content being signed after the first pass: its digest and size, and how to produce it
// again for an attached signature (from memory, or by seeking back in the source).
type cmsContent struct {
	digest []byte
	size   int64
	data   []byte        // attached content read from a non-seekable source
	src    io.ReadSeeker // seekable attached source, read a second time
	start  int64         // where the content starts in src
}

// cmsDigestContent hashes the content. Detached content is streamed. Attached content from an io.ReadSeeker
// (a file) is streamed twice, digest then copy, so its size is not limited; other readers are held in memory
// up to MaxAttachedContent.
func cmsDigestContent(ctx context.Context, content io.Reader, h crypto.Hash, opts CMSSignOptions) (*cmsContent, error) {
	if content == nil {
		return nil, errors.New("signature: SignCMS: no content")
	}
	hh := h.New()
	r := io.Reader(ctxReader{ctx, content})
	seeker, seekable := content.(io.ReadSeeker)
	if opts.Detached || seekable {
		out := &cmsContent{}
		if !opts.Detached {
			start, err := seeker.Seek(0, io.SeekCurrent)
			if err != nil {
				return nil, fmt.Errorf("signature: SignCMS: content: %w", err)
			}
			out.src, out.start = seeker, start
		}
		n, err := io.Copy(hh, r)
		if err != nil {
			return nil, fmt.Errorf("signature: SignCMS: reading content: %w", err)
		}
		out.digest, out.size = hh.Sum(nil), n
		return out, nil
	}
	limit := opts.MaxAttachedContent
	if limit <= 0 {
		limit = DefaultMaxAttachedContent
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("signature: SignCMS: reading content: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("signature: SignCMS: attached content exceeds %d bytes; sign it detached or from a file", limit)
	}
	hh.Write(data)
	return &cmsContent{digest: hh.Sum(nil), size: int64(len(data)), data: data}, nil
}

// copyTo writes attached content into the signature. Content read a second time is hashed again: a source
// that changed between the passes is an error, never a signature over other bytes than the ones embedded.
func (c *cmsContent) copyTo(ctx context.Context, w io.Writer, h crypto.Hash) error {
	if c.src == nil {
		if _, err := w.Write(c.data); err != nil {
			return fmt.Errorf("signature: SignCMS: writing: %w", err)
		}
		return nil
	}
	if _, err := c.src.Seek(c.start, io.SeekStart); err != nil {
		return fmt.Errorf("signature: SignCMS: content: %w", err)
	}
	hh := h.New()
	n, err := io.Copy(io.MultiWriter(w, hh), io.LimitReader(ctxReader{ctx, c.src}, c.size))
	if err != nil {
		return fmt.Errorf("signature: SignCMS: copying content: %w", err)
	}
	if n != c.size || !bytes.Equal(hh.Sum(nil), c.digest) {
		return errors.New("signature: SignCMS: the content changed while it was being signed")
	}
	return nil
}

// pemWriter streams PEM: the header, base64 in 64-character lines, the footer on Close. Output is buffered
// and flushed by Close.
type pemWriter struct {
	out     *bufio.Writer
	typ     string
	enc     io.WriteCloser
	lines   *lineBreaker
	started bool
}

func newPEMWriter(dst io.Writer, typ string) *pemWriter {
	out := bufio.NewWriterSize(dst, 32<<10)
	lb := &lineBreaker{w: out}
	return &pemWriter{out: out, typ: typ, lines: lb, enc: base64.NewEncoder(base64.StdEncoding, lb)}
}

func (p *pemWriter) Write(b []byte) (int, error) {
	if !p.started {
		p.started = true
		if _, err := p.out.WriteString("-----BEGIN " + p.typ + "-----\n"); err != nil {
			return 0, err
		}
	}
	return p.enc.Write(b)
}

// Close flushes the base64, writes the footer and flushes the output.
func (p *pemWriter) Close() error {
	if _, err := p.Write(nil); err != nil {
		return err
	}
	if err := p.enc.Close(); err != nil {
		return err
	}
	if p.lines.col > 0 {
		if err := p.out.WriteByte('\n'); err != nil {
			return err
		}
	}
	if _, err := p.out.WriteString("-----END " + p.typ + "-----\n"); err != nil {
		return err
	}
	return p.out.Flush()
}

// lineBreaker inserts a newline every 64 characters (RFC 7468).
type lineBreaker struct {
	w   *bufio.Writer
	col int
}

func (l *lineBreaker) Write(b []byte) (int, error) {
	written := 0
	for len(b) > 0 {
		n := min(64-l.col, len(b))
		if _, err := l.w.Write(b[:n]); err != nil {
			return written, err
		}
		written += n
		l.col += n
		b = b[n:]
		if l.col == 64 {
			if err := l.w.WriteByte('\n'); err != nil {
				return written, err
			}
			l.col = 0
		}
	}
	return written, nil
}

// cmsSignatureAlgorithm chooses the SignerInfo signatureAlgorithm for a key.
func cmsSignatureAlgorithm(pub crypto.PublicKey, h crypto.Hash, pss bool) (algorithmIdentifier, crypto.SignerOpts, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		if pss {
			params, err := marshalPSSParams(h)
			if err != nil {
				return algorithmIdentifier{}, nil, err
			}
			return algorithmIdentifier{OID: oidRSAPSS, Params: params}, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}, nil
		}
		// rsaEncryption with the digest in digestAlgorithm, as RFC 3370 §3.2 and openssl write it.
		return algorithmIdentifier{OID: oidRSAEncryption, Params: []byte{0x05, 0x00}}, h, nil
	case *ecdsa.PublicKey:
		oid := append(asn1.ObjectIdentifier(nil), oidECDSAWithSHA2...)
		switch h {
		case crypto.SHA256:
			oid = append(oid, 2)
		case crypto.SHA384:
			oid = append(oid, 3)
		default:
			oid = append(oid, 4)
		}
		return algorithmIdentifier{OID: oid}, h, nil
	}
	return algorithmIdentifier{}, nil, fmt.Errorf("signature: SignCMS: unsupported key type %T (want RSA or ECDSA)", pub)
}

// marshalPSSParams encodes RSASSA-PSS-params with MGF1 over the same hash and salt length = hash length.
func marshalPSSParams(h crypto.Hash) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			addAlgorithmIdentifier(b, digestOIDForHash(h), true)
		})
		b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidMGF1)
				addAlgorithmIdentifier(b, digestOIDForHash(h), true)
			})
		})
		b.AddASN1(cbasn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1Int64(int64(h.Size()))
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signature: SignCMS: PSS parameters: %w", err)
	}
	return out, nil
}

// marshalSignedAttributes returns the DER SET OF signed attributes, sorted as DER requires.
func marshalSignedAttributes(digest []byte, when time.Time, cert *x509.Certificate) ([]byte, error) {
	certHash := sha256.Sum256(cert.Raw)
	attrs := [][]byte{}
	add := func(oid asn1.ObjectIdentifier, value func(b *cryptobyte.Builder)) error {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oid)
			b.AddASN1(cbasn1.SET, value)
		})
		der, err := b.Bytes()
		if err != nil {
			return fmt.Errorf("signature: SignCMS: attribute %s: %w", oid, err)
		}
		attrs = append(attrs, der)
		return nil
	}
	when = when.UTC().Truncate(time.Second)
	steps := []error{
		add(oidAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }),
		add(oidAttrSigningTime, func(b *cryptobyte.Builder) {
			// RFC 5652 §11.3: UTCTime for 1950–2049, GeneralizedTime otherwise.
			if y := when.Year(); y >= 1950 && y < 2050 {
				b.AddASN1UTCTime(when)
			} else {
				b.AddASN1GeneralizedTime(when)
			}
		}),
		add(oidAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
		add(oidAttrSigningCertV2, func(b *cryptobyte.Builder) {
			// SigningCertificateV2 { certs { ESSCertIDv2 { certHash (SHA-256, the DEFAULT), issuerSerial } } }
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1OctetString(certHash[:])
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
									b.AddBytes(cert.RawIssuer)
								})
							})
							b.AddASN1BigInt(cert.SerialNumber)
						})
					})
				})
			})
		}),
	}
	if err := errors.Join(steps...); err != nil {
		return nil, err
	}
	return marshalDERSet(attrs)
}

// marshalDERSet encodes a SET OF whose elements are sorted by their encodings (X.690 §11.6).
func marshalDERSet(elems [][]byte) ([]byte, error) {
	sorted := append([][]byte(nil), elems...)
	sortDER(sorted)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		for _, e := range sorted {
			b.AddBytes(e)
		}
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signature: SignCMS: %w", err)
	}
	return out, nil
}

func sortDER(s [][]byte) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && lessDER(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// lessDER orders encodings as X.690 §11.6 does: shorter ones are padded with zero octets at the end.
func lessDER(a, b []byte) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// marshalAttribute encodes an Attribute with one DER value.
func marshalAttribute(oid asn1.ObjectIdentifier, value []byte) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(value) })
	})
	out, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signature: SignCMS: attribute %s: %w", oid, err)
	}
	return out, nil
}

// marshalSignedData writes ContentInfo{SignedData} with one SignerInfo (version 1, issuerAndSerialNumber)
// in memory; unsigned holds DER Attributes for unsignedAttrs. content is embedded unless detached.
func marshalSignedData(h crypto.Hash, sigAlg algorithmIdentifier, content []byte, detached bool, chain []*x509.Certificate, attrs, sig []byte, unsigned [][]byte) ([]byte, error) {
	prefix, suffix, err := marshalSignedDataParts(h, sigAlg, !detached, int64(len(content)), chain, attrs, sig, unsigned)
	if err != nil {
		return nil, err
	}
	if detached {
		return prefix, nil
	}
	out := make([]byte, 0, len(prefix)+len(content)+len(suffix))
	return append(append(append(out, prefix...), content...), suffix...), nil
}

// marshalSignedDataParts encodes the SignedData around its content: the DER is prefix, then the contentLen
// bytes of attached content, then suffix (empty when detached). Splitting it this way lets attached content
// be streamed into the output with definite DER lengths.
func marshalSignedDataParts(h crypto.Hash, sigAlg algorithmIdentifier, attached bool, contentLen int64, chain []*x509.Certificate, attrs, sig []byte, unsigned [][]byte) ([]byte, []byte, error) {
	cert := chain[0]
	var head, tail cryptobyte.Builder
	head.AddASN1Int64(1)
	head.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { addAlgorithmIdentifier(b, digestOIDForHash(h), true) })
	tail.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
		for _, c := range chain {
			b.AddBytes(c.Raw)
		}
	})
	tail.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1Int64(1)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddBytes(cert.RawIssuer)
				b.AddASN1BigInt(cert.SerialNumber)
			})
			addAlgorithmIdentifier(b, digestOIDForHash(h), true)
			// signedAttrs [0] IMPLICIT: the SET OF re-tagged.
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				inner := cryptobyte.String(attrs)
				var body cryptobyte.String
				if !inner.ReadASN1(&body, cbasn1.SET) {
					b.SetError(errors.New("signed attributes are not a SET"))
					return
				}
				b.AddBytes(body)
			})
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(sigAlg.OID)
				if sigAlg.Params != nil {
					b.AddBytes(sigAlg.Params)
				}
			})
			b.AddASN1OctetString(sig)
			if len(unsigned) > 0 {
				b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					for _, a := range unsigned {
						b.AddBytes(a)
					}
				})
			}
		})
	})
	var sdOID, dOID cryptobyte.Builder
	sdOID.AddASN1ObjectIdentifier(oidSignedData)
	dOID.AddASN1ObjectIdentifier(oidData)
	headDER, err1 := head.Bytes()
	tailDER, err2 := tail.Bytes()
	signedDataOID, err3 := sdOID.Bytes()
	dataOID, err4 := dOID.Bytes()
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return nil, nil, fmt.Errorf("signature: SignCMS: encoding: %w", err)
	}

	// EncapsulatedContentInfo { eContentType, [0] EXPLICIT OCTET STRING } with the content outside.
	var encapBody []byte
	var contentLenInEncap int64
	encapBody = append(encapBody, dataOID...)
	if attached {
		octetHdr := derHeader(byte(cbasn1.OCTET_STRING), contentLen)
		explicitHdr := derHeader(0xa0, int64(len(octetHdr))+contentLen)
		encapBody = append(append(encapBody, explicitHdr...), octetHdr...)
		contentLenInEncap = contentLen
	}
	encapHdr := derHeader(byte(cbasn1.SEQUENCE), int64(len(encapBody))+contentLenInEncap)
	sdLen := int64(len(headDER)+len(encapHdr)+len(encapBody)+len(tailDER)) + contentLenInEncap
	sdHdr := derHeader(byte(cbasn1.SEQUENCE), sdLen)
	explicitLen := int64(len(sdHdr)) + sdLen
	ciExplicitHdr := derHeader(0xa0, explicitLen)
	ciLen := int64(len(signedDataOID)+len(ciExplicitHdr)) + explicitLen
	var prefix []byte
	prefix = append(prefix, derHeader(byte(cbasn1.SEQUENCE), ciLen)...)
	prefix = append(prefix, signedDataOID...)
	prefix = append(prefix, ciExplicitHdr...)
	prefix = append(prefix, sdHdr...)
	prefix = append(prefix, headDER...)
	prefix = append(prefix, encapHdr...)
	prefix = append(prefix, encapBody...)
	if !attached {
		return append(prefix, tailDER...), nil, nil
	}
	return prefix, tailDER, nil
}

// derHeader returns a DER identifier octet and definite length for n content bytes.
func derHeader(tag byte, n int64) []byte {
	if n < 0x80 {
		return []byte{tag, byte(n)}
	}
	var buf [8]byte
	i := len(buf)
	for v := n; v > 0; v >>= 8 {
		i--
		buf[i] = byte(v)
	}
	return append([]byte{tag, 0x80 | byte(len(buf)-i)}, buf[i:]...)
}
