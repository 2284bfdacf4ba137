package lgsp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// prepared is a package ready to send: validated, hashed and readable again for each attempt.
type prepared struct {
	src     io.ReadSeeker
	start   int64 // offset of the package in src
	size    int64
	hash    string // lowercase hex SHA-256, the hash-file parameter
	summary packageSummary
	report  *diag.Report
	cleanup func()

	mu   sync.Mutex
	body *bodyPipe // the body of the latest attempt
}

// bodyPipe is an attempt's body: the pipe the transport reads and the goroutine writing the package into it.
type bodyPipe struct {
	pr   *io.PipeReader
	done chan struct{}
}

// errAttemptOver stops the body writer of a finished attempt.
var errAttemptOver = errors.New("lgsp: attempt over")

// stream returns a body for one attempt, written by write from the package's start in a goroutine. The body of
// the previous attempt is stopped and its writer waited for first: both read the same source.
func (p *prepared) stream(write func(src io.Reader, w io.Writer) error) (io.Reader, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopLocked()
	src, err := p.open()
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	b := &bodyPipe{pr: pr, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		pw.CloseWithError(write(src, pw))
	}()
	p.body = b
	return pr, nil
}

func (p *prepared) stopLocked() {
	if p.body != nil {
		p.body.pr.CloseWithError(errAttemptOver)
		<-p.body.done
		p.body = nil
	}
}

// release stops the last body writer and removes the spool file.
func (p *prepared) release() {
	p.mu.Lock()
	p.stopLocked()
	p.mu.Unlock()
	p.cleanup()
}

// open returns the package from its start, for one attempt.
func (p *prepared) open() (io.Reader, error) {
	if _, err := p.src.Seek(p.start, io.SeekStart); err != nil {
		return nil, fmt.Errorf("lgsp: rewinding the package: %w", err)
	}
	return io.LimitReader(p.src, p.size), nil
}

// prepare reads the package once: it hashes it (hash-file goes in a signed header, so it must be known before
// the body is sent), validates it, and, when r cannot seek, spools it to a temporary file so that every attempt
// can send it again without holding it in memory.
func (a *axis) prepare(ctx context.Context, r io.Reader) (*prepared, error) {
	p := &prepared{cleanup: func() {}}
	rs, seekable := r.(io.ReadSeeker)
	var spool *os.File
	if seekable {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("lgsp: reading the package: %w", err)
		}
		p.src, p.start = rs, start
	} else {
		f, err := os.CreateTemp(a.opts.SpoolDir, "egov-lgsp-*.edxml")
		if err != nil {
			return nil, fmt.Errorf("lgsp: spooling the package: %w", err)
		}
		spool, p.src = f, f
		p.cleanup = func() { f.Close(); os.Remove(f.Name()) }
	}
	h := sha256.New()
	limit := a.c.cfg.MaxPackageBytes
	counted := &countingWriter{}
	sinks := []io.Writer{h, counted}
	if spool != nil {
		sinks = append(sinks, spool)
	}
	tee := io.TeeReader(io.LimitReader(r, limit+1), io.MultiWriter(sinks...))
	if !a.opts.Validation.Off {
		rep, err := validatePackage(ctx, tee, a.opts.Validation, a.opts.Now(), false)
		if err != nil {
			p.cleanup()
			return nil, fmt.Errorf("lgsp: validating the package: %w", err)
		}
		p.report = rep
	}
	if _, err := io.Copy(io.Discard, tee); err != nil { // validation may stop early; the hash needs every byte
		p.cleanup()
		return nil, fmt.Errorf("lgsp: reading the package: %w", err)
	}
	p.size = counted.n
	if p.size > limit {
		p.cleanup()
		return nil, &ValidationError{Op: "send", Message: fmt.Sprintf("package larger than %d bytes", limit)}
	}
	if p.report != nil && p.report.HasErrors() {
		p.cleanup()
		return nil, &ValidationError{Op: "send", Report: p.report}
	}
	p.hash = hex.EncodeToString(h.Sum(nil))
	src, err := p.open()
	if err == nil {
		p.summary, _ = readSummary(src) // best effort: the summary only helps the duplicate check
	}
	return p, nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func (a *axis) Send(ctx context.Context, r io.Reader, opts SendOptions) (*SendResult, error) {
	p, err := a.prepare(ctx, r)
	if err != nil {
		return nil, err
	}
	defer p.release()
	to := opts.To
	if len(to) == 0 {
		to = p.summary.To
	}
	if len(to) == 0 {
		return nil, &ValidationError{Op: "send", Message: "no recipient: give SendOptions.To or To agencies in the package"}
	}
	mt := opts.MessageType
	if mt == "" {
		mt = MessageEdoc
	}
	return a.sendOnce(ctx, p, to, mt, opts)
}

// sendOnce sends p so that the gateway stores it once. sendEdoc is not idempotent, so an ambiguous failure (a
// dropped connection or timeout after the request was written, a server error, an unreadable answer) is
// followed by a look at the sent list before any new attempt: the package is recognised by its hash-file or
// DocumentId where the gateway echoes them, otherwise by notation, title, recipient and sent time (see the
// package documentation for the residual risk).
func (a *axis) sendOnce(ctx context.Context, p *prepared, to []string, mt MessageType, opts SendOptions) (*SendResult, error) {
	res := &SendResult{HashFile: p.hash, Size: p.size, Report: p.report}
	start := a.opts.Now()
	if opts.IdempotencyKey != "" { // the gateway deduplicates: retrying the same request is safe
		res.Attempts++
		id, err := a.w.send(ctx, p, to, mt, opts.IdempotencyKey)
		res.DocID = id
		return res, err
	}
	if opts.CheckFirst {
		id, err := a.findSent(ctx, p, to, start.Add(-24*time.Hour))
		if err != nil {
			return res, err
		}
		if id != "" {
			res.DocID, res.Recovered = id, true
			return res, nil
		}
	}
	pol := a.c.cfg.Retry
	wait := pol.InitialInterval
	for {
		res.Attempts++
		id, err := a.w.send(ctx, p, to, mt, "")
		if err == nil {
			res.DocID = id
			return res, nil
		}
		if !Ambiguous(err) || res.Attempts >= pol.MaxAttempts {
			return res, err
		}
		found, perr := a.findSent(ctx, p, to, start)
		if perr != nil {
			return res, fmt.Errorf("lgsp: send: the outcome is unknown (%w) and the sent list could not be read: %w", err, perr)
		}
		if found != "" {
			res.DocID, res.Recovered = found, true
			return res, nil
		}
		if err := sleep(ctx, jitter(wait)); err != nil {
			return res, err
		}
		wait = min(wait*2, pol.MaxInterval)
	}
}

func jitter(d time.Duration) time.Duration {
	return d/2 + time.Duration(time.Now().UnixNano()%int64(d/2+1))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// sentSkew is how much earlier than the first attempt a gateway's sent time may be (clock differences).
const sentSkew = 5 * time.Minute

// findSent looks for p in the sent list from the day of since on, and returns its id or "".
func (a *axis) findSent(ctx context.Context, p *prepared, to []string, since time.Time) (string, error) {
	f := ListFilter{FromDate: since.Add(-sentSkew)}
	for it, err := range AllSent(ctx, a, a.pageSize(f), 0) {
		if err != nil {
			return "", err
		}
		if matches(it, p, to, since) {
			return it.SenderDocID, nil
		}
	}
	return "", nil
}

// matches reports whether a sent-list entry is p sent to one of to.
func matches(it SentDoc, p *prepared, to []string, since time.Time) bool {
	if !contains(to, it.ToCode) && it.ToCode != "" {
		return false
	}
	if it.HashFile != "" {
		return sameHash(it.HashFile, p.hash)
	}
	if it.DocumentID != "" {
		return it.DocumentID == p.summary.DocumentID
	}
	if p.summary.Notation == "" || it.Notation != p.summary.Notation || it.Title != p.summary.Subject {
		return false
	}
	return it.SentTime.IsZero() || !it.SentTime.Before(since.Add(-sentSkew))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sameHash compares hash-file values, accepting the vendor SDK's form that drops the leading zero of each byte.
func sameHash(got, want string) bool {
	got = strings.ToLower(got)
	return got == want || got == SDKHashForm(want)
}

// SDKHashForm rewrites a lowercase hex digest the way the vendor SDK writes hash-file: each byte in hex without
// its leading zero (Java's Integer.toHexString).
func SDKHashForm(hexDigest string) string {
	var b strings.Builder
	for i := 0; i+1 < len(hexDigest); i += 2 {
		if hexDigest[i] == '0' {
			b.WriteByte(hexDigest[i+1])
		} else {
			b.WriteString(hexDigest[i : i+2])
		}
	}
	return b.String()
}

func (a *axis) SendStatus(ctx context.Context, sp *edoc.StatusPackage, to []string) (*SendResult, error) {
	if len(to) == 0 {
		return nil, &ValidationError{Op: "send", Message: "no recipient for the status package"}
	}
	var buf bytes.Buffer
	if err := writeStatus(&buf, sp); err != nil {
		return nil, fmt.Errorf("lgsp: building the status package: %w", err)
	}
	p, err := a.prepare(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil {
		return nil, err
	}
	defer p.release()
	return a.sendOnce(ctx, p, to, MessageStatus, SendOptions{})
}
