package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The file arguments of every verb follow one rule (docs/output.md, "Inputs"): "-" is stdin (once per
// invocation), a directory given to a verb that takes several files is walked for the kinds of file the verb
// reads, and anything else is opened as a file when its turn comes, so that an input that cannot be read becomes
// that input's result rather than the end of the report.

// Extensions of the files a verb takes from a directory, by kind of input.
var (
	edxmlExts     = []string{".edxml", ".xml"}
	signatureExts = []string{".xml", ".edxml", ".p7s", ".p7m", ".pdf"}
	reportExts    = []string{".json", ".csv", ".xlsx"}
)

// inputError is a reason an input cannot be read that the command states itself, in both languages; the
// finding it becomes (EGOV-001) carries the Vietnamese text as well.
type inputError struct{ en, vi string }

func (e *inputError) Error() string { return e.en }

// stdinTwice is the usage error of a command line naming stdin more than once.
func (e *env) stdinTwice() string {
	return e.msg(`"-" (stdin) can be given only once`, `chỉ được dùng "-" (đầu vào chuẩn) một lần`)
}

// expandInputs replaces each directory among the file arguments by the files under it whose extension is one of
// exts, walked in lexical order (deterministic); symbolic links to directories are not followed, so a link loop
// cannot make the walk endless. A directory holding no such file stays in the list and becomes a result with a
// finding when it is opened. It returns ok false when "-" is given more than once.
func (e *env) expandInputs(args []string, exts ...string) ([]string, bool) {
	e.inputExts = exts
	var out []string
	stdin := 0
	for _, a := range args {
		if a == "-" {
			stdin++
			out = append(out, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a) // opened, or reported as unreadable, in its turn
			continue
		}
		found := walkInputs(a, exts)
		if len(found) == 0 {
			found = []string{a}
		}
		out = append(out, found...)
	}
	return out, stdin <= 1
}

// walkInputs lists the files under dir with one of exts, sorted by path, without following symbolic links to
// directories. A subdirectory that cannot be listed is kept in the list, so that opening it reports why.
func walkInputs(dir string, exts []string) []string {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return []string{dir}
	}
	var out []string
	for _, d := range entries {
		p := filepath.Join(dir, d.Name())
		switch {
		case d.IsDir(): // a symlink is never IsDir here: ReadDir does not follow links
			out = append(out, walkInputs(p, exts)...)
		case slices.Contains(exts, strings.ToLower(filepath.Ext(d.Name()))):
			if d.Type()&os.ModeSymlink != 0 {
				if st, err := os.Stat(p); err == nil && st.IsDir() {
					continue // a link to a directory: not followed
				}
			}
			out = append(out, p)
		}
	}
	return out
}

// openFile opens a named file for reading; a directory is refused with a hint, naming the kinds of file the
// verb reads from a directory when it walks them (exts), or asking for a file.
func openFile(name string, exts []string) (*os.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.IsDir() {
		return f, nil
	}
	f.Close()
	if len(exts) > 0 {
		kinds := "*" + strings.Join(exts, ", *")
		return nil, &inputError{
			en: fmt.Sprintf("%s: the directory holds no file of the kinds this command reads (%s)", name, kinds),
			vi: fmt.Sprintf("%s: thư mục không chứa tệp nào thuộc loại lệnh này đọc (%s)", name, kinds)}
	}
	return nil, &inputError{
		en: fmt.Sprintf("%s is a directory: give a file", name),
		vi: fmt.Sprintf("%s là thư mục: hãy chỉ ra một tệp", name)}
}

// nameError prefixes err with the input's name ("stdin" for "-") unless its text already carries it (an
// *os.PathError does), so that every finding about an input names the file.
func nameError(name string, err error) error {
	if name == "-" {
		name = "stdin"
	}
	var pe *os.PathError
	var ie *inputError
	if errors.As(err, &pe) || errors.As(err, &ie) || strings.Contains(err.Error(), name) {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// spoolStdin copies stdin to a temporary file for the signers, which need to read their input twice (XML) or
// at random (PDF); the caller closes and removes it.
func (e *env) spoolStdin() (*os.File, error) {
	f, err := os.CreateTemp("", ".egov-stdin-*")
	if err != nil {
		return nil, err
	}
	if _, err = io.Copy(f, e.stdin); err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("stdin: %w", err)
	}
	return f, nil
}
