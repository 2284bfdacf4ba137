// Command agencycode is a small program a new agency can run to check the agency codes of its partners before
// exchanging documents with them: it validates each code, names the unit from the registry at today's date (or
// -at), shows its parent chain, and loads the official list of the province from -registry when given.
//
//	go run ./examples/agencycode 000.00.00.G22 000.21.31.H53 000.21.00.H53
//	go run ./examples/agencycode -at 2020-01-01 -registry examples/agencycode/tinh.csv 000.12.31.H53 000.21.31.H53
//
// tinh.csv, beside this file, is such a list: the units of UBND tỉnh Tây Ninh in the province's table of
// QCVN 102:2016/BTTTT agency codes, each with its source and validity (the district level ends on 1/7/2025 with
// Nghị quyết 202/2025/QH15). A province replaces it with its own export; the columns are code, name and optionally
// short_name, valid_from, valid_to (YYYY-MM-DD, valid_to exclusive) and source.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/vntime"
)

func main() {
	at := flag.String("at", "", "date of the lookup, YYYY-MM-DD (default today)")
	registry := flag.String("registry", "", "CSV file of agency codes (code,name[,short_name,valid_from,valid_to,source]), e.g. tinh.csv")
	flag.Parse()
	os.Exit(run(os.Stdout, *at, *registry, flag.Args()))
}

// run checks the codes and writes one block per code to w; it returns the exit code.
func run(w io.Writer, atText, registryPath string, codes []string) int {
	ict := vntime.Location()
	at := time.Now().In(ict)
	if atText != "" {
		t, err := time.ParseInLocation("2006-01-02", atText, ict)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad -at:", err)
			return 2
		}
		at = t
	}
	reg := agencycode.DefaultRegistry()
	if registryPath != "" {
		f, err := os.Open(registryPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		defer f.Close()
		if err := reg.LoadCSV(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	status := 0
	for _, s := range codes {
		if !describe(w, reg, s, at) {
			status = 1
		}
	}
	return status
}

// describe prints one code and reports whether it is valid.
func describe(w io.Writer, reg *agencycode.Registry, s string, at time.Time) bool {
	norm, changed := agencycode.Normalize(s)
	c, err := agencycode.Parse(norm)
	if err != nil {
		var e *agencycode.Error
		if errors.As(err, &e) {
			d := e.Diagnostic()
			fmt.Fprintf(w, "%s: invalid [%s] %s / %s\n", s, d.Code, d.Message, d.MessageVI)
		}
		return false
	}
	if changed {
		fmt.Fprintf(w, "%s: written as %s\n", s, norm)
	}
	name := "(not in the registry at this date)"
	if e, ok := reg.Lookup(c, at); ok {
		name = e.Name
	}
	fmt.Fprintf(w, "%s: level %d, %s\n", c, c.Level(), name)
	for _, a := range reg.Ancestors(c, at) {
		fmt.Fprintf(w, "    under %s %s\n", a.Code, a.Name)
	}
	return true
}
