package agencycode_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/vnegov/egov/agencycode"
	"github.com/vnegov/egov/vntime"
)

func ExampleParse() {
	c, err := agencycode.Parse("000.21.31.H53")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := c.Parent()
	fmt.Println(c.Form(), c.Level(), p)

	_, err = agencycode.Parse("000.21.00.H53")
	fmt.Println(errors.Is(err, agencycode.ErrHierarchy))
	// Output:
	// qcvn102 3 000.00.31.H53
	// true
}

func ExampleRegistry_Lookup() {
	reg := agencycode.DefaultRegistry()
	ict := vntime.Location()
	g14 := agencycode.MustParse("000.00.00.G14")
	e, ok := reg.Lookup(g14, time.Date(2019, 3, 1, 0, 0, 0, 0, ict))
	fmt.Println(ok, e.Name)
	_, ok = reg.Lookup(g14, time.Date(2026, 3, 1, 0, 0, 0, 0, ict))
	fmt.Println(ok)
	// Output:
	// true Bộ Thông tin và Truyền thông
	// false
}

func ExampleNormalize() {
	s, changed := agencycode.Normalize(" 000.00.00.h53 ")
	fmt.Printf("%q %v\n", s, changed)
	// Output: "000.00.00.H53" true
}
