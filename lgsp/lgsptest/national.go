package lgsptest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Citizen is a fixture of the population service.
type Citizen struct {
	PersonalID string `json:"personal_id"` // SoDinhDanh
	FullName   string `json:"full_name"`   // HoVaTen
}

// DemoCitizens are the population fixtures when Options.Citizens is empty (invented numbers).
func DemoCitizens() []Citizen {
	return []Citizen{{PersonalID: "001099000001", FullName: "Nguyễn Văn An"}, {PersonalID: "079199000002", FullName: "Trần Thị Bình"}}
}

// DemoEnterprises are the enterprise-registry fixtures, by code (invented).
func DemoEnterprises() map[string]map[string]string {
	return map[string]map[string]string{
		"0100000001": {"maSoDoanhNghiep": "0100000001", "tenDoanhNghiep": "Công ty TNHH Mẫu Một", "tinhTrang": "Đang hoạt động",
			"diaChiTruSo": "1 Tràng Tiền, Hoàn Kiếm, Hà Nội"},
	}
}

// national holds the stand-in's national-database and portal state.
type national struct {
	mu       sync.Mutex
	sessions map[string]string          // session → system id
	dossiers map[string]json.RawMessage // MaHoSo → dossier as last synchronised
	progress map[string][]json.RawMessage
}

func newNational() *national {
	return &national{sessions: map[string]string{}, dossiers: map[string]json.RawMessage{}, progress: map[string][]json.RawMessage{}}
}

// servePopulation answers XacThucThongTinCongDan (spec lgsp.md §3.1) for bearer-authenticated callers: TonTai is
// true when SoDinhDanh and HoVaTen match a fixture.
func (g *Gateway) servePopulation(w http.ResponseWriter, r *http.Request) string {
	sys := g.bearerSystem(r)
	if sys == "" {
		soapFault(w, http.StatusUnauthorized, "soapenv:Client", "missing or expired token")
		return ""
	}
	var env struct {
		Body struct {
			Req struct {
				SoDinhDanh, HoVaTen string
			} `xml:"XacThucThongTinCongDanRequest"`
		} `xml:"Body"`
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err := xml.Unmarshal(b, &env); err != nil || env.Body.Req.SoDinhDanh == "" {
		soapFault(w, http.StatusInternalServerError, "soapenv:Client", "malformed XacThucThongTinCongDanRequest")
		return sys
	}
	exists := false
	for _, c := range g.citizens() {
		exists = exists || (c.PersonalID == env.Body.Req.SoDinhDanh && strings.EqualFold(c.FullName, env.Body.Req.HoVaTen))
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>`+
		`<KetQuaXacThucResponse xmlns="http://dancuquocgia.bca"><TonTai>`+map[bool]string{true: "true", false: "false"}[exists]+
		`</TonTai></KetQuaXacThucResponse></soapenv:Body></soapenv:Envelope>`)
	return sys
}

func (g *Gateway) citizens() []Citizen {
	if len(g.opts.Citizens) > 0 {
		return g.opts.Citizens
	}
	return DemoCitizens()
}

func soapFault(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	var m bytes.Buffer
	xml.EscapeText(&m, []byte(msg))
	io.WriteString(w, `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>`+
		`<faultcode>`+code+`</faultcode><faultstring>`+m.String()+`</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
}

// serveEnterprise answers the enterprise lookup (spec lgsp.md §3.2) for bearer-authenticated callers.
func (g *Gateway) serveEnterprise(w http.ResponseWriter, r *http.Request) string {
	sys := g.bearerSystem(r)
	if sys == "" {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error_code": 401, "message": "missing or expired token"})
		return ""
	}
	rec, ok := DemoEnterprises()[r.URL.Query().Get("maSoDoanhNghiep")]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"error_code": "404", "message": "không tìm thấy doanh nghiệp"})
		return sys
	}
	writeJSON(w, http.StatusOK, map[string]any{"error_code": "0", "data": rec})
	return sys
}

// servePortal is the national portal's adapter (spec lgsp.md §3.3): /portal/auth gives a session to a registered
// system (username and password are its id and secret), /portal/integration runs the services.
func (g *Gateway) servePortal(w http.ResponseWriter, r *http.Request) string {
	if r.Header.Get("dstcode") == "" {
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 1, "message": "missing dstcode"})
		return ""
	}
	var in map[string]json.RawMessage
	b, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if json.Unmarshal(b, &in) != nil {
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 2, "message": "body is not JSON"})
		return ""
	}
	str := func(k string) string {
		var s string
		json.Unmarshal(in[k], &s)
		return s
	}
	n := g.national
	if strings.HasSuffix(r.URL.Path, "/auth") {
		if !g.secretMatches(str("username"), str("password")) {
			writeJSON(w, http.StatusOK, map[string]any{"error_code": 401, "message": "sai tài khoản"})
			return ""
		}
		var s [16]byte
		rand.Read(s[:])
		session := hex.EncodeToString(s[:])
		n.mu.Lock()
		n.sessions[session] = str("username")
		n.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 0, "session": session})
		return str("username")
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	sys, ok := n.sessions[str("session")]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 401, "message": "phiên làm việc không hợp lệ"})
		return ""
	}
	switch str("service") {
	case "DongBoHoSoMC":
		var ds []json.RawMessage
		json.Unmarshal(in["data"], &ds)
		for _, d := range ds {
			var key struct{ MaHoSo string }
			if json.Unmarshal(d, &key) == nil && key.MaHoSo != "" {
				n.dossiers[key.MaHoSo] = d
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 0, "message": "OK"})
	case "CapNhatTienDoHoSoMC":
		var steps []json.RawMessage
		json.Unmarshal(in["data"], &steps)
		for _, s := range steps {
			var key struct{ MaHoSo string }
			json.Unmarshal(s, &key)
			n.progress[key.MaHoSo] = append(n.progress[key.MaHoSo], s)
		}
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 0, "message": "OK"})
	case "TraCuuHoSo":
		d, ok := n.dossiers[str("MaHoSo")]
		if !ok {
			writeJSON(w, http.StatusOK, map[string]any{"error_code": 404, "message": "không tìm thấy hồ sơ"})
			break
		}
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 0, "result": d})
	default:
		writeJSON(w, http.StatusOK, map[string]any{"error_code": 3, "message": "unknown service"})
	}
	return sys
}

// PortalProgress returns how many progress steps the portal holds for dossier code.
func (g *Gateway) PortalProgress(code string) int {
	g.national.mu.Lock()
	defer g.national.mu.Unlock()
	return len(g.national.progress[code])
}
