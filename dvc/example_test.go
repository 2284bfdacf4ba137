package dvc_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/vntime"
)

var ict = vntime.Location()

// A dossier received at the counter on the Friday before Tết 2026 with a processing time of 3 working days.
func ExampleDue() {
	cal := workday.DefaultCalendar()
	var d dvc.Dossier
	err := d.Apply(dvc.Event{Kind: dvc.EventReceive, At: time.Date(2026, 2, 13, 10, 0, 0, 0, ict),
		Channel: dvc.ChannelCounter, Limit: dvc.Days(3)}, cal)
	if err != nil {
		panic(err)
	}
	due, _ := dvc.Due(&d, cal)
	fmt.Println(due.Format(time.RFC3339))
	// Output: 2026-02-25T10:00:00+07:00
}

func ExampleClassify() {
	svc := dvc.Service{Code: "1.003560", Information: true, DownloadableForms: true, OnlineSubmission: true,
		OnlineProcessing: true, PostalResult: true}
	for _, when := range []time.Time{time.Date(2020, 1, 1, 0, 0, 0, 0, ict), time.Date(2023, 1, 1, 0, 0, 0, 0, ict)} {
		c := dvc.Classify(svc, when)
		fmt.Printf("%s: %s\n", c.Citation, c.Level.NameVI())
		for _, u := range c.Unmet {
			fmt.Printf("  %s\n", u.MessageVI)
		}
	}
	// Output:
	// Nghị định 43/2011/NĐ-CP Điều 3: mức độ 3
	//   chưa cho phép thanh toán phí, lệ phí trực tuyến
	// Nghị định 42/2022/NĐ-CP Điều 11: một phần
	//   chưa cho phép thanh toán phí, lệ phí trực tuyến
}

func ExampleDossier_Apply() {
	cal := workday.DefaultCalendar()
	var d dvc.Dossier
	t := time.Date(2026, 3, 2, 9, 0, 0, 0, ict)
	for _, e := range []dvc.Event{
		{Kind: dvc.EventSubmit, At: t, Channel: dvc.ChannelOnline, Limit: dvc.Days(5)},
		{Kind: dvc.EventReceive, At: t.Add(time.Hour)},
		{Kind: dvc.EventProcess, At: t.Add(2 * time.Hour)},
		{Kind: dvc.EventReturn, At: t.Add(3 * time.Hour)},
	} {
		if err := d.Apply(e, cal); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%d %s\n", d.Status, d.Status.NameVI())
	}
	// Output:
	// 1 Mới đăng ký
	// 2 Được tiếp nhận
	// 4 Đang xử lý
	// dvc: return in status 4 (processing): event not allowed in this status
}

func ExampleParseDossierCode() {
	c, err := dvc.ParseDossierCode("000.00.31.H53-260213-0017")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Form, c.Agency, c.Date.Format("2006-01-02"), c.Serial)
	next, _ := dvc.NewDossierCodeTT04(agencycode.MustParse("H56.123.45"), "01", c.Date, 12345)
	fmt.Println(next)
	// Output:
	// tt01-2018 000.00.31.H53 2026-02-13 17
	// H56.123.45-260213-0112345
}

func ExampleKPI() {
	csv := `received_at,due_at,finished_at,channel,level,agency_code,procedure_code
2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-24T09:00:00+07:00,online,4,000.00.31.H53,1.003560
2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-25T16:00:00+07:00,counter,4,000.00.31.H53,1.003560
2026-02-13T10:00:00+07:00,2026-02-25T10:00:00+07:00,2026-02-26T08:00:00+07:00,counter,3,000.00.31.H53,2.000477
2026-03-02T10:00:00+07:00,2026-03-05T10:00:00+07:00,,online,3,000.00.31.H53,2.000477
`
	agg, err := dvc.KPI(strings.NewReader(csv), dvc.ReaderOptions{}, dvc.AggregateOptions{})
	if err != nil {
		panic(err)
	}
	g := agg.Groups(nil)[0]
	fmt.Printf("%+v\n", g.Counts)
	fmt.Printf("early %.1f%%, on time %.1f%%, late %.1f%%, online %.1f%%\n", g.Shares[dvc.ShareEarly],
		g.Shares[dvc.ShareOnTime], g.Shares[dvc.ShareLate], g.Shares[dvc.ShareOnline])
	// Output:
	// {Early:1 OnTime:1 Late:1 Open:1 Total:4 Online:2}
	// early 33.3%, on time 33.3%, late 33.3%, online 50.0%
}
