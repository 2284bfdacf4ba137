#!/bin/sh
# Measures egov edoc on a generated 256 MiB package (one attachment) against libxml2's streaming parser.
# Usage: sh edoc/testdata/perf.sh   (from the repository root; needs /usr/bin/time and xmllint)
# Everything is generated in a temporary directory that is removed at the end.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/egov" ./cmd/egov
cat > "$tmp/meta.json" <<'JSON'
{"from":{"OrganID":"000.00.00.G22","OrganName":"Văn phòng Chính phủ"},"to":[{"OrganID":"000.00.00.G12","OrganName":"Bộ Tài chính"}],
 "number":"7816","notation":"VPCP-TTĐT","date":"2024/05/10","place":"Hà Nội","type":1,"type_name":"Công văn",
 "subject":"Gói tin lớn để đo hiệu năng","signer":{"FullName":"Nguyễn Văn Mẫu"}}
JSON
# 198,709,777 bytes of attachment give a package of 268,435,006 bytes (256 MiB minus 450 bytes).
{ printf '%%PDF-1.7\n'; head -c 198709768 /dev/urandom; } > "$tmp/big.pdf"
"$tmp/egov" edoc new --meta "$tmp/meta.json" --attach "$tmp/big.pdf" -o "$tmp/big.edxml" --at 2024-05-10T15:00:00+07:00 >/dev/null
echo "package: $(stat -c %s "$tmp/big.edxml") bytes"
for i in 1 2 3; do
  /usr/bin/time -f "%e s wall  %U s user  %M KB max RSS  egov edoc validate" "$tmp/egov" edoc validate "$tmp/big.edxml" >/dev/null
  /usr/bin/time -f "%e s wall  %U s user  %M KB max RSS  xmllint --stream --huge --noout" xmllint --stream --huge --noout "$tmp/big.edxml"
  rm -rf "$tmp/out"
  /usr/bin/time -f "%e s wall  %U s user  %M KB max RSS  egov edoc extract" "$tmp/egov" edoc extract "$tmp/big.edxml" "$tmp/out" >/dev/null
done
cmp "$tmp/big.pdf" "$tmp/out/big.pdf" && echo "extracted attachment identical"
