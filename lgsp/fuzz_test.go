package lgsp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

func FuzzDecodeStream(f *testing.F) {
	f.Add([]byte(`{"status":"OK","ErrorCode":"0","ErrorDesc":"","data":"PD94bWwgdmVyc2lvbj0iMS4wIj8+"}`))
	f.Add([]byte(`{"success":true,"data":{"docId":"1","edxml":"PD94\nbWw=","attachments":[{"fileName":"a","fileContent":"QQ=="}]}}`))
	f.Add([]byte(`{"data":"PD\/94"}`))
	f.Add([]byte(`{"a":[1,2.5e3,true,null,{"b":"\u00e9"}],"data":""}`))
	f.Add([]byte(`<html>502</html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range []string{"data", "data.edxml"} {
			var out bytes.Buffer
			d, err := decodeStream(bytes.NewReader(body), target, &out, 1024, 1<<20)
			if d.written != int64(out.Len()) {
				t.Fatalf("written %d, buffer %d", d.written, out.Len())
			}
			if err == nil && d.found && out.Len() > len(body) {
				t.Fatalf("decoded %d bytes from %d", out.Len(), len(body))
			}
		}
	})
}

// fixedBody answers every request with the same body, without a network.
type fixedBody struct {
	contentType string
	body        []byte
}

func (f fixedBody) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	h := http.Header{}
	h.Set("Content-Type", f.contentType)
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(f.body)), Request: r}, nil
}

func FuzzResponses(f *testing.F) {
	f.Add([]byte(`{"status":"OK","ErrorCode":"0","data":[{"docId":"1","created_time":"2024-05-10 08:00:00"}]}`))
	f.Add([]byte(`{"status":"OK","data":[{"senderDocId":"1","toCode":"000.00.00.H41","sentTime":"1715300000000"}]}`))
	f.Add([]byte(`{"code":200,"data":[{"orgCode":"000.00.00.G22","orgName":"VPCP"}]}`))
	f.Add([]byte(`[{"orgCode":"x"}]`))
	f.Add([]byte(`{"success":false,"message":"x","data":{"errorCode":15}}`))
	f.Add([]byte(`{"status":"FAIL","ErrorCode":18}`))
	f.Add([]byte(`{"error_code":0,"session":"s","result":{"MaHoSo":"1","TrangThaiHoSo":2},"data":{"tenDoanhNghiep":"A"}}`))
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, p := range []Profile{VXP, LTVB} {
			a, err := NewAxis(Config{BaseURL: "http://gateway.invalid", Transport: fixedBody{"application/json", body},
				Retry: RetryPolicy{MaxAttempts: 1}, Breaker: BreakerPolicy{Disabled: true}},
				AxisOptions{Profile: p, Validation: ValidationPolicy{Off: true}, Now: func() time.Time { return time.Unix(0, 0) }})
			if err != nil {
				t.Fatal(err)
			}
			a.Received(ctx, ListFilter{})
			a.Sent(ctx, ListFilter{})
			a.Agencies(ctx)
			a.Get(ctx, "1", io.Discard)
			a.UpdateStatus(ctx, "1", StatusDone)
		}
		cfg := Config{BaseURL: "http://gateway.invalid", Transport: fixedBody{"application/json", body},
			Retry: RetryPolicy{MaxAttempts: 1}, Breaker: BreakerPolicy{Disabled: true}}
		if e, err := NewEnterpriseRegistry(cfg, EnterpriseOptions{}); err == nil {
			e.Lookup(ctx, "0100000001")
		}
		if p, err := NewPortal(cfg, PortalOptions{}); err == nil {
			p.LookupDossier(ctx, "1")
		}
	})
}

func FuzzVXPTimestamp(f *testing.F) {
	f.Add("10052024T083000+0123")
	f.Add("31022024T250000+9999")
	f.Add("10010000T000000+00A0")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseVXPTimestamp(s)
		if err != nil {
			return
		}
		if back := FormatVXPTimestamp(ts); back != s {
			t.Fatalf("%q read as %v, written back as %q", s, ts, back)
		}
	})
}

func FuzzIdentityResponse(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><KetQuaXacThucResponse xmlns="http://dancuquocgia.bca"><TonTai>true</TonTai></KetQuaXacThucResponse></soapenv:Body></soapenv:Envelope>`))
	f.Add([]byte(`<Envelope><Body><Fault><faultcode>Client</faultcode><faultstring>x</faultstring></Fault></Body></Envelope>`))
	f.Add([]byte(`<html>502</html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		parseIdentityResponse(body)
	})
}
