package lgsp

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// PopulationOptions configures the identity check of the national population database (cơ sở dữ liệu quốc gia
// về dân cư) through an LGSP (spec lgsp.md §3.1). The values are those of a public mock of the service; real
// deployments differ, so each is configurable.
type PopulationOptions struct {
	// Path is appended to Config.BaseURL; "" means "/soap/XacThucThongTinCongDan" (the sandbox's path).
	Path string
	// Namespace is the service's XML namespace; "" means "http://dancuquocgia.bca".
	Namespace string
	// SOAPAction is sent as the SOAPAction header; "" sends an empty one.
	SOAPAction string
}

// IdentityQuery is XacThucThongTinCongDanRequest: who asks, and the identity to check.
type IdentityQuery struct {
	RequestID   string // MaYeuCau, the caller's id of the request
	ServiceCode string // MaDichVu
	OfficerCode string // MaCanBo, the officer asking
	PersonalID  string // SoDinhDanh, the 12-digit personal identification number
	OldIDCard   string // SoCMND, the former 9-digit identity card number, if any
	FullName    string // HoVaTen
	// Extra are further elements some deployments require (MaDVC, MaTichHop, MaDonVi), written in order after
	// the others; names must be plain XML names.
	Extra [][2]string
}

// IdentityResult is KetQuaXacThucResponse.
type IdentityResult struct {
	// Exists is TonTai: the population database holds a citizen with these details.
	Exists bool
}

// Population checks identities against the population database.
type Population struct {
	c    *client
	opts PopulationOptions
}

// NewPopulation returns a client of the identity check.
func NewPopulation(cfg Config, opts PopulationOptions) (*Population, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Path == "" {
		opts.Path = "/soap/XacThucThongTinCongDan"
	}
	if opts.Namespace == "" {
		opts.Namespace = "http://dancuquocgia.bca"
	}
	return &Population{c: c, opts: opts}, nil
}

const soapEnvelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"

// soapRequest builds the SOAP 1.1 envelope of q.
func (p *Population) soapRequest(q IdentityQuery) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="` + soapEnvelopeNS + `"><soapenv:Body>`)
	b.WriteString(`<XacThucThongTinCongDanRequest xmlns="`)
	xml.EscapeText(&b, []byte(p.opts.Namespace))
	b.WriteString(`">`)
	for _, f := range [][2]string{{"MaYeuCau", q.RequestID}, {"MaDichVu", q.ServiceCode}, {"MaCanBo", q.OfficerCode},
		{"SoDinhDanh", q.PersonalID}, {"SoCMND", q.OldIDCard}, {"HoVaTen", q.FullName}} {
		element(&b, f[0], f[1])
	}
	for _, f := range q.Extra {
		element(&b, f[0], f[1])
	}
	b.WriteString(`</XacThucThongTinCongDanRequest></soapenv:Body></soapenv:Envelope>`)
	return b.Bytes()
}

func element(b *bytes.Buffer, name, value string) {
	b.WriteString("<" + name + ">")
	xml.EscapeText(b, []byte(value))
	b.WriteString("</" + name + ">")
}

// Verify asks whether the identity in q exists. A SOAP fault is a *GatewayError with the fault code.
func (p *Population) Verify(ctx context.Context, q IdentityQuery) (*IdentityResult, error) {
	for _, f := range q.Extra {
		if !plainName(f[0]) {
			return nil, &ValidationError{Op: "XacThucThongTinCongDan", Message: fmt.Sprintf("element name %q is not a plain XML name", f[0])}
		}
	}
	if q.PersonalID == "" && q.OldIDCard == "" {
		return nil, &ValidationError{Op: "XacThucThongTinCongDan", Message: "a personal id (SoDinhDanh) or an identity card number is required"}
	}
	body := p.soapRequest(q)
	r := request{op: "XacThucThongTinCongDan", method: http.MethodPost, path: p.opts.Path, idempotent: true,
		header: http.Header{"Content-Type": {"text/xml; charset=utf-8"}, "Soapaction": {`"` + p.opts.SOAPAction + `"`}},
		body:   func() (io.Reader, error) { return bytes.NewReader(body), nil }}
	var res IdentityResult
	err := p.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, p.c.cfg.MaxResponseBytes, r.op, id)
		if err != nil {
			return err
		}
		exists, err := parseIdentityResponse(b)
		if err != nil {
			ge := &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Message: err.Error(), Excerpt: excerpt(b)}
			if f, ok := err.(*soapFault); ok {
				ge.Code, ge.Message, ge.Processed = f.Code, f.String, true
			}
			return ge
		}
		res.Exists = exists
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

type soapFault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
}

func (f *soapFault) Error() string { return "SOAP fault " + f.Code + ": " + f.String }

// parseIdentityResponse finds TonTai (any namespace) or a Fault in a SOAP answer.
func parseIdentityResponse(b []byte) (bool, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	sawEnvelope := false
	for {
		tok, err := d.Token()
		if err != nil {
			if sawEnvelope {
				return false, fmt.Errorf("SOAP answer without TonTai")
			}
			return false, fmt.Errorf("not a SOAP answer: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "Envelope":
			sawEnvelope = true
		case "Fault":
			var f soapFault
			if err := d.DecodeElement(&f, &se); err != nil {
				return false, fmt.Errorf("unreadable SOAP fault: %v", err)
			}
			return false, &f
		case "TonTai":
			var v string
			if err := d.DecodeElement(&v, &se); err != nil {
				return false, fmt.Errorf("unreadable TonTai: %v", err)
			}
			switch strings.TrimSpace(strings.ToLower(v)) {
			case "true", "1":
				return true, nil
			case "false", "0":
				return false, nil
			}
			return false, fmt.Errorf("TonTai %q is not a boolean", v)
		}
	}
}

func plainName(s string) bool {
	for i, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}
