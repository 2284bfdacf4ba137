// Package dossiergen writes synthetic dossier CSV files in the format dvc.Reader reads, for benchmarks and for
// measuring "egov dvc kpi" on large inputs. The data are random but reproducible from a seed: 2025–2026
// receptions, due dates 1 to 20 days later, about 3% open dossiers, 300 agencies, 2,000 procedures.
package dossiergen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/vnegov/egov/vntime"
)

// Header is the header row written by Write; it holds one column the reader ignores (ma_ho_so).
const Header = "ma_ho_so,received_at,due_at,finished_at,channel,level,agency_code,procedure_code,tier\n"

// Write writes the header and n dossier rows generated from seed to w.
func Write(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	ict := vntime.Location()
	start := time.Date(2025, 1, 1, 7, 0, 0, 0, ict)
	channels := []string{"online", "counter", "postal"}
	levels := []string{"1", "2", "3", "4", "toan_trinh", "mot_phan"}
	tiers := []string{"province", "district", "commune", ""}
	var buf []byte
	if _, err := bw.WriteString(Header); err != nil {
		return err
	}
	for i := range n {
		recv := start.Add(time.Duration(rng.Int64N(int64(700 * 24 * time.Hour))))
		due := recv.AddDate(0, 0, 1+rng.IntN(20))
		buf = fmt.Appendf(buf[:0], "HS%08d,", i)
		buf = recv.AppendFormat(buf, time.RFC3339)
		buf = append(buf, ',')
		buf = due.AppendFormat(buf, time.RFC3339)
		buf = append(buf, ',')
		if rng.IntN(100) >= 3 {
			fin := due.Add(time.Duration(rng.Int64N(int64(12*24*time.Hour))) - 9*24*time.Hour)
			if fin.Before(recv) {
				fin = recv.Add(time.Hour)
			}
			buf = fin.AppendFormat(buf, time.RFC3339)
		}
		agency := rng.IntN(300)
		buf = fmt.Appendf(buf, ",%s,%s,000.%02d.%02d.H%02d,%d.%06d,%s\n", channels[rng.IntN(3)], levels[rng.IntN(6)],
			agency/30, agency%30+1, 50+agency%10, 1+rng.IntN(2), rng.IntN(2000), tiers[rng.IntN(4)])
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
