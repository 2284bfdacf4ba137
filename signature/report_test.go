package signature

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/signature/sigtest"
)

// TestReportJSONForm pins the documented JSON field names (the CLI and integrators rely on them).
func TestReportJSONForm(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	e := testEvidence(pki.Revoked, pki.Now)
	e.Timestamp = timestampAt(pki, pki.Now.Add(-time.Minute))
	r := o.validate(context.Background(), e)
	data, err := json.Marshal(Report{Signatures: []SignatureReport{r}})
	require.NoError(t, err)
	var generic struct {
		Signatures []map[string]json.RawMessage `json:"signatures"`
	}
	require.NoError(t, json.Unmarshal(data, &generic))
	keys := func(m map[string]json.RawMessage) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	require.Equal(t, []string{"algorithms", "ca_revocation", "chain", "format", "id", "indication", "indication_uri", "messages",
		"policy", "revocation", "scope", "signer", "signing_time", "sub_indication", "sub_indication_uri", "timestamp_time"}, keys(generic.Signatures[0]))
	var rev map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(generic.Signatures[0]["revocation"], &rev))
	require.Equal(t, []string{"certificate", "kind", "next_update", "reason", "revoked_at", "source", "status", "this_update"}, keys(rev))
	var signer map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(generic.Signatures[0]["signer"], &signer))
	require.Equal(t, []string{"fingerprint_sha256", "issuer", "not_after", "not_before", "serial", "subject"}, keys(signer))
	require.Equal(t, `"REVOKED"`, string(generic.Signatures[0]["sub_indication"]))
	var messages []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(generic.Signatures[0]["messages"], &messages))
	require.NotEmpty(t, messages)
	require.Equal(t, []string{"code", "message", "message_vi", "severity"}, keys(messages[0]))
	require.Equal(t, `"error"`, string(messages[0]["severity"]))
	var scope map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(generic.Signatures[0]["scope"], &scope))
	require.Equal(t, []string{"references", "whole_document"}, keys(scope))

	// No Go zero time: a certificate description without validity dates leaves them out.
	data, err = json.Marshal(CertificateInfo{Subject: "CN=x"})
	require.NoError(t, err)
	require.NotContains(t, string(data), "0001-01-01")
	require.NotContains(t, string(data), "not_before")
}

func TestSuspendedCertificate(t *testing.T) {
	// certificateHold: NĐ 68/2024 Điều 31 requires the certificate to be active (not suspended) at signing.
	pki := sigtest.NewPKI(t)
	held := pki.Issue(t, sigtest.LeafSpec{CommonName: "Tạm dừng"})
	pki.Intermediate.Revoke(held.Cert.SerialNumber, pki.Now.Add(-time.Hour), 6)
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	r := o.validate(context.Background(), testEvidence(held, pki.Now))
	requireVerdict(t, r, TotalFailed, Revoked)
	require.Equal(t, "certificateHold", r.Revocation.Reason)
	require.Contains(t, joinVI(r), "tạm dừng")
}

func joinVI(r SignatureReport) string {
	s := ""
	for _, m := range r.Messages {
		s += m.MessageVI
	}
	return s
}

func TestRevocationCacheBounded(t *testing.T) {
	c := &RevocationCache{MaxEntries: 2}
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c", "d"} {
		_, err := c.load(ctx, k, func(context.Context) (any, time.Time, error) { return k, time.Time{}, nil })
		require.NoError(t, err)
	}
	require.LessOrEqual(t, len(c.entries), 2)
	require.Equal(t, 4, c.Fetches())
	// An expired value is returned but not kept.
	v, err := c.load(ctx, "old", func(context.Context) (any, time.Time, error) { return 1, time.Now().Add(-time.Hour), nil })
	require.NoError(t, err)
	require.Equal(t, 1, v)
	_, kept := c.entries["old"]
	require.False(t, kept)
}
