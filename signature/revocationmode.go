package signature

import "fmt"

// ParseRevocationMode reads a revocation mode as String spells it: "prefer-ocsp", "prefer-crl", "offline" or
// "require-fresh".
func ParseRevocationMode(s string) (RevocationMode, error) {
	for _, m := range []RevocationMode{PreferOCSP, PreferCRL, Offline, RequireFresh} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("signature: unknown revocation mode %q (want prefer-ocsp, prefer-crl, offline or require-fresh)", s)
}
