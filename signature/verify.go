package signature

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrUnknownFormat is returned by Verify when the input is neither XML nor a CMS/PKCS#7 signature.
var ErrUnknownFormat = errors.New("signature: input is neither XML, CMS (DER or PEM) nor PDF")

// ErrTooLarge is returned when the input exceeds VerifyOptions.MaxSize.
var ErrTooLarge = errors.New("signature: input larger than VerifyOptions.MaxSize")

// Verify verifies every signature of input, detecting its format: XML (XML-DSig, edXML) is streamed to
// VerifyXML; DER or PEM CMS/PKCS#7 goes to VerifyCMS (attached content; use VerifyCMS for detached content);
// a PDF goes to VerifyPDF, read in place from an *os.File, else spooled to VerifyOptions.TempDir.
// A signature that does not verify is a result in the Report, not an error; errors are for I/O failures,
// limits, cancellation and unrecognised input.
func Verify(ctx context.Context, input io.Reader, opts VerifyOptions) (*Report, error) {
	br := bufio.NewReaderSize(capSize(input, opts.maxSize()), 4096)
	head, err := br.Peek(64)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("signature: read input: %w", err)
	}
	switch detectFormat(head) {
	case FormatXMLDSig:
		return verifyXML(ctx, br, opts) // br reads through the size cap already
	case FormatCMS:
		data, err := io.ReadAll(br)
		if err != nil {
			return nil, fmt.Errorf("signature: read input: %w", err)
		}
		return VerifyCMS(ctx, data, nil, opts)
	case FormatPDF:
		return verifyPDFInput(ctx, input, br, opts)
	}
	return nil, ErrUnknownFormat
}

// detectFormat looks at the first bytes: '<' after an optional BOM and white space is XML; a DER SEQUENCE
// (0x30) or a PEM header is CMS.
func detectFormat(head []byte) Format {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if len(head) > 0 && head[0] == 0x30 {
		return FormatCMS
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<")):
		return FormatXMLDSig
	case bytes.HasPrefix(head, []byte("-----BEGIN ")):
		return FormatCMS
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return FormatPDF
	}
	return ""
}

// sizeCapReader is the one size limit of the package's readers (Verify, VerifyXML, SignXMLEnveloped): it
// fails with ErrTooLarge once the input has more than left bytes (io.LimitReader would silently truncate and
// turn an oversized document into a broken one, judged TOTAL_FAILED instead of refused).
type sizeCapReader struct {
	r    io.Reader
	left int64
}

// capSize wraps r in the size limit, keeping the length a bytes.Reader or strings.Reader reports.
func capSize(r io.Reader, limit int64) *sizeCapReader { return &sizeCapReader{r: r, left: limit} }

// Len reports the unread length of the wrapped reader when it tells it, 0 otherwise.
func (l *sizeCapReader) Len() int {
	if lr, ok := l.r.(interface{ Len() int }); ok {
		return lr.Len()
	}
	return 0
}

func (l *sizeCapReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// At the limit: one more byte means the input is too large; a read failure stays a read failure.
		var one [1]byte
		n, err := l.r.Read(one[:])
		switch {
		case n > 0:
			return 0, ErrTooLarge
		case err == nil:
			return 0, nil
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
