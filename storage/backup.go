package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrExists is returned by Backup when the output file exists already and
// force is not set.
var ErrExists = errors.New("file exists")

// Backup writes a consistent copy of the database at path to dst without
// opening it for writing, migrating it or waiting for writers: the copy is
// one read transaction's snapshot (VACUUM INTO), so it may be taken while
// a window or an import writes to the database. The copy is written to a
// temporary file beside dst, checked with PRAGMA integrity_check, synced,
// and only then renamed to dst, so dst is either the whole copy or absent.
// An existing dst gives ErrExists unless force is set.
func Backup(ctx context.Context, path, dst string, force bool) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	if _, err := inspect(abs); err != nil && !errors.Is(err, ErrNewerSchema) {
		return err
	}
	src, err := sql.Open("sqlite3", "file:"+uriPath(abs)+fmt.Sprintf("?mode=ro&_busy_timeout=%d", busyTimeout))
	if err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	defer src.Close()
	return damaged(abs, copyDB(ctx, src, dst, force))
}

// Backup writes a consistent copy of db to dst; see the function Backup.
func (db *DB) Backup(ctx context.Context, dst string, force bool) error {
	return damaged(db.path, copyDB(ctx, db.w, dst, force))
}

// copyDB copies the database that conn reads into dst through a checked,
// synced temporary file.
func copyDB(ctx context.Context, conn *sql.DB, dst string, force bool) error {
	if _, err := os.Lstat(dst); err == nil && !force {
		return fmt.Errorf("back up to %s: %w (choose another name, or use --force to replace it)", dst, ErrExists)
	}
	dir, base := filepath.Split(dst)
	if dir == "" {
		dir = "."
	}
	// VACUUM INTO wants a missing or empty file: create an empty one with
	// a free name.
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // fails harmlessly once renamed
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("back up to %s: %w", dst, err)
	}
	if err := checkCopy(ctx, tmp); err != nil {
		// The copy holds what SQLite read: the damage is the original's.
		return &DamagedError{Err: fmt.Errorf("a copy of it fails SQLite's integrity check: %s", strings.ReplaceAll(err.Error(), "\n", " "))}
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("back up to %s: %w", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	if err := syncFile(dir); err != nil { // the rename itself
		return fmt.Errorf("back up to %s: %w", dst, err)
	}
	return nil
}

// checkCopy runs PRAGMA integrity_check on a freshly written copy.
func checkCopy(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	var res string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return errors.New(res)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// backupName returns the first free name of path.bak-vN, path.bak-vN.2,
// path.bak-vN.3, ...: an older backup is never overwritten.
func backupName(path string, version int) string {
	name := fmt.Sprintf("%s.bak-v%d", path, version)
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s.bak-v%d.%d", path, version, i)
	}
}
