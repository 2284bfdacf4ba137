// Command edoc-receive is what a receiving document system does with an edXML package from the axis: validate it
// (Interop profile: the quirks real producers emit are warnings), answer 01 (đã đến) at once, extract the
// attachments to a directory in one streaming pass, then answer 03 (đã tiếp nhận) once the clerk has the files,
// as NĐ 30/2020 Điều 21 asks (confirmation the same day). A broken package is answered 02 (từ chối) with the
// findings as reason.
//
//	go run ./examples/edoc-send -o congvan.edxml
//	go run ./examples/edoc-receive -in congvan.edxml -dir inbox
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

func main() {
	in := flag.String("in", "congvan.edxml", "the package received")
	dir := flag.String("dir", "inbox", "where to put the attachments and the status packages")
	flag.Parse()
	if err := run(*in, *dir, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "edoc-receive:", err)
		os.Exit(1)
	}
}

func run(inPath, dir string, now time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// 1. Validate (one streaming pass).
	f, err := os.Open(inPath)
	if err != nil {
		return err
	}
	rep, err := edoc.Validate(context.Background(), f, edoc.ValidateOptions{Profile: edoc.Interop, At: now})
	f.Close()
	if err != nil {
		return err
	}
	// 2. Read the header again, extract the attachments (second streaming pass).
	f, err = os.Open(inPath)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := edoc.NewReader(f, edoc.ReaderOptions{})
	if err != nil {
		return fmt.Errorf("%s cannot be read, nobody to answer: %w", inPath, err)
	}
	header := rd.Package().Header
	me := edoc.Organization{OrganID: "000.00.00.G12", OrganName: "Bộ Tài chính"}
	if len(header.To) > 0 {
		me = header.To[0]
	}
	answer := func(code edoc.StatusCode, why string) error {
		sp := edoc.NewStatus(&header, me, code, now, why)
		path := filepath.Join(dir, "status-"+code.Code()+".edxml")
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := edoc.WriteStatus(out, sp); err != nil {
			out.Close()
			return err
		}
		fmt.Printf("answered %s (%s): %s\n", code.Code(), code.StringVI(), path)
		return out.Close()
	}
	if err := answer(edoc.StatusReceived, "Đã đến"); err != nil {
		return err
	}
	if !rep.Valid() {
		var reasons []string
		for _, d := range rep.Diagnostics {
			if d.Severity == diag.Error {
				reasons = append(reasons, d.Code+": "+d.MessageVI)
			}
		}
		return answer(edoc.StatusRejected, strings.Join(reasons, "; "))
	}
	for {
		a, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		name := filepath.Base(filepath.Clean("/" + a.AttachmentName)) // never outside dir
		if name == "/" || name == "." {
			name = "attachment"
		}
		path := filepath.Join(dir, name)
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		n, err := io.Copy(out, a.Content)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Printf("extracted %s (%d bytes)\n", path, n)
	}
	if !edoc.DefaultStatusMachine().CanFollow(edoc.StatusReceived, edoc.StatusAccepted) {
		return fmt.Errorf("the status machine does not allow 03 after 01")
	}
	return answer(edoc.StatusAccepted, "Đã tiếp nhận")
}
