// Package vntime holds Vietnam time ("giờ Việt Nam", UTC+07:00, Indochina Time) and the one parser of times that
// egov's command-line tool and CSV readers share. Vietnam has kept UTC+7 without daylight saving since 1975, so a
// fixed zone serves every date egov works with and no tzdata is needed. Dates in Vietnamese administrative documents (NĐ 30/2020/NĐ-CP), deadlines of
// public services and validity periods of agency codes are all calendar days in this zone.
//
// Parse accepts the three forms DESIGN.md promises on every command line: an RFC 3339 time with its offset, a
// date (midnight Vietnam time) and a zone-less local time (Vietnam time). It depends only on the standard library.
//
//	t, err := vntime.Parse("2026-02-16")          // 2026-02-16T00:00:00+07:00
//	t, err = vntime.Parse("2026-02-16T08:30")     // 2026-02-16T08:30:00+07:00
//	t, err = vntime.Parse("2026-02-16T01:30:00Z") // 2026-02-16T01:30:00Z, the same instant as 08:30 ICT
//	day := t.In(vntime.Location()).Format(time.DateOnly)
package vntime
