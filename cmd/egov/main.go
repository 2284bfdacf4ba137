// Command egov is the command-line tool of the egov SDK for integrators and CI pipelines:
//
//	egov <area> <verb> [flags] [args]
//
// Every verb accepts --format (text or json, plus junit and sarif where findings are produced) and --lang (en or
// vi), writes machine output to stdout and human notes to stderr, and exits 0 on success, 1 on findings of
// severity error or a failed verdict, 2 on a usage or I/O error and 3 on an indeterminate signature verdict.
// Run "egov help" for the list of areas. With --lang vi, anywhere on the command line, or EGOV_LANG=vi in the
// environment, help, usage, errors and every line of text output are Vietnamese; names, codes, flags and paths
// taken from the input are printed as given.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
)

// Exit codes shared by every verb (DESIGN.md, "The command-line tool").
const (
	exitOK            = 0
	exitFindings      = 1
	exitUsage         = 2
	exitIndeterminate = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// areas lists the command's areas in the order "egov help" shows them.
func areas() []area {
	return []area{
		agencycodeArea(),
		edocArea(),
		sigArea(),
		trustArea(),
		dvcArea(),
		lgspArea(),
		reportArea(),
	}
}

// run is the whole program behind main, with its streams as arguments so tests drive it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, lang: defaultLang(os.Getenv)}
	return env.dispatch(areas(), args)
}
