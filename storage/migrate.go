package storage

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// migrationFiles is where migrations() reads from: migrationFS, except in
// tests that add a future migration.
var migrationFiles fs.FS = migrationFS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order (see
// rowcodec.Migrations).
func migrations() []migration {
	var ms []migration
	for _, m := range rowcodec.Migrations(migrationFiles) {
		ms = append(ms, migration{version: m.Version, name: m.Name, sql: m.SQL})
	}
	return ms
}

// goSteps are the parts of migrations that SQL cannot do, by the name of
// the migration without its number; each runs in its migration's
// transaction after its SQL.
var goSteps = map[string]func(context.Context, *sql.Tx) error{
	"checksums": func(ctx context.Context, tx *sql.Tx) error {
		if err := fillArticleSums(ctx, tx); err != nil {
			return err
		}
		return fillSpanSums(ctx, tx)
	},
	"relation_checksums": fillRelationSums,
}

// SchemaVersion is the database version this build creates and reads.
var SchemaVersion = len(migrations())

// inspect looks at path without changing it and returns the version of
// the tagdesk database there: 0 when the file is missing or empty.
func inspect(path string) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open database: %w", err)
	}
	isSQLite, n := readHeader(f)
	f.Close()
	if n == 0 {
		return 0, nil // an empty file is an empty database
	}
	if !isSQLite {
		if looksLikeTagdesk(path) {
			return 0, &DamagedError{Path: path, Err: errors.New("its SQLite header is garbled")}
		}
		return 0, fmt.Errorf("open %s: %w (not an SQLite file)", path, ErrNotTagdesk)
	}

	// A read-only connection without journal pragmas cannot change the file.
	conn, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return 0, fmt.Errorf("open database: %w", err)
	}
	defer conn.Close()
	var appID, tables int
	if err := conn.QueryRow(`PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, notTagdesk(path, err)
	}
	if err := conn.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables); err != nil {
		return 0, notTagdesk(path, err)
	}
	switch {
	case appID == 0 && tables == 0:
		return 0, nil // a fresh database someone created empty
	case appID != applicationID:
		return 0, fmt.Errorf("open %s: %w (an SQLite database of another program, application id %#x)", path, ErrNotTagdesk, appID)
	}
	var version int
	if err := conn.QueryRow(`SELECT coalesce(max(version), 0) FROM migrations`).Scan(&version); err != nil {
		return 0, damaged(path, fmt.Errorf("open %s: read schema version: %w", path, err))
	}
	if version > SchemaVersion {
		return 0, fmt.Errorf("open %s: %w: its schema is version %d, this tagdesk supports up to version %d; use a newer tagdesk", path, ErrNewerSchema, version, SchemaVersion)
	}
	return version, nil
}

// notTagdesk is inspect's error for a file SQLite cannot read: damaged
// when it was a tagdesk database or SQLite calls it malformed, else not
// one of ours.
func notTagdesk(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code != sqlite3.ErrNotADB && isDamage(err) || looksLikeTagdesk(path) {
		return &DamagedError{Path: path, Err: err}
	}
	return fmt.Errorf("open %s: %w (%v)", path, ErrNotTagdesk, err)
}

// migrate applies the migrations after version, each in its own
// transaction, after backing up a database that already has a schema.
func (db *DB) migrate(ctx context.Context, version int) error {
	ms := migrations()
	if version >= len(ms) {
		return nil
	}
	if version > 0 {
		if err := db.backup(ctx, version); err != nil {
			return err
		}
	}
	for _, m := range ms[version:] {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return err
	}
	// Another process may have migrated while we waited for the lock.
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	now := ms(db.now())
	if m.version == 1 {
		body, err := json.Marshal(annotate.DefaultSchema())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema (id, body, updated) VALUES (1, ?, ?)`, string(body), now); err != nil {
			return err
		}
	}
	if step := goSteps[m.name[strings.Index(m.name, "_")+1:]]; step != nil {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)`, m.version, m.name, now); err != nil {
		return err
	}
	return tx.Commit()
}

// backup copies the database to path.bak-vN (or path.bak-vN.2, ... when
// that exists: a backup is never overwritten), a consistent, checked
// snapshot even while others write.
func (db *DB) backup(ctx context.Context, version int) error {
	dst := backupName(db.path, version)
	if err := copyDB(ctx, db.w, dst, false); err != nil {
		return fmt.Errorf("before migrating: %w", err)
	}
	return nil
}

// readHeader reads the start of an SQLite file: whether it is one, and
// how many bytes of the header there are (0: an empty file).
func readHeader(r io.Reader) (bool, int) {
	header := make([]byte, 16)
	n, err := io.ReadFull(r, header)
	return err == nil && bytes.Equal(header, []byte("SQLite format 3\x00")), n
}

// inspectPath is inspect of path made absolute.
func inspectPath(path string) (string, int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", 0, fmt.Errorf("open database: %w", err)
	}
	version, err := inspect(abs)
	return abs, version, err
}
