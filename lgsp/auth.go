package lgsp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Auth adds credentials to one attempt of a request. It is called for every attempt, just before the request is
// sent, so signatures and timestamps are fresh each time; implementations compose (see Chain) the way
// oauth2.TokenSource implementations do.
type Auth interface {
	// Authorize sets the credential headers of req. The request's context bounds any token fetch.
	Authorize(req *http.Request) error
}

// AuthFunc adapts a function to Auth.
type AuthFunc func(req *http.Request) error

// Authorize calls f(req).
func (f AuthFunc) Authorize(req *http.Request) error { return f(req) }

// Chain returns an Auth that applies each of auths in order, e.g. static keys and a bearer token.
func Chain(auths ...Auth) Auth {
	return AuthFunc(func(req *http.Request) error {
		for _, a := range auths {
			if err := a.Authorize(req); err != nil {
				return err
			}
		}
		return nil
	})
}

// Header names of the axis's parameter signature (spec lgsp.md §2.1).
const (
	// VXPHeaderPrefix prefixes every parameter of a vxp call.
	VXPHeaderPrefix = "XroadVnpt-"
	// VXPSignHeaderKey lists the signed parameter names, separated by ";".
	VXPSignHeaderKey = VXPHeaderPrefix + "sign-header-key"
	// VXPSignHeader carries the signed JSON object.
	VXPSignHeader = VXPHeaderPrefix + "sign-header"
	// VXPHashHeader carries the HMAC-SHA256 of VXPSignHeader, lowercase hex.
	VXPHashHeader = VXPHeaderPrefix + "hash-header"
	// vxpVersion and vxpUserAgent are the vendor SDK's values.
	vxpVersion   = "3.0.201608"
	vxpUserAgent = "JAVASDKAgent/1.0.0 XRoad/VPCP"
)

// HMACSignature signs the parameters of a call on the document-exchange axis (profile vxp, spec lgsp.md §2.1):
// it adds the systemid and timestamp parameters, builds the compact JSON object of every parameter named in
// XroadVnpt-sign-header-key, and sends it with its HMAC-SHA256 under the system's secret. Unlike the vendor SDK
// it computes the timestamp and the signature for every attempt and never carries parameters over between calls.
type HMACSignature struct {
	// SystemID is the system id registered at the gateway (XroadVnpt-systemid).
	SystemID string
	// Secret is the secret the gateway shares with the system; it never leaves the process.
	Secret []byte
	// Now returns the signing time; nil means time.Now.
	Now func() time.Time
}

// Authorize signs req.
func (s HMACSignature) Authorize(req *http.Request) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var names []string
	if v := req.Header.Get(VXPSignHeaderKey); v != "" {
		names = strings.Split(v, ";")
	}
	req.Header.Set(VXPHeaderPrefix+"systemid", s.SystemID)
	req.Header.Set(VXPHeaderPrefix+"timestamp", FormatVXPTimestamp(now()))
	names = appendMissing(names, "systemid", "timestamp")
	j, err := signedJSON(req.Header, names)
	if err != nil {
		return err
	}
	req.Header.Set(VXPSignHeaderKey, strings.Join(names, ";"))
	req.Header.Set(VXPSignHeader, j)
	req.Header.Set(VXPHashHeader, SignVXP(s.Secret, j))
	req.Header.Set(VXPHeaderPrefix+"version", vxpVersion)
	req.Header.Set("User-Agent", vxpUserAgent)
	return nil
}

func appendMissing(names []string, more ...string) []string {
	for _, m := range more {
		found := false
		for _, n := range names {
			found = found || n == m
		}
		if !found {
			names = append(names, m)
		}
	}
	return names
}

// signedJSON builds {"XroadVnpt-name":"value",…} over names in order, without spaces.
func signedJSON(h http.Header, names []string) (string, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(VXPHeaderPrefix + n)
		v, err := json.Marshal(h.Get(VXPHeaderPrefix + n))
		if err != nil {
			return "", fmt.Errorf("lgsp: signing parameter %q: %w", n, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String(), nil
}

// SignVXP returns the lowercase hex HMAC-SHA256 of the sign-header string under secret.
func SignVXP(secret []byte, signHeader string) string {
	m := hmac.New(sha256.New, secret)
	io.WriteString(m, signHeader)
	return hex.EncodeToString(m.Sum(nil))
}

// FormatVXPTimestamp formats t the way the vendor SDK does (Java pattern ddMMyyyy'T'HHmmss+SSSS) in Vietnam
// time: day, month, year, T, hours, minutes, seconds, a literal "+" and the milliseconds on four digits.
func FormatVXPTimestamp(t time.Time) string {
	t = t.In(vietnam)
	return fmt.Sprintf("%02d%02d%04dT%02d%02d%02d+%04d", t.Day(), int(t.Month()), t.Year(),
		t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/int(time.Millisecond))
}

// ParseVXPTimestamp reads a timestamp written by FormatVXPTimestamp (Vietnam time).
func ParseVXPTimestamp(s string) (time.Time, error) {
	bad := fmt.Errorf("lgsp: timestamp %q is not ddMMyyyyTHHmmss+SSSS", s)
	if len(s) != 20 || s[8] != 'T' || s[15] != '+' {
		return time.Time{}, bad
	}
	num := func(from, to int) int {
		n := 0
		for _, c := range []byte(s[from:to]) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	d, mo, y, h, mi, sec, ms := num(0, 2), num(2, 4), num(4, 8), num(9, 11), num(11, 13), num(13, 15), num(16, 20)
	if d < 0 || mo < 0 || y < 0 || h < 0 || mi < 0 || sec < 0 || ms < 0 || ms > 999 {
		return time.Time{}, bad
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ms*int(time.Millisecond), vietnam)
	if t.Day() != d || int(t.Month()) != mo || t.Year() != y || t.Hour() != h || t.Minute() != mi || t.Second() != sec {
		return time.Time{}, bad
	}
	return t, nil
}

// vietnam is ICT (UTC+7); a *time.Location is immutable.
var vietnam = time.FixedZone("ICT", 7*3600)

// Bearer sends "Authorization: Bearer <token>" with tokens from Source. A failure to obtain a token is an
// *AuthError.
type Bearer struct {
	// Source gives the tokens; wrap it in oauth2.ReuseTokenSourceWithExpiry to cache and refresh early.
	Source oauth2.TokenSource
}

// Authorize sets the Authorization header.
func (b Bearer) Authorize(req *http.Request) error {
	tok, err := b.Source.Token()
	if err != nil {
		return tokenError(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return nil
}

func tokenError(err error) error {
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae
	}
	return &AuthError{Op: "token", Err: err}
}

// DefaultEarlyRefresh is how long before its expiry a cached token is refreshed.
const DefaultEarlyRefresh = time.Minute

// ClientCredentials returns a token source for an OAuth2 client-credentials endpoint such as the WSO2 API
// manager of NGSP/NDXP (spec lgsp.md §2.3: consumer key and secret, grant_type=client_credentials). Tokens are
// cached and refreshed early (DefaultEarlyRefresh when early is 0), one refresh at a time under concurrency. ctx
// is kept for token fetches, and hc (nil: http.DefaultClient) sends them.
func ClientCredentials(ctx context.Context, cfg *clientcredentials.Config, hc *http.Client, early time.Duration) oauth2.TokenSource {
	if hc != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	}
	fetch := tokenFunc(func() (*oauth2.Token, error) { return cfg.Token(ctx) })
	return reuse(fetch, early)
}

func reuse(src oauth2.TokenSource, early time.Duration) oauth2.TokenSource {
	if early == 0 {
		early = DefaultEarlyRefresh
	}
	return oauth2.ReuseTokenSourceWithExpiry(nil, src, early)
}

type tokenFunc func() (*oauth2.Token, error)

func (f tokenFunc) Token() (*oauth2.Token, error) { return f() }

// LGSPCredentials are the VNPT-style LGSP credentials (spec lgsp.md §2.3), sent base64-encoded as JSON in the
// lgspaccesstoken header.
type LGSPCredentials struct {
	// TokenURL is the token endpoint.
	TokenURL string
	// AccessKey is the consumer's access key.
	AccessKey string
	// SecretKey is the consumer's secret key.
	SecretKey string
	// AppName is the application's name.
	AppName string
	// PartnerCode is the partner's code.
	PartnerCode string
	// PartnerCodeCus is the customer partner code.
	PartnerCodeCus string
}

// HeaderValue returns the lgspaccesstoken value: base64 of {"AccessKey","SecretKey","AppName","PartnerCode",
// "PartnerCodeCus"}.
func (c LGSPCredentials) HeaderValue() string {
	b, _ := json.Marshal(struct {
		AccessKey, SecretKey, AppName, PartnerCode, PartnerCodeCus string
	}{c.AccessKey, c.SecretKey, c.AppName, c.PartnerCode, c.PartnerCodeCus})
	return base64.StdEncoding.EncodeToString(b)
}

// LGSPToken authenticates the VNPT-LGSP way: every call carries the lgspaccesstoken header and a bearer token
// obtained from TokenURL with that header and grant_type=client_credentials.
type LGSPToken struct {
	// Credentials are the keys.
	Credentials LGSPCredentials
	// Source gives the bearer tokens; see NewLGSPToken.
	Source oauth2.TokenSource
}

// NewLGSPToken returns an LGSPToken whose tokens are fetched with hc (nil: http.DefaultClient) under ctx, cached
// and refreshed early.
func NewLGSPToken(ctx context.Context, c LGSPCredentials, hc *http.Client, early time.Duration) LGSPToken {
	if hc == nil {
		hc = http.DefaultClient
	}
	fetch := tokenFunc(func() (*oauth2.Token, error) {
		form := url.Values{"grant_type": {"client_credentials"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("lgspaccesstoken", c.HeaderValue())
		return fetchToken(hc, req)
	})
	return LGSPToken{Credentials: c, Source: reuse(fetch, early)}
}

// Authorize sets lgspaccesstoken and Authorization.
func (l LGSPToken) Authorize(req *http.Request) error {
	req.Header.Set("lgspaccesstoken", l.Credentials.HeaderValue())
	return Bearer{Source: l.Source}.Authorize(req)
}

// maxTokenResponse bounds a token endpoint's answer.
const maxTokenResponse = 64 << 10

// fetchToken sends req and reads {"access_token","expires_in"} or the ltvb login shape {"data":{"token"}}.
func fetchToken(hc *http.Client, req *http.Request) (*oauth2.Token, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &AuthError{Op: "token", Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenResponse))
	if err != nil {
		return nil, &AuthError{Op: "token", Status: resp.StatusCode, Err: err}
	}
	var t struct {
		AccessToken string      `json:"access_token"`
		ExpiresIn   json.Number `json:"expires_in"`
		Data        struct{ Token string }
		Message     string          `json:"message"`
		Code        json.RawMessage `json:"code"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &t) != nil {
		return nil, &AuthError{Op: "token", Status: resp.StatusCode, Message: "token endpoint refused the credentials"}
	}
	tok := &oauth2.Token{AccessToken: t.AccessToken, TokenType: "Bearer"}
	if tok.AccessToken == "" {
		tok.AccessToken = t.Data.Token
	}
	if tok.AccessToken == "" {
		return nil, &AuthError{Op: "token", Status: resp.StatusCode, Message: "token endpoint answered no token"}
	}
	if n, err := t.ExpiresIn.Int64(); err == nil && n > 0 {
		tok.Expiry = time.Now().Add(time.Duration(n) * time.Second)
	}
	return tok, nil
}

// LoginCredentials are the user credentials of a provincial REST gateway (profile ltvb, spec lgsp.md §2.2).
type LoginCredentials struct {
	// LoginURL is the login endpoint, e.g. https://host/v1/auth/login?allow_anonymous=true.
	LoginURL string
	// Username is the account's name.
	Username string
	// Password is the account's password.
	Password string
	// ApplicationCode is the application's code.
	ApplicationCode string
	// Lifetime is how long a token lives; 0 means 30 minutes (the gateway does not say).
	Lifetime time.Duration
}

// LoginTokenSource returns a cached token source that logs in with c (spec lgsp.md §2.2) using hc (nil:
// http.DefaultClient) under ctx.
func LoginTokenSource(ctx context.Context, c LoginCredentials, hc *http.Client, early time.Duration) oauth2.TokenSource {
	if hc == nil {
		hc = http.DefaultClient
	}
	life := c.Lifetime
	if life == 0 {
		life = 30 * time.Minute
	}
	fetch := tokenFunc(func() (*oauth2.Token, error) {
		body, _ := json.Marshal(map[string]any{"username": c.Username, "password": c.Password,
			"applicationCode": c.ApplicationCode, "otp": nil, "twoFactorProvider": nil, "typeObjs": []int{0, 1}})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.LoginURL, strings.NewReader(string(body)))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		tok, err := fetchToken(hc, req)
		if err == nil && tok.Expiry.IsZero() {
			tok.Expiry = start.Add(life)
		}
		return tok, err
	})
	return reuse(fetch, early)
}

// StaticKeys sends the X-SystemId and X-SecretKey headers of a provincial REST gateway (spec lgsp.md §2.2);
// chain it with a Bearer of LoginTokenSource.
type StaticKeys struct {
	// SystemID is the X-SystemId value.
	SystemID string
	// SecretKey is the X-SecretKey value.
	SecretKey string
}

// Authorize sets the two headers.
func (k StaticKeys) Authorize(req *http.Request) error {
	req.Header.Set("X-SystemId", k.SystemID)
	req.Header.Set("X-SecretKey", k.SecretKey)
	return nil
}

// MutualTLS returns a transport that presents the client certificate of cfg (mutual TLS between the
// information system and its security server or gateway). mTLS is a property of the connection, so it lives in
// Config.Transport rather than in Auth; it composes with any Auth. It is NewTransport(cfg).
func MutualTLS(cfg *tls.Config) *http.Transport { return NewTransport(cfg) }
