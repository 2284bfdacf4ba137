// Package edoc implements the edXML packages of the national document-exchange axis (Trục liên thông văn bản quốc
// gia): QCVN 102:2016/BTTTT (Thông tư 10/2016/TT-BTTTT) and its amendment Sửa đổi 1:2022 (Thông tư 01/2022/TT-BTTTT),
// exchanged under QĐ 28/2018/QĐ-TTg, with the document types and numbering of Nghị định 30/2020/NĐ-CP. A document
// package (gói tin văn bản) carries a header describing an administrative document (sender, receivers, số và ký
// hiệu, ngày ban hành, trích yếu, người ký), a manifest, and the document's files inline as base64; a status
// package (gói tin trạng thái) answers it with a code: 01 đã đến, 02 từ chối, 03 đã tiếp nhận … 16.
//
// Packages of hundreds of megabytes are normal, so everything streams. NewReader parses the header eagerly and
// then yields attachments one by one, each an io.Reader decoding base64 on the fly from a bounded buffer (the
// standard XML decoder returns a text node whole, so edoc reads through the module's streaming tokenizer, the one
// the signature verifier reads through too, so both accept the same bytes); ReaderOptions bound header
// size, attachment count and size, and depth. Writer (and Write) produce packages the way producers on the axis
// expect them, streaming attachments through a base64 encoder. Validate checks a package in a single pass under
// the Strict profile (QCVN 102 as written) or the Interop profile (what the axis accepts: order, namespace and
// prefix quirks become warnings) and returns diag findings with stable EDOC-… codes (see Rules), English
// and Vietnamese messages, element path and line. Two references disagree on element order, the public samples of
// the axis SDK and the vendor's edXML builder library; Strict accepts both (schema.go names them), and Interop also
// takes the builder's boolean Direction (EDOC-F006) and the UUID DocumentIds gateways assign (EDOC-D007) as
// warnings. testdata/interop keeps one package per real producer's behaviour, the home of the next quirk found.
// Signature presence is reported; cryptographic verification is plugged in through SignatureVerifier (package
// edoc/edocsig adapts package signature, which edoc itself never imports) and runs concurrently on the same single
// pass of input. A zero ValidateOptions.At means now.
//
//	rep, err := edoc.Validate(ctx, f, edoc.ValidateOptions{Profile: edoc.Interop})
//	if err != nil { … }          // I/O failure
//	for _, d := range rep.Diagnostics { fmt.Println(d) }
//
// # Performance
//
// Measured with `sh edoc/testdata/perf.sh` on the 2-core development machine, Go 1.26, on a generated package of
// 268,435,006 bytes (256 MiB less 450 bytes; one 198,709,777-byte PDF attachment), three interleaved runs each:
//
//	egov edoc validate big.edxml                    0.28–0.29 s wall, 0.23–0.25 s user, 22.3–22.7 MB max RSS
//	egov edoc extract big.edxml out/                0.33–0.35 s wall, 0.24 s user, 21.7–21.9 MB max RSS
//	xmllint --stream --huge --noout big.edxml       2.33–2.39 s wall, 1.42–1.46 s user, 529 MB max RSS
//
// validate takes an eighth of xmllint's time (ratio 0.12 wall) and 1/24 of its memory, whatever the attachment
// size. For a 10 KB header-only package (90 receivers), `go test -run XXX -bench ValidateHeaderOnly -benchtime
// 20000x -cpu 1 -benchmem ./edoc` gives 139–145 µs/op (17 KB, 270 allocations: Validate recycles its tokenizer
// and the envelope's tree builder), about 7,000 validations per second per core, 1.4 times the goal of 5,000.
package edoc
