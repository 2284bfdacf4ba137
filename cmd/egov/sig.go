package main

import "slices"

// sigArea gathers the signature verbs: verify (sig_verify.go) and sign (sig_sign.go).
func sigArea() area {
	return area{
		name:    "sig",
		summary: "digital signatures: verify XML-DSig and CMS with chain and revocation, sign",
		verbs:   slices.Concat(sigVerifyVerbs(), sigSignVerbs()),
	}
}
