package storage

import "time"

// SetNow sets the clock of the everyday backups and returns a function
// that puts the real one back.
func SetNow(f func() time.Time) (restore func()) {
	old := now
	now = f
	return func() { now = old }
}
