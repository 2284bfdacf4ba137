package edoc

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/vntime"
)

func TestDecodeMeta(t *testing.T) {
	at := time.Date(2024, 5, 10, 15, 0, 0, 0, vntime.Location())
	tests := []struct {
		name    string
		in      string
		notes   []string
		wantErr string
	}{
		{name: "snake_case", in: `{"from":{"organ_id":"000.00.00.G22","organ_name":"VPCP"},
			"to":[{"organ_id":"000.00.00.G12"}],"number":"231","notation":"QĐ-VPCP","date":"2024/05/10",
			"signer":{"full_name":"Trần Văn A"},"priority":1,"business_type":0}`},
		{name: "edXML aliases", in: `{"from":{"OrganId":"000.00.00.G22","OrganName":"VPCP"},
			"to":[{"OrganID":"000.00.00.G12"}],"number":"231","notation":"QĐ-VPCP","date":"2024/05/10",
			"signer":{"FullName":"Trần Văn A"},"priority":"urgent","business_type":"new"}`,
			notes: []string{"FullName → full_name", "OrganID → organ_id", "OrganId → organ_id", "OrganName → organ_name"}},
		{name: "unknown key", in: `{"from":{"organ_id":"x"},"date":"2024/05/10","subjct":"?"}`, wantErr: `unknown field "subjct"`},
		{name: "unknown nested key", in: `{"from":{"organ":"x"},"date":"2024/05/10"}`, wantErr: `unknown field "organ"`},
		{name: "alias twice", in: `{"from":{"OrganId":"x","organ_id":"y"},"date":"2024/05/10"}`, wantErr: "given twice"},
		{name: "bad priority", in: `{"date":"2024/05/10","priority":"sometime"}`, wantErr: "Priority"},
		{name: "not an object", in: `[1]`, wantErr: "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, notes, err := DecodeMeta(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			slices.Sort(notes)
			require.Empty(t, cmp.Diff(tt.notes, notes))
			p, err := m.Build(at)
			require.NoError(t, err)
			require.Equal(t, "000.00.00.G22", p.Header.From.OrganID)
			require.Equal(t, "000.00.00.G12", p.Header.To[0].OrganID)
			require.Equal(t, "Trần Văn A", p.Header.SignerInfo.FullName)
			require.Equal(t, PriorityUrgent, p.Header.OtherInfo.Priority)
			require.Equal(t, at, p.Traces[0].Timestamp)
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, p))
			require.Contains(t, buf.String(), "000.00.00.G22,2024/05/10,231/QĐ-VPCP")
		})
	}
}

func TestMetaBuildRanges(t *testing.T) {
	for _, m := range []Meta{
		{Date: "2024/05/10", Priority: 5},
		{Date: "2024/05/10", BusinessType: 4},
		{Date: "10/05/2024"},
		{Date: "2024/05/10", DueDate: "soon"},
	} {
		_, err := m.Build(time.Now())
		require.Error(t, err, "%+v", m)
	}
	_, _, err := DecodeMeta(strings.NewReader(`{"content":"` + strings.Repeat("x", MaxMetaSize) + `"}`))
	require.ErrorContains(t, err, "larger than")
}

// TestModelJSON pins the JSON form of the model: snake_case keys, priority as a number, the business type by
// name, absent dates omitted (docs/output.md).
func TestModelJSON(t *testing.T) {
	h := MessageHeader{From: Organization{OrganID: "000.00.00.G22"}, OtherInfo: OtherInfo{Priority: PriorityUrgent}}
	b, err := json.Marshal(h)
	require.NoError(t, err)
	s := string(b)
	require.Contains(t, s, `"organ_id":"000.00.00.G22"`)
	require.Contains(t, s, `"priority":1`)
	require.NotContains(t, s, "due_date")
	require.NotContains(t, s, "promulgation_date")
	require.NotContains(t, s, "0001-01-01")
	var back MessageHeader
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, h.OtherInfo.Priority, back.OtherInfo.Priority)

	bz, err := json.Marshal(Business{DocType: BusinessReplacement})
	require.NoError(t, err)
	require.Contains(t, string(bz), `"doc_type":"replacement"`)
	for in, want := range map[string]BusinessDocType{`"update"`: BusinessUpdate, `"2"`: BusinessUpdate, `3`: BusinessReplacement} {
		var bt BusinessDocType
		require.NoError(t, json.Unmarshal([]byte(in), &bt), in)
		require.Equal(t, want, bt, in)
	}
	var bt BusinessDocType
	require.Error(t, json.Unmarshal([]byte(`7`), &bt))
	_, err = json.Marshal(BusinessDocType(9))
	require.Error(t, err)
	var p Priority
	require.NoError(t, json.Unmarshal([]byte(`{"priority":null,"doc_type":null}`), &struct {
		P Priority        `json:"priority"`
		B BusinessDocType `json:"doc_type"`
	}{}))
	require.NoError(t, json.Unmarshal([]byte(`"Thượng khẩn"`), &p))
	require.Equal(t, PriorityVeryUrgent, p)
	require.Error(t, json.Unmarshal([]byte(`256`), &p))
}

// FuzzDecodeMeta checks that no description makes DecodeMeta or Build panic, and that a description DecodeMeta
// accepts builds a package the writer can write, or is refused by Build with an error.
func FuzzDecodeMeta(f *testing.F) {
	f.Add(`{"from":{"organ_id":"000.00.00.G22"},"to":[{"OrganId":"000.00.00.G12"}],"number":"1","notation":"CV","date":"2024/05/10"}`)
	f.Add(`{"date":"2024/05/10","priority":"Hỏa tốc","business_type":3,"staff":{"Staff":"x"}}`)
	f.Add(`{"from":[{"organ_id":1}]}`)
	f.Add(`{"to":{"FullName":"x"},"signer":[]}`)
	f.Add(`null`)
	at := time.Date(2024, 5, 10, 15, 0, 0, 0, vntime.Location())
	f.Fuzz(func(t *testing.T, in string) {
		m, _, err := DecodeMeta(strings.NewReader(in))
		if err != nil {
			return
		}
		p, err := m.Build(at)
		if err != nil {
			return
		}
		if err := Write(io.Discard, p); err != nil && !strings.HasPrefix(err.Error(), "edoc:") {
			t.Fatalf("write: %v", err)
		}
	})
}
