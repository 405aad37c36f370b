//go:build !unix

package storage

// FreeSpace returns -1: this system does not say.
func FreeSpace(dir string) int64 { return -1 }

// inUse cannot tell on this system: it says no, and the README asks to
// close the other windows before a restore.
func inUse(path string) (bool, error) { return false, nil }
