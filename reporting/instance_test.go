package reporting

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     ReadOptions
		line     int
		want     string
		large    bool
	}{
		{"not an object", `[1]`, ReadOptions{}, 1, "want", false},
		{"values not an object", "{\n\"values\": [1]}", ReadOptions{}, 2, "values", false},
		{"value of a wrong type", "{\"values\": {\n\"a\": true}}", ReadOptions{}, 2, "must be a string or a number", false},
		{"truncated", "{\"values\": {\"a\": \"1\",\n", ReadOptions{}, 2, "unexpected end of input", false},
		{"trailing data", `{} {}`, ReadOptions{}, 1, "after the top-level object", false},
		{"too many observations", `{"values": {"a": 1, "b": 2}}`, ReadOptions{MaxObservations: 1}, 1, "more than 1 observations", true},
		{"too large", `{"values": {"a": 1, "b": 2}}`, ReadOptions{MaxBytes: 10}, 0, "more than 10 bytes", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tt.in), tt.opts)
			var ie *InputError
			require.True(t, errors.As(err, &ie), "%v", err)
			require.Equal(t, tt.line, ie.Loc.Line, "%v", err)
			require.ErrorContains(t, err, tt.want)
			require.Equal(t, tt.large, errors.Is(err, ErrTooLarge))
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     ReadOptions
		want     string
		large    bool
	}{
		{"empty", "", ReadOptions{}, "header row is required", false},
		{"no value column", "indicator,unit\n", ReadOptions{}, `lacks the "value" column`, false},
		{"duplicate column", "indicator,value,value\n", ReadOptions{}, "appears twice", false},
		{"field count", "indicator,value\na,1,2\n", ReadOptions{}, "wrong number of fields", false},
		{"two periods", "indicator,value,period\na,1,2020\nb,2,2021\n", ReadOptions{}, `period "2021" differs from "2020"`, false},
		{"bad quote", "indicator,value\na,\"1\n", ReadOptions{}, "", false},
		{"too many rows", "indicator,value\na,1\nb,2\n", ReadOptions{MaxObservations: 1}, "more than 1 observations", true},
		{"too large", "indicator,value\n" + strings.Repeat("a,1\n", 100), ReadOptions{MaxBytes: 64}, "exceeds", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), tt.opts)
			var ie *InputError
			require.True(t, errors.As(err, &ie), "%v", err)
			require.ErrorContains(t, err, tt.want)
			require.Equal(t, tt.large, errors.Is(err, ErrTooLarge), "%v", err)
		})
	}
}

func TestReadInstanceFormats(t *testing.T) {
	require.Equal(t, "csv", FormatOf("a/b.CSV"))
	require.Equal(t, "xlsx", FormatOf("r.xlsx"))
	require.Equal(t, "json", FormatOf("-"))
	_, err := ReadInstance(strings.NewReader(""), "ods", itAnnual(t), ReadOptions{})
	require.ErrorContains(t, err, "unknown instance format")
}

func TestReadCSVExactLimit(t *testing.T) {
	in := "indicator,value\ncert_issued,1\n"
	_, err := ReadCSV(strings.NewReader(in), ReadOptions{MaxBytes: int64(len(in))})
	require.NoError(t, err)
	_, err = ReadCSV(strings.NewReader(in+"x"), ReadOptions{MaxBytes: int64(len(in))})
	require.ErrorIs(t, err, ErrTooLarge)
}
