package edoc

import (
	"errors"
	"io"
	"time"

	"github.com/vnegov/egov/vntime"
)

// NewStatus builds the status package with which from answers doc: ResponseFor names doc (sender, number and
// notation, promulgation date, DocumentId), Timestamp is at. It does not check the transition; see
// StatusMachine.CheckTransition and ValidateOptions.PreviousStatus.
func NewStatus(doc *MessageHeader, from Organization, code StatusCode, at time.Time, description string) *StatusPackage {
	docID := doc.DocumentID
	if docID == "" {
		docID = DocumentID(doc.From.OrganID, doc.PromulgationInfo.PromulgationDate, doc.Code)
	}
	return &StatusPackage{
		From: from,
		ResponseFor: ResponseFor{
			OrganID:          doc.From.OrganID,
			Code:             doc.Code.String(),
			PromulgationDate: doc.PromulgationInfo.PromulgationDate,
			DocumentID:       docID,
		},
		Code:        code,
		Description: description,
		Timestamp:   at.In(vntime.Location()).Truncate(time.Second),
		Traces:      []TraceHeader{{OrganID: from.OrganID, Timestamp: at.In(vntime.Location()).Truncate(time.Second)}},
	}
}

// ErrNotStatus reports a document package where a status package was expected.
var ErrNotStatus = errors.New("edoc: not a status package")

// ReadStatus reads a status package from r. It returns ErrNotStatus for a document package and an *Error for
// broken input.
func ReadStatus(r io.Reader, opts ReaderOptions) (*StatusPackage, error) {
	rd, err := NewReader(r, opts)
	if err != nil {
		return nil, err
	}
	if rd.Kind() != KindStatus {
		return nil, ErrNotStatus
	}
	for {
		if _, err := rd.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return rd.Status(), nil
			}
			return nil, err
		}
	}
}

// ReadHeader reads a document package's header and manifest from r, then the attachments' metadata, skipping
// their contents without decoding them (Size is -1, EncodedSize gives the base64 length).
func ReadHeader(r io.Reader, opts ReaderOptions) (*Package, error) {
	rd, err := NewReader(r, opts)
	if err != nil {
		return nil, err
	}
	for {
		if _, err := rd.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return rd.Package(), nil
			}
			return nil, err
		}
	}
}
