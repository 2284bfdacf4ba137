package agencycode

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCheckInput(t *testing.T) {
	r := DefaultRegistry()
	tests := []struct {
		input string
		at    time.Time
		valid bool
		form  Form
		level int
		name  string
		codes []string
	}{
		{"000.00.00.G22", day(2020, 1, 1), true, FormQCVN102, 1, "Văn phòng Chính phủ", nil},
		{" 000.00.00.g22", day(2020, 1, 1), true, FormQCVN102, 1, "Văn phòng Chính phủ", []string{"AGC-101"}},
		{"000.00.00.G30", day(2024, 1, 1), true, FormQCVN102, 1, "", []string{"AGC-103"}},
		{"000.00.00.G14", day(2026, 1, 1), true, FormQCVN102, 1, "", []string{"AGC-104"}},
		{"000.00.00.H99", day(2020, 1, 1), true, FormQCVN102, 1, "", []string{"AGC-102"}},
		{"000.21.00.H53", day(2020, 1, 1), false, 0, 0, "", []string{"AGC-007"}},
		{"000..00.H53", day(2020, 1, 1), false, 0, 0, "", []string{"AGC-003"}},
		{"", day(2020, 1, 1), false, 0, 0, "", []string{"AGC-001"}},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			v := r.CheckInput(tt.input, tt.at)
			require.Equal(t, tt.valid, v.Valid)
			require.Equal(t, tt.form, v.Form)
			require.Equal(t, tt.level, v.Level)
			require.Equal(t, tt.name, v.Name)
			var codes []string
			for _, d := range v.Diagnostics {
				codes = append(codes, d.Code)
			}
			require.Equal(t, tt.codes, codes)
		})
	}
}

func TestVerdictJSON(t *testing.T) {
	b, err := json.Marshal(DefaultRegistry().CheckInput("000.21.31.H53", day(2020, 1, 1)))
	require.NoError(t, err)
	require.JSONEq(t, `{"input":"000.21.31.H53","code":"000.21.31.H53","valid":true,"form":"qcvn102","level":3,
		"parent":"000.00.31.H53","name":"Ủy ban nhân dân xã An Thạnh","diagnostics":[]}`, string(b))
	b, err = json.Marshal(DefaultRegistry().CheckInput("x..y", day(2020, 1, 1)))
	require.NoError(t, err)
	require.NotContains(t, string(b), `"form"`)
	require.NotContains(t, string(b), `"level"`)
}

func TestFormText(t *testing.T) {
	for _, f := range []Form{FormQCVN102, FormQD20} {
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back Form
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, f, back)
	}
	var f Form
	require.Error(t, f.UnmarshalText([]byte("qcvn")))
}

func TestExplain(t *testing.T) {
	r := DefaultRegistry()
	ex := r.Explain("000.21.31.H53", day(2020, 1, 1))
	require.True(t, ex.Valid)
	require.Equal(t, []Group{
		{Level: 1, Group: "H53", Code: "000.00.00.H53", Name: "Ủy ban nhân dân tỉnh Tây Ninh"},
		{Level: 2, Group: "31", Code: "000.00.31.H53", Name: "Ủy ban nhân dân huyện Bến Cầu"},
		{Level: 3, Group: "21", Code: "000.21.31.H53", Name: "Ủy ban nhân dân xã An Thạnh"},
		{Level: 4, Group: "000"},
	}, ex.Groups)
	require.Equal(t, []string{"000.00.31.H53", "000.00.00.H53"}, ex.Chain)

	for _, in := range []string{"G22", "000..00.H53"} {
		ex = r.Explain(in, day(2020, 1, 1))
		require.Empty(t, ex.Groups, in)
		require.Empty(t, ex.Chain, in)
		require.NotNil(t, ex.Groups, in)
	}
}
