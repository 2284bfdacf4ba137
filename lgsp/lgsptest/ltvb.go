package lgsptest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// The ltvb profile (spec lgsp.md §2.2): bearer token from /v1/auth/login plus X-SystemId and X-SecretKey on
// every call, answers {"success","message","data"}.

func ltvbFail(w http.ResponseWriter, f *failure) {
	status := f.status
	writeJSON(w, status, map[string]any{"success": false, "message": f.desc,
		"data": map[string]string{"status": "FAIL", "errorCode": f.code, "errorDesc": f.desc}})
}

func (g *Gateway) ltvbAuth(r *http.Request) (System, *failure) {
	bearer := g.bearerSystem(r)
	if bearer == "" {
		return System{}, fail(http.StatusUnauthorized, codeAuth, "missing or expired token")
	}
	sys, ok := g.systems[r.Header.Get("X-SystemId")]
	if !ok || sys.ID != bearer || subtle.ConstantTimeCompare([]byte(sys.Secret), []byte(r.Header.Get("X-SecretKey"))) != 1 {
		return System{}, fail(http.StatusOK, codeAuth, "wrong SystemId or SecretKey")
	}
	return sys, nil
}

func (g *Gateway) serveLTVB(w http.ResponseWriter, r *http.Request) string {
	sys, f := g.ltvbAuth(r)
	if f != nil {
		ltvbFail(w, f)
		return ""
	}
	q := r.URL.Query()
	switch strings.TrimPrefix(r.URL.Path, "/v1/") {
	case "sendEdoc":
		f = g.ltvbSend(w, r, sys)
	case "syncReceivedEdocList":
		type item struct { // the provincial gateway's member names
			ServiceType string `json:"serviceType"`
			CreatedTime string `json:"createdTime"`
			UpdatedTime string `json:"updatedTime"`
			MessageType string `json:"messageType"`
			DocID       string `json:"docId"`
			From        string `json:"from"`
			To          string `json:"to"`
			Status      string `json:"status"`
			StatusDesc  string `json:"statusDesc"`
		}
		items := []item{}
		for _, it := range g.receivedItems(sys, parseListQuery(q.Get)) {
			items = append(items, item{ServiceType: it.ServiceType, CreatedTime: it.Created, UpdatedTime: it.Updated,
				MessageType: it.MessageType, DocID: it.DocID, From: it.From, To: it.To, Status: it.Status, StatusDesc: it.StatusDesc})
		}
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "count": len(items), "data": items})
	case "getSentEdocList":
		items := []map[string]any{}
		for _, it := range g.sentItems(sys, parseListQuery(q.Get)) {
			items = append(items, map[string]any{"docId": it.SenderDocID, "to": it.ToCode, "title": it.Title,
				"notation": it.Notation, "messageType": it.MessageType, "sentTime": it.SentTime,
				"receiveStatus": it.ReceiveStatus, "hashFile": it.HashFile, "documentId": it.DocumentID})
		}
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "count": len(items), "data": items})
	case "getEdoc":
		f = g.ltvbGet(w, sys, q.Get("docId"))
	case "updateStatus":
		var in struct{ DocID, Status string }
		b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if json.Unmarshal(b, &in) != nil {
			f = fail(http.StatusBadRequest, codeBadParam, "body is not JSON")
			break
		}
		if f = g.updateStatus(sys, in.DocID, in.Status); f == nil {
			writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "OK"})
		}
	case "getAgenciesList":
		var list []map[string]string
		for _, a := range g.agencyList() {
			list = append(list, map[string]string{"orgCode": a["code"].(string), "orgName": a["name"].(string),
				"parentCode": a["pid"].(string), "email": a["mail"].(string)})
		}
		writeJSON(w, http.StatusOK, map[string]any{"code": 200, "data": list})
	default:
		f = fail(http.StatusNotFound, codeNotFound, "unknown operation")
	}
	if f != nil {
		ltvbFail(w, f)
	}
	return sys.ID
}

func (g *Gateway) ltvbSend(w http.ResponseWriter, r *http.Request, sys System) *failure {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return fail(http.StatusOK, codeInvalidFile, "the body is not multipart/form-data")
	}
	file, _, err := r.FormFile("edocFile")
	if err != nil {
		return fail(http.StatusOK, codeInvalidFile, "no part named edocFile")
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, g.opts.MaxPackageBytes+1))
	if err != nil || int64(len(content)) > g.opts.MaxPackageBytes {
		return fail(http.StatusOK, codeInvalidFile, "unreadable or oversize file")
	}
	var to []string
	for _, o := range strings.Split(r.FormValue("to"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			to = append(to, o)
		}
	}
	if len(to) == 0 {
		return fail(http.StatusOK, codeNoReceiver, "no receiving unit")
	}
	sum := sha256.Sum256(content)
	mt := r.FormValue("messageType")
	st := "eDoc"
	if mt == "status" {
		st = "status"
	}
	id, f := g.accept(sys, to, content, hex.EncodeToString(sum[:]), st, mt, r.Header.Get("Idempotency-Key"))
	if f != nil {
		return f
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "OK", "docId": id})
	return nil
}

func (g *Gateway) ltvbGet(w http.ResponseWriter, sys System, id string) *failure {
	d, content, f := g.readable(sys, id)
	if f != nil {
		return f
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	head, _ := json.Marshal(map[string]string{"docId": d.ID, "from": d.FromOrgan, "fromName": g.organs[d.FromOrgan],
		"edocCode": d.Notation, "edocAbstract": d.Title})
	io.WriteString(w, `{"success":true,"data":`)
	w.Write(head[:len(head)-1])
	io.WriteString(w, `,"attachments":[],"edxml":"`)
	enc := base64.NewEncoder(base64.StdEncoding, w)
	enc.Write(content)
	enc.Close()
	io.WriteString(w, `"}}`)
	return nil
}
