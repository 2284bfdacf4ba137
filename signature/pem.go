package signature

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// ErrNoCertificate is returned by ParseCertificatesPEM when the data holds no certificate.
var ErrNoCertificate = errors.New("signature: no PEM certificate found")

// ErrNoPrivateKey is returned by ParsePrivateKeyPEM when the data holds no private key block.
var ErrNoPrivateKey = errors.New("signature: no PEM private key found")

// ParseCertificatesPEM reads every CERTIFICATE block of PEM data, in order, skipping other blocks; data without
// any PEM block is read as one DER certificate. It fails with ErrNoCertificate when there is none.
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		c, err := parseCertificate(data)
		if err != nil {
			return nil, fmt.Errorf("signature: certificate: %w", err)
		}
		return []*x509.Certificate{c}, nil
	}
	var out []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := parseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("signature: certificate %d: %w", len(out)+1, err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, ErrNoCertificate
	}
	return out, nil
}

// ParsePrivateKeyPEM reads the first unencrypted private key of PEM data (PKCS#8 "PRIVATE KEY", PKCS#1
// "RSA PRIVATE KEY" or SEC 1 "EC PRIVATE KEY"), skipping other blocks. Only RSA and ECDSA keys are accepted, the
// ones the signers of this package use. An encrypted key is refused with a hint: decrypt it first or use a token.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, ErrNoPrivateKey
		}
		var key any
		var err error
		switch b.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(b.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, errors.New("signature: encrypted private keys are not supported; decrypt it (openssl pkey) or use a token")
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("signature: private key: %w", err)
		}
		switch k := key.(type) {
		case *rsa.PrivateKey:
			return k, nil
		case *ecdsa.PrivateKey:
			return k, nil
		}
		return nil, fmt.Errorf("signature: unsupported key type %T (want RSA or ECDSA)", key)
	}
}
