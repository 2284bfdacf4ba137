package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
)

// Incoming is a received package handed to a Handler: already downloaded to the agent's spool, validated and
// verified. The file at Path belongs to the agent and is removed once the delivery is recorded.
type Incoming struct {
	// DocID is the gateway's id of the package, the key of exactly-once delivery.
	DocID string
	// From is the sender's organ id as the gateway lists it.
	From string
	// MessageType is edoc for a document package, status for a status package answering one of ours.
	MessageType lgsp.MessageType
	// Path is the spooled package.
	Path string
	// Size is its size in bytes.
	Size int64
	// Header is the document package's header; nil for a status package.
	Header *edoc.MessageHeader
	// Report holds the validation and signature findings (no errors: a package with errors is not delivered).
	Report *diag.Report
}

// Open opens the spooled package for reading.
func (in Incoming) Open() (*os.File, error) { return os.Open(in.Path) }

// Handler is the department system's hook: Deliver takes one received package into the system. It is called
// until it returns nil, and not again for that doc id once its success is recorded. An error is retried with
// backoff (and the package is dead-lettered after Options.MaxAttempts).
//
// The one window the agent cannot close alone is a crash after Deliver returned and before its success was
// committed; a Handler that also implements DeliveryChecker (DirHandler does) is asked then, one that implements
// TxHandler records the delivery in the agent's own transaction; any other Handler may see that package once more
// after such a crash, so it should treat DocID as an idempotency key.
type Handler interface {
	Deliver(ctx context.Context, pkg Incoming) error
}

// DeliveryChecker is implemented by Handlers that can tell whether a package already reached the system; the
// agent asks it before delivering again a package whose previous delivery was interrupted by a crash.
type DeliveryChecker interface {
	Delivered(ctx context.Context, docID string) (bool, error)
}

// TxHandler is implemented by Handlers that write into the agent's own database: DeliverTx runs in the
// transaction that records the delivery and completes the job, so a delivery happens exactly once.
type TxHandler interface {
	DeliverTx(ctx context.Context, tx *sql.Tx, pkg Incoming) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, pkg Incoming) error

// Deliver calls f.
func (f HandlerFunc) Deliver(ctx context.Context, pkg Incoming) error { return f(ctx, pkg) }

// DirHandler writes each delivered package into Dir as "<doc id>.edxml", atomically: the bytes go to a temporary
// file whose name does not end in .edxml (so a department system watching for *.edxml never sees half a file),
// which is synced, renamed into place, and the directory synced, so a crash leaves either no file or all of it.
type DirHandler struct {
	// Dir is the delivery directory; it is created when missing.
	Dir string
}

// Deliver writes pkg into the directory.
func (h DirHandler) Deliver(ctx context.Context, pkg Incoming) error {
	name, err := h.fileName(pkg.DocID)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(h.Dir, 0o750); err != nil {
		return fmt.Errorf("exchange: delivery directory: %w", err)
	}
	src, err := pkg.Open()
	if err != nil {
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(h.Dir, "."+pkg.DocID+".*.part")
	if err != nil {
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := io.Copy(tmp, ctxReader{ctx, src}); err != nil {
		tmp.Close()
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("exchange: delivering %s: %w", pkg.DocID, err)
	}
	return syncDir(h.Dir)
}

// Delivered reports whether "<doc id>.edxml" is in the directory. A department system that moves files away as
// it takes them may see a package again after a crash in the instant between the rename and the agent's commit,
// so it should key its intake on the doc id.
func (h DirHandler) Delivered(_ context.Context, docID string) (bool, error) {
	name, err := h.fileName(docID)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(name)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// fileName refuses doc ids that would escape the directory (the id comes from the gateway).
func (h DirHandler) fileName(docID string) (string, error) {
	if docID == "" || docID == "." || docID == ".." || strings.ContainsAny(docID, `/\`+"\x00") {
		return "", fmt.Errorf("exchange: doc id %q cannot name a file", docID)
	}
	return filepath.Join(h.Dir, docID+".edxml"), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("exchange: syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("exchange: syncing %s: %w", dir, err)
	}
	return nil
}

// ctxReader stops a long copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
