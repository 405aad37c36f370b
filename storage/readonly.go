package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
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
// ErrEmptyDatabase. Every method that writes fails.
func OpenReadOnly(path string) (*DB, error) {
	abs, version, err := inspectPath(path)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return nil, fmt.Errorf("open %s: %w", path, ErrEmptyDatabase)
	}
	r, err := sql.Open("sqlite3", "file:"+uriPath(abs)+fmt.Sprintf("?mode=ro&_query_only=1&_busy_timeout=%d&_mutex=no", busyTimeout))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	r.SetMaxOpenConns(4)
	return &DB{path: abs, r: r, w: r, now: time.Now}, nil
}
