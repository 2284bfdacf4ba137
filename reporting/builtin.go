package reporting

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
)

//go:embed schemas/*.json
var builtinFS embed.FS

// BuiltinNames lists the ids of the embedded schemas: "it-annual" (the provincial IT-application and digital
// government annual report), "tthc" (the administrative-procedure dossier form of TT 01/2020/TT-VPCP) and "dti"
// (the pillar structure of the provincial Digital Transformation Index, weights configurable).
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "schemas")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(names)
	return names
}

// Builtin returns a fresh copy of the embedded schema with the id, which the caller may adjust.
func Builtin(id string) (*Schema, error) {
	b, err := builtinFS.ReadFile("schemas/" + id + ".json")
	if err != nil {
		return nil, fmt.Errorf("reporting: no built-in schema %q (have %s)", id, strings.Join(BuiltinNames(), ", "))
	}
	return LoadSchema(bytes.NewReader(b))
}

// OpenSchema returns the built-in schema named spec or, when spec is not a built-in id, the schema in the file
// spec.
func OpenSchema(spec string) (*Schema, error) {
	if slices.Contains(BuiltinNames(), spec) {
		return Builtin(spec)
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, fmt.Errorf("reporting: schema %q is neither built in (%s) nor a readable file: %w", spec, strings.Join(BuiltinNames(), ", "), err)
	}
	defer f.Close()
	return LoadSchema(f)
}
