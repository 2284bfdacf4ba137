#!/bin/sh
# bench-xml-256mb.sh: the large-document measurement of issue 4. Builds a ~256 MB edXML package (random
# attachment, inline base64) in a temporary directory, signs it with xmlsec1 (enveloped, in edXMLHeader),
# then times `xmlsec1 --verify` and `egov sig verify` on the same file and reports wall time and peak RSS.
# Everything is deleted afterwards. Usage: sh signature/interop/bench-xml-256mb.sh [SIZE_MB]
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/.." && pwd)
size=${1:-256}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in openssl xmlsec1 go; do
	command -v "$tool" >/dev/null || { echo "bench-xml-256mb: $tool not found" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench-xml-256mb: /usr/bin/time (GNU time) not found" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/root.key" -out "$work/root.pem" -days 30 \
	-subj "/C=VN/O=egov bench/CN=egov bench root" -addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/leaf.key" -out "$work/leaf.csr" \
	-subj "/C=VN/O=egov bench/CN=egov bench signer" 2>/dev/null
printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > "$work/ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -CAcreateserial \
	-days 30 -extfile "$work/ext" -out "$work/leaf.pem" 2>/dev/null
# An empty CRL of the root (openssl ca), so that egov can check revocation offline.
mkdir -p "$work/ca"
: > "$work/ca/index.txt"
echo 01 > "$work/ca/crlnumber"
printf '[ca]\ndefault_ca=r\n[r]\ndatabase=%s\ncrlnumber=%s\ncertificate=%s\nprivate_key=%s\ndefault_md=sha256\ndefault_crl_days=30\n' \
	"$work/ca/index.txt" "$work/ca/crlnumber" "$work/root.pem" "$work/root.key" > "$work/ca.cnf"
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/root.crl" 2>/dev/null

# The package: the unsigned edXML sample's header with a signature template, and one attachment of SIZE MB.
sig='<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue></DigestValue></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>'
{
	sed -n '1,/<\/edXML:edXMLHeader>/p' "$here/testdata/xml/edxml-unsigned.xml"
	sed -n '/<edXML:edXMLBody>/,/<ContentType>/p' "$here/testdata/xml/edxml-unsigned.xml"
	printf '      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
	head -c $((size * 1024 * 1024 * 3 / 4 - 4096)) /dev/urandom | base64 -w 76
	printf '</edXML:ContentTransferEncoded>\n    </Attachment>\n  </AttachmentEncoded>\n</edXML>\n'
} > "$work/unsigned.xml"
sed "s|</edXML:edXMLHeader>|$sig</edXML:edXMLHeader>|" "$work/unsigned.xml" > "$work/tpl.xml"
xmlsec1 --sign --privkey-pem "$work/leaf.key,$work/leaf.pem" --output "$work/signed.xml" "$work/tpl.xml"
rm "$work/tpl.xml"
ls -l "$work/signed.xml" | awk '{ printf "file: %.1f MB\n", $5 / 1048576 }'

(cd "$repo" && GOTOOLCHAIN=local go build -o "$work/egov" ./cmd/egov)
measure() { # measure LABEL CMD...: wall seconds and peak RSS of CMD
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>&1 || { echo "$label failed:"; cat "$work/out"; }
	read -r secs kb <<T
$(tail -n 1 "$work/time")
T
	echo "$label: ${secs}s, peak RSS $((kb / 1024)) MB"
	echo "$secs $kb" > "$work/$label.m"
}
measure xmlsec1 xmlsec1 --verify --trusted-pem "$work/root.pem" "$work/signed.xml"
measure egov "$work/egov" sig verify --trust "$work/root.pem" --crl "$work/root.crl" --revocation offline "$work/signed.xml"
sed -n 1,3p "$work/out"
# The floor: hashing the same bytes once (egov canonicalises and hashes them, and parses them as XML).
measure openssl openssl dgst -sha256 "$work/signed.xml"
# egov signs the same package (streaming, two passes); xmlsec1 must accept the result.
measure egov-sign "$work/egov" sig sign --xml --key "$work/leaf.key" --cert "$work/leaf.pem" "$work/unsigned.xml" -o "$work/egov-signed.xml"
xmlsec1 --verify --trusted-pem "$work/root.pem" "$work/egov-signed.xml" >/dev/null 2>&1 &&
	echo "xmlsec1 verifies the package signed by egov: OK" || echo "xmlsec1 rejects the package signed by egov"
read -r xs xk < "$work/xmlsec1.m"
read -r es ek < "$work/egov.m"
awk -v xs="$xs" -v es="$es" -v xk="$xk" -v ek="$ek" 'BEGIN { printf "egov/xmlsec1: time %.2f, memory %.2f\n", es / xs, ek / xk }'
read -r os ok < "$work/openssl.m"
awk -v os="$os" -v es="$es" 'BEGIN { if (os > 0) printf "egov/openssl dgst -sha256: time %.2f\n", es / os }'
