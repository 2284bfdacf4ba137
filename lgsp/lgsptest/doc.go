// Package lgsptest provides an in-process stand-in for a document-exchange gateway, the way net/http/httptest
// provides a server: NewGateway(t, opts) starts one on 127.0.0.1 and returns its URL. It speaks the national
// axis's vxp profile at its root (POST /{operation}, parameters in XroadVnpt-* headers whose HMAC-SHA256
// signature it verifies as spec lgsp.md §2.1 describes, written from the spec and not from the lgsp client,
// with a configurable clock skew, 15 minutes by default, and the vendor SDK's quirks accepted: a signed
// Content-Type of application/octet-stream over a multipart body, hash-file without leading zeros), the
// provincial ltvb profile under /v1/ (§2.2, login at /v1/auth/login), and an OAuth2 client-credentials token
// endpoint at /token that also accepts the VNPT lgspaccesstoken header (§2.3).
//
// Registered systems (id, secret, organ id) exchange packages store-and-forward, each recipient with its own
// delivery status; the sent list echoes each package's hash-file and DocumentId as an extension. Faults are
// injected on request: an error rate, latency, 429 with Retry-After, 503 HTML pages, dropped connections, and
// the faults that happen after the gateway carried a request out (a stored package answered with a 500, a
// dropped connection or truncated JSON). Requests returns the request log. It also answers the population identity check
// (SOAP under /soap/, fixtures in Options.Citizens), the enterprise lookup under /apiCSDLDKDN/ and the national
// portal's adapter under /portal/. `egov lgsp sandbox` serves the same gateway on a local port.
//
//	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.3}})
//	sys := lgsptest.DemoSystems()[0]
//	axis, _ := lgsp.NewAxis(lgsp.Config{BaseURL: g.URL, SystemID: sys.ID,
//		Auth: lgsp.HMACSignature{SystemID: sys.ID, Secret: []byte(sys.Secret)}}, lgsp.AxisOptions{})
package lgsptest
