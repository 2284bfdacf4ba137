// Command dossiergen writes a synthetic dossier CSV for measuring "egov dvc kpi":
//
//	go run ./dvc/internal/dossiergen/cmd/dossiergen -n 1000000 -o /tmp/big.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vnegov/egov/dvc/internal/dossiergen"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of dossiers")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dossiergen:", err)
			os.Exit(2)
		}
		defer f.Close()
		w = f
	}
	if err := dossiergen.Write(w, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "dossiergen:", err)
		os.Exit(2)
	}
}
