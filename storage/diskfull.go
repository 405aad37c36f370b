package storage

import (
	"errors"
	"syscall"

	"github.com/mattn/go-sqlite3"
)

// IsDiskFull reports whether err is SQLite's SQLITE_FULL ("database or
// disk is full") or the system's ENOSPC: the write failed for want of
// space, and SQLite rolled its transaction back.
func IsDiskFull(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}
