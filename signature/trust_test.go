package signature

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// vgcaRootG2Fingerprint is the SHA-256 fingerprint published in the trust README (shared/trust/README.md,
// checked there with openssl x509 -fingerprint -sha256).
const vgcaRootG2Fingerprint = "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8"

func TestDefaultTrustStoreFingerprint(t *testing.T) {
	s := DefaultTrustStore()
	a := s.Anchor(AnchorVGCARootG2)
	require.NotNil(t, a)
	require.Equal(t, vgcaRootG2Fingerprint, Fingerprint(a.Certificate.Raw))
	info := DescribeCertificate(a.Certificate)
	require.Equal(t, "3B65B0A03006F9AB", info.Serial)
	require.Equal(t, "CN=RootCA chuyên dùng Chính phủ G2,O=Ban Cơ yếu Chính phủ,C=VN", info.Subject)
	require.Equal(t, 2018, info.NotBefore.Year())
	require.Equal(t, 2048, info.NotAfter.Year())
	alg, bits := publicKeyInfo(a.Certificate.PublicKey)
	require.Equal(t, "RSA", alg.String())
	require.Equal(t, 4096, bits)
}

func TestTrustStore(t *testing.T) {
	pki := sigtest.NewPKI(t)
	anchors, err := ParseAnchorsPEM("sigtest", sigtest.PEM(pki.Root.Cert, pki.Intermediate.Cert))
	require.NoError(t, err)
	require.Len(t, anchors, 2)
	require.Equal(t, "sigtest-2", anchors[1].Name)
	s, err := DefaultTrustStore().With(anchors...)
	require.NoError(t, err)
	require.Len(t, s.Anchors(), 3)
	sel, err := s.selected([]string{"sigtest"})
	require.NoError(t, err)
	require.Len(t, sel, 1)
	_, err = s.selected([]string{"missing"})
	require.ErrorContains(t, err, "unknown trust anchor")
	_, err = s.With(anchors[0])
	require.ErrorContains(t, err, "duplicate")
	_, err = NewTrustStore(Anchor{Name: ""})
	require.Error(t, err)
	_, err = ParseAnchorsPEM("x", []byte("no pem"))
	require.Error(t, err)
	var nilStore *TrustStore
	require.Nil(t, nilStore.Anchors())
}

func TestIndicationURIs(t *testing.T) {
	require.Equal(t, "urn:etsi:019102:mainindication:TOTAL_PASSED", TotalPassed.URI())
	require.Equal(t, "urn:etsi:019102:mainindication:INDETERMINATE", Indeterminate.URI())
	require.Equal(t, "urn:etsi:019102:subindication:REVOKED_NO_POE", RevokedNoPOE.URI())
	require.Empty(t, SubIndication("").URI())
	require.Len(t, AllSubIndications(), 23)
	seen := map[SubIndication]bool{}
	for _, s := range AllSubIndications() {
		require.False(t, seen[s])
		seen[s] = true
		require.Equal(t, "urn:etsi:019102:subindication:"+string(s), s.URI())
	}
}
