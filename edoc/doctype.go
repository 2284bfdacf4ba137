package edoc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vnegov/egov/vntime"
)

// This file is the catalogue of document types (tên loại văn bản) and of their abbreviations (chữ viết tắt),
// used in document numbers ("231/QĐ-UBND": QĐ is the type) and in DocumentType/TypeName of edXML headers.
//
// Sources:
//   - administrative documents: NĐ 30/2020/NĐ-CP Điều 7 (29 types) and Phụ lục III (abbreviations; công văn and
//     thư công have none), copies (bản sao y SY, trích sao TrS, sao lục SL);
//   - abbreviations in force before NĐ 30/2020 under Thông tư 01/2011/TT-BNV, for documents still circulating:
//     GN (bản ghi nhớ), TTh (bản thỏa thuận), UQ (giấy ủy quyền), NP (giấy nghỉ phép), marked Legacy and valid
//     until 5 March 2020, the day NĐ 30/2020 took effect;
//   - legal normative documents (văn bản quy phạm pháp luật): the list of Luật Ban hành văn bản quy phạm pháp luật
//     80/2015/QH13 Điều 4 (amended by Luật 63/2020/QH14; see
//     https://vi.wikipedia.org/wiki/Hệ_thống_văn_bản_quy_phạm_pháp_luật_của_Nhà_nước_Việt_Nam), with the
//     abbreviations of their numbers: Nghị định NĐ, Thông tư TT, Thông tư liên tịch TTLT, Quyết định QĐ, Nghị
//     quyết NQ, Nghị quyết liên tịch NQLT, Lệnh L. Hiến pháp, bộ luật, luật and pháp lệnh carry no type
//     abbreviation ("80/2015/QH13"), nor do resolutions of the Quốc hội and its Ủy ban Thường vụ
//     ("104/2023/QH15"). Chỉ thị of an Ủy ban nhân dân was a normative type under Luật Ban hành văn bản quy phạm
//     pháp luật của HĐND, UBND 31/2004/QH11 and no longer is since Luật 80/2015 took effect on 1 July 2016: it is
//     kept as a Legacy normative type. The 2025 law that replaces Luật 80/2015 is not reflected here [U]: build a
//     catalogue with NewDocTypeCatalogue to follow it.

// DocKind classifies a document type.
type DocKind uint8

// Kinds of document types.
const (
	// KindAdministrative is "văn bản hành chính" (NĐ 30/2020 Điều 7).
	KindAdministrative DocKind = iota + 1
	// KindNormative is "văn bản quy phạm pháp luật" (Luật Ban hành văn bản quy phạm pháp luật).
	KindNormative
	// KindCopy is a copy form, "bản sao" (NĐ 30/2020 Điều 25): sao y, trích sao, sao lục.
	KindCopy
)

var kindNames = [...]struct{ en, vi string }{
	KindAdministrative: {"administrative", "văn bản hành chính"},
	KindNormative:      {"normative", "văn bản quy phạm pháp luật"},
	KindCopy:           {"copy", "bản sao"},
}

// Known reports whether k is one of the three kinds.
func (k DocKind) Known() bool { return k >= KindAdministrative && int(k) < len(kindNames) }

// String returns "administrative", "normative" or "copy".
func (k DocKind) String() string {
	if k.Known() {
		return kindNames[k].en
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// StringVI returns "văn bản hành chính", "văn bản quy phạm pháp luật" or "bản sao".
func (k DocKind) StringVI() string {
	if k.Known() {
		return kindNames[k].vi
	}
	return "loại(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText encodes the kind as its English name.
func (k DocKind) MarshalText() ([]byte, error) {
	if !k.Known() {
		return nil, enumErr("DocKind", strconv.Itoa(int(k)), ErrEnumRange)
	}
	return []byte(kindNames[k].en), nil
}

// UnmarshalText decodes an English or Vietnamese kind name.
func (k *DocKind) UnmarshalText(b []byte) error {
	i, err := parseNamed("DocKind", string(b), kindNames[1:])
	if err != nil {
		return err
	}
	*k = DocKind(i + 1)
	return nil
}

// DocType is a type of document (tên loại văn bản) with the abbreviation used in its number. DocType values are
// comparable with ==.
type DocType struct {
	// Abbr is the abbreviation of the type in document numbers, e.g. "QĐ"; empty for types written without one
	// (công văn, thư công, luật…).
	Abbr string `json:"abbr"`
	// Name is the Vietnamese name with diacritics, e.g. "Quyết định".
	Name string `json:"name"`
	// NameEN is the English name, e.g. "decision".
	NameEN string `json:"name_en"`
	// Kind says whether the type is administrative, normative or a copy form.
	Kind DocKind `json:"kind"`
	// Legacy is true for a type or abbreviation no longer in force (see ValidUntil).
	Legacy bool `json:"legacy,omitempty"`
	// ValidUntil is the first day on which the type or abbreviation no longer applies (zero: still in force).
	ValidUntil time.Time `json:"valid_until,omitzero"`
	// Basis names the rule the entry comes from, e.g. "NĐ 30/2020/NĐ-CP Phụ lục III".
	Basis string `json:"basis"`
}

// ValidAt reports whether the type or abbreviation was in force on the day of at (for example the promulgation
// date of the document).
func (t DocType) ValidAt(at time.Time) bool {
	return t.ValidUntil.IsZero() || at.Before(t.ValidUntil)
}

// IsZero reports whether t is the zero DocType (no type).
func (t DocType) IsZero() bool { return t == DocType{} }

// String returns the Vietnamese name followed by the abbreviation, e.g. "Quyết định (QĐ)", or the name alone.
func (t DocType) String() string {
	if t.Abbr == "" {
		return t.Name
	}
	return t.Name + " (" + t.Abbr + ")"
}

const (
	basisND30        = "NĐ 30/2020/NĐ-CP Điều 7, Phụ lục III"
	basisND30Copy    = "NĐ 30/2020/NĐ-CP Điều 25, Phụ lục III"
	basisTT01        = "TT 01/2011/TT-BNV Phụ lục I"
	basisLuat80      = "Luật 80/2015/QH13 Điều 4"
	basisLuat31      = "Luật 31/2004/QH11 Điều 1"
	nd30InForce      = "2020-03-05"
	luat80InForceDay = "2016-07-01"
)

func ictDate(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, vntime.Location())
	if err != nil {
		panic(err) // fixed literals above; caught by the tests
	}
	return t
}

// defaultDocTypes returns the entries of DefaultDocTypes, in catalogue order: the 29 administrative types in the
// order of NĐ 30/2020 Điều 7, the copy forms, the legacy abbreviations, then the normative types.
func defaultDocTypes() []DocType {
	adm := func(abbr, name, en string) DocType {
		return DocType{Abbr: abbr, Name: name, NameEN: en, Kind: KindAdministrative, Basis: basisND30}
	}
	nd30 := ictDate(nd30InForce)
	legacy := func(abbr, name, en string) DocType {
		return DocType{Abbr: abbr, Name: name, NameEN: en, Kind: KindAdministrative, Legacy: true,
			ValidUntil: nd30, Basis: basisTT01}
	}
	normative := func(abbr, name, en string) DocType {
		return DocType{Abbr: abbr, Name: name, NameEN: en, Kind: KindNormative, Basis: basisLuat80}
	}
	copyForm := func(abbr, name, en string) DocType {
		return DocType{Abbr: abbr, Name: name, NameEN: en, Kind: KindCopy, Basis: basisND30Copy}
	}
	return []DocType{
		adm("NQ", "Nghị quyết", "resolution"),
		adm("QĐ", "Quyết định", "decision"),
		adm("CT", "Chỉ thị", "directive"),
		adm("QC", "Quy chế", "regulation"),
		adm("QyĐ", "Quy định", "rules"),
		adm("TC", "Thông cáo", "communiqué"),
		adm("TB", "Thông báo", "notice"),
		adm("HD", "Hướng dẫn", "guidance"),
		adm("CTr", "Chương trình", "programme"),
		adm("KH", "Kế hoạch", "plan"),
		adm("PA", "Phương án", "scheme"),
		adm("ĐA", "Đề án", "proposal"),
		adm("DA", "Dự án", "project"),
		adm("BC", "Báo cáo", "report"),
		adm("BB", "Biên bản", "minutes"),
		adm("TTr", "Tờ trình", "submission"),
		adm("HĐ", "Hợp đồng", "contract"),
		adm("", "Công văn", "official letter"),
		adm("CĐ", "Công điện", "official telegram"),
		adm("BGN", "Bản ghi nhớ", "memorandum of understanding"),
		adm("BTT", "Bản thỏa thuận", "agreement"),
		adm("GUQ", "Giấy ủy quyền", "power of attorney"),
		adm("GM", "Giấy mời", "invitation"),
		adm("GGT", "Giấy giới thiệu", "letter of introduction"),
		adm("GNP", "Giấy nghỉ phép", "leave permit"),
		adm("PG", "Phiếu gửi", "dispatch slip"),
		adm("PC", "Phiếu chuyển", "transfer slip"),
		adm("PB", "Phiếu báo", "notification slip"),
		adm("", "Thư công", "public letter"),

		copyForm("SY", "Bản sao y", "true copy"),
		copyForm("TrS", "Bản trích sao", "extract copy"),
		copyForm("SL", "Bản sao lục", "transcribed copy"),

		legacy("GN", "Bản ghi nhớ", "memorandum of understanding"),
		legacy("TTh", "Bản thỏa thuận", "agreement"),
		legacy("UQ", "Giấy ủy quyền", "power of attorney"),
		legacy("NP", "Giấy nghỉ phép", "leave permit"),

		normative("", "Hiến pháp", "constitution"),
		normative("", "Bộ luật", "code"),
		normative("", "Luật", "law"),
		normative("NQ", "Nghị quyết", "resolution"),
		normative("", "Pháp lệnh", "ordinance"),
		normative("NQLT", "Nghị quyết liên tịch", "joint resolution"),
		normative("L", "Lệnh", "order"),
		normative("QĐ", "Quyết định", "decision"),
		normative("NĐ", "Nghị định", "decree"),
		normative("TT", "Thông tư", "circular"),
		normative("TTLT", "Thông tư liên tịch", "joint circular"),
		{Abbr: "CT", Name: "Chỉ thị", NameEN: "directive", Kind: KindNormative, Legacy: true,
			ValidUntil: ictDate(luat80InForceDay), Basis: basisLuat31},
	}
}

// DocTypeCatalogue is an immutable set of document types with lookups by abbreviation and by name. It is safe for
// concurrent use.
type DocTypeCatalogue struct {
	types  []DocType
	byAbbr map[string][]int // NFC abbreviation → indexes, in preference order
	byFold map[string][]int // upper-case abbreviation → indexes
	byD    map[string][]int // upper-case abbreviation with Đ written D → indexes
	byName map[string][]int // folded name (and "name kind" qualifiers) → indexes
}

// ErrDocTypeCatalogue reports an invalid entry given to NewDocTypeCatalogue.
var ErrDocTypeCatalogue = errors.New("invalid document type")

var defaultCatalogue = sync.OnceValue(func() *DocTypeCatalogue {
	c, err := NewDocTypeCatalogue(defaultDocTypes())
	if err != nil {
		panic(err) // the table is fixed; caught by the tests
	}
	return c
})

// DefaultDocTypes returns the catalogue described in this file: the 29 administrative types and abbreviations of
// NĐ 30/2020, the copy forms, the legacy abbreviations of TT 01/2011 and the normative types. The catalogue is
// built once and shared; it cannot be changed (extend it with NewDocTypeCatalogue(append(DefaultDocTypes().All(),
// …))).
func DefaultDocTypes() *DocTypeCatalogue { return defaultCatalogue() }

// NewDocTypeCatalogue builds a catalogue from types. Every entry needs a Name and a known Kind; an abbreviation
// must be letters only. The same abbreviation may appear under several entries (QĐ is both an administrative and a
// normative type): lookups prefer entries in force, then administrative over copy over normative, then catalogue
// order. Errors wrap ErrDocTypeCatalogue.
func NewDocTypeCatalogue(types []DocType) (*DocTypeCatalogue, error) {
	c := &DocTypeCatalogue{
		types:  make([]DocType, len(types)),
		byAbbr: map[string][]int{},
		byFold: map[string][]int{},
		byD:    map[string][]int{},
		byName: map[string][]int{},
	}
	for i, t := range types {
		t.Abbr = norm.NFC.String(t.Abbr)
		t.Name = norm.NFC.String(t.Name)
		if strings.TrimSpace(t.Name) == "" {
			return nil, fmt.Errorf("edoc: document type %d: %w: empty name", i, ErrDocTypeCatalogue)
		}
		if !t.Kind.Known() {
			return nil, fmt.Errorf("edoc: document type %q: %w: unknown kind %d", t.Name, ErrDocTypeCatalogue, t.Kind)
		}
		for _, r := range t.Abbr {
			if !unicode.IsLetter(r) {
				return nil, fmt.Errorf("edoc: document type %q: %w: abbreviation %q is not letters only",
					t.Name, ErrDocTypeCatalogue, t.Abbr)
			}
		}
		c.types[i] = t
	}
	for i, t := range c.types {
		if t.Abbr != "" {
			c.byAbbr[t.Abbr] = append(c.byAbbr[t.Abbr], i)
			up := strings.ToUpper(t.Abbr)
			c.byFold[up] = append(c.byFold[up], i)
			d := strings.ReplaceAll(up, "Đ", "D")
			c.byD[d] = append(c.byD[d], i)
		}
		key := foldVietnamese(t.Name)
		c.byName[key] = append(c.byName[key], i)
		for _, q := range kindQualifiers(t.Kind) {
			k := key + " " + q
			c.byName[k] = append(c.byName[k], i)
		}
	}
	for _, m := range []map[string][]int{c.byAbbr, c.byFold, c.byD, c.byName} {
		for k, idx := range m {
			m[k] = c.preferred(idx)
		}
	}
	return c, nil
}

// kindQualifiers are the words that may follow a type name to tell its kind: "Quyết định (cá biệt)", "Quyết định
// QPPL".
func kindQualifiers(k DocKind) []string {
	switch k {
	case KindAdministrative:
		return []string{"ca biet", "hanh chinh"}
	case KindNormative:
		return []string{"qppl", "quy pham phap luat", "quy pham"}
	}
	return nil
}

// preferred orders indexes: in force first, then administrative, copy, normative, then catalogue order.
func (c *DocTypeCatalogue) preferred(idx []int) []int {
	rank := func(i int) int {
		t := c.types[i]
		r := 0
		if t.Legacy {
			r += 10
		}
		switch t.Kind {
		case KindCopy:
			r++
		case KindNormative:
			r += 2
		}
		return r
	}
	out := make([]int, len(idx))
	copy(out, idx)
	// insertion sort: lists hold a handful of entries and the sort must be stable
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && rank(out[j]) < rank(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// All returns a copy of the catalogue's entries in catalogue order.
func (c *DocTypeCatalogue) All() []DocType {
	out := make([]DocType, len(c.types))
	copy(out, c.types)
	return out
}

func (c *DocTypeCatalogue) pick(idx []int) []DocType {
	if len(idx) == 0 {
		return nil
	}
	out := make([]DocType, len(idx))
	for i, j := range idx {
		out[i] = c.types[j]
	}
	return out
}

// Lookup returns the preferred type written with the abbreviation abbr (see NewDocTypeCatalogue for the order).
// The match is exact after NFC normalisation, then case-insensitive ("qđ", "CTR"): abbreviations differ in case
// only by convention (QyĐ, CTr, TTr) and no two of them collide when upper-cased. Last, D is taken for Đ when
// that leads to a single abbreviation ("QD" finds QĐ, "ND" NĐ); an exact match always wins, so "HD" is hướng dẫn
// and never hợp đồng (HĐ): see Candidates for every reading of such a number.
func (c *DocTypeCatalogue) Lookup(abbr string) (DocType, bool) {
	if idx := c.lookupIdx(abbr); len(idx) > 0 {
		return c.types[idx[0]], true
	}
	return DocType{}, false
}

// LookupAll returns every type written with abbr, preferred first ("QĐ": the administrative and the normative
// decision).
func (c *DocTypeCatalogue) LookupAll(abbr string) []DocType {
	return c.pick(c.lookupIdx(abbr))
}

func (c *DocTypeCatalogue) lookupIdx(abbr string) []int {
	a := strings.TrimSpace(abbr)
	if a == "" {
		return nil
	}
	a = toNFC(a)
	if idx, ok := c.byAbbr[a]; ok {
		return idx
	}
	up := strings.ToUpper(a)
	if idx, ok := c.byFold[up]; ok {
		return idx
	}
	// D typed for Đ: accepted only when it cannot mean two abbreviations ("QD" is QĐ, "HD" stays hướng dẫn).
	idx := c.byD[strings.ReplaceAll(up, "Đ", "D")]
	for _, i := range idx {
		if c.types[i].Abbr != c.types[idx[0]].Abbr {
			return nil
		}
	}
	return idx
}

// isTypeAbbr reports whether group is an abbreviation of the catalogue, ignoring case and D written for Đ.
func (c *DocTypeCatalogue) isTypeAbbr(group string) bool {
	if _, ok := c.byAbbr[group]; ok {
		return true
	}
	up := strings.ToUpper(group)
	if _, ok := c.byFold[up]; ok {
		return true
	}
	_, ok := c.byD[strings.ReplaceAll(up, "Đ", "D")]
	return ok
}

// Candidates returns the types whose abbreviation matches abbr when case is ignored and Đ is taken for D, the way
// numbers are typed on keyboards or systems without Vietnamese letters: "QD" gives QĐ, while "HD" gives both
// HD (hướng dẫn) and HĐ (hợp đồng) and "DA" both DA (dự án) and ĐA (đề án). Exact matches come first.
func (c *DocTypeCatalogue) Candidates(abbr string) []DocType {
	a := strings.ToUpper(norm.NFC.String(strings.TrimSpace(abbr)))
	if a == "" {
		return nil
	}
	exact := c.lookupIdx(abbr)
	all := c.byD[strings.ReplaceAll(a, "Đ", "D")]
	out := c.pick(exact)
	for _, i := range all {
		seen := false
		for _, j := range exact {
			seen = seen || i == j
		}
		if !seen {
			out = append(out, c.types[i])
		}
	}
	return out
}

// LookupByName returns the preferred type called name. The match ignores case, diacritics (including the
// placement of the tone mark: "Thỏa" and "Thoả"), the Unicode normal form (NFC or NFD), Đ/D, punctuation and
// repeated spaces; a kind qualifier may follow the name ("Quyết định (cá biệt)", "Quyết định QPPL").
func (c *DocTypeCatalogue) LookupByName(name string) (DocType, bool) {
	if idx := c.byName[foldVietnamese(name)]; len(idx) > 0 {
		return c.types[idx[0]], true
	}
	return DocType{}, false
}

// LookupAllByName returns every type called name, preferred first.
func (c *DocTypeCatalogue) LookupAllByName(name string) []DocType {
	return c.pick(c.byName[foldVietnamese(name)])
}

// LookupDocType looks abbr up in DefaultDocTypes (see DocTypeCatalogue.Lookup).
func LookupDocType(abbr string) (DocType, bool) { return DefaultDocTypes().Lookup(abbr) }

// LookupDocTypeByName looks name up in DefaultDocTypes (see DocTypeCatalogue.LookupByName).
func LookupDocTypeByName(name string) (DocType, bool) { return DefaultDocTypes().LookupByName(name) }

// foldVietnamese reduces s to a key for loose comparison of Vietnamese text: canonical decomposition, non-spacing
// marks dropped (so tone and vowel marks, whatever their placement, disappear), đ read as d, lower case, every run
// of characters other than letters, digits and spacing marks turned into one space, and the ends trimmed.
func foldVietnamese(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	add := func(r rune) {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case unicode.Is(unicode.Mn, r):
			return
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			r = unicode.ToLower(r)
		default:
			space = len(b) > 0
			return
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0xC0 {
			// The canonical decomposition ("ộ" → "o" + marks) without building the NFD string; the marks are
			// dropped, so their order does not matter.
			d := norm.NFD.PropertiesString(s[i:]).Decomposition()
			if r >= 0xAC00 && r <= 0xD7A3 { // Hangul syllables decompose algorithmically, outside the tables
				d = []byte(norm.NFD.String(s[i : i+size]))
			}
			if d != nil {
				for len(d) > 0 {
					dr, n := utf8.DecodeRune(d)
					d = d[n:]
					add(dr)
				}
				i += size
				continue
			}
		}
		i += size
		add(r)
	}
	return string(b)
}
