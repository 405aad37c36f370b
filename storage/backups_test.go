package storage_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// TestBackupDir names the folders: NAME.backups beside NAME.db, backups/
// in the default database's place.
func TestBackupDir(t *testing.T) {
	for path, want := range map[string]string{
		"/x/corpus.db": "/x/corpus.backups",
		"/x/corpus":    "/x/corpus.backups",
		"/home/a/.local/share/tagdesk/tagdesk.db": "/home/a/.local/share/tagdesk/backups",
		"/x/tagdesk.db": "/x/tagdesk.backups",
	} {
		if got := storage.BackupDir(path); got != want {
			t.Errorf("BackupDir(%s) = %s, want %s", path, got, want)
		}
	}
}

// TestDailyBackup: no copy of a database without articles; one copy a
// day of one with, named by its time, holding the data; none on the
// same day again.
func TestDailyBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.db")
	db := mustOpenPath(t, path)
	day := time.Date(2026, 3, 2, 9, 30, 0, 0, time.Local)
	defer storage.SetNow(func() time.Time { return day })()
	if got, err := storage.DailyBackup(ctx, path); err != nil || got != "" {
		t.Fatalf("empty database: DailyBackup = %q, %v; want no copy", got, err)
	}
	if got, err := storage.DailyBackup(ctx, filepath.Join(dir, "missing.db")); err != nil || got != "" {
		t.Fatalf("missing database: DailyBackup = %q, %v; want no copy", got, err)
	}
	if err := importRecords(t, db, &annotate.Record{Article: annotate.Article{ExtID: "a", Text: "Canada froze assets."}}); err != nil {
		t.Fatal(err)
	}
	got, err := storage.DailyBackup(ctx, path)
	want := filepath.Join(dir, "corpus.backups", "corpus-20260302-093000.db")
	if err != nil || got != want {
		t.Fatalf("DailyBackup = %q, %v; want %s", got, err, want)
	}
	integrityCheck(t, got)
	day = day.Add(5 * time.Hour)
	if again, err := storage.DailyBackup(ctx, path); err != nil || again != "" {
		t.Fatalf("same day: DailyBackup = %q, %v; want no copy", again, err)
	}
	list, err := storage.Backups(ctx, path)
	if err != nil || len(list) != 1 || list[0].Articles != 1 || list[0].Spans != 0 || list[0].Err != nil {
		t.Fatalf("Backups = %+v, %v", list, err)
	}
}

// TestBackupRetention makes a backup on each of 60 days, some skipped,
// and checks what is kept: the newest of each of the last 7 days with
// copies and of each of the last 4 ISO weeks with copies.
func TestBackupRetention(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	db := mustOpenPath(t, path)
	if err := importRecords(t, db, &annotate.Record{Article: annotate.Article{ExtID: "a", Text: "Canada."}}); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 1, 1, 8, 0, 0, 0, time.Local) // a Thursday
	defer storage.SetNow(func() time.Time { return clock })()
	for d := 0; d < 60; d++ {
		if d%5 == 3 { // a day off now and then
			continue
		}
		clock = time.Date(2026, 1, 1+d, 8, 0, 0, 0, time.Local)
		if _, err := storage.DailyBackup(ctx, path); err != nil {
			t.Fatal(err)
		}
	}
	ents, err := os.ReadDir(storage.BackupDir(path))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	// Day 59 is Sunday, March 1 (ISO week 9); days 58 and 53 are days
	// off. The last 7 days with copies: 59, 57, 56, 55, 54, 52, 51. The
	// last 4 weeks: 9 (day 59), 8 (Feb 16-22: day 52), 7 (Feb 9-15: day
	// 45) and 6 (Feb 2-8, day 38 off: day 37).
	var keep []string
	for _, d := range []int{59, 57, 56, 55, 54, 52, 51, 45, 37} {
		keep = append(keep, "c-"+time.Date(2026, 1, 1+d, 8, 0, 0, 0, time.Local).Format("20060102")+"-080000.db")
	}
	slices.Sort(keep)
	if !slices.Equal(got, keep) {
		t.Errorf("kept %v\nwant %v", got, keep)
	}
}
