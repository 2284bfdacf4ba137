package lgsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/vnegov/egov/dvc"
)

// PortalOptions configures the synchronisation with the national public-service portal (Cổng Dịch vụ công quốc
// gia, spec lgsp.md §3.3): a session from the auth endpoint, then every call to the integration endpoint with the
// dstcode header. The endpoint paths are deployment settings, not public [U]; the defaults are the sandbox's.
type PortalOptions struct {
	// AuthPath is appended to Config.BaseURL for the login; "" means "/portal/auth".
	AuthPath string
	// IntegrationPath is appended to Config.BaseURL for the calls; "" means "/portal/integration".
	IntegrationPath string
	// DstCode is the dstcode header, the caller's code at the portal's adapter.
	DstCode string
	// Username and Password are the adapter's credentials.
	Username, Password string
	// UnitCode is madonvi, the code of the agency the dossiers belong to.
	UnitCode string
}

// PortalDossier is a dossier as the portal synchronises it (DongBoHoSoMC, TraCuuHoSo). Dates are yyyyMMddHHmmss in
// Vietnam time; the lists are passed through as the caller builds them.
type PortalDossier struct {
	MaHoSo               string            `json:"MaHoSo"`
	MaTTHC               string            `json:"MaTTHC"`
	TenTTHC              string            `json:"TenTTHC,omitempty"`
	MaLinhVuc            string            `json:"MaLinhVuc,omitempty"`
	TenLinhVuc           string            `json:"TenLinhVuc,omitempty"`
	ChuHoSo              string            `json:"ChuHoSo,omitempty"`
	LoaiDoiTuong         int               `json:"LoaiDoiTuong,omitempty"` // 1 citizen, 2 business
	Email                string            `json:"Email,omitempty"`
	SoDienThoai          string            `json:"SoDienThoai,omitempty"`
	TrichYeuHoSo         string            `json:"TrichYeuHoSo,omitempty"`
	NgayTiepNhan         string            `json:"NgayTiepNhan,omitempty"`
	NgayHenTra           string            `json:"NgayHenTra,omitempty"`
	NgayTra              string            `json:"NgayTra,omitempty"`
	TrangThaiHoSo        int               `json:"TrangThaiHoSo"`
	DonViXuLy            string            `json:"DonViXuLy,omitempty"`
	TaiLieuNop           []json.RawMessage `json:"TaiLieuNop,omitempty"`
	DanhSachLePhi        []json.RawMessage `json:"DanhSachLePhi,omitempty"`
	DanhSachHoSoBoSung   []json.RawMessage `json:"DanhSachHoSoBoSung,omitempty"`
	DanhSachGiayToKetQua []json.RawMessage `json:"DanhSachGiayToKetQua,omitempty"`
}

// DossierDetails are the portal's fields that a dvc.Dossier does not hold.
type DossierDetails struct {
	ProcedureName, FieldCode, FieldName string
	Owner                               string // ChuHoSo
	OwnerKind                           int    // LoaiDoiTuong: 1 citizen, 2 business
	Email, Phone, Summary, Unit         string
}

// NewPortalDossier converts d to the portal's form; due is the appointment date (dvc.Due), zero when none.
func NewPortalDossier(d *dvc.Dossier, det DossierDetails, due time.Time) (PortalDossier, error) {
	if d.Code == "" || d.Procedure == "" {
		return PortalDossier{}, &ValidationError{Op: "DongBoHoSoMC", Message: "a dossier needs its code and procedure code"}
	}
	if _, err := dvc.ParseStatus(int(d.Status)); err != nil {
		return PortalDossier{}, &ValidationError{Op: "DongBoHoSoMC", Message: err.Error()}
	}
	p := PortalDossier{MaHoSo: d.Code, MaTTHC: d.Procedure, TenTTHC: det.ProcedureName, MaLinhVuc: det.FieldCode,
		TenLinhVuc: det.FieldName, ChuHoSo: det.Owner, LoaiDoiTuong: det.OwnerKind, Email: det.Email,
		SoDienThoai: det.Phone, TrichYeuHoSo: det.Summary, DonViXuLy: det.Unit, TrangThaiHoSo: int(d.Status),
		NgayTiepNhan: portalTime(d.ReceivedAt), NgayHenTra: portalTime(due)}
	for _, t := range d.History {
		if t.To == dvc.StatusReturned {
			p.NgayTra = portalTime(t.Event.At)
		}
	}
	return p, nil
}

func portalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return dvc.FormatPortalTime(t)
}

// Dossier converts the portal's form back: code, procedure, status and reception time, with the appointment
// and return dates (zero when absent).
func (p PortalDossier) Dossier() (d *dvc.Dossier, due, returned time.Time, err error) {
	st, err := dvc.ParseStatus(p.TrangThaiHoSo)
	if err != nil {
		return nil, due, returned, err
	}
	d = &dvc.Dossier{Code: p.MaHoSo, Procedure: p.MaTTHC, Status: st}
	for _, f := range []struct {
		s   string
		dst *time.Time
	}{{p.NgayTiepNhan, &d.ReceivedAt}, {p.NgayHenTra, &due}, {p.NgayTra, &returned}} {
		if f.s == "" {
			continue
		}
		if *f.dst, err = dvc.ParsePortalTime(f.s); err != nil {
			return nil, time.Time{}, time.Time{}, err
		}
	}
	return d, due, returned, nil
}

// PortalProgress is one step of a dossier's handling (CapNhatTienDoHoSoMC).
type PortalProgress struct {
	MaHoSo                 string `json:"MaHoSo"`
	NguoiXuLy              string `json:"NguoiXuLy"`
	ChucDanh               string `json:"ChucDanh,omitempty"`
	ThoiDiemXuLy           string `json:"ThoiDiemXuLy"`
	PhongBanXuLy           string `json:"PhongBanXuLy,omitempty"`
	NoiDungXuLy            string `json:"NoiDungXuLy,omitempty"`
	TrangThai              int    `json:"TrangThai"`
	NgayBatDau             string `json:"NgayBatDau,omitempty"`
	NgayKetThucTheoQuyDinh string `json:"NgayKetThucTheoQuyDinh,omitempty"`
}

// Portal synchronises dossiers with the national public-service portal. It is safe for concurrent use.
type Portal struct {
	c    *client
	opts PortalOptions

	mu      sync.Mutex
	session string
}

// NewPortal returns a portal client.
func NewPortal(cfg Config, opts PortalOptions) (*Portal, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if opts.AuthPath == "" {
		opts.AuthPath = "/portal/auth"
	}
	if opts.IntegrationPath == "" {
		opts.IntegrationPath = "/portal/integration"
	}
	return &Portal{c: c, opts: opts}, nil
}

// portalAnswer is the adapter's envelope.
type portalAnswer struct {
	ErrorCode flexString      `json:"error_code"`
	Message   string          `json:"message"`
	Session   string          `json:"session"`
	Result    json.RawMessage `json:"result"`
	Data      json.RawMessage `json:"data"`
}

func (p *Portal) post(ctx context.Context, op, path string, payload any, idempotent bool) (*portalAnswer, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("lgsp: %s: %w", op, err)
	}
	r := request{op: op, method: http.MethodPost, path: path, idempotent: idempotent,
		header: http.Header{"Content-Type": {"application/json"}, "Dstcode": {p.opts.DstCode}},
		body:   func() (io.Reader, error) { return bytes.NewReader(body), nil }}
	var ans portalAnswer
	err = p.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, p.c.cfg.MaxResponseBytes, op, id)
		if err != nil {
			return err
		}
		ans = portalAnswer{}
		if err := decodeJSON(resp, b, &ans, op, id); err != nil {
			return err
		}
		if ans.ErrorCode != "" && ans.ErrorCode != "0" {
			return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Code: string(ans.ErrorCode),
				Message: ans.Message, Excerpt: excerpt(b), Processed: true}
		}
		return nil
	})
	return &ans, err
}

// login returns the session, logging in when there is none (or when stale is the session just refused).
func (p *Portal) login(ctx context.Context, stale string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.session != "" && p.session != stale {
		return p.session, nil
	}
	ans, err := p.post(ctx, "portal-auth", p.opts.AuthPath, map[string]string{"username": p.opts.Username, "password": p.opts.Password}, true)
	if err != nil {
		if ge, ok := err.(*GatewayError); ok && ge.Processed {
			return "", &AuthError{Op: "portal-auth", RequestID: ge.RequestID, Status: ge.Status, Code: ge.Code, Message: ge.Message}
		}
		return "", err
	}
	if ans.Session == "" {
		return "", &AuthError{Op: "portal-auth", Message: "no session in the answer"}
	}
	p.session = ans.Session
	return p.session, nil
}

// call runs service with fields; a refusal with a cached session logs in again once (the adapter's session
// expiry is not signalled by a documented code).
func (p *Portal) call(ctx context.Context, service string, fields map[string]any, idempotent bool) (*portalAnswer, error) {
	session, err := p.login(ctx, "")
	if err != nil {
		return nil, err
	}
	payload := map[string]any{"session": session, "madonvi": p.opts.UnitCode, "service": service}
	for k, v := range fields {
		payload[k] = v
	}
	ans, err := p.post(ctx, service, p.opts.IntegrationPath, payload, idempotent)
	if ge, ok := err.(*GatewayError); ok && ge.Processed {
		if session, err = p.login(ctx, session); err != nil {
			return nil, err
		}
		payload["session"] = session
		return p.post(ctx, service, p.opts.IntegrationPath, payload, idempotent)
	}
	return ans, err
}

// SyncDossiers sends dossiers to the portal (DongBoHoSoMC); updating says they are already known there. The
// portal keys dossiers by MaHoSo, so sending the same dossier again updates it: the call is retried.
func (p *Portal) SyncDossiers(ctx context.Context, ds []PortalDossier, updating bool) error {
	flag := 0
	if updating {
		flag = 1
	}
	_, err := p.call(ctx, "DongBoHoSoMC", map[string]any{"isUpdating": flag, "data": ds}, true)
	return err
}

// UpdateProgress sends handling steps (CapNhatTienDoHoSoMC). Steps are appended by the portal, so the call is not
// retried after an ambiguous failure.
func (p *Portal) UpdateProgress(ctx context.Context, steps []PortalProgress) error {
	_, err := p.call(ctx, "CapNhatTienDoHoSoMC", map[string]any{"data": steps}, false)
	return err
}

// LookupDossier returns the dossier code as the portal holds it (TraCuuHoSo).
func (p *Portal) LookupDossier(ctx context.Context, code string) (*PortalDossier, error) {
	ans, err := p.call(ctx, "TraCuuHoSo", map[string]any{"MaHoSo": code}, true)
	if err != nil {
		return nil, err
	}
	raw := ans.Result
	if len(raw) == 0 || string(raw) == "null" {
		raw = ans.Data
	}
	var d PortalDossier
	if err := json.Unmarshal(raw, &d); err != nil {
		var list []PortalDossier
		if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
			return nil, &GatewayError{Op: "TraCuuHoSo", Message: "no dossier in the answer", Excerpt: excerpt(raw), Processed: true}
		}
		d = list[0]
	}
	return &d, nil
}
