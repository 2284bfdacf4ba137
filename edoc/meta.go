package edoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// MaxMetaSize bounds the JSON description DecodeMeta reads (1 MiB): a description is a few hundred bytes.
const MaxMetaSize = 1 << 20

// Meta is the JSON description of a document from which Build makes a Package: the form `egov edoc new --meta`
// reads. Keys are snake_case (docs/output.md); the blocks from, to, signer and staff are the JSON forms of
// Organization, SignerInfo and StaffInfo. Dates are yyyy/MM/dd as in the package.
type Meta struct {
	// From is the sending agency (MessageHeader/From).
	From Organization `json:"from"`
	// To are the receiving agencies.
	To []Organization `json:"to"`
	// Number and Notation are the document's số and ký hiệu, e.g. "231" and "QĐ-VPCP".
	Number   string `json:"number"`
	Notation string `json:"notation"`
	// Date is the date of issue, yyyy/MM/dd; Place the place name written before it.
	Date  string `json:"date"`
	Place string `json:"place"`
	// Type, TypeDetail and TypeName are DocumentType, kept as the producer writes them.
	Type       int    `json:"type"`
	TypeDetail int    `json:"type_detail"`
	TypeName   string `json:"type_name"`
	// Subject is the trích yếu, Content the content summary.
	Subject string `json:"subject"`
	Content string `json:"content"`
	// Signer is the person who signed.
	Signer SignerInfo `json:"signer"`
	// DueDate is the deadline for handling, yyyy/MM/dd, empty when none.
	DueDate string `json:"due_date"`
	// ToPlaces are the recipients as written on the document (nơi nhận).
	ToPlaces []string `json:"to_places"`
	// Priority is a number 0 to MaxPriority, or a name ParsePriority accepts.
	Priority Priority `json:"priority"`
	// Pages and Copies are OtherInfo's PageAmount and PromulgationAmount.
	Pages  uint16 `json:"pages"`
	Copies uint16 `json:"copies"`
	// SteeringType is 0 or 1 (văn bản chỉ đạo).
	SteeringType int `json:"steering_type"`
	// BusinessType is the kind of sending, a name ("new"…) or its digit; Reason explains a revocation.
	BusinessType BusinessDocType `json:"business_type"`
	Reason       string          `json:"reason"`
	// Staff is the clerk in charge, if given.
	Staff *StaffInfo `json:"staff"`
}

// metaAliases maps the lower-cased edXML element names (and Go field names) that earlier releases accepted in the
// blocks of a Meta to their snake_case keys. They are accepted for one release and reported as deprecated.
var metaAliases = map[string]string{
	"organid": "organ_id", "organizationincharge": "organization_in_charge", "organname": "organ_name",
	"organadd": "organ_add", "email": "email", "telephone": "telephone", "fax": "fax", "website": "website",
	"competence": "competence", "position": "position", "fullname": "full_name",
	"department": "department", "staff": "staff", "mobile": "mobile",
}

// DecodeMeta reads a Meta from r, refusing unknown keys and more than MaxMetaSize bytes. Inside from, to, signer
// and staff it also accepts the edXML element names of earlier releases (OrganId, OrganName, FullName…); it
// returns those it met as "OrganId → organ_id" notes, sorted, so that the caller can warn about them.
func DecodeMeta(r io.Reader) (Meta, []string, error) {
	var m Meta
	data, err := io.ReadAll(io.LimitReader(r, MaxMetaSize+1))
	if err != nil {
		return m, nil, errorf("meta: %w", err)
	}
	if len(data) > MaxMetaSize {
		return m, nil, errorf("meta: larger than %d bytes", MaxMetaSize)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return m, nil, errorf("meta: %w", err)
	}
	var notes []string
	for _, block := range []string{"from", "to", "signer", "staff"} {
		raw, ok := top[block]
		if !ok {
			continue
		}
		fixed, n, err := renameAliases(raw)
		if err != nil {
			return m, nil, errorf("meta: %s: %w", block, err)
		}
		top[block], notes = fixed, append(notes, n...)
	}
	data, err = json.Marshal(top)
	if err != nil {
		return m, nil, errorf("meta: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, nil, errorf("meta: %w", err)
	}
	slices.Sort(notes)
	return m, notes, nil
}

// renameAliases rewrites the alias keys of an object, or of each object of an array, to their snake_case keys.
func renameAliases(raw json.RawMessage) (json.RawMessage, []string, error) {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, nil, err
		}
		var notes []string
		for i, it := range items {
			fixed, n, err := renameAliases(it)
			if err != nil {
				return nil, nil, err
			}
			items[i], notes = fixed, append(notes, n...)
		}
		out, err := json.Marshal(items)
		return out, notes, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return raw, nil, nil // not an object: the strict decoding reports it
	}
	out := make(map[string]json.RawMessage, len(obj))
	var notes []string
	for k, v := range obj {
		key := k
		if canon, ok := metaAliases[strings.ToLower(k)]; ok && k != canon {
			key = canon
			notes = append(notes, k+" → "+canon)
		}
		if _, dup := out[key]; dup {
			return nil, nil, fmt.Errorf("key %q given twice (once as an alias)", key)
		}
		out[key] = v
	}
	b, err := json.Marshal(out)
	return b, notes, err
}

// Build makes the package the description describes, with a trace header of the sender at the given sending
// time. Attachments are the caller's to add. It checks the ranges the writer relies on: a priority from 0 to
// MaxPriority, a known business type and yyyy/MM/dd dates.
func (m Meta) Build(at time.Time) (*Package, error) {
	if m.Priority > MaxPriority {
		return nil, errorf("meta: priority %d: want 0 to %d", m.Priority, MaxPriority)
	}
	if !m.BusinessType.Known() {
		return nil, errorf("meta: business_type %d: want 0 to 3", m.BusinessType)
	}
	date, err := ParseDate(m.Date)
	if err != nil {
		return nil, errorf("meta: date %q: want yyyy/MM/dd", m.Date)
	}
	h := MessageHeader{
		From: m.From, To: m.To,
		Code:             Code{CodeNumber: m.Number, CodeNotation: m.Notation},
		PromulgationInfo: PromulgationInfo{Place: m.Place, PromulgationDate: date},
		DocumentType:     DocumentType{Type: m.Type, TypeDetail: m.TypeDetail, TypeName: m.TypeName},
		Subject:          m.Subject, Content: m.Content, SignerInfo: m.Signer, ToPlaces: m.ToPlaces,
		OtherInfo:    OtherInfo{Priority: m.Priority, PageAmount: m.Pages, PromulgationAmount: m.Copies},
		SteeringType: m.SteeringType,
	}
	if m.DueDate != "" {
		if h.DueDate, err = ParseDate(m.DueDate); err != nil {
			return nil, errorf("meta: due_date %q: want yyyy/MM/dd", m.DueDate)
		}
	}
	return &Package{
		Header:   h,
		Traces:   []TraceHeader{{OrganID: m.From.OrganID, Timestamp: at.Truncate(time.Second)}},
		Business: &Business{DocType: m.BusinessType, Reason: m.Reason, Staff: m.Staff},
	}, nil
}
