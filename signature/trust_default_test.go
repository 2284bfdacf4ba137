package signature

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDefaultTrustStoreBuiltOnce: the embedded PEM is parsed once and the shared store cannot be changed
// through what it returns.
func TestDefaultTrustStoreBuiltOnce(t *testing.T) {
	s := DefaultTrustStore()
	require.Same(t, s, DefaultTrustStore())
	a := s.Anchor(AnchorVGCARootG2)
	require.NotNil(t, a)
	a.Name = "changed"
	anchors := s.Anchors()
	anchors[0].Certificate = nil
	require.NotNil(t, DefaultTrustStore().Anchor(AnchorVGCARootG2))
	require.NotNil(t, DefaultTrustStore().Anchors()[0].Certificate)
	require.Equal(t, "2025-08-15T00:00:00+07:00", CurrentPolicyFrom().Format("2006-01-02T15:04:05-07:00"))
}

func BenchmarkDefaultTrustStore(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if DefaultTrustStore() == nil {
			b.Fatal("nil store")
		}
	}
}
