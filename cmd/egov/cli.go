package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/vnegov/egov/diag"
)

// area is a group of verbs: "agencycode", "edoc", "sig"…
type area struct {
	name    string
	summary string
	verbs   []verb
}

// verb is one action of an area. run receives the arguments after the verb, flags included.
type verb struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

// env carries the streams and the context of one invocation, and the common flags once parsed.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	format string
	lang   string
	// command is "<area> <verb>" of the running verb, for messages.
	command string
	// usage prints the usage of the running verb on stderr (set by flags).
	usage func()
	// inputExts are the kinds of file the running verb takes from a directory (set by expandInputs).
	inputExts []string
	// data receives an output file named "-" (set by claimStdout), the command's own stdout.
	data io.Writer
}

func (e *env) dispatch(all []area, args []string) int {
	if len(args) == 0 {
		e.printHelp(e.stderr, all)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			return e.dispatch(all, []string{args[1], "-h"})
		}
		e.printHelp(e.stderr, all)
		return exitOK
	case "version", "--version", "-version":
		return e.printVersion(args[1:])
	}
	i := slices.IndexFunc(all, func(a area) bool { return a.name == args[0] })
	if i < 0 {
		fmt.Fprintf(e.stderr, "egov: unknown area %q\n\n", args[0])
		e.printHelp(e.stderr, all)
		return exitUsage
	}
	return e.dispatchVerb(all[i], args[1:])
}

func (e *env) dispatchVerb(a area, args []string) int {
	if len(args) == 0 {
		e.printArea(e.stderr, a)
		return exitUsage
	}
	if isHelp(args[0]) || args[0] == "help" {
		e.printArea(e.stderr, a)
		return exitOK
	}
	i := slices.IndexFunc(a.verbs, func(v verb) bool { return v.name == args[0] })
	if i < 0 {
		fmt.Fprintf(e.stderr, "egov %s: unknown verb %q\n\n", a.name, args[0])
		e.printArea(e.stderr, a)
		return exitUsage
	}
	e.command = a.name + " " + a.verbs[i].name
	return a.verbs[i].run(e, args[1:])
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" }

func (e *env) printHelp(w io.Writer, all []area) {
	var b strings.Builder
	b.WriteString("egov: Vietnamese e-government primitives for integrators and CI.\n\n")
	b.WriteString("Usage: egov <area> <verb> [flags] [args]\n\nAreas:\n")
	for _, a := range all {
		fmt.Fprintf(&b, "  %-12s %s\n", a.name, a.summary)
	}
	b.WriteString("  version      print the module and Go versions\n")
	b.WriteString("\nRun \"egov <area> -h\" for the verbs of an area and \"egov <area> <verb> -h\" for their flags.\n")
	b.WriteString("Exit codes: 0 success, 1 findings of severity error or a failed verdict, 2 usage or I/O error,\n")
	b.WriteString("3 indeterminate signature verdict.\n")
	io.WriteString(w, b.String())
}

func (e *env) printArea(w io.Writer, a area) {
	var b strings.Builder
	fmt.Fprintf(&b, "egov %s: %s\n\nVerbs:\n", a.name, a.summary)
	for _, v := range a.verbs {
		fmt.Fprintf(&b, "  %-10s %s\n", v.name, v.summary)
	}
	fmt.Fprintf(&b, "\nRun \"egov %s <verb> -h\" for the flags of a verb.\n", a.name)
	io.WriteString(w, b.String())
}

// moduleVersion returns the version of the egov module this binary was built from ("(devel)" for a local build).
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	if info.Main.Path == "github.com/vnegov/egov" && info.Main.Version != "" {
		return info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == "github.com/vnegov/egov" {
			return d.Version
		}
	}
	return "(devel)"
}

// versionInfo is the result of `egov version`.
type versionInfo struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	Go      string `json:"go"`
}

func (e *env) printVersion(args []string) int {
	fs := e.flags("version", "egov version [--format text|json]", false)
	if _, code := e.parse(fs, args); code >= 0 {
		return code
	}
	if e.format == "json" {
		return e.writeResults([]versionInfo{{Module: "github.com/vnegov/egov", Version: moduleVersion(), Go: runtime.Version()}})
	}
	fmt.Fprintf(e.stdout, "egov %s (%s)\n", moduleVersion(), runtime.Version())
	return exitOK
}

// flags returns a flag set for a verb with the common --format and --lang flags registered. findings says whether
// the verb produces findings, which adds junit and sarif to the accepted formats.
func (e *env) flags(name, usage string, findings bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	formats := "text|json"
	if findings {
		formats = strings.Join(diag.Formats(), "|")
	}
	fs.StringVar(&e.format, "format", "text", "output format: "+formats)
	fs.StringVar(&e.lang, "lang", "en", "language of messages: en|vi")
	// The flag package calls Usage on every parse error too; parse prints the usage itself, for -h only, so that
	// a mistyped flag gives one line on stderr rather than the whole usage.
	fs.Usage = func() {}
	e.usage = func() {
		fmt.Fprintf(e.stderr, "Usage: %s\n\nFlags:\n", usage)
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags and positional arguments in any order (flags may follow the arguments, as integrators type
// them) and checks the common flags. It returns the positional arguments and -1, or an exit code to return now.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, int) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.usage() // help goes to stderr, like every human note: stdout stays machine output
				return nil, exitOK
			}
			return nil, e.usageError(fs, err.Error())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if !e.formatAllowed(fs) {
		return nil, e.usageError(fs, fmt.Sprintf("unknown --format %q", e.format))
	}
	if e.lang != "en" && e.lang != "vi" {
		return nil, e.usageError(fs, fmt.Sprintf("unknown --lang %q (want en or vi)", e.lang))
	}
	return positional, -1
}

func (e *env) formatAllowed(fs *flag.FlagSet) bool {
	usage := fs.Lookup("format").Usage
	allowed := strings.Split(strings.TrimPrefix(usage, "output format: "), "|")
	return slices.Contains(allowed, e.format)
}

// usageError reports a usage problem on stderr and returns exit code 2.
func (e *env) usageError(fs *flag.FlagSet, msg string) int {
	cmd := e.command
	if cmd == "" {
		cmd = fs.Name()
	}
	fmt.Fprintf(e.stderr, "egov %s: %s\nRun \"egov %s -h\" for usage.\n", cmd, msg, cmd)
	return exitUsage
}

// fail reports an I/O or internal failure on stderr and returns exit code 2.
func (e *env) fail(err error) int {
	fmt.Fprintf(e.stderr, "egov: %v\n", err)
	return exitUsage
}

// note writes a human note to stderr in the chosen language.
func (e *env) note(en, vi string) {
	if e.lang == "vi" {
		fmt.Fprintln(e.stderr, vi)
		return
	}
	fmt.Fprintln(e.stderr, en)
}

// msg picks the message of the chosen language.
func (e *env) msg(en, vi string) string {
	if e.lang == "vi" && vi != "" {
		return vi
	}
	return en
}

// stderrIsTerminal reports whether progress may be shown on stderr.
func (e *env) stderrIsTerminal() bool {
	f, ok := e.stderr.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
