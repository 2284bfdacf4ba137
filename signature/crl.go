package signature

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"hash/maphash"
	"math/big"
	"math/bits"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// CRL is a parsed and indexed certificate revocation list ("danh sách chứng thư số bị thu hồi", RFC 5280 §5).
//
// ParseCRL reads the DER once, checks the structure of every entry and builds an open-addressing hash index
// of entry offsets into the DER, so that a CRL with a million entries costs a few megabytes beyond its own
// bytes, and Lookup answers in O(1) without allocating. Entry details (revocation time, reason) are decoded
// only for the entry looked up. A CRL keeps a reference to the DER it was parsed from; do not modify it.
type CRL struct {
	Raw                []byte                  // the whole DER CertificateList
	RawTBSCertList     []byte                  // the signed part
	RawIssuer          []byte                  // DER issuer Name
	SignatureAlgorithm x509.SignatureAlgorithm // outer signatureAlgorithm
	Signature          []byte                  // signatureValue
	ThisUpdate         time.Time
	NextUpdate         time.Time // zero when absent
	Number             *big.Int  // cRLNumber, nil when absent
	AuthorityKeyID     []byte    // keyIdentifier of the authorityKeyIdentifier extension, nil when absent
	// DistributionPoints are the URIs of the issuingDistributionPoint extension (the CRL's scope).
	DistributionPoints []string
	OnlyUserCerts      bool // issuingDistributionPoint onlyContainsUserCerts
	OnlyCACerts        bool // issuingDistributionPoint onlyContainsCACerts
	// Unsupported lists critical features this verifier does not process (unknown critical extensions, delta
	// CRLs, indirect CRLs, onlySomeReasons): RFC 5280 §5.2 says such a CRL must not be used.
	Unsupported []string

	sigAlg  sigAlgorithm
	mu      sync.Mutex
	goodKey []byte // SubjectPublicKeyInfo of an issuer whose key verified the signature
	revoked []byte // content of revokedCertificates, within Raw
	seed    maphash.Seed
	table   []uint64 // upper hash bits | entry offset+1 in revoked; 0 = empty slot
	mask    uint64
	n       int
}

// CRLEntry is the revocation of one certificate.
type CRLEntry struct {
	RevokedAt time.Time
	Reason    int // RFC 5280 CRLReason; 0 (unspecified) when absent
}

// CRLError is a CRL that cannot be used, with the reason.
type CRLError struct {
	URL    string // where it came from, "" for embedded material
	Reason string
	Err    error
}

// Error describes the problem in English; reports carry the Vietnamese message.
func (e *CRLError) Error() string { return sourceError("CRL", e.URL, e.Reason, e.Err) }

// sourceError formats the error of unusable revocation material: "signature: <kind> [url]: reason[: cause]".
func sourceError(kind, url, reason string, err error) string {
	s := "signature: " + kind
	if url != "" {
		s += " " + url
	}
	s += ": " + reason
	if err != nil {
		s += ": " + err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *CRLError) Unwrap() error { return e.Err }

// ErrCRLStale is wrapped by the CRLError of a CRL whose nextUpdate has passed.
var ErrCRLStale = errors.New("nextUpdate has passed")

var (
	oidExtAKI          = []byte{0x55, 0x1d, 0x23}
	oidExtCRLNumber    = []byte{0x55, 0x1d, 0x14}
	oidExtIDP          = []byte{0x55, 0x1d, 0x1c}
	oidExtDeltaCRL     = []byte{0x55, 0x1d, 0x1b}
	oidExtIssuerAlt    = []byte{0x55, 0x1d, 0x12}
	oidExtFreshest     = []byte{0x55, 0x1d, 0x2e}
	oidExtAIA          = []byte{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01}
	oidExtReason       = []byte{0x55, 0x1d, 0x15}
	oidExtInvalidity   = []byte{0x55, 0x1d, 0x18}
	oidExtCertIssuer   = []byte{0x55, 0x1d, 0x1d}
	tagContext0Cons    = cbasn1.Tag(0).Constructed().ContextSpecific()
	errMalformedCRLRaw = errors.New("malformed DER")
)

// ParseCRL parses and indexes a DER (or PEM "X509 CRL") CRL. It checks the structure, not the signature or
// freshness: use CheckIssuer and CheckTime.
func ParseCRL(der []byte) (*CRL, error) {
	if len(der) > 0 && der[0] != 0x30 {
		if b, _ := pem.Decode(der); b != nil && b.Type == "X509 CRL" {
			der = b.Bytes
		}
	}
	if uint64(len(der)) >= 1<<32-1 {
		return nil, &CRLError{Reason: "larger than 4 GiB"}
	}
	c := &CRL{Raw: der}
	if err := c.parse(); err != nil {
		return nil, &CRLError{Reason: "malformed", Err: err}
	}
	return c, nil
}

func (c *CRL) parse() error {
	in := cryptobyte.String(c.Raw)
	var list, tbs, sigAlg cryptobyte.String
	if !in.ReadASN1(&list, cbasn1.SEQUENCE) || !in.Empty() {
		return errMalformedCRLRaw
	}
	if !list.ReadASN1Element(&tbs, cbasn1.SEQUENCE) {
		return errors.New("malformed tbsCertList")
	}
	c.RawTBSCertList = tbs
	if !list.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) {
		return errors.New("malformed signatureAlgorithm")
	}
	var err error
	if c.sigAlg, err = parseSigAlgorithm(sigAlg); err != nil {
		return err
	}
	c.SignatureAlgorithm = c.sigAlg.x509
	var sig asn1.BitString
	if !list.ReadASN1BitString(&sig) || sig.BitLength%8 != 0 || !list.Empty() {
		return errors.New("malformed signatureValue")
	}
	c.Signature = sig.RightAlign()

	var body, innerAlg, issuer cryptobyte.String
	if !tbs.ReadASN1(&body, cbasn1.SEQUENCE) {
		return errors.New("malformed tbsCertList")
	}
	var version int64
	if body.PeekASN1Tag(cbasn1.INTEGER) {
		if !body.ReadASN1Integer(&version) || version != 1 {
			return errors.New("unsupported CRL version")
		}
	}
	if !body.ReadASN1Element(&innerAlg, cbasn1.SEQUENCE) {
		return errors.New("malformed signature")
	}
	if !bytes.Equal(innerAlg, sigAlg) {
		return errors.New("inner and outer signature algorithms differ")
	}
	if !body.ReadASN1Element(&issuer, cbasn1.SEQUENCE) {
		return errors.New("malformed issuer")
	}
	c.RawIssuer = issuer
	if c.ThisUpdate, err = readTime(&body); err != nil {
		return fmt.Errorf("thisUpdate: %w", err)
	}
	if body.PeekASN1Tag(cbasn1.UTCTime) || body.PeekASN1Tag(cbasn1.GeneralizedTime) {
		if c.NextUpdate, err = readTime(&body); err != nil {
			return fmt.Errorf("nextUpdate: %w", err)
		}
	}
	if body.PeekASN1Tag(cbasn1.SEQUENCE) {
		var revoked cryptobyte.String
		body.ReadASN1(&revoked, cbasn1.SEQUENCE)
		if err := c.index(revoked); err != nil {
			return err
		}
	}
	if body.PeekASN1Tag(tagContext0Cons) {
		var exts cryptobyte.String
		if !body.ReadASN1(&exts, tagContext0Cons) || !exts.ReadASN1(&exts, cbasn1.SEQUENCE) {
			return errors.New("malformed crlExtensions")
		}
		if err := c.extensions(exts); err != nil {
			return err
		}
	}
	if !body.Empty() {
		return errors.New("trailing data in tbsCertList")
	}
	return nil
}

// index checks every entry and fills the hash table with entry offsets relative to revoked.
func (c *CRL) index(revoked cryptobyte.String) error {
	// Pass 1: count entries by their headers only.
	n := 0
	for s := revoked; !s.Empty(); n++ {
		if !s.SkipASN1(cbasn1.SEQUENCE) {
			return fmt.Errorf("malformed revoked entry %d", n)
		}
	}
	if n == 0 {
		return nil
	}
	if uint64(len(revoked)) >= 1<<32-1 {
		return errors.New("revokedCertificates larger than 4 GiB")
	}
	c.revoked = revoked
	size := uint64(1) << bits.Len64(uint64(n)*2-1) // load factor ≤ 1/2
	c.table = make([]uint64, size)
	c.mask = size - 1
	c.seed = maphash.MakeSeed()
	// Pass 2: check each entry and insert its offset keyed by the serial bytes. A slot holds the upper 32
	// bits of the hash (to skip most byte comparisons) and offset+1 (0 = empty).
	off := 0
	for s, i := revoked, 0; !s.Empty(); i++ {
		before := len(s)
		var entry, serial cryptobyte.String
		s.ReadASN1(&entry, cbasn1.SEQUENCE)
		if !entry.ReadASN1(&serial, cbasn1.INTEGER) || len(serial) == 0 || len(serial) > 64 {
			return fmt.Errorf("revoked entry %d: malformed serial number", i)
		}
		if err := c.checkEntry(entry); err != nil {
			return fmt.Errorf("revoked entry %d: %w", i, err)
		}
		hv := maphash.Bytes(c.seed, serial)
		tag := hv &^ 0xFFFFFFFF
		h := hv & c.mask
		for {
			slot := c.table[h]
			if slot == 0 {
				c.table[h] = tag | uint64(off+1)
				c.n++
				break
			}
			if slot&^0xFFFFFFFF == tag && bytes.Equal(c.serialAt(uint32(slot)-1), serial) {
				break // duplicate serial: the first entry wins
			}
			h = (h + 1) & c.mask
		}
		off += before - len(s)
	}
	return nil
}

// checkEntry validates the rest of a revokedCertificates entry (after the serial) and records unsupported
// critical entry extensions.
func (c *CRL) checkEntry(entry cryptobyte.String) error {
	if _, err := readTime(&entry); err != nil {
		return fmt.Errorf("revocationDate: %w", err)
	}
	if entry.Empty() {
		return nil
	}
	var exts cryptobyte.String
	if !entry.ReadASN1(&exts, cbasn1.SEQUENCE) || !entry.Empty() {
		return errors.New("malformed crlEntryExtensions")
	}
	for !exts.Empty() {
		var ext, oid cryptobyte.String
		critical := false
		if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) ||
			!readCritical(&ext, &critical) || !ext.SkipASN1(cbasn1.OCTET_STRING) {
			return errors.New("malformed entry extension")
		}
		if !critical {
			continue
		}
		switch {
		case bytes.Equal(oid, oidExtReason), bytes.Equal(oid, oidExtInvalidity):
		case bytes.Equal(oid, oidExtCertIssuer):
			c.addUnsupported("indirect CRL entry (certificateIssuer)")
		default:
			c.addUnsupported("unknown critical entry extension " + oidString(oid))
		}
	}
	return nil
}

func (c *CRL) addUnsupported(s string) {
	for _, u := range c.Unsupported {
		if u == s {
			return
		}
	}
	c.Unsupported = append(c.Unsupported, s)
}

// serialAt returns the serial content bytes of the entry at off (no allocation).
func (c *CRL) serialAt(off uint32) []byte {
	s := cryptobyte.String(c.revoked[off:])
	var entry, serial cryptobyte.String
	s.ReadASN1(&entry, cbasn1.SEQUENCE)
	entry.ReadASN1(&serial, cbasn1.INTEGER)
	return serial
}

func (c *CRL) extensions(exts cryptobyte.String) error {
	for !exts.Empty() {
		var ext, oid, val cryptobyte.String
		critical := false
		if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) ||
			!readCritical(&ext, &critical) || !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
			return errors.New("malformed CRL extension")
		}
		switch {
		case bytes.Equal(oid, oidExtAKI):
			var aki, id cryptobyte.String
			var present bool
			if !val.ReadASN1(&aki, cbasn1.SEQUENCE) || !aki.ReadOptionalASN1(&id, &present, cbasn1.Tag(0).ContextSpecific()) {
				return errors.New("malformed authorityKeyIdentifier")
			}
			if present {
				c.AuthorityKeyID = id
			}
		case bytes.Equal(oid, oidExtCRLNumber):
			n := new(big.Int)
			if !val.ReadASN1Integer(n) {
				return errors.New("malformed cRLNumber")
			}
			c.Number = n
		case bytes.Equal(oid, oidExtIDP):
			if err := c.parseIDP(val); err != nil {
				return err
			}
		case bytes.Equal(oid, oidExtDeltaCRL):
			c.addUnsupported("delta CRL")
		case critical && !bytes.Equal(oid, oidExtIssuerAlt) && !bytes.Equal(oid, oidExtFreshest) && !bytes.Equal(oid, oidExtAIA):
			c.addUnsupported("unknown critical extension " + oidString(oid))
		}
	}
	return nil
}

// parseIDP reads issuingDistributionPoint (RFC 5280 §5.2.5).
func (c *CRL) parseIDP(val cryptobyte.String) error {
	var idp cryptobyte.String
	if !val.ReadASN1(&idp, cbasn1.SEQUENCE) {
		return errors.New("malformed issuingDistributionPoint")
	}
	for !idp.Empty() {
		var field cryptobyte.String
		var tag cbasn1.Tag
		if !idp.ReadAnyASN1(&field, &tag) {
			return errors.New("malformed issuingDistributionPoint")
		}
		switch tag {
		case cbasn1.Tag(0).Constructed().ContextSpecific(): // distributionPoint
			var names cryptobyte.String
			var present bool
			if !field.ReadOptionalASN1(&names, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
				return errors.New("malformed distributionPoint")
			}
			for present && !names.Empty() {
				var name cryptobyte.String
				var ntag cbasn1.Tag
				if !names.ReadAnyASN1(&name, &ntag) {
					return errors.New("malformed distributionPoint name")
				}
				if ntag == cbasn1.Tag(6).ContextSpecific() {
					c.DistributionPoints = append(c.DistributionPoints, string(name))
				}
			}
		case cbasn1.Tag(1).ContextSpecific():
			c.OnlyUserCerts = len(field) == 1 && field[0] != 0
		case cbasn1.Tag(2).ContextSpecific():
			c.OnlyCACerts = len(field) == 1 && field[0] != 0
		case cbasn1.Tag(3).ContextSpecific():
			c.addUnsupported("onlySomeReasons")
		case cbasn1.Tag(4).ContextSpecific():
			if len(field) == 1 && field[0] != 0 {
				c.addUnsupported("indirect CRL")
			}
		case cbasn1.Tag(5).ContextSpecific():
			if len(field) == 1 && field[0] != 0 {
				c.addUnsupported("onlyContainsAttributeCerts")
			}
		}
	}
	return nil
}

// Len returns the number of distinct revoked serial numbers.
func (c *CRL) Len() int { return c.n }

// Lookup returns the entry for a serial number given as the content bytes of its DER INTEGER (minimal
// two's complement, as in the certificate). It does not allocate.
func (c *CRL) Lookup(serial []byte) (CRLEntry, bool) {
	if c.n == 0 {
		return CRLEntry{}, false
	}
	hv := maphash.Bytes(c.seed, serial)
	tag := hv &^ 0xFFFFFFFF
	for h := hv & c.mask; c.table[h] != 0; h = (h + 1) & c.mask {
		slot := c.table[h]
		if slot&^0xFFFFFFFF == tag {
			if off := uint32(slot) - 1; bytes.Equal(c.serialAt(off), serial) {
				return c.entryAt(off), true
			}
		}
	}
	return CRLEntry{}, false
}

// LookupCert returns the entry for cert's serial number, taken from its raw TBSCertificate so that nothing
// is allocated.
func (c *CRL) LookupCert(cert *x509.Certificate) (CRLEntry, bool) {
	if s := rawSerial(cert.RawTBSCertificate); s != nil {
		return c.Lookup(s)
	}
	return c.LookupSerial(cert.SerialNumber)
}

// LookupSerial returns the entry for serial.
func (c *CRL) LookupSerial(serial *big.Int) (CRLEntry, bool) {
	if serial == nil {
		return CRLEntry{}, false
	}
	b, err := asn1.Marshal(serial)
	if err != nil || len(b) < 2 {
		return CRLEntry{}, false
	}
	in := cryptobyte.String(b)
	var content cryptobyte.String
	if !in.ReadASN1(&content, cbasn1.INTEGER) {
		return CRLEntry{}, false
	}
	return c.Lookup(content)
}

// rawSerial returns the serialNumber content bytes of a DER TBSCertificate.
func rawSerial(tbs []byte) []byte {
	s := cryptobyte.String(tbs)
	var body, serial cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil
	}
	body.SkipOptionalASN1(tagContext0Cons)
	if !body.ReadASN1(&serial, cbasn1.INTEGER) {
		return nil
	}
	return serial
}

// entryAt decodes the revocation time and reason of the entry at off; the structure was checked by index.
func (c *CRL) entryAt(off uint32) CRLEntry {
	s := cryptobyte.String(c.revoked[off:])
	var entry cryptobyte.String
	s.ReadASN1(&entry, cbasn1.SEQUENCE)
	entry.SkipASN1(cbasn1.INTEGER)
	var e CRLEntry
	e.RevokedAt, _ = readTime(&entry)
	var exts cryptobyte.String
	if !entry.ReadASN1(&exts, cbasn1.SEQUENCE) {
		return e
	}
	for !exts.Empty() {
		var ext, oid, val cryptobyte.String
		if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) {
			break
		}
		ext.SkipOptionalASN1(cbasn1.BOOLEAN)
		if !ext.ReadASN1(&val, cbasn1.OCTET_STRING) {
			break
		}
		if bytes.Equal(oid, oidExtReason) {
			var r cryptobyte.String
			if val.ReadASN1(&r, cbasn1.ENUM) && len(r) == 1 {
				e.Reason = int(r[0])
			}
		}
	}
	return e
}

// CheckIssuer checks what crypto/x509 leaves to the caller: the CRL names issuer (issuer name and, when both
// carry one, authority/subject key identifier), issuer may sign CRLs (cRLSign), the signature verifies with
// issuer's key, and no unsupported critical extension is present.
func (c *CRL) CheckIssuer(issuer *x509.Certificate) error {
	if !bytes.Equal(c.RawIssuer, issuer.RawSubject) {
		return &CRLError{Reason: "issuer name does not match " + issuer.Subject.String()}
	}
	if len(c.AuthorityKeyID) > 0 && len(issuer.SubjectKeyId) > 0 && !bytes.Equal(c.AuthorityKeyID, issuer.SubjectKeyId) {
		return &CRLError{Reason: "authority key identifier does not match the issuer's subject key identifier"}
	}
	if issuer.KeyUsage != 0 && issuer.KeyUsage&x509.KeyUsageCRLSign == 0 {
		return &CRLError{Reason: "issuer certificate lacks the cRLSign key usage"}
	}
	if len(c.Unsupported) > 0 {
		return &CRLError{Reason: "unsupported critical feature: " + c.Unsupported[0]}
	}
	c.mu.Lock()
	known := c.goodKey != nil && bytes.Equal(c.goodKey, issuer.RawSubjectPublicKeyInfo)
	c.mu.Unlock()
	if known {
		return nil
	}
	if err := c.sigAlg.verify(issuer.PublicKey, c.RawTBSCertList, c.Signature); err != nil {
		return &CRLError{Reason: "signature does not verify", Err: err}
	}
	c.mu.Lock()
	c.goodKey = issuer.RawSubjectPublicKeyInfo
	c.mu.Unlock()
	return nil
}

// CheckTime checks freshness at t: thisUpdate not in the future (with skew tolerance) and t not after
// nextUpdate. A CRL past nextUpdate yields a CRLError wrapping ErrCRLStale.
func (c *CRL) CheckTime(t time.Time, skew time.Duration) error {
	if c.ThisUpdate.After(t.Add(skew)) {
		return &CRLError{Reason: "thisUpdate " + c.ThisUpdate.UTC().Format(time.RFC3339) + " is after the validation time"}
	}
	if !c.NextUpdate.IsZero() && t.After(c.NextUpdate) {
		return &CRLError{Reason: "stale (nextUpdate " + c.NextUpdate.UTC().Format(time.RFC3339) + ")", Err: ErrCRLStale}
	}
	return nil
}

// covers reports whether the CRL's scope (issuingDistributionPoint) includes cert.
func (c *CRL) covers(cert *x509.Certificate) bool {
	if c.OnlyCACerts && !cert.IsCA || c.OnlyUserCerts && cert.IsCA {
		return false
	}
	if len(c.DistributionPoints) == 0 || len(cert.CRLDistributionPoints) == 0 {
		return true
	}
	for _, a := range c.DistributionPoints {
		for _, b := range cert.CRLDistributionPoints {
			if a == b {
				return true
			}
		}
	}
	return false
}

// readCritical reads the optional critical BOOLEAN of an Extension (DEFAULT FALSE).
func readCritical(s *cryptobyte.String, critical *bool) bool {
	*critical = false
	if !s.PeekASN1Tag(cbasn1.BOOLEAN) {
		return true
	}
	return s.ReadASN1Boolean(critical)
}

// readTime reads a DER UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) without allocating
// (cryptobyte's readers allocate a string per call, which would cost an allocation per CRL lookup).
func readTime(s *cryptobyte.String) (time.Time, error) {
	var raw cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadAnyASN1(&raw, &tag) {
		return time.Time{}, errors.New("missing time")
	}
	var year int
	switch {
	case tag == cbasn1.UTCTime && len(raw) == 13:
		yy, ok := digits(raw[0:2])
		if !ok {
			return time.Time{}, errors.New("malformed UTCTime")
		}
		year = 1900 + yy
		if yy < 50 { // RFC 5280 §4.1.2.5.1
			year = 2000 + yy
		}
		raw = raw[2:]
	case tag == cbasn1.GeneralizedTime && len(raw) == 15:
		y, ok := digits(raw[0:4])
		if !ok {
			return time.Time{}, errors.New("malformed GeneralizedTime")
		}
		year = y
		raw = raw[4:]
	default:
		return time.Time{}, errors.New("malformed time")
	}
	mo, ok1 := digits(raw[0:2])
	d, ok2 := digits(raw[2:4])
	h, ok3 := digits(raw[4:6])
	mi, ok4 := digits(raw[6:8])
	sec, ok5 := digits(raw[8:10])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || raw[10] != 'Z' || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, errors.New("malformed time")
	}
	t := time.Date(year, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, errors.New("malformed time: no such day")
	}
	return t, nil
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// oidString formats DER OID content bytes in dotted form.
func oidString(der []byte) string {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(der) })
	raw, err := b.Bytes()
	if err != nil {
		return fmt.Sprintf("%x", der)
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(raw, &oid); err != nil {
		return fmt.Sprintf("%x", der)
	}
	return oid.String()
}
