package edoc

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

func TestBusinessDocType(t *testing.T) {
	tests := []struct {
		t      BusinessDocType
		wire   string
		en, vi string
	}{
		{BusinessNew, "0", "new", "văn bản mới"},
		{BusinessRevocation, "1", "revocation", "thu hồi"},
		{BusinessUpdate, "2", "update", "cập nhật"},
		{BusinessReplacement, "3", "replacement", "thay thế"},
	}
	for _, tt := range tests {
		require.True(t, tt.t.Known())
		require.Equal(t, tt.en, tt.t.String())
		require.Equal(t, tt.vi, tt.t.StringVI())
		b, err := tt.t.MarshalText()
		require.NoError(t, err)
		require.Equal(t, tt.wire, string(b))
		for _, in := range []string{tt.wire, " " + tt.wire + "\n", "0" + tt.wire, tt.en} {
			got, err := ParseBusinessDocType(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.t, got, in)
		}
		var u BusinessDocType
		require.NoError(t, u.UnmarshalText(b))
		require.Equal(t, tt.t, u)
	}
	require.False(t, BusinessDocType(4).Known())
	require.Equal(t, "business(4)", BusinessDocType(4).String())
	require.Equal(t, "nghiệp vụ(4)", BusinessDocType(4).StringVI())
	_, err := BusinessDocType(4).MarshalText()
	require.ErrorIs(t, err, ErrEnumRange)

	for _, bad := range []struct {
		in     string
		reason error
	}{
		{"", ErrEnumEmpty}, {"  ", ErrEnumEmpty}, {"4", ErrEnumRange}, {"-1", ErrEnumSyntax},
		{"x", ErrEnumSyntax}, {"1.0", ErrEnumSyntax}, {"0001", ErrEnumRange}, {"New", ErrEnumSyntax},
	} {
		_, err := ParseBusinessDocType(bad.in)
		require.ErrorIs(t, err, bad.reason, "%q", bad.in)
		var ee *EnumError
		require.ErrorAs(t, err, &ee)
		require.Equal(t, "BusinessDocType", ee.Type)
		require.Equal(t, bad.in, ee.Input)
		require.True(t, strings.HasPrefix(ee.Error(), "edoc: BusinessDocType"), ee.Error())
	}
	u := BusinessUpdate
	require.Error(t, u.UnmarshalText([]byte("9")))
	require.Equal(t, BusinessUpdate, u, "a failed UnmarshalText leaves the value alone")
}

func TestStatusCode(t *testing.T) {
	tests := []struct {
		c      StatusCode
		wire   string
		en, vi string
	}{
		{StatusReceived, "01", "received", "đã đến"},
		{StatusRejected, "02", "rejected", "từ chối"},
		{StatusAccepted, "03", "accepted", "đã tiếp nhận"},
		{StatusAssigned, "04", "assigned", "phân công"},
		{StatusProcessing, "05", "processing", "đang xử lý"},
		{StatusDone, "06", "done", "hoàn thành"},
		{StatusRecalled, "13", "recalled", "lấy lại"},
		{StatusAgreed, "15", "agreed", "đồng ý cập nhật / lấy lại / thu hồi"},
		{StatusRefused, "16", "refused", "từ chối cập nhật / lấy lại / thu hồi"},
	}
	for _, tt := range tests {
		require.True(t, tt.c.Known(), tt.wire)
		require.Equal(t, tt.wire, tt.c.Code())
		require.Equal(t, tt.en, tt.c.String())
		require.Equal(t, tt.vi, tt.c.StringVI())
		b, err := tt.c.MarshalText()
		require.NoError(t, err)
		require.Equal(t, tt.wire, string(b))
		for _, in := range []string{tt.wire, strings.TrimPrefix(tt.wire, "0"), " " + tt.wire + " "} {
			got, err := ParseStatusCode(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.c, got)
		}
	}
	known := 0
	for c := StatusCode(0); c <= MaxStatusCode; c++ {
		if c.Known() {
			known++
		}
	}
	require.Equal(t, len(tests), known, "exactly the nine codes of the axis are Known")

	// Unknown codes are representable and round-trip.
	c, err := ParseStatusCode("07")
	require.NoError(t, err)
	require.False(t, c.Known())
	require.Equal(t, "status(07)", c.String())
	require.Equal(t, "trạng thái(07)", c.StringVI())
	b, err := c.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "07", string(b))
	require.Equal(t, "none", StatusNone.String())
	require.Equal(t, "chưa có trạng thái", StatusNone.StringVI())
	_, err = StatusCode(100).MarshalText()
	require.ErrorIs(t, err, ErrEnumRange)

	for _, bad := range []struct {
		in     string
		reason error
	}{
		{"", ErrEnumEmpty}, {"\t", ErrEnumEmpty}, {"003", ErrEnumRange}, {"100", ErrEnumRange},
		{"3a", ErrEnumSyntax}, {"+3", ErrEnumSyntax}, {"٣", ErrEnumSyntax}, {"0x3", ErrEnumSyntax},
	} {
		_, err := ParseStatusCode(bad.in)
		require.ErrorIs(t, err, bad.reason, "%q", bad.in)
		var ee *EnumError
		require.ErrorAs(t, err, &ee)
		require.NotEmpty(t, ee.MessageVI())
		require.NotEqual(t, ee.Message(), ee.MessageVI())
	}
}

// The enums work as XML element text and JSON strings through encoding.TextMarshaler.
func TestEnumsEncoding(t *testing.T) {
	type status struct {
		XMLName  xml.Name        `xml:"Status" json:"-"`
		Code     StatusCode      `xml:"StatusCode" json:"code"`
		Business BusinessDocType `xml:"BussinessDocType" json:"business"`
		Priority Priority        `xml:"Priority" json:"priority"`
		Urgency  Urgency         `xml:"Urgency" json:"urgency"`
		Secrecy  Secrecy         `xml:"Secrecy" json:"secrecy"`
	}
	in := status{Code: StatusAccepted, Business: BusinessUpdate, Priority: PriorityFlash, Urgency: UrgencyVeryUrgent,
		Secrecy: SecrecyTopSecret}
	x, err := xml.Marshal(in)
	require.NoError(t, err)
	require.Equal(t, `<Status><StatusCode>03</StatusCode><BussinessDocType>2</BussinessDocType><Priority>3</Priority>`+
		`<Urgency>very urgent</Urgency><Secrecy>top secret</Secrecy></Status>`, string(x))
	var out status
	require.NoError(t, xml.Unmarshal(x, &out))
	out.XMLName = in.XMLName
	require.Equal(t, in, out)

	j, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"code":"03","business":"update","priority":3,"urgency":"very urgent","secrecy":"top secret"}`,
		string(j))
	out = status{}
	require.NoError(t, json.Unmarshal(j, &out))
	require.Equal(t, in, out)

	err = xml.Unmarshal([]byte(`<Status><StatusCode>x</StatusCode></Status>`), &out)
	require.ErrorIs(t, err, ErrEnumSyntax)
	// Vietnamese names are accepted when reading.
	require.NoError(t, json.Unmarshal([]byte(`{"urgency":"Hỏa tốc","secrecy":"Tối mật"}`), &out))
	require.Equal(t, UrgencyFlash, out.Urgency)
	require.Equal(t, SecrecySecret, out.Secrecy)
}

func TestPriority(t *testing.T) {
	tests := []struct {
		p      Priority
		en, vi string
		u      Urgency
	}{
		{PriorityNormal, "normal", "Thường", UrgencyNone},
		{PriorityUrgent, "urgent", "Khẩn", UrgencyUrgent},
		{PriorityVeryUrgent, "very urgent", "Thượng khẩn", UrgencyVeryUrgent},
		{PriorityFlash, "flash", "Hỏa tốc", UrgencyFlash},
		{PriorityFlashTimed, "flash, timed", "Hỏa tốc hẹn giờ", UrgencyFlash},
	}
	names := DefaultPriorityNames()
	require.Len(t, names, len(tests))
	for _, tt := range tests {
		require.Equal(t, tt.en, tt.p.String())
		require.Equal(t, tt.vi, tt.p.StringVI())
		n, ok := names.Name(tt.p)
		require.True(t, ok)
		require.Equal(t, PriorityName{EN: tt.en, VI: tt.vi, Urgency: tt.u}, n)
		for _, in := range []string{tt.en, tt.vi, strings.ToUpper(tt.vi), norm.NFD.String(tt.vi), string('0' + byte(tt.p))} {
			got, err := ParsePriority(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.p, got, in)
			got, err = names.Parse(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.p, got, in)
		}
	}
	// Tone marks placed the old way ("Hoả") and no marks at all match too.
	for _, in := range []string{"Hoả tốc", "hoa toc", "HỎA TỐC"} {
		p, err := ParsePriority(in)
		require.NoError(t, err)
		require.Equal(t, PriorityFlash, p)
	}
	require.Equal(t, "priority(7)", Priority(7).String())
	require.Equal(t, "độ ưu tiên(7)", Priority(7).StringVI())

	for _, bad := range []struct {
		in     string
		reason error
	}{
		{"", ErrEnumEmpty}, {"5", ErrEnumRange}, {"256", ErrEnumRange}, {"lightning", ErrEnumSyntax},
	} {
		_, err := ParsePriority(bad.in)
		require.ErrorIs(t, err, bad.reason, "%q", bad.in)
		_, err = names.Parse(bad.in)
		require.ErrorIs(t, err, bad.reason, "%q", bad.in)
	}

	// UnmarshalText keeps values outside 0–4 so that a partner's own mapping survives a read.
	var p Priority
	require.NoError(t, p.UnmarshalText([]byte("9")))
	require.Equal(t, Priority(9), p)
	require.ErrorIs(t, p.UnmarshalText([]byte("256")), ErrEnumRange)
	require.ErrorIs(t, p.UnmarshalText([]byte("a")), ErrEnumSyntax)

	// A partner-specific mapping is a value: changing it does not change the default.
	custom := DefaultPriorityNames()
	custom[5] = PriorityName{EN: "flash, with phone call", VI: "Hỏa tốc gọi điện", Urgency: UrgencyFlash}
	delete(custom, PriorityFlashTimed)
	got, err := custom.Parse("5")
	require.NoError(t, err)
	require.Equal(t, Priority(5), got)
	got, err = custom.Parse("hoa toc goi dien")
	require.NoError(t, err)
	require.Equal(t, Priority(5), got)
	_, err = custom.Parse("4")
	require.ErrorIs(t, err, ErrEnumRange)
	require.Len(t, DefaultPriorityNames(), 5)
	_, ok := DefaultPriorityNames().Name(5)
	require.False(t, ok)

	// Two entries with the same name: the smaller priority wins, deterministically.
	dup := PriorityNames{2: {EN: "same", VI: "Giống"}, 1: {EN: "same", VI: "Giống"}}
	for range 10 {
		got, err := dup.Parse("same")
		require.NoError(t, err)
		require.Equal(t, Priority(1), got)
	}
}

func TestUrgencyAndSecrecy(t *testing.T) {
	urg := []struct {
		u      Urgency
		en, vi string
	}{
		{UrgencyNone, "none", "Thường"},
		{UrgencyUrgent, "urgent", "Khẩn"},
		{UrgencyVeryUrgent, "very urgent", "Thượng khẩn"},
		{UrgencyFlash, "flash", "Hỏa tốc"},
	}
	for _, tt := range urg {
		require.Equal(t, tt.en, tt.u.String())
		require.Equal(t, tt.vi, tt.u.StringVI())
		b, err := tt.u.MarshalText()
		require.NoError(t, err)
		var back Urgency
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, tt.u, back)
		for _, in := range []string{tt.en, tt.vi, strings.ToUpper(tt.vi), norm.NFD.String(tt.vi)} {
			got, err := ParseUrgency(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.u, got)
		}
	}
	require.Less(t, UrgencyUrgent, UrgencyVeryUrgent, "levels are ordered")
	require.Less(t, UrgencyVeryUrgent, UrgencyFlash)
	_, err := ParseUrgency("")
	require.ErrorIs(t, err, ErrEnumEmpty)
	_, err = ParseUrgency("khẩn cấp")
	require.ErrorIs(t, err, ErrEnumSyntax)
	_, err = Urgency(9).MarshalText()
	require.ErrorIs(t, err, ErrEnumRange)
	require.Equal(t, "urgency(9)", Urgency(9).String())
	require.Equal(t, "độ khẩn(9)", Urgency(9).StringVI())

	sec := []struct {
		s      Secrecy
		en, vi string
	}{
		{SecrecyNone, "none", "Không mật"},
		{SecrecyConfidential, "confidential", "Mật"},
		{SecrecySecret, "secret", "Tối mật"},
		{SecrecyTopSecret, "top secret", "Tuyệt mật"},
	}
	for _, tt := range sec {
		require.Equal(t, tt.en, tt.s.String())
		require.Equal(t, tt.vi, tt.s.StringVI())
		b, err := tt.s.MarshalText()
		require.NoError(t, err)
		var back Secrecy
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, tt.s, back)
		for _, in := range []string{tt.en, tt.vi, strings.ToUpper(tt.vi), norm.NFD.String(tt.vi)} {
			got, err := ParseSecrecy(in)
			require.NoError(t, err, in)
			require.Equal(t, tt.s, got)
		}
	}
	// "Mật" and "Tối mật" must not be confused by loose matching.
	got, err := ParseSecrecy("MẬT")
	require.NoError(t, err)
	require.Equal(t, SecrecyConfidential, got)
	_, err = ParseSecrecy("mật mã")
	require.ErrorIs(t, err, ErrEnumSyntax)
	_, err = Secrecy(4).MarshalText()
	require.ErrorIs(t, err, ErrEnumRange)
	var s Secrecy
	require.ErrorIs(t, s.UnmarshalText(nil), ErrEnumEmpty)
}

func TestEnumErrorMessages(t *testing.T) {
	for _, r := range []error{ErrEnumEmpty, ErrEnumSyntax, ErrEnumRange} {
		e := &EnumError{Type: "StatusCode", Input: "x", Reason: r}
		require.True(t, errors.Is(e, r))
		require.Contains(t, e.Error(), `edoc: StatusCode "x": `)
		require.NotEmpty(t, e.MessageVI())
	}
	_, err := ParseBusinessDocType("7")
	require.EqualError(t, err,
		`edoc: BusinessDocType "7": the code is out of range; expected 0 (new), 1 (revocation), 2 (update) or 3 (replacement)`)
	var ee *EnumError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "mã nằm ngoài miền giá trị; giá trị hợp lệ: 0 (văn bản mới), 1 (thu hồi), 2 (cập nhật) hoặc 3 (thay thế)",
		ee.MessageVI())
	for _, typ := range []string{"BusinessDocType", "StatusCode", "Priority", "Urgency", "Secrecy", "DocKind"} {
		en, vi := enumDomain(typ)
		require.NotEmpty(t, en, typ)
		require.NotEmpty(t, vi, typ)
	}
	require.Equal(t, "the value is empty", (&EnumError{Type: "Other", Reason: ErrEnumEmpty}).Message())
}

func FuzzParseStatusCode(f *testing.F) {
	for _, s := range []string{"01", "1", "03", "13", "15", "16", "07", "99", "100", "", " 3 ", "3a", "-1", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseStatusCode(s)
		if err != nil {
			var ee *EnumError
			if !errors.As(err, &ee) || ee.Reason == nil {
				t.Fatalf("ParseStatusCode(%q): %v is not an *EnumError", s, err)
			}
			return
		}
		if c > MaxStatusCode {
			t.Fatalf("ParseStatusCode(%q) = %d > %d", s, c, MaxStatusCode)
		}
		b, err := c.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%d): %v", c, err)
		}
		var back StatusCode
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Fatalf("round trip of %q: %d -> %q -> %d, %v", s, c, b, back, err)
		}
		if c.String() == "" || c.StringVI() == "" {
			t.Fatalf("empty name for %d", c)
		}
		_ = c.SentBy()
		_ = CanFollow(c, c)
	})
}

func BenchmarkParseStatusCode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseStatusCode("03"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseEnums feeds the same text to every enum parser: none panics, failures are *EnumError, and what is
// accepted survives MarshalText/UnmarshalText.
func FuzzParseEnums(f *testing.F) {
	for _, s := range []string{"0", "3", "4", "update", "Hỏa tốc", "hoả tốc", "TỐI MẬT", "mật", "none", "", "  ", "255",
		"256", "flash, timed", norm.NFD.String("Thượng khẩn"), "\xff"} {
		f.Add(s)
	}
	check := func(t *testing.T, s string, err error) {
		if err == nil {
			return
		}
		var ee *EnumError
		if !errors.As(err, &ee) || ee.Reason == nil || ee.Message() == "" || ee.MessageVI() == "" {
			t.Fatalf("%q: %v is not a complete *EnumError", s, err)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b, err := ParseBusinessDocType(s); err == nil {
			m, _ := b.MarshalText()
			var back BusinessDocType
			if back.UnmarshalText(m) != nil || back != b {
				t.Fatalf("BusinessDocType %q round trip", s)
			}
		} else {
			check(t, s, err)
		}
		if p, err := ParsePriority(s); err == nil {
			if p > MaxPriority {
				t.Fatalf("ParsePriority(%q) = %d", s, p)
			}
			m, _ := p.MarshalText()
			var back Priority
			if back.UnmarshalText(m) != nil || back != p {
				t.Fatalf("Priority %q round trip", s)
			}
		} else {
			check(t, s, err)
		}
		if _, err := DefaultPriorityNames().Parse(s); err != nil {
			check(t, s, err)
		}
		if u, err := ParseUrgency(s); err == nil {
			m, _ := u.MarshalText()
			var back Urgency
			if back.UnmarshalText(m) != nil || back != u {
				t.Fatalf("Urgency %q round trip", s)
			}
		} else {
			check(t, s, err)
		}
		if v, err := ParseSecrecy(s); err == nil {
			m, _ := v.MarshalText()
			var back Secrecy
			if back.UnmarshalText(m) != nil || back != v {
				t.Fatalf("Secrecy %q round trip", s)
			}
		} else {
			check(t, s, err)
		}
	})
}
