//go:build race

package exchange

// raceEnabled reports whether the tests run under the race detector, which multiplies memory and time.
const raceEnabled = true
