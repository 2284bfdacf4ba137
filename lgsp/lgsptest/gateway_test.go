package lgsptest_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func axisFor(t *testing.T, g *lgsptest.Gateway, sys lgsptest.System) lgsp.Axis {
	a, err := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sys.ID, Retry: lgsp.RetryPolicy{MaxAttempts: 1},
		Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}}, lgsp.AxisOptions{})
	require.NoError(t, err)
	return a
}

func TestStorePersists(t *testing.T) {
	dir := t.TempDir()
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	pkg := lgsptest.Letter(a.OrganID, []string{b.OrganID}, 1, time.Now())
	g1 := lgsptest.NewGateway(t, lgsptest.Options{DataDir: dir})
	res, err := axisFor(t, g1, a).Send(context.Background(), bytes.NewReader(pkg), lgsp.SendOptions{})
	require.NoError(t, err)
	g1.Close()

	g2 := lgsptest.NewGateway(t, lgsptest.Options{DataDir: dir})
	var got bytes.Buffer
	_, err = axisFor(t, g2, b).Get(context.Background(), res.DocID, &got)
	require.NoError(t, err)
	require.Equal(t, pkg, got.Bytes())
	res2, err := axisFor(t, g2, a).Send(context.Background(), bytes.NewReader(lgsptest.Letter(a.OrganID, []string{b.OrganID}, 2, time.Now())), lgsp.SendOptions{})
	require.NoError(t, err)
	require.NotEqual(t, res.DocID, res2.DocID, "ids continue after a restart")
}

func TestFaultAfterStore(t *testing.T) {
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	for _, f := range []lgsptest.Fault{lgsptest.FaultAfterError, lgsptest.FaultAfterDrop, lgsptest.FaultAfterMalformed} {
		t.Run(string(f), func(t *testing.T) {
			g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 1, Kinds: []lgsptest.Fault{f}}})
			_, err := axisFor(t, g, a).Send(context.Background(), bytes.NewReader(lgsptest.Letter(a.OrganID, []string{b.OrganID}, 1, time.Now())), lgsp.SendOptions{})
			require.Error(t, err)
			require.True(t, lgsp.Ambiguous(err), err)
			require.Equal(t, 1, g.Stored(b.OrganID), "stored although the answer was spoiled")
			reqs := g.Requests()
			require.Len(t, reqs, 1)
			require.Equal(t, f, reqs[0].Fault)
		})
	}
}

func TestFaultsBeforeHandling(t *testing.T) {
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	for _, f := range []lgsptest.Fault{lgsptest.FaultTooMany, lgsptest.FaultUnavailable, lgsptest.FaultDrop} {
		t.Run(string(f), func(t *testing.T) {
			g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 1, Kinds: []lgsptest.Fault{f}}})
			_, err := axisFor(t, g, a).Send(context.Background(), bytes.NewReader(lgsptest.Letter(a.OrganID, []string{b.OrganID}, 1, time.Now())), lgsp.SendOptions{})
			require.Error(t, err)
			require.Zero(t, g.Stored(""))
		})
	}
}

func TestParseFaults(t *testing.T) {
	got, err := lgsptest.ParseFaults("429, after-drop")
	require.NoError(t, err)
	require.Equal(t, []lgsptest.Fault{lgsptest.FaultTooMany, lgsptest.FaultAfterDrop}, got)
	_, err = lgsptest.ParseFaults("429,boom")
	require.ErrorContains(t, err, "boom")
}

func TestTokenEndpoint(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a := lgsptest.DemoSystems()[0]
	tests := []struct {
		name string
		form url.Values
		want int
	}{
		{"client credentials in the form", url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ID}, "client_secret": {a.Secret}}, 200},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ID}, "client_secret": {"x"}}, 401},
		{"other grant", url.Values{"grant_type": {"password"}}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(g.URL+"/token", "application/x-www-form-urlencoded", strings.NewReader(tt.form.Encode()))
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.want, resp.StatusCode)
		})
	}
}

func TestNewRefusesIncompleteSystems(t *testing.T) {
	_, err := lgsptest.New(lgsptest.Options{Systems: []lgsptest.System{{ID: "x"}}})
	require.Error(t, err)
}
