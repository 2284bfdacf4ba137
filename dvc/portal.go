package dvc

import (
	"fmt"
	"time"

	"github.com/vnegov/egov/vntime"
)

// PortalTimeLayout is the layout of dates in the dossier payloads synchronised with the national public-service
// portal (NgayHenTra, the dates of QuaTrinhXuLy): "yyyyMMddHHmmss" in Vietnam time, without a zone.
const PortalTimeLayout = "20060102150405"

// FormatPortalTime formats t as the portal writes dates, in Vietnam time.
func FormatPortalTime(t time.Time) string { return inVietnam(t).Format(PortalTimeLayout) }

// ParsePortalTime reads a portal date "yyyyMMddHHmmss" (exactly 14 digits) as Vietnam time.
func ParsePortalTime(s string) (time.Time, error) {
	if len(s) != len(PortalTimeLayout) || !allDigits(s) {
		return time.Time{}, fmt.Errorf("dvc: portal date %q: want 14 digits yyyyMMddHHmmss", s)
	}
	t, err := time.ParseInLocation(PortalTimeLayout, s, vntime.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("dvc: portal date %q: %w", s, err)
	}
	return t, nil
}

// ParseStatus reads a portal status number (TrangThaiHoSo, 1–10).
func ParseStatus(n int) (Status, error) {
	if n < int(StatusRegistered) || n > int(StatusReturned) {
		return StatusNone, fmt.Errorf("dvc: portal status %d outside 1–10", n)
	}
	return Status(n), nil
}
