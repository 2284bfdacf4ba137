#!/usr/bin/env bash
# pdf-fixtures.sh produces the PDF interoperability fixtures of package signature with tools independent of
# egov: OpenSSL makes a small CA (root → the signer's personal certificate and the agency's organisation
# certificate, an empty CRL), qpdf builds the PDFs (a classic cross-reference table and an object-stream
# variant), and poppler's `pdfsig -add-signature` signs them from an NSS database made by certutil and
# pk12util (libnss3-tools). Then the attacks of pdf-insecurity.org are applied with plain shell tools:
#
#   signer.pdf            the signer's signature (adbe.pkcs7.detached, SHA-256)
#   signer-agency.pdf     then the agency's signature, a second incremental update (NĐ 30/2020)
#   signer-objstm.pdf     the signer's signature on the object-stream (cross-reference stream) variant
#   signer-linearized.pdf the signer's signature on a linearized variant (two sections in the first revision)
#   tampered.pdf          signer.pdf with one byte of the first revision's page content changed
#   appended-content.pdf  signer.pdf plus an unsigned incremental update that replaces the page content
#   junk.pdf              signer.pdf plus bytes after %%EOF
#   overlay-xobject.pdf   shadow attack (hide-and-replace): the base page draws an empty form XObject the
#                         attacker prepared; after signing, an update redefines it as a white box + new text
#   overlay-annot.pdf     signer.pdf plus an update adding a FreeText annotation painted over the text
#
# pdfsig's own verdict on each file is saved as NAME.pdfsig.txt. The CA, keys and CRL are kept so tests can
# validate at the time recorded in created.txt.
#
# Usage: signature/interop/pdf-fixtures.sh [OUTDIR]   (default: signature/testdata/pdf)
# Needs: openssl, qpdf, pdfsig (poppler-utils ≥ 21), certutil and pk12util (libnss3-tools).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../testdata/pdf}
for tool in openssl qpdf pdfsig certutil pk12util; do
	command -v "$tool" >/dev/null || { echo "pdf-fixtures.sh: $tool not found (apt-get install poppler-utils qpdf libnss3-tools openssl)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/ca"
cd "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- CA ---------------------------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca/root.key -out ca/root.pem -days 3650 -sha256 \
	-subj "/C=VN/O=egov interop/CN=egov interop PDF Root CA" -addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
leaf() { # leaf NAME SUBJECT
	openssl req -new -newkey rsa:2048 -nodes -keyout "ca/$1.key" -out "$work/$1.csr" -utf8 -subj "$2" 2>/dev/null
	printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' > "$work/ext"
	openssl x509 -req -in "$work/$1.csr" -CA ca/root.pem -CAkey ca/root.key -set_serial "0x$(openssl rand -hex 8)" \
		-days 3000 -sha256 -extfile "$work/ext" -out "ca/$1.pem" 2>/dev/null
	openssl pkcs12 -export -inkey "ca/$1.key" -in "ca/$1.pem" -certfile ca/root.pem -name "$1" -passout pass: -out "$work/$1.p12"
}
leaf signer "/C=VN/O=UBND tỉnh Thử/CN=Nguyễn Văn A/UID=CCCD:001090000001"
leaf agency "/C=VN/O=UBND tỉnh Thử/CN=Sở Nội vụ tỉnh Thử/UID=MST:0100000001"
: > "$work/index.txt"
echo 01 > "$work/crlnumber"
printf '[ca]\ndefault_ca=r\n[r]\ndatabase=%s\ncrlnumber=%s\ncertificate=ca/root.pem\nprivate_key=ca/root.key\ndefault_md=sha256\ndefault_crl_days=3000\n' \
	"$work/index.txt" "$work/crlnumber" > "$work/ca.cnf"
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/root.crl.pem" 2>/dev/null
openssl crl -in "$work/root.crl.pem" -outform DER -out ca/root.crl
date -u +%Y-%m-%dT%H:%M:%SZ > created.txt

# --- NSS database for pdfsig ---------------------------------------------------------------------------------
db="sql:$work/nss"
mkdir -p "$work/nss"
certutil -N -d "$db" --empty-password
for who in signer agency; do pk12util -i "$work/$who.p12" -d "$db" -W '' >/dev/null; done
certutil -M -d "$db" -n "egov interop PDF Root CA" -t "CT,C,C" 2>/dev/null ||
	certutil -A -d "$db" -n root -t "CT,C,C" -i ca/root.pem

# --- the unsigned document -----------------------------------------------------------------------------------
# Written with dummy cross-reference offsets; qpdf reconstructs and rewrites it properly.
cat > "$work/draft.pdf" <<'PDF'
%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
  /Resources << /Font << /F1 5 0 R >> /XObject << /Ov 6 0 R >> >> >> endobj
4 0 obj << /Length 69 >> stream
BT /F1 20 Tf 72 760 Td (QUYET DINH: chi 100 trieu dong) Tj ET /Ov Do
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
6 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length 0 >> stream

endstream endobj
trailer << /Root 1 0 R /Size 7 >>
%%EOF
PDF
qpdf --warning-exit-0 --compress-streams=n --object-streams=disable --static-id "$work/draft.pdf" "$work/base.pdf" 2>/dev/null
qpdf --warning-exit-0 --compress-streams=n --object-streams=generate --static-id "$work/draft.pdf" "$work/base-objstm.pdf" 2>/dev/null
qpdf --warning-exit-0 --compress-streams=n --linearize --static-id "$work/draft.pdf" "$work/base-linearized.pdf" 2>/dev/null

sign() { # sign IN OUT NICK FIELD
	pdfsig "$1" "$2" -add-signature -nssdir "$db" -nick "$3" -digest SHA256 -reason "$4" -new-signature-field-name "$4" >/dev/null 2>&1
}
sign "$work/base.pdf" signer.pdf signer Signer
sign signer.pdf signer-agency.pdf agency Agency
sign "$work/base-objstm.pdf" signer-objstm.pdf signer Signer
sign "$work/base-linearized.pdf" signer-linearized.pdf signer Signer

# --- attacks ---------------------------------------------------------------------------------------------------
# tampered: "100" → "900" inside the first revision (the page content stream is not compressed).
cp signer.pdf tampered.pdf
off=$(grep -abo 'chi 100' tampered.pdf | sed -n 1p | cut -d: -f1)
printf '9' | dd of=tampered.pdf bs=1 seek=$((off + 4)) conv=notrunc status=none

# objnum FILE KIND: the object number of the page's content stream or of the overlay XObject.
content_obj=$(qpdf --show-pages signer.pdf | awk '/content:/ { getline; print $1; exit }')
page_obj=$(qpdf --show-pages signer.pdf | awk '/^page 1:/ { print $3; exit }')
ov_obj=$(qpdf --show-object="$page_obj" signer.pdf | grep -o '/Ov [0-9]* 0 R' | cut -d' ' -f2)
prev=$(tail -c 64 signer.pdf | tr -d '\r' | awk '/startxref/ { getline; print; exit }')
size=$(qpdf --show-object=trailer signer.pdf | grep -o '/Size [0-9]*' | cut -d' ' -f2)
root=$(qpdf --show-object=trailer signer.pdf | grep -o '/Root [0-9]* [0-9]* R' | cut -d' ' -f2-)

# update IN OUT "NUM BODY"...: append an unsigned incremental update with a classic cross-reference table.
update() {
	local in=$1 dst=$2; shift 2
	cp "$in" "$dst"
	local entries=() base
	for spec in "$@"; do
		local num=${spec%% *} body=${spec#* }
		base=$(stat -c %s "$dst")
		entries+=("$num $base")
		printf '%s 0 obj\n%s\nendobj\n' "$num" "$body" >> "$dst"
	done
	local xref
	xref=$(stat -c %s "$dst")
	{
		echo xref
		for e in "${entries[@]}"; do printf '%s 1\n%010d 00000 n\r\n' "${e%% *}" "${e#* }"; done
		printf 'trailer\n<< /Size %s /Root %s /Prev %s >>\nstartxref\n%s\n%%%%EOF\n' "$size" "$root" "$prev" "$xref"
	} >> "$dst"
}
new='BT /F1 20 Tf 72 760 Td (QUYET DINH: chi 900 trieu dong) Tj ET'
update signer.pdf appended-content.pdf "$content_obj << /Length ${#new} >>
stream
$new
endstream"
ov='1 1 1 rg 60 740 400 50 re f 0 0 0 rg BT /F1 20 Tf 72 760 Td (QUYET DINH: chi 900 trieu dong) Tj ET'
update signer.pdf overlay-xobject.pdf "$ov_obj << /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Length ${#ov} >>
stream
$ov
endstream"
# The widget list: poppler writes /Annots as an indirect array; redefine that array (or the page if direct).
page=$(qpdf --show-object="$page_obj" signer.pdf)
ap='1 1 1 rg 0 0 400 50 re f 0 0 0 rg BT /F1 20 Tf 12 20 Td (chi 900 trieu dong) Tj ET'
annot=$size
size=$((size + 2))
if annots_obj=$(printf '%s' "$page" | grep -o '/Annots [0-9]* 0 R' | cut -d' ' -f2) && [ -n "$annots_obj" ]; then
	list="$annots_obj $(qpdf --show-object="$annots_obj" signer.pdf | sed "s| \]| $annot 0 R ]|")"
else
	list="$page_obj $(printf '%s' "$page" | sed "s|/Annots \[\([^]]*\)\]|/Annots [\1 $annot 0 R]|")"
fi
update signer.pdf overlay-annot.pdf "$list" "$annot << /Type /Annot /Subtype /FreeText /Rect [60 740 460 790] /DA (/Helv 20 Tf) /AP << /N $((annot + 1)) 0 R >> >>" \
	"$((annot + 1)) << /Type /XObject /Subtype /Form /BBox [0 0 400 50] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Length ${#ap} >>
stream
$ap
endstream"
cp signer.pdf junk.pdf
printf '\n%% appended after %%%%EOF by pdf-fixtures.sh\n1 0 obj (junk) endobj\n' >> junk.pdf

# --- pdfsig's verdicts -------------------------------------------------------------------------------------------
for f in *.pdf; do
	pdfsig -nssdir "$db" -no-ocsp "$f" > "${f%.pdf}.pdfsig.txt" 2>&1 || true
done
{ pdfsig -v 2>&1 || true; } | sed -n 1p > tools-version.txt
qpdf --version | sed -n 1p >> tools-version.txt
openssl version >> tools-version.txt
