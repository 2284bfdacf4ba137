package edoc

import (
	_ "embed"
)

//go:embed testdata/packages/sample.edxml
var samplePackage []byte

// SamplePackage returns a copy of the bundled sample package: a công văn of the Government Office to two
// ministries with one PDF attachment, in the form the public SDK samples use. It is valid under both profiles
// (its only findings are notes: no signature). `egov edoc validate --sample` validates it.
func SamplePackage() []byte { return append([]byte(nil), samplePackage...) }
