package signature

import (
	"crypto/x509"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// parseCertificate parses a DER certificate like x509.ParseCertificate, and also accepts a negative serial
// number, which Go refuses since 1.23 (RFC 5280 §4.1.2.2 requires a positive serial) but which older
// Vietnamese CAs and a payment provider's test CA issue, and which xmlsec1 and OpenSSL accept.
//
// A library cannot set GODEBUG=x509negativeserial=1 for its importers, so the tolerant path is local: the
// first content byte of the serial INTEGER is replaced by 0x01 in a copy of the DER (same length, so every
// other field keeps its offset), the copy is parsed by crypto/x509, and then the certificate is given back
// its original bytes (Raw, RawTBSCertificate) and its real, negative SerialNumber. Nothing else is relaxed:
// any other defect is still refused by crypto/x509. Security: the substitute bytes are never used for
// cryptography; the issuer's signature is checked over the original RawTBSCertificate, fingerprints and
// CRL/OCSP lookups use the original bytes and the real serial, so a negative-serial certificate cannot pass
// for another one. The signature report says that the serial is negative (SIG-CERT-NEGATIVE-SERIAL).
func parseCertificate(der []byte) (*x509.Certificate, error) {
	c, err := x509.ParseCertificate(der)
	if err == nil {
		return c, nil
	}
	serial, at, ok := negativeSerial(der)
	if !ok {
		return nil, err
	}
	patched := append([]byte(nil), der...)
	patched[at] = 0x01
	c, err2 := x509.ParseCertificate(patched)
	if err2 != nil {
		return nil, err // the certificate has another defect: report crypto/x509's own error
	}
	// Raw and RawTBSCertificate are slices of patched; give them the same ranges of the original bytes.
	raw, tbs := cap(patched)-cap(c.Raw), cap(patched)-cap(c.RawTBSCertificate)
	orig := append([]byte(nil), der...)
	c.Raw = orig[raw : raw+len(c.Raw) : raw+len(c.Raw)]
	c.RawTBSCertificate = orig[tbs : tbs+len(c.RawTBSCertificate) : tbs+len(c.RawTBSCertificate)]
	c.SerialNumber = serial
	return c, nil
}

// negativeSerial finds the serial number of a DER certificate and returns it with the index of its first
// content byte, when it is a well-encoded negative INTEGER.
func negativeSerial(der []byte) (*big.Int, int, bool) {
	in := cryptobyte.String(der)
	var cert, tbs, version cryptobyte.String
	var hasVersion bool
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!tbs.ReadOptionalASN1(&version, &hasVersion, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, 0, false
	}
	var elem cryptobyte.String
	if !tbs.ReadASN1Element(&elem, cbasn1.INTEGER) {
		return nil, 0, false
	}
	serial := new(big.Int)
	var content cryptobyte.String
	check := elem
	if !check.ReadASN1Integer(serial) || serial.Sign() >= 0 || !elem.ReadASN1(&content, cbasn1.INTEGER) {
		return nil, 0, false
	}
	return serial, cap(der) - cap(content), true
}
