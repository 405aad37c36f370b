package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Everyday backups: before a database that holds data is changed for the
// first time on a day, DailyBackup copies it into its backup folder as
// NAME-YYYYMMDD-HHMMSS.db (local time) and prunes the folder to the
// newest copy of each of the 7 most recent days that have copies and the
// newest of each of the 4 most recent ISO weeks that have copies (the
// rule of restic's --keep-daily 7 --keep-weekly 4). Files in the folder
// that do not have that name are never touched.

// now is the clock of the everyday backups; tests move it.
var now = time.Now

// BackupDir returns the folder of the everyday backups of the database
// at path: NAME.backups beside NAME.db. The default database's place
// (tagdesk.db in a folder named tagdesk) keeps them in backups/ beside it.
func BackupDir(path string) string {
	dir, base := filepath.Split(path)
	if base == "tagdesk.db" && filepath.Base(filepath.Clean(dir)) == "tagdesk" {
		return filepath.Join(dir, "backups")
	}
	return filepath.Join(dir, stem(path)+".backups")
}

// stem is the file name of path without its extension.
func stem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

const stampLayout = "20060102-150405"

// backupPattern matches the name of an everyday backup of the database
// named name: NAME-YYYYMMDD-HHMMSS.db, or -N.db after the stamp when two
// were made in one second.
func backupPattern(name string) *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(name) + `-(\d{8}-\d{6})(?:-\d+)?\.db$`)
}

// BackupInfo is one everyday backup of a database.
type BackupInfo struct {
	Path     string
	Time     time.Time // from its name, local time
	Size     int64
	Articles int
	Spans    int
	Err      error // why its counts could not be read, if they could not
}

// listBackups returns the everyday backups of path in dir, oldest first,
// without their counts.
func listBackups(path, dir string) ([]BackupInfo, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	re := backupPattern(stem(path))
	var out []BackupInfo
	for _, e := range ents {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		t, err := time.ParseInLocation(stampLayout, m[1], time.Local)
		if err != nil {
			continue
		}
		b := BackupInfo{Path: filepath.Join(dir, e.Name()), Time: t}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

// Backups returns the everyday backups of the database at path, oldest
// first, each with its counts of articles and spans (or why they could
// not be read).
func Backups(ctx context.Context, path string) ([]BackupInfo, error) {
	list, err := listBackups(path, BackupDir(path))
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Articles, list[i].Spans, list[i].Err = counts(ctx, list[i].Path)
	}
	return list, nil
}

// counts reads the numbers of articles and spans of the database at path
// without changing it.
func counts(ctx context.Context, path string) (articles, spans int, err error) {
	if _, err := inspect(path); err != nil {
		return 0, 0, err
	}
	conn, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	err = conn.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM spans)`).Scan(&articles, &spans)
	return articles, spans, damaged(path, err)
}

// DailyBackup copies the database at path into BackupDir(path) when it
// holds data (at least one article) and has no backup from today yet,
// then prunes the folder (see the rule above). It returns the copy's
// path, or "" when none was needed. The copy is VACUUM INTO, checked and
// synced as Backup makes it, and may be taken while others write. A
// missing or empty database needs none; a damaged one gives a
// *DamagedError and no copy.
func DailyBackup(ctx context.Context, path string) (created string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("daily backup: %w", err)
	}
	if fi, err := os.Stat(abs); err != nil || fi.Size() == 0 {
		return "", nil
	}
	if n, _, err := counts(ctx, abs); err != nil || n == 0 {
		if errors.Is(err, ErrNotTagdesk) {
			return "", nil // not ours: whoever opens it refuses it
		}
		return "", err
	}
	dir := BackupDir(abs)
	list, err := listBackups(abs, dir)
	if err != nil {
		return "", err
	}
	t := now()
	y, m, d := t.Date()
	for _, b := range list {
		if by, bm, bd := b.Time.Date(); by == y && bm == m && bd == d {
			return "", nil
		}
	}
	created, err = BackupNow(ctx, abs)
	if err != nil {
		return "", err
	}
	return created, PruneBackups(abs)
}

// BackupNow copies the database at path into BackupDir(path) under the
// current time's name, whatever the day's copies, and returns its path.
func BackupNow(ctx context.Context, path string) (string, error) {
	dir := BackupDir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("daily backup: %w", err)
	}
	base := filepath.Join(dir, stem(path)+"-"+now().Format(stampLayout))
	name := base + ".db"
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s-%d.db", base, i)
	}
	if err := Backup(ctx, path, name, false); err != nil {
		if errors.Is(err, ErrExists) { // another process made it this very moment
			return name, nil
		}
		return "", fmt.Errorf("daily backup of %s into %s: %w", path, dir, err)
	}
	return name, nil
}

// PruneBackups removes the everyday backups of path that the rule does
// not keep: the newest of each of the 7 most recent days with copies and
// the newest of each of the 4 most recent ISO weeks with copies.
func PruneBackups(path string) error {
	list, err := listBackups(path, BackupDir(path))
	if err != nil {
		return err
	}
	keep := kept(list)
	for _, b := range list {
		if !keep[b.Path] {
			if err := os.Remove(b.Path); err != nil {
				return fmt.Errorf("prune backups: %w", err)
			}
		}
	}
	return nil
}

// kept returns the paths of list (oldest first) that the rule keeps.
func kept(list []BackupInfo) map[string]bool {
	keep := map[string]bool{}
	days, weeks := map[string]bool{}, map[string]bool{}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		b := list[i]
		day := b.Time.Format("20060102")
		if !days[day] && len(days) < 7 {
			days[day] = true
			keep[b.Path] = true
		}
		y, w := b.Time.ISOWeek()
		week := fmt.Sprintf("%d-%02d", y, w)
		if !weeks[week] && len(weeks) < 4 {
			weeks[week] = true
			keep[b.Path] = true
		}
	}
	return keep
}
