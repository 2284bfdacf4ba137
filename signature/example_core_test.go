package signature_test

import (
	"fmt"
	"time"

	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/vntime"
)

func ExampleDefaultTrustStore() {
	for _, a := range signature.DefaultTrustStore().Anchors() {
		fmt.Println(a.Name)
		fmt.Println(signature.Fingerprint(a.Certificate.Raw))
	}
	// Output:
	// vgca-rootca-g2
	// F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8
}

func ExamplePolicySet_ForTime() {
	ict := vntime.Location()
	policies := signature.DefaultPolicies()
	for _, signed := range []time.Time{
		time.Date(2019, 3, 4, 9, 0, 0, 0, ict),
		time.Date(2025, 8, 15, 8, 0, 0, 0, ict),
	} {
		p := policies.ForTime(signed)
		fmt.Println(signed.Format("2006-01-02"), p.Name, p.Reference)
	}
	// Output:
	// 2019-03-04 legacy Thông tư 41/2017/TT-BTTTT (practice 2016–2025)
	// 2025-08-15 current Thông tư 15/2025/TT-BKHCN
}

func ExampleSubIndication_URI() {
	fmt.Println(signature.Indeterminate.URI())
	fmt.Println(signature.TryLater.URI())
	// Output:
	// urn:etsi:019102:mainindication:INDETERMINATE
	// urn:etsi:019102:subindication:TRY_LATER
}
