package signature

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/diag"
	"github.com/vnegov/egov/signature/sigtest"
)

// TestRulesCatalogue: every message kind of a report has both languages with the same verbs, codes are SIG-…,
// and Rules returns a copy.
func TestRulesCatalogue(t *testing.T) {
	rules := Rules()
	require.NotEmpty(t, rules)
	for _, r := range rules {
		require.NoError(t, r.Check())
		require.True(t, strings.HasPrefix(r.Code, "SIG-") || strings.HasPrefix(r.Code, "XMLDSIG-"), r.Code)
		require.NotEmpty(t, r.Summary, r.Code)
		got, ok := LookupRule(r.Code)
		require.True(t, ok)
		require.Equal(t, r, got)
	}
	rules[0].Message = "changed"
	again, _ := LookupRule(rules[0].Code)
	require.NotEqual(t, "changed", again.Message)
}

// TestReportMessagesAreCatalogued: the messages of a real report come from the catalogue, with the rule's
// severity (SIG-RESULT of a passed signature is Info), and say "TOTAL_PASSED" without a sub-indication.
func TestReportMessagesAreCatalogued(t *testing.T) {
	pki := sigtest.NewPKI(t)
	o := testOptions(t, pki)
	o.CRLs = crls(t, pki)
	for _, leaf := range []*sigtest.Leaf{pki.Valid, pki.Revoked} {
		r := o.validate(context.Background(), testEvidence(leaf, pki.Now))
		require.NotEmpty(t, r.Messages)
		for _, m := range r.Messages {
			rule, ok := LookupRule(m.Code)
			require.True(t, ok, m.Code)
			if m.Code != "SIG-RESULT" {
				require.Equal(t, rule.Severity, m.Severity, m.Code)
			}
			require.NotContains(t, m.Message+m.MessageVI, "%!", m.Code)
		}
	}
	passed := o.validate(context.Background(), testEvidence(pki.Valid, pki.Now))
	require.Equal(t, "TOTAL_PASSED: the signature is valid.", passed.Messages[0].Message)
	require.Equal(t, "TOTAL_PASSED: chữ ký hợp lệ.", passed.Messages[0].MessageVI)
	require.Equal(t, diag.Info, passed.Messages[0].Severity)
}
