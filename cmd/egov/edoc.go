package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
)

// edocArea gathers the edXML verbs: validate, inspect, extract, new, status.
func edocArea() area {
	return area{
		name:    "edoc",
		summary: "edXML packages: validate, inspect, extract, build, answer with status",
		verbs: []verb{
			{name: "validate", summary: "check packages against QCVN 102 (strict) or axis practice (interop)", run: runEdocValidate},
			{name: "inspect", summary: "show a package's header and attachment list without decoding attachments", run: runEdocInspect},
			{name: "extract", summary: "write a package's attachments to a directory, streaming", run: runEdocExtract},
			{name: "new", summary: "build a package from a JSON description and files", run: runEdocNew},
			{name: "status", summary: "answer a package with a status package (01 received, 03 accepted…)", run: runEdocStatus},
		},
	}
}

// openInput opens a file argument ("-" is stdin; a directory is refused with a hint, inputs.go).
func (e *env) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), nil
	}
	return openFile(name, e.inputExts)
}

// edocRegistry loads the registry named by --registry: "" none, "default" the embedded one, else a CSV/JSON file
// loaded over the embedded one.
func edocRegistry(spec string) (*agencycode.Registry, error) {
	switch spec {
	case "":
		return nil, nil
	case "default":
		return agencycode.DefaultRegistry(), nil
	}
	rf := registryFlags{registry: spec}
	reg, _, err := rf.load()
	return reg, err
}

func runEdocValidate(e *env, args []string) int {
	fs := e.flags("validate", "egov edoc validate [--profile strict|interop] [--format text|json|junit|sarif] [--at DATE] [--registry default|FILE] [--previous CODE] (--sample | FILE...)\n\n"+inputsNote("*.edxml and *.xml"), true)
	profile := fs.String("profile", "strict", "strict (QCVN 102 as written) or interop (what the axis accepts)")
	at := fs.String("at", "", "validation date, YYYY-MM-DD or RFC 3339 (default: now in Vietnam)")
	registry := fs.String("registry", "", `check agency codes against a registry: "default" (embedded) or a CSV/JSON file`)
	previous := fs.String("previous", "", "for status packages: the status the document had before (e.g. 01)")
	sample := fs.Bool("sample", false, "validate the bundled sample package")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 && !*sample {
		return e.usageError(fs, "no file given (or --sample)")
	}
	files, ok := e.expandInputs(files, edxmlExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	opts, err := edocValidateOptions(*profile, *at, *registry, *previous)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	var reports []diag.File
	if *sample {
		rep, err := edoc.Validate(e.ctx, bytes.NewReader(edoc.SamplePackage()), opts)
		if err != nil {
			return e.fail(err)
		}
		reports = append(reports, diag.File{Name: "sample.edxml", Report: rep})
	}
	ioFailed := false
	for _, name := range files {
		if e.stderrIsTerminal() && len(files) > 1 {
			fmt.Fprintf(e.stderr, "%s %s…\n", e.msg("validating", "đang kiểm tra"), name)
		}
		rep, err := e.validateFile(name, opts)
		if err != nil {
			// Every input gets its result: an unreadable one is a finding, and the exit code says I/O error.
			d, c := inputFinding(err)
			rep = &diag.Report{Diagnostics: []diag.Diagnostic{d}}
			if c == exitUsage {
				ioFailed = true
				fmt.Fprintf(e.stderr, "egov: %s: %s\n", name, e.errText(err))
			}
		}
		reports = append(reports, diag.File{Name: name, Report: rep})
	}
	code = e.writeFindings(toolInfo(edoc.Rules()), reports)
	if ioFailed {
		return exitUsage
	}
	return code
}

// validateFile validates one package file ("-" is stdin); the error is an I/O failure.
func (e *env) validateFile(name string, opts edoc.ValidateOptions) (*diag.Report, error) {
	f, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return edoc.Validate(e.ctx, f, opts)
}

func edocValidateOptions(profile, at, registry, previous string) (edoc.ValidateOptions, error) {
	var opts edoc.ValidateOptions
	p, err := edoc.ParseProfile(profile)
	if err != nil {
		return opts, err
	}
	opts.Profile = p
	if opts.At, err = parseDay(at); err != nil {
		return opts, err
	}
	if at == "" {
		opts.At = time.Now()
	}
	if opts.Registry, err = edocRegistry(registry); err != nil {
		return opts, err
	}
	if previous != "" {
		c, err := edoc.ParseStatusCode(previous)
		if err != nil {
			return opts, err
		}
		opts.PreviousStatus = &c
	}
	return opts, nil
}

// brokenPackage reports in text a package the reader refused: a finding (exit 1) or an I/O failure (exit 2).
func (e *env) brokenPackage(name string, err error) int {
	d, code := inputFinding(err)
	if code == exitUsage {
		return e.fail(fmt.Errorf("%s: %w", name, err))
	}
	loc := ""
	if d.Line > 0 {
		loc = fmt.Sprintf(" %s %d", e.msg("line", "dòng"), d.Line)
	}
	fmt.Fprintf(e.stderr, "egov: %s:%s: %s [%s]\n", name, loc, d.Text(e.lang), d.Code)
	return exitFindings
}

// inspection is a result of `egov edoc inspect`: the header of a document package or the body of a status
// package, in the JSON form of the edoc model.
type inspection struct {
	File        string                `json:"file"`
	Kind        string                `json:"kind,omitempty"`
	Header      *edoc.MessageHeader   `json:"header,omitempty"`
	Traces      []edoc.TraceHeader    `json:"traces,omitempty"`
	Business    *edoc.Business        `json:"business,omitempty"`
	Status      *edoc.StatusPackage   `json:"status,omitempty"`
	Signatures  []edoc.SignatureInfo  `json:"signatures"`
	Attachments []inspectedAttachment `json:"attachments"`
	Diagnostics []diag.Diagnostic     `json:"diagnostics"`
}

// inspectedAttachment describes an attachment without decoding it.
type inspectedAttachment struct {
	ContentID      string `json:"content_id"`
	AttachmentName string `json:"attachment_name"`
	ContentType    string `json:"content_type"`
	Description    string `json:"description,omitempty"`
	EncodedSize    int64  `json:"encoded_size"`
	Line           int    `json:"line"`
}

func runEdocInspect(e *env, args []string) int {
	fs := e.flags("inspect", "egov edoc inspect [--format text|json] FILE...\n\n"+inputsNote("*.edxml and *.xml"), false)
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no FILE given")
	}
	files, ok := e.expandInputs(files, edxmlExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	results := make([]inspection, 0, len(files))
	exit := exitOK
	for _, name := range files {
		in, err := e.inspectFile(name)
		if err != nil {
			if e.format != "json" {
				exit = worse(exit, e.brokenPackage(name, err))
				continue
			}
			d, c := inputFinding(err)
			in.Diagnostics, exit = append(in.Diagnostics, d), worse(exit, c)
		}
		results = append(results, in)
	}
	if e.format == "json" {
		return worse(exit, e.writeFiles(results))
	}
	for i, in := range results {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		e.writeInspectText(in)
	}
	return exit
}

// inspectFile reads a package to its end without decoding the attachments.
func (e *env) inspectFile(name string) (inspection, error) {
	out := inspection{File: name, Signatures: []edoc.SignatureInfo{}, Attachments: []inspectedAttachment{},
		Diagnostics: noDiagnostics()}
	f, err := e.openInput(name)
	if err != nil {
		return out, err
	}
	defer f.Close()
	rd, err := edoc.NewReader(f, edoc.ReaderOptions{})
	if err != nil {
		return out, err
	}
	for {
		if _, err := rd.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return out, err
		}
	}
	p := rd.Package()
	if p.Signatures != nil {
		out.Signatures = p.Signatures
	}
	if rd.Kind() == edoc.KindStatus {
		out.Kind, out.Status = "status", rd.Status()
	} else {
		out.Kind, out.Header, out.Traces, out.Business = "document", &p.Header, p.Traces, p.Business
	}
	for _, a := range p.Attachments {
		out.Attachments = append(out.Attachments, inspectedAttachment{a.ContentID, a.AttachmentName, a.ContentType, a.Description, a.EncodedSize, a.Line})
	}
	return out, nil
}

func (e *env) writeInspectText(in inspection) {
	var b strings.Builder
	line := func(en, vi, val string) {
		if val != "" {
			fmt.Fprintf(&b, "%-16s %s\n", e.msg(en, vi)+":", val)
		}
	}
	line("File", "Tệp", in.File)
	if in.Status != nil {
		s := in.Status
		line("Kind", "Loại", e.msg("status package", "gói tin trạng thái"))
		line("From", "Nơi gửi", s.From.OrganID+" "+s.From.OrganName)
		line("Status", "Trạng thái", s.Code.Code()+" "+e.msg(s.Code.String(), s.Code.StringVI()))
		line("Answers", "Trả lời", s.ResponseFor.DocumentID)
		line("Description", "Mô tả", s.Description)
		if !s.Timestamp.IsZero() {
			line("Timestamp", "Thời điểm", edoc.FormatTimestamp(s.Timestamp))
		}
	} else if h := in.Header; h != nil {
		line("Kind", "Loại", e.msg("document package", "gói tin văn bản"))
		line("From", "Nơi gửi", h.From.OrganID+" "+h.From.OrganName)
		for _, to := range h.To {
			line("To", "Nơi nhận", to.OrganID+" "+to.OrganName)
		}
		line("DocumentId", "DocumentId", h.DocumentID)
		line("Number", "Số, ký hiệu", h.Code.String())
		if !h.PromulgationInfo.PromulgationDate.IsZero() {
			line("Date", "Ngày ban hành", edoc.FormatDate(h.PromulgationInfo.PromulgationDate))
		}
		line("Type", "Loại văn bản", h.DocumentType.TypeName)
		line("Subject", "Trích yếu", h.Subject)
		line("Signer", "Người ký", strings.TrimSpace(h.SignerInfo.Competence+" "+h.SignerInfo.FullName))
		if in.Business != nil {
			line("Business", "Nghiệp vụ", e.msg(in.Business.DocType.String(), in.Business.DocType.StringVI()))
		}
	}
	if len(in.Signatures) == 0 {
		line("Signatures", "Chữ ký số", e.msg("none", "không có"))
	}
	for _, s := range in.Signatures {
		line("Signature", "Chữ ký số", fmt.Sprintf("%s %d, %s", e.msg("line", "dòng"), s.Line, s.SignatureMethod))
	}
	for _, a := range in.Attachments {
		line("Attachment", "Tệp đính kèm", fmt.Sprintf("%s %s (%s, ~%d %s)", a.ContentID, a.AttachmentName, a.ContentType, a.EncodedSize*3/4, e.msg("bytes", "byte")))
	}
	io.WriteString(e.stdout, b.String())
}

// extraction is the result of `egov edoc extract`: the package and the files written from it.
type extraction struct {
	File        string            `json:"file"`
	Attachments []extracted       `json:"attachments"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

// extracted is one file written by `egov edoc extract`.
type extracted struct {
	ContentID string `json:"content_id"`
	Path      string `json:"path"`
	Bytes     int64  `json:"bytes"`
}

// safeName makes an attachment name usable as a file name inside the target directory.
func safeName(name string, i int, used map[string]bool) string {
	base := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	base = strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, base)
	if base == "" || base == "." || base == ".." || base == "/" {
		base = "attachment-" + strconv.Itoa(i+1)
	}
	cand := base
	for n := 2; used[strings.ToLower(cand)]; n++ {
		ext := filepath.Ext(base)
		cand = strings.TrimSuffix(base, ext) + "-" + strconv.Itoa(n) + ext
	}
	used[strings.ToLower(cand)] = true
	return cand
}

func runEdocExtract(e *env, args []string) int {
	fs := e.flags("extract", "egov edoc extract [--overwrite] [--format text|json] FILE DIR\n\n"+
		"FILE - reads stdin. A file already in DIR under an attachment's name is not replaced unless --overwrite is given.", false)
	overwrite := overwriteFlag(fs)
	pos, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 {
		return e.usageError(fs, "want FILE and DIR")
	}
	f, err := e.openInput(pos[0])
	if err != nil {
		return e.fail(err)
	}
	defer f.Close()
	if err := os.MkdirAll(pos[1], 0o755); err != nil {
		return e.fail(err)
	}
	out, err := e.extractAll(f, pos[1], *overwrite)
	if e.format == "json" {
		res := extraction{File: pos[0], Attachments: out, Diagnostics: noDiagnostics()}
		exit := exitOK
		if err != nil {
			var d diag.Diagnostic
			d, exit = inputFinding(err)
			res.Diagnostics = append(res.Diagnostics, d)
		}
		return worse(exit, e.writeFiles([]extraction{res}))
	}
	for _, x := range out {
		fmt.Fprintf(e.stdout, "%s\t%d\t%s\n", x.Path, x.Bytes, x.ContentID)
	}
	if err != nil {
		return e.brokenPackage(pos[0], err)
	}
	return exitOK
}

// extractAll writes the attachments of the package read from r into dir and returns those written, also when it
// stops at a malformed package (an *edoc.Error), an I/O error or an existing file it may not replace (an
// *existsError); an attachment is written under a temporary name and renamed when complete (outputs.go), so none
// is left in part.
func (e *env) extractAll(r io.Reader, dir string, overwrite bool) ([]extracted, error) {
	out := []extracted{}
	rd, err := edoc.NewReader(r, edoc.ReaderOptions{})
	if err != nil {
		return out, err
	}
	used := map[string]bool{}
	for i := 0; ; i++ {
		a, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		path := filepath.Join(dir, safeName(a.AttachmentName, i, used))
		if _, err := os.Lstat(path); err == nil && !overwrite {
			return out, &existsError{path} // refused before the attachment is decoded
		}
		var n int64
		err = e.writeOutput(path, overwrite, func(w io.Writer) (err error) {
			n, err = io.Copy(w, a.Content)
			return err
		})
		if err != nil {
			return out, err
		}
		out = append(out, extracted{ContentID: a.ContentID, Path: path, Bytes: n})
		if e.stderrIsTerminal() {
			fmt.Fprintf(e.stderr, "%s %s (%d bytes)\n", e.msg("extracted", "đã trích"), path, n)
		}
	}
}

// contentType guesses a file's media type from its extension, then from its first bytes.
func contentType(path string) (string, error) {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(path))); t != "" {
		mt, _, _ := mime.ParseMediaType(t)
		return mt, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var head [512]byte
	n, _ := io.ReadFull(f, head[:])
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(head[:n]))
	return mt, nil
}

// built is the result of `egov edoc new`: the package written.
type built struct {
	File            string            `json:"file"`
	DocumentID      string            `json:"document_id"`
	AttachmentCount int               `json:"attachment_count"`
	Diagnostics     []diag.Diagnostic `json:"diagnostics"`
}

const edocNewUsage = `egov edoc new --meta META.json --attach FILE... -o OUT.edxml [--at TIME] [--format text|json]

META.json describes the document with snake_case keys (docs/output.md, "edoc new"):
  {"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
   "to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}],
   "number": "231", "notation": "QĐ-VPCP", "date": "2024/05/10", "place": "Hà Nội",
   "type": 1, "type_name": "Quyết định", "subject": "…", "signer": {"full_name": "…"},
   "priority": 1, "business_type": "new"}
Inside from, to, signer and staff the edXML element names of earlier releases (OrganId, OrganName, FullName…)
are still accepted for one release, with a warning on stderr.`

func runEdocNew(e *env, args []string) int {
	fs := e.flags("new", edocNewUsage, false)
	meta := fs.String("meta", "", "JSON description of the document (snake_case keys, see below)")
	outPath := fs.String("o", "", "output package file (- for stdout)")
	at := fs.String("at", "", "sending time for the trace header, YYYY-MM-DD or RFC 3339 (default: now)")
	force := fs.Bool("force", false, "write the package even when egov's own validator rejects it")
	overwrite := overwriteFlag(fs)
	var attach []string
	fs.Func("attach", "file to attach (repeat for several)", func(s string) error { attach = append(attach, s); return nil })
	pos, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	attach = append(attach, pos...)
	if *meta == "" || *outPath == "" {
		return e.usageError(fs, "--meta and -o are required")
	}
	if c := e.prepareOutput(fs, *outPath, *overwrite); c >= 0 {
		return c
	}
	when, err := parseDay(*at)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if *at == "" {
		when = time.Now()
	}
	mf, err := e.openInput(*meta)
	if err != nil {
		return e.fail(err)
	}
	m, deprecated, err := edoc.DecodeMeta(mf)
	mf.Close()
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", *meta, err))
	}
	for _, d := range deprecated {
		e.note("egov: "+*meta+": deprecated key "+d+" (edXML names are accepted until the next release)",
			"egov: "+*meta+": khóa cũ "+d+" (tên phần tử edXML chỉ còn được chấp nhận đến phiên bản sau)")
	}
	p, err := m.Build(when)
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", *meta, err))
	}
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, path := range attach {
		ct, err := contentType(path)
		if err != nil {
			return e.fail(err)
		}
		f, err := openFile(path, nil)
		if err != nil {
			return e.fail(err)
		}
		files = append(files, f)
		p.Attachments = append(p.Attachments, edoc.Attachment{AttachmentName: filepath.Base(path), ContentType: ct, Content: f})
	}
	return e.writeChecked(*outPath, *force, *overwrite, when, func(w io.Writer) error { return edoc.Write(w, p) }, func(rep *diag.Report) int {
		if e.format == "json" {
			return max(e.writeFiles([]built{{File: *outPath, DocumentID: p.Header.DocumentID,
				AttachmentCount: len(p.Attachments), Diagnostics: append(noDiagnostics(), rep.Diagnostics...)}}), builtExit(rep))
		}
		if len(rep.Diagnostics) > 0 {
			if err := diag.WriteText(e.stderr, e.lang, []diag.File{{Name: *outPath, Report: rep}}); err != nil {
				return e.fail(err)
			}
		}
		if *outPath != "-" && !(rep.HasErrors() && !*force) {
			fmt.Fprintf(e.stdout, "%s\t%s\t%d\n", *outPath, p.Header.DocumentID, len(p.Attachments))
		}
		return builtExit(rep)
	})
}

// writeChecked writes a package built by the command to path ("-" for stdout) by the output rule of every verb
// (outputs.go: a temporary file in the output's directory renamed into place, an existing file kept unless
// overwrite), but validates what was written first (edoc.Validate, strict profile, at the time the package was
// built): a package that egov's own validator rejects is not put in place, its findings are printed and the exit
// code is 1, unless force asks to write it anyway. done receives the findings (warnings, or the errors that force
// let through).
func (e *env) writeChecked(path string, force, overwrite bool, at time.Time, write func(io.Writer) error, done func(*diag.Report) int) int {
	var rep *diag.Report
	placed, err := e.fillOutput(path, overwrite, func(tmp *os.File) (bool, error) {
		if err := write(tmp); err != nil {
			return false, err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return false, err
		}
		var err error
		if rep, err = edoc.Validate(e.ctx, tmp, edoc.ValidateOptions{Profile: edoc.Strict, At: at}); err != nil {
			return false, err
		}
		return !rep.HasErrors() || force, nil
	})
	if err != nil {
		return e.outputError(err)
	}
	if !placed {
		e.note("egov: "+path+": not written, egov's own validator rejects it (--force writes it anyway)",
			"egov: "+path+": không ghi tệp vì bộ kiểm tra của egov không chấp nhận gói tin (--force để vẫn ghi)")
	}
	return done(rep)
}

// builtExit is the exit code of a builder verb: 1 when the package has error findings (refused, or forced).
func builtExit(rep *diag.Report) int {
	if rep.HasErrors() {
		return exitFindings
	}
	return exitOK
}

// answered is the result of `egov edoc status`: the status package written.
type answered struct {
	File        string            `json:"file"`
	Code        edoc.StatusCode   `json:"code"`
	DocumentID  string            `json:"document_id"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

func runEdocStatus(e *env, args []string) int {
	fs := e.flags("status", "egov edoc status --for PACKAGE --code CODE [--from ORGANID] [--description TEXT] [--previous CODE] [--at TIME] [-o OUT]", false)
	forPath := fs.String("for", "", "the document package answered")
	codeStr := fs.String("code", "", "status code: 01 received, 02 rejected, 03 accepted, 04 assigned, 05 processing, 06 done, 13, 15, 16")
	from := fs.String("from", "", "agency code of the answering agency (default: the package's first receiver)")
	desc := fs.String("description", "", "description, e.g. the reason of a rejection")
	previous := fs.String("previous", "", "the document's current status: the new one must be allowed to follow it")
	at := fs.String("at", "", "time of the status, YYYY-MM-DD or RFC 3339 (default: now)")
	outPath := fs.String("o", "-", "output file (- for stdout)")
	force := fs.Bool("force", false, "write the status package even when egov's own validator rejects it")
	overwrite := overwriteFlag(fs)
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	if *forPath == "" || *codeStr == "" {
		return e.usageError(fs, "--for and --code are required")
	}
	if c := e.prepareOutput(fs, *outPath, *overwrite); c >= 0 {
		return c
	}
	sc, err := edoc.ParseStatusCode(*codeStr)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if !sc.Known() {
		return e.usageError(fs, fmt.Sprintf(e.msg("status code %s is not one of 01–06, 13, 15, 16", "mã trạng thái %s không thuộc 01–06, 13, 15, 16"), sc.Code()))
	}
	when, err := parseDay(*at)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if *at == "" {
		when = time.Now()
	}
	f, err := e.openInput(*forPath)
	if err != nil {
		return e.fail(err)
	}
	rd, err := edoc.NewReader(f, edoc.ReaderOptions{})
	if err == nil && rd.Kind() == edoc.KindStatus {
		f.Close()
		return e.usageError(fs, *forPath+" is a status package: --for takes the document package being answered")
	}
	var p *edoc.Package
	if err == nil {
		p = rd.Package() // the header is read eagerly; the answer needs nothing of the attachments
	}
	f.Close()
	if err != nil {
		return e.brokenPackage(*forPath, err)
	}
	sender := edoc.Organization{OrganID: *from}
	if *from == "" {
		if len(p.Header.To) == 0 {
			return e.usageError(fs, "the package names no receiver: give --from")
		}
		sender = p.Header.To[0]
	} else {
		for _, to := range p.Header.To {
			if to.OrganID == *from {
				sender = to
			}
		}
	}
	if *previous != "" {
		prev, err := edoc.ParseStatusCode(*previous)
		if err != nil {
			return e.usageError(fs, e.errText(err))
		}
		if err := edoc.DefaultStatusMachine().CheckTransition(prev, sc, edoc.PartyAny); err != nil {
			var te *edoc.TransitionError
			if errors.As(err, &te) {
				fmt.Fprintf(e.stderr, "egov: %s\n", e.msg(te.Message(), te.MessageVI()))
			} else {
				fmt.Fprintf(e.stderr, "egov: %s\n", e.errText(err))
			}
			return exitFindings
		}
	}
	sp := edoc.NewStatus(&p.Header, sender, sc, when, *desc)
	return e.writeChecked(*outPath, *force, *overwrite, when, func(w io.Writer) error { return edoc.WriteStatus(w, sp) }, func(rep *diag.Report) int {
		if e.format == "json" {
			return max(e.writeFiles([]answered{{File: *outPath, Code: sc, DocumentID: sp.ResponseFor.DocumentID,
				Diagnostics: append(noDiagnostics(), rep.Diagnostics...)}}), builtExit(rep))
		}
		if len(rep.Diagnostics) > 0 {
			if err := diag.WriteText(e.stderr, e.lang, []diag.File{{Name: *outPath, Report: rep}}); err != nil {
				return e.fail(err)
			}
		}
		if *outPath != "-" && !(rep.HasErrors() && !*force) {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", *outPath, sc.Code(), sp.ResponseFor.DocumentID)
		}
		return builtExit(rep)
	})
}
