package main

import "slices"

// dvcArea gathers the online-service verbs: calendar verbs (dvc_calendar.go) and dossier/service verbs
// (dvc_service.go).
func dvcArea() area {
	return area{
		name:    "dvc",
		summary: "online public services: working-day calendar, deadlines, service levels, KPIs",
		verbs:   slices.Concat(dvcCalendarVerbs(), dvcServiceVerbs()),
	}
}
