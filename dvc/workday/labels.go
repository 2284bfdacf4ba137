package workday

import "time"

var reasonLabels = map[Reason]struct{ en, vi string }{
	ReasonWorking:            {"working day", "ngày làm việc"},
	ReasonWeekend:            {"weekend", "nghỉ cuối tuần"},
	ReasonHoliday:            {"public holiday", "ngày nghỉ lễ, tết"},
	ReasonOfficialDayOff:     {"official day off", "ngày nghỉ theo lịch công bố"},
	ReasonCompensatoryDayOff: {"compensatory day off", "nghỉ bù"},
	ReasonMakeUpWorkingDay:   {"make-up working day", "ngày làm bù"},
	ReasonOverride:           {"local override", "lịch riêng"},
}

// Label describes the reason in English for people ("make-up working day"); an unknown reason is returned as it
// is.
func (r Reason) Label() string {
	if l, ok := reasonLabels[r]; ok {
		return l.en
	}
	return string(r)
}

// LabelVI describes the reason in Vietnamese ("ngày làm bù"); an unknown reason is returned as it is.
func (r Reason) LabelVI() string {
	if l, ok := reasonLabels[r]; ok {
		return l.vi
	}
	return string(r)
}

var weekdaysVI = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// WeekdayVI returns the Vietnamese name of a day of the week ("Thứ Hai" for Monday, "Chủ nhật" for Sunday).
func WeekdayVI(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return d.String()
	}
	return weekdaysVI[d]
}
