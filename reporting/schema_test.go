package reporting

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// TestBuiltinSchemasMatchTheDocumentedFormat validates every embedded schema against schema.json, the JSON
// Schema that documents the file format, so that the documentation cannot drift from the files.
func TestBuiltinSchemasMatchTheDocumentedFormat(t *testing.T) {
	f, err := os.Open("schema.json")
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("schema.json", doc))
	meta, err := c.Compile("schema.json")
	require.NoError(t, err)
	names := BuiltinNames()
	require.Equal(t, []string{"dti", "it-annual", "tthc"}, names)
	for _, name := range names {
		b, err := builtinFS.ReadFile("schemas/" + name + ".json")
		require.NoError(t, err)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		require.NoError(t, err)
		require.NoError(t, meta.Validate(inst), name)
		s, err := Builtin(name)
		require.NoError(t, err)
		require.NotEmpty(t, s.Source, "%s cites its source", name)
		require.NotEmpty(t, s.SourceVI, "%s cites its source in Vietnamese", name)
	}
}

// TestSourceText picks the source in the export's language, Source when a schema has no Vietnamese text.
func TestSourceText(t *testing.T) {
	both := &Schema{Source: "Decree 09/2019", SourceVI: "Nghị định 09/2019"}
	englishOnly := &Schema{Source: "Decree 09/2019"}
	tests := []struct {
		schema *Schema
		lang   string
		want   string
	}{
		{both, "vi", "Nghị định 09/2019"},
		{both, "", "Nghị định 09/2019"},
		{both, "en", "Decree 09/2019"},
		{englishOnly, "vi", "Decree 09/2019"},
		{englishOnly, "en", "Decree 09/2019"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.schema.SourceText(tt.lang), "%+v %q", tt.schema, tt.lang)
	}
}

func TestItAnnualFixedIDs(t *testing.T) {
	s := itAnnual(t)
	require.GreaterOrEqual(t, len(s.Indicators), 30)
	for _, id := range []string{"cert_issued", "cert_active", "cert_active_org", "cert_active_person", "cert_revoked",
		"cert_revoked_org", "cert_revoked_person", "dossiers_received", "dossiers_online", "dossiers_online_share",
		"dossiers_postal", "dossiers_postal_share", "dossiers_processed", "dossiers_level3", "dossiers_level3_share",
		"dossiers_level4", "dossiers_level4_share", "it_spending_total"} {
		_, ok := s.Indicator(id)
		require.True(t, ok, id)
	}
	ind, _ := s.Indicator("it_spending_total")
	require.Equal(t, "vnd", ind.Unit)
}

func TestLoadSchemaErrors(t *testing.T) {
	base := `{"id":"x","version":"1","title_vi":"","title_en":"","source":"","regime":"yearly",
"sections":[{"id":"s","name_vi":"","name_en":""}],
"indicators":[{"id":"a","section":"s","name_vi":"","name_en":"","unit":"count"},{"id":"b","section":"s","name_vi":"","name_en":"","unit":"count"}],
"rules":[RULES]}`
	tests := []struct {
		name, rules, want string
	}{
		{"ok", `{"id":"r","kind":"sum","target":"a","terms":["b"]}`, ""},
		{"unknown kind", `{"id":"r","kind":"avg"}`, "unknown kind"},
		{"unknown indicator", `{"id":"r","kind":"sum","target":"a","terms":["c"]}`, `unknown indicator "c"`},
		{"sum without terms", `{"id":"r","kind":"sum","target":"a"}`, "without terms"},
		{"bad op", `{"id":"r","kind":"compare","left":"a","op":"~","right":"b"}`, "unknown op"},
		{"range without bounds", `{"id":"r","kind":"range","indicators":["a"]}`, "without min or max"},
		{"bad severity", `{"id":"r","kind":"required_if","target":"a","when":"b","severity":"fatal"}`, "unknown severity"},
		{"duplicate rule", `{"id":"r","kind":"required_if","target":"a","when":"b"},{"id":"r","kind":"required_if","target":"b","when":"a"}`, "declared twice"},
		{"unknown field", `{"id":"r","kind":"sum","target":"a","terms":["b"],"tolerence":1}`, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSchema(strings.NewReader(strings.Replace(base, "RULES", tt.rules, 1)))
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.want)
		})
	}
	_, err := LoadSchema(strings.NewReader(strings.Replace(strings.Replace(base, "RULES", "", 1), `"unit":"count"},{"id":"b"`, `"unit":"litre"},{"id":"a"`, 1)))
	require.ErrorContains(t, err, "unknown unit")
	require.ErrorContains(t, err, "declared twice")
	_, err = LoadSchema(strings.NewReader(strings.Replace(strings.Replace(base, "RULES", "", 1), "yearly", "weekly", 1)))
	require.ErrorContains(t, err, "unknown regime")
}

func TestDTISchema(t *testing.T) {
	s, err := Builtin("dti")
	require.NoError(t, err)
	total := 0.0
	for _, ind := range s.Indicators {
		if ind.Section != "result" {
			total += ind.Weight
		}
	}
	require.Equal(t, 1000.0, total, "QĐ 922/QĐ-BTTTT: 1000 points [U]")
	// Seed 002: rank 54/63.
	inst := &Instance{Observations: []Observation{obs("dti_rank", "54"), obs("provinces", "63"), obs("dti_rank_society", "64")}}
	_, rep := Validate(s, inst, ValidateOptions{})
	require.Equal(t, []string{"RPT-A001"}, rep.Codes())
}
