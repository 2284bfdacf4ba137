package edoc

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/vnegov/egov/vntime"
)

// updateNumberGolden regenerates testdata/number/*.golden. Named apart from any -update flag of other test files of
// the package so that both can coexist.
var updateNumberGolden = flag.Bool("update-number", false, "rewrite testdata/number golden files")

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in        string
		want      Number
		canonical string
	}{
		{"231/QĐ-UBND", Number{Seq: 231, TypeAbbr: "QĐ", Issuer: "UBND"}, "231/QĐ-UBND"},
		{"459/BC-UBND", Number{Seq: 459, TypeAbbr: "BC", Issuer: "UBND"}, "459/BC-UBND"},
		{"97/TTr-STTTT", Number{Seq: 97, TypeAbbr: "TTr", Issuer: "STTTT"}, "97/TTr-STTTT"},
		{"392a/KH-UBND", Number{Seq: 392, Suffix: "a", TypeAbbr: "KH", Issuer: "UBND"}, "392a/KH-UBND"},
		{"671A/QĐ-UBND", Number{Seq: 671, Suffix: "A", TypeAbbr: "QĐ", Issuer: "UBND"}, "671A/QĐ-UBND"},
		{"13/2016/QĐ-UBND", Number{Seq: 13, Year: 2016, TypeAbbr: "QĐ", Issuer: "UBND"}, "13/2016/QĐ-UBND"},
		{"43/2011/NĐ-CP", Number{Seq: 43, Year: 2011, TypeAbbr: "NĐ", Issuer: "CP"}, "43/2011/NĐ-CP"},
		{"01/2015/TTLT-BTC-BNV", Number{Seq: 1, Year: 2015, TypeAbbr: "TTLT", Issuer: "BTC-BNV"}, "01/2015/TTLT-BTC-BNV"},
		{"06/2023/L-CTN", Number{Seq: 6, Year: 2023, TypeAbbr: "L", Issuer: "CTN"}, "06/2023/L-CTN"},
		{"80/2015/QH13", Number{Seq: 80, Year: 2015, Issuer: "QH13"}, "80/2015/QH13"},
		{"6957/UBND-TTĐT", Number{Seq: 6957, Issuer: "UBND", Unit: "TTĐT"}, "6957/UBND-TTĐT"},
		{"15/UBND-VP", Number{Seq: 15, Issuer: "UBND", Unit: "VP"}, "15/UBND-VP"},
		{"123/UBND-VP-TH", Number{Seq: 123, Issuer: "UBND", Unit: "VP-TH"}, "123/UBND-VP-TH"},
		{"15/UBND", Number{Seq: 15, Issuer: "UBND"}, "15/UBND"},
		{"123/SNN&PTNT-VP", Number{Seq: 123, Issuer: "SNN&PTNT", Unit: "VP"}, "123/SNN&PTNT-VP"},
		{"09-NQ/TU", Number{Seq: 9, TypeAbbr: "NQ", Issuer: "TU", Party: true}, "09-NQ/TU"},
		{"35-CTr/TU", Number{Seq: 35, TypeAbbr: "CTr", Issuer: "TU", Party: true}, "35-CTr/TU"},
		{"18-NQ/TW", Number{Seq: 18, TypeAbbr: "NQ", Issuer: "TW", Party: true}, "18-NQ/TW"},
		{"05-QĐi/BTCTW", Number{Seq: 5, TypeAbbr: "QĐi", Issuer: "BTCTW", Party: true}, "05-QĐi/BTCTW"},
		{"05/SY-VP", Number{Seq: 5, TypeAbbr: "SY", Issuer: "VP"}, "05/SY-VP"},
		{"12/GN-UBND", Number{Seq: 12, TypeAbbr: "GN", Issuer: "UBND"}, "12/GN-UBND"},
		// Leading zeros: numbers below 10 take one (NĐ 30/2020), others none.
		{"5/TB-UBND", Number{Seq: 5, TypeAbbr: "TB", Issuer: "UBND"}, "05/TB-UBND"},
		{"0005/TB-UBND", Number{Seq: 5, TypeAbbr: "TB", Issuer: "UBND"}, "05/TB-UBND"},
		{"010/TB-UBND", Number{Seq: 10, TypeAbbr: "TB", Issuer: "UBND"}, "10/TB-UBND"},
		{"123456789/TB-UBND", Number{Seq: 123456789, TypeAbbr: "TB", Issuer: "UBND"}, "123456789/TB-UBND"},
		// The "Số:" prefix of the document header, in its spellings.
		{"Số: 231/QĐ-UBND", Number{Seq: 231, TypeAbbr: "QĐ", Issuer: "UBND"}, "231/QĐ-UBND"},
		{"Số:231/QĐ-UBND", Number{Seq: 231, TypeAbbr: "QĐ", Issuer: "UBND"}, "231/QĐ-UBND"},
		{"số 05/TB-UBND", Number{Seq: 5, TypeAbbr: "TB", Issuer: "UBND"}, "05/TB-UBND"},
		{"SỐ: 97/TTr-STTTT", Number{Seq: 97, TypeAbbr: "TTr", Issuer: "STTTT"}, "97/TTr-STTTT"},
		{"So: 15/UBND-VP", Number{Seq: 15, Issuer: "UBND", Unit: "VP"}, "15/UBND-VP"},
		{"Số.: 15/UBND-VP", Number{Seq: 15, Issuer: "UBND", Unit: "VP"}, "15/UBND-VP"},
		{"  459/BC-UBND \t", Number{Seq: 459, TypeAbbr: "BC", Issuer: "UBND"}, "459/BC-UBND"},
		{"\u00a0Số:\u00a0459/BC-UBND", Number{Seq: 459, TypeAbbr: "BC", Issuer: "UBND"}, "459/BC-UBND"},
		// NFD input (decomposed diacritics, as some producers send) parses as NFC.
		{norm.NFD.String("Số: 231/QĐ-UBND"), Number{Seq: 231, TypeAbbr: "QĐ", Issuer: "UBND"}, "231/QĐ-UBND"},
		{norm.NFD.String("15/UBND-Vụ"), Number{Seq: 15, Issuer: "UBND", Unit: "Vụ"}, "15/UBND-Vụ"},
		// Case and Đ/D: the type is still recognised; CheckNumberType reports the spelling.
		{"231/qđ-UBND", Number{Seq: 231, TypeAbbr: "qđ", Issuer: "UBND"}, "231/qđ-UBND"},
		{"15/QD-UBND", Number{Seq: 15, TypeAbbr: "QD", Issuer: "UBND"}, "15/QD-UBND"},
		{"15/CTR-UBND", Number{Seq: 15, TypeAbbr: "CTR", Issuer: "UBND"}, "15/CTR-UBND"},
		// The documented ambiguity: a Cục Thuế công văn reads as a chỉ thị (see ParseNumberAs).
		{"1234/CT-TTHT", Number{Seq: 1234, TypeAbbr: "CT", Issuer: "TTHT"}, "1234/CT-TTHT"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumber(tt.in)
			require.NoError(t, err)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Fatalf("ParseNumber(%q) mismatch (-want +got):\n%s", tt.in, d)
			}
			require.Equal(t, tt.canonical, got.String())
			require.Equal(t, got.String(), got.CodeNumber()+"/"+got.CodeNotation())
			again, err := ParseNumber(got.String())
			require.NoError(t, err)
			require.Equal(t, got, again, "Parse(String()) must round-trip")
		})
	}
}

func TestParseNumberErrors(t *testing.T) {
	long := strings.Repeat("A", MaxNumberLen)
	// Offsets are byte offsets: Đ and the marked vowels take two or three bytes.
	tests := []struct {
		in     string
		reason error
		offset int
	}{
		{"", ErrNumberEmpty, -1},
		{" \t ", ErrNumberEmpty, -1},
		{"1/" + long, ErrNumberTooLong, -1},
		{"1234567890/QĐ-UBND", ErrNumberTooLong, 9},
		{"231 /QĐ-UBND", ErrNumberSpace, 3},
		{"231/QĐ - UBND", ErrNumberSpace, 7},
		{"Số: 231/QĐ UBND", ErrNumberSpace, 13},
		{"QĐ-UBND", ErrNumberSeq, 0},
		{"/QĐ-UBND", ErrNumberSeq, 0},
		{"Số:", ErrNumberSeq, 0},
		{"Số231/QĐ-UBND", ErrNumberSeq, 0},
		{"\xff1/QĐ-UBND", ErrNumberSeq, 0},
		{"0/QĐ-UBND", ErrNumberZero, 0},
		{"  000/QĐ-UBND", ErrNumberZero, 2},
		{"392abcd/KH-UBND", ErrNumberSuffix, 3},
		{"231", ErrNumberNotation, 3},
		{"231a", ErrNumberNotation, 4},
		{"231/", ErrNumberNotation, 4},
		{"13/2016/", ErrNumberNotation, 8},
		{"231_QĐ-UBND", ErrNumberSeparator, 3},
		{"231đ/QĐ-UBND", ErrNumberSeparator, 3},
		{"13/16/QĐ-UBND", ErrNumberYear, 3},
		{"13/0216/QĐ-UBND", ErrNumberYear, 3},
		{"13/20160/QĐ-UBND", ErrNumberYear, 3},
		{"13/2016/QĐ/UBND", ErrNumberSlash, 11},
		{"13/QĐ/UBND", ErrNumberSlash, 6},
		{"231/QĐ--UBND", ErrNumberGroup, 8},
		{"231/-UBND", ErrNumberGroup, 4},
		{"231/QĐ-", ErrNumberGroup, 8},
		{"231/QĐ-UB.ND", ErrNumberChar, 10},
		{"231/QĐ-UB\xffND", ErrNumberChar, 10},
		{"231/QĐ-UBND(1)", ErrNumberChar, 12},
		{"231/QĐ-123", ErrNumberIssuer, 8},
		{"231/123", ErrNumberIssuer, 4},
		{"231/2016/123-VP", ErrNumberIssuer, 9},
		{"09-NQ", ErrNumberSeparator, 5},
		{"09-/TU", ErrNumberGroup, 3},
		{"09-N1/TU", ErrNumberChar, 4},
		{"09-NQ/", ErrNumberIssuer, 6},
		{"09-NQ/TU/X", ErrNumberSlash, 8},
		{"09-NQ/T.U", ErrNumberChar, 7},
		{"09-NQ/12", ErrNumberIssuer, 6},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseNumber(tt.in)
			require.Error(t, err)
			require.ErrorIs(t, err, tt.reason)
			var ne *NumberError
			require.ErrorAs(t, err, &ne)
			require.Equal(t, tt.offset, ne.Offset, "offset")
			require.True(t, strings.HasPrefix(err.Error(), "edoc: number "), err.Error())
			require.NotEmpty(t, ne.Message())
			require.NotEmpty(t, ne.MessageVI())
			require.NotEqual(t, ne.Message(), ne.MessageVI())
			if ne.Offset >= 0 {
				require.LessOrEqual(t, ne.Offset, len(ne.Input))
				require.Contains(t, ne.Message(), fmt.Sprintf("at byte %d", ne.Offset+1))
				require.Contains(t, ne.MessageVI(), fmt.Sprintf("tại byte %d", ne.Offset+1))
			}
		})
	}
}

// Every parse reason has its own English and Vietnamese explanation, distinct from the fallback.
func TestNumberErrorMessagesDistinct(t *testing.T) {
	reasons := []error{ErrNumberEmpty, ErrNumberTooLong, ErrNumberSpace, ErrNumberSeq, ErrNumberZero,
		ErrNumberSuffix, ErrNumberSeparator, ErrNumberYear, ErrNumberSlash, ErrNumberNotation, ErrNumberGroup,
		ErrNumberChar, ErrNumberIssuer, ErrNumberTypeMissing, ErrNumberTypeUnexpected, ErrNumberTypeMismatch,
		ErrNumberTypeSpelling, ErrNumberTypeLegacy, ErrNumberYearMissing, ErrNumberYearUnexpected,
		ErrNumberYearMismatch}
	fallback := (&NumberError{Reason: errors.New("other"), Offset: -1})
	seenEN, seenVI := map[string]bool{}, map[string]bool{}
	for _, r := range reasons {
		e := &NumberError{Input: "x", Reason: r, Offset: -1, Want: "W", Got: "G", TypeName: "T"}
		require.NotEqual(t, fallback.Message(), e.Message(), r)
		require.NotEqual(t, fallback.MessageVI(), e.MessageVI(), r)
		require.False(t, seenEN[e.Message()], "duplicate English message for %v", r)
		require.False(t, seenVI[e.MessageVI()], "duplicate Vietnamese message for %v", r)
		seenEN[e.Message()], seenVI[e.MessageVI()] = true, true
	}
}

func TestParseNumberAs(t *testing.T) {
	congVan, ok := LookupDocTypeByName("Công văn")
	require.True(t, ok)
	luat, ok := LookupDocTypeByName("Luật")
	require.True(t, ok)
	chiThi, ok := LookupDocType("CT")
	require.True(t, ok)
	custom := DocType{Abbr: "XYZ", Name: "Loại riêng", Kind: KindAdministrative}

	tests := []struct {
		in   string
		typ  DocType
		want Number
	}{
		{"1234/CT-TTHT", congVan, Number{Seq: 1234, Issuer: "CT", Unit: "TTHT"}},
		{"1234/CT-TTHT", chiThi, Number{Seq: 1234, TypeAbbr: "CT", Issuer: "TTHT"}},
		{"80/2015/QH13", luat, Number{Seq: 80, Year: 2015, Issuer: "QH13"}},
		{"7/XYZ-UBND", custom, Number{Seq: 7, TypeAbbr: "XYZ", Issuer: "UBND"}},
		{"09-NQ/TU", congVan, Number{Seq: 9, TypeAbbr: "NQ", Issuer: "TU", Party: true}},
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.typ.Name, func(t *testing.T) {
			got, err := ParseNumberAs(tt.in, tt.typ)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	_, err := ParseNumberAs("7/XYZ-123", custom)
	require.ErrorIs(t, err, ErrNumberIssuer)
}

func TestParseNotation(t *testing.T) {
	tests := []struct {
		number, notation string
		want             string
	}{
		{"7816", "VPCP-TTĐT", "7816/VPCP-TTĐT"},
		{" 7816 ", " VPCP-TTĐT ", "7816/VPCP-TTĐT"},
		{"13", "2016/QĐ-UBND", "13/2016/QĐ-UBND"},
		{"13/2016", "QĐ-UBND", "13/2016/QĐ-UBND"},
		{"09-NQ", "TU", "09-NQ/TU"},
		{"09", "NQ/TU", "09-NQ/TU"},
		{"392a", "KH-UBND", "392a/KH-UBND"},
		{"5", "TB-UBND", "05/TB-UBND"},
	}
	for _, tt := range tests {
		t.Run(tt.number+"|"+tt.notation, func(t *testing.T) {
			n, err := ParseNotation(tt.number, tt.notation)
			require.NoError(t, err)
			require.Equal(t, tt.want, n.String())
			back, err := ParseNotation(n.CodeNumber(), n.CodeNotation())
			require.NoError(t, err)
			require.Equal(t, n, back)
		})
	}
	for _, bad := range []struct {
		number, notation string
		reason           error
	}{
		{"", "", ErrNumberEmpty},
		{"", "QĐ-UBND", ErrNumberSeq},
		{"12", "", ErrNumberNotation},
		{"12", "2016/", ErrNumberNotation},
		{"1 2", "QĐ-UBND", ErrNumberSpace},
	} {
		_, err := ParseNotation(bad.number, bad.notation)
		require.ErrorIs(t, err, bad.reason, "%q %q", bad.number, bad.notation)
	}

	cv, _ := LookupDocTypeByName("công văn")
	n, err := ParseNotationAs("1234", "CT-TTHT", cv)
	require.NoError(t, err)
	require.Equal(t, Number{Seq: 1234, Issuer: "CT", Unit: "TTHT"}, n)
}

func TestNumberCodeParts(t *testing.T) {
	tests := []struct {
		n              Number
		number, notice string
	}{
		{Number{Seq: 5, TypeAbbr: "TB", Issuer: "UBND"}, "05", "TB-UBND"},
		{Number{Seq: 13, Year: 2016, TypeAbbr: "QĐ", Issuer: "UBND"}, "13", "2016/QĐ-UBND"},
		{Number{Seq: 392, Suffix: "a", TypeAbbr: "KH", Issuer: "UBND"}, "392a", "KH-UBND"},
		{Number{Seq: 6957, Issuer: "UBND", Unit: "TTĐT"}, "6957", "UBND-TTĐT"},
		{Number{Seq: 9, TypeAbbr: "NQ", Issuer: "TU", Party: true}, "09-NQ", "TU"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.number, tt.n.CodeNumber())
		require.Equal(t, tt.notice, tt.n.CodeNotation())
	}
	require.Equal(t, "", Number{}.String())
}

func TestNumberText(t *testing.T) {
	type doc struct {
		Number Number `json:"number"`
	}
	in := doc{Number: Number{Seq: 5, Year: 2020, TypeAbbr: "NĐ", Issuer: "CP"}}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"number":"05/2020/NĐ-CP"}`, string(b))
	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	require.Equal(t, in, out)

	require.NoError(t, json.Unmarshal([]byte(`{"number":""}`), &out))
	require.Equal(t, Number{}, out.Number)
	err = json.Unmarshal([]byte(`{"number":"QĐ-UBND"}`), &out)
	require.ErrorIs(t, err, ErrNumberSeq)
}

func TestCheckNumberType(t *testing.T) {
	cat := DefaultDocTypes()
	find := func(abbr, name string, kind DocKind) DocType {
		t.Helper()
		for _, d := range cat.All() {
			if d.Abbr == abbr && d.Name == name && d.Kind == kind {
				return d
			}
		}
		t.Fatalf("no type %q %q %v", abbr, name, kind)
		return DocType{}
	}
	qdAdm := find("QĐ", "Quyết định", KindAdministrative)
	qdNorm := find("QĐ", "Quyết định", KindNormative)
	nqNorm := find("NQ", "Nghị quyết", KindNormative)
	nqAdm := find("NQ", "Nghị quyết", KindAdministrative)
	congVan := find("", "Công văn", KindAdministrative)
	luat := find("", "Luật", KindNormative)
	sy := find("SY", "Bản sao y", KindCopy)
	ttlt := find("TTLT", "Thông tư liên tịch", KindNormative)
	nd := find("NĐ", "Nghị định", KindNormative)
	tb := find("TB", "Thông báo", KindAdministrative)

	tests := []struct {
		num    string
		typ    DocType
		reason error
	}{
		{"231/QĐ-UBND", qdAdm, nil},
		{"231/QĐ-UBND", congVan, ErrNumberTypeUnexpected},
		{"6957/UBND-TTĐT", congVan, nil},
		{"6957/UBND-TTĐT", qdAdm, ErrNumberTypeMissing},
		{"231/TB-UBND", qdAdm, ErrNumberTypeMismatch},
		{"231/QĐ-UBND", tb, ErrNumberTypeMismatch},
		{"231/QD-UBND", qdAdm, ErrNumberTypeSpelling},
		{"231/qđ-UBND", qdAdm, ErrNumberTypeSpelling},
		{"13/2016/QĐ-UBND", qdNorm, nil},
		// TypeName "Quyết định" does not say which decision: with a year it is the normative one.
		{"13/2016/QĐ-UBND", qdAdm, nil},
		{"12/2023/NQ-HĐND", nqAdm, nil},
		{"104/2023/QH15", nqAdm, nil},
		{"104/QH15", nqAdm, ErrNumberTypeMissing},
		{"05/2020/TB-UBND", tb, ErrNumberYearUnexpected},
		{"05/2020/SY-VP", sy, ErrNumberYearUnexpected},
		{"231/QĐ-UBND", qdNorm, ErrNumberYearMissing},
		{"43/2011/NĐ-CP", nd, nil},
		{"43/NĐ-CP", nd, ErrNumberYearMissing},
		{"104/2023/QH15", nqNorm, nil},
		{"35/2023/UBTVQH15", nqNorm, nil},
		{"35/2023/UBND", nqNorm, ErrNumberTypeMissing},
		{"12/2023/NQ-HĐND", nqNorm, nil},
		{"80/2015/QH13", luat, nil},
		{"80/QH13", luat, ErrNumberYearMissing},
		{"09-NQ/TU", nqAdm, nil},
		{"09-CTr/TU", nqAdm, ErrNumberTypeMismatch},
		{"05/SY-VP", sy, nil},
		{"01/2015/TTLT-BTC-BNV", ttlt, nil},
	}
	for _, tt := range tests {
		t.Run(tt.num+"/"+tt.typ.String()+"/"+tt.typ.Kind.String(), func(t *testing.T) {
			n, err := ParseNumber(tt.num)
			require.NoError(t, err)
			err = CheckNumberType(n, tt.typ)
			if tt.reason == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.reason)
			var ne *NumberError
			require.ErrorAs(t, err, &ne)
			require.Equal(t, -1, ne.Offset)
			require.Equal(t, n.String(), ne.Input)
			require.Equal(t, tt.typ.Name, ne.TypeName)
			require.NotContains(t, ne.Message(), "byte")
			require.NotEmpty(t, ne.MessageVI())
		})
	}

	// A number built by hand with an NFD abbreviation is compared after NFC normalisation.
	require.NoError(t, CheckNumberType(Number{Seq: 1, TypeAbbr: norm.NFD.String("QyĐ"), Issuer: "UBND"},
		find("QyĐ", "Quy định", KindAdministrative)))
}

func TestCheckNumberYear(t *testing.T) {
	ict := vntime.Location()
	n := Number{Seq: 13, Year: 2016, TypeAbbr: "QĐ", Issuer: "UBND"}
	require.NoError(t, CheckNumberYear(n, time.Date(2016, 5, 3, 0, 0, 0, 0, ict)))
	// 31 Dec 2016 18:00 UTC is already 1 Jan 2017 in Vietnam.
	err := CheckNumberYear(n, time.Date(2016, 12, 31, 18, 0, 0, 0, time.UTC))
	require.ErrorIs(t, err, ErrNumberYearMismatch)
	var ne *NumberError
	require.ErrorAs(t, err, &ne)
	require.Equal(t, "2017", ne.Want)
	require.Equal(t, "2016", ne.Got)
	require.Contains(t, ne.MessageVI(), "2017")
	require.NoError(t, CheckNumberYear(Number{Seq: 1, Issuer: "UBND"}, time.Date(2016, 5, 3, 0, 0, 0, 0, ict)))
}

func TestCheckNumberLegacy(t *testing.T) {
	ict := vntime.Location()
	gn, ok := LookupDocType("GN")
	require.True(t, ok)
	require.True(t, gn.Legacy)
	require.NoError(t, CheckNumberLegacy(gn, time.Date(2019, 6, 1, 0, 0, 0, 0, ict), nil))
	require.NoError(t, CheckNumberLegacy(gn, time.Date(2020, 3, 4, 23, 59, 0, 0, ict), nil))
	err := CheckNumberLegacy(gn, time.Date(2020, 3, 5, 0, 0, 0, 0, ict), nil)
	require.ErrorIs(t, err, ErrNumberTypeLegacy)
	var ne *NumberError
	require.ErrorAs(t, err, &ne)
	require.Equal(t, "BGN", ne.Want)
	require.Contains(t, ne.Message(), `use "BGN"`)

	// Chỉ thị stopped being normative in 2016 and has no normative successor.
	var ctNorm DocType
	for _, d := range DefaultDocTypes().LookupAll("CT") {
		if d.Kind == KindNormative {
			ctNorm = d
		}
	}
	require.True(t, ctNorm.Legacy)
	err = CheckNumberLegacy(ctNorm, time.Date(2020, 1, 1, 0, 0, 0, 0, ict), nil)
	require.ErrorAs(t, err, &ne)
	require.Empty(t, ne.Want)
	require.Contains(t, ne.Message(), "no longer in force")

	qd, _ := LookupDocType("QĐ")
	require.NoError(t, CheckNumberLegacy(qd, time.Date(2030, 1, 1, 0, 0, 0, 0, ict), nil))
}

// TestNumberGolden parses every line of testdata/number/numbers.txt and compares the outcome (fields or error
// reason, canonical form) with numbers.golden; -update-number rewrites the golden file.
func TestNumberGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "number", "numbers.txt"))
	require.NoError(t, err)
	defer f.Close()
	var out strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n, err := ParseNumber(line)
		if err != nil {
			var ne *NumberError
			require.ErrorAs(t, err, &ne)
			fmt.Fprintf(&out, "%q\terror\t%v\t%d\n", line, ne.Reason, ne.Offset)
			continue
		}
		typ := "-"
		if d, ok := LookupDocType(n.TypeAbbr); ok && !n.Party {
			typ = d.Name
		}
		fmt.Fprintf(&out, "%q\tok\t%s\tseq=%d suffix=%q year=%d type=%q issuer=%q unit=%q party=%v\t%s\n",
			line, n.String(), n.Seq, n.Suffix, n.Year, n.TypeAbbr, n.Issuer, n.Unit, n.Party, typ)
	}
	require.NoError(t, sc.Err())
	golden := filepath.Join("testdata", "number", "numbers.golden")
	if *updateNumberGolden {
		require.NoError(t, os.WriteFile(golden, []byte(out.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -run TestNumberGolden -update-number to create it")
	if d := cmp.Diff(string(want), out.String()); d != "" {
		t.Fatalf("golden mismatch (-want +got):\n%s", d)
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"231/QĐ-UBND", "392a/KH-UBND", "13/2016/QĐ-UBND", "43/2011/NĐ-CP", "6957/UBND-TTĐT", "09-NQ/TU",
		"35-CTr/TU", "Số: 231/QĐ-UBND", norm.NFD.String("Số: 15/UBND-Vụ"), "15/QD-UBND", "01/2015/TTLT-BTC-BNV",
		"80/2015/QH13", "0/QĐ", "13/16/QĐ", "231/QĐ--UBND", "", "Số:", "09-NQ/", "1/&", "1/a-\u0301",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			var ne *NumberError
			if !errors.As(err, &ne) || ne.Reason == nil || ne.Message() == "" || ne.MessageVI() == "" {
				t.Fatalf("ParseNumber(%q): error %v is not a complete *NumberError", s, err)
			}
			if ne.Offset > len(ne.Input) {
				t.Fatalf("ParseNumber(%q): offset %d beyond input %q", s, ne.Offset, ne.Input)
			}
			return
		}
		if n.Seq < 1 || n.Issuer == "" {
			t.Fatalf("ParseNumber(%q) = %+v: accepted without number or issuer", s, n)
		}
		again, err := ParseNumber(n.String())
		if err != nil {
			t.Fatalf("ParseNumber(%q) = %+v, but its String %q does not parse: %v", s, n, n.String(), err)
		}
		if again != n {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v", s, n, n.String(), again)
		}
		back, err := ParseNotation(n.CodeNumber(), n.CodeNotation())
		if err != nil || back != n {
			t.Fatalf("ParseNotation(%q, %q) = %+v, %v; want %+v", n.CodeNumber(), n.CodeNotation(), back, err, n)
		}
		for _, d := range DefaultDocTypes().LookupAll(n.TypeAbbr) {
			_ = CheckNumberType(n, d) // must not panic
		}
	})
}

func BenchmarkParseNumber(b *testing.B) {
	inputs := []string{"231/QĐ-UBND", "13/2016/QĐ-UBND", "6957/UBND-TTĐT", "09-NQ/TU", "Số: 392a/KH-UBND"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseNumber(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNumberString(b *testing.B) {
	n := Number{Seq: 13, Year: 2016, TypeAbbr: "QĐ", Issuer: "UBND"}
	b.ReportAllocs()
	for b.Loop() {
		if n.String() == "" {
			b.Fatal("empty")
		}
	}
}

// toNFC's quick path relies on every character below U+0300 being NFC on its own and of combining class 0.
func TestToNFCQuickPath(t *testing.T) {
	for r := rune(0); r < 0x300; r++ {
		s := "A" + string(r) + "b"
		require.True(t, norm.NFC.IsNormalString(s), "U+%04X", r)
		require.Zero(t, norm.NFC.PropertiesString(string(r)).CCC(), "U+%04X", r)
		require.Equal(t, s, toNFC(s))
	}
	require.Equal(t, "Số", toNFC(norm.NFD.String("Số")))
	require.Equal(t, "Ố", toNFC("O\u0302\u0301"))
	require.Equal(t, "\xffA", toNFC("\xffA"))
}
