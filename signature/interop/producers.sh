#!/bin/sh
# producers.sh: reproduce, with independent tools, the XML-DSig forms that real Vietnamese producers write
# (e-invoices of TT 78/2021 and NĐ 123/2020, payment-provider test CAs) and that egov must read as xmlsec1
# does. openssl makes the PKI (including a certificate with a negative serial number), xmlsec1 signs the
# templates, and one fixture is assembled by hand with xmllint and openssl the way .NET SignedXml computes
# it. Outputs go to signature/testdata/xml/producers/, one file per behaviour:
#
#   zoneless-signingtime.xml            SigningTime "2022-03-10T01:09:49" (xs:dateTime without a zone) in a
#                                       signed Object/SignatureProperties, RSA-SHA1 (legacy policy by that time)
#   unsigned-signingtime.xml            the same property that no Reference covers (ignored, with a warning)
#   negative-serial.xml                 signer certificate with a negative serial number (-0x1234ABCD); the
#                                       same signer in a detached CMS, testdata/cms/negative-serial.p7s
#   double-c14n.xml                     references with two transforms: exc-c14n, then c14n
#   ref-to-signatureproperty-dotnet.xml a Reference to a SignatureProperty inside the Signature with the
#                                       enveloped-signature transform, digest of the property (.NET reading)
#   ref-to-signatureproperty-w3c.xml    the same reference signed by xmlsec1 (W3C reading: empty node-set)
#
# Run from anywhere: sh signature/interop/producers.sh
set -eu
. "$(dirname "$0")/ca.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/testdata/xml/producers"
for tool in openssl xmlsec1 xmllint; do
	command -v "$tool" >/dev/null || { echo "producers: $tool not found" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# --- PKI: a root and an RSA signer valid 2020–2040 (so a 2022 invoice was signed within validity), a signer
# with a negative serial number (openssl x509 -set_serial accepts a negative value), a CRL -------------------
ca_init "$work" 2000
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/root.key" -out "$work/root.csr" \
	-subj "/C=VN/O=egov producers/CN=egov producers root" 2>/dev/null
openssl ca -batch -selfsign -config "$work/ca.cnf" -keyfile "$work/root.key" -extensions root_ext \
	-startdate 20200101000000Z -enddate 20450101000000Z -in "$work/root.csr" -out "$work/root.pem" -notext 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/signer.key" -out "$work/signer.csr" \
	-subj "/C=VN/O=Công ty hoá đơn/CN=Người bán thử nghiệm" -utf8 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -extensions signer_ext -utf8 -startdate 20200101000000Z \
	-enddate 20400101000000Z -in "$work/signer.csr" -out "$work/signer.pem" -notext 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/neg.key" -out "$work/neg.csr" \
	-subj "/C=VN/O=Cổng thanh toán thử nghiệm/CN=Serial âm" -utf8 2>/dev/null
printf '[ signer_ext ]\nbasicConstraints = critical,CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' > "$work/neg.ext"
openssl x509 -req -in "$work/neg.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -set_serial -0x1234ABCD \
	-days 7300 -extfile "$work/neg.ext" -extensions signer_ext -out "$work/neg.pem" 2>/dev/null
openssl x509 -in "$work/neg.pem" -noout -serial | grep -q 'serial=-1234ABCD' ||
	{ echo "producers: openssl did not write a negative serial" >&2; exit 1; }
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/root.crl.pem" 2>/dev/null
openssl crl -in "$work/root.crl.pem" -outform DER -out "$out/root.crl"
cp "$work/root.pem" "$out/root.pem"
cp "$work/signer.pem" "$out/signer.pem"
cp "$work/neg.pem" "$out/negative-serial.pem"

DS=http://www.w3.org/2000/09/xmldsig#
EXC=http://www.w3.org/2001/10/xml-exc-c14n#
INC=http://www.w3.org/TR/2001/REC-xml-c14n-20010315
ENV=${DS}enveloped-signature
SHA1=${DS}sha1
SHA256=http://www.w3.org/2001/04/xmlenc#sha256
RSASHA1=${DS}rsa-sha1
RSASHA256=http://www.w3.org/2001/04/xmldsig-more#rsa-sha256

# invoice SIGNATURE: an e-invoice in the TT 78/2021 layout (data in DLHDon Id="data", signature in DSCKS/NBan).
invoice() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<HDon><DLHDon Id="data"><TTChung><PBan>2.0.0</PBan><THDon>HÓA ĐƠN GIÁ TRỊ GIA TĂNG</THDon><KHMSHDon>1</KHMSHDon><SHDon>42</SHDon></TTChung><NDHDon><NBan><Ten>Công ty hoá đơn</Ten><MST>0100109106</MST></NBan><TToan><TgTTTBSo>1100000</TgTTTBSo></TToan></NDHDon></DLHDon><DSCKS><NBan>%s</NBan></DSCKS></HDon>\n' "$1"
}

# reference URI DIGEST TRANSFORM...: one Reference of a template.
reference() {
	uri=$1 dig=$2
	shift 2
	printf '<Reference URI="%s"><Transforms>' "$uri"
	for t in "$@"; do printf '<Transform Algorithm="%s"/>' "$t"; done
	printf '</Transforms><DigestMethod Algorithm="%s"/><DigestValue></DigestValue></Reference>' "$dig"
}

# signingtime OBJECT-ID PROPERTY-ID TIME NAMESPACE: the Object the producers write.
signingtime() {
	printf '<Object Id="%s"><SignatureProperties><SignatureProperty Id="%s" Target="#seller"><SigningTime xmlns="%s">%s</SigningTime></SignatureProperty></SignatureProperties></Object>' "$1" "$2" "$4" "$3"
}

# signature C14N METHOD REFERENCES OBJECT: a template.
signature() {
	printf '<Signature xmlns="%s" Id="seller"><SignedInfo><CanonicalizationMethod Algorithm="%s"/><SignatureMethod Algorithm="%s"/>%s</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo>%s</Signature>' \
		"$DS" "$1" "$2" "$3" "$4"
}

sign() { # sign NAME KEY: xmlsec1 signs the template and must verify its own output
	xmlsec1 --sign --privkey-pem "$work/$2.key,$work/$2.pem" --id-attr:Id DLHDon --output "$out/$1.xml" "$work/$1.tpl.xml"
	xmlsec1 --verify --trusted-pem "$work/root.pem" --id-attr:Id DLHDon "$out/$1.xml" 2>/dev/null ||
		{ echo "producers: xmlsec1 does not verify its own $1" >&2; exit 1; }
}

# 1. Zone-less SigningTime (1,471 of 1,475 invoices of one CA are written so), SHA-1 of 2022.
refs="$(reference '#data' "$SHA1" "$ENV" "$INC")$(reference '#SigningTime' "$SHA1" "$INC")"
invoice "$(signature "$INC" "$RSASHA1" "$refs" "$(signingtime SigningTime SigningTimeProperty 2022-03-10T01:09:49 http://example.org/#signatureProperties)")" \
	> "$work/zoneless-signingtime.tpl.xml"
sign zoneless-signingtime signer

# 1b. The same Object that no Reference covers: the claim is unsigned and must be ignored.
invoice "$(signature "$EXC" "$RSASHA256" "$(reference '#data' "$SHA256" "$ENV" "$EXC")" "$(signingtime SigningTime SigningTimeProperty 2025-10-10T01:09:49 http://example.org/#signatureProperties)")" \
	> "$work/unsigned-signingtime.tpl.xml"
sign unsigned-signingtime signer

# 2. A signer certificate with a negative serial number.
# (openssl x509 -req cannot backdate it, so it carries no signing time: it is judged at the validation time.)
invoice "$(signature "$EXC" "$RSASHA256" "$(reference '#data' "$SHA256" "$ENV" "$EXC")" "")" > "$work/negative-serial.tpl.xml"
sign negative-serial neg
# The same certificate in a detached CMS signature (openssl cms), under signature/testdata/cms/.
openssl cms -sign -binary -signer "$work/neg.pem" -inkey "$work/neg.key" -md sha256 -outform DER \
	-in "$here/testdata/cms/content.txt" -out "$here/testdata/cms/negative-serial.p7s"
openssl cms -verify -binary -inform DER -in "$here/testdata/cms/negative-serial.p7s" -content "$here/testdata/cms/content.txt" \
	-CAfile "$work/root.pem" -purpose any -out /dev/null 2>/dev/null ||
	{ echo "producers: openssl does not verify its own negative-serial.p7s" >&2; exit 1; }

# 3. Two canonicalisation transforms in one reference: exc-c14n, then c14n (an e-invoice producer's chain).
refs="$(reference '#data' "$SHA256" "$ENV" "$EXC" "$INC")$(reference '#SigningTime' "$SHA256" "$EXC" "$INC")"
invoice "$(signature "$INC" "$RSASHA256" "$refs" "$(signingtime SigningTime SigningTimeProperty 2025-10-10T01:09:49 "")")" \
	> "$work/double-c14n.tpl.xml"
sign double-c14n signer

# 4a. A Reference to the SignatureProperty inside the Signature with the enveloped-signature transform,
# signed by xmlsec1: the W3C processing rule removes the whole Signature, so the digest is of nothing.
refs="$(reference '#data' "$SHA256" "$ENV" "$EXC")$(reference '#SigningTimeProperty' "$SHA256" "$ENV" "$EXC")"
prop=$(signingtime SigningTime SigningTimeProperty 2025-10-10T01:09:49 http://example.org/#signatureProperties)
invoice "$(signature "$EXC" "$RSASHA256" "$refs" "$prop")" > "$work/ref-to-signatureproperty-w3c.tpl.xml"
sign ref-to-signatureproperty-w3c signer

# 4b. The same reference as .NET SignedXml computes it: the enveloped transform removes nothing from the
# property, which is digested. Assembled by hand: xmllint canonicalises, openssl digests and signs.
c14n_b64() { # exclusive canonical form of the standalone fragment on stdin, SHA-256, base64
	xmllint --exc-c14n - | openssl dgst -sha256 -binary | openssl base64 -A
}
data=$(invoice "" | xmllint --xpath '//DLHDon' - | c14n_b64)
propdig=$(printf '<SignatureProperty xmlns="%s" Id="SigningTimeProperty" Target="#seller"><SigningTime xmlns="http://example.org/#signatureProperties">2025-10-10T01:09:49</SigningTime></SignatureProperty>' "$DS" | c14n_b64)
si=$(printf '<SignedInfo><CanonicalizationMethod Algorithm="%s"></CanonicalizationMethod><SignatureMethod Algorithm="%s"></SignatureMethod><Reference URI="#data"><Transforms><Transform Algorithm="%s"></Transform><Transform Algorithm="%s"></Transform></Transforms><DigestMethod Algorithm="%s"></DigestMethod><DigestValue>%s</DigestValue></Reference><Reference URI="#SigningTimeProperty"><Transforms><Transform Algorithm="%s"></Transform><Transform Algorithm="%s"></Transform></Transforms><DigestMethod Algorithm="%s"></DigestMethod><DigestValue>%s</DigestValue></Reference></SignedInfo>' \
	"$EXC" "$RSASHA256" "$ENV" "$EXC" "$SHA256" "$data" "$ENV" "$EXC" "$SHA256" "$propdig")
value=$(printf '<SignedInfo xmlns="%s"%s' "$DS" "${si#<SignedInfo}" | xmllint --exc-c14n - |
	openssl dgst -sha256 -sign "$work/signer.key" | openssl base64 -A)
cert=$(openssl x509 -in "$work/signer.pem" -outform DER | openssl base64 -A)
invoice "$(printf '<Signature xmlns="%s" Id="seller">%s<SignatureValue>%s</SignatureValue><KeyInfo><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo>%s</Signature>' \
	"$DS" "$si" "$value" "$cert" "$prop")" > "$out/ref-to-signatureproperty-dotnet.xml"
# xmlsec1 follows the W3C rule and must refuse it; if it ever accepts it the fixture no longer shows the split.
if xmlsec1 --verify --trusted-pem "$work/root.pem" --id-attr:Id DLHDon "$out/ref-to-signatureproperty-dotnet.xml" 2>/dev/null; then
	echo "producers: xmlsec1 accepts the .NET-style reference; the fixture shows no difference" >&2
	exit 1
fi
echo "producers: wrote $(ls "$out" | wc -l) files to $out"
