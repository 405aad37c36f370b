//go:build race

package storage_test

// raceEnabled: the race detector multiplies memory, so memory limits are
// measured in a run without it (make test runs TestPeakMemory again).
const raceEnabled = true
