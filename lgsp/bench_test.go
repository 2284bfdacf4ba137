package lgsp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vnegov/egov/lgsp"
)

const benchList = `{"status":"OK","ErrorCode":"0","ErrorDesc":"","data":[` +
	`{"docId":"1","serviceType":"eDoc","messageType":"edoc","created_time":"2024-05-10 08:00:00","updated_time":"2024-05-10 08:00:00","from":"000.00.00.G22","to":"000.00.00.H41","status":"inbox","status_desc":"inbox"},` +
	`{"docId":"2","serviceType":"eDoc","messageType":"edoc","created_time":"2024-05-10 08:00:00","updated_time":"2024-05-10 08:00:00","from":"000.00.00.G22","to":"000.00.00.H41","status":"inbox","status_desc":"inbox"}]}`

// BenchmarkReceivedOverhead compares one getReceivedEdocList call through the lgsp client (request id,
// traceparent, HMAC signature, breaker, retry wrapper, typed decoding) with the same request signed by hand per
// spec and decoded with encoding/json on a bare net/http client, against the same local server.
func BenchmarkReceivedOverhead(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, benchList)
	}))
	defer srv.Close()
	ctx := context.Background()
	b.Run("raw-net-http", func(b *testing.B) {
		t := &testing.T{}
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for b.Loop() {
			req := specRequest(t, srv.URL, "getReceivedEdocList", systemA.ID, systemA.Secret,
				[][2]string{{"pageSize", "200"}, {"pageIndex", "1"}}, time.Now(), nil, "")
			resp, err := hc.Do(req.WithContext(ctx))
			if err != nil {
				b.Fatal(err)
			}
			var out struct {
				Status string
				Data   []map[string]string
			}
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Data) != 2 {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	})
	b.Run("lgsp-client", func(b *testing.B) {
		a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, SystemID: systemA.ID,
			Auth: lgsp.HMACSignature{SystemID: systemA.ID, Secret: []byte(systemA.Secret)}}, lgsp.AxisOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			list, err := a.Received(ctx, lgsp.ListFilter{})
			if err != nil || len(list) != 2 {
				b.Fatal(err)
			}
		}
	})
}
