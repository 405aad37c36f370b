package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
)

// ErrInUse is returned by Restore when another connection has the
// database open.
var ErrInUse = errors.New("the database is in use")

// keepDamaged copies a damaged database file as it is, with its
// write-ahead log, into BackupDir(path) as NAME-YYYYMMDD-HHMMSS.damaged.db
// (a name that pruning leaves alone) and returns the copy's path.
func keepDamaged(path string) (string, error) {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	dst := filepath.Join(dir, stem(path)+"-"+now().Format(stampLayout)+".damaged.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(path+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			return "", fmt.Errorf("restore: keep the damaged file: %w", err)
		}
	}
	return dst, nil
}

// copyFile copies the file src to dst, synced, refusing an existing dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Restore puts the backup at backup in the place of the database at path.
// It first copies the current database into BackupDir(path) (returned as
// saved; "" when there was no database; a damaged one is copied as it
// is, see keepDamaged), then refuses with ErrInUse when
// another program has the database open (its write-ahead log outlives
// this process's connection), then copies the backup to a temporary file
// beside path (VACUUM INTO, integrity_check, sync) and renames it over
// path: path is either the old database or the whole restored one.
func Restore(ctx context.Context, path, backup string) (saved string, err error) {
	if _, err := os.Stat(backup); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if v, err := inspect(backup); err != nil {
		return "", err
	} else if v == 0 {
		return "", fmt.Errorf("restore: %s: %w (an empty database)", backup, ErrNotTagdesk)
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		saved, err = BackupNow(ctx, path)
		if errors.Is(err, annotate.ErrDamaged) {
			saved, err = keepDamaged(path)
		}
		if err != nil {
			return "", err
		}
	}
	if err := lastUser(ctx, path); err != nil {
		return saved, err
	}
	dir, base := filepath.Split(path)
	tmp := filepath.Join(dir, "."+base+".restoring")
	if err := Backup(ctx, backup, tmp, true); err != nil {
		return saved, err
	}
	defer os.Remove(tmp) // fails harmlessly once renamed
	// The log was checkpointed, or its frames are in the copy of the state
	// before: left beside, they would be laid over the restored file.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return saved, fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return saved, fmt.Errorf("restore: %w", err)
	}
	if dir == "" {
		dir = "."
	}
	if err := syncFile(dir); err != nil {
		return saved, fmt.Errorf("restore: %w", err)
	}
	return saved, nil
}

// lastUser checkpoints the database at path and refuses with ErrInUse
// when another process has it open (see inUse).
func lastUser(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	busy, err := truncateLog(ctx, path)
	if err != nil && !isDamage(err) { // a damaged file: its log tells all the same
		return damaged(path, err)
	}
	others, err := inUse(path)
	if err != nil {
		return fmt.Errorf("restore %s: %w", path, err)
	}
	if others || busy {
		return fmt.Errorf("restore %s: %w: close the windows and commands that use it and restore again", path, ErrInUse)
	}
	return nil
}

// truncateLog checkpoints the database at path and truncates its
// write-ahead log to nothing; busy is set when another connection kept it
// from finishing.
func truncateLog(ctx context.Context, path string) (busy bool, err error) {
	conn, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?_busy_timeout=2000")
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var b, logged, done int
	err = conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&b, &logged, &done)
	return b != 0, err
}

// ReleaseLog gives back the space that a transaction which failed for
// want of space left in the write-ahead log of the database at path: the
// log is truncated (its frames were never committed). Errors are ignored:
// the next writer reuses the log anyway.
func ReleaseLog(ctx context.Context, path string) {
	if _, err := os.Stat(path + "-wal"); err == nil {
		truncateLog(ctx, path)
	}
}
