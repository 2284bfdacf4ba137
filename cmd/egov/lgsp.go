package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// lgspArea gathers the gateway verbs: a local sandbox gateway and a client of the document-exchange axis.
func lgspArea() area {
	return area{
		name:    "lgsp",
		summary: "document-exchange gateways: local sandbox, send, inbox, get, status, sent, agencies",
		verbs: []verb{
			{name: "sandbox", summary: "serve a local stand-in gateway (vxp at /, ltvb under /v1/, tokens at /token)", run: runLgspSandbox},
			{name: "send", summary: "validate and send packages, one result per file", run: runLgspSend},
			{name: "inbox", summary: "list the packages received (all pages)", run: runLgspInbox},
			{name: "get", summary: "download a package and validate it", run: runLgspGet},
			{name: "status", summary: "set the delivery status of a received package", run: runLgspStatus},
			{name: "sent", summary: "list the packages sent, one entry per recipient (all pages)", run: runLgspSent},
			{name: "agencies", summary: "list the agencies known to the gateway", run: runLgspAgencies},
			{name: "agent", summary: "the durable exchange agent: run, enqueue, status, retry", run: runLgspAgent},
		},
	}
}

// lgspSecretEnv holds the system's secret when --secret-file is not given; a secret is never a flag value, so
// it does not show in process lists and shell history.
const lgspSecretEnv = "EGOV_LGSP_SECRET"

// lgspClientFlags are the flags every client verb shares.
type lgspClientFlags struct {
	endpoint, profile, systemID, secretFile, username string
	verbose                                           bool
	timeout                                           time.Duration
}

func (f *lgspClientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.endpoint, "endpoint", "", "the gateway's base URL, e.g. http://127.0.0.1:8480 (required)")
	fs.StringVar(&f.profile, "profile", "vxp", "wire profile: vxp (national axis) or ltvb (provincial REST)")
	fs.StringVar(&f.systemID, "system-id", "", "this system's id at the gateway (required)")
	fs.StringVar(&f.secretFile, "secret-file", "", "file holding the system's secret (else $"+lgspSecretEnv+")")
	fs.StringVar(&f.username, "username", "", "ltvb login user (default: the system id; password: the secret)")
	fs.BoolVar(&f.verbose, "verbose", false, "debug logging on stderr, credentials redacted (also EGOV_LOG=debug)")
	fs.DurationVar(&f.timeout, "timeout", 0, "time limit of one attempt (default 2m)")
}

func (f *lgspClientFlags) secret() (string, error) {
	if f.secretFile != "" {
		b, err := os.ReadFile(f.secretFile)
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
	}
	if s := os.Getenv(lgspSecretEnv); s != "" {
		return s, nil
	}
	return "", fmt.Errorf("no secret: give --secret-file FILE or set %s", lgspSecretEnv)
}

// axis builds the client the flags describe.
func (f *lgspClientFlags) axis(e *env, opts lgsp.AxisOptions) (lgsp.Axis, error) {
	if f.endpoint == "" || f.systemID == "" {
		return nil, errors.New("--endpoint and --system-id are required")
	}
	profile, err := lgsp.ParseProfile(f.profile)
	if err != nil {
		return nil, err
	}
	secret, err := f.secret()
	if err != nil {
		return nil, err
	}
	cfg := lgsp.Config{BaseURL: f.endpoint, SystemID: f.systemID, AttemptTimeout: f.timeout}
	if f.verbose || os.Getenv("EGOV_LOG") == "debug" {
		cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	switch profile {
	case lgsp.VXP:
		cfg.Auth = lgsp.HMACSignature{SystemID: f.systemID, Secret: []byte(secret)}
	case lgsp.LTVB:
		user := f.username
		if user == "" {
			user = f.systemID
		}
		login := lgsp.LoginTokenSource(e.ctx, lgsp.LoginCredentials{
			LoginURL: strings.TrimRight(f.endpoint, "/") + "/v1/auth/login?allow_anonymous=true", Username: user, Password: secret}, nil, 0)
		cfg.Auth = lgsp.Chain(lgsp.StaticKeys{SystemID: f.systemID, SecretKey: secret}, lgsp.Bearer{Source: login})
	}
	opts.Profile = profile
	return lgsp.NewAxis(cfg, opts)
}

// lgspFailure reports a failed call: exit 1 for a package refused for its findings, 2 otherwise.
func (e *env) lgspFailure(err error) int {
	var ve *lgsp.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintf(e.stderr, "egov %s: %s\n", e.command, e.errText(err))
		return exitFindings
	}
	fmt.Fprintf(e.stderr, "egov %s: %s\n", e.command, e.errText(err))
	return exitUsage
}

// lgspFileResult is one file's entry in the JSON of send and get.
type lgspFileResult struct {
	File        string            `json:"file"`
	DocID       string            `json:"doc_id,omitempty"`
	HashFile    string            `json:"hash_file,omitempty"`
	Size        int64             `json:"size,omitempty"`
	Attempts    int               `json:"attempts,omitempty"`
	Recovered   bool              `json:"recovered,omitempty"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Error       string            `json:"error,omitempty"`
	// unreadable marks a file that could not be opened: exit 2 rather than 1.
	unreadable bool
	// errText is Error in the language of the invocation, for the text output.
	errText string
}

func diagnostics(r *diag.Report) []diag.Diagnostic {
	if r == nil {
		return []diag.Diagnostic{}
	}
	return append([]diag.Diagnostic{}, r.Diagnostics...)
}

func runLgspSend(e *env, args []string) int {
	fs := e.flags("send", "egov lgsp send --endpoint URL --system-id ID [--secret-file FILE] [--to ORGAN_ID,...] [--validation strict|interop|off] FILE...\n\n"+inputsNote("*.edxml and *.xml"), false)
	var cf lgspClientFlags
	cf.register(fs)
	to := fs.String("to", "", "recipients' organ ids, comma-separated (default: the To agencies of each package)")
	validation := fs.String("validation", "strict", "validate before sending: strict, interop or off")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no file given")
	}
	files, ok := e.expandInputs(files, edxmlExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	policy, err := validationPolicy(*validation)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	axis, err := cf.axis(e, lgsp.AxisOptions{Validation: policy})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	var recipients []string
	for _, o := range strings.Split(*to, ",") {
		if o = strings.TrimSpace(o); o != "" {
			recipients = append(recipients, o)
		}
	}
	results := make([]lgspFileResult, 0, len(files))
	exit := exitOK
	for _, name := range files {
		r := e.sendFile(axis, name, recipients)
		switch {
		case r.unreadable:
			exit = worse(exit, exitUsage)
		case r.Error != "":
			exit = worse(exit, exitFindings)
		}
		results = append(results, r)
	}
	if e.format == "json" {
		if c := e.writeJSON(map[string]any{"files": results}); c != exitOK {
			return c
		}
	} else {
		for _, r := range results {
			if r.Error != "" {
				fmt.Fprintf(e.stdout, "%s: %s: %s\n", r.File, e.msg("failed", "lỗi"), r.errText)
				continue
			}
			fmt.Fprintf(e.stdout, "%s: %s %s (%d %s)\n", r.File, e.msg("sent as", "đã gửi, mã"), r.DocID, r.Attempts, e.msg("attempt(s)", "lần gửi"))
		}
	}
	return exit
}

func validationPolicy(s string) (lgsp.ValidationPolicy, error) {
	if s == "off" {
		return lgsp.ValidationPolicy{Off: true}, nil
	}
	p, err := edoc.ParseProfile(s)
	return lgsp.ValidationPolicy{Profile: p}, err
}

func (e *env) sendFile(axis lgsp.Axis, name string, to []string) lgspFileResult {
	r := lgspFileResult{File: name, Diagnostics: []diag.Diagnostic{}}
	f, err := e.openInput(name)
	if err != nil {
		// An unreadable input is a result with EGOV-001 (exit 2), like every verb taking files.
		d, _ := inputFinding(err)
		r.Error, r.errText, r.unreadable = err.Error(), e.errText(err), true
		r.Diagnostics = []diag.Diagnostic{d}
		return r
	}
	defer f.Close()
	res, err := axis.Send(e.ctx, f, lgsp.SendOptions{To: to})
	var ve *lgsp.ValidationError
	if errors.As(err, &ve) {
		r.Diagnostics = diagnostics(ve.Report)
	}
	if res != nil {
		r.DocID, r.HashFile, r.Size, r.Attempts, r.Recovered = res.DocID, res.HashFile, res.Size, res.Attempts, res.Recovered
		if res.Report != nil {
			r.Diagnostics = diagnostics(res.Report)
		}
	}
	if err != nil {
		r.Error, r.errText = err.Error(), e.errText(err)
	}
	return r
}

func runLgspInbox(e *env, args []string) int {
	fs := e.flags("inbox", "egov lgsp inbox --endpoint URL --system-id ID [--secret-file FILE] [--limit N] [--message-type edoc|status]", false)
	var cf lgspClientFlags
	cf.register(fs)
	limit := fs.Int("limit", 0, "list at most N entries (default: all)")
	mt := fs.String("message-type", "", "only this message type: edoc, status, …")
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	axis, err := cf.axis(e, lgsp.AxisOptions{})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	results := []lgsp.ReceivedDoc{}
	for it, err := range lgsp.AllReceived(e.ctx, axis, lgsp.ListFilter{MessageType: lgsp.MessageType(*mt)}, *limit) {
		if err != nil {
			return e.lgspFailure(err)
		}
		results = append(results, it)
	}
	if e.format == "json" {
		return e.writeJSON(map[string]any{"results": results})
	}
	for _, d := range results {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", d.DocID, d.From, d.MessageType, d.Status, formatTime(d.Created))
	}
	return exitOK
}

func runLgspSent(e *env, args []string) int {
	fs := e.flags("sent", "egov lgsp sent --endpoint URL --system-id ID [--secret-file FILE] [--limit N]", false)
	var cf lgspClientFlags
	cf.register(fs)
	limit := fs.Int("limit", 0, "list at most N entries (default: all)")
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	axis, err := cf.axis(e, lgsp.AxisOptions{})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	results := []lgsp.SentDoc{}
	for it, err := range lgsp.AllSent(e.ctx, axis, lgsp.ListFilter{}, *limit) {
		if err != nil {
			return e.lgspFailure(err)
		}
		results = append(results, it)
	}
	if e.format == "json" {
		return e.writeJSON(map[string]any{"results": results})
	}
	for _, d := range results {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", d.SenderDocID, d.ToCode, d.Notation, d.ReceiveStatus, formatTime(d.SentTime))
	}
	return exitOK
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func runLgspGet(e *env, args []string) int {
	fs := e.flags("get", "egov lgsp get --endpoint URL --system-id ID [--secret-file FILE] [--validation strict|interop|off] DOCID -o FILE", false)
	var cf lgspClientFlags
	cf.register(fs)
	out := fs.String("o", "", "write the package to FILE (required; - for stdout)")
	validation := fs.String("validation", "interop", "validate the package received: strict, interop or off")
	overwrite := overwriteFlag(fs)
	ids, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(ids) != 1 || *out == "" {
		return e.usageError(fs, "give one DOCID and -o FILE")
	}
	if c := e.prepareOutput(fs, *out, *overwrite); c >= 0 {
		return c
	}
	policy, err := validationPolicy(*validation)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	policy.AcceptInvalid = true // the file is kept; the findings say what is wrong
	axis, err := cf.axis(e, lgsp.AxisOptions{Validation: policy})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	var res *lgsp.GetResult
	err = e.writeOutput(*out, *overwrite, func(w io.Writer) (err error) {
		res, err = axis.Get(e.ctx, ids[0], w)
		return err
	})
	var ee *existsError
	if errors.As(err, &ee) {
		return e.outputError(err)
	}
	if err != nil {
		return e.lgspFailure(err)
	}
	r := lgspFileResult{File: *out, DocID: ids[0], Size: res.Size, Diagnostics: diagnostics(res.Report)}
	if e.format == "json" {
		if c := e.writeJSON(map[string]any{"files": []lgspFileResult{r}}); c != exitOK {
			return c
		}
	} else {
		fmt.Fprintf(e.stdout, "%s: %d %s\n", *out, res.Size, e.msg("bytes", "byte"))
		for _, d := range r.Diagnostics {
			fmt.Fprintf(e.stdout, "  %s %s: %s\n", e.severity(d.Severity), d.Code, d.Text(e.lang))
		}
	}
	if res.Report != nil && res.Report.HasErrors() {
		return exitFindings
	}
	return exitOK
}

func runLgspStatus(e *env, args []string) int {
	fs := e.flags("status", "egov lgsp status --endpoint URL --system-id ID [--secret-file FILE] DOCID --set acceptance|rejection|processing|done|fail", false)
	var cf lgspClientFlags
	cf.register(fs)
	set := fs.String("set", "", "the delivery status: inbox, acceptance, rejection, assignment, processing, done, fail, cancellation")
	ids, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(ids) != 1 {
		return e.usageError(fs, "give one DOCID")
	}
	s, err := lgsp.ParseDeliveryStatus(*set)
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	axis, err := cf.axis(e, lgsp.AxisOptions{})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if err := axis.UpdateStatus(e.ctx, ids[0], s); err != nil {
		return e.lgspFailure(err)
	}
	if e.format == "json" {
		return e.writeJSON(map[string]any{"results": []map[string]string{{"doc_id": ids[0], "status": string(s)}}})
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", ids[0], s)
	return exitOK
}

// agencyResult is one agency in the JSON of agencies.
type agencyResult struct {
	lgsp.Agency
	AgencyCode string `json:"agency_code,omitempty"`
}

func runLgspAgencies(e *env, args []string) int {
	fs := e.flags("agencies", "egov lgsp agencies --endpoint URL --system-id ID [--secret-file FILE]", false)
	var cf lgspClientFlags
	cf.register(fs)
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	axis, err := cf.axis(e, lgsp.AxisOptions{})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	list, err := axis.Agencies(e.ctx)
	if err != nil {
		return e.lgspFailure(err)
	}
	results := make([]agencyResult, 0, len(list))
	for _, a := range list {
		results = append(results, agencyResult{Agency: a, AgencyCode: a.AgencyCode.String()})
	}
	if e.format == "json" {
		return e.writeJSON(map[string]any{"results": results})
	}
	for _, a := range results {
		fmt.Fprintf(e.stdout, "%s\t%s\n", a.Code, a.Name)
	}
	return exitOK
}

func runLgspSandbox(e *env, args []string) int {
	fs := e.flags("sandbox", "egov lgsp sandbox [--addr 127.0.0.1:PORT] [--systems FILE] [--faults RATE] [--latency DUR] [--data DIR]", false)
	// A server prints no report: its notes go to stderr, so --format accepts text only (docs/output.md).
	fs.Lookup("format").Usage = "output format: text"
	addr := fs.String("addr", "127.0.0.1:8480", "address to listen on")
	systemsFile := fs.String("systems", "", `JSON array of {"system_id","secret","organ_id","name"} (default: the demo systems)`)
	faults := fs.Float64("faults", 0, "share of requests given an injected fault, 0 to 1")
	kinds := fs.String("fault-kinds", "", "comma-separated faults to draw from: 429,503,drop,after-500,after-drop,after-malformed (default all)")
	latency := fs.Duration("latency", 0, "latency added to every request")
	data := fs.String("data", "", "directory keeping the store across restarts")
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	opts := lgsptest.Options{DataDir: *data, Faults: lgsptest.Faults{Rate: *faults, Latency: *latency, RetryAfter: time.Second}}
	if *faults < 0 || *faults > 1 {
		return e.usageError(fs, "--faults must be between 0 and 1")
	}
	var err error
	if opts.Faults.Kinds, err = lgsptest.ParseFaults(*kinds); err != nil {
		return e.usageError(fs, e.errText(err))
	}
	if *systemsFile != "" {
		b, err := os.ReadFile(*systemsFile)
		if err != nil {
			return e.fail(err)
		}
		if err := json.Unmarshal(b, &opts.Systems); err != nil {
			return e.usageError(fs, fmt.Sprintf("--systems %s: %s", *systemsFile, e.errText(err)))
		}
	}
	g, err := lgsptest.New(opts)
	if err != nil {
		return e.fail(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.fail(err)
	}
	return e.serveSandbox(g, ln, opts)
}

func (e *env) serveSandbox(g *lgsptest.Gateway, ln net.Listener, opts lgsptest.Options) int {
	url := "http://" + ln.Addr().String()
	e.note("egov lgsp sandbox listening on "+url+" (vxp at /, ltvb under /v1/, tokens at /token, SOAP under /soap/, portal under /portal/)",
		"egov lgsp sandbox đang chạy tại "+url+" (vxp tại /, ltvb tại /v1/, token tại /token, SOAP tại /soap/, cổng DVC tại /portal/)")
	if len(opts.Systems) == 0 {
		e.note("demo systems (system_id secret organ_id):", "hệ thống mẫu (system_id secret organ_id):")
		for _, s := range lgsptest.DemoSystems() {
			fmt.Fprintf(e.stderr, "  %s %s %s\n", s.ID, s.Secret, s.OrganID)
		}
	}
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: g, ReadHeaderTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return e.fail(err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return e.fail(err)
	}
	<-errc
	e.note("egov lgsp sandbox stopped", "egov lgsp sandbox đã dừng")
	return exitOK
}
