package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b))
	out := b.String()
	for _, want := range []string{
		// Tết 16–20/02/2026: three working days from Friday 13/02 10:00 end on Wednesday 25/02.
		"000.00.31.H53-260213-0001  counter  4          Fri 13/02 10:00  Wed 25/02 10:00  24/02 15:00      early",
		// Online at night counts from the next opening, 07:00 on Monday 23/02.
		"Fri 13/02 21:40  Thu 26/02 07:00",
		// Paper after 15:00 counts from the next working morning.
		"Thu 12/02 15:20  Fri 27/02 07:00",
		"(processing time restarted 23/02 08:00)",
		// The apology resets the appointment, not the deadline: the result after 23/02 is late.
		"Mon 02/02 08:00  Mon 23/02 08:00  04/03 11:00      late (extended with apology; second extension refused; appointment reset to 04/03 17:00)",
		"withdrawn",
		"9 dossiers: 8 resolved (early 2, on time 3, late 3), 1 open",
		"target ct2022-province-level4          50.0% vs 80%: missed",
	} {
		require.True(t, strings.Contains(out, want), "missing %q in\n%s", want, out)
	}
}
