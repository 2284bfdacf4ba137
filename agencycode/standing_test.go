package agencycode

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestStanding(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, vietnam)
	def := DefaultRegistry()
	loaded := DefaultRegistry()
	require.NoError(t, loaded.LoadCSV(strings.NewReader("code,name\n000.00.31.H29,Sở Tư pháp TP Hồ Chí Minh\n")))
	own := NewRegistry()
	require.NoError(t, own.Add(Entry{Code: MustParse("000.00.00.H29"), Name: "UBND TP Hồ Chí Minh"}))
	tests := []struct {
		name string
		reg  *Registry
		code string
		want Standing
		at   time.Time // zero: 2026-01-01
	}{
		{"listed level-1", def, "000.00.00.H29", Listed, time.Time{}},
		{"sub-unit of a listed province, no sub-units listed", def, "000.01.31.H29", UnderListed, time.Time{}},
		{"province no source confirmed (partial)", def, "000.00.00.H02", Unconfirmed, time.Time{}},
		{"sub-unit of an unconfirmed province", def, "000.00.12.H02", Unconfirmed, time.Time{}},
		{"government body no source confirmed", def, "000.00.00.G23", Unconfirmed, time.Time{}},
		{"no government body G99", def, "000.00.00.G99", Unknown, time.Time{}},
		{"no province numbered 99", def, "000.00.00.H99", Unknown, time.Time{}},
		{"no province numbered 00", def, "000.00.00.K00", Unknown, time.Time{}},
		{"province merged away, after 1/7/2025", def, "000.00.00.H54", Unknown, time.Time{}},
		{"province merged away, before 1/7/2025", def, "000.00.00.H54", Listed, time.Date(2025, 6, 30, 0, 0, 0, 0, vietnam)},
		{"sub-unit under a loaded official list", loaded, "000.00.32.H29", Unknown, time.Time{}},
		{"sub-unit named by the loaded list", loaded, "000.00.31.H29", Listed, time.Time{}},
		{"caller's own registry is complete", own, "000.00.00.H02", Unknown, time.Time{}},
		{"caller's registry, sub-unit of listed", own, "000.00.31.H29", UnderListed, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			when := at
			if !tc.at.IsZero() {
				when = tc.at
			}
			require.Equal(t, tc.want, tc.reg.Standing(MustParse(tc.code), when), tc.want.String())
		})
	}
	require.True(t, def.Partial())
	require.True(t, loaded.Partial())
	require.False(t, own.Partial())
}
