package main

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestSigVerifyProducers runs "egov sig verify" on the producers' fixtures of package signature
// (signature/interop/producers.sh): the JSON reports the signing time a zone-less SigningTime gives, read as
// Vietnam time, and the policy is chosen by it (issue 14).
func TestSigVerifyProducers(t *testing.T) {
	dir := "../../signature/testdata/xml/producers"
	crlDER, err := os.ReadFile(filepath.Join(dir, "root.crl"))
	require.NoError(t, err)
	crl, err := x509.ParseRevocationList(crlDER)
	require.NoError(t, err)
	at := crl.ThisUpdate.Add(time.Hour).Format(time.RFC3339)
	type message struct {
		Code string `json:"code"`
	}
	type sig struct {
		Indication  string    `json:"indication"`
		SigningTime string    `json:"signing_time"`
		Policy      string    `json:"policy"`
		Messages    []message `json:"messages"`
	}
	type file struct {
		Indication string `json:"indication"`
		Signatures []sig  `json:"signatures"`
	}
	tests := []struct {
		file             string
		signingTime, pol string
		code             string
	}{
		{"zoneless-signingtime.xml", "2022-03-09T18:09:49Z", "legacy", "SIG-CLAIMED-TIME-ZONELESS"},
		{"double-c14n.xml", "2025-10-09T18:09:49Z", "current", "SIG-CLAIMED-TIME-ZONELESS"},
		{"negative-serial.xml", "", "current", "SIG-CERT-NEGATIVE-SERIAL"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "sig", "verify", "--trust", filepath.Join(dir, "root.pem"),
				"--crl", filepath.Join(dir, "root.crl"), "--revocation", "offline", "--at", at, "--format", "json",
				filepath.Join(dir, tc.file))
			require.Equal(t, exitOK, code, stderr+stdout)
			files := decodeReport[file](t, stdout, "files")
			require.Len(t, files, 1)
			require.Len(t, files[0].Signatures, 1)
			s := files[0].Signatures[0]
			got := []string{files[0].Indication, s.Indication, s.SigningTime, s.Policy}
			require.Empty(t, cmp.Diff([]string{"TOTAL_PASSED", "TOTAL_PASSED", tc.signingTime, tc.pol}, got))
			require.Contains(t, s.Messages, message{Code: tc.code})
		})
	}
}
