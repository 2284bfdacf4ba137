package lgsptest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// tokens are the bearer tokens the gateway issued, by value.
type tokens struct {
	mu     sync.Mutex
	issued map[string]issued
}

type issued struct {
	system  string
	expires time.Time
}

func newTokens() *tokens { return &tokens{issued: map[string]issued{}} }

func (t *tokens) issue(system string, expires time.Time) string {
	var b [24]byte
	rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	t.issued[tok] = issued{system: system, expires: expires}
	return tok
}

// check returns the system of a valid token, "" otherwise.
func (t *tokens) check(tok string, now time.Time) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.issued[tok]
	if !ok || now.After(i.expires) {
		return ""
	}
	return i.system
}

func (g *Gateway) secretMatches(id, secret string) bool {
	s, ok := g.systems[id]
	return ok && subtle.ConstantTimeCompare([]byte(s.Secret), []byte(secret)) == 1
}

// serveToken is an OAuth2 client-credentials endpoint (RFC 6749 §4.4) in the WSO2 manner: the client is a
// registered system, its id and secret given by HTTP Basic or in the form; or the VNPT-LGSP variant, whose
// lgspaccesstoken header carries base64 JSON {"AccessKey","SecretKey",…} (spec lgsp.md §2.3).
func (g *Gateway) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if h := r.Header.Get("lgspaccesstoken"); h != "" {
		var c struct{ AccessKey, SecretKey string }
		if b, err := base64.StdEncoding.DecodeString(h); err == nil && json.Unmarshal(b, &c) == nil {
			id, secret = c.AccessKey, c.SecretKey
		}
	}
	if !g.secretMatches(id, secret) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	life := g.opts.TokenLifetime
	tok := g.tokens.issue(id, g.opts.Now().Add(life))
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(life / time.Second)})
}

// serveLogin is the ltvb login (spec lgsp.md §2.2): username is a system id, password its secret.
func (g *Gateway) serveLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username, Password, ApplicationCode string
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if r.Method != http.MethodPost || json.Unmarshal(b, &in) != nil || !g.secretMatches(in.Username, in.Password) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Sai tên đăng nhập hoặc mật khẩu"})
		return
	}
	tok := g.tokens.issue(in.Username, g.opts.Now().Add(g.opts.TokenLifetime))
	s := g.systems[in.Username]
	writeJSON(w, http.StatusOK, map[string]any{"code": 200, "message": "OK",
		"data": map[string]string{"token": tok, "id": s.ID, "username": s.ID, "name": s.Name}})
}

// bearerSystem returns the system of the request's bearer token, "" when absent or invalid.
func (g *Gateway) bearerSystem(r *http.Request) string {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	return g.tokens.check(tok, g.opts.Now())
}
