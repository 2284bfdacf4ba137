// Package workday implements the Vietnamese working-day calendar used to compute the deadlines of administrative
// procedures ("thời hạn giải quyết thủ tục hành chính", counted in "ngày làm việc"): public holidays of Bộ luật Lao
// động 45/2019/QH14 Điều 112, among them Tết Nguyên đán and Giỗ Tổ Hùng Vương which follow the Vietnamese lunar
// calendar ("âm lịch", computed here for UTC+7 with the astronomical method published by Hồ Ngọc Đức); the
// compensation of a weekly rest day that falls on a holiday (Điều 111); the schedules that the government announces
// every year for civil servants, with bridge days off and make-up working Saturdays ("nghỉ bù", "làm bù"); local
// overrides; and working hours (by default 07:00–11:30 and 13:30–17:00).
//
// A Calendar stacks its layers (DayInfo.Layer says which one decided a day). The statutory layer is computed for
// any year (StatutorySchedule documents the default placement of the Tết days and of the day adjacent to Quốc
// khánh, and the compensation rule). A complete announced Schedule, embedded for the years confirmed from published
// announcements (OfficialSchedules) or loaded from JSON or CSV with complete set, replaces the statutory layer of its
// year; a year without one is provisional (IsOfficial reports false and DayInfo.Provisional is set), and
// StatuteFor names the labour code whose rules computed it, with InForce false for a year before that code took
// effect (the years the data covers are OfficialYears and, for the rules, 1995 onwards). A loaded
// schedule that is not complete, such as a province's extra day off, is merged date by date over those: it never
// erases the holidays it does not list. Overrides come last. A Calendar is immutable and safe for concurrent use; all
// computations take the time as an argument and work in Vietnam time (vntime.Location, a fixed UTC+7 zone).
//
//	cal := workday.DefaultCalendar()
//	received := time.Date(2026, 2, 13, 10, 0, 0, 0, vntime.Location())
//	due := cal.AddWorkingDays(received, 3) // 2026-02-25 10:00 +07: Tết 16–20/02 is skipped
package workday
