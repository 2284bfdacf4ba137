package adminunit

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vietnam) }

func TestDefaultProvinces(t *testing.T) {
	r := DefaultRegistry()
	require.Len(t, r.Provinces(day(2025, 6, 30)), 63)
	require.Len(t, r.Provinces(day(2025, 7, 1)), 34)
	u, ok := r.Lookup("67", day(2024, 1, 1))
	require.True(t, ok)
	require.Equal(t, "Tỉnh Đắk Nông", u.Name)
	require.Equal(t, Province, u.Level)
	_, ok = r.Lookup("67", day(2025, 7, 1))
	require.False(t, ok)
	u, ok = r.Lookup("46", day(2025, 3, 1))
	require.True(t, ok)
	require.Equal(t, "Thành phố Huế", u.Name)
	u, ok = r.Lookup("80", day(2025, 7, 1))
	require.True(t, ok)
	require.Equal(t, "Tỉnh Tây Ninh", u.Name, "the new Tây Ninh took Long An's code 80")
	u, _ = r.Lookup("80", day(2025, 6, 30))
	require.Equal(t, "Tỉnh Long An", u.Name)
}

func TestSuccessor(t *testing.T) {
	r := DefaultRegistry()
	tests := []struct {
		code string
		at   time.Time
		want string
	}{
		{"67", day(2025, 7, 1), "Tỉnh Lâm Đồng"},
		{"60", day(2026, 1, 1), "Tỉnh Lâm Đồng"},
		{"67", day(2025, 6, 30), "Tỉnh Đắk Nông"},
		{"93", day(2025, 7, 1), "Thành phố Cần Thơ"},
		{"34", day(2025, 7, 1), "Tỉnh Hưng Yên"},
		{"72", day(2025, 7, 1), "Tỉnh Tây Ninh"},
		{"01", day(2025, 7, 1), "Thành phố Hà Nội"},
	}
	for _, tt := range tests {
		u, ok := r.Successor(tt.code, tt.at)
		require.True(t, ok, tt.code)
		require.Equal(t, tt.want, u.Name, tt.code)
	}
	_, ok := r.Successor("99", day(2025, 7, 1))
	require.False(t, ok)
	preds := r.Predecessors("68", day(2025, 7, 1))
	var from []string
	for _, m := range preds {
		from = append(from, m.From)
	}
	require.ElementsMatch(t, []string{"60", "67", "68"}, from)
	require.Empty(t, r.Predecessors("68", day(2025, 6, 30)))
}

func TestLoadCommunes(t *testing.T) {
	r := DefaultRegistry()
	communes := "code,name,parent,valid_from,other\n00004,Phường Ba Đình,01,2025-07-01,x\n26734,Phường Bến Thành,79,2025-07-01,y\n"
	require.NoError(t, r.LoadCSV(strings.NewReader(communes)))
	u, ok := r.Lookup("00004", day(2025, 8, 1))
	require.True(t, ok)
	require.Equal(t, Commune, u.Level)
	kids := r.Children("01", day(2025, 8, 1))
	require.Len(t, kids, 1)
	require.Equal(t, "Phường Ba Đình", kids[0].Name)
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"empty", "", "header"},
		{"no name", "code\n01\n", `lacks column "name"`},
		{"width", "code,name\n1234,x\n", "line 2"},
		{"letters", "code,name\n0A,x\n", "not all digits"},
		{"level", "code,name,level\n01,x,district\n", "width of a province"},
		{"unknown level", "code,name,level\n01,x,state\n", "unknown level"},
		{"date", "code,name,valid_to\n01,x,2025/07/01\n", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorContains(t, NewRegistry().LoadCSV(strings.NewReader(tt.csv)), tt.want)
		})
	}
	require.ErrorContains(t, NewRegistry().LoadMergersCSV(strings.NewReader("from,to,effective\n67,68,\n")), "empty effective")
	require.ErrorContains(t, NewRegistry().LoadMergersCSV(strings.NewReader("from,to\n67,68\n")), "effective")
	require.ErrorContains(t, NewRegistry().LoadMergersCSV(strings.NewReader("from,to,effective\n6,68,2025-07-01\n")), "digits")
	require.Equal(t, "commune", Commune.String())
}

func FuzzLoadCSV(f *testing.F) {
	f.Add("code,name,parent,valid_from,valid_to\n00004,Phường Ba Đình,01,2025-07-01,\n")
	f.Add("code,name\n\"01\",\"x\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		r := NewRegistry()
		if err := r.LoadCSV(strings.NewReader(s)); err != nil {
			return
		}
		for _, us := range r.units {
			for _, u := range us {
				if _, err := levelOf(u.Code); err != nil {
					t.Fatalf("accepted bad code %q", u.Code)
				}
			}
		}
	})
}
