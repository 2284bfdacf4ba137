// Package dvc implements the rules of Vietnamese online public services ("dịch vụ công trực tuyến", DVC): the
// service levels of each regime (Nghị định 43/2011/NĐ-CP mức 1–4; Nghị định 42/2022/NĐ-CP toàn trình / một
// phần; Nghị định 224/2026/NĐ-CP, whose effective date is configurable), the one-stop dossier lifecycle of
// Nghị định 61/2018/NĐ-CP (replaced from 01/7/2025 by Nghị định 118/2025/NĐ-CP) with the ten statuses synchronised
// with the national portal, due dates on the working-day calendar, the classification of results as trước hạn /
// đúng hạn / quá hạn, the dossier codes of TT 01/2018/TT-VPCP and TT 04/2025/TT-VPCP, procedure codes, and the
// KPIs provinces are scored on with their official targets as data.
//
// Rules are selected by date: Classify(service, at) applies the regime in force at at, and Due(dossier, calendar)
// counts working days or hours on a Calendar (normally workday.DefaultCalendar()), so that Tết, yearly swaps and make-up
// Saturdays are honoured. KPIs are computed by streaming: a Reader yields one dossier of a CSV file at a time, an
// Aggregator keeps only counters per group, and every rate is recomputed from counts, never averaged. Values, not
// globals: DefaultRegimes and DefaultTargets return fresh values to adjust.
//
//	cal := workday.DefaultCalendar()
//	var d dvc.Dossier
//	_ = d.Apply(dvc.Event{Kind: dvc.EventReceive, At: received, Channel: dvc.ChannelCounter, Limit: dvc.Days(3)}, cal)
//	due, _ := dvc.Due(&d, cal) // 2026-02-25T10:00:00+07:00 for a dossier received on 13/02/2026 at 10:00
package dvc
