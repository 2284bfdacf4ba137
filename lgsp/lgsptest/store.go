package lgsptest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// document is one package stored by the gateway, with its delivery status per recipient.
type document struct {
	ID          string               `json:"id"`
	FromSystem  string               `json:"from_system"`
	FromOrgan   string               `json:"from_organ"`
	To          []string             `json:"to"`
	ServiceType string               `json:"service_type"`
	MessageType string               `json:"message_type"`
	Hash        string               `json:"hash"`
	DocumentID  string               `json:"document_id,omitempty"`
	Notation    string               `json:"notation,omitempty"`
	Title       string               `json:"title,omitempty"`
	Size        int64                `json:"size"`
	Created     time.Time            `json:"created"`
	Delivery    map[string]*delivery `json:"delivery"`
	content     []byte
}

// delivery is one recipient's status of a document.
type delivery struct {
	Status  string    `json:"status"`
	Updated time.Time `json:"updated"`
}

// store keeps documents in memory, and in a directory when one is given (the sandbox's --data).
type store struct {
	mu   sync.Mutex
	dir  string
	seq  int
	docs []*document
	byID map[string]*document
}

func openStore(dir string) (*store, error) {
	s := &store{dir: dir, byID: map[string]*document{}}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o700); err != nil {
		return nil, fmt.Errorf("lgsptest: data directory: %w", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lgsptest: reading the index: %w", err)
	}
	var idx struct {
		Seq  int         `json:"seq"`
		Docs []*document `json:"docs"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("lgsptest: reading the index: %w", err)
	}
	s.seq, s.docs = idx.Seq, idx.Docs
	for _, d := range s.docs {
		s.byID[d.ID] = d
	}
	return s, nil
}

// saveLocked rewrites the index (the sandbox's store is small; simplicity beats a database here).
func (s *store) saveLocked() error {
	if s.dir == "" {
		return nil
	}
	b, err := json.Marshal(struct {
		Seq  int         `json:"seq"`
		Docs []*document `json:"docs"`
	}{s.seq, s.docs})
	if err != nil {
		return err
	}
	tmp := filepath.Join(s.dir, "index.json.tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(s.dir, "index.json"))
}

func (s *store) add(d *document, now time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	d.ID = fmt.Sprintf("%s-%06d", now.In(ict).Format("20060102"), s.seq)
	d.Created = now
	d.Delivery = map[string]*delivery{}
	for _, to := range d.To {
		d.Delivery[to] = &delivery{Status: "inbox", Updated: now}
	}
	if s.dir != "" {
		if err := os.WriteFile(filepath.Join(s.dir, "docs", d.ID+".edxml"), d.content, 0o600); err != nil {
			return "", err
		}
		d.content = nil
	}
	s.docs = append(s.docs, d)
	s.byID[d.ID] = d
	return d.ID, s.saveLocked()
}

func (s *store) content(d *document) ([]byte, error) {
	if s.dir == "" {
		return d.content, nil
	}
	return os.ReadFile(filepath.Join(s.dir, "docs", d.ID+".edxml"))
}

// view returns a copy of the document id (nil when unknown).
func (s *store) view(id string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.byID[id]
	if d == nil {
		return nil
	}
	return cloneDoc(d)
}

func cloneDoc(d *document) *document {
	c := *d
	c.To = slices.Clone(d.To)
	c.Delivery = make(map[string]*delivery, len(d.Delivery))
	for k, v := range d.Delivery {
		dv := *v
		c.Delivery[k] = &dv
	}
	return &c
}

func (s *store) setStatus(id, organ, status string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.byID[id]
	if d == nil || d.Delivery[organ] == nil {
		return false
	}
	d.Delivery[organ] = &delivery{Status: status, Updated: now}
	s.saveLocked()
	return true
}

// filter returns copies of the documents for which keep is true, in storage order.
func (s *store) filter(keep func(*document) bool) []*document {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*document
	for _, d := range s.docs {
		if keep(d) {
			out = append(out, cloneDoc(d))
		}
	}
	return out
}

// each calls f on the documents in storage order (newest first when reverse) under the store's lock, until f
// returns false; f must not keep d.
func (s *store) each(reverse bool, f func(d *document) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.docs {
		if reverse {
			i = len(s.docs) - 1 - i
		}
		if !f(s.docs[i]) {
			return
		}
	}
}
