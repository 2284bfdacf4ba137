package lgsp_test

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// TestTransportReusesConnections calls the gateway from 32 goroutines at once, 50 calls each, through the
// default transport: the connections are reused, so about as many are dialled as calls ran at once (32-37 in
// five runs; a call may dial while its previous connection is being given back). With net/http's default of 2
// idle connections per host, 202-405 were dialled.
func TestTransportReusesConnections(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	tr := lgsp.NewTransport(nil)
	var dials atomic.Int64
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dial(ctx, network, addr)
	}
	ax := vxpAxis(t, g, systemA, func(c *lgsp.Config) { c.Transport = tr })
	const goroutines, calls = 32, 50
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				_, err := ax.Received(context.Background(), lgsp.ListFilter{Status: lgsp.StatusInbox, PageSize: 1})
				require.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d connections dialled for %d calls", dials.Load(), goroutines*calls)
	require.LessOrEqual(t, dials.Load(), int64(2*goroutines), "connections dialled for %d calls", goroutines*calls)
}

// TestNewTransport checks the idle-connection limit and the TLS configuration of the transports the package
// builds.
func TestNewTransport(t *testing.T) {
	cfg := &tls.Config{ServerName: "lgsp.example.gov.vn"}
	for _, tc := range []struct {
		name    string
		got     func() (int, *tls.Config)
		wantTLS *tls.Config
	}{
		{name: "plain", got: func() (int, *tls.Config) {
			tr := lgsp.NewTransport(nil)
			return tr.MaxIdleConnsPerHost, tr.TLSClientConfig
		}},
		{name: "with TLS", wantTLS: cfg, got: func() (int, *tls.Config) {
			tr := lgsp.NewTransport(cfg)
			return tr.MaxIdleConnsPerHost, tr.TLSClientConfig
		}},
		{name: "MutualTLS", wantTLS: cfg, got: func() (int, *tls.Config) {
			tr := lgsp.MutualTLS(cfg)
			return tr.MaxIdleConnsPerHost, tr.TLSClientConfig
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idle, tlsCfg := tc.got()
			require.Equal(t, lgsp.MaxIdleConnsPerHost, idle)
			if tc.wantTLS != nil { // without one, net/http may have set its own (HTTP/2 protocols)
				require.True(t, tlsCfg == tc.wantTLS, "the TLS configuration given")
			}
		})
	}
}
