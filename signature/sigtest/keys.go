package sigtest

import (
	"crypto"
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"fmt"
)

// keysPEM holds pre-generated TEST keys (RSA-2048, P-256 and one RSA-1024), so that building a PKI takes
// milliseconds instead of seconds of RSA key generation. They are published here and protect nothing.
//
//go:embed keys/keys.pem
var keysPEM []byte

// testKey returns the embedded key named name (rsa2048-0…9, p256-0…3, rsa1024-0).
func testKey(name string) (crypto.Signer, error) {
	for rest := keysPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, fmt.Errorf("sigtest: no test key %q", name)
		}
		if b.Headers["Name"] != name {
			continue
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("sigtest: test key %q: %w", name, err)
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("sigtest: test key %q is not a signer", name)
		}
		return s, nil
	}
}
