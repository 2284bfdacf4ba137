package lgsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ltvb speaks a provincial REST gateway's protocol (spec lgsp.md §2.2, one province's LGSP as an integrator's
// client shows it): paths under /v1/, bearer login plus X-SystemId/X-SecretKey (see StaticKeys and
// LoginTokenSource), answers {"success","message","data"}. Its list has no paging and its sent list is not in
// the public sources: getSentEdocList is the lgsptest stand-in's extension in the same shape, configurable
// through AxisOptions.Paths.
type ltvb struct {
	c    *client
	opts *AxisOptions
}

var ltvbPaths = map[string]string{
	"sendEdoc": "/v1/sendEdoc", "getReceivedEdocList": "/v1/syncReceivedEdocList", "getEdoc": "/v1/getEdoc",
	"updateStatus": "/v1/updateStatus", "getAgenciesList": "/v1/getAgenciesList", "getSentEdocList": "/v1/getSentEdocList",
}

func (l *ltvb) path(op string) string {
	if p, ok := l.opts.Paths[op]; ok {
		return p
	}
	return ltvbPaths[op]
}

// ltvbAuthCode is "wrong SystemId or SecretKey".
const ltvbAuthCode = "15"

type ltvbEnvelope struct {
	Success *bool           `json:"success"`
	Message string          `json:"message"`
	Code    flexString      `json:"code"`
	Data    json.RawMessage `json:"data"`
}

func (e ltvbEnvelope) err(resp *http.Response, op, id string, body []byte) error {
	if e.Success == nil || *e.Success {
		return nil
	}
	var d struct {
		ErrorCode flexString `json:"errorCode"`
		ErrorDesc string     `json:"errorDesc"`
	}
	json.Unmarshal(e.Data, &d)
	msg := e.Message
	if d.ErrorDesc != "" {
		msg = d.ErrorDesc
	}
	if d.ErrorCode == ltvbAuthCode {
		return &AuthError{Op: op, RequestID: id, Status: resp.StatusCode, Code: ltvbAuthCode, Message: msg}
	}
	return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Code: string(d.ErrorCode), Message: msg,
		Excerpt: excerpt(body), Processed: true}
}

func (l *ltvb) call(ctx context.Context, op, method string, query url.Values, body []byte, out any) error {
	r := request{op: op, method: method, path: l.path(op), query: query, idempotent: true, header: http.Header{}}
	if body != nil {
		r.header.Set("Content-Type", "application/json")
		r.body = func() (io.Reader, error) { return strings.NewReader(string(body)), nil }
	}
	return l.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, l.c.cfg.MaxResponseBytes, op, id)
		if err != nil {
			return err
		}
		if len(b) > 0 && b[0] == '[' { // getAgenciesList may answer a bare array
			b = append(append([]byte(`{"data":`), b...), '}')
		}
		var env ltvbEnvelope
		if err := decodeJSON(resp, b, &env, op, id); err != nil {
			return err
		}
		if err := env.err(resp, op, id, b); err != nil {
			return err
		}
		if out != nil {
			if err := json.Unmarshal(b, out); err != nil {
				return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: "unexpected JSON: " + err.Error(),
					Excerpt: excerpt(b)}
			}
		}
		return nil
	})
}

func (l *ltvb) send(ctx context.Context, p *prepared, to []string, mt MessageType, idemKey string) (string, error) {
	boundary := "egov" + p.hash[:40]
	r := request{op: "sendEdoc", method: http.MethodPost, path: l.path("sendEdoc"), header: http.Header{},
		body: func() (io.Reader, error) {
			return multipartBody(p, "edocFile", boundary, map[string]string{"messageType": string(mt), "to": strings.Join(to, ",")})
		}, idemKey: idemKey}
	r.header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
	var docID string
	err := l.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, l.c.cfg.MaxResponseBytes, r.op, id)
		if err != nil {
			return err
		}
		var out struct {
			ltvbEnvelope
			DocID flexString `json:"docId"`
		}
		if err := decodeJSON(resp, b, &out, r.op, id); err != nil {
			return err
		}
		if out.Success == nil {
			return &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Message: "answer without success", Excerpt: excerpt(b)}
		}
		if err := out.err(resp, r.op, id, b); err != nil {
			return err
		}
		if out.DocID == "" {
			return &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Message: "answer without docId", Excerpt: excerpt(b)}
		}
		docID = string(out.DocID)
		return nil
	})
	return docID, err
}

func ltvbQuery(f ListFilter) url.Values {
	q := url.Values{}
	mt := f.MessageType
	if mt == "" {
		mt = MessageEdoc
	}
	q.Set("messageType", string(mt))
	if !f.FromDate.IsZero() {
		q.Set("fromDate", listDate(f.FromDate))
	}
	if !f.ToDate.IsZero() {
		q.Set("toDate", listDate(f.ToDate))
	}
	if f.From != "" {
		q.Set("from", f.From)
	}
	if f.Status != "" {
		q.Set("status", string(f.Status))
	}
	return q
}

func (l *ltvb) received(ctx context.Context, f ListFilter) ([]ReceivedDoc, error) {
	if f.PageIndex > 1 {
		return nil, nil // the profile has no paging: page 1 is the whole list
	}
	var out struct {
		Data []struct {
			DocID       flexString `json:"docId"`
			ServiceType string     `json:"serviceType"`
			MessageType string     `json:"messageType"`
			Created     string     `json:"createdTime"`
			Updated     string     `json:"updatedTime"`
			From        string     `json:"from"`
			To          string     `json:"to"`
			Status      string     `json:"status"`
			StatusDesc  string     `json:"statusDesc"`
		} `json:"data"`
	}
	if err := l.call(ctx, "getReceivedEdocList", http.MethodGet, ltvbQuery(f), nil, &out); err != nil {
		return nil, err
	}
	list := make([]ReceivedDoc, 0, len(out.Data))
	for _, d := range out.Data {
		list = append(list, ReceivedDoc{DocID: string(d.DocID), ServiceType: d.ServiceType, MessageType: MessageType(d.MessageType),
			From: d.From, To: d.To, Status: DeliveryStatus(d.Status), StatusDesc: d.StatusDesc,
			Created: gatewayTime(d.Created), Updated: gatewayTime(d.Updated)})
	}
	return list, nil
}

func (l *ltvb) sent(ctx context.Context, f ListFilter) ([]SentDoc, error) {
	if f.PageIndex > 1 {
		return nil, nil
	}
	var out struct {
		Data []struct {
			DocID         flexString `json:"docId"`
			To            string     `json:"to"`
			Title         string     `json:"title"`
			Notation      string     `json:"notation"`
			MessageType   string     `json:"messageType"`
			SentTime      string     `json:"sentTime"`
			ReceiveStatus string     `json:"receiveStatus"`
			HashFile      string     `json:"hashFile"`
			DocumentID    string     `json:"documentId"`
		} `json:"data"`
	}
	if err := l.call(ctx, "getSentEdocList", http.MethodGet, ltvbQuery(f), nil, &out); err != nil {
		return nil, err
	}
	list := make([]SentDoc, 0, len(out.Data))
	for _, d := range out.Data {
		list = append(list, SentDoc{SenderDocID: string(d.DocID), ReceiverDocID: string(d.DocID), ToCode: d.To, Title: d.Title,
			Notation: d.Notation, MessageType: MessageType(d.MessageType), SentTime: gatewayTime(d.SentTime),
			ReceiveStatus: DeliveryStatus(d.ReceiveStatus), HashFile: d.HashFile, DocumentID: d.DocumentID})
	}
	return list, nil
}

func (l *ltvb) get(ctx context.Context, docID string, w io.Writer) (int64, error) {
	r := request{op: "getEdoc", method: http.MethodGet, path: l.path("getEdoc"), query: url.Values{"docId": {docID}},
		idempotent: true}
	return getStreaming(ctx, l.c, r, "data.edxml", w, func(d *streamDecoder, resp *http.Response, id string) error {
		if s := d.str("success"); s == "false" {
			return &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Code: d.str("data.errorCode"),
				Message: d.str("message"), Processed: true}
		}
		return nil
	})
}

func (l *ltvb) updateStatus(ctx context.Context, docID string, s DeliveryStatus) error {
	body, _ := json.Marshal(map[string]string{"docId": docID, "status": string(s)})
	return l.call(ctx, "updateStatus", http.MethodPost, nil, body, nil)
}

func (l *ltvb) agencies(ctx context.Context) ([]Agency, error) {
	var out struct {
		Data []struct {
			OrgCode    string `json:"orgCode"`
			OrgName    string `json:"orgName"`
			ParentCode string `json:"parentCode"`
			Email      string `json:"email"`
		} `json:"data"`
	}
	if err := l.call(ctx, "getAgenciesList", http.MethodGet, nil, nil, &out); err != nil {
		return nil, err
	}
	list := make([]Agency, 0, len(out.Data))
	for _, d := range out.Data {
		list = append(list, Agency{Code: d.OrgCode, Name: d.OrgName, ParentID: d.ParentCode, Mail: d.Email})
	}
	return list, nil
}

// ErrUnsupported is returned for an operation a profile does not have.
var ErrUnsupported = errors.New("lgsp: operation not supported by this profile")

func (l *ltvb) registerAgency(ctx context.Context, a AgencyRegistration) error {
	return fmt.Errorf("lgsp: registerAgency: %w", ErrUnsupported)
}
