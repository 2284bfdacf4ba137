package main

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/vntime"
)

// sigVerifyVerbs returns the verify verb.
func sigVerifyVerbs() []verb {
	return []verb{{name: "verify", summary: "verify XML-DSig, CMS and PDF signatures: chain, revocation, policy at signing time", run: runSigVerify}}
}

var sigVerifyUsage = "egov sig verify [--trust PEM]... [--anchor NAME]... [--intermediate PEM]... [--crl FILE]... " +
	"[--ocsp-response FILE]... [--online] [--revocation MODE] [--at RFC3339] [--policy NAME] [--content FILE] " +
	"[--format text|json|junit|sarif] FILE...\n\n" + inputsNote("*.xml, *.edxml, *.p7s, *.p7m and *.pdf")

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// verifyOutput is the JSON form of "egov sig verify" (docs/output.md, docs/schema/sig-verify.json):
// {"files":[{"file","indication","signatures":[signature.SignatureReport…],"diagnostics":[…]}]}.
type verifyOutput struct {
	Files []verifyFile `json:"files"`
}

// verifyFile is the result of one input: the overall verdict, the report of each signature, and the finding
// that explains why the input could not be verified at all (unreadable, not a signature format).
type verifyFile struct {
	File        string                      `json:"file"`
	Indication  signature.Indication        `json:"indication"`
	Signatures  []signature.SignatureReport `json:"signatures"`
	Diagnostics []diag.Diagnostic           `json:"diagnostics"`
	PDF         *signature.PDFDocumentInfo  `json:"pdf,omitempty"` // revisions and the NĐ 30/2020 view
	// exit is the exit code the input implies when it could not be verified (2: I/O error).
	exit int
}

func runSigVerify(e *env, args []string) int {
	fs := e.flags("verify", sigVerifyUsage, true)
	var trust, anchors, inters, crls, ocsps listFlag
	var online bool
	var at, policy, content, mode string
	var timeout time.Duration
	fs.Var(&trust, "trust", "PEM file of trust anchors to add to the embedded ones (repeatable)")
	fs.Var(&anchors, "anchor", "use only the named trust anchor (repeatable; see \"egov trust list\")")
	fs.Var(&inters, "intermediate", "PEM file of intermediate CA certificates (repeatable)")
	fs.Var(&crls, "crl", "CRL file, DER or PEM (repeatable)")
	fs.Var(&ocsps, "ocsp-response", "DER OCSP response file (repeatable)")
	fs.BoolVar(&online, "online", false, "allow network access: AIA caIssuers, CRL distribution points, OCSP")
	fs.StringVar(&mode, "revocation", "prefer-ocsp", "revocation mode: prefer-ocsp|prefer-crl|offline|require-fresh")
	fs.StringVar(&at, "at", "", "validation time (RFC 3339); default now")
	fs.StringVar(&policy, "policy", "", "force an algorithm policy by name (current, legacy); default chosen by signing time")
	fs.StringVar(&content, "content", "", "detached content of a CMS signature")
	fs.DurationVar(&timeout, "timeout", signature.DefaultFetchTimeout, "time limit of each network fetch")
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "at least one FILE is required")
	}
	files, ok := e.expandInputs(files, signatureExts...)
	if !ok || (content == "-" && slices.Contains(files, "-")) {
		return e.usageError(fs, e.stdinTwice())
	}
	if content != "" && len(files) != 1 {
		return e.usageError(fs, "--content goes with exactly one signature FILE")
	}
	opts := signature.VerifyOptions{Online: online, FetchTimeout: timeout, Cache: signature.NewRevocationCache()}
	rm, err := signature.ParseRevocationMode(mode)
	if err != nil {
		return e.usageError(fs, "--revocation: "+e.errText(err))
	}
	opts.Revocation = rm
	if online {
		opts.HTTPClient = &http.Client{Timeout: timeout}
	}
	if at != "" {
		t, err := vntime.Parse(at)
		if err != nil {
			return e.usageError(fs, "--at: "+e.errText(err))
		}
		opts.At = t
	}
	if policy != "" {
		if signature.DefaultPolicies().ByName(policy) == nil {
			return e.usageError(fs, fmt.Sprintf(e.msg("unknown --policy %q (want current or legacy)", "không có chính sách --policy %q (cần \"current\" hoặc \"legacy\")"), policy))
		}
		opts.PolicyName = policy
	}
	material, code := e.verifyMaterial(fs, trust, inters, crls, ocsps)
	if code >= 0 {
		return code
	}
	store := material.store
	opts.Roots = store
	for _, n := range anchors {
		if store.Anchor(n) == nil {
			return e.usageError(fs, fmt.Sprintf(e.msg("unknown --anchor %q", "không có chứng thư gốc tin cậy --anchor %q"), n))
		}
	}
	opts.Anchors = anchors
	opts.Intermediates, opts.CRLs, opts.OCSPResponses = material.intermediates, material.crls, material.ocsps

	out := verifyOutput{Files: []verifyFile{}}
	for _, name := range files {
		out.Files = append(out.Files, verifyOne(e, name, content, opts))
	}
	switch e.format {
	case "json":
		if c := e.writeJSON(out); c != exitOK {
			return c
		}
	case "text":
		writeVerifyText(e, out)
	default:
		if err := diag.Write(e.stdout, e.format, e.lang, toolInfo(signature.Rules()), verifyFindings(out)); err != nil {
			return e.fail(err)
		}
	}
	return verdictExit(out)
}

// verifyOne verifies one input; an input that cannot be verified at all is an INDETERMINATE result with a
// finding naming the file and exit code 2: EGOV-001 when it cannot be read (missing, a directory without
// signature files, an I/O error), EGOV-002 when it is not a signature input the verifier reads (empty, text,
// binary). A detached CMS signature verified without its content gets the hint EGOV-003.
func verifyOne(e *env, name, content string, opts signature.VerifyOptions) verifyFile {
	res := verifyFile{File: name, Signatures: []signature.SignatureReport{}, Diagnostics: noDiagnostics()}
	rep, err := verifyFileReport(e, name, content, opts)
	if err != nil {
		err = nameError(name, err)
		res.Diagnostics = append(res.Diagnostics, verifyInputFinding(err))
		res.Indication, res.exit = signature.Indeterminate, exitUsage
		fmt.Fprintf(e.stderr, "egov: %s\n", e.errText(err))
		return res
	}
	res.Indication, res.PDF = rep.Indication(), rep.PDF
	if rep.Signatures != nil {
		res.Signatures = rep.Signatures
	}
	if content == "" && detachedWithoutContent(rep) {
		res.Diagnostics = append(res.Diagnostics, ruleDetachedHint.New("", name))
	}
	return res
}

// verifyInputFinding is the finding of an input the verifier could not read (EGOV-001) or does not handle
// (EGOV-002: an empty file, text, binary).
func verifyInputFinding(err error) diag.Diagnostic {
	var pathErr *fs.PathError
	var inErr *inputError
	var empty *emptyError
	switch {
	case errors.As(err, &empty):
		d := ruleNotSupported.New("", err.Error())
		d.MessageVI = fmt.Sprintf(ruleNotSupported.MessageVI, empty.name+": tệp rỗng")
		return d
	case errors.As(err, &pathErr) || errors.As(err, &inErr):
		d, _ := inputFinding(err)
		return d
	}
	return ruleNotSupported.New("", errPhrase(err))
}

// detachedWithoutContent reports whether a CMS signature of the report lacks its detached content.
func detachedWithoutContent(rep *signature.Report) bool {
	for _, s := range rep.Signatures {
		if s.Format == signature.FormatCMS && s.SubIndication == signature.SignedDataNotFound {
			return true
		}
	}
	return false
}

func verifyFileReport(e *env, name, content string, opts signature.VerifyOptions) (*signature.Report, error) {
	f, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, ok := f.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Size() == 0 && fi.Mode().IsRegular() {
			return nil, &emptyError{name}
		}
	}
	if content == "" {
		return signature.Verify(e.ctx, f, opts)
	}
	sig, err := io.ReadAll(io.LimitReader(f, signature.DefaultMaxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(sig)) > signature.DefaultMaxSize {
		return nil, signature.ErrTooLarge
	}
	c, err := e.openInput(content)
	if err != nil {
		return nil, fmt.Errorf("--content: %w", err)
	}
	defer c.Close()
	return signature.VerifyCMS(e.ctx, sig, c, opts)
}

// emptyError is an empty input file: not a signature format (EGOV-002), said plainly.
type emptyError struct{ name string }

func (e *emptyError) Error() string { return e.name + ": the file is empty" }

// verdictExit maps the verdicts to the exit code: 2 if an input could not be verified at all, else 1 if any
// signature failed, else 3 if one is indeterminate (a file without signatures
// counts as indeterminate), 0 when all passed.
func verdictExit(out verifyOutput) int {
	code := exitOK
	for _, f := range out.Files {
		code = worse(code, f.exit)
		switch f.Indication {
		case signature.TotalFailed:
			code = worse(code, exitFindings)
		case signature.Indeterminate:
			code = worse(code, exitIndeterminate)
		}
	}
	return code
}

// verifyFindings turns the results into the findings the JUnit and SARIF renderers take, one diag.File per
// input (docs/output.md, "sig verify"): the input's own findings, then every signature's messages located by the
// signature's id. A signature's verdict caps the severity of its messages: TOTAL_FAILED keeps errors (the input
// fails), INDETERMINATE turns them into warnings (the input passes with a warning, exit 3 says the rest), and
// an input without signatures gets the warning EGOV-004.
func verifyFindings(out verifyOutput) []diag.File {
	files := make([]diag.File, 0, len(out.Files))
	for _, f := range out.Files {
		rep := &diag.Report{}
		for _, d := range f.Diagnostics {
			rep.Add(d)
		}
		if len(f.Signatures) == 0 && len(f.Diagnostics) == 0 {
			rep.Add(ruleNoSignature.New("", f.File))
		}
		for _, s := range f.Signatures {
			for _, d := range s.Messages {
				if d.Path == "" {
					d.Path = s.ID
				}
				if s.Indication != signature.TotalFailed && d.Severity == diag.Error {
					d.Severity = diag.Warning
				}
				rep.Add(d)
			}
		}
		files = append(files, diag.File{Name: f.File, Report: rep})
	}
	return files
}

// verifyMaterial is what the trust flags of sig verify name, read and parsed.
type verifyMaterial struct {
	store         *signature.TrustStore
	intermediates []*x509.Certificate
	crls, ocsps   [][]byte
}

// maxMaterialSize bounds a --trust, --intermediate, --crl or --ocsp-response file: a CRL of a national CA is a
// few MB.
const maxMaterialSize = 64 << 20

// verifyMaterial reads the files of --trust, --intermediate, --crl and --ocsp-response. A file that cannot be
// read or parsed is a usage error naming the flag, the file and the reason (exit 2): verifying with material
// the caller meant to give but that was silently dropped would turn into a misleading TRY_LATER verdict.
func (e *env) verifyMaterial(fs *flag.FlagSet, trust, inters, crls, ocsps []string) (verifyMaterial, int) {
	m := verifyMaterial{store: signature.DefaultTrustStore()}
	bad := func(flagName, file string, err error) int {
		return e.usageError(fs, fmt.Sprintf("--%s %s: %s", flagName, file,
			e.msg("cannot use the file: ", "không dùng được tệp: ")+err.Error()))
	}
	read := func(flagName, file string, parse func([]byte) error) int {
		data, err := e.readInput(file, maxMaterialSize)
		if err == nil {
			err = parse(data)
		}
		if err != nil {
			return bad(flagName, file, err)
		}
		return -1
	}
	for i, f := range trust {
		if c := read("trust", f, func(data []byte) error {
			as, err := signature.ParseAnchorsPEM(fmt.Sprintf("trust-%d", i+1), data)
			if err == nil {
				m.store, err = m.store.With(as...)
			}
			return err
		}); c >= 0 {
			return m, c
		}
	}
	for _, f := range inters {
		if c := read("intermediate", f, func(data []byte) error {
			certs, err := signature.ParseCertificatesPEM(data)
			m.intermediates = append(m.intermediates, certs...)
			return err
		}); c >= 0 {
			return m, c
		}
	}
	for _, f := range crls {
		if c := read("crl", f, func(data []byte) error {
			_, err := signature.ParseCRL(data)
			m.crls = append(m.crls, data)
			return err
		}); c >= 0 {
			return m, c
		}
	}
	for _, f := range ocsps {
		if c := read("ocsp-response", f, func(data []byte) error {
			_, err := ocsp.ParseResponse(data, nil)
			var se asn1.StructuralError
			var sy asn1.SyntaxError
			if errors.As(err, &se) || errors.As(err, &sy) {
				err = errors.New("not a DER OCSP response")
			}
			m.ocsps = append(m.ocsps, data)
			return err
		}); c >= 0 {
			return m, c
		}
	}
	return m, -1
}

func writeVerifyText(e *env, out verifyOutput) {
	var b strings.Builder
	for _, f := range out.Files {
		for _, d := range f.Diagnostics {
			fmt.Fprintf(&b, "%s: %s %s: %s\n", f.File, e.severity(d.Severity), d.Code, d.Text(e.lang))
		}
		if len(f.Signatures) == 0 && len(f.Diagnostics) == 0 {
			fmt.Fprintf(&b, "%s: %s\n", f.File, e.msg("no signature found (INDETERMINATE)", "không tìm thấy chữ ký (INDETERMINATE)"))
			continue
		}
		for _, s := range f.Signatures {
			verdict := string(s.Indication)
			if s.SubIndication != "" {
				verdict += "/" + string(s.SubIndication)
			}
			fmt.Fprintf(&b, "%s: %s %s %s\n", f.File, s.ID, s.Format, verdict)
			if s.Signer != nil {
				fmt.Fprintf(&b, "  %s: %s (%s %s)\n", e.msg("signer", "người ký"), s.Signer.Subject, e.msg("serial", "số hiệu"), s.Signer.Serial)
			}
			if s.SigningTime != nil {
				fmt.Fprintf(&b, "  %s: %s\n", e.msg("signing time (claimed)", "thời điểm ký (khai báo)"), s.SigningTime.Format(time.RFC3339))
			}
			if s.Revocation != nil {
				fmt.Fprintf(&b, "  %s: %s", e.msg("revocation", "thu hồi"), e.msg(string(s.Revocation.Status), revocationVI[string(s.Revocation.Status)]))
				if s.Revocation.Kind != "" {
					fmt.Fprintf(&b, " (%s, %s)", s.Revocation.Kind, e.msg(string(s.Revocation.Source), revocationVI[string(s.Revocation.Source)]))
				}
				b.WriteString("\n")
			}
			for _, m := range s.Messages[min(1, len(s.Messages)):] {
				fmt.Fprintf(&b, "  [%s] %s\n", e.severity(m.Severity), e.msg(m.Message, m.MessageVI))
			}
		}
	}
	_, _ = e.stdout.Write([]byte(b.String()))
}

// trustArea gathers the trust-anchor verbs: list.
func trustArea() area {
	return area{name: "trust", summary: "embedded trust anchors (Government CA root G2)",
		verbs: []verb{{name: "list", summary: "list the embedded trust anchors with their SHA-256 fingerprints", run: runTrustList}}}
}

// anchorOutput is a result of `egov trust list`: an anchor's name and its certificate.
type anchorOutput struct {
	Name string `json:"name"`
	signature.CertificateInfo
}

func runTrustList(e *env, args []string) int {
	fs := e.flags("list", "egov trust list [--format text|json]", false)
	rest, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		return e.usageError(fs, "no arguments expected")
	}
	out := []anchorOutput{}
	for _, a := range signature.DefaultTrustStore().Anchors() {
		out = append(out, anchorOutput{Name: a.Name, CertificateInfo: signature.DescribeCertificate(a.Certificate)})
	}
	if e.format == "json" {
		return e.writeResults(out)
	}
	var b strings.Builder
	for _, a := range out {
		fmt.Fprintf(&b, "%s\n  %s: %s\n  SHA-256: %s\n  %s: %s → %s\n", a.Name, e.msg("subject", "chủ thể"), a.Subject,
			a.FingerprintSHA256, e.msg("valid", "hiệu lực"), a.NotBefore.Format("2006-01-02"), a.NotAfter.Format("2006-01-02"))
	}
	_, _ = e.stdout.Write([]byte(b.String()))
	return exitOK
}

// revocationVI are the Vietnamese words for the revocation statuses and sources of signature.RevocationInfo.
var revocationVI = map[string]string{"good": "chưa bị thu hồi", "revoked": "đã bị thu hồi", "unknown": "không rõ",
	"unavailable": "không có dữ liệu", "crl": "CRL tải về", "ocsp": "OCSP tải về", "embedded": "kèm trong chữ ký",
	"supplied": "do người dùng cung cấp"}
