package lgsp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// The client's cross-cutting behaviour is a stack of small http.RoundTrippers around Config.Transport, from the
// outside in: tracing (request id, traceparent), auth (Config.Auth, per attempt), logging (nearest the wire, so
// it sees the final headers and redacts them). The stack is internal to Client and only ever sees the request
// client.attempt built for one attempt, which nothing else holds, so the wrappers set headers on it in place
// instead of cloning it at every layer.

type requestIDKey struct{}

// withRequestID returns ctx carrying the request id of a call; every attempt of the call sends it.
func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDHeader carries the UUID of a call, the same for each of its attempts.
const RequestIDHeader = "X-Request-Id"

// tracing sets X-Request-Id (from the context) and a W3C traceparent whose trace id is derived from the request
// id and whose parent id is new for each attempt.
type tracing struct{ next http.RoundTripper }

func (t tracing) RoundTrip(req *http.Request) (*http.Response, error) {
	id, _ := req.Context().Value(requestIDKey{}).(string)
	if id != "" {
		req.Header.Set(RequestIDHeader, id)
	}
	if req.Header.Get("traceparent") == "" {
		req.Header.Set("traceparent", traceparent(id))
	}
	return t.next.RoundTrip(req)
}

// traceparent builds "00-<trace id>-<parent id>-01" (W3C Trace Context level 1): the trace id is the request
// UUID's 32 hex digits, so gateway logs and client logs meet on one value.
func traceparent(requestID string) string {
	trace := strings.ReplaceAll(requestID, "-", "")
	if len(trace) != 32 {
		var b [16]byte
		rand.Read(b[:])
		trace = hex.EncodeToString(b[:])
	}
	var span [8]byte
	rand.Read(span[:])
	return "00-" + trace + "-" + hex.EncodeToString(span[:]) + "-01"
}

// authorizing applies an Auth to a clone of each attempt.
type authorizing struct {
	auth Auth
	next http.RoundTripper
}

func (a authorizing) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := a.auth.Authorize(req); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	return a.next.RoundTrip(req)
}

// logging writes one debug record per attempt and its outcome, with credential headers redacted and no bodies.
type logging struct {
	log  *slog.Logger
	next http.RoundTripper
}

// secretHeaders are never logged with their values (lower case).
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"lgspaccesstoken": true, "x-secretkey": true, "x-api-key": true,
	strings.ToLower(VXPHashHeader): true, strings.ToLower(VXPSignHeader): true,
}

// Redacted is what the logs show instead of a secret.
const Redacted = "[REDACTED]"

// redactHeaders returns the headers as log attributes, credentials replaced by Redacted.
func redactHeaders(h http.Header) slog.Attr {
	attrs := make([]any, 0, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		if secretHeaders[strings.ToLower(k)] {
			v = Redacted
		}
		attrs = append(attrs, slog.String(k, v))
	}
	return slog.Group("headers", attrs...)
}

func (l logging) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !l.log.Enabled(ctx, slog.LevelDebug) {
		return l.next.RoundTrip(req)
	}
	id := req.Header.Get(RequestIDHeader)
	path := req.URL.Path
	l.log.DebugContext(ctx, "lgsp request", "request_id", id, "method", req.Method, "path", path, redactHeaders(req.Header))
	start := time.Now()
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		l.log.DebugContext(ctx, "lgsp transport failure", "request_id", id, "path", path, "error", err.Error(),
			"duration", time.Since(start))
		return nil, err
	}
	l.log.DebugContext(ctx, "lgsp response", "request_id", id, "path", path, "status", resp.StatusCode,
		"duration", time.Since(start), redactHeaders(resp.Header))
	return resp, nil
}
