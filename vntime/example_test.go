package vntime_test

import (
	"fmt"
	"time"

	"github.com/vnegov/egov/vntime"
)

func ExampleParse() {
	for _, s := range []string{"2026-02-16", "2026-02-16T08:30", "2026-02-16T01:30:00Z", "2026-02-30"} {
		t, err := vntime.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.In(vntime.Location()).Format(time.RFC3339))
	}
	// Output:
	// 2026-02-16T00:00:00+07:00
	// 2026-02-16T08:30:00+07:00
	// 2026-02-16T08:30:00+07:00
	// vntime: "2026-02-30": day out of range in a date (2026-02-16)
}
