package workday_test

import (
	"fmt"
	"time"

	"github.com/vnegov/egov/dvc/workday"
	"github.com/vnegov/egov/vntime"
)

func ExampleCalendar_AddWorkingDays() {
	cal := workday.DefaultCalendar()
	received := time.Date(2026, 2, 13, 10, 0, 0, 0, vntime.Location())
	fmt.Println(cal.AddWorkingDays(received, 3).Format(time.RFC3339))
	// Output: 2026-02-25T10:00:00+07:00
}

func ExampleCalendar_Explain() {
	cal := workday.DefaultCalendar()
	for _, d := range []string{"2026-02-17", "2026-08-22", "2026-08-31", "2030-02-04"} {
		day, _ := workday.ParseDate(d)
		info := cal.ExplainDate(day)
		fmt.Println(d, info.Working, info.Reason, info.HolidayVI, info.Provisional)
	}
	// Output:
	// 2026-02-17 false holiday Tết Nguyên đán false
	// 2026-08-22 true make_up_working_day Làm bù cho thứ Hai 31/8 false
	// 2026-08-31 false official_day_off Nghỉ hoán đổi, làm bù thứ Bảy 22/8 false
	// 2030-02-04 false holiday Tết Nguyên đán true
}

func ExampleSolarToLunar() {
	fmt.Println(workday.SolarToLunar(2026, 2, 17))
	fmt.Println(workday.SolarToLunar(2025, 7, 25)) // in the leap 6th month of Ất Tỵ
	// Output:
	// 2026-01-01
	// 2025-06L-01
}

func ExampleCalendar_AddWorkingHours() {
	cal := workday.DefaultCalendar()
	vn := vntime.Location()
	// Received at 10:00, 4 working hours: 1h30 before lunch, 2h30 after.
	fmt.Println(cal.AddWorkingHours(time.Date(2026, 3, 2, 10, 0, 0, 0, vn), 4*time.Hour).Format(time.RFC3339))
	// Output: 2026-03-02T16:00:00+07:00
}
