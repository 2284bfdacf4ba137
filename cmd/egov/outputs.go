package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output files follow one rule in every verb that writes them (docs/output.md, "Output files"): an existing file
// is never replaced unless --overwrite says so, "-" is stdout, and a file is written under a temporary name in
// its own directory, then renamed into place, so that a failed or interrupted run never leaves a half-written
// file under the name a script waits for. Files are created with mode 0644 less the umask, like any file a
// command creates.

// overwriteFlag registers --overwrite, the one switch that lets a verb replace an existing output file.
func overwriteFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("overwrite", false, "replace output files that already exist (refused by default)")
}

// existsError is the refusal to replace an existing output file.
type existsError struct{ path string }

func (e *existsError) Error() string { return fmt.Sprintf(ruleOutputExists.Message, e.path) }

// existsMessage is the refusal in the chosen language (the text of EGOV-005).
func (e *env) existsMessage(path string) string {
	return e.msg(fmt.Sprintf(ruleOutputExists.Message, path), fmt.Sprintf(ruleOutputExists.MessageVI, path))
}

// checkOutput refuses, before any work is done, an output path that exists when overwrite is false; "-" and ""
// always pass. It returns an exit code to return now, or -1.
func (e *env) checkOutput(fs *flag.FlagSet, path string, overwrite bool) int {
	if path == "" || path == "-" || overwrite {
		return -1
	}
	if _, err := os.Lstat(path); err == nil {
		return e.usageError(fs, e.existsMessage(path))
	}
	return -1
}

// claimStdout prepares an output named "-": the data it receives is the only thing on stdout, so a machine
// format is refused and the verb's human summary goes to stderr. It returns an exit code to return now, or -1.
func (e *env) claimStdout(fs *flag.FlagSet, path string) int {
	if path != "-" {
		return -1
	}
	if e.format != "text" {
		return e.usageError(fs, e.msg("-o - writes the output on stdout: --format "+e.format+" needs -o FILE",
			"-o - ghi kết quả ra đầu ra chuẩn: --format "+e.format+" cần -o TỆP"))
	}
	e.data, e.stdout = e.stdout, e.stderr
	return -1
}

// prepareOutput checks an output path before any work (checkOutput) and claims stdout for "-" (claimStdout).
func (e *env) prepareOutput(fs *flag.FlagSet, path string, overwrite bool) int {
	if c := e.checkOutput(fs, path, overwrite); c >= 0 {
		return c
	}
	return e.claimStdout(fs, path)
}

// createOutput creates the temporary file an output is written to, in dir (the output's own directory, so the
// final rename stays on one file system), readable by others as 0644 less the umask.
func createOutput(dir string) (*os.File, error) {
	for {
		f, err := os.OpenFile(filepath.Join(dir, ".egov-"+rand.Text()+".tmp"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// placeOutput renames the finished temporary file to path. Without overwrite an existing path is kept and the
// result is an *existsError: a hard link refuses atomically where the file system has them, else the check is
// made just before the rename.
func placeOutput(tmp, path string, overwrite bool) error {
	if overwrite {
		return os.Rename(tmp, path)
	}
	err := os.Link(tmp, path)
	switch {
	case err == nil:
		return os.Remove(tmp)
	case errors.Is(err, fs.ErrExist):
		return &existsError{path}
	}
	if _, err := os.Lstat(path); err == nil {
		return &existsError{path}
	}
	return os.Rename(tmp, path)
}

// writeOutput writes an output file through write: to stdout for "-" (after the whole output is made, so a
// failure leaves nothing half-written there either), else through a temporary file renamed into place.
func (e *env) writeOutput(path string, overwrite bool, write func(io.Writer) error) error {
	_, err := e.fillOutput(path, overwrite, func(tmp *os.File) (bool, error) { return true, write(tmp) })
	return err
}

// fillOutput makes an output in a temporary file through fill, which says whether the result is to be put in
// place: copied to stdout for "-", else renamed to path (an existing file kept unless overwrite). It reports
// whether the output was placed; the temporary file is gone in every case.
func (e *env) fillOutput(path string, overwrite bool, fill func(tmp *os.File) (bool, error)) (bool, error) {
	dir := os.TempDir()
	if path != "-" {
		dir = filepath.Dir(path)
	}
	tmp, err := createOutput(dir)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; removed when refused or failed
	place, err := fill(tmp)
	if err == nil && place && path == "-" {
		if _, err = tmp.Seek(0, io.SeekStart); err == nil {
			_, err = io.Copy(e.dataOut(), tmp)
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && place && path != "-" {
		err = placeOutput(tmp.Name(), path, overwrite)
	}
	return place && err == nil, err
}

// dataOut is where an output named "-" goes: stdout, also after claimStdout sent the summary to stderr.
func (e *env) dataOut() io.Writer {
	if e.data != nil {
		return e.data
	}
	return e.stdout
}

// outputError reports a failed output write: the refusal to overwrite in the chosen language, else the error.
func (e *env) outputError(err error) int {
	var ee *existsError
	if errors.As(err, &ee) {
		fmt.Fprintf(e.stderr, "egov %s: %s\n", e.command, e.existsMessage(ee.path))
		return exitUsage
	}
	return e.fail(err)
}
