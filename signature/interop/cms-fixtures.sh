#!/usr/bin/env bash
# cms-fixtures.sh produces the CMS/PKCS#7 interoperability fixtures of package signature with OpenSSL, an
# implementation independent of egov: a two-level CA managed by `openssl ca` (leaves, a revoked leaf, a
# delegated OCSP responder, CRLs written by `openssl ca -gencrl` and converted by `openssl crl`), and
# signatures made by `openssl cms -sign` (detached and attached, with and without signed attributes, CAdES
# signingCertificateV2, RSA PKCS#1 v1.5 and PSS, ECDSA, SHA-256 and SHA-1, two signers, PEM and DER).
#
# Usage: signature/interop/cms-fixtures.sh [OUTDIR]   (default: signature/testdata/cms)
#
# The output is committed; tests validate at the time recorded in created.txt, so the fixtures never expire.
# The OCSP test replays the CA database (ca/index.txt) through `openssl ocsp -reqin … -respout …`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../testdata/cms}
command -v openssl >/dev/null || { echo "cms-fixtures.sh: openssl not found" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/ca/newcerts"
cd "$out"
touch ca/index.txt ca/root-index.txt
echo 1000 > ca/serial
echo 0100 > ca/root-serial
echo 01 > ca/crlnumber
echo 01 > ca/root-crlnumber

cat > ca/openssl.cnf <<'CNF'
[ req ]
distinguished_name = dn
prompt             = no
[ dn ]
CN = unused

[ ca ]
default_ca = inter

[ root_ca ]
database         = ca/root-index.txt
new_certs_dir    = ca/newcerts
serial           = ca/root-serial
crlnumber        = ca/root-crlnumber
certificate      = ca/root.pem
private_key      = ca/root.key
default_md       = sha256
default_days     = 5000
default_crl_days = 7300
policy           = any
unique_subject   = no
email_in_dn      = no

[ inter ]
database         = ca/index.txt
new_certs_dir    = ca/newcerts
serial           = ca/serial
crlnumber        = ca/crlnumber
certificate      = ca/intermediate.pem
private_key      = ca/intermediate.key
default_md       = sha256
default_days     = 3650
default_crl_days = 7300
policy           = any
unique_subject   = no
email_in_dn      = no

[ any ]
countryName      = optional
organizationName = optional
commonName       = supplied

[ root_ext ]
basicConstraints     = critical,CA:TRUE
keyUsage             = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[ ca_ext ]
basicConstraints       = critical,CA:TRUE,pathlen:0
keyUsage               = critical,keyCertSign,cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
crlDistributionPoints  = URI:http://crl.interop.test/root.crl

[ leaf ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature,nonRepudiation
extendedKeyUsage       = emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
crlDistributionPoints  = URI:http://crl.interop.test/intermediate.crl
authorityInfoAccess    = OCSP;URI:http://ocsp.interop.test/

[ tsa_ext ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = critical,timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
crlDistributionPoints  = URI:http://crl.interop.test/intermediate.crl

[ tsa ]
default_tsa = tsa_sha256

[ tsa_sha256 ]
serial           = ca/tsaserial
crypto_device    = builtin
signer_cert      = tsa.pem
certs            = ca/intermediate.pem
signer_key       = tsa.key
signer_digest    = sha256
default_policy   = 1.3.6.1.4.1.99999.3
digests          = sha256, sha384, sha512
accuracy         = secs:1
ordering         = no
tsa_name         = no
ess_cert_id_chain = no
ess_cert_id_alg  = sha256

[ tsa_sha1 ]
serial           = ca/tsaserial
crypto_device    = builtin
signer_cert      = tsa.pem
certs            = ca/intermediate.pem
signer_key       = tsa.key
signer_digest    = sha256
default_policy   = 1.3.6.1.4.1.99999.3
digests          = sha256, sha384, sha512
accuracy         = secs:1, millisecs:500
ordering         = no
tsa_name         = no
ess_cert_id_chain = no
ess_cert_id_alg  = sha1

[ ocsp ]
basicConstraints       = critical,CA:FALSE
keyUsage               = critical,digitalSignature
extendedKeyUsage       = critical,OCSPSigning
noCheck                = ignored
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
CNF

cnf=ca/openssl.cnf
q() { "$@" 2>/dev/null; }

# Root and intermediate.
q openssl req -utf8 -config $cnf -x509 -newkey rsa:3072 -nodes -keyout ca/root.key -out ca/root.pem -days 7300 -sha256 \
	-subj "/C=VN/O=egov interop/CN=interop Root CA" -extensions root_ext
q openssl req -utf8 -config $cnf -new -newkey rsa:2048 -nodes -keyout ca/intermediate.key -out ca/intermediate.csr \
	-subj "/C=VN/O=egov interop/CN=interop Intermediate CA"
q openssl ca -utf8 -config $cnf -name root_ca -batch -notext -extensions ca_ext -in ca/intermediate.csr -out ca/intermediate.pem

# issue NAME KEYSPEC SUBJECT-CN EXTENSIONS
issue() {
	q openssl req -utf8 -config $cnf -new -newkey "$2" -nodes -keyout "$1.key" -out "ca/$1.csr" -subj "/C=VN/O=egov interop/CN=$3"
	q openssl ca -utf8 -config $cnf -batch -notext -extensions "$4" -in "ca/$1.csr" -out "$1.pem"
}
issue rsa rsa:2048 "Nguyễn Văn Interop RSA" leaf
issue ec ec:<(openssl ecparam -name prime256v1) "Trần Thị Interop EC" leaf
issue revoked rsa:2048 "Lê Văn Interop Revoked" leaf
issue ocsp rsa:2048 "interop OCSP Responder" ocsp
issue tsa rsa:2048 "interop TSA" tsa_ext
q openssl ca -config $cnf -revoke revoked.pem -crl_reason keyCompromise
sleep 1 # the revoked signer signs strictly after its revocation

# CRLs: written by openssl ca, converted to DER by openssl crl.
q openssl ca -config $cnf -gencrl -out ca/intermediate.crl.pem
q openssl ca -config $cnf -name root_ca -gencrl -out ca/root.crl.pem
openssl crl -in ca/intermediate.crl.pem -outform DER -out intermediate.crl
openssl crl -in ca/root.crl.pem -outform DER -out root.crl
rm -rf ca/*.csr ca/*.old ca/intermediate.crl.pem ca/root.crl.pem ca/newcerts

printf 'Quyết định số 01/QĐ-INTEROP\nVề việc kiểm thử chữ ký số CMS với OpenSSL.\n' > content.txt

# sign OUT SIGNER [extra openssl cms options]
sign() {
	local outfile=$1 signer=$2
	shift 2
	openssl cms -sign -binary -in content.txt -signer "$signer.pem" -inkey "$signer.key" \
		-certfile ca/intermediate.pem -outform DER -out "$outfile" "$@"
}
sign rsa-detached-sha256.p7s rsa -md sha256
sign rsa-attached-sha256.p7m rsa -md sha256 -nodetach
sign rsa-detached-noattr.p7s rsa -md sha256 -noattr
sign rsa-attached-noattr.p7m rsa -md sha256 -noattr -nodetach
sign rsa-detached-cades.p7s rsa -md sha256 -cades
sign rsa-detached-sha1.p7s rsa -md sha1
sign rsa-pss-detached.p7s rsa -md sha256 -keyopt rsa_padding_mode:pss
sign ec-detached-sha256.p7s ec -md sha256
sign ec-attached-sha256.p7m ec -md sha256 -nodetach
sign ec-detached-sha1.p7s ec -md sha1
sign revoked-detached.p7s revoked -md sha256
# -stream writes BER with indefinite lengths and the content in a constructed OCTET STRING (openssl embeds
# the content whenever it streams DER).
sign rsa-attached-ber.p7m rsa -md sha256 -nodetach -stream
sign ec-attached-ber.p7m ec -md sha256 -nodetach -stream
openssl cms -sign -binary -in content.txt -signer rsa.pem -inkey rsa.key -signer ec.pem -inkey ec.key \
	-certfile ca/intermediate.pem -md sha256 -nodetach -outform DER -out two-signers-attached.p7m
openssl cms -sign -binary -in content.txt -signer rsa.pem -inkey rsa.key -certfile ca/intermediate.pem \
	-md sha256 -outform PEM -out rsa-detached-sha256.pem

# RFC 3161 signature time stamps by `openssl ts` over the signature value of rsa-detached-sha256.p7s (the
# imprint of id-aa-signatureTimeStampToken): one token with ESS signingCertificateV2 (SHA-256), one with the
# v1 signingCertificate (SHA-1). The tests put the token into the SignerInfo's unsigned attributes.
echo 01 > ca/tsaserial
sigline=$(openssl asn1parse -inform DER -in rsa-detached-sha256.p7s | grep "OCTET STRING" | tail -1)
sigoff=$(echo "$sigline" | sed -E 's/^ *([0-9]+):.*/\1/')
sighl=$(echo "$sigline" | sed -E 's/.*hl= *([0-9]+).*/\1/')
siglen=$(echo "$sigline" | sed -E 's/.* l= *([0-9]+) .*/\1/')
dd if=rsa-detached-sha256.p7s of=ca/sigvalue.bin bs=1 skip=$((sigoff + sighl)) count="$siglen" status=none
q openssl ts -query -data ca/sigvalue.bin -sha256 -cert -out ca/tsa.tsq
q openssl ts -reply -config $cnf -section tsa_sha256 -queryfile ca/tsa.tsq -token_out -out ts-token-sha256.der
q openssl ts -reply -config $cnf -section tsa_sha1 -queryfile ca/tsa.tsq -token_out -out ts-token-esssha1.der
q openssl ts -verify -token_in -in ts-token-sha256.der -data ca/sigvalue.bin -CAfile ca/root.pem -untrusted ca/intermediate.pem >/dev/null || { echo "cms-fixtures.sh: openssl ts -verify fails" >&2; exit 1; }
rm -f ca/tsa.tsq ca/sigvalue.bin

# Self-check with openssl itself: every good fixture verifies.
for f in rsa-detached-sha256.p7s rsa-detached-noattr.p7s rsa-detached-cades.p7s rsa-detached-sha1.p7s \
	rsa-pss-detached.p7s ec-detached-sha256.p7s ec-detached-sha1.p7s; do
	openssl cms -verify -binary -inform DER -in "$f" -content content.txt -CAfile ca/root.pem -purpose any \
		-out /dev/null 2>/dev/null || { echo "cms-fixtures.sh: openssl rejects $f" >&2; exit 1; }
done
for f in rsa-attached-sha256.p7m rsa-attached-noattr.p7m ec-attached-sha256.p7m two-signers-attached.p7m rsa-attached-ber.p7m \
	ec-attached-ber.p7m; do
	openssl cms -verify -binary -inform DER -in "$f" -CAfile ca/root.pem -purpose any -out /dev/null 2>/dev/null ||
		{ echo "cms-fixtures.sh: openssl rejects $f" >&2; exit 1; }
done

date -u +%Y-%m-%dT%H:%M:%SZ > created.txt
openssl version > openssl-version.txt
echo "cms-fixtures.sh: fixtures written to $out"
