package lgsp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

var (
	systemA = lgsptest.DemoSystems()[0]
	systemB = lgsptest.DemoSystems()[1]
)

// fastRetry keeps fault tests quick: short backoffs, enough attempts that 30 % faults never exhaust them.
var fastRetry = lgsp.RetryPolicy{MaxAttempts: 12, InitialInterval: time.Millisecond, MaxInterval: 10 * time.Millisecond}

func vxpAxis(t testing.TB, g *lgsptest.Gateway, sys lgsptest.System, mod func(*lgsp.Config)) lgsp.Axis {
	t.Helper()
	cfg := lgsp.Config{BaseURL: g.URL, SystemID: sys.ID, Retry: fastRetry,
		Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}}
	if mod != nil {
		mod(&cfg)
	}
	a, err := lgsp.NewAxis(cfg, lgsp.AxisOptions{Profile: lgsp.VXP})
	require.NoError(t, err)
	return a
}

func ltvbAxis(t testing.TB, g *lgsptest.Gateway, sys lgsptest.System) lgsp.Axis {
	t.Helper()
	login := lgsp.LoginTokenSource(context.Background(), lgsp.LoginCredentials{LoginURL: g.URL + "/v1/auth/login",
		Username: sys.ID, Password: sys.Secret}, nil, 0)
	cfg := lgsp.Config{BaseURL: g.URL, SystemID: sys.ID, Retry: fastRetry,
		Auth: lgsp.Chain(lgsp.StaticKeys{SystemID: sys.ID, SecretKey: sys.Secret}, lgsp.Bearer{Source: login})}
	a, err := lgsp.NewAxis(cfg, lgsp.AxisOptions{Profile: lgsp.LTVB})
	require.NoError(t, err)
	return a
}

func TestRoundTrip(t *testing.T) {
	for _, profile := range []string{"vxp", "ltvb"} {
		t.Run(profile, func(t *testing.T) {
			g := lgsptest.NewGateway(t, lgsptest.Options{})
			mk := func(s lgsptest.System) lgsp.Axis {
				if profile == "vxp" {
					return vxpAxis(t, g, s, nil)
				}
				return ltvbAxis(t, g, s)
			}
			a, b := mk(systemA), mk(systemB)
			ctx := context.Background()
			pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, 1, time.Now())
			res, err := a.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{})
			require.NoError(t, err)
			require.NotEmpty(t, res.DocID)
			require.Equal(t, 1, res.Attempts)
			require.Len(t, res.HashFile, 64)

			inbox, err := b.Received(ctx, lgsp.ListFilter{})
			require.NoError(t, err)
			require.Len(t, inbox, 1)
			want := lgsp.ReceivedDoc{DocID: res.DocID, ServiceType: "eDoc", MessageType: lgsp.MessageEdoc, From: systemA.OrganID,
				To: systemB.OrganID, Status: lgsp.StatusInbox, StatusDesc: "inbox"}
			require.Empty(t, cmp.Diff(want, inbox[0], cmpopts.IgnoreFields(lgsp.ReceivedDoc{}, "Created", "Updated")))
			require.False(t, inbox[0].Created.IsZero())

			var got bytes.Buffer
			gr, err := b.Get(ctx, res.DocID, &got)
			require.NoError(t, err)
			require.Equal(t, pkg, got.Bytes())
			require.False(t, gr.Report.HasErrors())

			require.NoError(t, b.UpdateStatus(ctx, res.DocID, lgsp.StatusDone))
			sent, err := a.Sent(ctx, lgsp.ListFilter{})
			require.NoError(t, err)
			require.Len(t, sent, 1)
			require.Equal(t, lgsp.StatusDone, sent[0].ReceiveStatus)

			agencies, err := a.Agencies(ctx)
			require.NoError(t, err)
			require.Len(t, agencies, 2)
			require.Equal(t, systemB.OrganID, agencies[1].AgencyCode.String())
		})
	}
}

// TestExactlyOnceUnderFaults sends 1,000 packages from A to B through a gateway that fails 30 % of the requests,
// a third of those after having carried them out, and checks that B receives each package exactly once, byte
// for byte, and that B's status replies reach A.
func TestExactlyOnceUnderFaults(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.3, Seed: 42}})
	noBreaker := func(c *lgsp.Config) { c.Breaker.Disabled = true }
	a, b := vxpAxis(t, g, systemA, noBreaker), vxpAxis(t, g, systemB, noBreaker)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	now := time.Now()
	pkgs := make([][]byte, n)
	for i := range pkgs {
		pkgs[i] = lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, i+1, now)
	}
	recovered := 0
	var mu sync.Mutex
	parallel(t, n, 8, func(i int) error {
		res, err := a.Send(ctx, bytes.NewReader(pkgs[i]), lgsp.SendOptions{})
		if err == nil && res.Recovered {
			mu.Lock()
			recovered++
			mu.Unlock()
		}
		return err
	})
	require.Equal(t, n, g.Stored(systemB.OrganID), "packages stored once each")

	var inbox []lgsp.ReceivedDoc
	for it, err := range lgsp.AllReceived(ctx, b, lgsp.ListFilter{PageSize: 100}, 0) {
		require.NoError(t, err)
		inbox = append(inbox, it)
	}
	require.Len(t, inbox, n)
	byContent := map[string]int{}
	for i, p := range pkgs {
		byContent[string(p)] = i
	}
	seen := make([]bool, n)
	parallel(t, n, 8, func(i int) error {
		var buf bytes.Buffer
		var err error
		for range 10 { // a fault after part of the package was written ends the attempt; start again
			buf.Reset()
			if _, err = b.Get(ctx, inbox[i].DocID, &buf); err == nil {
				break
			}
		}
		if err != nil {
			return err
		}
		k, ok := byContent[buf.String()]
		if !ok {
			return fmt.Errorf("package %s differs from every package sent", inbox[i].DocID)
		}
		mu.Lock()
		defer mu.Unlock()
		if seen[k] {
			return fmt.Errorf("package %d received twice", k)
		}
		seen[k] = true
		return b.UpdateStatus(ctx, inbox[i].DocID, lgsp.StatusDone)
	})
	done := 0
	for it, err := range lgsp.AllSent(ctx, a, lgsp.ListFilter{PageSize: 100}, 0) {
		require.NoError(t, err)
		if it.ReceiveStatus == lgsp.StatusDone {
			done++
		}
	}
	require.Equal(t, n, done, "status replies back at A")
	faults := map[lgsptest.Fault]int{}
	for _, r := range g.Requests() {
		faults[r.Fault]++
	}
	t.Logf("%d packages, exactly once; %d found in the sent list after an ambiguous failure; requests by fault: %v",
		n, recovered, faults)
	require.Positive(t, recovered, "faults after storage were exercised")
}

func parallel(t *testing.T, n, workers int, f func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					errs <- fmt.Errorf("item %d: %w", i, err)
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	require.NoError(t, errors.Join(func() []error {
		var all []error
		for e := range errs {
			all = append(all, e)
		}
		return all
	}()...))
}

func TestSendWithIdempotencyKey(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.5, Seed: 11,
		Kinds: []lgsptest.Fault{lgsptest.FaultAfterError, lgsptest.FaultAfterDrop, lgsptest.FaultAfterMalformed}}})
	a := vxpAxis(t, g, systemA, func(c *lgsp.Config) { c.Breaker.Disabled = true })
	ctx := context.Background()
	for i := range 20 {
		pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, i+1, time.Now())
		_, err := a.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{IdempotencyKey: fmt.Sprintf("letter-%d", i+1)})
		require.NoError(t, err)
	}
	require.Equal(t, 20, g.Stored(systemB.OrganID))
	for _, r := range g.Requests() {
		require.NotEqual(t, "/getSentEdocList", r.Path, "no sent-list look-up needed")
	}
}

func TestPagingStopsOnRepeatedPage(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"OK","ErrorCode":"0","data":[{"docId":"1"},{"docId":"2"}]}`)
	}))
	defer srv.Close()
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL}, lgsp.AxisOptions{PageSize: 2})
	require.NoError(t, err)
	n := 0
	for _, err := range lgsp.AllReceived(context.Background(), a, lgsp.ListFilter{}, 0) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 2, n)
	require.Equal(t, int32(2), calls.Load())
}

func TestSendFromTheMiddleOfAFile(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a := vxpAxis(t, g, systemA, nil)
	pkg := lgsptest.Letter(systemA.OrganID, []string{systemB.OrganID}, 2, time.Now())
	r := bytes.NewReader(append([]byte("preamble"), pkg...))
	r.Seek(int64(len("preamble")), io.SeekStart)
	res, err := a.Send(context.Background(), r, lgsp.SendOptions{})
	require.NoError(t, err)
	got, _ := g.Content(res.DocID)
	require.Equal(t, pkg, got)
}
