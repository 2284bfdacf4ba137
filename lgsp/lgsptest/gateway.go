package lgsptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// System is a system registered at the gateway: its id, the secret it signs with, and the agency it speaks for.
type System struct {
	ID      string `json:"system_id"`
	Secret  string `json:"secret"`
	OrganID string `json:"organ_id"`
	Name    string `json:"name"`
}

// DemoSystems are the systems registered when Options.Systems is empty: two agencies that can exchange with each
// other (the secrets are public; they exist for demonstrations only).
func DemoSystems() []System {
	return []System{
		{ID: "demo-a", Secret: "demo-secret-a", OrganID: "000.00.00.G22", Name: "Văn phòng Chính phủ (demo)"},
		{ID: "demo-b", Secret: "demo-secret-b", OrganID: "000.00.00.H41", Name: "Bộ Nội vụ (demo)"},
	}
}

// Options configures a stand-in gateway. The zero value registers DemoSystems and injects no fault.
type Options struct {
	// Systems are the registered systems; empty means DemoSystems.
	Systems []System
	// Skew is the largest accepted difference between a signed timestamp and the gateway's clock; 0 means 15
	// minutes.
	Skew time.Duration
	// Faults are injected into axis operations (not into token endpoints).
	Faults Faults
	// DataDir, when set, keeps the store in this directory across restarts.
	DataDir string
	// MaxPackageBytes bounds a received package; 0 means 1 GiB.
	MaxPackageBytes int64
	// TokenLifetime is the lifetime of issued tokens; 0 means one hour.
	TokenLifetime time.Duration
	// Now returns the gateway's time; nil means time.Now.
	Now func() time.Time
	// Citizens are the population service's fixtures; empty means DemoCitizens.
	Citizens []Citizen
}

// Faults describes the faults a gateway injects. Each axis request draws one fault with probability Rate, among
// Kinds (all kinds when empty).
type Faults struct {
	// Rate is the probability of a fault per request, 0 to 1.
	Rate float64
	// Kinds are the faults drawn; empty means AllFaults.
	Kinds []Fault
	// Latency is added to every axis request.
	Latency time.Duration
	// RetryAfter is the Retry-After of 429 answers, rounded down to seconds (0 sends "0").
	RetryAfter time.Duration
	// Seed makes the draw reproducible; 0 means 1.
	Seed uint64
}

// Fault is a kind of injected fault.
type Fault string

// Faults a gateway can inject. The "after" faults let the request be carried out (a package is stored, a status
// set) and then spoil the answer: these are the faults that make a naive client send a package twice.
const (
	FaultTooMany        Fault = "429"             // 429 Too Many Requests with Retry-After, request not handled
	FaultUnavailable    Fault = "503"             // 503 HTML page of the API manager, request not handled
	FaultDrop           Fault = "drop"            // connection closed before the request is handled
	FaultAfterError     Fault = "after-500"       // request handled, then 500 with a JSON error
	FaultAfterDrop      Fault = "after-drop"      // request handled, then the connection is closed
	FaultAfterMalformed Fault = "after-malformed" // request handled, then a truncated JSON answer
)

// AllFaults lists every fault kind.
func AllFaults() []Fault {
	return []Fault{FaultTooMany, FaultUnavailable, FaultDrop, FaultAfterError, FaultAfterDrop, FaultAfterMalformed}
}

// ParseFaults reads a comma-separated list of fault kinds.
func ParseFaults(s string) ([]Fault, error) {
	var out []Fault
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		ok := false
		for _, k := range AllFaults() {
			ok = ok || Fault(f) == k
		}
		if !ok {
			return nil, fmt.Errorf("lgsptest: unknown fault %q", f)
		}
		out = append(out, Fault(f))
	}
	return out, nil
}

// Record is one entry of the request log.
type Record struct {
	Time      time.Time `json:"time"`
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	SystemID  string    `json:"system_id,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	Fault     Fault     `json:"fault,omitempty"`
	Status    int       `json:"status"`
}

// maxRecords bounds the request log.
const maxRecords = 100000

// Gateway is an in-process stand-in for a document-exchange gateway. It speaks the vxp profile at its root, the
// ltvb profile under /v1/, and issues OAuth2 tokens at /token. It is an http.Handler; NewGateway also serves it.
type Gateway struct {
	// URL is the base URL of the server started by NewGateway, "" for a gateway from New.
	URL string

	opts     Options
	srv      *httptest.Server
	systems  map[string]System // by id
	organs   map[string]string // organ id → name
	store    *store
	tokens   *tokens
	national *national

	idemMu sync.Mutex
	idem   map[string]string // system and Idempotency-Key → document id

	mu       sync.Mutex
	rng      *rand.Rand
	log      []Record
	agencies []agencyEntry
}

type agencyEntry struct {
	ID, ParentCode, Code, Name, Mail string
}

// New returns a gateway handler for opts, with no server (see NewGateway; `egov lgsp sandbox` serves one).
func New(opts Options) (*Gateway, error) {
	if len(opts.Systems) == 0 {
		opts.Systems = DemoSystems()
	}
	if opts.Skew <= 0 {
		opts.Skew = 15 * time.Minute
	}
	if opts.MaxPackageBytes <= 0 {
		opts.MaxPackageBytes = 1 << 30
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	seed := opts.Faults.Seed
	if seed == 0 {
		seed = 1
	}
	st, err := openStore(opts.DataDir)
	if err != nil {
		return nil, err
	}
	g := &Gateway{opts: opts, systems: map[string]System{}, organs: map[string]string{}, store: st,
		tokens: newTokens(), national: newNational(), idem: map[string]string{}, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for _, s := range opts.Systems {
		if s.ID == "" || s.Secret == "" || s.OrganID == "" {
			return nil, fmt.Errorf("lgsptest: system %q needs system_id, secret and organ_id", s.ID)
		}
		g.systems[s.ID] = s
		g.organs[s.OrganID] = s.Name
	}
	return g, nil
}

// NewGateway starts a stand-in gateway on 127.0.0.1 for the test t, closed when the test ends, like
// httptest.NewServer.
func NewGateway(t testing.TB, opts Options) *Gateway {
	t.Helper()
	g, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	g.srv = httptest.NewServer(g)
	g.URL = g.srv.URL
	t.Cleanup(g.Close)
	return g
}

// Close stops the server started by NewGateway and closes its connections.
func (g *Gateway) Close() {
	if g.srv != nil {
		g.srv.CloseClientConnections()
		g.srv.Close()
	}
}

// Requests returns a copy of the request log.
func (g *Gateway) Requests() []Record {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Record(nil), g.log...)
}

// Stored returns how many packages the gateway holds for the organ id to (all packages when to is "").
func (g *Gateway) Stored(to string) int {
	return len(g.store.filter(func(d *document) bool { return to == "" || contains(d.To, to) }))
}

// Content returns the stored bytes of the package id.
func (g *Gateway) Content(id string) ([]byte, bool) {
	d := g.store.view(id)
	if d == nil {
		return nil, false
	}
	b, err := g.store.content(d)
	return b, err == nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (g *Gateway) record(r Record) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.log) >= maxRecords {
		g.log = g.log[1:]
	}
	g.log = append(g.log, r)
}

// draw picks the fault of one request, "" for none.
func (g *Gateway) draw() Fault {
	f := g.opts.Faults
	if f.Rate <= 0 {
		return ""
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.rng.Float64() >= f.Rate {
		return ""
	}
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = AllFaults()
	}
	return kinds[g.rng.IntN(len(kinds))]
}

// ServeHTTP routes a request to its profile.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/token":
		g.serveToken(w, r)
	case r.URL.Path == "/v1/auth/login":
		g.serveLogin(w, r)
	case strings.HasPrefix(r.URL.Path, "/soap/"):
		g.withFaults(w, r, g.servePopulation)
	case strings.HasPrefix(r.URL.Path, "/portal/"):
		g.withFaults(w, r, g.servePortal)
	case strings.HasPrefix(r.URL.Path, "/apiCSDLDKDN/"):
		g.withFaults(w, r, g.serveEnterprise)
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		g.withFaults(w, r, g.serveLTVB)
	default:
		g.withFaults(w, r, g.serveVXP)
	}
}

// withFaults applies latency and the drawn fault around handler.
func (g *Gateway) withFaults(w http.ResponseWriter, r *http.Request, handler func(http.ResponseWriter, *http.Request) string) {
	if d := g.opts.Faults.Latency; d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	fault := g.draw()
	rec := Record{Time: g.opts.Now(), Method: r.Method, Path: r.URL.Path, RequestID: r.Header.Get("X-Request-Id"), Fault: fault}
	// A dropped connection is recorded before it is closed: the client sees the drop at once and may ask the
	// request log right away (the log must not lag behind what the client observed).
	recorded := false
	defer func() {
		if !recorded {
			g.record(rec)
		}
	}()
	recordAndDrop := func() {
		g.record(rec)
		recorded = true
		drop(w)
	}
	switch fault {
	case FaultTooMany:
		w.Header().Set("Retry-After", strconv.Itoa(int(g.opts.Faults.RetryAfter/time.Second)))
		writeJSON(w, http.StatusTooManyRequests, map[string]string{"status": "FAIL", "ErrorCode": "429", "ErrorDesc": "too many requests"})
		rec.Status = http.StatusTooManyRequests
		return
	case FaultUnavailable:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "<html><body><h1>503 Service Unavailable</h1>API Manager</body></html>")
		rec.Status = http.StatusServiceUnavailable
		return
	case FaultDrop:
		recordAndDrop()
		return
	case "":
		rw := &statusWriter{ResponseWriter: w}
		rec.SystemID = handler(rw, r)
		rec.Status = rw.status
		return
	}
	buf := &bufferedWriter{header: http.Header{}}
	rec.SystemID = handler(buf, r)
	switch fault {
	case FaultAfterError:
		writeJSON(w, http.StatusInternalServerError, map[string]string{"status": "FAIL", "ErrorCode": "500", "ErrorDesc": "internal error"})
		rec.Status = http.StatusInternalServerError
	case FaultAfterDrop:
		recordAndDrop()
	case FaultAfterMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		b := buf.body.Bytes()
		w.Write(b[:len(b)/2])
		rec.Status = http.StatusOK
	}
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// bufferedWriter captures an answer that a fault then replaces.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ict is Vietnam time.
var ict = time.FixedZone("ICT", 7*3600)
