package edoc_test

import (
	"errors"
	"fmt"

	"github.com/vnegov/egov/edoc"
)

func ExampleParseNumber() {
	for _, s := range []string{"Số: 231/QĐ-UBND", "13/2016/QĐ-UBND", "6957/UBND-TTĐT", "392a/KH-UBND", "09-NQ/TU", "5/TB-UBND"} {
		n, err := edoc.ParseNumber(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-16s seq=%d%s year=%d type=%q issuer=%q unit=%q party=%v\n",
			n, n.Seq, n.Suffix, n.Year, n.TypeAbbr, n.Issuer, n.Unit, n.Party)
	}
	// Output:
	// 231/QĐ-UBND      seq=231 year=0 type="QĐ" issuer="UBND" unit="" party=false
	// 13/2016/QĐ-UBND  seq=13 year=2016 type="QĐ" issuer="UBND" unit="" party=false
	// 6957/UBND-TTĐT   seq=6957 year=0 type="" issuer="UBND" unit="TTĐT" party=false
	// 392a/KH-UBND     seq=392a year=0 type="KH" issuer="UBND" unit="" party=false
	// 09-NQ/TU         seq=9 year=0 type="NQ" issuer="TU" unit="" party=true
	// 05/TB-UBND       seq=5 year=0 type="TB" issuer="UBND" unit="" party=false
}

func ExampleParseNumber_error() {
	_, err := edoc.ParseNumber("231/QĐ - UBND")
	var ne *edoc.NumberError
	if errors.As(err, &ne) {
		fmt.Println(errors.Is(err, edoc.ErrNumberSpace))
		fmt.Println(ne.Message())
		fmt.Println(ne.MessageVI())
	}
	// Output:
	// true
	// white space inside the number; NĐ 30/2020 writes number and symbol without spaces (at byte 8)
	// số, ký hiệu có khoảng trắng; NĐ 30/2020 quy định viết liền, không cách chữ (tại byte 8)
}

func ExampleParseNotation() {
	// The split form of an edXML header: <Code><CodeNumber>7816</CodeNumber><CodeNotation>VPCP-TTĐT</CodeNotation></Code>.
	n, err := edoc.ParseNotation("7816", "VPCP-TTĐT")
	if err != nil {
		panic(err)
	}
	fmt.Println(n, n.Issuer, n.Unit)
	n, _ = edoc.ParseNotation("13", "2016/QĐ-UBND")
	fmt.Println(n.CodeNumber(), n.CodeNotation(), n.Year)
	// Output:
	// 7816/VPCP-TTĐT VPCP TTĐT
	// 13 2016/QĐ-UBND 2016
}

func ExampleCheckNumberType() {
	n, _ := edoc.ParseNumber("231/QĐ-UBND")
	decision, _ := edoc.LookupDocType("QĐ")
	letter, _ := edoc.LookupDocTypeByName("công văn")
	fmt.Println(edoc.CheckNumberType(n, decision))
	err := edoc.CheckNumberType(n, letter)
	fmt.Println(errors.Is(err, edoc.ErrNumberTypeUnexpected))
	fmt.Println(err)

	typo, _ := edoc.ParseNumber("15/QD-UBND") // D typed for Đ
	err = edoc.CheckNumberType(typo, decision)
	fmt.Println(errors.Is(err, edoc.ErrNumberTypeSpelling))
	// Output:
	// <nil>
	// true
	// edoc: number "231/QĐ-UBND": the number carries the type abbreviation "QĐ", but a Công văn has none (NĐ 30/2020 Phụ lục III)
	// true
}

func ExampleParseNumberAs() {
	// "1234/CT-TTHT" is a công văn of a Cục Thuế, but CT is also the abbreviation of chỉ thị: the declared type
	// settles it.
	letter, _ := edoc.LookupDocTypeByName("Công văn")
	n, _ := edoc.ParseNumberAs("1234/CT-TTHT", letter)
	fmt.Printf("issuer=%s unit=%s type=%q\n", n.Issuer, n.Unit, n.TypeAbbr)
	// Output:
	// issuer=CT unit=TTHT type=""
}

func ExampleLookupDocTypeByName() {
	for _, name := range []string{"Quyết định", "QUYET DINH", "Bản thoả thuận", "Thông tư liên tịch", "Công văn"} {
		t, ok := edoc.LookupDocTypeByName(name)
		fmt.Printf("%s: %v %q %s (%s)\n", name, ok, t.Abbr, t.NameEN, t.Kind)
	}
	// Output:
	// Quyết định: true "QĐ" decision (administrative)
	// QUYET DINH: true "QĐ" decision (administrative)
	// Bản thoả thuận: true "BTT" agreement (administrative)
	// Thông tư liên tịch: true "TTLT" joint circular (normative)
	// Công văn: true "" official letter (administrative)
}

func ExampleDocTypeCatalogue_Candidates() {
	// Numbers typed without the letter Đ: "HD" may be hướng dẫn (HD) or hợp đồng (HĐ).
	for _, t := range edoc.DefaultDocTypes().Candidates("HD") {
		fmt.Println(t.Abbr, t.Name)
	}
	// Output:
	// HD Hướng dẫn
	// HĐ Hợp đồng
}

func ExampleCanFollow() {
	fmt.Println(edoc.CanFollow(edoc.StatusReceived, edoc.StatusAccepted))
	fmt.Println(edoc.CanFollow(edoc.StatusAccepted, edoc.StatusDone))
	fmt.Println(edoc.StatusRecalled.SentBy(), edoc.StatusAccepted.SentBy())
	// Output:
	// true
	// false
	// sender receiver
}

func ExampleStatusMachine_CheckTransition() {
	m := edoc.DefaultStatusMachine()
	err := m.CheckTransition(edoc.StatusAccepted, edoc.StatusDone, edoc.PartyReceiver)
	var te *edoc.TransitionError
	if errors.As(err, &te) {
		fmt.Println(te.Message())
		fmt.Println(te.MessageVI())
	}
	// A partner that skips 03 and goes from 01 straight to 05: adapt the table rather than the code.
	lenient, _ := m.With(edoc.StatusRule{Code: edoc.StatusProcessing, SentBy: edoc.PartyReceiver,
		After: []edoc.StatusCode{edoc.StatusReceived, edoc.StatusAccepted, edoc.StatusAssigned}})
	fmt.Println(lenient.CanFollow(edoc.StatusReceived, edoc.StatusProcessing), m.CanFollow(edoc.StatusReceived, edoc.StatusProcessing))
	// Output:
	// status 06 (done) may not come after status 03 (accepted); it may follow 05
	// trạng thái 06 (hoàn thành) không được đến sau trạng thái 03 (đã tiếp nhận); chỉ được theo sau 05
	// true false
}

func ExampleParseStatusCode() {
	for _, s := range []string{"03", "3", "13", "07"} {
		c, err := edoc.ParseStatusCode(s)
		fmt.Println(c.Code(), c, c.StringVI(), c.Known(), err)
	}
	// Output:
	// 03 accepted đã tiếp nhận true <nil>
	// 03 accepted đã tiếp nhận true <nil>
	// 13 recalled lấy lại true <nil>
	// 07 status(07) trạng thái(07) false <nil>
}

func ExamplePriorityNames() {
	// The meaning of OtherInfo/Priority is not published: the default is a plausible mapping, and a partner's own
	// mapping is an ordinary value.
	names := edoc.DefaultPriorityNames()
	p, _ := names.Parse("Thượng khẩn")
	n, _ := names.Name(p)
	fmt.Println(p, n.EN, n.VI, n.Urgency.StringVI())

	partner := edoc.PriorityNames{0: {EN: "normal", VI: "Thường"}, 1: {EN: "flash", VI: "Hỏa tốc", Urgency: edoc.UrgencyFlash}}
	p, _ = partner.Parse("hoả tốc")
	fmt.Println(int(p))
	// Output:
	// very urgent very urgent Thượng khẩn Thượng khẩn
	// 1
}

func ExampleParseSecrecy() {
	s, _ := edoc.ParseSecrecy("TỐI MẬT")
	u, _ := edoc.ParseUrgency("Hoả tốc")
	fmt.Println(s, "/", s.StringVI(), "|", u, "/", u.StringVI())
	// Output:
	// secret / Tối mật | flash / Hỏa tốc
}
