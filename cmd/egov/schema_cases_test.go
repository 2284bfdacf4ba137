package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp/lgsptest"
)

// lgspContractCases starts the lgsptest stand-in gateway on 127.0.0.1 and returns a contract case for every
// client verb: a package is sent first so that inbox, get, status and sent have something to report.
func lgspContractCases(t *testing.T, dir string) []contractCase {
	t.Helper()
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o600))
		return p
	}
	secretA, secretB := write("a.secret", []byte(a.Secret)), write("b.secret", []byte(b.Secret))
	letter := write("letter.edxml", lgsptest.Letter(a.OrganID, []string{b.OrganID}, 7, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)))
	bad := write("bad.edxml", []byte("<edXML/>"))
	as := func(verb string, sys lgsptest.System, secret string, args ...string) []string {
		return append([]string{"lgsp", verb, "--endpoint", g.URL, "--system-id", sys.ID, "--secret-file", secret}, args...)
	}

	code, out, errOut := runCLI(t, append(as("send", a, secretA, letter), "--format", "json")...)
	require.Equal(t, exitOK, code, errOut)
	var sent struct {
		Files []struct {
			DocID string `json:"doc_id"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &sent), out)
	docID := sent.Files[0].DocID
	require.NotEmpty(t, docID)

	agentDB := filepath.Join(dir, "agent.db")
	ok, findings, usage := []int{exitOK}, []int{exitFindings}, []int{exitUsage}
	return []contractCase{
		{"lgsp send", "lgsp-send", as("send", a, secretA, letter), ok},
		{"lgsp send refused", "lgsp-send", as("send", a, secretA, bad), findings},
		{"lgsp send unreadable", "lgsp-send", as("send", a, secretA, letter, filepath.Join(dir, "none.edxml")), usage},
		{"lgsp inbox", "lgsp-inbox", as("inbox", b, secretB), ok},
		{"lgsp inbox empty", "lgsp-inbox", as("inbox", b, secretB, "--message-type", "status"), ok},
		{"lgsp get", "lgsp-get", as("get", b, secretB, docID, "-o", filepath.Join(dir, "got.edxml")), ok},
		{"lgsp status", "lgsp-status", as("status", b, secretB, docID, "--set", "done"), ok},
		{"lgsp sent", "lgsp-sent", as("sent", a, secretA), ok},
		{"lgsp agencies", "lgsp-agencies", as("agencies", a, secretA), ok},
		{"lgsp agent enqueue", "lgsp-agent", []string{"lgsp", "agent", "enqueue", "--database", agentDB, letter}, ok},
		{"lgsp agent enqueue unreadable", "lgsp-agent", []string{"lgsp", "agent", "enqueue", "--database", agentDB, letter,
			filepath.Join(dir, "none.edxml")}, usage},
		{"lgsp agent status", "lgsp-agent", []string{"lgsp", "agent", "status", "--database", agentDB}, ok},
	}
}

// reportContractCases returns a contract case for every reporting verb on reporting/testdata.
func reportContractCases(t *testing.T, dir string) []contractCase {
	t.Helper()
	// Two units of Tây Ninh (000.00.00.H53), the first with a breakdown indicator so that items are reported.
	unit := func(name, code, rows string) string {
		p := filepath.Join(dir, name)
		csv := "indicator,value,period,reporting_unit,item\n" + strings.ReplaceAll(rows, "UNIT", "2024,"+code)
		require.NoError(t, os.WriteFile(p, []byte(csv), 0o600))
		return p
	}
	a := unit("a.csv", "000.00.01.H53", "dossiers_received,1.000,UNIT,\ndossiers_online,500,UNIT,\n"+
		"it_spending_item,1.000.000,UNIT,p01\nit_spending_item,2.000.000,UNIT,p02\n")
	b := unit("b.csv", "000.00.13.H53", "dossiers_received,3.000,UNIT,\ndossiers_online,300,UNIT,\n")
	missing := filepath.Join(dir, "missing.json")
	ok, findings, usage := []int{exitOK}, []int{exitFindings}, []int{exitUsage}
	return []contractCase{
		{"report validate", "report-validate", []string{"report", "validate", reportTestdata + "seed-2021.json", reportTestdata + "province-2021.json", reportTestdata + "seed-2021.csv"}, findings},
		{"report validate previous", "report-validate", []string{"report", "validate", "--previous", reportTestdata + "seed-2020.json", reportTestdata + "province-2021.json"}, ok},
		{"report validate unreadable", "report-validate", []string{"report", "validate", reportTestdata + "province-2021.json", missing}, usage},
		{"report aggregate", "report-aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53", a, b}, ok},
		{"report aggregate items", "report-aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53", reportTestdata + "seed-2021.json", reportTestdata + "province-2021.json"}, findings},
		{"report aggregate unreadable", "report-aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53", a, missing}, usage},
		{"report export", "report-export", []string{"report", "export", "--to", "csv", "-o", filepath.Join(dir, "out.csv"), reportTestdata + "province-2021.json"}, ok},
		{"report export findings", "report-export", []string{"report", "export", "--to", "json", "-o", filepath.Join(dir, "out.json"), reportTestdata + "seed-2021.json"}, findings},
		{"report export unreadable", "report-export", []string{"report", "export", "--to", "json", "-o", filepath.Join(dir, "none.json"), missing}, usage},
		{"report build", "report-build", []string{"report", "build", "--dossiers", reportTestdata + "dossiers.csv", "--as-of", "2026-06-30"}, ok},
		{"report build period", "report-build", []string{"report", "build", "--dossiers", reportTestdata + "dossiers.csv", "--period", "2026-Q1", "--by", "agency"}, ok},
		{"report period", "report-period", []string{"report", "period", "--regime", "monthly", "--period", "2026-01"}, ok},
		{"report period yearly", "report-period", []string{"report", "period", "--regime", "yearly", "--period", "2026", "--deadline-days", "5"}, ok},
		{"report schemas", "report-schemas", []string{"report", "schemas"}, ok},
		{"report schemas it-annual", "report-schemas", []string{"report", "schemas", "--show", "it-annual"}, ok},
		{"report schemas tthc", "report-schemas", []string{"report", "schemas", "--show", "tthc"}, ok},
		{"report schemas dti", "report-schemas", []string{"report", "schemas", "--show", "dti"}, ok},
	}
}

// pdfContractCases signs a PDF twice with egov (the signer, then the agency in an incremental update) and returns
// the contract cases of signing and verifying PDFs, with the fixtures of signature/testdata/pdf.
func pdfContractCases(t *testing.T, dir string, sg signFixture, sf *sigFixture) []contractCase {
	t.Helper()
	doc := filepath.Join(dir, "quyetdinh.pdf")
	require.NoError(t, os.WriteFile(doc, minimalPDF(), 0o600))
	one, two := filepath.Join(dir, "one.pdf"), filepath.Join(dir, "two.pdf")
	code, _, errOut := runCLI(t, "sig", "sign", "--key", sg.key, "--cert", sg.cert, "--chain", sg.chain, doc, "-o", one)
	require.Equal(t, exitOK, code, errOut)
	fixture := func(name string) string { return filepath.Join("..", "..", "signature", "testdata", "pdf", name) }
	verify := []string{"sig", "verify", "--trust", sf.root, "--crl", sf.intCRL, "--crl", sf.rootCRL}
	return []contractCase{
		{"sign pdf", "sig-sign", []string{"sig", "sign", "--pdf", "--key", sg.ecKey, "--cert", sg.ecCert, "--chain", sg.chain, one, "-o", two}, []int{exitOK}},
		{"verify pdf", "sig-verify", append(verify, two, one), []int{exitOK}},
		{"verify pdf fixtures", "sig-verify", append(verify, fixture("signer-agency.pdf"), fixture("appended-content.pdf"),
			fixture("overlay-annot.pdf"), fixture("tampered.pdf"), fixture("signer-linearized.pdf")), []int{exitFindings}},
		{"verify pdf junk", "sig-verify", append(verify, fixture("junk.pdf"), filepath.Join(dir, "none.pdf")), []int{exitUsage}},
	}
}

// TestContractCasesReachTheirKeys guards the contract cases against passing vacuously: the optional parts of
// the new schemas (PDF revisions and the NĐ 30 view, breakdown items of an aggregate) do appear in their output.
func TestContractCasesReachTheirKeys(t *testing.T) {
	dir := t.TempDir()
	sg, sf := newSignFixture(t), newSigFixture(t)
	want := map[string][]string{
		"verify pdf":                 {`"pdf": {`, `"revisions": 2`, `"nd30": {`, `"later_revisions": [`, `"covers_whole_document": true`, `"sub_filter"`},
		"verify pdf fixtures":        {`"allowed": false`},
		"verify pdf junk":            {`"trailing_bytes"`, `"EGOV-001"`},
		"sign pdf":                   {`"format": "PDF"`},
		"report aggregate":           {`"items": [`, `"item": "p01"`},
		"lgsp inbox":                 {`"doc_id"`, `"created"`},
		"lgsp send unreadable":       {`"EGOV-001"`},
		"report validate unreadable": {`"EGOV-001"`},
	}
	cases := append(pdfContractCases(t, dir, sg, sf), append(lgspContractCases(t, dir), reportContractCases(t, dir)...)...)
	for _, tc := range cases {
		_, out, _ := runCLI(t, append(tc.args, "--format", "json")...)
		for _, w := range want[tc.name] {
			require.Contains(t, out, w, tc.name)
		}
		delete(want, tc.name)
	}
	require.Empty(t, want, "cases not found")
}

// TestSingleInputUnreadable shows rule 3 of docs/output.md for verbs taking exactly one input: when it cannot be
// read they exit 2 with the reason on stderr and write nothing on stdout.
func TestSingleInputUnreadable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.csv")
	tests := []struct {
		name string
		args []string
	}{
		{"report build", []string{"report", "build", "--dossiers", missing}},
		{"dvc kpi", []string{"dvc", "kpi", "--in", missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, append(tt.args, "--format", "json")...)
			require.Equal(t, exitUsage, code)
			require.Empty(t, out)
			require.Contains(t, errOut, "missing.csv")
		})
	}
}
