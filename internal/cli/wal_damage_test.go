package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// TestDamagedWAL copies a database while a program has a committed import
// still in its write-ahead log, damages the copy's log in the middle, and
// runs the commands on the copy: SQLite checks each frame of the log
// against its checksum and drops the damaged one and those after it, so
// the copy reads as the database was before that import, whole and
// consistent; no command reports garbage or fails.
func TestDamagedWAL(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 40)
	s, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(context.Background(), &annotate.Record{Article: annotate.Article{ExtID: "late", Text: "Canada froze assets late."}}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(dir, "copy.db")
	copyTo(t, db, cp)
	copyTo(t, db+"-wal", cp+"-wal")
	if fileSize(t, cp+"-wal") == 0 {
		t.Fatal("the import is not in the write-ahead log")
	}
	overwrite(t, cp+"-wal", fileSize(t, cp+"-wal")/2, 512)

	if r := tagdesk(t, "check", "--db", cp); r.code != 0 || !strings.HasPrefix(r.stdout, "ok: 40 articles") {
		t.Errorf("check: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := tagdesk(t, "stats", "--db", cp); r.code != 0 || !strings.Contains(r.stdout, "articles  40\n") {
		t.Errorf("stats: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := tagdesk(t, "export", "--db", cp); r.code != 0 || strings.Contains(r.stdout, `"late"`) || strings.Count(r.stdout, "\n") < 40 {
		t.Errorf("export: %d %s", r.code, r.stderr)
	}
	if r := tagdesk(t, "imports", "--db", cp); r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("imports: the dropped import is listed: %d %q", r.code, r.stdout)
	}
}
