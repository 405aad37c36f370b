package storage

import (
	"io/fs"
	"os"
	"strconv"
	"time"
)

// Test hooks, exported to the storage_test package only.

func init() {
	// A child process started by a test shortens the busy timeout too.
	if s := os.Getenv("TAGDESK_TEST_BUSY_MS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			busyTimeout = n
		}
	}
}

// SetWriteTimeouts sets the busy timeout (for databases opened afterwards)
// and the write wait, and returns a function that restores them.
func SetWriteTimeouts(busyMS int, wait time.Duration) (restore func()) {
	b, w := busyTimeout, writeWait
	busyTimeout, writeWait = busyMS, wait
	return func() { busyTimeout, writeWait = b, w }
}

// SetBusyHook makes every write that met another connection's lock for a
// whole busy timeout call f, until restore is called.
func SetBusyHook(f func()) (restore func()) {
	old := busyWaited
	busyWaited = f
	return func() { busyWaited = old }
}

// SetMigrations makes Open read its migrations from fsys (files
// migration/NNNN_name.sql) and returns a function that restores the
// embedded ones.
func SetMigrations(fsys fs.FS) (restore func()) {
	old, oldV := migrationFiles, SchemaVersion
	migrationFiles = fsys
	SchemaVersion = len(migrations())
	return func() { migrationFiles, SchemaVersion = old, oldV }
}

// EmbeddedMigrations returns the migrations this build embeds.
func EmbeddedMigrations() fs.FS { return migrationFS }
