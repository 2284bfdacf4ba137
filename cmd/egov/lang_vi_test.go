package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/lgsp/lgsptest"
)

// englishMarkers are words that show an English line in Vietnamese output. They are matched as whole words, case
// insensitively, after stripVerbatim has removed what stays as written in both languages.
var englishMarkers = []string{
	"the", "of", "and", "or", "with", "for", "from", "is", "are", "not", "no", "none", "all", "run", "usage", "flags",
	"verbs", "areas", "error", "errors", "warning", "info", "line", "at", "valid", "invalid", "file", "files",
	"holiday", "holidays", "working", "day", "days", "weekend", "default", "required", "want", "unknown",
	"signature", "signer", "package", "packages", "document", "agency", "level", "parent", "parents", "group",
	"total", "open", "early", "late", "time", "online", "sent", "queued", "reports", "indicators", "rules",
	"provisional", "announced", "schedule", "deadline", "period", "received", "status", "bytes", "subject",
	"found", "note", "exit", "code", "codes", "date", "list", "show", "print", "write", "read", "validate",
	"serial", "good", "revoked", "supplied", "embedded", "signing", "claimed", "attempt", "attempts", "failed",
	"kind", "type", "number", "answers", "extracted", "monthly", "quarterly", "yearly", "count", "percent", "sum",
	"compare", "ratio", "previous", "if", "dead", "delivered", "rejected", "answered", "unsigned", "bit",
}

var (
	// A quoted string is a literal value or a name from the input: "default", "builtin", "egov trust list".
	quoted = regexp.MustCompile(`"[^"\n]*"`)
	// A token with a digit, punctuation of paths, flags, keys or codes, or in capitals is an identifier.
	identifier = regexp.MustCompile(`\S*[0-9\-./_|=:@<>${}#+*~\\]\S*|\b[A-Z][A-Z0-9]+\b`)
	// Punctuation that ends a word or a clause, or opens a parenthesis, is not part of an identifier.
	clausePunct = regexp.MustCompile(`[,;:.!?…)\]]+(\s|$)|(^|\s)[(\[]+`)
	word        = regexp.MustCompile(`[\p{L}']+`)
)

// stripVerbatim removes from Vietnamese output what is written the same in every language: the synopsis of a
// verb (command syntax), JSON examples, quoted literals, and identifiers (flags, file names, codes, keys, paths,
// placeholders in capitals, dates and numbers).
func stripVerbatim(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "Cách dùng: egov") || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, `"`) {
			continue
		}
		line = quoted.ReplaceAllString(line, " ")
		line = clausePunct.ReplaceAllString(line, " ")
		line = identifier.ReplaceAllString(line, " ")
		b.WriteString(line)
		b.WriteString("\n")
	}
	return b.String()
}

// listEntry is a line of an area's list of verbs ("  holidays   liệt kê …"): the first word is a command name.
var listEntry = regexp.MustCompile(`(?m)^  [a-z]+ {2,}`)

// otherPackagesEnglish are fragments of English that findings of other packages still quote in their Vietnamese
// message, or data without a Vietnamese text; each is removed before matching, so that the test keeps failing
// on anything else. They are listed in the report of issue 9 for their owners.
var otherPackagesEnglish = []string{}

// commandLine matches a command as typed ("egov dvc holidays", "egov lgsp agent run"): syntax, not prose.
var commandLine = func() *regexp.Regexp {
	var names []string
	for _, a := range areas() {
		names = append(names, a.name)
		for _, v := range a.verbs {
			names = append(names, v.name)
		}
	}
	names = append(names, "run", "enqueue", "retry", "help", "version")
	alt := strings.Join(names, "|")
	return regexp.MustCompile(`\begov((?: (?:` + alt + `))*)\b`)
}()

// englishWords returns the marker words found in Vietnamese output, with their lines.
func englishWords(out string) []string {
	for _, frag := range otherPackagesEnglish {
		for i := strings.Index(out, frag); i >= 0; i = strings.Index(out, frag) {
			end := strings.IndexByte(out[i:], '\n')
			if end < 0 {
				end = len(out) - i
			}
			out = out[:i] + out[i+end:]
		}
	}
	out = listEntry.ReplaceAllString(out, "  ")
	markers := map[string]bool{}
	for _, m := range englishMarkers {
		markers[m] = true
	}
	var found []string
	for _, line := range strings.Split(commandLine.ReplaceAllString(stripVerbatim(out), " "), "\n") {
		for _, w := range word.FindAllString(line, -1) {
			if markers[strings.ToLower(w)] {
				found = append(found, w+" in: "+strings.TrimSpace(line))
			}
		}
	}
	return found
}

func TestStripVerbatim(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"sample.edxml: không hợp lệ\n  lỗi EDOC-M001 dòng 3 tại Header/From: thiếu phần tử", nil},
		{"Cách dùng: egov dvc holidays [--calendar FILE] YEAR...", nil},
		{"  -format chuỗi\n    \tđịnh dạng kết quả: text|json (mặc định: \"text\")", nil},
		{`cách nhóm: "all" (tất cả), "agency" (cơ quan)`, nil},
		{"  holidays   liệt kê ngày lễ", nil},
		{"sample.edxml: invalid", []string{"invalid"}},
		{"2026-01-01 Thứ Năm   day off   public holiday: Tết", []string{"day", "holiday"}},
		{"Run \"egov -h\" for usage.", []string{"Run", "for", "usage"}},
		{"cách nhóm: all (tất cả)", []string{"all"}},
	}
	for _, c := range cases {
		var words []string
		for _, w := range englishWords(c.in) {
			words = append(words, strings.Fields(w)[0])
		}
		require.Equal(t, c.want, words, c.in)
	}
}

// viRun is one invocation of the marker test.
type viRun struct {
	name string
	args []string
}

// TestVietnameseOutputHasNoEnglish runs every verb with --lang vi, in text format, on the bundled samples
// (the edoc sample packages, the signature fixtures, the calendar and registries embedded in egov, the reporting
// seeds, a stand-in gateway), and the help of every area and verb, and fails on English words in what they print
// on stdout and stderr. Names, codes, flags, paths and quoted literals stay as written (stripVerbatim).
func TestVietnameseOutputHasNoEnglish(t *testing.T) {
	runs := []viRun{{"help", []string{"help"}}, {"no args", nil}}
	for _, a := range areas() {
		runs = append(runs, viRun{a.name + " -h", []string{a.name, "-h"}})
		for _, v := range a.verbs {
			runs = append(runs, viRun{a.name + " " + v.name + " -h", []string{a.name, v.name, "-h"}})
		}
	}
	for _, sub := range []string{"run", "enqueue", "status", "retry"} {
		runs = append(runs, viRun{"lgsp agent " + sub + " -h", []string{"lgsp", "agent", sub, "-h"}})
	}
	runs = append(runs, viRun{"lgsp agent -h", []string{"lgsp", "agent", "-h"}})
	runs = append(runs, sampleRuns(t)...)

	seen := map[string]bool{}
	for _, r := range runs {
		_, out, errOut := runCLI(t, append(r.args, "--lang", "vi")...)
		all := out + "\n" + errOut
		require.NotEmpty(t, strings.TrimSpace(all), r.name)
		for _, w := range englishWords(all) {
			if !seen[w] {
				seen[w] = true
				t.Errorf("%s: English word %s", r.name, w)
			}
		}
	}
	// The issue's own test: the holidays of 2026 print no English word.
	_, out, errOut := runCLI(t, "dvc", "holidays", "2026", "--lang", "vi")
	require.Empty(t, englishWords(out+errOut))
	if path := os.Getenv("EGOV_VI_DUMP"); path != "" { // for a reviewer to read every Vietnamese line at once
		var b strings.Builder
		for _, r := range runs {
			_, out, errOut := runCLI(t, append(r.args, "--lang", "vi")...)
			b.WriteString("=== egov " + strings.Join(r.args, " ") + "\n" + out + errOut)
		}
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
}

// sampleRuns lists the verbs run on bundled samples.
func sampleRuns(t *testing.T) []viRun {
	dir := t.TempDir()
	pkgs := "../../edoc/testdata/packages/"
	cms := "../../signature/testdata/cms/"
	f := newSigFixture(t)
	at := f.pki.Now.Format(time.RFC3339)
	meta := writeTemp(t, "meta.json", `{"from": {"organ_id": "000.00.00.G22", "organ_name": "Văn phòng Chính phủ"},
		"to": [{"organ_id": "000.00.00.G12", "organ_name": "Bộ Tài chính"}], "number": "231", "notation": "QĐ-VPCP",
		"date": "2024/05/10", "place": "Hà Nội", "type": 1, "type_name": "Quyết định", "subject": "Về việc thử",
		"signer": {"full_name": "Nguyễn Văn A"}}`)
	attachment := writeTemp(t, "to-trinh.txt", "Tờ trình")
	svc := writeTemp(t, "service.json", `{"code": "1.003560", "information": true, "downloadable_forms": true,
		"online_submission": true, "online_processing": true, "online_payment": true, "postal_result": true}`)
	report := "../../reporting/testdata/"
	runs := []viRun{
		{"agencycode check", []string{"agencycode", "check", "000.00.00.G22", "000.21.00.H53", "000.00.00.X99", "abc"}},
		{"agencycode explain", []string{"agencycode", "explain", "000.21.00.H53"}},
		{"agencycode explain invalid", []string{"agencycode", "explain", "G22"}},
		{"agencycode children", []string{"agencycode", "children", "000.00.00.H53"}},
		{"agencycode children none", []string{"agencycode", "children", "000.00.00.G22"}},
		{"edoc validate sample", []string{"edoc", "validate", "--sample"}},
		{"edoc validate packages", []string{"edoc", "validate", "--registry", "default", pkgs + "sample.edxml",
			pkgs + "findings.edxml", pkgs + "placeholder.edxml", pkgs + "agency-typo.edxml", pkgs + "not-xml.edxml",
			pkgs + "status-03.edxml", filepath.Join(dir, "missing.edxml")}},
		{"edoc inspect", []string{"edoc", "inspect", pkgs + "sample.edxml", pkgs + "status-03.edxml", pkgs + "not-xml.edxml"}},
		{"edoc extract", []string{"edoc", "extract", pkgs + "sample.edxml", filepath.Join(dir, "out")}},
		{"edoc new", []string{"edoc", "new", "--meta", meta, "--attach", attachment, "-o", filepath.Join(dir, "new.edxml")}},
		{"edoc status", []string{"edoc", "status", "--for", pkgs + "sample.edxml", "--code", "03", "-o", filepath.Join(dir, "st.edxml")}},
		{"edoc status refused transition", []string{"edoc", "status", "--for", pkgs + "sample.edxml", "--code", "06", "--previous", "02"}},
		{"sig verify fixtures", []string{"sig", "verify", "--trust", f.root, "--at", at, "--crl", f.intCRL, "--crl", f.rootCRL,
			f.valid, f.revoked, f.expired, f.garbage}},
		{"sig verify repository fixtures", []string{"sig", "verify", cms + "rsa-attached-sha256.p7m"}},
		{"sig sign", []string{"sig", "sign", "--key", cms + "rsa.key", "--cert", cms + "rsa.pem", "--detached", f.content,
			"-o", filepath.Join(dir, "content.p7s")}},
		{"trust list", []string{"trust", "list"}},
		{"dvc workday", []string{"dvc", "workday", "2026-02-17", "2026-08-22", "2026-08-31", "2026-03-07", "2026-03-04", "2031-01-23"}},
		{"dvc workday override", []string{"dvc", "workday", "--day-off", "2026-03-04=Lễ hội", "--working-day", "2026-03-07", "2026-03-04", "2026-03-07"}},
		{"dvc holidays", []string{"dvc", "holidays", "2026", "2019", "2035", "1990"}},
		{"dvc deadline", []string{"dvc", "deadline", "--received", "2027-02-04T08:00:00+07:00", "--days", "2"}},
		{"dvc classify", []string{"dvc", "classify", svc, "--at", "2026-07-01"}},
		{"dvc classify old regime", []string{"dvc", "classify", svc, "--at", "2020-07-01"}},
		{"dvc kpi", []string{"dvc", "kpi", "--in", report + "dossiers.csv", "--targets", "builtin"}},
		{"dvc kpi all", []string{"dvc", "kpi", "--in", report + "dossiers.csv", "--by", "all"}},
		{"report validate", []string{"report", "validate", report + "seed-2020.json", report + "seed-2021.json", report + "seed-2021.csv"}},
		{"report aggregate", []string{"report", "aggregate", "--into", "000.00.00.H53", report + "province-2021.json"}},
		{"report build", []string{"report", "build", "--dossiers", report + "dossiers.csv", "--as-of", "2026-06-30"}},
		{"report export", []string{"report", "export", "--to", "csv", "-o", filepath.Join(dir, "r.csv"), report + "seed-2021.json"}},
		{"report period", []string{"report", "period", "--regime", "monthly", "--period", "2026-03"}},
		{"report schemas", []string{"report", "schemas"}},
		{"report schemas show", []string{"report", "schemas", "--show", "it-annual"}},
		{"usage error", []string{"dvc", "holidays"}},
		{"unknown flag", []string{"dvc", "holidays", "--bogus", "2026"}},
		{"missing file", []string{"dvc", "kpi", "--in", filepath.Join(dir, "missing.csv")}},
		{"unknown area", []string{"bogus"}},
		{"unknown verb", []string{"dvc", "bogus"}},
		{"version", []string{"version"}},
	}
	return append(runs, lgspRuns(t, dir)...)
}

// lgspRuns lists the gateway verbs run against an in-process stand-in gateway.
func lgspRuns(t *testing.T, dir string) []viRun {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	a, b := lgsptest.DemoSystems()[0], lgsptest.DemoSystems()[1]
	secretA := writeTemp(t, "a.secret", a.Secret)
	secretB := writeTemp(t, "b.secret", b.Secret)
	letter := filepath.Join(dir, "letter.edxml")
	require.NoError(t, os.WriteFile(letter, lgsptest.Letter(a.OrganID, []string{b.OrganID}, 12, time.Now()), 0o600))
	client := func(secret, id string) []string {
		return []string{"--endpoint", g.URL, "--system-id", id, "--secret-file", secret}
	}
	code, out, errOut := runCLI(t, append([]string{"lgsp", "send", "--format", "json", letter}, client(secretA, a.ID)...)...)
	require.Equal(t, exitOK, code, errOut)
	docID := decodeReport[struct {
		DocID string `json:"doc_id"`
	}](t, out, "files")[0].DocID
	db := filepath.Join(dir, "agent.db")
	return []viRun{
		{"lgsp send", append([]string{"lgsp", "send", letter, filepath.Join(dir, "missing.edxml")}, client(secretA, a.ID)...)},
		{"lgsp inbox", append([]string{"lgsp", "inbox"}, client(secretB, b.ID)...)},
		{"lgsp get", append([]string{"lgsp", "get", docID, "-o", filepath.Join(dir, "got.edxml")}, client(secretB, b.ID)...)},
		{"lgsp status", append([]string{"lgsp", "status", docID, "--set", "done"}, client(secretB, b.ID)...)},
		{"lgsp sent", append([]string{"lgsp", "sent"}, client(secretA, a.ID)...)},
		{"lgsp agencies", append([]string{"lgsp", "agencies"}, client(secretA, a.ID)...)},
		{"lgsp agent enqueue", []string{"lgsp", "agent", "enqueue", "--database", db, letter, filepath.Join(dir, "missing.edxml")}},
		{"lgsp agent status", []string{"lgsp", "agent", "status", "--database", db}},
	}
}

// TestLangSelection: help and errors follow --lang wherever it is on the command line, and EGOV_LANG when it is
// not given.
func TestLangSelection(t *testing.T) {
	cases := []struct {
		name string
		env  string
		args []string
		code int
		want string // a line of stderr
	}{
		{"lang before -h", "", []string{"edoc", "validate", "--lang", "vi", "-h"}, exitOK, "Tùy chọn:"},
		{"lang after -h", "", []string{"edoc", "validate", "-h", "--lang=vi"}, exitOK, "Tùy chọn:"},
		{"global lang before help", "", []string{"--lang", "vi", "help"}, exitOK, "Các nhóm lệnh:"},
		{"help area with lang", "", []string{"help", "dvc", "--lang", "vi"}, exitOK, "Các lệnh:"},
		{"area help with lang", "", []string{"dvc", "-h", "-lang", "vi"}, exitOK, "Các lệnh:"},
		{"environment", "vi", []string{"help"}, exitOK, "Các nhóm lệnh:"},
		{"flag over environment", "vi", []string{"help", "--lang", "en"}, exitOK, "Areas:"},
		{"environment for a verb", "vi", []string{"dvc", "holidays", "-h"}, exitOK, "Tùy chọn:"},
		{"unknown environment value", "fr", []string{"help"}, exitOK, "Areas:"},
		{"english default", "", []string{"dvc", "holidays", "-h"}, exitOK, "Flags:"},
		{"usage error", "", []string{"dvc", "holidays", "--lang", "vi"}, exitUsage, "egov dvc holidays: cần ít nhất một năm"},
		{"unknown flag", "", []string{"dvc", "holidays", "--bogus", "--lang", "vi"}, exitUsage, "egov dvc holidays: không có tùy chọn -bogus"},
		{"bad flag value", "", []string{"dvc", "kpi", "--lang", "vi", "--max-groups", "x"}, exitUsage,
			`egov dvc kpi: giá trị "x" không hợp lệ cho tùy chọn -max-groups`},
		{"bad time", "", []string{"dvc", "workday", "--lang", "vi", "2026-13-01"}, exitUsage,
			`egov dvc workday: thời điểm "2026-13-01" không hợp lệ: ngày, tháng, năm hoặc giờ nằm ngoài phạm vi cho phép (ví dụ tháng 13, ngày 30/02, năm trước 1900)`},
		{"missing file", "", []string{"dvc", "kpi", "--in", "/nonexistent/d.csv", "--lang", "vi"}, exitUsage,
			"egov: không mở được /nonexistent/d.csv: tệp hoặc thư mục không tồn tại"},
		{"unknown enumeration value", "", []string{"edoc", "validate", "--profile", "x", "--sample", "--lang", "vi"}, exitUsage,
			`egov edoc validate: không hỗ trợ giá trị "x" (cần strict hoặc interop)`},
		{"unknown lang", "", []string{"dvc", "holidays", "--lang", "fr", "2026"}, exitUsage, `egov dvc holidays: unknown --lang "fr" (want en or vi)`},
		{"unknown area", "", []string{"bogus", "--lang", "vi"}, exitUsage, `egov: không có nhóm lệnh "bogus"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(langEnv, c.env)
			code, _, errOut := runCLI(t, c.args...)
			require.Equal(t, c.code, code, errOut)
			require.Contains(t, strings.Split(errOut, "\n"), c.want, errOut)
		})
	}
}
