package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// IsDatabase reports whether the file at path is an SQLite database, by
// its header (not its name): what `tagdesk import` reads as another
// tagdesk database rather than a file of a format. Whether it is
// tagdesk's is for OpenReadOnly to say.
func IsDatabase(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	isSQLite, _ := readHeader(f)
	return isSQLite
}

// ErrEmptyDatabase is returned by OpenReadOnly for an empty file or an
// SQLite database without tables: nothing to read.
var ErrEmptyDatabase = errors.New("an empty database")

// OpenReadOnly opens the tagdesk database at path for reading only:
// nothing is created, migrated or written, so another program's (or an
// older tagdesk's) database can be read as it is. A file that is not a
// tagdesk database gives ErrNotTagdesk (its application id is checked),
// one from a newer tagdesk ErrNewerSchema, an empty one
// ErrEmptyDatabase. Every method that writes fails. A database of an
// older version is read through an upgraded copy in a temporary folder,
// which Close removes; the file itself is never changed.
func OpenReadOnly(path string) (*DB, error) {
	abs, version, err := inspectPath(path)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return nil, fmt.Errorf("open %s: %w", path, ErrEmptyDatabase)
	}
	tmp := ""
	if version < SchemaVersion {
		if abs, tmp, err = upgradedCopy(abs); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	r, err := sql.Open("sqlite3", "file:"+uriPath(abs)+fmt.Sprintf("?mode=ro&_query_only=1&_busy_timeout=%d&_mutex=no", busyTimeout))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	r.SetMaxOpenConns(4)
	return &DB{path: abs, r: r, w: r, now: time.Now, tmp: tmp}, nil
}

// upgradedCopy copies the database at abs, consistently and without
// writing to it, into a new temporary folder and brings the copy's schema
// up to date. It returns the copy's path and the folder.
func upgradedCopy(abs string) (string, string, error) {
	dir, err := os.MkdirTemp("", "tagdesk-read-")
	if err != nil {
		return "", "", err
	}
	copyPath := filepath.Join(dir, "copy.db")
	src, err := sql.Open("sqlite3", "file:"+uriPath(abs)+fmt.Sprintf("?mode=ro&_busy_timeout=%d", busyTimeout))
	if err == nil {
		_, err = src.Exec(`VACUUM INTO ?`, copyPath)
		src.Close()
	}
	if err == nil {
		var db *DB
		if db, err = Open(copyPath); err == nil {
			err = db.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("read an older database: %w", err)
	}
	return copyPath, dir, nil
}
