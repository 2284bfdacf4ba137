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
	"strconv"
	"strings"
	"time"

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
	args = e.takeLang(args)
	if len(args) == 0 {
		e.printHelp(e.stderr, all)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		e.scanLang(args)
		if rest := withoutLang(args[1:]); len(rest) > 0 {
			return e.dispatch(all, []string{rest[0], "-h"})
		}
		e.printHelp(e.stderr, all)
		return exitOK
	case "version", "--version", "-version":
		return e.printVersion(args[1:])
	}
	i := slices.IndexFunc(all, func(a area) bool { return a.name == args[0] })
	if i < 0 {
		e.scanLang(args)
		fmt.Fprintf(e.stderr, e.msg("egov: unknown area %q\n\n", "egov: không có nhóm lệnh %q\n\n"), args[0])
		e.printHelp(e.stderr, all)
		return exitUsage
	}
	return e.dispatchVerb(all[i], args[1:])
}

func (e *env) dispatchVerb(a area, args []string) int {
	args = e.takeLang(args)
	if len(args) == 0 {
		e.printArea(e.stderr, a)
		return exitUsage
	}
	if isHelp(args[0]) || args[0] == "help" {
		e.scanLang(args)
		e.printArea(e.stderr, a)
		return exitOK
	}
	i := slices.IndexFunc(a.verbs, func(v verb) bool { return v.name == args[0] })
	if i < 0 {
		e.scanLang(args)
		fmt.Fprintf(e.stderr, e.msg("egov %s: unknown verb %q\n\n", "egov %s: không có lệnh %q\n\n"), a.name, args[0])
		e.printArea(e.stderr, a)
		return exitUsage
	}
	e.command = a.name + " " + a.verbs[i].name
	return a.verbs[i].run(e, args[1:])
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" }

func (e *env) printHelp(w io.Writer, all []area) {
	var b strings.Builder
	if e.lang == "vi" {
		b.WriteString("egov: các thành phần chính phủ điện tử Việt Nam dùng chung, cho đơn vị tích hợp và quy trình CI.\n\n")
		b.WriteString("Cách dùng: egov <nhóm> <lệnh> [tùy chọn] [đối số]\n\nCác nhóm lệnh:\n")
	} else {
		b.WriteString("egov: Vietnamese e-government primitives for integrators and CI.\n\n")
		b.WriteString("Usage: egov <area> <verb> [flags] [args]\n\nAreas:\n")
	}
	for _, a := range all {
		fmt.Fprintf(&b, "  %-12s %s\n", a.name, e.tr(a.summary))
	}
	fmt.Fprintf(&b, "  version      %s\n", e.tr("print the module and Go versions"))
	if e.lang == "vi" {
		b.WriteString("\nChạy \"egov <nhóm> -h\" để xem các lệnh của một nhóm và \"egov <nhóm> <lệnh> -h\" để xem tùy chọn.\n")
		b.WriteString("Mã thoát: 0 thành công, 1 có phát hiện mức lỗi hoặc kết luận không đạt, 2 sai cách dùng hoặc lỗi đọc/ghi,\n")
		b.WriteString("3 chưa xác định được kết luận về chữ ký số.\n")
		b.WriteString("Ngôn ngữ: --lang vi hoặc biến môi trường EGOV_LANG=vi cho tiếng Việt, --lang en cho tiếng Anh.\n")
	} else {
		b.WriteString("\nRun \"egov <area> -h\" for the verbs of an area and \"egov <area> <verb> -h\" for their flags.\n")
		b.WriteString("Exit codes: 0 success, 1 findings of severity error or a failed verdict, 2 usage or I/O error,\n")
		b.WriteString("3 indeterminate signature verdict.\n")
		b.WriteString("Language: --lang vi or the environment variable EGOV_LANG=vi for Vietnamese, --lang en for English.\n")
	}
	io.WriteString(w, b.String())
}

func (e *env) printArea(w io.Writer, a area) {
	var b strings.Builder
	fmt.Fprintf(&b, "egov %s: %s\n\n%s\n", a.name, e.tr(a.summary), e.msg("Verbs:", "Các lệnh:"))
	for _, v := range a.verbs {
		fmt.Fprintf(&b, "  %-10s %s\n", v.name, e.tr(v.summary))
	}
	fmt.Fprintf(&b, e.msg("\nRun \"egov %s <verb> -h\" for the flags of a verb.\n",
		"\nChạy \"egov %s <lệnh> -h\" để xem tùy chọn của một lệnh.\n"), a.name)
	io.WriteString(w, b.String())
}

// langEnv names the environment variable that sets the default language of messages ("en" or "vi"); --lang
// overrides it.
const langEnv = "EGOV_LANG"

// defaultLang is the language of messages before --lang is parsed: $EGOV_LANG when it is "en" or "vi", else "en".
func defaultLang(getenv func(string) string) string {
	if l := getenv(langEnv); l == "vi" || l == "en" {
		return l
	}
	return "en"
}

// langArg reports whether args[i] is a --lang flag and returns its value and the number of arguments it spans.
func langArg(args []string, i int) (value string, n int, ok bool) {
	a := args[i]
	for _, name := range []string{"--lang", "-lang"} {
		if v, found := strings.CutPrefix(a, name+"="); found {
			return v, 1, true
		}
		if a == name && i+1 < len(args) {
			return args[i+1], 2, true
		}
	}
	return "", 0, false
}

// takeLang removes the --lang flags that come before the area or verb name ("egov --lang vi help"), setting the
// language when the value is en or vi.
func (e *env) takeLang(args []string) []string {
	for len(args) > 0 {
		v, n, ok := langArg(args, 0)
		if !ok {
			return args
		}
		if v == "en" || v == "vi" {
			e.lang = v
		}
		args = args[n:]
	}
	return args
}

// withoutLang returns args without their --lang flags and values.
func withoutLang(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if _, n, ok := langArg(args, i); ok {
			i += n - 1
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// scanLang sets the language from the last valid --lang among args, so that help asked for with -h before
// --lang ("egov edoc validate -h --lang vi") is printed in the language asked for.
func (e *env) scanLang(args []string) {
	for i := 0; i < len(args); i++ {
		if v, n, ok := langArg(args, i); ok {
			if v == "en" || v == "vi" {
				e.lang = v
			}
			i += n - 1
		}
	}
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
	fs.StringVar(&e.lang, "lang", e.lang, "language of messages: en|vi; $"+langEnv+" sets the default")
	// The flag package calls Usage on every parse error too; parse prints the usage itself, for -h only, so that
	// a mistyped flag gives one line on stderr rather than the whole usage.
	fs.Usage = func() {}
	e.usage = func() { e.printUsage(fs, usage) }
	return fs
}

// printUsage prints a verb's synopsis, its description and its flags on stderr in the chosen language. The
// synopsis is syntax and stays as written; the description and flag texts come from viText in Vietnamese.
func (e *env) printUsage(fs *flag.FlagSet, usage string) {
	if e.lang != "vi" {
		fmt.Fprintf(e.stderr, "Usage: %s\n\nFlags:\n", usage)
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return
	}
	var b strings.Builder
	synopsis, desc, _ := strings.Cut(usage, "\n\n")
	fmt.Fprintf(&b, "Cách dùng: %s\n", synopsis)
	if desc != "" {
		fmt.Fprintf(&b, "\n%s\n", e.trParagraphs(desc))
	}
	b.WriteString("\nTùy chọn:\n")
	fs.VisitAll(func(f *flag.Flag) { b.WriteString(e.flagHelpVI(f)) })
	io.WriteString(e.stderr, b.String())
}

// trParagraphs translates a description as a whole, or else paragraph by paragraph (a verb's own text followed by
// the shared note of inputsNote).
func (e *env) trParagraphs(desc string) string {
	if vi := e.tr(desc); vi != desc || e.lang != "vi" {
		return vi
	}
	ps := strings.Split(desc, "\n\n")
	for i, p := range ps {
		ps[i] = e.tr(p)
	}
	return strings.Join(ps, "\n\n")
}

// inputsNote is the paragraph the help of a verb taking several files ends with: the input rule of
// docs/output.md ("Inputs").
func inputsNote(kinds string) string {
	return "A FILE may be a directory: its " + kinds + " files are taken in name order (symbolic links to\n" +
		"directories are not followed). - reads stdin. Every input gets its own result."
}

// valueNamesVI are the Vietnamese names of the value placeholders flag.UnquoteUsage derives from a flag's type.
var valueNamesVI = map[string]string{"string": "chuỗi", "int": "số", "uint": "số", "float": "số",
	"duration": "thời lượng", "value": "giá trị"}

// flagHelpVI formats one flag the way flag.PrintDefaults does, with the Vietnamese description and default.
func (e *env) flagHelpVI(f *flag.Flag) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  -%s", f.Name)
	name, _ := flag.UnquoteUsage(f)
	if name != "" {
		b.WriteString(" " + cmpOr(valueNamesVI[name], name))
	}
	b.WriteString("\n    \t")
	b.WriteString(strings.ReplaceAll(e.flagUsageVI(f.Usage), "\n", "\n    \t"))
	if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" && f.Name != "lang" {
		if !isNumberOrDuration(def) {
			def = strconv.Quote(def) // a literal value, quoted as in the descriptions
		}
		fmt.Fprintf(&b, " (mặc định: %s)", def)
	}
	b.WriteString("\n")
	return b.String()
}

// flagUsageVI translates a flag description; the common --format and --lang flags are built from parts.
func (e *env) flagUsageVI(usage string) string {
	if formats, ok := strings.CutPrefix(usage, "output format: "); ok {
		return "định dạng kết quả: " + formats
	}
	if strings.HasPrefix(usage, "language of messages: ") {
		return "ngôn ngữ của thông báo: en|vi (mặc định lấy từ $" + langEnv + ", nếu không có thì en)"
	}
	return e.tr(usage)
}

// isNumberOrDuration reports whether a flag's default is a number or a duration, printed without quotes.
func isNumberOrDuration(s string) bool {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	_, err := time.ParseDuration(s)
	return err == nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parse parses flags and positional arguments in any order (flags may follow the arguments, as integrators type
// them) and checks the common flags. It returns the positional arguments and -1, or an exit code to return now.
func (e *env) parse(fs *flag.FlagSet, args []string) ([]string, int) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				e.scanLang(args) // "-h --lang vi": the flag package stopped at -h before reading --lang
				e.usage()        // help goes to stderr, like every human note: stdout stays machine output
				return nil, exitOK
			}
			e.scanLang(args)
			return nil, e.usageError(fs, e.flagErrorText(err))
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
		return nil, e.usageError(fs, fmt.Sprintf(e.msg("unknown --format %q", "không hỗ trợ --format %q"), e.format))
	}
	if e.lang != "en" && e.lang != "vi" {
		bad := e.lang
		e.lang = "en"
		return nil, e.usageError(fs, fmt.Sprintf("unknown --lang %q (want en or vi)", bad))
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
	fmt.Fprintf(e.stderr, e.msg("egov %s: %s\nRun \"egov %s -h\" for usage.\n", "egov %s: %s\nChạy \"egov %s -h\" để xem cách dùng.\n"),
		cmd, e.tr(msg), cmd)
	return exitUsage
}

// fail reports an I/O or internal failure on stderr and returns exit code 2.
func (e *env) fail(err error) int {
	fmt.Fprintf(e.stderr, "egov: %s\n", e.errText(err))
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
