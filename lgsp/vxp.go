package lgsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
)

// vxp speaks the national axis's protocol as the vendor SDK does (spec lgsp.md §2.1): POST {endpoint}/{op},
// parameters as XroadVnpt-* headers signed by the HMACSignature auth, JSON answers
// {"status":"OK"|"FAIL","ErrorCode","ErrorDesc",…}.
type vxp struct {
	c    *client
	opts *AxisOptions
}

// param is one call parameter, sent as the header XroadVnpt-<name> and listed in sign-header-key.
type param struct{ name, value string }

func (v *vxp) path(op string) string {
	if p, ok := v.opts.Paths[op]; ok {
		return p
	}
	return "/" + op
}

// headers encodes params in order; the HMACSignature auth adds systemid and timestamp and signs them all.
func vxpHeaders(params []param) http.Header {
	h := http.Header{}
	names := make([]string, 0, len(params))
	for _, p := range params {
		h.Set(VXPHeaderPrefix+p.name, p.value)
		names = append(names, p.name)
	}
	h.Set(VXPSignHeaderKey, strings.Join(names, ";"))
	return h
}

// vxpEnvelope is the common part of every answer.
type vxpEnvelope struct {
	Status    string     `json:"status"`
	ErrorCode flexString `json:"ErrorCode"`
	ErrorDesc string     `json:"ErrorDesc"`
}

func (e vxpEnvelope) err(resp *http.Response, op, id string, body []byte) error {
	if strings.EqualFold(e.Status, "OK") && (e.ErrorCode == "" || e.ErrorCode == "0") {
		return nil
	}
	if e.Status == "" {
		return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Message: "answer without status",
			Excerpt: excerpt(body)}
	}
	return &GatewayError{Op: op, RequestID: id, Status: resp.StatusCode, Code: string(e.ErrorCode), Message: e.ErrorDesc,
		Excerpt: excerpt(body), Processed: true}
}

// enveloped is an answer that carries the common envelope (every answer struct embeds vxpEnvelope).
type enveloped interface{ envelope() vxpEnvelope }

func (e vxpEnvelope) envelope() vxpEnvelope { return e }

// call posts params (and body) to op and decodes the JSON answer, in one pass, into out (nil: the envelope
// only), whose envelope must say OK.
func (v *vxp) call(ctx context.Context, op string, params []param, body []byte, idempotent bool, out enveloped) error {
	r := request{op: op, method: http.MethodPost, path: v.path(op), header: vxpHeaders(params), idempotent: idempotent}
	if body != nil {
		r.header.Set("Content-Type", "application/json")
		r.body = func() (io.Reader, error) { return strings.NewReader(string(body)), nil }
	}
	if out == nil {
		out = &vxpEnvelope{}
	}
	return v.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, v.c.cfg.MaxResponseBytes, op, id)
		if err != nil {
			return err
		}
		if err := decodeJSON(resp, b, out, op, id); err != nil {
			return err
		}
		return out.envelope().err(resp, op, id, b)
	})
}

func (v *vxp) send(ctx context.Context, p *prepared, to []string, mt MessageType, idemKey string) (string, error) {
	toJSON, _ := json.Marshal(to)
	serviceType := "eDoc"
	if mt == MessageStatus {
		serviceType = "status"
	}
	boundary := "egov" + p.hash[:40]
	contentType := "multipart/form-data; boundary=" + boundary
	params := []param{{"from", v.c.cfg.SystemID}, {"to", string(toJSON)}, {"servicetype", serviceType},
		{"messagetype", string(mt)}, {"hash-file", p.hash}, {"Content-Type", contentType}}
	r := request{op: "sendEdoc", method: http.MethodPost, path: v.path("sendEdoc"), header: vxpHeaders(params),
		body: func() (io.Reader, error) { return multipartBody(p, "file_doc", boundary, nil) }, idemKey: idemKey}
	r.header.Set("Content-Type", contentType)
	var docID string
	err := v.c.do(ctx, r, func(resp *http.Response, id string) error {
		b, err := readBody(resp, v.c.cfg.MaxResponseBytes, r.op, id)
		if err != nil {
			return err
		}
		var out struct {
			vxpEnvelope
			DocID flexString `json:"DocId"`
		}
		if err := decodeJSON(resp, b, &out, r.op, id); err != nil {
			return err
		}
		if err := out.err(resp, r.op, id, b); err != nil {
			return err
		}
		if out.DocID == "" {
			return &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Message: "answer without DocId", Excerpt: excerpt(b)}
		}
		docID = string(out.DocID)
		return nil
	})
	return docID, err
}

// multipartBody streams p as the file part field of a multipart/form-data body, with extra fields before it;
// the package goes from its source to the connection through a pipe, never whole in memory.
func multipartBody(p *prepared, field, boundary string, extra map[string]string) (io.Reader, error) {
	return p.stream(func(src io.Reader, w io.Writer) error {
		mw := multipart.NewWriter(w)
		if err := mw.SetBoundary(boundary); err != nil {
			return fmt.Errorf("lgsp: multipart boundary: %w", err)
		}
		return writeParts(mw, src, field, p.hash, extra)
	})
}

func writeParts(mw *multipart.Writer, src io.Reader, field, hash string, extra map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if err := mw.WriteField(k, extra[k]); err != nil {
			return err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+hash[:16]+`.edxml"`)
	h.Set("Content-Type", "application/xml")
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, src); err != nil {
		return err
	}
	return mw.Close()
}

func listParams(f ListFilter) []param {
	ps := []param{}
	add := func(name, val string) {
		if val != "" {
			ps = append(ps, param{name, val})
		}
	}
	add("servicetype", f.ServiceType)
	add("messagetype", string(f.MessageType))
	add("from", f.From)
	if !f.FromDate.IsZero() {
		add("fromDate", listDate(f.FromDate))
	}
	if !f.ToDate.IsZero() {
		add("toDate", listDate(f.ToDate))
	}
	add("status", string(f.Status))
	add("pageSize", strconv.Itoa(f.PageSize))
	add("pageIndex", strconv.Itoa(f.PageIndex))
	return ps
}

func (v *vxp) received(ctx context.Context, f ListFilter) ([]ReceivedDoc, error) {
	var out struct {
		vxpEnvelope
		Data []struct {
			DocID       flexString `json:"docId"`
			ServiceType string     `json:"serviceType"`
			MessageType string     `json:"messageType"`
			Created     string     `json:"created_time"`
			Updated     string     `json:"updated_time"`
			From        string     `json:"from"`
			To          string     `json:"to"`
			Status      string     `json:"status"`
			StatusDesc  string     `json:"status_desc"`
		} `json:"data"`
	}
	if err := v.call(ctx, "getReceivedEdocList", listParams(f), nil, true, &out); err != nil {
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

func (v *vxp) sent(ctx context.Context, f ListFilter) ([]SentDoc, error) {
	var out struct {
		vxpEnvelope
		Data []struct {
			SenderDocID       flexString `json:"senderDocId"`
			ReceiverDocID     flexString `json:"receiverDocId"`
			FromCode          string     `json:"fromCode"`
			ToCode            string     `json:"toCode"`
			Title             string     `json:"title"`
			Notation          string     `json:"notation"`
			ServiceType       string     `json:"serviceType"`
			MessageType       string     `json:"messageType"`
			SentTime          string     `json:"sentTime"`
			ReceivedTime      string     `json:"receivedTime"`
			SendStatus        flexString `json:"sendStatus"`
			SendStatusDesc    string     `json:"sendStatusDesc"`
			ReceiveStatus     flexString `json:"receiveStatus"`
			ReceiveStatusDesc string     `json:"receiveStatusDesc"`
			HashFile          string     `json:"hashFile"`
			DocumentID        string     `json:"documentId"`
		} `json:"data"`
	}
	if err := v.call(ctx, "getSentEdocList", listParams(f), nil, true, &out); err != nil {
		return nil, err
	}
	list := make([]SentDoc, 0, len(out.Data))
	for _, d := range out.Data {
		list = append(list, SentDoc{SenderDocID: string(d.SenderDocID), ReceiverDocID: string(d.ReceiverDocID),
			FromCode: d.FromCode, ToCode: d.ToCode, Title: d.Title, Notation: d.Notation, ServiceType: d.ServiceType,
			MessageType: MessageType(d.MessageType), SentTime: gatewayTime(d.SentTime), ReceivedTime: gatewayTime(d.ReceivedTime),
			SendStatus: string(d.SendStatus), SendStatusDesc: d.SendStatusDesc, ReceiveStatus: DeliveryStatus(d.ReceiveStatus),
			ReceiveStatusDesc: d.ReceiveStatusDesc, HashFile: d.HashFile, DocumentID: d.DocumentID})
	}
	return list, nil
}

func (v *vxp) get(ctx context.Context, docID string, w io.Writer) (int64, error) {
	params := []param{{"docId", docID}}
	return getStreaming(ctx, v.c, request{op: "getEdoc", method: http.MethodPost, path: v.path("getEdoc"),
		header: vxpHeaders(params), idempotent: true}, "data", w,
		func(d *streamDecoder, resp *http.Response, id string) error {
			env := vxpEnvelope{Status: d.str("status"), ErrorCode: flexString(d.str("ErrorCode")), ErrorDesc: d.str("ErrorDesc")}
			return env.err(resp, "getEdoc", id, nil)
		})
}

func (v *vxp) updateStatus(ctx context.Context, docID string, s DeliveryStatus) error {
	return v.call(ctx, "updateStatus", []param{{"docId", docID}, {"status", string(s)}}, nil, true, nil)
}

func (v *vxp) agencies(ctx context.Context) ([]Agency, error) {
	var out struct {
		vxpEnvelope
		Data []struct {
			ID      flexString `json:"id"`
			Code    string     `json:"code"`
			Name    string     `json:"name"`
			Mail    string     `json:"mail"`
			PID     flexString `json:"pid"`
			OldCode string     `json:"oldCode"`
			Code102 string     `json:"code102"`
		} `json:"data"`
	}
	if err := v.call(ctx, "getAgenciesList", nil, []byte("{}"), true, &out); err != nil {
		return nil, err
	}
	list := make([]Agency, 0, len(out.Data))
	for _, d := range out.Data {
		list = append(list, Agency{ID: string(d.ID), Code: d.Code, Name: d.Name, Mail: d.Mail, ParentID: string(d.PID),
			OldCode: d.OldCode, Code102: d.Code102})
	}
	return list, nil
}

func (v *vxp) registerAgency(ctx context.Context, a AgencyRegistration) error {
	body, _ := json.Marshal(a)
	// Registering twice is refused by the gateway as a business error, so a retry after an ambiguous failure
	// cannot create a second agency.
	return v.call(ctx, "registerAgency", nil, body, true, nil)
}

// getStreaming runs a call whose answer carries a package as base64 at target, streaming it into w. An attempt
// is retried only while nothing was written to w: after a partial write the error is returned and the caller
// starts again with a fresh writer.
func getStreaming(ctx context.Context, c *client, r request, target string, w io.Writer,
	check func(d *streamDecoder, resp *http.Response, id string) error) (int64, error) {
	var total int64
	err := c.do(ctx, r, func(resp *http.Response, id string) error {
		head := &headRecorder{r: resp.Body}
		d, err := decodeStream(head, target, w, 64<<10, c.cfg.MaxPackageBytes)
		total = d.written
		if err == nil {
			err = check(d, resp, id)
		}
		if err == nil && !d.found {
			err = &GatewayError{Op: r.op, RequestID: id, Status: resp.StatusCode, Message: "answer without the package",
				Excerpt: head.String()}
		}
		if err != nil {
			var ge *GatewayError
			var te *TransportError
			if !errors.As(err, &ge) && !errors.As(err, &te) {
				err = streamError(err, resp, head, r.op, id)
			}
			if total > 0 {
				return noRetry{err}
			}
		}
		return err
	})
	return total, err
}
