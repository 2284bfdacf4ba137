package exchange

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// The crash tests run agents as child processes (this test binary re-executed with crashChildEnv set), kill them
// with SIGKILL at random points of the work (killMarks) while they exchange packages with a stand-in gateway that injects 30% faults,
// restart them, and check that every package was sent once, delivered once and answered.

const crashChildEnv = "EGOV_EXCHANGE_CRASH_CHILD"

// crashConfig is what a child agent reads from its environment.
type crashConfig struct{ gateway, database, spool, deliver, log, instance string }

func (c crashConfig) env() []string {
	return append(os.Environ(), crashChildEnv+"=1", "EGOV_X_GATEWAY="+c.gateway, "EGOV_X_DATABASE="+c.database,
		"EGOV_X_SPOOL="+c.spool, "EGOV_X_DELIVER="+c.deliver, "EGOV_X_LOG="+c.log, "EGOV_X_INSTANCE="+c.instance)
}

// loggedDir is the DirHandler with a delivery log: one line per successful Deliver call, appended and synced.
type loggedDir struct {
	DirHandler
	log      *os.File
	instance string
}

func (h loggedDir) Deliver(ctx context.Context, in Incoming) error {
	if err := h.DirHandler.Deliver(ctx, in); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(h.log, "%s %s\n", in.DocID, h.instance); err != nil {
		return err
	}
	return h.log.Sync()
}

// crashChild runs one agent (system A of the demo) until it is killed or gets SIGTERM.
func crashChild() int {
	get := os.Getenv
	logf, err := os.OpenFile(get("EGOV_X_LOG"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer logf.Close()
	sys := lgsptest.DemoSystems()[0]
	ax, err := lgsp.NewAxis(lgsp.Config{BaseURL: get("EGOV_X_GATEWAY"), SystemID: sys.ID,
		Auth:    lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)},
		Retry:   lgsp.RetryPolicy{MaxAttempts: 4, InitialInterval: 5 * time.Millisecond, MaxInterval: 50 * time.Millisecond},
		Breaker: lgsp.BreakerPolicy{Disabled: true}},
		lgsp.AxisOptions{Validation: lgsp.ValidationPolicy{Off: true}}) // the agent validates
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if path := get("EGOV_X_CPUPROFILE"); path != "" { // profiling the agent process: go tool pprof
		if pf, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(pf)
			defer pprof.StopCPUProfile()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	// From here SIGTERM is a graceful stop; before, it ends the process the way the OS does, which is no test of
	// the agent. The test waits for this file before it sends one (child.stop).
	if err := os.WriteFile(get("EGOV_X_READY"), nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	a, err := Open(ctx, Options{Database: get("EGOV_X_DATABASE"), SpoolDir: get("EGOV_X_SPOOL"), Axis: ax,
		Handler:  loggedDir{DirHandler{Dir: get("EGOV_X_DELIVER")}, logf, get("EGOV_X_INSTANCE")},
		Instance: get("EGOV_X_INSTANCE"), Poll: 300 * time.Millisecond, Workers: 16, MaxAttempts: 100,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 300 * time.Millisecond, FetchInterval: 50 * time.Millisecond,
		JobTimeout: 8 * time.Second, RescueAfter: 9 * time.Second, ShutdownTimeout: 5 * time.Second})
	if err != nil {
		if ctx.Err() != nil {
			return 0 // SIGTERM while starting (migrating): a graceful stop, like `egov lgsp agent run`
		}
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer a.Close()
	if err := a.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// crashFixture is a gateway with 30% faults holding n packages from B to A, and n packages from A to B queued
// in the store at database.
type crashFixture struct {
	g       *lgsptest.Gateway
	inbound map[string]bool // doc ids of the packages B sent to A
	dir     string
}

func newCrashFixture(t *testing.T, database, spool string, n int) *crashFixture {
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.3, Seed: uint64(time.Now().UnixNano())}})
	sysA, sysB := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	day := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	f := &crashFixture{g: g, inbound: map[string]bool{}, dir: t.TempDir()}
	axB := checkingAxisFor(t, g, 1)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var res *lgsp.SendResult
			var err error
			for try := range 20 { // the client gives up after its own attempts; a fixture keeps trying, asking first
				pkg := bytes.NewReader(lgsptest.Letter(sysB.OrganID, []string{sysA.OrganID}, 10000+i, day))
				if res, err = axB.Send(context.Background(), pkg, lgsp.SendOptions{CheckFirst: try > 0}); err == nil {
					break
				}

			}
			require.NoError(t, err)
			mu.Lock()
			f.inbound[res.DocID] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	require.Len(t, f.inbound, n, "the fixture stores each inbound package once")
	enq, err := Open(context.Background(), Options{Database: database, SpoolDir: spool})
	require.NoError(t, err)
	for i := range n { // queued by path: the files are the durable copies, and the fixture is quicker
		path := filepath.Join(f.dir, fmt.Sprintf("out-%d.edxml", i))
		require.NoError(t, os.WriteFile(path, lgsptest.Letter(sysA.OrganID, []string{sysB.OrganID}, i+1, day), 0o600))
		_, err := enq.Enqueue(context.Background(), Outgoing{Path: path})
		require.NoError(t, err)
	}
	require.NoError(t, enq.Close())
	return f
}

type child struct {
	cmd  *exec.Cmd
	done chan error
	// ready is the file the child writes once it handles SIGTERM.
	ready string
}

func startChild(t *testing.T, cfg crashConfig) *child {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	ready := filepath.Join(t.TempDir(), "ready")
	cmd.Env = append(cfg.env(), "EGOV_X_READY="+ready)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd, done: make(chan error, 1), ready: ready}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGKILL) })
	go func() {
		err := cmd.Wait()
		if err != nil && stderr.Len() > 0 {
			err = fmt.Errorf("%w: %s", err, stderr.String())
		}
		c.done <- err
	}()
	return c
}

func (c *child) kill() { c.cmd.Process.Signal(syscall.SIGKILL); <-c.done }

// stop sends SIGTERM once the child handles it and returns the exit error (nil after a graceful shutdown).
func (c *child) stop(t *testing.T) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := os.Stat(c.ready); err == nil {
			break
		}
		select {
		case err := <-c.done:
			return fmt.Errorf("the agent ended before it was ready: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.kill()
			return fmt.Errorf("agent not ready within 20 s of its start")
		}
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.done:
		return err
	case <-time.After(20 * time.Second):
		c.kill()
		return fmt.Errorf("agent did not stop within 20 s of SIGTERM")
	}
}

// verify checks exactly-once delivery and the answers.
func (f *crashFixture) verify(t *testing.T, database, deliver, logPath string, n, kills int) map[string]int {
	a, err := Open(context.Background(), Options{Database: database})
	require.NoError(t, err)
	defer a.Close()
	st, err := a.Status(context.Background())
	require.NoError(t, err)
	require.Equal(t, Counts{Sent: n, Delivered: n, Answered: n}, st.Counts)

	lines := map[string]int{}
	perInstance := map[string]int{}
	lf, err := os.Open(logPath)
	require.NoError(t, err)
	defer lf.Close()
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		doc, inst, _ := strings.Cut(sc.Text(), " ")
		lines[doc]++
		perInstance[inst]++
	}
	for doc, k := range lines {
		require.Equal(t, 1, k, "package %s handed to the handler %d times", doc, k)
		require.True(t, f.inbound[doc], "delivered package %s was not sent to A", doc)
	}
	// A kill between the file's rename and the log's append loses a log line, never a delivery: the file is
	// there and the agent, asking DirHandler.Delivered, does not deliver it again.
	require.GreaterOrEqual(t, len(lines), n-kills)
	for doc := range f.inbound {
		_, err := os.Stat(filepath.Join(deliver, doc+".edxml"))
		require.NoError(t, err, "package %s not delivered", doc)
	}
	edocs, statuses := 0, 0
	for doc, err := range lgsp.AllReceived(context.Background(), checkingAxisFor(t, f.g, 1), lgsp.ListFilter{}, 0) {
		require.NoError(t, err)
		if doc.MessageType == lgsp.MessageStatus {
			statuses++
		} else {
			edocs++
		}
	}
	require.Equal(t, n, edocs, "B received each of A's packages once")
	require.Equal(t, n, statuses, "B received one status package per package it sent")
	accepted := 0
	for doc, err := range lgsp.AllSent(context.Background(), checkingAxisFor(t, f.g, 1), lgsp.ListFilter{}, 0) {
		require.NoError(t, err)
		if doc.MessageType != lgsp.MessageStatus && doc.ReceiveStatus == lgsp.StatusAcceptance {
			accepted++
		}
	}
	require.Equal(t, n, accepted, "B sees acceptance for every package it sent")
	t.Logf("%d sent, %d delivered (%d log lines), %d answered with %d status packages; %d kills; per instance %v",
		st.Counts.Sent, st.Counts.Delivered, len(lines), st.Counts.Answered, statuses, kills, perInstance)
	return perInstance
}

func waitDone(t *testing.T, database string, n int, limit time.Duration) {
	a, err := Open(context.Background(), Options{Database: database})
	require.NoError(t, err)
	defer a.Close()
	start := time.Now()
	var last Counts
	waitFor(t, limit, "the exchange to finish", func() bool {
		st, err := a.Status(context.Background())
		if err != nil {
			return false
		}
		if st.Counts != last {
			last = st.Counts
			t.Logf("%5.1fs %+v", time.Since(start).Seconds(), last)
		}
		return st.Counts.Sent == n && st.Counts.Answered == n
	})
}

const crashPackages = 500

func TestCrashSQLite(t *testing.T) {
	if raceEnabled {
		// Agent processes under the race detector run several times slower and prove nothing more about
		// crashes; .ci/run runs the crash tests again without -race.
		t.Skip("crash test: .ci/run runs it without -race")
	}
	if testing.Short() {
		t.Skip("crash test: runs agent processes for about 30 s")
	}
	dir := t.TempDir()
	cfg := crashConfig{database: filepath.Join(dir, "agent.db"), spool: filepath.Join(dir, "spool"),
		deliver: filepath.Join(dir, "deliver"), log: filepath.Join(dir, "delivered.log"), instance: "agent-1"}
	start := time.Now()
	f := newCrashFixture(t, cfg.database, cfg.spool, crashPackages)
	cfg.gateway = f.g.URL
	kills := 0
	t.Logf("fixture ready in %s", time.Since(start))
	marks := newKillMarks(t, cfg.database, crashPackages)
	for range 6 {
		c := startChild(t, cfg)
		marks.next(t)
		c.kill()
		kills++
	}
	c := startChild(t, cfg)
	waitDone(t, cfg.database, crashPackages, 240*time.Second)
	require.NoError(t, c.stop(t), "graceful shutdown on SIGTERM")
	f.verify(t, cfg.database, cfg.deliver, cfg.log, crashPackages, kills)
}

// killMarks times the kills of a crash test by the exchange's progress, so that each lands while work is under
// way (timed by the clock alone, the last kills of a fast agent came after the work was done): the progress is
// the sum of the sent, delivered and answered counts (3n when done), and the kills come as it passes six random
// marks, one in each sixth of its first 90%, each after a further random pause of up to 100 ms.
type killMarks struct {
	agent *Agent
	marks []int
	start time.Time
}

func newKillMarks(t *testing.T, database string, n int) *killMarks {
	a, err := Open(context.Background(), Options{Database: database})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	span := 3 * n * 9 / 10 / 6
	k := &killMarks{agent: a, start: time.Now()}
	for i := range 6 {
		k.marks = append(k.marks, i*span+1+rand.IntN(span))
	}
	return k
}

// next waits until the progress passes the next mark (at most 60 s), then a random pause.
func (k *killMarks) next(t *testing.T) {
	mark := k.marks[0]
	k.marks = k.marks[1:]
	progress := 0
	waitFor(t, 60*time.Second, fmt.Sprintf("progress %d", mark), func() bool {
		st, err := k.agent.Status(context.Background())
		if err != nil {
			return false
		}
		progress = st.Counts.Sent + st.Counts.Delivered + st.Counts.Answered
		return progress >= mark
	})
	time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond)
	t.Logf("%5.1fs kill at progress %d (mark %d of %d)", time.Since(k.start).Seconds(), progress, mark, 3*crashPackages)
}

func TestCrashPostgresTwoAgents(t *testing.T) {
	if raceEnabled {
		// Agent processes under the race detector run several times slower and prove nothing more about
		// crashes; .ci/run runs the crash tests again without -race.
		t.Skip("crash test: .ci/run runs it without -race")
	}
	if testing.Short() {
		t.Skip("crash test: runs agent processes for about 40 s")
	}
	dsn := pgDSN(t)
	dir := t.TempDir()
	cfg := crashConfig{database: dsn, spool: filepath.Join(dir, "spool"),
		deliver: filepath.Join(dir, "deliver"), log: filepath.Join(dir, "delivered.log")}
	f := newCrashFixture(t, dsn, cfg.spool, crashPackages)
	cfg.gateway = f.g.URL
	cfgs := []crashConfig{cfg, cfg}
	cfgs[0].instance, cfgs[1].instance = "agent-1", "agent-2"
	children := []*child{startChild(t, cfgs[0]), startChild(t, cfgs[1])}
	kills := 0
	marks := newKillMarks(t, dsn, crashPackages)
	for range 6 {
		marks.next(t)
		i := rand.IntN(2)
		children[i].kill()
		kills++
		children[i] = startChild(t, cfgs[i])
	}
	waitDone(t, dsn, crashPackages, 240*time.Second)
	for _, c := range children {
		require.NoError(t, c.stop(t), "graceful shutdown on SIGTERM")
	}
	per := f.verify(t, dsn, cfg.deliver, cfg.log, crashPackages, kills)
	require.Positive(t, per["agent-1"], "agent-1 took part")
	require.Positive(t, per["agent-2"], "agent-2 took part")
}
