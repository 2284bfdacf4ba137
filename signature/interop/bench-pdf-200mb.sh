#!/usr/bin/env bash
# bench-pdf-200mb.sh: the large-document measurement of issue 13. Builds a ~200 MB "scanned" PDF (one page
# showing one uncompressed random image) in a temporary directory, signs it twice with `egov sig sign --pdf`
# (the signer, then the agency as an incremental update, NĐ 30/2020), then times `pdfsig -nocert` and
# `egov sig verify` on the same file and reports wall time and peak RSS (GNU time). Everything is deleted
# afterwards. Usage: bash signature/interop/bench-pdf-200mb.sh [SIZE_MB]
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/.." && pwd)
size=${1:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in openssl pdfsig go; do
	command -v "$tool" >/dev/null || { echo "bench-pdf-200mb: $tool not found" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench-pdf-200mb: /usr/bin/time (GNU time) not found" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/root.key" -out "$work/root.pem" -days 30 \
	-subj "/C=VN/O=egov bench/CN=egov bench root" -addext "basicConstraints=critical,CA:true" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > "$work/ext"
for who in signer agency; do
	openssl req -new -newkey rsa:2048 -nodes -keyout "$work/$who.key" -out "$work/$who.csr" \
		-subj "/C=VN/O=egov bench/CN=egov bench $who" 2>/dev/null
	openssl x509 -req -in "$work/$who.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -CAcreateserial \
		-days 30 -extfile "$work/ext" -out "$work/$who.pem" 2>/dev/null
done
mkdir -p "$work/ca"
: > "$work/ca/index.txt"
echo 01 > "$work/ca/crlnumber"
printf '[ca]\ndefault_ca=r\n[r]\ndatabase=%s\ncrlnumber=%s\ncertificate=%s\nprivate_key=%s\ndefault_md=sha256\ndefault_crl_days=30\n' \
	"$work/ca/index.txt" "$work/ca/crlnumber" "$work/root.pem" "$work/root.key" > "$work/ca.cnf"
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/root.crl" 2>/dev/null

# The document: catalog, pages, page, content drawing the image, the image (SIZE MB of random RGB).
pdf=$work/unsigned.pdf
side=$(awk -v s="$size" 'BEGIN { printf "%d", sqrt(s * 1048576 / 3) }')
img=$((side * side * 3))
offs=()
obj() { offs+=("$(stat -c %s "$pdf")"); printf '%s\n' "$@" >> "$pdf"; }
printf '%%PDF-1.7\n%%\342\343\317\323\n' > "$pdf"
obj "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj"
obj "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj"
obj "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im 5 0 R >> >> >> endobj"
content="q 595 0 0 842 0 0 cm /Im Do Q"
obj "4 0 obj << /Length ${#content} >> stream" "$content" "endstream endobj"
obj "5 0 obj << /Type /XObject /Subtype /Image /Width $side /Height $side /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length $img >> stream"
head -c "$img" /dev/urandom >> "$pdf"
printf '\nendstream endobj\n' >> "$pdf"
xref=$(stat -c %s "$pdf")
{
	printf 'xref\n0 6\n0000000000 65535 f\r\n'
	for o in "${offs[@]}"; do printf '%010d 00000 n\r\n' "$o"; done
	printf 'trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%s\n%%%%EOF\n' "$xref"
} >> "$pdf"

(cd "$repo" && GOTOOLCHAIN=local go build -o "$work/egov" ./cmd/egov)
"$work/egov" sig sign --pdf --key "$work/signer.key" --cert "$work/signer.pem" "$pdf" -o "$work/one.pdf" >/dev/null
"$work/egov" sig sign --pdf --key "$work/agency.key" --cert "$work/agency.pem" "$work/one.pdf" -o "$work/signed.pdf" >/dev/null
rm "$pdf" "$work/one.pdf"
ls -l "$work/signed.pdf" | awk '{ printf "file: %.1f MB, 2 signatures\n", $5 / 1048576 }'

measure() { # measure LABEL CMD...: wall seconds and peak RSS of CMD
	local label=$1; shift
	/usr/bin/time -f "$label: %e s, %M KB max RSS" "$@" > "$work/$label.out" 2> "$work/$label.time" || true
	tail -1 "$work/$label.time"
}
cat "$work/signed.pdf" > /dev/null # warm the page cache for both tools
for round in 1 2 3; do
	measure pdfsig pdfsig -nocert "$work/signed.pdf"
	measure egov "$work/egov" sig verify --trust "$work/root.pem" --crl "$work/root.crl" "$work/signed.pdf"
done
grep -c "Signature is Valid" "$work/pdfsig.out" | sed 's/^/pdfsig valid signatures: /'
grep -c "TOTAL_PASSED" "$work/egov.out" | sed 's/^/egov TOTAL_PASSED signatures: /'
