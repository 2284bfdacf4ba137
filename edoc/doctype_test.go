package edoc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/vnegov/egov/vntime"
)

// nd30Types is NĐ 30/2020 Điều 7 with the abbreviations of Phụ lục III, in the order of the decree.
var nd30Types = []struct{ name, abbr string }{
	{"Nghị quyết", "NQ"}, {"Quyết định", "QĐ"}, {"Chỉ thị", "CT"}, {"Quy chế", "QC"}, {"Quy định", "QyĐ"},
	{"Thông cáo", "TC"}, {"Thông báo", "TB"}, {"Hướng dẫn", "HD"}, {"Chương trình", "CTr"}, {"Kế hoạch", "KH"},
	{"Phương án", "PA"}, {"Đề án", "ĐA"}, {"Dự án", "DA"}, {"Báo cáo", "BC"}, {"Biên bản", "BB"},
	{"Tờ trình", "TTr"}, {"Hợp đồng", "HĐ"}, {"Công văn", ""}, {"Công điện", "CĐ"}, {"Bản ghi nhớ", "BGN"},
	{"Bản thỏa thuận", "BTT"}, {"Giấy ủy quyền", "GUQ"}, {"Giấy mời", "GM"}, {"Giấy giới thiệu", "GGT"},
	{"Giấy nghỉ phép", "GNP"}, {"Phiếu gửi", "PG"}, {"Phiếu chuyển", "PC"}, {"Phiếu báo", "PB"}, {"Thư công", ""},
}

func TestCatalogueND30(t *testing.T) {
	var adm []DocType
	for _, d := range DefaultDocTypes().All() {
		if d.Kind == KindAdministrative && !d.Legacy {
			adm = append(adm, d)
		}
	}
	require.Len(t, adm, 29, "NĐ 30/2020 Điều 7 lists 29 types")
	for i, want := range nd30Types {
		require.Equal(t, want.name, adm[i].Name, "type %d", i+1)
		require.Equal(t, want.abbr, adm[i].Abbr, "abbreviation of %s", want.name)
		require.NotEmpty(t, adm[i].NameEN)
		require.True(t, adm[i].ValidUntil.IsZero())
		require.True(t, norm.NFC.IsNormalString(adm[i].Name))
		got, ok := LookupDocTypeByName(want.name)
		require.True(t, ok, want.name)
		require.Equal(t, adm[i], got)
		if want.abbr != "" {
			got, ok = LookupDocType(want.abbr)
			require.True(t, ok, want.abbr)
			require.Equal(t, adm[i], got)
		}
	}
}

func TestLookupDocType(t *testing.T) {
	tests := []struct {
		abbr string
		name string
		kind DocKind
		leg  bool
	}{
		{"QĐ", "Quyết định", KindAdministrative, false},
		{"qđ", "Quyết định", KindAdministrative, false},
		{" QĐ ", "Quyết định", KindAdministrative, false},
		{"NQ", "Nghị quyết", KindAdministrative, false},
		{"CT", "Chỉ thị", KindAdministrative, false},
		{"CTr", "Chương trình", KindAdministrative, false},
		{"CTR", "Chương trình", KindAdministrative, false},
		{"ctr", "Chương trình", KindAdministrative, false},
		{"QyĐ", "Quy định", KindAdministrative, false},
		{"QYĐ", "Quy định", KindAdministrative, false},
		{"HD", "Hướng dẫn", KindAdministrative, false},
		{"HĐ", "Hợp đồng", KindAdministrative, false},
		{"hđ", "Hợp đồng", KindAdministrative, false},
		{"DA", "Dự án", KindAdministrative, false},
		{"ĐA", "Đề án", KindAdministrative, false},
		{"SY", "Bản sao y", KindCopy, false},
		{"TrS", "Bản trích sao", KindCopy, false},
		{"SL", "Bản sao lục", KindCopy, false},
		{"GN", "Bản ghi nhớ", KindAdministrative, true},
		{"TTh", "Bản thỏa thuận", KindAdministrative, true},
		{"UQ", "Giấy ủy quyền", KindAdministrative, true},
		{"NP", "Giấy nghỉ phép", KindAdministrative, true},
		{"NĐ", "Nghị định", KindNormative, false},
		{"TT", "Thông tư", KindNormative, false},
		{"TTLT", "Thông tư liên tịch", KindNormative, false},
		{"NQLT", "Nghị quyết liên tịch", KindNormative, false},
		{"L", "Lệnh", KindNormative, false},
	}
	for _, tt := range tests {
		t.Run(tt.abbr, func(t *testing.T) {
			d, ok := LookupDocType(tt.abbr)
			require.True(t, ok)
			require.Equal(t, tt.name, d.Name)
			require.Equal(t, tt.kind, d.Kind)
			require.Equal(t, tt.leg, d.Legacy)
			require.Equal(t, tt.leg, !d.ValidUntil.IsZero())
			require.NotEmpty(t, d.Basis)
		})
	}
	// D typed for Đ, when it leads to a single abbreviation.
	for abbr, want := range map[string]string{"QD": "QĐ", "qd": "QĐ", "ND": "NĐ", "QYD": "QyĐ", "CD": "CĐ",
		"HD": "HD", "DA": "DA", "HĐ": "HĐ", "ĐA": "ĐA"} {
		d, ok := LookupDocType(abbr)
		require.True(t, ok, abbr)
		require.Equal(t, want, d.Abbr, abbr)
	}
	for _, miss := range []string{"", "  ", "XYZ", "UBND", "Q", "CV", "DD"} {
		_, ok := LookupDocType(miss)
		require.False(t, ok, miss)
		require.Empty(t, DefaultDocTypes().LookupAll(miss), miss)
	}

	// QĐ is both an administrative and a normative type; CT an administrative and a former normative one.
	all := DefaultDocTypes().LookupAll("QĐ")
	require.Len(t, all, 2)
	require.Equal(t, KindAdministrative, all[0].Kind)
	require.Equal(t, KindNormative, all[1].Kind)
	ct := DefaultDocTypes().LookupAll("CT")
	require.Len(t, ct, 2)
	require.False(t, ct[0].Legacy)
	require.True(t, ct[1].Legacy)
	require.Equal(t, KindNormative, ct[1].Kind)
}

// No two different abbreviations collide when upper-cased, so case-insensitive lookups are unambiguous.
func TestAbbreviationsCaseUnique(t *testing.T) {
	seen := map[string]string{}
	for _, d := range DefaultDocTypes().All() {
		if d.Abbr == "" {
			continue
		}
		up := strings.ToUpper(d.Abbr)
		if prev, ok := seen[up]; ok && prev != d.Abbr {
			t.Fatalf("%q and %q collide when upper-cased", prev, d.Abbr)
		}
		seen[up] = d.Abbr
	}
}

func TestCandidates(t *testing.T) {
	abbrs := func(ds []DocType) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Abbr+"/"+d.Kind.String())
		}
		return out
	}
	cat := DefaultDocTypes()
	require.Equal(t, []string{"QĐ/administrative", "QĐ/normative"}, abbrs(cat.Candidates("QD")))
	require.Equal(t, []string{"HD/administrative", "HĐ/administrative"}, abbrs(cat.Candidates("HD")))
	require.Equal(t, []string{"HĐ/administrative", "HD/administrative"}, abbrs(cat.Candidates("HĐ")))
	require.Equal(t, []string{"DA/administrative", "ĐA/administrative"}, abbrs(cat.Candidates("da")))
	require.Equal(t, []string{"NĐ/normative"}, abbrs(cat.Candidates("ND")))
	require.Equal(t, []string{"QyĐ/administrative"}, abbrs(cat.Candidates("QYD")))
	require.Empty(t, cat.Candidates("UBND"))
	require.Empty(t, cat.Candidates(""))
}

func TestLookupDocTypeByName(t *testing.T) {
	tests := []struct {
		name string
		abbr string
		kind DocKind
	}{
		{"Quyết định", "QĐ", KindAdministrative},
		{"quyết định", "QĐ", KindAdministrative},
		{"QUYẾT ĐỊNH", "QĐ", KindAdministrative},
		{"Quyet dinh", "QĐ", KindAdministrative},
		{norm.NFD.String("Quyết định"), "QĐ", KindAdministrative},
		{"  Quyết   định ", "QĐ", KindAdministrative},
		{"Quyết định (cá biệt)", "QĐ", KindAdministrative},
		{"Quyết định QPPL", "QĐ", KindNormative},
		{"Quyết định quy phạm pháp luật", "QĐ", KindNormative},
		{"Nghị quyết (cá biệt)", "NQ", KindAdministrative},
		{"Nghị quyết QPPL", "NQ", KindNormative},
		// Tone marks placed the old way ("thoả", "uỷ") match the new placement.
		{"Bản thoả thuận", "BTT", KindAdministrative},
		{"Giấy uỷ quyền", "GUQ", KindAdministrative},
		{"Công văn", "", KindAdministrative},
		{"CONG VAN", "", KindAdministrative},
		{"Thư công", "", KindAdministrative},
		{"Đề án", "ĐA", KindAdministrative},
		{"De an", "ĐA", KindAdministrative},
		{"Dự án", "DA", KindAdministrative},
		{"Nghị định", "NĐ", KindNormative},
		{"Thông tư liên tịch", "TTLT", KindNormative},
		{"Luật", "", KindNormative},
		{"Bộ luật", "", KindNormative},
		{"Pháp lệnh", "", KindNormative},
		{"Hiến pháp", "", KindNormative},
		{"Bản sao y", "SY", KindCopy},
		{"Chỉ thị", "CT", KindAdministrative},
		// The current abbreviation wins over the legacy one for the same name.
		{"Bản ghi nhớ", "BGN", KindAdministrative},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := LookupDocTypeByName(tt.name)
			require.True(t, ok)
			require.Equal(t, tt.abbr, d.Abbr)
			require.Equal(t, tt.kind, d.Kind)
		})
	}
	for _, miss := range []string{"", "Quyết", "Quyết định định", "Sắc lệnh", "Công văn hỏa tốc"} {
		_, ok := LookupDocTypeByName(miss)
		require.False(t, ok, miss)
	}
	all := DefaultDocTypes().LookupAllByName("Bản ghi nhớ")
	require.Len(t, all, 2)
	require.Equal(t, "BGN", all[0].Abbr)
	require.Equal(t, "GN", all[1].Abbr)
}

func TestFoldVietnamese(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Quyết định", "quyet dinh"},
		{norm.NFD.String("Quyết định"), "quyet dinh"},
		{"ĐỀ ÁN", "de an"},
		{"Hoả tốc", "hoa toc"},
		{"Hỏa tốc", "hoa toc"},
		{"  (cá biệt)  ", "ca biet"},
		{"a--b", "a b"},
		{"", ""},
		{"Ư ơ", "u o"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, foldVietnamese(tt.in), tt.in)
	}
	// Against a plain reference (decompose the whole string, drop the marks) over the Latin letters, Vietnamese
	// included, in NFC and NFD.
	ref := func(s string) string {
		var b strings.Builder
		for _, r := range norm.NFD.String(s) {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				t.Fatalf("reference fed with %q", s)
			}
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			if r == 'đ' || r == 'Đ' {
				r = 'd'
			}
			b.WriteRune(unicode.ToLower(r))
		}
		return b.String()
	}
	for r := rune(0xC0); r <= 0xFFFF; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		s := "x" + string(r) + "y"
		require.Equal(t, ref(s), foldVietnamese(s), "U+%04X", r)
		require.Equal(t, ref(s), foldVietnamese(norm.NFD.String(s)), "NFD U+%04X", r)
	}
}

func TestDocTypeValues(t *testing.T) {
	ict := vntime.Location()
	gn, _ := LookupDocType("GN")
	require.True(t, gn.ValidAt(time.Date(2020, 3, 4, 12, 0, 0, 0, ict)))
	require.False(t, gn.ValidAt(time.Date(2020, 3, 5, 0, 0, 0, 0, ict)))
	require.False(t, gn.ValidAt(time.Date(2020, 3, 4, 17, 0, 0, 0, time.UTC)), "17:00 UTC is 5 March in Vietnam")
	qd, _ := LookupDocType("QĐ")
	require.True(t, qd.ValidAt(time.Date(2100, 1, 1, 0, 0, 0, 0, ict)))
	require.Equal(t, "Quyết định (QĐ)", qd.String())
	cv, _ := LookupDocTypeByName("Công văn")
	require.Equal(t, "Công văn", cv.String())
	require.False(t, cv.IsZero())
	require.True(t, DocType{}.IsZero())

	b, err := json.Marshal(gn)
	require.NoError(t, err)
	require.JSONEq(t, `{"abbr":"GN","name":"Bản ghi nhớ","name_en":"memorandum of understanding",
		"kind":"administrative","legacy":true,"valid_until":"2020-03-05T00:00:00+07:00",
		"basis":"TT 01/2011/TT-BNV Phụ lục I"}`, string(b))
	var back DocType
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.ValidUntil.Equal(gn.ValidUntil))
	back.ValidUntil = gn.ValidUntil
	require.Equal(t, gn, back)

	for _, k := range []DocKind{KindAdministrative, KindNormative, KindCopy} {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var kk DocKind
		require.NoError(t, kk.UnmarshalText(b))
		require.Equal(t, k, kk)
		require.NoError(t, kk.UnmarshalText([]byte(k.StringVI())))
		require.Equal(t, k, kk)
	}
	require.Equal(t, "kind(0)", DocKind(0).String())
	require.Equal(t, "loại(0)", DocKind(0).StringVI())
	_, err = DocKind(0).MarshalText()
	require.ErrorIs(t, err, ErrEnumRange)
	var kk DocKind
	require.ErrorIs(t, kk.UnmarshalText([]byte("law")), ErrEnumSyntax)
}

func TestNewDocTypeCatalogue(t *testing.T) {
	// An integrator adds a type of its own next to the defaults.
	types := append(DefaultDocTypes().All(), DocType{Abbr: "KL", Name: "Kết luận", NameEN: "conclusion",
		Kind: KindAdministrative, Basis: "internal rule"})
	cat, err := NewDocTypeCatalogue(types)
	require.NoError(t, err)
	d, ok := cat.Lookup("KL")
	require.True(t, ok)
	require.Equal(t, "Kết luận", d.Name)
	_, ok = LookupDocType("KL")
	require.False(t, ok, "the default catalogue is unchanged")
	n, err := cat.ParseNumber("12/KL-UBND")
	require.NoError(t, err)
	require.Equal(t, "KL", n.TypeAbbr)
	n, err = ParseNumber("12/KL-UBND")
	require.NoError(t, err)
	require.Equal(t, "KL", n.Issuer, "unknown to the default catalogue: read as a công văn")

	// Without a normative twin in the catalogue, a year on an administrative decision is unexpected.
	admOnly, err := NewDocTypeCatalogue([]DocType{{Abbr: "QĐ", Name: "Quyết định", Kind: KindAdministrative}})
	require.NoError(t, err)
	qd, _ := admOnly.Lookup("QĐ")
	n, err = admOnly.ParseNumber("13/2016/QĐ-UBND")
	require.NoError(t, err)
	require.ErrorIs(t, admOnly.CheckNumberType(n, qd), ErrNumberYearUnexpected)
	require.NoError(t, CheckNumberType(n, qd))

	// Entries are normalised to NFC.
	cat, err = NewDocTypeCatalogue([]DocType{{Abbr: norm.NFD.String("QĐ"), Name: norm.NFD.String("Quyết định"),
		Kind: KindAdministrative}})
	require.NoError(t, err)
	d, ok = cat.LookupByName("Quyết định")
	require.True(t, ok)
	require.True(t, norm.NFC.IsNormalString(d.Name))

	for _, bad := range [][]DocType{
		{{Abbr: "X", Name: " ", Kind: KindAdministrative}},
		{{Abbr: "X", Name: "X"}},
		{{Abbr: "X-Y", Name: "X", Kind: KindCopy}},
		{{Abbr: "X1", Name: "X", Kind: KindCopy}},
	} {
		_, err := NewDocTypeCatalogue(bad)
		require.ErrorIs(t, err, ErrDocTypeCatalogue)
		require.True(t, strings.HasPrefix(err.Error(), "edoc: document type"))
	}

	// All returns a copy.
	all := DefaultDocTypes().All()
	all[0].Name = "changed"
	require.Equal(t, "Nghị quyết", DefaultDocTypes().All()[0].Name)
}

func BenchmarkLookupDocTypeByName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := LookupDocTypeByName("Quyết định"); !ok {
			b.Fatal("missing")
		}
	}
}

// The shared default catalogue and the machines are safe for concurrent use (run with -race).
func TestConcurrentUse(t *testing.T) {
	m := DefaultStatusMachine()
	done := make(chan error, 8)
	for g := range 8 {
		go func() {
			var err error
			for i := range 200 {
				n, e := ParseNumber([]string{"231/QĐ-UBND", "13/2016/QĐ-UBND", "6957/UBND-TTĐT"}[(g+i)%3])
				if e != nil {
					err = e
					break
				}
				d, _ := LookupDocTypeByName("Quyết định")
				_ = CheckNumberType(n, d)
				_ = m.CanFollow(StatusReceived, StatusAccepted)
				_ = DefaultDocTypes().Candidates("HD")
			}
			done <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
}

// FuzzLookupDocType: lookups never panic, and NFC and NFD spellings of a name find the same type.
func FuzzLookupDocType(f *testing.F) {
	for _, s := range []string{"QĐ", "qd", "HD", "Quyết định", "Quyết định (cá biệt)", "Bản thoả thuận", "công văn", "",
		"\xff", "Ư", "가"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cat := DefaultDocTypes()
		a, okA := cat.LookupByName(s)
		b, okB := cat.LookupByName(norm.NFD.String(s))
		if utf8.ValidString(s) && (okA != okB || a != b) {
			t.Fatalf("LookupByName(%q) = %v %v but NFD gives %v %v", s, a, okA, b, okB)
		}
		if d, ok := cat.Lookup(s); ok && d.Abbr == "" {
			t.Fatalf("Lookup(%q) found a type without abbreviation", s)
		}
		for _, d := range cat.Candidates(s) {
			if d.Abbr == "" {
				t.Fatalf("Candidates(%q) holds a type without abbreviation", s)
			}
		}
		_ = foldVietnamese(s)
	})
}
