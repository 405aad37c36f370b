package storage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// DamagedError is returned for a database file that is damaged: SQLite
// met a malformed page (SQLITE_CORRUPT), a header it cannot read
// (SQLITE_NOTADB), or a failure that damage causes (SQLITE_NOMEM from a
// garbled length, a short read of a truncated file), or a row does not
// match the checksum stored with it. The operation that met it changed
// nothing. It matches annotate.ErrDamaged with errors.Is.
type DamagedError struct {
	Path string // the database file, when known
	Err  error  // what was met
	Hint string // what else the user may do, when there is more than recovering or restoring
}

func (e *DamagedError) Error() string {
	path := e.Path
	if path == "" {
		path = "the database"
	}
	return fmt.Sprintf("%s is damaged (%s); nothing was changed", path, damageCause(e.Err))
}

func (e *DamagedError) Unwrap() []error { return []error{annotate.ErrDamaged, e.Err} }

// ChecksumError is the cause of a DamagedError for an article whose row,
// or one of whose spans' rows, does not match the checksum stored with it.
type ChecksumError struct {
	ArticleID int64
	ExtID     string
	Why       string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("article %d (%s): %s", e.ArticleID, e.ExtID, e.Why)
}

// damageCause says in words what SQLite met.
func damageCause(err error) string {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrNomem {
		return "reading it ran out of memory, as a garbled page makes SQLite do"
	}
	if errors.As(err, &se) {
		return se.Error()
	}
	return err.Error()
}

// isDamage reports whether err is one of SQLite's errors that a damaged
// file gives, by its code.
func isDamage(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB, sqlite3.ErrNomem, sqlite3.ErrFormat:
		return true
	}
	return se.ExtendedCode == sqlite3.ErrIoErrShortRead
}

// damaged returns err as a *DamagedError of path when it is one of
// SQLite's damage errors (or already a DamagedError without a path), and
// err itself otherwise.
func damaged(path string, err error) error {
	if err == nil {
		return nil
	}
	var de *DamagedError
	if errors.As(err, &de) {
		if de.Path == "" {
			de.Path = path
		}
		return err
	}
	if isDamage(err) {
		return &DamagedError{Path: path, Err: err}
	}
	return err
}

// looksLikeTagdesk reports whether the first 64 KB of the file at path
// hold the statement that created tagdesk's articles table: a file whose
// SQLite header is garbled but which was a tagdesk database.
func looksLikeTagdesk(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, buf)
	return bytes.Contains(buf[:n], []byte("CREATE TABLE articles (")) && bytes.Contains(buf[:n], []byte("CREATE TABLE spans ("))
}
