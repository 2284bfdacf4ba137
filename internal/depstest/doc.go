// Package depstest holds the test that keeps egov's import arrows pointing the way DESIGN.md draws them: edoc
// never links package signature or net/http, agencycode and dvc/workday link only the standard library and diag,
// diag and vntime only the standard library. A vendor that imports one small package must not pay for the
// whole module (importing edoc once pulled in 232 packages, among them the OCSP client and net/http).
package depstest
