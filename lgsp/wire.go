package lgsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// readBody reads a whole small response body, at most limit bytes.
func readBody(resp *http.Response, limit int64, op, id string) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, &TransportError{Op: op, RequestID: id, Sent: true, Err: err}
	}
	if int64(len(body)) > limit {
		return nil, &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: ErrResponseTooLarge.Error(),
			Excerpt: excerpt(body), Processed: false}
	}
	return body, nil
}

// decodeJSON decodes body into v, or returns the GatewayError of an answer that is not the gateway's JSON (an
// HTML error page of the API manager, a truncated body, a wrong content type).
func decodeJSON(resp *http.Response, body []byte, v any, op, id string) error {
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "json") && !strings.HasPrefix(ct, "text/plain") {
		return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: "unexpected content type " + ct,
			Excerpt: excerpt(body)}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: "malformed JSON: " + err.Error(),
			Excerpt: excerpt(body)}
	}
	return nil
}

// streamError turns a failure of decodeStream into the typed error of the call.
func streamError(err error, resp *http.Response, head *headRecorder, op, id string) error {
	var we *writeError
	switch {
	case errors.As(err, &we):
		return fmt.Errorf("lgsp: %s (request %s): writing the package: %w", op, id, we.err)
	case errors.Is(err, ErrResponseTooLarge):
		return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: err.Error(), Excerpt: head.String()}
	case errors.Is(err, errMalformed), errors.Is(err, errBase64):
		return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: err.Error(), Excerpt: head.String()}
	}
	return &TransportError{Op: op, RequestID: id, Sent: true, Err: err}
}

// headRecorder keeps the first bytes read through it, for error excerpts.
type headRecorder struct {
	r    io.Reader
	head []byte
}

func (h *headRecorder) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if room := excerptLen - len(h.head); room > 0 {
		h.head = append(h.head, p[:min(n, room)]...)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("reading the body: %w", err)
	}
	return n, err
}

func (h *headRecorder) String() string { return excerpt(h.head) }

// gatewayTime reads the times gateways write: RFC 3339, "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss",
// "dd/MM/yyyy HH:mm:ss" (Vietnam time when zone-less) or epoch milliseconds. Unreadable times are zero: a list
// entry is still useful without them.
func gatewayTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	for _, l := range []string{"2006-01-02 15:04:05", "2006/01/02 15:04:05", "02/01/2006 15:04:05", "2006-01-02T15:04:05",
		"2006-01-02", "2006/01/02", "02/01/2006"} {
		if t, err := time.ParseInLocation(l, s, vietnam); err == nil {
			return t
		}
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 {
		return time.UnixMilli(ms)
	}
	return time.Time{}
}

// flexString reads a JSON string, number or boolean as a string (gateways write codes both ways).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		*f = flexString(b[1 : len(b)-1]) // the common case, without a second decoder
		return nil
	}
	*f = flexString(rawString(b))
	return nil
}

// listDate formats a list filter's date (yyyy/MM/dd in Vietnam time, the form spec lgsp.md §2.2 shows; the
// national axis's form is not public [U]).
func listDate(t time.Time) string { return t.In(vietnam).Format("2006/01/02") }
