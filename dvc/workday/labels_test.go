package workday

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestReasonLabels(t *testing.T) {
	tests := []struct {
		r      Reason
		en, vi string
	}{
		{ReasonWorking, "working day", "ngày làm việc"},
		{ReasonWeekend, "weekend", "nghỉ cuối tuần"},
		{ReasonHoliday, "public holiday", "ngày nghỉ lễ, tết"},
		{ReasonOfficialDayOff, "official day off", "ngày nghỉ theo lịch công bố"},
		{ReasonCompensatoryDayOff, "compensatory day off", "nghỉ bù"},
		{ReasonMakeUpWorkingDay, "make-up working day", "ngày làm bù"},
		{ReasonOverride, "local override", "lịch riêng"},
		{Reason("other"), "other", "other"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.en, tt.r.Label())
		require.Equal(t, tt.vi, tt.r.LabelVI())
	}
}

func TestWeekdayVI(t *testing.T) {
	require.Equal(t, "Chủ nhật", WeekdayVI(time.Sunday))
	require.Equal(t, "Thứ Hai", WeekdayVI(time.Monday))
	require.Equal(t, "Thứ Bảy", WeekdayVI(time.Saturday))
	require.Equal(t, "%!Weekday(9)", WeekdayVI(time.Weekday(9)))
	// 2026-08-22 is a Saturday.
	require.Equal(t, "Thứ Bảy", WeekdayVI(Date{2026, time.August, 22}.Weekday()))
}
