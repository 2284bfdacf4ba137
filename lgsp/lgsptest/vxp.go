package lgsptest

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/edoc"
)

// The vxp profile, written from spec lgsp.md §2.1 (not from the lgsp client): parameters are XroadVnpt-*
// headers, the request is signed by an HMAC-SHA256 of the XroadVnpt-sign-header JSON under the system's secret.

const prefix = "XroadVnpt-"

// failure is a refusal in the gateway's format.
type failure struct {
	status int
	code   string
	desc   string
}

func (f *failure) Error() string { return f.code + " " + f.desc }

func fail(status int, code, format string, args ...any) *failure {
	return &failure{status: status, code: code, desc: fmt.Sprintf(format, args...)}
}

// Error codes of the stand-in; 10–23 follow the provincial gateway's table (spec lgsp.md §2.2).
const (
	codeAuth        = "15"
	codeInvalidFile = "10"
	codeNoReceiver  = "18"
	codeFormat      = "22"
	codeNotFound    = "404"
	codeBadParam    = "400"
)

// verifySignature checks the header signature of a vxp request and returns the signing system.
func (g *Gateway) verifySignature(r *http.Request) (System, *failure) {
	keyList := r.Header.Get(prefix + "sign-header-key")
	signed := r.Header.Get(prefix + "sign-header")
	mac := r.Header.Get(prefix + "hash-header")
	if keyList == "" || signed == "" || mac == "" {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "missing signature headers")
	}
	var members map[string]any
	if err := json.Unmarshal([]byte(signed), &members); err != nil {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "sign-header is not a JSON object")
	}
	names := strings.Split(keyList, ";")
	for _, n := range names {
		v, ok := members[prefix+n].(string)
		if !ok || v != r.Header.Get(prefix+n) {
			return System{}, fail(http.StatusUnauthorized, codeAuth, "signed parameter %q differs from its header", n)
		}
	}
	if !slices.Contains(names, "systemid") || !slices.Contains(names, "timestamp") {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "systemid and timestamp must be signed")
	}
	sys, ok := g.systems[r.Header.Get(prefix+"systemid")]
	if !ok {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "unknown system")
	}
	h := hmac.New(sha256.New, []byte(sys.Secret))
	h.Write([]byte(signed))
	want := h.Sum(nil)
	got, err := hex.DecodeString(strings.ToLower(mac))
	if err != nil || !hmac.Equal(got, want) {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "signature does not match")
	}
	ts, err := parseSDKTimestamp(r.Header.Get(prefix + "timestamp"))
	if err != nil {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "%v", err)
	}
	if d := g.opts.Now().Sub(ts); d > g.opts.Skew || d < -g.opts.Skew {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "timestamp outside the accepted skew")
	}
	return sys, nil
}

// parseSDKTimestamp reads Java's ddMMyyyy'T'HHmmss+SSSS in Vietnam time.
func parseSDKTimestamp(s string) (time.Time, error) {
	date, ms, ok := strings.Cut(s, "+")
	if !ok || len(ms) != 4 {
		return time.Time{}, fmt.Errorf("timestamp %q is not ddMMyyyyTHHmmss+SSSS", s)
	}
	t, err := time.ParseInLocation("02012006T150405", date, ict)
	n, err2 := strconv.Atoi(ms)
	if err != nil || err2 != nil || n > 999 {
		return time.Time{}, fmt.Errorf("timestamp %q is not ddMMyyyyTHHmmss+SSSS", s)
	}
	return t.Add(time.Duration(n) * time.Millisecond), nil
}

// sameDigest accepts hash-file as lowercase hex or in the SDK's form without leading zeros per byte.
func sameDigest(param string, sum []byte) bool {
	param = strings.ToLower(param)
	if param == hex.EncodeToString(sum) {
		return true
	}
	var b strings.Builder
	for _, c := range sum {
		b.WriteString(strconv.FormatUint(uint64(c), 16))
	}
	return param == b.String()
}

func (g *Gateway) serveVXP(w http.ResponseWriter, r *http.Request) string {
	op := strings.TrimPrefix(r.URL.Path, "/")
	sys, f := g.verifySignature(r)
	if f != nil {
		vxpFail(w, f)
		return ""
	}
	p := func(name string) string { return r.Header.Get(prefix + name) }
	var err *failure
	switch op {
	case "sendEdoc":
		err = g.vxpSend(w, r, sys, p)
	case "getReceivedEdocList":
		err = g.vxpReceived(w, sys, p)
	case "getSentEdocList":
		err = g.vxpSent(w, sys, p)
	case "getEdoc":
		err = g.vxpGet(w, sys, p("docId"))
	case "updateStatus":
		err = g.updateStatus(sys, p("docId"), p("status"))
		if err == nil {
			vxpOK(w, nil)
		}
	case "getAgenciesList", "getAgenciesListQD20":
		vxpOK(w, map[string]any{"data": g.agencyList()})
	case "registerAgency":
		err = g.registerAgency(r)
		if err == nil {
			vxpOK(w, nil)
		}
	default:
		err = fail(http.StatusNotFound, codeNotFound, "unknown operation %q", op)
	}
	if err != nil {
		vxpFail(w, err)
	}
	return sys.ID
}

func vxpFail(w http.ResponseWriter, f *failure) {
	writeJSON(w, f.status, map[string]string{"status": "FAIL", "ErrorCode": f.code, "ErrorDesc": f.desc})
}

func vxpOK(w http.ResponseWriter, extra map[string]any) {
	m := map[string]any{"status": "OK", "ErrorCode": "0", "ErrorDesc": ""}
	for k, v := range extra {
		m[k] = v
	}
	writeJSON(w, http.StatusOK, m)
}

func (g *Gateway) vxpSend(w http.ResponseWriter, r *http.Request, sys System, p func(string) string) *failure {
	var to []string
	if err := json.Unmarshal([]byte(p("to")), &to); err != nil || len(to) == 0 {
		return fail(http.StatusOK, codeBadParam, "to is not a JSON array of organ ids")
	}
	content, ferr := g.readPart(r, "file_doc")
	if ferr != nil {
		return ferr
	}
	sum := sha256.Sum256(content)
	if !sameDigest(p("hash-file"), sum[:]) {
		return fail(http.StatusOK, codeInvalidFile, "hash-file does not match the file")
	}
	id, ferr := g.accept(sys, to, content, hex.EncodeToString(sum[:]), p("servicetype"), p("messagetype"), r.Header.Get("Idempotency-Key"))
	if ferr != nil {
		return ferr
	}
	vxpOK(w, map[string]any{"DocId": id})
	return nil
}

// readPart reads the file part named field of a multipart body. The vendor SDK signs Content-Type as
// application/octet-stream while the body is multipart; when the real header is not multipart either, the
// boundary is taken from the body's first line.
func (g *Gateway) readPart(r *http.Request, field string) ([]byte, *failure) {
	body := bufio.NewReader(io.LimitReader(r.Body, g.opts.MaxPackageBytes+1<<20))
	boundary := ""
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && strings.HasPrefix(mt, "multipart/") {
		boundary = params["boundary"]
	} else if first, err := body.Peek(72); err == nil || len(first) > 2 {
		line, _, _ := bytes.Cut(first, []byte("\r\n"))
		if b, ok := bytes.CutPrefix(line, []byte("--")); ok {
			boundary = string(b)
		}
	}
	if boundary == "" {
		return nil, fail(http.StatusOK, codeInvalidFile, "the body is not multipart/form-data")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, fail(http.StatusOK, codeInvalidFile, "no part named %s", field)
		}
		if err != nil {
			return nil, fail(http.StatusOK, codeInvalidFile, "unreadable multipart body: %v", err)
		}
		if part.FormName() != field {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, g.opts.MaxPackageBytes+1))
		if err != nil {
			return nil, fail(http.StatusOK, codeInvalidFile, "unreadable file part: %v", err)
		}
		if int64(len(b)) > g.opts.MaxPackageBytes {
			return nil, fail(http.StatusOK, codeInvalidFile, "file larger than %d bytes", g.opts.MaxPackageBytes)
		}
		return b, nil
	}
}

// accept stores a package from sys for the organ ids to.
// A request with an Idempotency-Key already seen from the same system gets the first request's id without being
// stored again (an extension of the stand-in; see lgsp.SendOptions.IdempotencyKey).
func (g *Gateway) accept(sys System, to []string, content []byte, hash, serviceType, messageType, idemKey string) (string, *failure) {
	if idemKey != "" {
		g.idemMu.Lock()
		defer g.idemMu.Unlock()
		if id, ok := g.idem[sys.ID+"\x00"+idemKey]; ok {
			return id, nil
		}
	}
	for _, o := range to {
		if !g.knownOrgan(o) {
			return "", fail(http.StatusOK, codeNoReceiver, "receiving unit %s does not exist", o)
		}
	}
	d := &document{FromSystem: sys.ID, FromOrgan: sys.OrganID, To: to, ServiceType: serviceType, MessageType: messageType,
		Hash: hash, Size: int64(len(content)), content: content}
	rd, err := edoc.NewReader(bytes.NewReader(content), edoc.ReaderOptions{})
	if err != nil {
		return "", fail(http.StatusOK, codeFormat, "edXML format not conformant: %v", err)
	}
	if rd.Kind() == edoc.KindStatus {
		st := rd.Status()
		d.DocumentID, d.Notation = st.ResponseFor.DocumentID, st.ResponseFor.Code
		d.Title = "status " + st.Code.Code()
		if d.MessageType == "" {
			d.MessageType = "status"
		}
	} else {
		h := rd.Package().Header
		d.DocumentID, d.Notation, d.Title = h.DocumentID, h.Code.String(), h.Subject
	}
	if d.ServiceType == "" {
		d.ServiceType = "eDoc"
	}
	if d.MessageType == "" {
		d.MessageType = "edoc"
	}
	id, serr := g.store.add(d, g.opts.Now())
	if serr != nil {
		return "", fail(http.StatusInternalServerError, "20", "LGSP system error: %v", serr)
	}
	if idemKey != "" {
		g.idem[sys.ID+"\x00"+idemKey] = id
	}
	return id, nil
}

func (g *Gateway) knownOrgan(o string) bool {
	if _, ok := g.organs[o]; ok {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, a := range g.agencies {
		if a.Code == o {
			return true
		}
	}
	return false
}

// listQuery is a list call's filters.
type listQuery struct {
	serviceType, messageType, from, status string
	fromDate, toDate                       time.Time
	size, index                            int
}

func parseListQuery(get func(string) string) listQuery {
	q := listQuery{serviceType: get("servicetype"), messageType: get("messagetype"), from: get("from"), status: get("status")}
	if q.serviceType == "" {
		q.serviceType = get("serviceType")
	}
	if q.messageType == "" {
		q.messageType = get("messageType")
	}
	q.fromDate, _ = time.ParseInLocation("2006/01/02", get("fromDate"), ict)
	if t, err := time.ParseInLocation("2006/01/02", get("toDate"), ict); err == nil {
		q.toDate = t.AddDate(0, 0, 1)
	}
	q.size, _ = strconv.Atoi(get("pageSize"))
	q.index, _ = strconv.Atoi(get("pageIndex"))
	if q.size <= 0 {
		q.size = 1 << 30
	}
	if q.index <= 0 {
		q.index = 1
	}
	return q
}

func (q listQuery) keep(d *document) bool {
	return (q.serviceType == "" || strings.EqualFold(q.serviceType, d.ServiceType)) &&
		(q.messageType == "" || q.messageType == d.MessageType) &&
		(q.from == "" || q.from == d.FromOrgan) &&
		(q.fromDate.IsZero() || !d.Created.Before(q.fromDate)) &&
		(q.toDate.IsZero() || d.Created.Before(q.toDate))
}

// pager keeps the items of one page while a list is walked.
type pager[T any] struct {
	q     listQuery
	n     int
	items []T
}

// add offers the next item (built by item only when it is on the page) and reports whether to go on.
func (p *pager[T]) add(item func() T) bool {
	start := (p.q.index - 1) * p.q.size
	if p.n >= start {
		p.items = append(p.items, item())
	}
	p.n++
	return p.n < start+p.q.size
}

const timeLayout = "2006-01-02 15:04:05"

// receivedItem is one entry of getReceivedEdocList (spec lgsp.md §2.1).
type receivedItem struct {
	DocID       string `json:"docId"`
	ServiceType string `json:"serviceType"`
	MessageType string `json:"messageType"`
	Created     string `json:"created_time"`
	Updated     string `json:"updated_time"`
	From        string `json:"from"`
	To          string `json:"to"`
	Status      string `json:"status"`
	StatusDesc  string `json:"status_desc"`
}

func (g *Gateway) receivedItems(sys System, q listQuery) []receivedItem {
	pg := &pager[receivedItem]{q: q, items: []receivedItem{}}
	g.store.each(false, func(d *document) bool {
		dv := d.Delivery[sys.OrganID]
		if dv == nil || !q.keep(d) || (q.status != "" && dv.Status != q.status) {
			return true
		}
		return pg.add(func() receivedItem {
			return receivedItem{DocID: d.ID, ServiceType: d.ServiceType, MessageType: d.MessageType,
				Created: d.Created.In(ict).Format(timeLayout), Updated: dv.Updated.In(ict).Format(timeLayout),
				From: d.FromOrgan, To: sys.OrganID, Status: dv.Status, StatusDesc: dv.Status}
		})
	})
	return pg.items
}

func (g *Gateway) vxpReceived(w http.ResponseWriter, sys System, p func(string) string) *failure {
	vxpOK(w, map[string]any{"data": g.receivedItems(sys, parseListQuery(p))})
	return nil
}

// sentItem is one entry of getSentEdocList (spec lgsp.md §2.1). HashFile and DocumentID are this stand-in's
// extension, which lets a client recognise its package after an ambiguous failure.
type sentItem struct {
	SenderDocID       string `json:"senderDocId"`
	ReceiverDocID     string `json:"receiverDocId"`
	FromCode          string `json:"fromCode"`
	ToCode            string `json:"toCode"`
	Title             string `json:"title"`
	Notation          string `json:"notation"`
	ServiceType       string `json:"serviceType"`
	MessageType       string `json:"messageType"`
	SentTime          string `json:"sentTime"`
	ReceivedTime      string `json:"receivedTime"`
	SendStatus        string `json:"sendStatus"`
	SendStatusDesc    string `json:"sendStatusDesc"`
	ReceiveStatus     string `json:"receiveStatus"`
	ReceiveStatusDesc string `json:"receiveStatusDesc"`
	HashFile          string `json:"hashFile"`
	DocumentID        string `json:"documentId"`
}

// sentItems lists a page of what sys sent, newest first, one entry per recipient.
func (g *Gateway) sentItems(sys System, q listQuery) []sentItem {
	pg := &pager[sentItem]{q: q, items: []sentItem{}}
	g.store.each(true, func(d *document) bool {
		if d.FromSystem != sys.ID || !q.keep(d) {
			return true
		}
		for _, to := range d.To {
			dv := d.Delivery[to]
			more := pg.add(func() sentItem {
				return sentItem{SenderDocID: d.ID, ReceiverDocID: d.ID, FromCode: d.FromOrgan, ToCode: to, Title: d.Title,
					Notation: d.Notation, ServiceType: d.ServiceType, MessageType: d.MessageType,
					SentTime: d.Created.In(ict).Format(timeLayout), ReceivedTime: dv.Updated.In(ict).Format(timeLayout),
					SendStatus: "1", SendStatusDesc: "sent", ReceiveStatus: dv.Status, ReceiveStatusDesc: dv.Status,
					HashFile: d.Hash, DocumentID: d.DocumentID}
			})
			if !more {
				return false
			}
		}
		return true
	})
	return pg.items
}

func (g *Gateway) vxpSent(w http.ResponseWriter, sys System, p func(string) string) *failure {
	vxpOK(w, map[string]any{"data": g.sentItems(sys, parseListQuery(p))})
	return nil
}

// readable returns the document id if sys sent or received it.
func (g *Gateway) readable(sys System, id string) (*document, []byte, *failure) {
	d := g.store.view(id)
	if d == nil || (d.FromSystem != sys.ID && d.Delivery[sys.OrganID] == nil) {
		return nil, nil, fail(http.StatusOK, codeNotFound, "document %s not found", id)
	}
	b, err := g.store.content(d)
	if err != nil {
		return nil, nil, fail(http.StatusInternalServerError, "20", "LGSP system error: %v", err)
	}
	return d, b, nil
}

func (g *Gateway) vxpGet(w http.ResponseWriter, sys System, id string) *failure {
	_, content, f := g.readable(sys, id)
	if f != nil {
		return f
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{"status":"OK","ErrorCode":"0","ErrorDesc":"","data":"`)
	enc := base64.NewEncoder(base64.StdEncoding, w)
	enc.Write(content)
	enc.Close()
	io.WriteString(w, `"}`)
	return nil
}

var deliveryStatuses = []string{"inbox", "acceptance", "rejection", "assignment", "processing", "done", "fail", "cancellation"}

func (g *Gateway) updateStatus(sys System, id, status string) *failure {
	if !slices.Contains(deliveryStatuses, status) {
		return fail(http.StatusOK, codeBadParam, "unknown status %q", status)
	}
	if !g.store.setStatus(id, sys.OrganID, status, g.opts.Now()) {
		return fail(http.StatusOK, codeNotFound, "document %s not found for %s", id, sys.OrganID)
	}
	return nil
}

func (g *Gateway) agencyList() []map[string]any {
	var out []map[string]any
	for _, s := range g.opts.Systems {
		out = append(out, map[string]any{"id": s.ID, "code": s.OrganID, "code102": s.OrganID, "name": s.Name, "mail": "", "pid": "", "oldCode": ""})
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, a := range g.agencies {
		out = append(out, map[string]any{"id": a.ID, "code": a.Code, "code102": a.Code, "name": a.Name, "mail": a.Mail, "pid": a.ParentCode, "oldCode": ""})
	}
	return out
}

func (g *Gateway) registerAgency(r *http.Request) *failure {
	var a struct{ ID, Pcode, Code, Name, Mail string }
	b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if json.Unmarshal(b, &a) != nil || a.Code == "" || a.Name == "" {
		return fail(http.StatusOK, codeBadParam, "registerAgency needs code and name")
	}
	if g.knownOrgan(a.Code) {
		return fail(http.StatusOK, codeBadParam, "agency %s is already registered", a.Code)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.agencies = append(g.agencies, agencyEntry{ID: a.ID, ParentCode: a.Pcode, Code: a.Code, Name: a.Name, Mail: a.Mail})
	return nil
}
