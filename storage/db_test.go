package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

var ctx = context.Background()

// mustOpenDB opens a new database in a file under tb.TempDir().
func mustOpenDB(tb testing.TB) *storage.DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "tagdesk.db"))
}

func mustOpenPath(tb testing.TB, path string) *storage.DB {
	tb.Helper()
	db, err := storage.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// rawExec changes a database file behind storage's back.
func rawExec(tb testing.TB, path, query string) {
	tb.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(query); err != nil {
		tb.Fatal(err)
	}
}

func TestOpen(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		db := mustOpenPath(t, path)
		if db.Path() != path {
			t.Errorf("Path() = %q, want %q", db.Path(), path)
		}
		s, err := db.Schema(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(s.Labels); got != len(annotate.DefaultSchema().Labels) {
			t.Errorf("seeded schema has %d labels, want the default's", got)
		}
		db.Close()
		mustOpenPath(t, path) // a second open migrates nothing
		if _, err := os.Stat(path + ".bak-v1"); err == nil {
			t.Error("reopening an up-to-date database made a backup")
		}
	})
	t.Run("MigrationsRecorded", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "m.db")
		mustOpenPath(t, path).Close()
		raw, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var n, maxV, appID int
		var name string
		if err := raw.QueryRow(`SELECT count(*), max(version), min(name) FROM migrations`).Scan(&n, &maxV, &name); err != nil {
			t.Fatal(err)
		}
		if n != storage.SchemaVersion || maxV != storage.SchemaVersion || name != "0001_init" {
			t.Errorf("migrations: %d rows, max version %d, first %q; want %d, %d, 0001_init", n, maxV, name, storage.SchemaVersion, storage.SchemaVersion)
		}
		if err := raw.QueryRow(`PRAGMA application_id`).Scan(&appID); err != nil {
			t.Fatal(err)
		}
		if appID != 0x54414744 {
			t.Errorf("application_id = %#x, want 0x54414744", appID)
		}
	})
	t.Run("EmptyFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		mustOpenPath(t, path)
	})
	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "newer.db")
		mustOpenPath(t, path).Close()
		rawExec(t, path, `INSERT INTO migrations (version, name, applied_at) VALUES (999, '0999_future', 0); PRAGMA wal_checkpoint(TRUNCATE)`)
		before := readFile(t, path)
		_, err := storage.Open(path)
		if !errors.Is(err, storage.ErrNewerSchema) {
			t.Fatalf("got %v, want ErrNewerSchema", err)
		}
		if want := "version 999"; !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("error %q does not say %q", err, want)
		}
		if !bytes.Equal(readFile(t, path), before) {
			t.Error("the file changed")
		}
	})
	t.Run("ErrNotTagdesk", func(t *testing.T) {
		dir := t.TempDir()
		other := filepath.Join(dir, "other.db")
		rawExec(t, other, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')`)
		text := filepath.Join(dir, "notes.txt")
		if err := os.WriteFile(text, []byte("this is not a database, just some text\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{other, text} {
			before := readFile(t, path)
			_, err := storage.Open(path)
			if !errors.Is(err, storage.ErrNotTagdesk) {
				t.Errorf("%s: got %v, want ErrNotTagdesk", filepath.Base(path), err)
			}
			if !bytes.Equal(readFile(t, path), before) {
				t.Errorf("%s changed", filepath.Base(path))
			}
		}
	})
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestGeneration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.db")
	a := mustOpenPath(t, path)
	b := mustOpenPath(t, path)
	g0, err := b.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id := importOne(t, a, sampleRecord())
	g1, err := b.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g1 <= g0 {
		t.Fatalf("after an import through another handle: generation %d, want > %d", g1, g0)
	}
	if err := a.SetStatus(ctx, id, "alice", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if g2, _ := b.Generation(ctx); g2 <= g1 {
		t.Errorf("after SetStatus: generation %d, want > %d", g2, g1)
	}
}
