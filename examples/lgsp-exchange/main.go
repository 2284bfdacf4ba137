// Command lgsp-exchange shows two agencies exchanging an official letter through a document-exchange gateway:
// the Văn phòng Chính phủ (demo system A) signs a công văn with XML-DSig and sends it on the axis; the Bộ Nội vụ
// (demo system B) finds it in its inbox, downloads it, verifies its signature while validating it, answers with
// the status packages 01 (đã đến, arrived) and 03 (đã tiếp nhận, accepted), and sets its delivery status to done;
// A reads the status packages in its own inbox and sees "done" in its sent list.
//
// Without flags it starts the stand-in gateway (the one `egov lgsp sandbox` serves) on 127.0.0.1 for the run;
// with -endpoint it uses a running sandbox:
//
//	go run ./examples/lgsp-exchange
//	egov lgsp sandbox --addr 127.0.0.1:8480 & go run ./examples/lgsp-exchange -endpoint http://127.0.0.1:8480
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
	"github.com/vnegov/egov/signature"
)

func main() {
	endpoint := flag.String("endpoint", "", "a running sandbox (default: start one for this run)")
	flag.Parse()
	if err := run(context.Background(), *endpoint, time.Now(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lgsp-exchange:", err)
		os.Exit(1)
	}
}

// agency is one side of the exchange.
type agency struct {
	sys  lgsptest.System
	axis lgsp.Axis
}

func run(ctx context.Context, endpoint string, now time.Time, out io.Writer) error {
	if endpoint == "" {
		url, stop, err := startSandbox()
		if err != nil {
			return err
		}
		defer stop()
		endpoint = url
	}
	pki, err := newDemoPKI(now)
	if err != nil {
		return err
	}
	a, err := connect(endpoint, lgsptest.DemoSystems()[0], lgsp.ValidationPolicy{})
	if err != nil {
		return err
	}
	b, err := connect(endpoint, lgsptest.DemoSystems()[1], lgsp.ValidationPolicy{Profile: edoc.Interop, Signatures: pki.verifier(now)})
	if err != nil {
		return err
	}

	// A: sign the letter and send it.
	letter := lgsptest.Letter(a.sys.OrganID, []string{b.sys.OrganID}, 4721, now)
	var signed bytes.Buffer
	if err := signature.SignXMLEnveloped(ctx, &signed, bytes.NewReader(letter), pki.key, pki.chain, signature.XMLSignOptions{}); err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	sent, err := a.axis.Send(ctx, bytes.NewReader(signed.Bytes()), lgsp.SendOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "A sent the signed letter as %s (%d bytes, hash-file %s…)\n", sent.DocID, sent.Size, sent.HashFile[:16])

	// B: read the inbox, download, verify, answer.
	if err := receive(ctx, b, a, out, now); err != nil {
		return err
	}

	// A: the status packages and the delivery status came back.
	for it, err := range lgsp.AllReceived(ctx, a.axis, lgsp.ListFilter{MessageType: lgsp.MessageStatus}, 0) {
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := a.axis.Get(ctx, it.DocID, &buf); err != nil {
			return err
		}
		st, err := edoc.ReadStatus(&buf, edoc.ReaderOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "A received status %s (%s) for %s from %s\n", st.Code.Code(), st.Code, st.ResponseFor.Code, st.From.OrganID)
	}
	for it, err := range lgsp.AllSent(ctx, a.axis, lgsp.ListFilter{MessageType: lgsp.MessageEdoc}, 0) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "A's sent list: %s to %s is %q\n", it.Notation, it.ToCode, it.ReceiveStatus)
	}
	return nil
}

func receive(ctx context.Context, b, a agency, out io.Writer, now time.Time) error {
	for it, err := range lgsp.AllReceived(ctx, b.axis, lgsp.ListFilter{MessageType: lgsp.MessageEdoc}, 0) {
		if err != nil {
			return err
		}
		var pkg bytes.Buffer
		got, err := b.axis.Get(ctx, it.DocID, &pkg)
		if err != nil {
			return err
		}
		for _, d := range got.Report.Diagnostics {
			if d.Code >= "EDOC-G" && d.Code < "EDOC-H" { // the signature findings
				fmt.Fprintf(out, "B checked the signature: %s %s\n", d.Severity, d.Message)
			}
		}
		fmt.Fprintf(out, "B downloaded %s from %s (%d bytes, valid: %t)\n", it.DocID, it.From, got.Size, !got.Report.HasErrors())
		h, err := edoc.ReadHeader(bytes.NewReader(pkg.Bytes()), edoc.ReaderOptions{})
		if err != nil {
			return err
		}
		from := edoc.Organization{OrganID: b.sys.OrganID, OrganName: b.sys.Name}
		for _, code := range []edoc.StatusCode{1, 3} { // 01 đã đến, 03 đã tiếp nhận
			sp := edoc.NewStatus(&h.Header, from, code, now, "")
			if _, err := b.axis.SendStatus(ctx, sp, []string{a.sys.OrganID}); err != nil {
				return err
			}
		}
		if err := b.axis.UpdateStatus(ctx, it.DocID, lgsp.StatusDone); err != nil {
			return err
		}
	}
	return nil
}

func connect(endpoint string, sys lgsptest.System, v lgsp.ValidationPolicy) (agency, error) {
	ax, err := lgsp.NewAxis(lgsp.Config{BaseURL: endpoint, SystemID: sys.ID,
		Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}},
		lgsp.AxisOptions{Profile: lgsp.VXP, Validation: v})
	return agency{sys: sys, axis: ax}, err
}

// startSandbox serves the stand-in gateway on a free port of 127.0.0.1.
func startSandbox() (string, func(), error) {
	g, err := lgsptest.New(lgsptest.Options{})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// demoPKI is a throw-away CA and signing certificate for the demonstration; a real agency signs with its
// certificate from the Government CA (Ban Cơ yếu Chính phủ).
type demoPKI struct {
	root  *x509.Certificate
	key   crypto.Signer
	chain []*x509.Certificate
	crl   []byte
}

func newDemoPKI(now time.Time) (*demoPKI, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Demo CA (egov example)"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return nil, err
	}
	root, _ := x509.ParseCertificate(caDER)
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Văn phòng Chính phủ (demo)"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, root, leafKey.Public(), caKey)
	if err != nil {
		return nil, err
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1),
		ThisUpdate: now.Add(-time.Minute), NextUpdate: now.AddDate(0, 0, 7)}, root, caKey)
	if err != nil {
		return nil, err
	}
	return &demoPKI{root: root, key: leafKey, chain: []*x509.Certificate{leaf}, crl: crl}, nil
}

// verifier checks signatures against the demo CA, with its CRL supplied (offline).
func (p *demoPKI) verifier(now time.Time) edoc.SignatureVerifier {
	roots, err := signature.NewTrustStore(signature.Anchor{Name: "demo", Certificate: p.root})
	if err != nil {
		panic(err) // one named anchor is always a valid store
	}
	return edoc.NewSignatureVerifier(signature.VerifyOptions{Roots: roots, CRLs: [][]byte{p.crl},
		Revocation: signature.Offline, At: now})
}
