package signature

import (
	"crypto/x509"
	"encoding/asn1"
	"strings"
	"time"
)

// PDFOptions configures PDF verification (VerifyOptions.PDF).
type PDFOptions struct {
	// Limits bound the structure reader; zero fields take the defaults.
	Limits PDFLimits
	// Role tells the signer's certificate from the agency's for the NĐ 30/2020 view; nil means DefaultPDFRole.
	Role func(*x509.Certificate) PDFRole
	// AllowAnnotations accepts annotations and form fields added after an approval signature when no DocMDP
	// restricts changes. By default they make the signature INDETERMINATE: ISO 32000-1 allows them, but they
	// can cover what was signed (the Evil Annotation and Shadow attacks).
	AllowAnnotations bool
}

// PDFRole is the role of a signature in an electronic official document under NĐ 30/2020/NĐ-CP Điều 8 and
// Phụ lục I: the signature of the person with authority, then the agency's.
type PDFRole string

// PDF signature roles.
const (
	RoleUnknown   PDFRole = ""
	RoleSigner    PDFRole = "signer"             // chữ ký số của người có thẩm quyền (personal certificate)
	RoleAgency    PDFRole = "agency"             // chữ ký số của cơ quan, tổ chức (organisation certificate)
	RoleTimestamp PDFRole = "document_timestamp" // a document time stamp, no role
)

// oidUID is the userId attribute (RFC 4519) where Vietnamese CAs put "CMND:…", "CCCD:…", "MST:…".
var oidUID = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}

// DefaultPDFRole classifies a certificate by the identifiers Vietnamese CAs put in its subject ([U]:
// profiles differ between CAs; supply PDFOptions.Role for another profile): a personal identity number (UID
// or serialNumber starting with CMND, CCCD, HC or PID) marks a person, a tax or budget code (MST, MNS) an
// organisation. Otherwise it returns RoleUnknown and the view falls back to the order of the signatures.
func DefaultPDFRole(c *x509.Certificate) PDFRole {
	if c == nil {
		return RoleUnknown
	}
	var ids []string
	for _, a := range c.Subject.Names {
		if a.Type.Equal(oidUID) || a.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 5}) {
			if s, ok := a.Value.(string); ok {
				ids = append(ids, strings.ToUpper(strings.TrimSpace(s)))
			}
		}
	}
	for _, id := range ids {
		for _, p := range []string{"CMND", "CCCD", "HC:", "PID"} {
			if strings.HasPrefix(id, p) {
				return RoleSigner
			}
		}
	}
	for _, id := range ids {
		for _, p := range []string{"MST", "MNS"} {
			if strings.HasPrefix(id, p) {
				return RoleAgency
			}
		}
	}
	return RoleUnknown
}

// PDFSignatureInfo is what a PDF signature dictionary says and where the signature stands in the document.
type PDFSignatureInfo struct {
	Field       string       `json:"field"`                  // fully qualified field name
	SubFilter   string       `json:"sub_filter"`             // adbe.pkcs7.detached, ETSI.CAdES.detached, …
	Kind        string       `json:"kind"`                   // approval, certification, document_timestamp
	Revision    int          `json:"revision"`               // the revision the signature signs (1 = original)
	Revisions   int          `json:"revisions"`              // revisions in the file
	ByteRange   []int64      `json:"byte_range"`             // as written in the file
	Time        *time.Time   `json:"time,omitempty"`         // /M, the signing time the signing software claims
	Reason      string       `json:"reason,omitempty"`       // /Reason, verbatim
	Location    string       `json:"location,omitempty"`     // /Location, verbatim
	Name        string       `json:"name,omitempty"`         // /Name, verbatim
	ContactInfo string       `json:"contact_info,omitempty"` // /ContactInfo, verbatim
	DocMDP      int          `json:"doc_mdp,omitempty"`      // /P of a certification signature
	FieldMDP    *PDFFieldMDP `json:"field_mdp,omitempty"`    // fields locked by this signature
	Role        PDFRole      `json:"role,omitempty"`         // NĐ 30/2020: signer or agency
	RoleBasis   string       `json:"role_basis,omitempty"`   // "certificate" or "order"
}

// PDFRevisionChange is what one revision after a signature changed, and whether that was allowed.
type PDFRevisionChange struct {
	Revision int      `json:"revision"`
	Changes  []string `json:"changes"`
	Allowed  bool     `json:"allowed"`
	Reason   string   `json:"reason"`
}

// PDFDocumentInfo describes a verified PDF as a whole, with the NĐ 30/2020 view of its signatures.
type PDFDocumentInfo struct {
	Revisions     int       `json:"revisions"`
	TrailingBytes int64     `json:"trailing_bytes,omitempty"` // bytes after the last %%EOF, in no revision
	ND30          *ND30View `json:"nd30,omitempty"`
}

// ND30View is the NĐ 30/2020/NĐ-CP reading of an electronic official document: the signature of the person
// with authority comes first, the agency's second in a later revision that covers it (Phụ lục I).
type ND30View struct {
	Signer             string     `json:"signer,omitempty"` // ID of the signer's signature
	Agency             string     `json:"agency,omitempty"` // ID of the agency's signature
	SignerTime         *time.Time `json:"signer_time,omitempty"`
	AgencyTime         *time.Time `json:"agency_time,omitempty"`
	AgencyAfterSigner  bool       `json:"agency_after_signer"`  // the agency signed a later revision
	AgencyCoversSigner bool       `json:"agency_covers_signer"` // its signed bytes include the signer's signature
	Complete           bool       `json:"complete"`             // both present, in order, covering, both TOTAL_PASSED
	Notes              []string   `json:"notes,omitempty"`
}
