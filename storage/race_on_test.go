//go:build race

package storage_test

// raceEnabled: the race detector multiplies memory and time, so the
// memory limit and the 1 GB stream are measured in a run without it
// (make test runs TestPeakMemory and TestStreamHugeJSONL again).
const raceEnabled = true
