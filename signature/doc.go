// Package signature verifies and makes the digital signatures of Vietnamese e-government documents: XML-DSig
// (the enveloped signature of edXML packages and any XML), CMS/PKCS#7 (.p7s files) and PDF (PAdES), with
// certificate chain building to selectable trust anchors, CRL and OCSP revocation checks, algorithm policies
// chosen by the signing time, and results in the model of ETSI EN 319 102-1 (TOTAL_PASSED, TOTAL_FAILED,
// INDETERMINATE with sub-indications) explained in English and Vietnamese.
//
// The rules applied are those of "chữ ký số chuyên dùng công vụ" (Luật Giao dịch điện tử 20/2023/QH15 Điều
// 22–23; Nghị định 68/2024/NĐ-CP Điều 31: the certificate must be valid, used within its scope and neither
// revoked nor suspended at the signing time, checked through CRL or OCSP) and the algorithm requirements of
// Thông tư 15/2025/TT-BKHCN (RSA ≥ 2048 with PKCS#1 v1.5 or PSS, ECDSA ≥ 256, SHA-256 or stronger) for
// signatures made from 15/8/2025, with a legacy policy that accepts SHA-1 and RSA-1024 with a warning for
// older documents. Revocation information that cannot be obtained gives INDETERMINATE/TRY_LATER, never a pass.
// The embedded trust anchor is the Government CA root G2 of Ban Cơ yếu Chính phủ; others are added with
// NewTrustStore. Every format parser hands its findings to one shared pipeline, so a new format plugs in
// without changing the judgement.
//
// A PDF official document carries the signature of the person with authority and then the agency's, each in
// its own incremental update (NĐ 30/2020/NĐ-CP); VerifyPDF checks each /ByteRange, hashes the signed bytes
// from an io.ReaderAt and judges what every later revision changed (ISO 32000-1 §12.8 DocMDP/FieldMDP,
// ETSI EN 319 142-1), so an appended page change or overlay is never TOTAL_PASSED; SignPDF adds a PAdES
// signature as an incremental update. A 200 MB PDF with two signatures verifies in about 1 s with 13 MB RSS,
// about a tenth of pdfsig 22.12's time (interop/bench-pdf-200mb.sh).
//
// VerifyXML reads an XML document once through internal/xmlstream, canonicalising and digesting as it
// streams (a small document's tokens are logged and replayed instead of parsed twice); the tokenizer, the
// token log, the canonicalizers and the captured Signature trees come from pools and go back when the
// verification ends, so a verifier serving many documents allocates about 33 KB per 10 KB document. A 10 KB
// enveloped document verifies with 5.0–5.8 times goxmldsig's throughput, measured interleaved in one run
// (BenchmarkXMLVerify10KBRatio; 3.8–4.1 times before the pools, in the same sessions), in about 190 µs; a
// 10 KB edXML package in about 145 µs (about 6,900 verifications per second per core). A 259 MB edXML package verifies in 0.42 s with 30 MB RSS: 0.12 of xmlsec1's time and 0.06 of
// its memory, 1.3 times `openssl dgst -sha256` over the same bytes (interop/bench-xml-256mb.sh).
//
// XML-DSig is read as real Vietnamese producers write it (fixtures by interop/producers.sh, each judged
// against xmlsec1): a SigningTime (any namespace, in XAdES SignedProperties or in the signed
// Object/SignatureProperties/SignatureProperty of TT 78/2021 e-invoices) written as an xs:dateTime without a
// zone is Vietnam time (UTC+07:00) and the report says so (SIG-CLAIMED-TIME-ZONELESS); a certificate with a
// negative serial number, which crypto/x509 refuses, is parsed from a copy whose serial is made positive and
// then given back its original bytes and serial, so signatures and fingerprints are checked over what was
// issued (SIG-CERT-NEGATIVE-SERIAL); canonicalization transforms may follow one another (exc-c14n then c14n),
// each re-parsing the octets of the previous one (XML-DSig 1.1 §6.6.1), through a spool of 64 KiB in memory
// and a temporary file beyond (a 1.5 MB document verifies in 1.5× the time of a single canonicalization, 7×
// faster than xmlsec1 1.2.37: BenchmarkXMLChainedC14N). A Reference to an element inside its
// own Signature with the enveloped-signature transform is read as .NET SignedXml reads it (the element is
// digested) when its digest matches, because the signer then provably signed those bytes and e-invoice
// producers write it so; a digest of empty input (the W3C rule that xmlsec1 follows) is also accepted, but
// then the element is unsigned and a signing time inside it is ignored; both give SIG-XML-ENVELOPED-INSIDE.
// SignXMLEnveloped writes its signing time in that e-invoice form, with an explicit +07:00 offset: an
// Object/SignatureProperties/SignatureProperty Target="#signature-id" holding a SigningTime element of the
// XAdES namespace, covered by its own Reference (no enveloped transform), which this verifier, xmlsec1 and
// the e-invoice verifiers all read; full XAdES (QualifyingProperties with SigningCertificate) is not claimed.
//
//	roots, _ := signature.DefaultTrustStore().With(extra...)
//	rep, err := signature.Verify(ctx, file, signature.VerifyOptions{Roots: roots, Online: true,
//		Cache: cache})
//	if err != nil { … }                       // I/O, limits, unrecognised input
//	for _, s := range rep.Signatures {
//		fmt.Println(s.Indication, s.SubIndication, s.Messages[0].MessageVI)
//	}
package signature
