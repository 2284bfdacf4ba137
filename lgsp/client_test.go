package lgsp_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// specRequest builds a vxp request by hand from spec lgsp.md §2.1, independently of the lgsp client: every
// parameter as XroadVnpt-<name>, the compact JSON of them as sign-header, its HMAC-SHA256 in hex as hash-header.
func specRequest(t *testing.T, url, op, systemID, secret string, params [][2]string, at time.Time, body io.Reader, contentType string) *http.Request {
	t.Helper()
	ict := time.FixedZone("ICT", 7*3600)
	at = at.In(ict)
	ts := fmt.Sprintf("%02d%02d%04dT%02d%02d%02d+%04d", at.Day(), at.Month(), at.Year(), at.Hour(), at.Minute(), at.Second(), at.Nanosecond()/1e6)
	params = append(params, [2]string{"systemid", systemID}, [2]string{"timestamp", ts})
	req, err := http.NewRequest(http.MethodPost, url+"/"+op, body)
	require.NoError(t, err)
	var names, members []string
	for _, p := range params {
		req.Header.Set("XroadVnpt-"+p[0], p[1])
		names = append(names, p[0])
		k, _ := json.Marshal("XroadVnpt-" + p[0])
		v, _ := json.Marshal(p[1])
		members = append(members, string(k)+":"+string(v))
	}
	signed := "{" + strings.Join(members, ",") + "}"
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signed))
	req.Header.Set("XroadVnpt-sign-header-key", strings.Join(names, ";"))
	req.Header.Set("XroadVnpt-sign-header", signed)
	req.Header.Set("XroadVnpt-hash-header", hex.EncodeToString(mac.Sum(nil)))
	req.Header.Set("XroadVnpt-version", "3.0.201608")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

func TestSpecRequestToStandIn(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, 5, time.Now())
	sum := sha256.Sum256(pkg)
	var sdkHash strings.Builder // the SDK writes each byte without its leading zero
	for _, b := range sum {
		sdkHash.WriteString(strconv.FormatUint(uint64(b), 16))
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file_doc", "doc.edxml")
	fw.Write(pkg)
	mw.Close()
	tests := []struct {
		name, op, secret string
		params           [][2]string
		at               time.Time
		body             []byte
		contentType      string
		wantStatus       int
		wantOK           bool
	}{
		{name: "agencies", op: "getAgenciesList", secret: systemA.Secret, at: time.Now(), wantStatus: 200, wantOK: true},
		{name: "send with the SDK's quirks", op: "sendEdoc", secret: systemA.Secret, at: time.Now().Add(-10 * time.Minute),
			params: [][2]string{{"from", systemA.ID}, {"to", `["` + systemB.OrganID + `"]`}, {"servicetype", "eDoc"},
				{"messagetype", "edoc"}, {"hash-file", sdkHash.String()}, {"Content-Type", "application/octet-stream"}},
			body: body.Bytes(), contentType: mw.FormDataContentType(), wantStatus: 200, wantOK: true},
		{name: "multipart body under an octet-stream header", op: "sendEdoc", secret: systemA.Secret, at: time.Now(),
			params: [][2]string{{"from", systemA.ID}, {"to", `["` + systemB.OrganID + `"]`}, {"servicetype", "eDoc"},
				{"messagetype", "edoc"}, {"hash-file", hex.EncodeToString(sum[:])}, {"Content-Type", "application/octet-stream"}},
			body: body.Bytes(), contentType: "application/octet-stream", wantStatus: 200, wantOK: true},
		{name: "hash-file of another file", op: "sendEdoc", secret: systemA.Secret, at: time.Now(),
			params: [][2]string{{"from", systemA.ID}, {"to", `["` + systemB.OrganID + `"]`}, {"hash-file", strings.Repeat("0", 64)}},
			body:   body.Bytes(), contentType: mw.FormDataContentType(), wantStatus: 200},
		{name: "wrong secret", op: "getAgenciesList", secret: "not-the-secret", at: time.Now(), wantStatus: 401},
		{name: "stale timestamp", op: "getAgenciesList", secret: systemA.Secret, at: time.Now().Add(-16 * time.Minute), wantStatus: 401},
		{name: "future timestamp", op: "getAgenciesList", secret: systemA.Secret, at: time.Now().Add(16 * time.Minute), wantStatus: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := specRequest(t, g.URL, tt.op, systemA.ID, tt.secret, tt.params, tt.at, bytes.NewReader(tt.body), tt.contentType)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var out struct{ Status, ErrorCode, DocId string }
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
			require.Equal(t, tt.wantStatus, resp.StatusCode, out)
			require.Equal(t, tt.wantOK, out.Status == "OK", out)
		})
	}
	require.Equal(t, 2, g.Stored(systemB.OrganID))
}

func TestSignatureTamperedHeader(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	req := specRequest(t, g.URL, "getReceivedEdocList", systemA.ID, systemA.Secret, [][2]string{{"pageSize", "10"}}, time.Now(), nil, "")
	req.Header.Set("XroadVnpt-pageSize", "11")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestClientAuthRefused(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	tests := []struct {
		name string
		auth lgsp.HMACSignature
	}{
		{"wrong secret", lgsp.HMACSignature{SystemID: systemA.ID, Secret: []byte("wrong")}},
		{"clock behind", lgsp.HMACSignature{SystemID: systemA.ID, Secret: []byte(systemA.Secret),
			Now: func() time.Time { return time.Now().Add(-time.Hour) }}},
		{"unknown system", lgsp.HMACSignature{SystemID: "nobody", Secret: []byte(systemA.Secret)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := vxpAxis(t, g, systemA, func(c *lgsp.Config) { c.Auth = tt.auth })
			_, err := a.Agencies(context.Background())
			var ae *lgsp.AuthError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, http.StatusUnauthorized, ae.Status)
			require.NotEmpty(t, ae.RequestID)
		})
	}
}

func TestLTVBWithClientCredentials(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	var fetches atomic.Int32
	hc := &http.Client{Transport: countingTransport{n: &fetches, next: http.DefaultTransport}}
	src := lgsp.ClientCredentials(context.Background(), &clientcredentials.Config{ClientID: systemA.ID,
		ClientSecret: systemA.Secret, TokenURL: g.URL + "/token"}, hc, 0)
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: systemA.ID,
		Auth: lgsp.Chain(lgsp.StaticKeys{SystemID: systemA.ID, SecretKey: systemA.Secret}, lgsp.Bearer{Source: src})},
		lgsp.AxisOptions{Profile: lgsp.LTVB})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.Agencies(context.Background())
			require.NoError(t, err)
		}()
	}
	wg.Wait()
	require.Equal(t, int32(1), fetches.Load(), "one token fetch under concurrency")

	bad := lgsp.ClientCredentials(context.Background(), &clientcredentials.Config{ClientID: systemA.ID,
		ClientSecret: "wrong", TokenURL: g.URL + "/token"}, nil, 0)
	a2, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, Auth: lgsp.Bearer{Source: bad}}, lgsp.AxisOptions{Profile: lgsp.LTVB})
	require.NoError(t, err)
	_, err = a2.Agencies(context.Background())
	var ae *lgsp.AuthError
	require.ErrorAs(t, err, &ae)
}

type countingTransport struct {
	n    *atomic.Int32
	next http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// recordingSource remembers the tokens it hands out, so the log test can look for them.
type recordingSource struct {
	src    oauth2.TokenSource
	mu     sync.Mutex
	tokens []string
}

func (r *recordingSource) Token() (*oauth2.Token, error) {
	t, err := r.src.Token()
	if err == nil {
		r.mu.Lock()
		r.tokens = append(r.tokens, t.AccessToken)
		r.mu.Unlock()
	}
	return t, err
}

func TestLogsCarryNoSecret(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.5, Seed: 7}})
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	creds := lgsp.LGSPCredentials{TokenURL: g.URL + "/token", AccessKey: systemB.ID, SecretKey: systemB.Secret, AppName: "egov"}
	lt := lgsp.NewLGSPToken(ctx, creds, nil, 0)
	rec := &recordingSource{src: lt.Source}
	lt.Source = rec
	b, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: systemB.ID, Logger: logger, Retry: fastRetry,
		Auth: lgsp.Chain(lgsp.StaticKeys{SystemID: systemB.ID, SecretKey: systemB.Secret}, lt)}, lgsp.AxisOptions{Profile: lgsp.LTVB})
	require.NoError(t, err)
	a := vxpAxis(t, g, systemA, func(c *lgsp.Config) { c.Logger = logger })
	for i := range 10 {
		pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, i+1, time.Now())
		a.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{})
	}
	for it, err := range lgsp.AllReceived(ctx, b, lgsp.ListFilter{}, 0) {
		if err == nil {
			b.Get(ctx, it.DocID, io.Discard)
		}
	}
	out := logs.String()
	require.Contains(t, out, "lgsp request")
	require.Contains(t, out, lgsp.Redacted)
	require.NotEmpty(t, rec.tokens)
	for _, secret := range append([]string{systemA.Secret, systemB.Secret, creds.HeaderValue()}, rec.tokens...) {
		require.NotContains(t, out, secret)
	}
	require.NotContains(t, out, "PD94bWw", "no package body in the logs")
}

func TestRetryAfterHonoured(t *testing.T) {
	var calls atomic.Int32
	var first, second time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		second = time.Now()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"OK","ErrorCode":"0","data":[]}`)
	}))
	defer srv.Close()
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, Retry: fastRetry}, lgsp.AxisOptions{})
	require.NoError(t, err)
	_, err = a.Agencies(context.Background())
	require.NoError(t, err)
	require.Equal(t, int32(2), calls.Load())
	require.GreaterOrEqual(t, second.Sub(first), 900*time.Millisecond, "waited as Retry-After asked")
}

func TestBadAnswers(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		get         bool
		check       func(t *testing.T, err error)
	}{
		{name: "HTML error page", status: 502, contentType: "text/html", body: "<html>Bad Gateway</html>",
			check: gatewayErr(502, "")},
		{name: "malformed JSON", status: 200, contentType: "application/json", body: `{"status":"OK",`, check: gatewayErr(200, "")},
		{name: "wrong content type", status: 200, contentType: "text/html", body: `<html>login</html>`, check: gatewayErr(200, "")},
		{name: "gateway failure", status: 200, contentType: "application/json",
			body: `{"status":"FAIL","ErrorCode":"18","ErrorDesc":"receiving unit does not exist"}`, check: gatewayErr(200, "18")},
		{name: "oversize", status: 200, contentType: "application/json",
			body: `{"status":"OK","data":[` + strings.Repeat(`{"code":"x"},`, 200) + `{}]}`, check: gatewayErr(200, "")},
		{name: "redirect not followed", status: 302, check: gatewayErr(302, "")},
		{name: "unauthorised", status: 401, contentType: "application/json", body: `{"ErrorCode":"15"}`,
			check: func(t *testing.T, err error) {
				var ae *lgsp.AuthError
				require.ErrorAs(t, err, &ae)
				require.Equal(t, "15", ae.Code)
			}},
		{name: "truncated base64", get: true, status: 200, contentType: "application/json",
			body: `{"status":"OK","ErrorCode":"0","data":"PD94bWwgdmVyc2lvbj0iMS4wIj8+P"}`, check: gatewayErr(200, "")},
		{name: "truncated body", get: true, status: 200, contentType: "application/json",
			body: `{"status":"OK","ErrorCode":"0","data":"PD94bWwg`, check: gatewayErr(200, "")},
		{name: "get failure", get: true, status: 200, contentType: "application/json",
			body: `{"status":"FAIL","ErrorCode":"404","ErrorDesc":"not found"}`, check: gatewayErr(200, "404")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var redirected atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/elsewhere" {
					redirected.Store(true)
				}
				if tt.status == 302 {
					http.Redirect(w, r, "/elsewhere", http.StatusFound)
					return
				}
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, MaxResponseBytes: 1024, Retry: lgsp.RetryPolicy{MaxAttempts: 1}},
				lgsp.AxisOptions{})
			require.NoError(t, err)
			if tt.get {
				_, err = a.Get(context.Background(), "1", io.Discard)
			} else {
				_, err = a.Agencies(context.Background())
			}
			require.Error(t, err)
			tt.check(t, err)
			require.False(t, redirected.Load())
		})
	}
}

func gatewayErr(status int, code string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var ge *lgsp.GatewayError
		require.ErrorAs(t, err, &ge)
		require.Equal(t, status, ge.Status)
		require.Equal(t, code, ge.Code)
		require.NotEmpty(t, ge.RequestID)
	}
}

func TestBreakerOpens(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, Retry: lgsp.RetryPolicy{MaxAttempts: 1},
		Breaker: lgsp.BreakerPolicy{MinRequests: 3, FailureRatio: 0.5, OpenFor: time.Minute}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	var last error
	for range 6 {
		_, last = a.Agencies(context.Background())
	}
	require.ErrorIs(t, last, lgsp.ErrCircuitOpen)
	require.Equal(t, int32(3), calls.Load())
}

func TestSendRefusesInvalidPackage(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a := vxpAxis(t, g, systemA, nil)
	_, err := a.Send(context.Background(), strings.NewReader("<edXML>not a package"), lgsp.SendOptions{To: []string{systemB.OrganID}})
	var ve *lgsp.ValidationError
	require.ErrorAs(t, err, &ve)
	require.True(t, ve.Report.HasErrors())
	require.Empty(t, g.Requests(), "nothing reached the gateway")
}

func TestSendCheckFirst(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a := vxpAxis(t, g, systemA, nil)
	ctx := context.Background()
	pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, 9, time.Now())
	first, err := a.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{})
	require.NoError(t, err)
	again, err := a.Send(ctx, io.MultiReader(bytes.NewReader(pkg)), lgsp.SendOptions{CheckFirst: true}) // not seekable: spooled
	require.NoError(t, err)
	require.True(t, again.Recovered)
	require.Equal(t, first.DocID, again.DocID)
	require.Equal(t, 1, g.Stored(systemB.OrganID))
}

func TestStatusPackageFlowsBack(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := vxpAxis(t, g, systemA, nil), vxpAxis(t, g, systemB, nil)
	ctx := context.Background()
	pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, 3, time.Now())
	_, err := a.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{})
	require.NoError(t, err)
	sp := lgsptest.StatusFor(pkg, systemB.OrganID, 3, time.Now())
	_, err = b.SendStatus(ctx, sp, []string{systemA.OrganID})
	require.NoError(t, err)
	list, err := a.Received(ctx, lgsp.ListFilter{MessageType: lgsp.MessageStatus})
	require.NoError(t, err)
	require.Len(t, list, 1)
	var got bytes.Buffer
	res, err := a.Get(ctx, list[0].DocID, &got)
	require.NoError(t, err)
	require.False(t, res.Report.HasErrors())
	require.Contains(t, got.String(), "<edXML:StatusCode>03</edXML:StatusCode>")
}

var _ = errors.New

func TestAttemptTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-r.Context().Done() // never answers
	}))
	defer srv.Close()
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, AttemptTimeout: 50 * time.Millisecond,
		Retry: lgsp.RetryPolicy{MaxAttempts: 2, InitialInterval: time.Millisecond}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	_, err = a.Received(context.Background(), lgsp.ListFilter{})
	var te *lgsp.TransportError
	require.ErrorAs(t, err, &te)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, int32(2), calls.Load(), "an idempotent call is tried again after a timeout")
}
