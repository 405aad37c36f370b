package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// noBackupsFlag adds --no-backups to a command that writes.
func noBackupsFlag(f *flags) *bool {
	return f.Bool("no-backups", false, "do not make today's backup of the database before changing it (also TAGDESK_NO_BACKUPS=1)")
}

// backupsOff reports whether everyday backups are turned off by the flag
// or by TAGDESK_NO_BACKUPS=1.
func backupsOff(flag bool) bool {
	return flag || os.Getenv("TAGDESK_NO_BACKUPS") == "1"
}

// dailyBackup makes today's backup of the database that dbFlag names
// before a command changes it, unless off; see storage.DailyBackup. A
// PostgreSQL database is left to pg_dump. It says on stderr when it made
// one.
func dailyBackup(dbFlag string, off bool, stderr io.Writer) error {
	p := resolve(dbFlag)
	if backupsOff(off) || postgres.IsURL(p) {
		return nil
	}
	created, err := storage.DailyBackup(context.Background(), p)
	var de *storage.DamagedError
	switch {
	case errors.As(err, &de):
		return err
	case storage.IsDiskFull(err):
		return fmt.Errorf("%s: today's backup does not fit on the disk (%s free, the database is %s); nothing was changed. Free some space, or use --no-backups", p, size(storage.FreeSpace(filepath.Dir(p))), size(sizeOf(p)))
	case err != nil:
		return fmt.Errorf("%w; nothing was changed (--no-backups skips the backup)", err)
	case created != "":
		fmt.Fprintf(stderr, "today's backup of %s: %s\n", p, created)
	}
	return nil
}

// cmdBackups lists the everyday backups of a database, oldest first:
// `tagdesk backups [--db FILE]`.
func cmdBackups(args []string, stdout io.Writer) error {
	f := newFlags("backups")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if p := resolve(f.db); postgres.IsURL(p) {
		return fmt.Errorf("%s: tagdesk makes no everyday backups of a PostgreSQL database: use pg_dump (see the README)", dbName(f.db))
	}
	path, err := existingPath(f.db)
	if err != nil {
		return err
	}
	list, err := storage.Backups(context.Background(), path)
	if err != nil {
		return err
	}
	dir := storage.BackupDir(path)
	if len(list) == 0 {
		_, err := fmt.Fprintf(stdout, "no backups of %s yet in %s: one is made before the first change of each day\n", path, dir)
		return err
	}
	fmt.Fprintf(stdout, "backups of %s in %s, oldest first (tagdesk restore --db %s NAME puts one back):\n", path, dir, path)
	for _, b := range list {
		what := fmt.Sprintf("%d articles, %d spans", b.Articles, b.Spans)
		if b.Err != nil {
			what = "cannot be read: " + b.Err.Error()
		}
		fmt.Fprintf(stdout, "  %s  %s  %8s  %s\n", b.Time.Format("2006-01-02 15:04:05"), filepath.Base(b.Path), size(b.Size), what)
	}
	return nil
}

// size says a number of bytes for a person.
func size(n int64) string {
	switch {
	case n < 0:
		return "unknown"
	case n < 1<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}

// sizeOf is the size of the file at path, or -1.
func sizeOf(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// diskFull rewrites an import's SQLITE_FULL into what to do: the space
// the file needs and that nothing from it was stored. file is the file
// being imported when the error does not name one. The failed
// transaction's write-ahead log is truncated first, so that its space is
// free again.
func diskFull(err error, dbFlag, file string) error {
	p := resolve(dbFlag)
	if !storage.IsDiskFull(err) || postgres.IsURL(p) {
		return err
	}
	var pe *annotate.PosError
	if errors.As(err, &pe) {
		file = pe.File
	}
	storage.ReleaseLog(context.Background(), p)
	need := int64(-1)
	if n := sizeOf(file); n >= 0 {
		// measured: the database grows by about the file's size, and the
		// write-ahead log holds a little more until the commit
		need = n + n/10
	}
	return fmt.Errorf("%s: the disk is full: nothing from %s was stored, and %s is as it was. Importing it needs about %s free beside the database (%s free now; the file is %s); free some space, or import into a database on another disk, and import it again",
		file, file, p, size(need), size(storage.FreeSpace(filepath.Dir(p))), size(sizeOf(file)))
}
