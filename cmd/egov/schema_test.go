package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// schemaDir holds the JSON Schema of every verb's JSON output (docs/output.md).
var schemaDir = filepath.Join("..", "..", "docs", "schema")

// snakeKey is the form of every key of the output contract.
var snakeKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// compileSchemas compiles every schema of docs/schema, registering each file under its $id so that the verb
// schemas resolve their references to defs.json offline.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(schemaDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	ids := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err, p)
		id, _ := doc.(map[string]any)["$id"].(string)
		require.Equal(t, "https://github.com/vnegov/egov/docs/schema/"+filepath.Base(p), id, "%s: $id", p)
		require.NoError(t, c.AddResource(id, doc))
		ids[strings.TrimSuffix(filepath.Base(p), ".json")] = id
	}
	out := map[string]*jsonschema.Schema{}
	for name, id := range ids {
		s, err := c.Compile(id)
		require.NoError(t, err, name)
		out[name] = s
	}
	return out
}

// checkKeys walks a decoded JSON value and reports every key that is not snake_case, every null (an absent value
// is an omitted key, an empty list is []) and every Go zero time.
func checkKeys(v any, path string, bad *[]string) {
	switch x := v.(type) {
	case nil:
		*bad = append(*bad, path+": null")
	case map[string]any:
		for k, val := range x {
			if !snakeKey.MatchString(k) {
				*bad = append(*bad, fmt.Sprintf("%s: key %q is not snake_case", path, k))
			}
			checkKeys(val, path+"."+k, bad)
		}
	case []any:
		for i, val := range x {
			checkKeys(val, fmt.Sprintf("%s[%d]", path, i), bad)
		}
	case string:
		if strings.HasPrefix(x, "0001-01-01") {
			*bad = append(*bad, fmt.Sprintf("%s: Go zero time %q", path, x))
		}
	}
}

// requireContract validates out against the verb's schema and walks its keys.
func requireContract(t *testing.T, schema *jsonschema.Schema, out string) {
	t.Helper()
	require.NotEmpty(t, out, "no JSON on stdout")
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	require.NoError(t, err, out)
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("output does not follow %s:\n%v\n%s", schema.Location, err, out)
	}
	var bad []string
	checkKeys(doc, "$", &bad)
	require.Empty(t, bad, out)
}

// contractCase runs one verb with --format json.
type contractCase struct {
	name   string
	schema string
	args   []string
	exits  []int
}

// TestOutputContract runs every verb that has a JSON form on bundled data and checks its output against
// docs/schema/<area>-<verb>.json and the snake_case rule.
func TestOutputContract(t *testing.T) {
	schemas := compileSchemas(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	missing := filepath.Join(dir, "missing.edxml")

	// edoc new → extract → status on a package built here.
	meta := write("meta.json", `{"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
		"to": [{"OrganId": "000.00.00.G12", "OrganName": "Bộ Tài chính"}], "number": "231", "notation": "QĐ-VPCP",
		"date": "2024/05/10", "place": "Hà Nội", "type": 1, "type_name": "Quyết định", "subject": "Thử nghiệm",
		"signer": {"full_name": "Nguyễn Văn A"}, "priority": "urgent", "business_type": "new", "due_date": "2024/05/20"}`)
	pdf := write("qd.pdf", "%PDF-1.7\n"+strings.Repeat("nội dung ", 200))
	pkg := filepath.Join(dir, "out.edxml")
	status := filepath.Join(dir, "status.edxml")
	svc := write("service.json", `{"code":"1.003560","information":true,"downloadable_forms":true,
		"online_submission":true,"online_processing":true,"online_payment":false,"postal_result":true}`)
	dossiers := write("dossiers.csv", kpiCSV)
	xmlDoc := write("doc.xml", `<?xml version="1.0" encoding="UTF-8"?><CongVan><SoHieu>15/CV-UBND</SoHieu></CongVan>`)
	sf := newSigFixture(t)
	sg := newSignFixture(t)
	at := sf.pki.Now.Format("2006-01-02T15:04:05Z07:00")
	batch := batchFixture(t, sf)

	ok, findings, usage := []int{exitOK}, []int{exitFindings}, []int{exitUsage}
	cases := []contractCase{
		{"check", "agencycode-check", []string{"agencycode", "check", "--at", "2026-01-01", "000.00.00.G22", " 000.00.00.g14", "000.21.00.H53", "G22", "000.00.00.H99"}, findings},
		{"explain", "agencycode-explain", []string{"agencycode", "explain", "--at", "2020-01-01", "000.21.31.H53"}, ok},
		{"explain generic", "agencycode-explain", []string{"agencycode", "explain", "G22"}, ok},
		{"explain invalid", "agencycode-explain", []string{"agencycode", "explain", "000..00.H53"}, findings},
		{"children", "agencycode-children", []string{"agencycode", "children", "--at", "2020-01-01", "000.00.00.H53"}, ok},
		{"children none", "agencycode-children", []string{"agencycode", "children", "--at", "2026-01-01", "000.00.00.G22"}, ok},
		{"validate", "edoc-validate", []string{"edoc", "validate", "--at", "2024-06-01", "--sample", edocFixture(t, "findings.edxml"), edocFixture(t, "truncated.edxml")}, findings},
		{"validate unreadable", "edoc-validate", []string{"edoc", "validate", "--sample", missing}, usage},
		{"validate directories", "edoc-validate", []string{"edoc", "validate", "--at", "2024-06-01", filepath.Dir(edocFixture(t, "sample.edxml")), batch["dir"]}, usage},
		{"inspect", "edoc-inspect", []string{"edoc", "inspect", edocFixture(t, "sample.edxml"), edocFixture(t, "status-03.edxml"), edocFixture(t, "quirks.edxml")}, ok},
		{"inspect broken", "edoc-inspect", []string{"edoc", "inspect", edocFixture(t, "sample.edxml"), edocFixture(t, "truncated.edxml")}, findings},
		{"inspect unreadable", "edoc-inspect", []string{"edoc", "inspect", missing}, usage},
		{"new", "edoc-new", []string{"edoc", "new", "--meta", meta, "--attach", pdf, "-o", pkg, "--at", "2024-05-10T15:00:00+07:00"}, ok},
		{"inspect built", "edoc-inspect", []string{"edoc", "inspect", pkg}, ok},
		{"extract", "edoc-extract", []string{"edoc", "extract", pkg, filepath.Join(dir, "files")}, ok},
		{"extract existing", "edoc-extract", []string{"edoc", "extract", pkg, filepath.Join(dir, "files")}, usage},
		{"extract broken", "edoc-extract", []string{"edoc", "extract", edocFixture(t, "truncated-base64.edxml"), filepath.Join(dir, "broken")}, findings},
		{"status", "edoc-status", []string{"edoc", "status", "--for", pkg, "--code", "03", "--previous", "01", "-o", status, "--at", "2024-05-10T16:00:00+07:00"}, ok},
		{"inspect status", "edoc-inspect", []string{"edoc", "inspect", status}, ok},
		{"verify", "sig-verify", []string{"sig", "verify", "--trust", sf.root, "--at", at, "--crl", sf.intCRL, "--crl", sf.rootCRL, sf.valid, sf.revoked}, findings},
		{"verify indeterminate", "sig-verify", []string{"sig", "verify", "--trust", sf.root, "--at", at, "--revocation", "offline", sf.valid}, []int{exitIndeterminate}},
		{"verify unreadable", "sig-verify", []string{"sig", "verify", "--trust", sf.root, "--at", at, sf.valid, sf.garbage, filepath.Join(dir, "none.p7s")}, usage},
		{"verify batch", "sig-verify", append([]string{"sig", "verify", "--trust", sf.root, "--at", at, "--crl", sf.intCRL, "--crl", sf.rootCRL, sf.valid},
			batchInputs(batch)...), usage},
		{"verify detached without content", "sig-verify", []string{"sig", "verify", "--trust", sf.root, "--at", at, "--crl", sf.intCRL, "--crl", sf.rootCRL, sf.detached}, []int{exitIndeterminate}},
		{"verify stdin", "sig-verify", []string{"sig", "verify", "--trust", sf.root, "--at", at, "-", sf.valid}, usage},
		{"sign cms", "sig-sign", []string{"sig", "sign", "--key", sg.key, "--cert", sg.cert, "--chain", sg.chain, "--detached", sg.doc, "-o", filepath.Join(dir, "doc.p7s")}, ok},
		{"sign xml", "sig-sign", []string{"sig", "sign", "--key", sg.key, "--cert", sg.cert, xmlDoc, "-o", filepath.Join(dir, "signed.xml")}, ok},
		{"trust list", "trust-list", []string{"trust", "list"}, ok},
		{"workday", "dvc-workday", []string{"dvc", "workday", "2026-02-17", "2026-08-22", "2026-03-04", "2027-02-08"}, ok},
		{"holidays", "dvc-holidays", []string{"dvc", "holidays", "2026", "2031"}, ok},
		{"deadline days", "dvc-deadline", []string{"dvc", "deadline", "--received", "2026-02-13T10:00:00+07:00", "--days", "3"}, ok},
		{"deadline hours", "dvc-deadline", []string{"dvc", "deadline", "--received", "2027-02-04", "--hours", "1.5"}, ok},
		{"kpi", "dvc-kpi", []string{"dvc", "kpi", "--in", dossiers, "--by", "agency", "--targets", "builtin"}, findings},
		{"kpi empty", "dvc-kpi", []string{"dvc", "kpi", "--in", write("empty.csv", strings.SplitN(kpiCSV, "\n", 2)[0]+"\n")}, ok},
		{"classify", "dvc-classify", []string{"dvc", "classify", svc, "--at", "2020-06-01"}, ok},
		{"classify nd224", "dvc-classify", []string{"dvc", "classify", svc, "--at", "2026-07-01"}, ok},
		{"classify none", "dvc-classify", []string{"dvc", "classify", svc, "--at", "2010-01-01"}, ok},
		{"version", "version", []string{"version"}, ok},
	}
	cases = append(cases, pdfContractCases(t, dir, sg, sf)...)
	cases = append(cases, lgspContractCases(t, dir)...)
	cases = append(cases, reportContractCases(t, dir)...)
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.schema] = true
		t.Run(tc.name, func(t *testing.T) {
			schema := schemas[tc.schema]
			require.NotNil(t, schema, "no schema docs/schema/%s.json", tc.schema)
			code, out, errOut := runCLI(t, append(tc.args, "--format", "json")...)
			require.Contains(t, tc.exits, code, "stderr: %s\nstdout: %s", errOut, out)
			requireContract(t, schema, out)
		})
	}

	// Every verb accepting --format json has a case and a schema, and every verb schema is exercised.
	var verbs []string
	for _, a := range areas() {
		for _, v := range a.verbs {
			_, _, help := runCLI(t, a.name, v.name, "-h")
			if strings.Contains(help, "json") {
				verbs = append(verbs, a.name+"-"+v.name)
			}
		}
	}
	verbs = append(verbs, "version")
	sort.Strings(verbs)
	for _, v := range verbs {
		require.True(t, covered[v], "verb %s has no contract case", v)
	}
	for name := range schemas {
		if name != "defs" {
			require.True(t, slices.Contains(verbs, name), "schema %s.json names no verb", name)
		}
	}
	// docs/output.md documents every verb under a heading of its own.
	doc, err := os.ReadFile(filepath.Join(schemaDir, "..", "output.md"))
	require.NoError(t, err)
	for _, v := range verbs {
		heading := "### `egov " + strings.Replace(v, "-", " ", 1)
		require.Contains(t, string(doc), heading, "docs/output.md has no section for %s", v)
	}
}

// TestSchemasCatchDrift shows the schemas are strict: the forms the contract forbids are rejected.
func TestSchemasCatchDrift(t *testing.T) {
	schemas := compileSchemas(t)
	tests := []struct {
		schema, doc, why string
		// fix turns doc into a conforming document (old, new), so that the case fails for the reason it names.
		fix [2]string
	}{
		{"agencycode-check", `[{"input":"G22","code":"G22","valid":true,"diagnostics":[]}]`, "bare array",
			[2]string{`[{"input":"G22","code":"G22","valid":true,"diagnostics":[]}]`, `{"results":[{"input":"G22","code":"G22","valid":true,"diagnostics":[]}]}`}},
		{"agencycode-check", `{"files":[]}`, "files instead of results", [2]string{"files", "results"}},
		{"agencycode-check", `{"results":[{"input":"G22","code":"G22","valid":true,"diagnostics":[],"Name":"x"}]}`, "Go field name", [2]string{`"Name"`, `"name"`}},
		{"agencycode-check", `{"results":[{"input":"G22","code":"G22","valid":true,"form":"qcvn","diagnostics":[]}]}`, "enum value", [2]string{`"qcvn"`, `"qd20"`}},
		{"agencycode-check", `{"results":[{"input":"G22","code":"G22","valid":true,"diagnostics":[{"code":"AGC-001","severity":"fatal","message":"m","message_vi":"m"}]}]}`, "severity", [2]string{"fatal", "error"}},
		{"edoc-inspect", `{"files":[{"file":"f","kind":"document","signatures":[],"attachments":[],"diagnostics":[],
			"header":{"from":{"organ_id":"","organization_in_charge":"","organ_name":"","organ_add":"","email":"","telephone":"","fax":"","website":""},
			"document_id":"","code":{"code_number":"","code_notation":""},"promulgation_info":{"place":""},
			"document_type":{"type":1,"type_detail":0,"type_name":""},"subject":"","content":"",
			"signer_info":{"competence":"","position":"","full_name":""},"due_date":"0001-01-01T00:00:00Z",
			"other_info":{"priority":0,"sphere_of_promulgation":"","typer_notation":"","promulgation_amount":0,"page_amount":0,"direction":false},
			"steering_type":0}}]}`, "Go zero time", [2]string{"0001-01-01", "2026-01-01"}},
		{"edoc-inspect", `{"files":[{"file":"f","kind":"document","signatures":[],"attachments":[],"diagnostics":[],
			"header":{"from":{"organ_id":"","organization_in_charge":"","organ_name":"","organ_add":"","email":"","telephone":"","fax":"","website":""},
			"document_id":"","code":{"code_number":"","code_notation":""},"promulgation_info":{"place":""},
			"document_type":{"type":1,"type_detail":0,"type_name":""},"subject":"","content":"",
			"signer_info":{"competence":"","position":"","full_name":""},
			"other_info":{"priority":"0","sphere_of_promulgation":"","typer_notation":"","promulgation_amount":0,"page_amount":0,"direction":false},
			"steering_type":0}}]}`, "number as a string", [2]string{`"priority":"0"`, `"priority":0`}},
		{"sig-verify", `{"files":[{"file":"f","indication":"INDETERMINATE","diagnostics":[],"signatures":[{"format":"CMS",
			"indication":"INDETERMINATE","indication_uri":"urn:etsi:019102:mainindication:indeterminate","subIndication":"TRY_LATER",
			"chain":[],"algorithms":[],"scope":{"whole_document":false,"references":[]},"messages":[]}]}]}`, "camelCase ETSI key", [2]string{"subIndication", "sub_indication"}},
		{"dvc-kpi", `{"by":"all","precision":"day","targets_missed":0,"skipped_records":0,"findings":[],"results":[{"key":"all","counts":{"early":0,"on_time":0,"late":0,"open":0,"total":0,"online":0},
			"levels":[],"services":{"total":0,"with_online":0},"shares":{"Online":1}}]}`, "share name not snake_case", [2]string{"Online", "online"}},
		{"report-aggregate", `{"files":[],"aggregate":{"reporting_unit":"000.00.00.H53","period":"2024","reports":1,
			"values":{"it_spending_item":{"total":3,"items":{"P01":3}}},"diagnostics":[]}}`, "indicators and items as keys",
			[2]string{`{"it_spending_item":{"total":3,"items":{"P01":3}}}`, `[{"indicator":"it_spending_item","value":3,"items":[{"item":"P01","value":3}]}]`}},
		{"sig-verify", `{"files":[{"file":"f.pdf","indication":"TOTAL_FAILED","diagnostics":[],"pdf":{"revisions":2},
			"signatures":[{"format":"PDF","indication":"TOTAL_FAILED","indication_uri":"urn:etsi:019102:mainindication:total-failed",
			"chain":[],"algorithms":[],"scope":{"whole_document":false,"references":[]},"messages":[],"covers_whole_document":false,
			"later_revisions":[{"revision":"2","changes":["page content"],"allowed":false,"reason":"not allowed"}]}]}]}`,
			"PDF revision number as a string", [2]string{`"revision":"2"`, `"revision":2`}},
		{"lgsp-inbox", `{"results":[{"doc_id":"1","created":"0001-01-01T00:00:00Z"}]}`, "zero time from the gateway",
			[2]string{"0001-01-01", "2026-03-02"}},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.doc))
			require.NoError(t, err)
			require.Error(t, schemas[tt.schema].Validate(doc))
			good, err := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(tt.doc, tt.fix[0], tt.fix[1], 1)))
			require.NoError(t, err)
			require.NoError(t, schemas[tt.schema].Validate(good), "the fixed document conforms")
		})
	}
	var bad []string
	var doc any
	require.NoError(t, json.Unmarshal([]byte(`{"results":[{"subIndication":"x","when":"0001-01-01T00:00:00Z","chain":null}]}`), &doc))
	checkKeys(doc, "$", &bad)
	require.Len(t, bad, 3, "%v", bad)
}
