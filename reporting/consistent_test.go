package reporting

import "testing"

// TestConsistentReport keeps testdata/province-2021.json, the seed figures with their errors corrected and the
// missing ones filled in, free of findings: benchmarks and examples start from it.
func TestConsistentReport(t *testing.T) {
	vals, rep := Validate(itAnnual(t), readJSONFile(t, "testdata/province-2021.json"), ValidateOptions{})
	if len(rep.Diagnostics) != 0 {
		t.Fatalf("findings: %v", rep.Diagnostics)
	}
	if vals.Len() < 50 {
		t.Fatalf("%d indicators, want at least 50", vals.Len())
	}
}
