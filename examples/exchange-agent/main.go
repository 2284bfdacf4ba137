// Command exchange-agent is a new agency's document-exchange agent: it sends what the department system queues,
// and delivers what arrives into ./inbox as <doc id>.edxml, answering each sender, with one SQLite file as its
// memory across restarts. agent.json names the sandbox's demo system B (public demo secrets; a real agency keeps
// its secret in a file or the environment, never in the repository):
//
//	egov lgsp sandbox --addr 127.0.0.1:8480 &
//	go run ./examples/exchange-agent -config examples/exchange-agent/agent.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/exchange"
)

// config is agent.json.
type config struct {
	Endpoint   string `json:"endpoint"`
	SystemID   string `json:"system_id"`
	Secret     string `json:"secret"`
	Database   string `json:"database"`
	DeliverDir string `json:"deliver_dir"`
	Poll       string `json:"poll"`
}

func main() {
	path := flag.String("config", "agent.json", "configuration file")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *path); err != nil {
		fmt.Fprintln(os.Stderr, "exchange-agent:", err)
		os.Exit(1)
	}
}

// run is the whole agent: read the configuration, build the gateway client, run until ctx ends.
func run(ctx context.Context, path string) error {
	var c config
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	poll, err := time.ParseDuration(c.Poll)
	if err != nil {
		return fmt.Errorf("%s: poll: %w", path, err)
	}
	axis, err := lgsp.NewAxis(lgsp.Config{BaseURL: c.Endpoint, SystemID: c.SystemID,
		Auth: lgsp.HMACSignature{SystemID: c.SystemID, Secret: []byte(c.Secret)}}, lgsp.AxisOptions{})
	if err != nil {
		return err
	}
	agent, err := exchange.Open(ctx, exchange.Options{Database: c.Database, Axis: axis, Poll: poll,
		Handler: exchange.DirHandler{Dir: c.DeliverDir}, Logger: slog.Default()})
	if err != nil {
		return err
	}
	defer agent.Close()
	return agent.Run(ctx)
}
