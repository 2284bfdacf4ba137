package lgsp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/google/uuid"
	"github.com/sony/gobreaker/v2"
)

// Config configures the connection of an adapter (NewAxis, NewPopulation, NewEnterpriseRegistry, NewPortal) to a
// gateway. The zero value of every field but BaseURL is a sensible default.
type Config struct {
	// BaseURL is the gateway's endpoint, e.g. https://host/vdxp-product/1.0; operation paths are appended to it.
	BaseURL string
	// SystemID is this system's id at the gateway.
	SystemID string
	// Auth adds credentials to every attempt; nil sends none.
	Auth Auth
	// Transport sends the requests (mTLS: see MutualTLS); nil means NewTransport(nil).
	Transport http.RoundTripper
	// AttemptTimeout bounds one attempt including reading its response; 0 means 2 minutes, negative none.
	AttemptTimeout time.Duration
	// MaxResponseBytes bounds a JSON response other than a package; 0 means 16 MiB.
	MaxResponseBytes int64
	// MaxPackageBytes bounds a package sent or received (decoded); 0 means 1 GiB.
	MaxPackageBytes int64
	// Retry is the retry policy of idempotent operations and of refused (429) requests.
	Retry RetryPolicy
	// Breaker is the circuit-breaker policy, one breaker per endpoint.
	Breaker BreakerPolicy
	// Logger receives debug records of every attempt, credentials redacted; nil logs nothing.
	Logger *slog.Logger
}

// RetryPolicy says how calls are retried: exponential backoff with jitter, only for idempotent operations, for
// requests the gateway refused before handling them (429, connection refused) and for calls carrying an
// idempotency key.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts including the first; 0 means 5, 1 disables retries.
	MaxAttempts int
	// InitialInterval is the first backoff; 0 means 200 ms.
	InitialInterval time.Duration
	// MaxInterval caps one backoff (a longer Retry-After is still honoured); 0 means 5 s.
	MaxInterval time.Duration
	// MaxElapsed caps the time spent on one call's retries; 0 means 2 minutes.
	MaxElapsed time.Duration
}

// BreakerPolicy configures the circuit breaker of each endpoint (gateway operation).
type BreakerPolicy struct {
	// Disabled turns the breakers off.
	Disabled bool
	// MinRequests is how many requests a window needs before the ratio counts; 0 means 20.
	MinRequests uint32
	// FailureRatio opens the breaker when failures/requests reach it; 0 means 0.6.
	FailureRatio float64
	// Window is the period over which counts are kept while closed; 0 means 30 s.
	Window time.Duration
	// OpenFor is how long the breaker stays open before letting probes through; 0 means 5 s.
	OpenFor time.Duration
}

// client sends the operations of one adapter (Axis, Population, Portal…) to one gateway: the core every
// adapter shares. It is safe for concurrent use.
type client struct {
	cfg  Config
	base *url.URL
	hc   *http.Client

	mu       sync.Mutex
	breakers map[string]*gobreaker.CircuitBreaker[struct{}]
}

// newClient returns a client for cfg. It opens no connection until an operation is called.
func newClient(cfg Config) (*client, error) {
	u, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("lgsp: base URL %q is not an http(s) URL", cfg.BaseURL)
	}
	cfg = cfg.withDefaults()
	var rt http.RoundTripper = logging{log: cfg.Logger, next: cfg.Transport}
	if cfg.Auth != nil {
		rt = authorizing{auth: cfg.Auth, next: rt}
	}
	rt = tracing{next: rt}
	hc := &http.Client{
		Transport: rt,
		// Redirects are never followed: a gateway that redirects is misconfigured, and following would send the
		// credentials and the document elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &client{cfg: cfg, base: u, hc: hc, breakers: map[string]*gobreaker.CircuitBreaker[struct{}]{}}, nil
}

// MaxIdleConnsPerHost is how many idle connections to the gateway NewTransport keeps. A client talks to one
// host, and the default of net/http (2) makes a client used by more goroutines at once (an exchange agent's
// workers) close and redial, with a TLS handshake, nearly every connection it uses.
const MaxIdleConnsPerHost = 64

// NewTransport returns the transport a client uses when Config.Transport is nil: a clone of
// http.DefaultTransport (proxy from the environment, timeouts, HTTP/2) keeping MaxIdleConnsPerHost idle
// connections, with tlsConfig when it is not nil (mutual TLS: see MutualTLS).
func NewTransport(tlsConfig *tls.Config) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	t.MaxIdleConns = max(t.MaxIdleConns, MaxIdleConnsPerHost)
	if tlsConfig != nil {
		t.TLSClientConfig = tlsConfig
	}
	return t
}

func (cfg Config) withDefaults() Config {
	if cfg.Transport == nil {
		cfg.Transport = NewTransport(nil)
	}
	if cfg.AttemptTimeout == 0 {
		cfg.AttemptTimeout = 2 * time.Minute
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = 16 << 20
	}
	if cfg.MaxPackageBytes <= 0 {
		cfg.MaxPackageBytes = 1 << 30
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	r := &cfg.Retry
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 5
	}
	if r.InitialInterval <= 0 {
		r.InitialInterval = 200 * time.Millisecond
	}
	if r.MaxInterval <= 0 {
		r.MaxInterval = 5 * time.Second
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = 2 * time.Minute
	}
	b := &cfg.Breaker
	if b.MinRequests == 0 {
		b.MinRequests = 20
	}
	if b.FailureRatio <= 0 {
		b.FailureRatio = 0.6
	}
	if b.Window <= 0 {
		b.Window = 30 * time.Second
	}
	if b.OpenFor <= 0 {
		b.OpenFor = 5 * time.Second
	}
	return cfg
}

// request describes one gateway call; body is called once per attempt.
type request struct {
	op         string
	method     string
	path       string // appended to the base URL's path
	query      url.Values
	header     http.Header
	body       func() (io.Reader, error)
	idempotent bool
	// idemKey, when set, is sent as Idempotency-Key and makes the call safe to retry.
	idemKey string
}

// handler reads the response of one attempt; its errors decide about retries (see retryable).
type handler func(resp *http.Response, requestID string) error

// do runs a call: attempts under the breaker of its endpoint, each bounded by AttemptTimeout, retried per
// RetryPolicy when retryable says so.
func (c *client) do(ctx context.Context, r request, h handler) error {
	id := uuid.NewString()
	ctx = withRequestID(ctx, id)
	retryOK := r.idempotent || r.idemKey != ""
	attempt := func() (struct{}, error) {
		err := c.breaker(r.op).execute(func() error { return c.attempt(ctx, r, id, h) })
		if err == nil {
			return struct{}{}, nil
		}
		if !retryable(err, retryOK) {
			return struct{}{}, backoff.Permanent(err)
		}
		var ge *GatewayError
		if errors.As(err, &ge) && ge.RetryAfter > 0 {
			return struct{}{}, &retryAfter{err: err, RetryAfterError: backoff.RetryAfterError{Duration: ge.RetryAfter}}
		}
		return struct{}{}, err
	}
	p := c.cfg.Retry
	_, err := backoff.Retry(ctx, attempt,
		backoff.WithBackOff(&backoff.ExponentialBackOff{InitialInterval: p.InitialInterval, RandomizationFactor: 0.5,
			Multiplier: 2, MaxInterval: p.MaxInterval}),
		backoff.WithMaxTries(uint(p.MaxAttempts)), backoff.WithMaxElapsedTime(p.MaxElapsed))
	var ra *retryAfter
	if errors.As(err, &ra) {
		err = ra.err
	}
	var nr noRetry
	if errors.As(err, &nr) {
		err = nr.err
	}
	return err
}

// noRetry marks an attempt's error as final whatever its kind (a partial package already written).
type noRetry struct{ err error }

func (n noRetry) Error() string { return n.err.Error() }
func (n noRetry) Unwrap() error { return n.err }

// retryAfter carries the gateway's Retry-After to backoff.Retry while keeping the original error.
type retryAfter struct {
	err error
	backoff.RetryAfterError
}

func (r *retryAfter) Error() string { return r.err.Error() }

func (r *retryAfter) As(target any) bool {
	if t, ok := target.(**backoff.RetryAfterError); ok {
		*t = &r.RetryAfterError
		return true
	}
	return false
}

func (r *retryAfter) Unwrap() error { return r.err }

// retryable says whether an attempt's error may be retried: always when the request certainly did not reach
// the gateway's handler (refused, not written, breaker open), and for idempotent calls also after server
// errors, unreadable answers and dropped connections.
func retryable(err error, idempotent bool) bool {
	var nr noRetry
	if errors.As(err, &nr) {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return idempotent || !te.Sent
	}
	var ge *GatewayError
	if errors.As(err, &ge) {
		if ge.Status == http.StatusTooManyRequests {
			return true
		}
		return idempotent && !ge.Processed
	}
	return false
}

func (c *client) attempt(ctx context.Context, r request, id string, h handler) error {
	if c.cfg.AttemptTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.AttemptTimeout)
		defer cancel()
	}
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteHeaders: func() { sent.Store(true) },
	})
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ae *AuthError
		if errors.As(err, &ae) {
			ae.Op, ae.RequestID = r.op, id
			return ae
		}
		return &TransportError{Op: r.op, RequestID: id, Sent: sent.Load(), Err: err}
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // lets the connection be reused
		resp.Body.Close()
	}()
	if err := statusError(resp, r.op, id); err != nil {
		return err
	}
	return h(resp, id)
}

func (c *client) newRequest(ctx context.Context, r request) (*http.Request, error) {
	u := *c.base
	u.Path = c.base.Path + r.path
	u.RawQuery = r.query.Encode()
	var body io.Reader
	if r.body != nil {
		b, err := r.body()
		if err != nil {
			return nil, err
		}
		body = b
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("lgsp: %s: %w", r.op, err)
	}
	for k, vs := range r.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if r.idemKey != "" {
		req.Header.Set("Idempotency-Key", r.idemKey)
	}
	return req, nil
}

// statusError turns a non-2xx response into a typed error: 401/403 an AuthError, others a GatewayError with a
// body excerpt, the gateway's code where the body is its JSON, and Retry-After.
func statusError(resp *http.Response, op, id string) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, excerptLen))
	code, msg := gatewayCode(body)
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return &AuthError{Op: op, RequestID: id, Status: resp.StatusCode, Code: code, Message: msg}
	}
	ge := &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Code: code, Message: msg, Excerpt: excerpt(body),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		ge.Message = "redirect to " + resp.Header.Get("Location") + " not followed"
		ge.Processed = true
	}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests &&
		resp.StatusCode != http.StatusRequestTimeout {
		ge.Processed = true // the gateway refused this request as it is; sending it again changes nothing
	}
	return ge
}

// parseRetryAfter reads delta-seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// breaker wraps gobreaker for one endpoint.
type breaker struct {
	cb *gobreaker.CircuitBreaker[struct{}]
}

func (c *client) breaker(op string) breaker {
	if c.cfg.Breaker.Disabled {
		return breaker{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cb, ok := c.breakers[op]
	if !ok {
		p := c.cfg.Breaker
		cb = gobreaker.NewCircuitBreaker[struct{}](gobreaker.Settings{
			Name: op, Interval: p.Window, Timeout: p.OpenFor, MaxRequests: 1,
			ReadyToTrip: func(n gobreaker.Counts) bool {
				return n.Requests >= p.MinRequests && float64(n.TotalFailures)/float64(n.Requests) >= p.FailureRatio
			},
			// Only the gateway's health counts: its business refusals and our validation failures do not.
			IsSuccessful: func(err error) bool { return err == nil || !unhealthy(err) },
		})
		c.breakers[op] = cb
	}
	return breaker{cb: cb}
}

func unhealthy(err error) bool {
	var te *TransportError
	var ge *GatewayError
	return errors.As(err, &te) || (errors.As(err, &ge) && !ge.Processed)
}

func (b breaker) execute(f func() error) error {
	if b.cb == nil {
		return f()
	}
	_, err := b.cb.Execute(func() (struct{}, error) { return struct{}{}, f() })
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		return &TransportError{Op: b.cb.Name(), Err: ErrCircuitOpen}
	}
	return err
}
