# ca.sh: the openssl CA configuration shared by the fixture scripts of this directory (sourced, not run).
# ca_init WORK SERIAL writes WORK/ca.cnf (a root section "root" with root_ext and signer_ext extensions, CRLs
# valid 20 years) and an empty CA database whose first serial is SERIAL. The scripts give their own validity
# periods and subjects.
ca_init() {
	cat > "$1/ca.cnf" <<-CNF
	[ ca ]
	default_ca = root
	[ root ]
	dir = $1/ca
	database = \$dir/index.txt
	new_certs_dir = \$dir/new
	serial = \$dir/serial
	crlnumber = \$dir/crlnumber
	certificate = $1/root.pem
	private_key = $1/root.key
	default_md = sha256
	default_days = 7300
	default_crl_days = 7300
	policy = any
	unique_subject = no
	copy_extensions = none
	[ any ]
	commonName = supplied
	organizationName = optional
	countryName = optional
	[ root_ext ]
	basicConstraints = critical,CA:true
	keyUsage = critical,keyCertSign,cRLSign
	subjectKeyIdentifier = hash
	[ signer_ext ]
	basicConstraints = critical,CA:false
	keyUsage = critical,digitalSignature,nonRepudiation
	subjectKeyIdentifier = hash
	authorityKeyIdentifier = keyid
	CNF
	mkdir -p "$1/ca/new"
	: > "$1/ca/index.txt"
	echo "$2" > "$1/ca/serial"
	echo 01 > "$1/ca/crlnumber"
}
