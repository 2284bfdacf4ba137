package agencycode

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/agencycode/adminunit"
)

// level1 returns the level-1 entries of r valid at t whose level-1 group starts with one of letters.
func level1(r *Registry, at time.Time, letters string) []Entry {
	var out []Entry
	for _, c := range r.Codes() {
		if c.Level() != 1 || !strings.Contains(letters, c.Group(1)[:1]) {
			continue
		}
		if e, ok := r.Lookup(c, at); ok {
			out = append(out, e)
		}
	}
	return out
}

// TestDefaultRegistryLevel1 pins the size of the embedded level-1 list, so that a change of the data file is a
// deliberate change of this test (and of the figures in DefaultRegistry's documentation).
func TestDefaultRegistryLevel1(t *testing.T) {
	r := DefaultRegistry()
	require.Equal(t, 66, r.Len(), "rows of data/agencies.csv")
	n := 0
	for _, c := range r.Codes() {
		if c.Level() == 1 {
			n += len(r.History(c))
		}
	}
	require.Equal(t, 60, n, "level-1 rows")
	before := day(2025, 6, 30)
	after := day(2025, 7, 1)
	tests := []struct {
		name    string
		at      time.Time
		letters string
		want    int
	}{
		{"ministries and government bodies before QĐ 09/2025", day(2025, 4, 13), "G", 25},
		{"ministries and government bodies after QĐ 09/2025", day(2026, 1, 1), "G", 25},
		{"UBND of provinces before 1/7/2025", before, "H", 15},
		{"UBND of provinces after 1/7/2025", after, "H", 12},
		{"HĐND of provinces before 1/7/2025", before, "K", 4},
		{"HĐND of provinces after 1/7/2025", after, "K", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Len(t, level1(r, tt.at, tt.letters), tt.want)
		})
	}
	known := []struct {
		code string
		at   time.Time
		name string // "" means unknown at that date
	}{
		{"000.00.00.H29", day(2026, 1, 1), "Ủy ban nhân dân Thành phố Hồ Chí Minh"},
		{"000.00.00.H29", day(2020, 1, 1), "Ủy ban nhân dân Thành phố Hồ Chí Minh"},
		{"000.00.00.H38", day(2026, 1, 1), "Ủy ban nhân dân tỉnh Lào Cai"},
		{"000.00.00.H53", day(2026, 1, 1), "Ủy ban nhân dân tỉnh Tây Ninh"},
		{"000.00.00.H30", day(2025, 6, 30), "Ủy ban nhân dân tỉnh Hậu Giang"},
		{"000.00.00.H30", day(2025, 7, 1), ""},
		{"000.00.00.H54", day(2026, 1, 1), ""},
		{"000.00.00.K54", day(2026, 1, 1), ""},
		{"000.00.00.K57", day(2026, 1, 1), "Hội đồng nhân dân thành phố Huế"},
		// QĐ 2918/QĐ-UBND (2022) of Hà Nội; the city was not merged on 1/7/2025.
		{"000.00.00.H26", day(2019, 1, 1), "Ủy ban nhân dân thành phố Hà Nội"},
		{"000.00.00.H26", day(2026, 1, 1), "Ủy ban nhân dân thành phố Hà Nội"},
		// QĐ 2803/QĐ-UBND (2017) of Hà Tĩnh.
		{"000.00.00.H27", day(2018, 1, 1), "Ủy ban nhân dân tỉnh Hà Tĩnh"},
		{"000.00.00.H27", day(2026, 1, 1), "Ủy ban nhân dân tỉnh Hà Tĩnh"},
		// QĐ 365/QĐ-UBND (2021) of Đắk Nông; merged into Lâm Đồng, whose name it does not bear.
		{"000.00.00.H16", day(2025, 6, 30), "Ủy ban nhân dân tỉnh Đắk Nông"},
		{"000.00.00.H16", day(2025, 7, 1), ""},
		// Đà Nẵng absorbs Quảng Nam under its own name and keeps H17.
		{"000.00.00.H17", day(2021, 1, 1), "Ủy ban nhân dân thành phố Đà Nẵng"},
		{"000.00.00.H17", day(2026, 1, 1), "Ủy ban nhân dân thành phố Đà Nẵng"},
		// QĐ 931/QĐ-UBND (2020) of Cao Bằng gives both the UBND and the HĐND code.
		{"000.00.00.H14", day(2026, 1, 1), "Ủy ban nhân dân tỉnh Cao Bằng"},
		{"000.00.00.K14", day(2026, 1, 1), "Hội đồng nhân dân tỉnh Cao Bằng"},
		// Codes no source confirms stay unknown (the numbering is not inferred).
		{"000.00.00.H15", day(2020, 1, 1), ""},
		{"000.00.00.H28", day(2020, 1, 1), ""},
	}
	for _, tt := range known {
		e, ok := r.Lookup(MustParse(tt.code), tt.at)
		require.Equal(t, tt.name != "", ok, "%s at %s", tt.code, tt.at.Format(dateLayout))
		require.Equal(t, tt.name, e.Name)
	}
}

// TestDefaultRegistrySources checks every row: a source citing a regulation or published list (never this
// repository's notes), and periods of one code that follow each other without overlap.
func TestDefaultRegistrySources(t *testing.T) {
	r := DefaultRegistry()
	for _, c := range r.Codes() {
		h := r.History(c)
		for i, e := range h {
			require.NotEmpty(t, e.Name, c.String())
			require.NotEmpty(t, e.Source, c.String())
			for _, bad := range []string{"agencycode.md", "spec ", "egov"} {
				require.NotContains(t, e.Source, bad, "%s cites the repository instead of a regulation", c)
			}
			require.True(t, strings.Contains(e.Source, "QĐ") || strings.Contains(e.Source, "QCVN") ||
				strings.Contains(e.Source, "Nghị quyết"), "%s: source names no regulation: %s", c, e.Source)
			if i > 0 {
				prev := h[i-1]
				require.False(t, prev.ValidTo.IsZero(), "%s: an open period is followed by another", c)
				require.False(t, e.ValidFrom.IsZero(), "%s: a later period has no start", c)
				require.False(t, prev.ValidTo.After(e.ValidFrom), "%s: periods overlap", c)
			}
		}
	}
}

// TestDefaultRegistryMatchesAdminUnits cross-checks the provinces of the H and K codes with the administrative
// units of adminunit: each name exists as a province throughout the entry's period, and a code closed on 1/7/2025
// belongs to a province whose name did not survive the mergers (QĐ 09/2025/QĐ-TTg keeps the code of the
// same-name predecessor only).
func TestDefaultRegistryMatchesAdminUnits(t *testing.T) {
	r := DefaultRegistry()
	units := adminunit.DefaultRegistry()
	merger := day(2025, 7, 1)
	for _, c := range r.Codes() {
		if c.Level() != 1 || (c.Group(1)[0] != 'H' && c.Group(1)[0] != 'K') {
			continue
		}
		for _, e := range r.History(c) {
			province := strings.TrimPrefix(strings.TrimPrefix(e.Name, "Ủy ban nhân dân "), "Hội đồng nhân dân ")
			probes := []time.Time{day(2020, 1, 1)}
			if !e.ValidFrom.IsZero() {
				probes = []time.Time{e.ValidFrom}
			}
			if !e.ValidTo.IsZero() {
				probes = append(probes, e.ValidTo.AddDate(0, 0, -1))
			}
			for _, at := range probes {
				require.True(t, hasProvince(units, province, at), "%s %q: no province %q on %s", c, e.Name,
					province, at.Format(dateLayout))
			}
			if e.ValidTo.Equal(merger) && len(r.History(c)) == 1 {
				require.False(t, hasProvince(units, province, merger), "%s closed although %q survives", c, province)
			}
		}
	}
}

func hasProvince(units *adminunit.Registry, name string, at time.Time) bool {
	for _, u := range units.Provinces(at) {
		if strings.EqualFold(u.Name, name) {
			return true
		}
	}
	return false
}

// TestDefaultRegistryCouncilCodes checks the pairing rule the HĐND (K) codes follow: a K code carries the number of
// its province's H code (H54/K54 in QĐ 3982/QĐ-UBND of Thái Bình, H14/K14 in QĐ 931/QĐ-UBND of Cao Bằng, H57/K57 in
// QĐ 09/2025/QĐ-TTg), so each embedded K entry has an H entry of the same number naming the same province on
// every day of its period.
func TestDefaultRegistryCouncilCodes(t *testing.T) {
	r := DefaultRegistry()
	for _, c := range r.Codes() {
		if c.Level() != 1 || c.Group(1)[0] != 'K' {
			continue
		}
		h := MustParse("000.00.00.H" + c.Group(1)[1:])
		for _, e := range r.History(c) {
			province := strings.TrimPrefix(e.Name, "Hội đồng nhân dân ")
			probes := []time.Time{day(2020, 1, 1)}
			if !e.ValidFrom.IsZero() {
				probes = []time.Time{e.ValidFrom}
			}
			if !e.ValidTo.IsZero() {
				probes = append(probes, e.ValidTo.AddDate(0, 0, -1))
			}
			for _, at := range probes {
				u, ok := r.Lookup(h, at)
				require.True(t, ok, "%s has no %s on %s", c, h, at.Format(dateLayout))
				require.Equal(t, "Ủy ban nhân dân "+province, u.Name, "%s and %s on %s", c, h, at.Format(dateLayout))
			}
		}
	}
}
