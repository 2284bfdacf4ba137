// Package externaltest holds the test that builds egov the way a vendor does: from a module outside this
// repository that requires github.com/vnegov/egov (replaced by this working tree), imports its public packages
// and the programs under examples/, and compiles them without network access. It fails when a public API names an
// internal package, when an example depends on a test helper, or when the module graph needs a download.
package externaltest
