package reporting

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCSVRoundTrip writes the long CSV form and reads it back to the same values without a finding: values are
// written the Vietnamese way, which the reader reads without ambiguity.
func TestCSVRoundTrip(t *testing.T) {
	vals, _ := provinceValues(t)
	vals.Set("docs_signed_share", 1.234) // a computed share with three decimals: "1,234"
	var buf bytes.Buffer
	require.NoError(t, WriteCSV(&buf, vals, ExportOptions{}))
	require.Contains(t, buf.String(), "cert_issued,,3.228,count,2021,67\n")
	require.Contains(t, buf.String(), "it_spending_item,p10,2.500.000.000,vnd,2021,67\n")
	inst, err := ReadCSV(&buf, ReadOptions{})
	require.NoError(t, err)
	back, rep := Validate(vals.Schema, inst, ValidateOptions{})
	require.Empty(t, rep.Diagnostics)
	for _, ind := range vals.Schema.Indicators {
		a, okA := vals.Get(ind.ID)
		b, okB := back.Get(ind.ID)
		require.Equal(t, okA, okB, ind.ID)
		require.InDelta(t, a, b, 1e-9, ind.ID)
	}
}

func TestJSONExport(t *testing.T) {
	vals, prev := provinceValues(t)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, vals, ExportOptions{Previous: prev}))
	var out jsonReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	require.Equal(t, "it-annual", out.Schema)
	require.Equal(t, "2021", out.Period)
	require.Len(t, out.Indicators, vals.Len())
	for _, ji := range out.Indicators {
		if ji.ID == "cert_issued" {
			require.Equal(t, 3228.0, ji.Value)
			require.Equal(t, 2186.0, *ji.Previous)
		}
		if ji.ID == "it_spending_item" {
			require.Len(t, ji.Items, 13)
		}
	}
}
