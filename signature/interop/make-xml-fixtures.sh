#!/bin/sh
# make-xml-fixtures.sh: produce the XML-DSig and C14N interoperability fixtures of package signature with
# independent tools (openssl for the PKI, xmlsec1 for signing and verifying, xmllint for canonical forms).
# The outputs are committed under signature/testdata/xml/; tests compare egov's verdicts and canonical
# forms with them. Run from anywhere: sh signature/interop/make-xml-fixtures.sh
set -eu
. "$(dirname "$0")/ca.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/testdata/xml/interop"
c14n="$here/testdata/xml/c14n"
for tool in openssl xmlsec1 xmllint; do
	command -v "$tool" >/dev/null || { echo "make-xml-fixtures: $tool not found" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# --- PKI: root CA, RSA and ECDSA signers, a CRL (openssl ca) -------------------------------------------
ca_init "$work" 1000
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/root.key" -out "$work/root.pem" -days 7300 \
	-subj "/C=VN/O=egov interop/CN=egov interop root" -config "$work/ca.cnf" -extensions root_ext 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -out "$work/rsa.csr" \
	-subj "/C=VN/O=egov interop/CN=Người ký RSA" -utf8 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ec.key"
openssl req -new -key "$work/ec.key" -out "$work/ec.csr" -subj "/C=VN/O=egov interop/CN=Người ký ECDSA" -utf8 2>/dev/null
for k in rsa ec; do
	openssl ca -batch -config "$work/ca.cnf" -extensions signer_ext -utf8 -in "$work/$k.csr" -out "$work/$k.pem" \
		-notext 2>/dev/null
done
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/root.crl.pem" 2>/dev/null
openssl crl -in "$work/root.crl.pem" -outform DER -out "$out/root.crl"
cp "$work/root.pem" "$out/root.pem"
cp "$work/rsa.pem" "$out/rsa-signer.pem"

# --- Signature templates ---------------------------------------------------------------------------------
# template NAME C14N SIGMETHOD DIGEST [URI]: a ds:Signature template for xmlsec1.
template() {
	cat <<TPL
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="$1"/><SignatureMethod Algorithm="$2"/><Reference URI="${4:-}"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="$1"/></Transforms><DigestMethod Algorithm="$3"/><DigestValue></DigestValue></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>
TPL
}
EXC=http://www.w3.org/2001/10/xml-exc-c14n#
INC=http://www.w3.org/TR/2001/REC-xml-c14n-20010315
C11=http://www.w3.org/2006/12/xml-c14n11
MORE=http://www.w3.org/2001/04/xmldsig-more#

# edxml NAME SIGNATURE-TEMPLATE: the unsigned edXML sample with the template as the header's last child.
edxml() {
	sig=$(cat)
	awk -v sig="$sig" '{ if (index($0, "</edXML:edXMLHeader>")) { sub(/<\/edXML:edXMLHeader>/, sig "</edXML:edXMLHeader>") } print }' \
		"$here/testdata/xml/edxml-unsigned.xml" > "$work/$1.tpl.xml"
}

sign() { # sign NAME KEY [extra xmlsec1 args]
	name=$1 key=$2
	shift 2
	xmlsec1 --sign --privkey-pem "$work/$key.key,$work/$key.pem" "$@" --output "$out/$name.xml" "$work/$name.tpl.xml"
	xmlsec1 --verify --trusted-pem "$work/root.pem" "$@" "$out/$name.xml" 2>/dev/null ||
		{ echo "make-xml-fixtures: xmlsec1 does not verify its own $name" >&2; exit 1; }
}

template "$EXC" "${MORE}rsa-sha256" http://www.w3.org/2001/04/xmlenc#sha256 | edxml edxml-rsa-sha256-exc
sign edxml-rsa-sha256-exc rsa
template "$INC" http://www.w3.org/2000/09/xmldsig#rsa-sha1 http://www.w3.org/2000/09/xmldsig#sha1 | edxml edxml-rsa-sha1-c14n
sign edxml-rsa-sha1-c14n rsa
template "$C11" "${MORE}ecdsa-sha256" http://www.w3.org/2001/04/xmlenc#sha256 | edxml edxml-ecdsa-sha256-c14n11
sign edxml-ecdsa-sha256-c14n11 ec
template "$INC" "${MORE}rsa-sha512" http://www.w3.org/2001/04/xmlenc#sha512 | edxml edxml-rsa-sha512-c14n
sign edxml-rsa-sha512-c14n rsa

# A same-document reference by Id, the signature as the root's last child (any XML, not edXML).
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<hs:HoSo xmlns:hs="urn:egov:test:hoso" xmlns:x="urn:x">\n'
	printf '  <hs:Header>không ký</hs:Header>\n  <hs:Data Id="noi-dung" x:kind="form"><hs:Item so="1">NỘI DUNG ký số</hs:Item>\n'
	printf '    <hs:Item so="2">JVBERi0x</hs:Item></hs:Data>\n'
	template "$EXC" "${MORE}rsa-sha384" http://www.w3.org/2001/04/xmldsig-more#sha384 "#noi-dung" | tr -d '\n'
	printf '</hs:HoSo>\n'
} > "$work/id-rsa-sha384-exc.tpl.xml"
sign id-rsa-sha384-exc rsa --id-attr:Id Data

# --- Canonical forms from xmllint (the reference for egov's canonicaliser) --------------------------------
for f in "$c14n"/*.xml; do
	b=${f%.xml}
	xmllint --c14n "$f" 2>/dev/null > "$b.c14n-comments.out"
	xmllint --c14n11 "$f" 2>/dev/null > "$b.c14n11-comments.out"
	xmllint --exc-c14n "$f" 2>/dev/null > "$b.exc-c14n-comments.out"
done
echo "make-xml-fixtures: wrote $(ls "$out" | wc -l) files to $out"
