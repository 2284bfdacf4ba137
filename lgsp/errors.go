package lgsp

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/vnegov/egov/diag"
)

// TransportError is a failure to exchange a request with the gateway: no connection, a dropped connection, a
// timeout, a response that could not be read. The request may or may not have reached the gateway; Sent says
// whether its headers were written, after which a non-idempotent operation is ambiguous.
type TransportError struct {
	Op        string // operation, e.g. "sendEdoc"
	RequestID string // the X-Request-Id of the call
	Sent      bool   // the request headers were written to the connection
	Err       error  // the underlying error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("lgsp: %s (request %s): transport: %v", e.Op, e.RequestID, e.Err)
}

// Unwrap returns the underlying error.
func (e *TransportError) Unwrap() error { return e.Err }

// GatewayError is an answer of the gateway that is not a success: an HTTP error status, an HTML error page, a
// malformed body, or a well-formed failure ("status":"FAIL", "success":false) with the gateway's own code.
type GatewayError struct {
	Op         string        // operation, e.g. "sendEdoc"
	RequestID  string        // the X-Request-Id of the call
	Status     int           // HTTP status
	Code       string        // the gateway's code (ErrorCode, errorCode, error_code), "" when none
	Message    string        // the gateway's message (ErrorDesc, message), or what was wrong with the body
	Excerpt    string        // the first bytes of the body, for diagnosis
	RetryAfter time.Duration // the Retry-After the gateway asked for, 0 when none
	// Processed is true when the gateway answered in its own format that it handled the request (a business
	// failure): retrying the same request gives the same answer.
	Processed bool
}

func (e *GatewayError) Error() string {
	s := fmt.Sprintf("lgsp: %s (request %s): gateway: HTTP %d", e.Op, e.RequestID, e.Status)
	if e.Code != "" {
		s += " code " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// AuthError is a refusal of the credentials (HTTP 401/403, the gateway's auth codes) or a failure to obtain
// them (a token endpoint that answers an error).
type AuthError struct {
	Op        string // operation, or "token" for a token endpoint
	RequestID string // the X-Request-Id of the call, "" for a token fetch
	Status    int    // HTTP status, 0 when the failure happened before a response
	Code      string // the gateway's code, "" when none
	Message   string // the gateway's message
	Err       error  // the underlying error of a failed token fetch, nil otherwise
}

func (e *AuthError) Error() string {
	s := fmt.Sprintf("lgsp: %s (request %s): authentication refused", e.Op, e.RequestID)
	if e.Status != 0 {
		s += ": HTTP " + strconv.Itoa(e.Status)
	}
	if e.Code != "" {
		s += " code " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *AuthError) Unwrap() error { return e.Err }

// ValidationError is a package refused by the client before sending or after receiving: its edXML findings of
// severity error, or a package over the configured size.
type ValidationError struct {
	Op      string       // "send" or "get"
	Report  *diag.Report // the findings; nil for a size refusal
	Message string       // what was wrong
}

func (e *ValidationError) Error() string {
	if e.Report != nil {
		return fmt.Sprintf("lgsp: %s: package not valid: %d error finding(s), first: %s", e.Op,
			e.Report.Count(diag.Error), firstError(e.Report))
	}
	return fmt.Sprintf("lgsp: %s: %s", e.Op, e.Message)
}

func firstError(r *diag.Report) string {
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			return d.String()
		}
	}
	return ""
}

// ErrCircuitOpen is returned (wrapped in a TransportError) when the circuit breaker of an endpoint is open:
// the gateway failed too often recently and the call was not attempted.
var ErrCircuitOpen = errors.New("lgsp: circuit breaker open")

// ErrResponseTooLarge is returned (wrapped) when a response is larger than the configured limit.
var ErrResponseTooLarge = errors.New("lgsp: response larger than the configured limit")

// Ambiguous reports whether err leaves it unknown if a non-idempotent request was carried out by the gateway:
// the connection dropped or timed out after the request was written, or the gateway answered with a server
// error or an unreadable body instead of its own failure format.
func Ambiguous(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return te.Sent
	}
	var ge *GatewayError
	if errors.As(err, &ge) {
		return !ge.Processed && ge.Status != 429
	}
	return false
}

// excerptLen bounds the body excerpt kept in errors.
const excerptLen = 256

func excerpt(b []byte) string {
	if len(b) > excerptLen {
		b = b[:excerptLen]
	}
	return string(b)
}
