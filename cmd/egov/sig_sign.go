package main

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature"
)

// sigSignVerbs returns the sign verb.
func sigSignVerbs() []verb {
	return []verb{{name: "sign", summary: "sign XML/edXML (enveloped XML-DSig) or any file (CMS/PKCS#7, optionally time-stamped)", run: runSigSign}}
}

const sigSignUsage = "egov sig sign --key KEY --cert PEM [--chain PEM] [--xml|--cms|--pdf] [--detached] [--pss] [--pem] [--tsa URL] [--overwrite] FILE -o OUT\n\n" +
	"FILE - reads stdin; -o - writes the signed output on stdout (then --format text only). An existing OUT is\n" +
	"not replaced unless --overwrite is given."

// signResult is the result of `egov sig sign` (docs/output.md): the file signed and the signature written.
type signResult struct {
	File        string                    `json:"file"`
	Output      string                    `json:"output"`
	Format      signature.Format          `json:"format"`
	Detached    bool                      `json:"detached"`
	Signer      signature.CertificateInfo `json:"signer"`
	SigningTime time.Time                 `json:"signing_time"`
	TSA         string                    `json:"tsa,omitempty"`
	Diagnostics []diag.Diagnostic         `json:"diagnostics"`
}

func runSigSign(e *env, args []string) int {
	fs := e.flags("sign", sigSignUsage, false)
	var keyFile, certFile, chainFile, out, tsa string
	var asXML, asCMS, asPDF, detached, pss, asPEM bool
	var timeout time.Duration
	fs.StringVar(&keyFile, "key", "", "PEM private key of the signer (PKCS#8, PKCS#1 or SEC 1; unencrypted)")
	fs.StringVar(&certFile, "cert", "", "PEM certificate of the signer")
	fs.StringVar(&chainFile, "chain", "", "PEM file of issuing CA certificates to embed")
	fs.BoolVar(&asCMS, "cms", false, "make a CMS/PKCS#7 signature (default for files not named .xml/.edxml)")
	fs.BoolVar(&asXML, "xml", false, "make an enveloped XML-DSig signature (default for .xml and .edxml files)")
	fs.BoolVar(&asPDF, "pdf", false, "sign a PDF: PAdES signature in an incremental update (default for .pdf files)")
	fs.BoolVar(&detached, "detached", false, "CMS: leave the content out of the signature (.p7s)")
	fs.BoolVar(&pss, "pss", false, "RSA keys: sign with RSASSA-PSS instead of PKCS#1 v1.5")
	fs.BoolVar(&asPEM, "pem", false, "CMS: write PEM instead of DER")
	fs.StringVar(&tsa, "tsa", "", "URL of an RFC 3161 time-stamping authority to time-stamp the signature")
	fs.DurationVar(&timeout, "timeout", 30*time.Second, "time limit for the TSA request")
	fs.StringVar(&out, "o", "", "output file (required; - for stdout)")
	overwrite := overwriteFlag(fs)
	files, code := e.parse(fs, args)
	if code >= 0 {
		return code
	}
	switch {
	case len(files) != 1:
		return e.usageError(fs, "exactly one FILE to sign is required")
	case out == "":
		return e.usageError(fs, "-o OUT is required")
	case keyFile == "" || certFile == "":
		return e.usageError(fs, "--key and --cert are required")
	case asXML && asCMS:
		return e.usageError(fs, "--xml and --cms are exclusive")
	case timeout <= 0:
		return e.usageError(fs, "--timeout must be positive")
	}
	if c := e.prepareOutput(fs, out, *overwrite); c >= 0 {
		return c
	}
	if !asXML && !asCMS && !asPDF {
		ext := strings.ToLower(filepath.Ext(files[0]))
		asXML, asPDF = ext == ".xml" || ext == ".edxml", ext == ".pdf"
	}
	if asPDF && (asXML || asCMS || detached || asPEM) {
		return e.usageError(fs, "--pdf excludes --xml, --cms, --detached and --pem")
	}
	if asXML && (detached || asPEM || tsa != "") {
		return e.usageError(fs, "--detached, --pem and --tsa apply to CMS signatures only")
	}
	key, err := signLoadKey(keyFile)
	if err != nil {
		return e.fail(err)
	}
	chain, err := signLoadCertificates(certFile)
	if err != nil {
		return e.fail(err)
	}
	if chainFile != "" {
		extra, err := signLoadCertificates(chainFile)
		if err != nil {
			return e.fail(err)
		}
		chain = append(chain[:1], extra...)
	}
	res := signResult{File: files[0], Output: out, Format: signature.FormatCMS, Detached: detached,
		Signer: signature.DescribeCertificate(chain[0]), SigningTime: time.Now().UTC().Truncate(time.Second), TSA: tsa,
		Diagnostics: noDiagnostics()}
	sign := func(dst io.Writer, src *os.File) error {
		return signature.SignCMS(e.ctx, dst, src, key, chain, signature.CMSSignOptions{
			Detached: detached, RSAPSS: pss, PEM: asPEM, TSAURL: tsa, HTTPClient: &http.Client{Timeout: timeout},
			SigningTime: res.SigningTime,
		})
	}
	if asXML {
		res.Format = signature.FormatXMLDSig
		sign = func(dst io.Writer, src *os.File) error {
			return signature.SignXMLEnveloped(e.ctx, dst, src, key, chain, signature.XMLSignOptions{PSS: pss,
				SigningTime: res.SigningTime})
		}
	}
	if asPDF {
		res.Format, sign = signature.FormatPDF, func(dst io.Writer, src *os.File) error {
			return signature.SignPDFFile(e.ctx, dst, src, key, chain, signature.PDFSignOptions{RSAPSS: pss, TSAURL: tsa,
				HTTPClient: &http.Client{Timeout: timeout}, SigningTime: res.SigningTime})
		}
	}
	return e.signFile(res, *overwrite, sign)
}

// signFile signs res.File ("-": stdin, spooled to a temporary file since the signers read their input twice or
// at random) into res.Output ("-": stdout) by the output rule of every verb (outputs.go): a temporary file in the
// output's directory renamed into place, so a failed run leaves no partial output and an existing file is kept
// unless overwrite.
func (e *env) signFile(res signResult, overwrite bool, sign func(dst io.Writer, src *os.File) error) int {
	var in *os.File
	var err error
	if res.File == "-" {
		if in, err = e.spoolStdin(); err == nil {
			defer os.Remove(in.Name())
		}
	} else {
		in, err = openFile(res.File, nil)
	}
	if err != nil {
		return e.fail(err)
	}
	defer in.Close()
	err = e.writeOutput(res.Output, overwrite, func(w io.Writer) error { return sign(w, in) })
	if err != nil {
		var ee *existsError
		if errors.As(err, &ee) {
			return e.outputError(err)
		}
		return e.fail(fmt.Errorf("%s: %w", res.File, err))
	}
	if e.format == "json" {
		return e.writeFiles([]signResult{res})
	}
	kind := "XML-DSig enveloped"
	if res.Format == signature.FormatPDF {
		kind = "PDF, PAdES"
	} else if res.Format == signature.FormatCMS {
		kind = "CMS, " + e.msg("attached", "kèm nội dung")
		if res.Detached {
			kind = "CMS, " + e.msg("detached", "tách rời")
		}
	}
	fmt.Fprintf(e.stdout, "%s → %s (%s, %s)\n", res.File, res.Output, kind, res.Signer.Subject)
	if res.TSA != "" {
		e.note("time-stamped by "+res.TSA, "đã gắn dấu thời gian của "+res.TSA)
	}
	return exitOK
}

// signLoadKey reads an unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC 1 EC).
func signLoadKey(path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := signature.ParsePrivateKeyPEM(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// signLoadCertificates reads every certificate of a PEM file.
func signLoadCertificates(path string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	certs, err := signature.ParseCertificatesPEM(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return certs, nil
}
