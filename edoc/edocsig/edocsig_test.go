package edocsig

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vnegov/egov/edoc"
	"github.com/vnegov/egov/signature"
	"github.com/vnegov/egov/signature/sigtest"
)

// signedSample signs the edXML sample of package signature with a sigtest PKI and returns it with
// verification options that trust the PKI's root and carry its CRLs.
func signedSample(t *testing.T) ([]byte, signature.VerifyOptions, *sigtest.PKI) {
	t.Helper()
	p := sigtest.NewPKI(t)
	doc, err := os.ReadFile("../../signature/testdata/xml/edxml-unsigned.xml")
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, signature.SignXMLEnveloped(context.Background(), &out, bytes.NewReader(doc), p.Valid.Key,
		p.Valid.Chain, signature.XMLSignOptions{}))
	ts, err := signature.NewTrustStore(signature.Anchor{Name: "test-root", Certificate: p.Root.Cert})
	require.NoError(t, err)
	opts := signature.VerifyOptions{Roots: ts, Revocation: signature.Offline, At: p.Now,
		CRLs: [][]byte{p.Intermediate.MustCRL(t, p.Now, sigtest.CRLSpec{}), p.Root.MustCRL(t, p.Now, sigtest.CRLSpec{})}}
	return out.Bytes(), opts, p
}

func TestSignatureVerifierVerdicts(t *testing.T) {
	signed, opts, p := signedSample(t)
	v := NewVerifier(opts)
	tests := []struct {
		name   string
		doc    []byte
		opts   signature.VerifyOptions
		want   []edoc.SignatureVerdict
		checkM bool
	}{
		{"passed", signed, opts, []edoc.SignatureVerdict{{Indication: edoc.IndicationPassed, Signer: p.Valid.Cert.Subject.String(), CoversPackage: true}}, false},
		{"attachment changed", bytes.Replace(signed, []byte("JVBERi0x"), []byte("JVBERi0y"), 1), opts,
			[]edoc.SignatureVerdict{{Indication: edoc.IndicationFailed, SubIndication: "HASH_FAILURE", Signer: p.Valid.Cert.Subject.String(), CoversPackage: true}}, true},
		{"untrusted", signed, signature.VerifyOptions{Roots: signature.DefaultTrustStore(), Revocation: signature.Offline, At: p.Now},
			[]edoc.SignatureVerdict{{Indication: edoc.IndicationIndeterminate, SubIndication: "NO_CERTIFICATE_CHAIN_FOUND", Signer: p.Valid.Cert.Subject.String(), CoversPackage: true}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewVerifier(tc.opts).VerifyEdXML(context.Background(), bytes.NewReader(tc.doc))
			require.NoError(t, err)
			require.Len(t, got, len(tc.want))
			for i := range got {
				if tc.checkM {
					require.NotEmpty(t, got[i].Message)
					require.NotEmpty(t, got[i].MessageVI)
				}
				got[i].Message, got[i].MessageVI = "", ""
			}
			require.Equal(t, tc.want, got)
		})
	}
	unsigned, err := os.ReadFile("../../signature/testdata/xml/edxml-unsigned.xml")
	require.NoError(t, err)
	got, err := v.VerifyEdXML(context.Background(), bytes.NewReader(unsigned))
	require.NoError(t, err)
	require.Empty(t, got)
}

func TestValidateWithSignatureVerifier(t *testing.T) {
	signed, opts, _ := signedSample(t)
	tests := []struct {
		name    string
		doc     []byte
		present []string
		absent  []string
	}{
		{"valid signature", signed, []string{"EDOC-G009"}, []string{"EDOC-G005", "EDOC-G006", "EDOC-G007", "EDOC-G008"}},
		{"broken signature", bytes.Replace(signed, []byte("Thử Nghiệm"), []byte("Thử Nghiệp"), 1), []string{"EDOC-G005"}, []string{"EDOC-G009"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := edoc.Validate(context.Background(), bytes.NewReader(tc.doc), edoc.ValidateOptions{Profile: edoc.Interop, Signatures: NewVerifier(opts)})
			require.NoError(t, err)
			for _, c := range tc.present {
				require.True(t, rep.Has(c), "%s missing in %v", c, rep.Codes())
			}
			for _, c := range tc.absent {
				require.False(t, rep.Has(c), "%s unexpected in %v", c, rep.Codes())
			}
		})
	}
}
