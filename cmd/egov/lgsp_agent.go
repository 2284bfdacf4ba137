package main

import (
	"encoding/json"
	"github.com/vnegov/egov/diag"

	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/exchange"
	"github.com/vnegov/egov/signature"
)

// runLgspAgent dispatches `egov lgsp agent run|enqueue|status|retry`: the durable exchange agent (lgsp/exchange).
func runLgspAgent(e *env, args []string) int {
	const usage = "egov lgsp agent run|enqueue|status|retry [flags]"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		e.scanLang(args)
		fmt.Fprintf(e.stderr, e.msg("Usage: %s\n  run      run the agent (outbox, inbox poll, delivery, answers) until SIGTERM/SIGINT\n"+
			"  enqueue  queue outgoing packages: --database DSN [--to ORGAN_ID,...] FILE...\n"+
			"  status   counts per state: --database DSN [--format json]\n  retry    retry a dead package: --database DSN REF\n",
			"Cách dùng: egov lgsp agent run|enqueue|status|retry [tùy chọn]\n%.0s  run      chạy dịch vụ nền (hàng đợi gửi, kiểm tra hộp thư đến, chuyển gói tin, trả lời trạng thái) đến khi nhận SIGTERM/SIGINT\n"+
				"  enqueue  xếp gói tin vào hàng đợi gửi: --database DSN [--to ORGAN_ID,...] FILE...\n"+
				"  status   số gói tin theo từng trạng thái: --database DSN [--format json]\n"+
				"  retry    gửi/nhận lại một gói tin đã dừng: --database DSN REF\n"), usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub, rest := args[0], args[1:]
	e.command = "lgsp agent " + sub
	switch sub {
	case "run":
		return runAgentRun(e, rest)
	case "enqueue":
		return runAgentEnqueue(e, rest)
	case "status":
		return runAgentStatus(e, rest)
	case "retry":
		return runAgentRetry(e, rest)
	}
	e.scanLang(rest)
	fmt.Fprintf(e.stderr, e.msg("egov lgsp agent: unknown command %q\nUsage: %s\n", "egov lgsp agent: không có lệnh %q\nCách dùng: %s\n"), sub, usage)
	return exitUsage
}

// agentConfig is the agent's configuration file (JSON); the flags of the same names override it.
type agentConfig struct {
	Endpoint         string `json:"endpoint"`
	Profile          string `json:"profile"`
	SystemID         string `json:"system_id"`
	SecretFile       string `json:"secret_file"`
	OrganID          string `json:"organ_id"`
	OrganName        string `json:"organ_name"`
	Database         string `json:"database"`
	DeliverDir       string `json:"deliver_dir"`
	SpoolDir         string `json:"spool_dir"`
	RequireSignature bool   `json:"require_signature"`
	// Trust, Intermediates and CRLs name PEM/DER files as --trust, --intermediate and --crl do.
	Trust         []string `json:"trust"`
	Intermediates []string `json:"intermediates"`
	CRLs          []string `json:"crls"`
	Poll          string   `json:"poll"`
	Workers       int      `json:"workers"`
	Instance      string   `json:"instance"`
	Validation    string   `json:"validation"`
}

func readAgentConfig(path string) (agentConfig, error) {
	var c agentConfig
	b, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

func runAgentRun(e *env, args []string) int {
	fs := e.flags("agent run", "egov lgsp agent run [--config FILE] --endpoint URL --system-id ID [--secret-file FILE] [--database DSN] --deliver-dir DIR [--require-signature [--trust PEM]... [--intermediate PEM]... [--crl FILE]...] [--poll 5m]", false)
	var cf lgspClientFlags
	cf.register(fs)
	configFile := fs.String("config", "", "JSON configuration file (flags override it)")
	database := fs.String("database", exchange.DefaultDatabase, "SQLite file, or postgres://… for several agents")
	deliverDir := fs.String("deliver-dir", "", "directory receiving one <doc id>.edxml per delivered package (required)")
	spoolDir := fs.String("spool-dir", "", "spool directory (default beside the SQLite file)")
	requireSig := fs.Bool("require-signature", false, "answer rejection to document packages without a verified signature")
	var trust, inters, crls listFlag
	fs.Var(&trust, "trust", "PEM file of trust anchors added to the embedded ones for received signatures (repeatable)")
	fs.Var(&inters, "intermediate", "PEM file of intermediate CA certificates for received signatures (repeatable)")
	fs.Var(&crls, "crl", "CRL file, DER or PEM, for received signatures (repeatable)")
	poll := fs.Duration("poll", 5*time.Minute, "interval between inbox polls")
	organID := fs.String("organ-id", "", "this agency's organ id, the sender of status packages (default: the package's recipient)")
	workers := fs.Int("workers", 64, "jobs run at once")
	instance := fs.String("instance", "", "this instance's name among agents sharing a PostgreSQL database (default host-pid)")
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	cfg := agentConfig{}
	if *configFile != "" {
		var err error
		if cfg, err = readAgentConfig(*configFile); err != nil {
			return e.usageError(fs, "--config: "+err.Error())
		}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	pick := func(name, flagVal, fileVal string) string {
		if set[name] || fileVal == "" {
			return flagVal
		}
		return fileVal
	}
	cf.endpoint = pick("endpoint", cf.endpoint, cfg.Endpoint)
	cf.profile = pick("profile", cf.profile, cfg.Profile)
	cf.systemID = pick("system-id", cf.systemID, cfg.SystemID)
	cf.secretFile = pick("secret-file", cf.secretFile, cfg.SecretFile)
	db := pick("database", *database, cfg.Database)
	dir := pick("deliver-dir", *deliverDir, cfg.DeliverDir)
	spool := pick("spool-dir", *spoolDir, cfg.SpoolDir)
	organ := pick("organ-id", *organID, cfg.OrganID)
	inst := pick("instance", *instance, cfg.Instance)
	if !set["require-signature"] && cfg.RequireSignature {
		*requireSig = true
	}
	if !set["poll"] && cfg.Poll != "" {
		d, err := time.ParseDuration(cfg.Poll)
		if err != nil {
			return e.usageError(fs, "--config: poll: "+err.Error())
		}
		*poll = d
	}
	if !set["workers"] && cfg.Workers > 0 {
		*workers = cfg.Workers
	}
	if dir == "" {
		return e.usageError(fs, "--deliver-dir is required (the directory the department system takes packages from)")
	}
	// The agent decides on received packages with its own findings, so the client hands invalid ones over.
	axis, err := cf.axis(e, lgsp.AxisOptions{Validation: lgsp.ValidationPolicy{AcceptInvalid: true}})
	if err != nil {
		return e.usageError(fs, e.errText(err))
	}
	opts := exchange.Options{Database: db, Axis: axis, Handler: exchange.DirHandler{Dir: dir}, SpoolDir: spool,
		RequireSignature: *requireSig, Poll: *poll, Workers: *workers, Instance: inst,
		Organization: edoc.Organization{OrganID: organ, OrganName: cfg.OrganName},
		Logger:       slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if !set["trust"] && !set["intermediate"] && !set["crl"] {
		trust, inters, crls = cfg.Trust, cfg.Intermediates, cfg.CRLs
	}
	if len(trust)+len(inters)+len(crls) > 0 && !*requireSig {
		return e.usageError(fs, e.msg("--trust, --intermediate and --crl go with --require-signature",
			"--trust, --intermediate và --crl chỉ dùng cùng --require-signature"))
	}
	if *requireSig {
		// The same reading as sig verify: a file that cannot be read or parsed stops the start, naming it.
		material, code := e.verifyMaterial(fs, trust, inters, crls, nil)
		if code >= 0 {
			return code
		}
		opts.Signatures = exchange.NewSignatureVerifier(signature.VerifyOptions{Roots: material.store,
			Intermediates: material.intermediates, CRLs: material.crls})
	}
	ctx, stop := signal.NotifyContext(e.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	agent, err := exchange.Open(ctx, opts)
	if err != nil {
		if ctx.Err() != nil && e.ctx.Err() == nil {
			return exitOK // SIGTERM/SIGINT while starting: a graceful stop, nothing was taken
		}
		return e.fail(err)
	}
	defer agent.Close()
	if err := agent.Run(ctx); err != nil {
		return e.fail(err)
	}
	return exitOK
}

// openAgentStore opens the agent's store without a gateway client (enqueue, status and retry run beside a
// running agent, on the same database).
func openAgentStore(e *env, database, spool string) (*exchange.Agent, error) {
	return exchange.Open(e.ctx, exchange.Options{Database: database, SpoolDir: spool})
}

// agentEnqueueResult is one file's entry in the JSON of `egov lgsp agent enqueue`.
type agentEnqueueResult struct {
	File      string `json:"file"`
	ID        int64  `json:"id,omitempty"`
	Hash      string `json:"hash,omitempty"`
	Duplicate bool   `json:"duplicate"`
	// Diagnostics explain a file that was not queued: its reader's finding, or EGOV-001 when unreadable.
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

func runAgentEnqueue(e *env, args []string) int {
	fs := e.flags("agent enqueue", "egov lgsp agent enqueue [--database DSN] [--to ORGAN_ID,...] FILE...\n\n"+inputsNote("*.edxml and *.xml"), false)
	database := fs.String("database", exchange.DefaultDatabase, "SQLite file, or postgres://…")
	spool := fs.String("spool-dir", "", "spool directory (default beside the SQLite file); the packages are copied there")
	to := fs.String("to", "", "comma-separated recipients' organ ids (default: the To agencies of each package)")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no package file given")
	}
	files, ok := e.expandInputs(files, edxmlExts...)
	if !ok {
		return e.usageError(fs, e.stdinTwice())
	}
	var recipients []string
	for _, r := range strings.Split(*to, ",") {
		if r = strings.TrimSpace(r); r != "" {
			recipients = append(recipients, r)
		}
	}
	agent, err := openAgentStore(e, *database, *spool)
	if err != nil {
		return e.fail(err)
	}
	defer agent.Close()
	results, exit := enqueueFiles(e, agent, files, recipients)
	if e.format == "json" {
		return worse(exit, e.writeFiles(results))
	}
	for _, r := range results {
		switch {
		case len(r.Diagnostics) > 0:
			fmt.Fprintf(e.stdout, "%s: %s\n", r.File, r.Diagnostics[0].Text(e.lang))
		case r.Duplicate:
			fmt.Fprintf(e.stdout, "%s: %s %d\n", r.File, e.msg("already queued as", "đã có trong hàng đợi, số"), r.ID)
		default:
			fmt.Fprintf(e.stdout, "%s: %s %d\n", r.File, e.msg("queued as", "đã đưa vào hàng đợi, số"), r.ID)
		}
	}
	return exit
}

// enqueueCallers is how many files `egov lgsp agent enqueue` queues at once: each is copied into the spool and
// synced, and Enqueue calls made together share their commit, so a directory of packages is queued several
// times faster than one file after the other.
const enqueueCallers = 8

// enqueueFiles queues files from enqueueCallers goroutines; the results keep the order of files.
func enqueueFiles(e *env, agent *exchange.Agent, files, recipients []string) ([]agentEnqueueResult, int) {
	results := make([]agentEnqueueResult, len(files))
	codes := make([]int, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(enqueueCallers, len(files)) {
		wg.Go(func() {
			for i := range next {
				results[i], codes[i] = enqueueResult(e, agent, files[i], recipients)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	exit := exitOK
	for _, code := range codes {
		exit = worse(exit, code)
	}
	return results, exit
}

// enqueueResult queues one file and says what became of it.
func enqueueResult(e *env, agent *exchange.Agent, name string, recipients []string) (agentEnqueueResult, int) {
	r := agentEnqueueResult{File: name, Diagnostics: noDiagnostics()}
	q, err := enqueueFile(e, agent, name, recipients)
	if err != nil {
		d, code := inputFinding(err)
		r.Diagnostics = append(r.Diagnostics, d)
		return r, code
	}
	r.ID, r.Hash, r.Duplicate = q.ID, q.Hash, q.Duplicate
	return r, exitOK
}

func enqueueFile(e *env, agent *exchange.Agent, name string, to []string) (*exchange.Queued, error) {
	f, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return agent.Enqueue(e.ctx, exchange.Outgoing{Body: f, To: to})
}

// agentStateCount is one state's entry in the JSON of `egov lgsp agent status`.
type agentStateCount struct {
	State string `json:"state"`
	Count int    `json:"count"`
}

// agentStatesVI are the Vietnamese names of the agent's states, for the text of `egov lgsp agent status`.
var agentStatesVI = map[string]string{"queued": "chờ gửi", "sent": "đã gửi", "failed": "gửi lỗi", "dead": "đã dừng",
	"received": "đã nhận", "delivered": "đã chuyển", "rejected": "đã từ chối", "answered": "đã trả lời"}

// agentStatusOutput is the JSON of `egov lgsp agent status`: the count per state, and the dead packages an
// operator may retry.
type agentStatusOutput struct {
	Results []agentStateCount      `json:"results"`
	Dead    []exchange.DeadPackage `json:"dead"`
}

func runAgentStatus(e *env, args []string) int {
	fs := e.flags("agent status", "egov lgsp agent status [--database DSN] [--format text|json]", false)
	database := fs.String("database", exchange.DefaultDatabase, "SQLite file, or postgres://…")
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	agent, err := openAgentStore(e, *database, "")
	if err != nil {
		return e.fail(err)
	}
	defer agent.Close()
	st, err := agent.Status(e.ctx)
	if err != nil {
		return e.fail(err)
	}
	c := st.Counts
	counts := []agentStateCount{{"queued", c.Queued}, {"sent", c.Sent}, {"failed", c.Failed}, {"dead", c.Dead},
		{"received", c.Received}, {"delivered", c.Delivered}, {"rejected", c.Rejected}, {"answered", c.Answered}}
	if e.format == "json" {
		dead := st.Dead
		if dead == nil {
			dead = []exchange.DeadPackage{}
		}
		return e.writeJSON(agentStatusOutput{Results: counts, Dead: dead})
	}
	for _, s := range counts {
		fmt.Fprintf(e.stdout, "%-12s %d\n", e.msg(s.State, agentStatesVI[s.State]), s.Count)
	}
	for _, d := range st.Dead {
		fmt.Fprintf(e.stdout, "%s %s %s: %s\n", e.msg("dead", agentStatesVI["dead"]), d.Direction, d.Ref, d.LastError)
	}
	return exitOK
}

func runAgentRetry(e *env, args []string) int {
	fs := e.flags("agent retry", "egov lgsp agent retry [--database DSN] REF\n\nREF is an outbox id or a received doc id.", false)
	database := fs.String("database", exchange.DefaultDatabase, "SQLite file, or postgres://…")
	refs, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(refs) != 1 {
		return e.usageError(fs, "give one outbox id or received doc id")
	}
	agent, err := openAgentStore(e, *database, "")
	if err != nil {
		return e.fail(err)
	}
	defer agent.Close()
	if err := agent.Retry(e.ctx, refs[0]); err != nil {
		return e.fail(err)
	}
	e.note("retry queued: "+refs[0], "đã xếp lịch gửi/nhận lại: "+refs[0])
	return exitOK
}
