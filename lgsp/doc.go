// Package lgsp implements clients of the gateways Vietnamese agencies exchange through: the national
// document-exchange axis (Trục liên thông văn bản quốc gia, QĐ 28/2018/QĐ-TTg) and the provincial and ministerial
// integration platforms, LGSP, and the national one, NGSP/NDXP (Thông tư 13/2017/TT-BTTTT, Nghị định 47/2020/NĐ-CP).
// No public specification of their APIs exists; the wire protocols here are those public code shows (spec
// lgsp.md), so every path, header name and auth scheme is configuration with those values as defaults. Axis is
// one interface over two wire profiles: VXP, the national axis as the vendor SDK speaks it (parameters in
// XroadVnpt-* headers signed with an HMAC, see HMACSignature), and LTVB, a provincial REST gateway (bearer login
// and static keys). Auth implementations compose like oauth2.TokenSource: HMACSignature, Bearer over
// ClientCredentials (NGSP's WSO2 API manager), LGSPToken (VNPT's lgspaccesstoken), StaticKeys with
// LoginTokenSource, and MutualTLS as a transport. Population checks the identity of a citizen against the
// population database (SOAP XacThucThongTinCongDan), EnterpriseRegistry looks enterprises up through NGSP, and
// Portal synchronises dvc dossiers with the national public-service portal (DongBoHoSoMC, CapNhatTienDoHoSoMC,
// TraCuuHoSo; PortalDossier converts a dvc.Dossier to the portal's JSON and back).
//
// Every call carries a request id (X-Request-Id, a UUID, the same for each attempt) and a W3C traceparent; each
// attempt has its own timeout; idempotent operations are retried with exponential backoff and jitter, honouring
// Retry-After; a circuit breaker guards each endpoint; connections to the gateway are kept for reuse
// (NewTransport keeps MaxIdleConnsPerHost, where net/http keeps 2, which made concurrent callers dial, and over TLS
// handshake, for most calls); responses are size-limited and redirects are never followed; failures are typed (TransportError, GatewayError with the gateway's own code, AuthError,
// ValidationError) with the request id and a body excerpt; debug logs go to log/slog with credentials redacted and
// bodies never logged. Packages stream: Send reads the package once to validate it with edoc and compute its
// hash-file (a signed header, so it must be known before the body is sent), spooling to a temporary file when
// the reader cannot seek, then streams it as multipart through a pipe; Get decodes the base64 inside the JSON
// answer on the fly into the caller's writer while edoc validates the same bytes.
//
//	axis, err := lgsp.NewAxis(lgsp.Config{
//		BaseURL:  "https://axis.example.gov.vn/vdxp-product/1.0",
//		SystemID: "my-system",
//		Auth:     lgsp.HMACSignature{SystemID: "my-system", Secret: secret},
//	}, lgsp.AxisOptions{Profile: lgsp.VXP})
//	res, err := axis.Send(ctx, f, lgsp.SendOptions{}) // recipients from the package's header
//
// # No duplicate documents
//
// sendEdoc is not idempotent on the wire and is never blindly retried. A request refused before it was handled
// (429, connection refused, breaker open) is sent again; after an ambiguous failure (a dropped connection or
// timeout after the request was written, a 5xx, an unreadable answer) the client first reads the gateway's sent
// list from the first attempt's day on and looks for the package: by hash-file where the gateway echoes it (the
// lgsptest stand-in does), else by the edXML DocumentId where echoed, else by notation (số/ký hiệu), title
// (trích yếu) and recipient, sent no earlier than five minutes before the first attempt. Only when it is not
// there is the package sent again. Residual risk with a gateway that echoes neither hash nor DocumentId: two
// different packages with the same notation, title and recipient sent the same day are taken for one (the
// second is reported as already sent), and a gateway whose sent list lags behind its store lets a duplicate
// through; with no sent list at all (some provincial gateways) an ambiguous failure is returned to the caller
// instead of being retried. SendOptions.CheckFirst runs the same check before the first attempt, for callers that
// resume after a crash. With a gateway that deduplicates by Idempotency-Key (the stand-in does), setting
// SendOptions.IdempotencyKey makes sendEdoc an ordinary retryable call and no look-up is needed.
//
// # Measurements
//
// On the shared 2-core development machine (load average 15), Go 1.26, `egov lgsp sandbox` in a separate
// process and the client measured with /usr/bin/time -v on a 272,069,397-byte package (one 201 MB PDF):
//
//	egov lgsp send big.edxml      14.2 MB max RSS, 0.51 s user (validation, hash, multipart streaming)
//	egov lgsp get DOCID -o FILE   18.6 MB max RSS, 3.6 s user (base64 decoded from the JSON on the fly, validated)
//
// Client overhead: `go test -run XXX -bench ReceivedOverhead -benchmem -count 8 -benchtime 2000x ./lgsp` runs one
// getReceivedEdocList through the whole client stack and the same request signed per spec by hand on a bare
// net/http client against one local server: best of 8, 125 µs/op (15.7 KB, 247 allocs) for the client against 134
// µs/op (14.3 KB, 234 allocs) raw, a ratio of 0.93 (the raw side decodes into maps; the stack itself adds 13
// allocations). TestExactlyOnceUnderFaults sends 1,000 packages through a stand-in failing 30 % of about 4,800
// requests (a half of the faults after the request was carried out): each arrives once, byte-identical, about
// 200 of them recognised in the sent list after an ambiguous failure, and 1,000 "done" statuses return; the
// whole test costs 5.3 s of CPU (client and stand-in together, 8 concurrent senders).
package lgsp
