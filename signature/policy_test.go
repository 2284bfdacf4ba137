package signature

import (
	"crypto"
	"crypto/x509"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

// ict is Vietnam time, for the cut-over dates of the tests.
var ict = vntime.Location()

func TestPolicySelectionByDate(t *testing.T) {
	ps := DefaultPolicies()
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2018, 3, 1, 0, 0, 0, 0, ict), "legacy"},
		{time.Date(2025, 8, 14, 23, 59, 59, 0, ict), "legacy"},
		{time.Date(2025, 8, 15, 0, 0, 0, 0, ict), "current"},
		{time.Date(2025, 8, 14, 17, 0, 0, 0, time.UTC), "current"}, // 15/8 00:00 ICT
		{time.Date(2030, 1, 1, 0, 0, 0, 0, ict), "current"},
		{time.Time{}, "current"}, // unknown signing time: the strictest reading
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, ps.ForTime(tc.at).Name, tc.at)
	}
	require.Nil(t, PolicySet{}.ForTime(time.Now()))
	require.Nil(t, ps.ByName("nope"))
}

func TestPolicyChecks(t *testing.T) {
	cur, leg := DefaultPolicies().ByName("current"), DefaultPolicies().ByName("legacy")
	tests := []struct {
		name     string
		use      AlgorithmUse
		cur, leg algVerdict
	}{
		{"RSA-2048 SHA-256", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA256, PublicKey: x509.RSA, KeyBits: 2048}, algOK, algOK},
		{"RSA-PSS 3072 SHA-384", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA384, PublicKey: x509.RSA, KeyBits: 3072, PSS: true}, algOK, algOK},
		{"RSA-1024 SHA-256", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA256, PublicKey: x509.RSA, KeyBits: 1024}, algReject, algWarn},
		{"RSA-2048 SHA-1", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA1, PublicKey: x509.RSA, KeyBits: 2048}, algReject, algWarn},
		{"RSA-512", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA256, PublicKey: x509.RSA, KeyBits: 512}, algReject, algReject},
		{"ECDSA P-256", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA256, PublicKey: x509.ECDSA, KeyBits: 256}, algOK, algOK},
		{"ECDSA P-224", AlgorithmUse{Purpose: "signature", Hash: crypto.SHA256, PublicKey: x509.ECDSA, KeyBits: 224}, algReject, algReject},
		{"SHA3-256 digest", AlgorithmUse{Purpose: "digest", Hash: crypto.SHA3_256}, algOK, algOK},
		{"MD5 digest", AlgorithmUse{Purpose: "digest", Hash: crypto.MD5}, algReject, algReject},
		{"unknown digest", AlgorithmUse{Purpose: "digest", URI: "urn:x"}, algReject, algReject},
		{"unknown signature", AlgorithmUse{Purpose: "signature", URI: "urn:y"}, algReject, algReject},
		{"Ed25519", AlgorithmUse{Purpose: "signature", PublicKey: x509.Ed25519, KeyBits: 256}, algReject, algOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, v := cur.check(tc.use)
			require.Equal(t, tc.cur, v, c)
			require.Equal(t, v == algReject, c.Result == Failed)
			_, v = leg.check(tc.use)
			require.Equal(t, tc.leg, v)
		})
	}
}
