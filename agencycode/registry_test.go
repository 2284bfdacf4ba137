package agencycode

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vietnam) }

func TestDefaultRegistry(t *testing.T) {
	r := DefaultRegistry()
	require.Greater(t, r.Len(), 40)
	tests := []struct {
		code string
		at   time.Time
		name string // "" means unknown at that date
	}{
		{"000.00.00.G22", day(2019, 5, 1), "Văn phòng Chính phủ"},
		{"000.00.00.G22", day(2026, 1, 1), "Văn phòng Chính phủ"},
		{"000.00.00.G14", day(2019, 5, 1), "Bộ Thông tin và Truyền thông"},
		{"000.00.00.G14", day(2026, 1, 1), ""},
		{"000.00.00.G10", day(2024, 12, 31), "Bộ Nông nghiệp và Phát triển nông thôn"},
		{"000.00.00.G10", day(2025, 4, 14), "Bộ Nông nghiệp và Môi trường"},
		{"000.00.00.G21", day(2025, 5, 1), "Bộ Dân tộc và Tôn giáo"},
		{"000.00.00.G30", day(2024, 1, 1), ""},
		{"000.00.00.G30", day(2025, 6, 1), "Thông tấn xã Việt Nam"},
		{"000.00.00.H53", day(2020, 1, 1), "Ủy ban nhân dân tỉnh Tây Ninh"},
		{"000.00.00.H57", day(2024, 6, 1), "Ủy ban nhân dân tỉnh Thừa Thiên Huế"},
		{"000.00.00.H57", day(2025, 6, 1), "Ủy ban nhân dân thành phố Huế"},
		{"000.00.00.K54", day(2020, 1, 1), "Hội đồng nhân dân tỉnh Thái Bình"},
		{"000.21.31.H53", day(2020, 1, 1), "Ủy ban nhân dân xã An Thạnh"},
		{"000.00.00.H99", day(2020, 1, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.code+"@"+tt.at.Format(dateLayout), func(t *testing.T) {
			e, ok := r.Lookup(MustParse(tt.code), tt.at)
			require.Equal(t, tt.name != "", ok)
			require.Equal(t, tt.name, e.Name)
			if ok {
				require.NotEmpty(t, e.Source)
			}
		})
	}
	// A zero time answers with the latest entry.
	e, ok := r.Lookup(MustParse("000.00.00.G10"), time.Time{})
	require.True(t, ok)
	require.Equal(t, "Bộ Nông nghiệp và Môi trường", e.Name)
	require.Len(t, r.History(MustParse("000.00.00.G10")), 2)
	// Đắk Nông's code comes from the province's own decision (QĐ 365/QĐ-UBND, 2021), never from the numbering.
	for _, c := range r.Codes() {
		e, _ := r.Lookup(c, time.Time{})
		if strings.Contains(e.Name, "Đắk Nông") {
			require.Equal(t, "000.00.00.H16", c.String())
			require.Contains(t, e.Source, "QĐ 365/QĐ-UBND")
		}
	}
}

func TestRegistryHierarchy(t *testing.T) {
	r := DefaultRegistry()
	at := day(2020, 1, 1)
	kids := r.Children(MustParse("000.00.00.H53"), at)
	var codes []string
	for _, k := range kids {
		codes = append(codes, k.Code.String())
	}
	require.Equal(t, []string{"000.00.01.H53", "000.00.13.H53", "000.00.31.H53"}, codes)
	require.Empty(t, r.Children(MustParse("000.00.00.H53"), day(2026, 1, 1)))
	anc := r.Ancestors(MustParse("000.21.31.H53"), at)
	require.Len(t, anc, 2)
	require.Equal(t, "Ủy ban nhân dân huyện Bến Cầu", anc[0].Name)
	require.Equal(t, "Ủy ban nhân dân tỉnh Tây Ninh", anc[1].Name)
}

func TestRegistryLoad(t *testing.T) {
	csvText := "\ufeffCode,Name,valid_from,valid_to,extra\n" +
		"000.00.00.H67,UBND thử nghiệm,2020-01-01,2025-07-01,x\n" +
		"000.00.05.H67,Sở thử nghiệm,,,y\n"
	r := NewRegistry()
	require.NoError(t, r.LoadCSV(strings.NewReader(csvText)))
	require.Equal(t, 2, r.Len())
	_, ok := r.Lookup(MustParse("000.00.00.H67"), day(2019, 12, 31))
	require.False(t, ok)
	e, ok := r.Lookup(MustParse("000.00.00.H67"), day(2020, 1, 1))
	require.True(t, ok)
	require.Equal(t, "UBND thử nghiệm", e.Name)
	_, ok = r.Lookup(MustParse("000.00.00.H67"), day(2025, 7, 1))
	require.False(t, ok, "valid_to is exclusive")

	jsonText := `[{"code":"000.00.00.G22","name":"VPCP thử","valid_from":"2030-01-01"}]`
	r2 := DefaultRegistry()
	require.NoError(t, r2.LoadJSON(strings.NewReader(jsonText)))
	e, ok = r2.Lookup(MustParse("000.00.00.G22"), day(2031, 1, 1))
	require.True(t, ok)
	require.Equal(t, "VPCP thử", e.Name, "a loaded file replaces the entries of the codes it names")
	_, ok = r2.Lookup(MustParse("000.00.00.G22"), day(2029, 1, 1))
	require.False(t, ok)
	_, ok = r2.Lookup(MustParse("000.00.00.G01"), day(2029, 1, 1))
	require.True(t, ok, "codes the file does not name are kept")
}

func TestRegistryErrors(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"no header", "", "csv header"},
		{"missing column", "code\n000.00.00.G22\n", `lacks column "name"`},
		{"bad code", "code,name\n000.21.00.H53,x\n", "line 2"},
		{"bad date", "code,name,valid_from\n000.00.00.G22,x,01/01/2020\n", "valid_from"},
		{"reversed period", "code,name,valid_from,valid_to\n000.00.00.G22,x,2020-01-02,2020-01-01\n", "not after"},
		{"overlap", "code,name,valid_from\n000.00.00.G22,a,2020-01-01\n000.00.00.G22,b,2021-01-01\n", "overlapping"},
		{"bad quoting", "code,name\n\"000,x\n", "csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NewRegistry().LoadCSV(strings.NewReader(tt.csv))
			require.ErrorContains(t, err, tt.want)
		})
	}
	require.ErrorContains(t, NewRegistry().LoadJSON(strings.NewReader(`{`)), "json")
	require.ErrorContains(t, NewRegistry().LoadJSON(strings.NewReader(`[{"code":"x.."}]`)), "json entry 0")
	require.ErrorContains(t, NewRegistry().Add(Entry{}), "without a code")
	// An open-ended embedded entry overlaps any later one for the same code.
	require.ErrorIs(t, DefaultRegistry().Add(Entry{Code: MustParse("000.00.00.G22"), Name: "x",
		ValidFrom: day(2030, 1, 1)}), ErrOverlap)
}

func FuzzLoadCSV(f *testing.F) {
	f.Add("code,name,valid_from,valid_to\n000.00.00.H67,x,2020-01-01,2025-07-01\n")
	f.Add("code,name\n000.21.00.H53,x\n")
	f.Add(string(defaultAgencies))
	f.Fuzz(func(t *testing.T, s string) {
		r := NewRegistry()
		if err := r.LoadCSV(strings.NewReader(s)); err != nil {
			require.Zero(t, r.Len(), "a failed load must leave the registry unchanged")
			return
		}
		for _, c := range r.Codes() {
			if _, err := Parse(c.String()); err != nil {
				t.Fatalf("accepted invalid code %q", c)
			}
		}
	})
}
