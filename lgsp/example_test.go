package lgsp_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

// Two agencies exchange a package through the stand-in gateway with the national axis's vxp profile.
func Example() {
	g, _ := lgsptest.New(lgsptest.Options{})
	srv := httptest.NewServer(g)
	defer srv.Close()
	connect := func(sys lgsptest.System) lgsp.Axis {
		a, _ := lgsp.NewAxis(lgsp.Config{BaseURL: srv.URL, SystemID: sys.ID,
			Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}}, lgsp.AxisOptions{Profile: lgsp.VXP})
		return a
	}
	vpcp, bnv := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	sender, receiver := connect(vpcp), connect(bnv)
	ctx := context.Background()

	pkg := lgsptest.Letter(vpcp.OrganID, []string{bnv.OrganID}, 1, time.Date(2025, 5, 10, 0, 0, 0, 0, time.UTC))
	if _, err := sender.Send(ctx, bytes.NewReader(pkg), lgsp.SendOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	for doc, err := range lgsp.AllReceived(ctx, receiver, lgsp.ListFilter{}, 0) {
		if err != nil {
			fmt.Println(err)
			return
		}
		var got bytes.Buffer
		res, err := receiver.Get(ctx, doc.DocID, &got)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("from %s, %d bytes, identical: %t, valid: %t\n", doc.From, res.Size, bytes.Equal(got.Bytes(), pkg), !res.Report.HasErrors())
		receiver.UpdateStatus(ctx, doc.DocID, lgsp.StatusDone)
	}
	sent, _ := sender.Sent(ctx, lgsp.ListFilter{})
	fmt.Println("status at the sender:", sent[0].ReceiveStatus)
	// Output:
	// from 000.00.00.G22, 2636 bytes, identical: true, valid: true
	// status at the sender: done
}
