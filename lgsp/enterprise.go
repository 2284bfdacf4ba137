package lgsp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// EnterpriseOptions configures the enterprise-registration lookup through NGSP/NDXP (đăng ký doanh nghiệp, spec
// lgsp.md §3.2). The path is the one public dashboards show; the parameter name and the answer's shape are not
// public [U], so both are configurable and the answer is kept whole beside the fields read from it.
type EnterpriseOptions struct {
	// Path is appended to Config.BaseURL; "" means "/apiCSDLDKDN/1.0/chiTietDoanhNghiep".
	Path string
	// Param is the query parameter carrying the enterprise code; "" means "maSoDoanhNghiep".
	Param string
}

// Enterprise is what a lookup found.
type Enterprise struct {
	// Code is the enterprise code (mã số doanh nghiệp), as the registry answered it.
	Code string `json:"code"`
	// Name is the registered name (tên doanh nghiệp).
	Name string `json:"name,omitempty"`
	// Status is the registry's status text (tình trạng hoạt động).
	Status string `json:"status,omitempty"`
	// Address is the head-office address (địa chỉ trụ sở).
	Address string `json:"address,omitempty"`
	// Raw is the record as the registry sent it.
	Raw json.RawMessage `json:"raw"`
}

// EnterpriseRegistry looks enterprises up in the national registration database.
type EnterpriseRegistry struct {
	c    *client
	opts EnterpriseOptions
}

// NewEnterpriseRegistry returns a lookup client; Config.Auth is usually a Bearer over ClientCredentials.
func NewEnterpriseRegistry(cfg Config, opts EnterpriseOptions) (*EnterpriseRegistry, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Path == "" {
		opts.Path = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep"
	}
	if opts.Param == "" {
		opts.Param = "maSoDoanhNghiep"
	}
	return &EnterpriseRegistry{c: c, opts: opts}, nil
}

// Field names seen for the same facts in integrators' code.
var (
	enterpriseCodeKeys    = []string{"maSoDoanhNghiep", "msdn", "MA_SO_DN", "enterpriseCode", "code"}
	enterpriseNameKeys    = []string{"tenDoanhNghiep", "TEN_DN", "tenTiengViet", "name"}
	enterpriseStatusKeys  = []string{"tinhTrang", "trangThai", "TINH_TRANG", "status"}
	enterpriseAddressKeys = []string{"diaChiTruSo", "diaChi", "DIA_CHI", "address"}
)

// Lookup returns the enterprise with the given code. A registry that answers without a record gives a
// *GatewayError with Processed set.
func (e *EnterpriseRegistry) Lookup(ctx context.Context, code string) (*Enterprise, error) {
	if code == "" {
		return nil, &ValidationError{Op: "chiTietDoanhNghiep", Message: "empty enterprise code"}
	}
	r := request{op: "chiTietDoanhNghiep", method: http.MethodGet, path: e.opts.Path,
		query: url.Values{e.opts.Param: {code}}, idempotent: true}
	var out *Enterprise
	err := e.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, e.c.cfg.MaxResponseBytes, r.op, id)
		if err != nil {
			return err
		}
		var top map[string]json.RawMessage
		if err := decodeJSON(resp, b, &top, r.op, id); err != nil {
			return err
		}
		rec := top
		raw := json.RawMessage(b)
		if d, ok := top["data"]; ok {
			var inner map[string]json.RawMessage
			if json.Unmarshal(d, &inner) == nil {
				rec, raw = inner, d
			}
		}
		ent := &Enterprise{Code: pick(rec, enterpriseCodeKeys), Name: pick(rec, enterpriseNameKeys),
			Status: pick(rec, enterpriseStatusKeys), Address: pick(rec, enterpriseAddressKeys), Raw: raw}
		if ent.Code == "" && ent.Name == "" {
			code, msg := gatewayCode(b)
			return &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Code: code,
				Message: "no enterprise record in the answer: " + msg, Excerpt: excerpt(b), Processed: true}
		}
		out = ent
		return nil
	})
	return out, err
}

func pick(m map[string]json.RawMessage, keys []string) string {
	for _, k := range keys {
		if v := rawString(m[k]); v != "" {
			return v
		}
	}
	return ""
}
