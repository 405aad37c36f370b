package storage_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/assets"
	"github.com/tagdesk/tagdesk/storage"
)

var update = flag.Bool("update", false, "write the fixture of today's schema (testdata/vN.db) and its export")

// fixtures are databases written by past versions of tagdesk, kept in
// testdata: every later version must open them with nothing lost. When a
// migration is added, run `go test ./storage -run TestFixture -update`
// once to write the new version's fixture, and add its line here.
var fixtures = []struct {
	file    string
	version int
}{
	{"v1.db", 1},
	{"v2.db", 2},
	{"v3.db", 3},
	{"v4.db", 4},
	{"v6.db", 6},
	{"v7.db", 7},
	{"v8.db", 8},
	{"v9.db", 9},
}

// fixtureSchema is the custom schema a fixture carries: the default one
// and a label of its own.
func fixtureSchema() *annotate.Schema {
	s := annotate.DefaultSchema()
	s.Labels = append(s.Labels, annotate.Label{Name: "EVENT", Key: "5", Color: "#7a5195",
		Attrs: []annotate.Attr{{Name: "kind", Choices: []string{"meeting", "vote"}}}})
	s.Relations = append(s.Relations, annotate.RelationType{Name: "attends", Key: "e", From: []string{"PERSON"}, To: []string{"EVENT"}, Color: "#ff7c43"})
	return s
}

// TestFixture writes (with -update) or checks testdata/vN.db for today's
// schema version N: the sample article labelled, the hard-text article,
// spans of several annotators with attributes, notes and canonical
// names, every status, and a custom schema.
func TestFixture(t *testing.T) {
	name := fmt.Sprintf("v%d.db", storage.SchemaVersion)
	golden := filepath.Join("testdata", strings.TrimSuffix(name, ".db")+".export.jsonl")
	if !*update {
		if _, err := os.Stat(filepath.Join("testdata", name)); err != nil {
			// A new migration's number may change until it is merged (two
			// may be written at once); its fixture is written once the
			// number is final. One migration may wait for it, not two.
			prev := fmt.Sprintf("v%d.db", storage.SchemaVersion-1)
			if _, err := os.Stat(filepath.Join("testdata", prev)); err == nil {
				t.Skipf("no fixture for today's schema yet: once its migration's number is final, run go test ./storage -run TestFixture -update, and add %s to fixtures", name)
			}
			t.Fatalf("no fixture for today's schema: run go test ./storage -run TestFixture -update, and add %s to fixtures", name)
		}
		return
	}
	path := filepath.Join(t.TempDir(), name)
	db := mustOpenPath(t, path)
	if err := db.SetSchema(ctx, fixtureSchema()); err != nil {
		t.Fatal(err)
	}
	recs := []*annotate.Record{sampleRecord()}
	dec := format.NewJSONLDecoder(bytes.NewReader(assets.SampleSpans), "sample")
	for {
		rec, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	recs = append(recs, &annotate.Record{Article: annotate.Article{ExtID: "untouched", Title: "Untouched", Text: "Nobody labelled this one.\r\n"}})
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	var id int64
	list, err := db.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.ExtID == "hard-1" {
			id = a.ID
		}
	}
	sp := span(hardText, "Wang Junzheng", "PERSON")
	sp.ArticleID, sp.Annotator, sp.Note, sp.Canonical = id, "bob", "the party secretary", "Wang Junzheng"
	if err := db.AddSpan(ctx, &sp); err != nil {
		t.Fatal(err)
	}
	ev := span(hardText, "sanctions", "EVENT")
	ev.ArticleID, ev.Annotator, ev.Attrs = id, "bob", map[string]string{"kind": "vote"}
	if err := db.AddSpan(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, id, "carol", annotate.StatusSkipped); err != nil {
		t.Fatal(err)
	}
	if storage.SchemaVersion >= 2 { // assignments came with version 2
		if err := db.Assign(ctx, map[int64][]string{id: {"bob", "carol"}}); err != nil {
			t.Fatal(err)
		}
	}
	if storage.SchemaVersion >= 4 { // relations came with version 4
		for _, r := range []annotate.Relation{
			{Head: sp.ID, Tail: ev.ID, Label: "attends", Note: "voted"},
		} {
			if err := db.AddRelation(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.Backup(ctx, filepath.Join("testdata", name), true); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(golden, []byte(exportString(t, db)), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote testdata/%s and %s", name, golden)
}

func exportString(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b bytes.Buffer
	enc := format.NewJSONLEncoder(&b)
	for _, r := range exportAll(t, db, annotate.ExportFilter{}) {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return b.String() + fmt.Sprintf("# stats %+v\n# schema\n%s", *st, s.TOML())
}

// copyFixture copies testdata/file into a temporary folder.
func copyFixture(t *testing.T, file string) string {
	t.Helper()
	data := readFile(t, filepath.Join("testdata", file))
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func wantExport(t *testing.T, file string) string {
	t.Helper()
	return string(readFile(t, filepath.Join("testdata", strings.TrimSuffix(file, ".db")+".export.jsonl")))
}

// TestOpenFixtures opens a copy of every past version's database with
// this build: its content must survive, and one older than this build is
// backed up beside itself before it is upgraded.
func TestOpenFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			path := copyFixture(t, fx.file)
			db := mustOpenPath(t, path)
			if got, want := exportString(t, db), wantExport(t, fx.file); got != want {
				t.Errorf("content changed on opening %s with schema version %d:\ngot  %.400s\nwant %.400s", fx.file, storage.SchemaVersion, got, want)
			}
			integrityCheck(t, path)
			bak := fmt.Sprintf("%s.bak-v%d", path, fx.version)
			_, err := os.Stat(bak)
			if fx.version < storage.SchemaVersion && err != nil {
				t.Errorf("upgraded from version %d without a backup: %v", fx.version, err)
			}
			if fx.version == storage.SchemaVersion && err == nil {
				t.Errorf("an up-to-date database was backed up")
			}
		})
	}
}

// futureMigrations are this build's migrations plus extra, as version 2, 3...
func futureMigrations(t *testing.T, extra ...string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	emb := storage.EmbeddedMigrations()
	names, err := fs.Glob(emb, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		m[n] = &fstest.MapFile{Data: readFS(t, emb, n)}
	}
	for i, sql := range extra {
		m[fmt.Sprintf("migration/%04d_future.sql", len(names)+i+1)] = &fstest.MapFile{Data: []byte(sql)}
	}
	return m
}

func readFS(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMigrateFixtures upgrades every fixture to a test-only future
// version: the content survives, the old file is backed up beside itself
// first, an older tagdesk then refuses the upgraded file without touching
// it, and a migration that fails leaves the database as it was.
func TestMigrateFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file+"/OK", func(t *testing.T) {
			path := copyFixture(t, fx.file)
			restore := storage.SetMigrations(futureMigrations(t,
				`ALTER TABLE spans ADD COLUMN confidence REAL; CREATE TABLE future_notes (id INTEGER PRIMARY KEY, body TEXT);`))
			db, err := storage.Open(path)
			if err != nil {
				restore()
				t.Fatal(err)
			}
			got := exportString(t, db)
			db.Close()
			restore()
			if want := wantExport(t, fx.file); got != want {
				t.Errorf("content changed by the upgrade:\ngot  %.400s\nwant %.400s", got, want)
			}
			bak := fmt.Sprintf("%s.bak-v%d", path, fx.version)
			integrityCheck(t, bak)
			var v int
			queryRow(t, bak, `SELECT max(version) FROM migrations`, &v)
			if v != fx.version {
				t.Errorf("backup is version %d, want %d", v, fx.version)
			}
			bakDB := mustOpenPath(t, copyFile(t, bak))
			if got, want := exportString(t, bakDB), wantExport(t, fx.file); got != want {
				t.Errorf("the backup's content differs")
			}

			// This build is older than the upgraded file: refuse, touch nothing.
			before := readFile(t, path)
			_, err = storage.Open(path)
			if !errors.Is(err, storage.ErrNewerSchema) {
				t.Errorf("an older tagdesk opened an upgraded database: %v", err)
			}
			if !bytes.Equal(readFile(t, path), before) {
				t.Errorf("the refused file changed")
			}
			// SQLite's read-only look may leave an empty -wal and a -shm
			// beside it (it cannot remove them); they hold nothing.
			if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
				t.Errorf("the refused file got a WAL of %d bytes", fi.Size())
			}
		})
		t.Run(fx.file+"/ErrMigration", func(t *testing.T) {
			path := copyFixture(t, fx.file)
			restore := storage.SetMigrations(futureMigrations(t, `ALTER TABLE spans ADD COLUMN confidence REAL; CREATE TABLE spans (x);`))
			_, err1 := storage.Open(path)
			_, err2 := storage.Open(path) // a second try backs up again, beside the first
			restore()
			for _, err := range []error{err1, err2} {
				if err == nil || !strings.Contains(err.Error(), "migrate to version") {
					t.Errorf("a failing migration: got %v", err)
				}
			}
			// The second try backs up the version the first one reached:
			// the migrations before the failing one are each committed.
			second := fmt.Sprintf(".bak-v%d.2", fx.version)
			if fx.version < storage.SchemaVersion {
				second = fmt.Sprintf(".bak-v%d", storage.SchemaVersion)
			}
			for _, bak := range []string{fmt.Sprintf(".bak-v%d", fx.version), second} {
				if _, err := os.Stat(path + bak); err != nil {
					t.Errorf("backup: %v", err)
				}
			}
			db := mustOpenPath(t, path)
			if got, want := exportString(t, db), wantExport(t, fx.file); got != want {
				t.Errorf("a failed migration changed the content")
			}
			var cols int
			queryRow(t, path, `SELECT count(*) FROM pragma_table_info('spans') WHERE name = 'confidence'`, &cols)
			if cols != 0 {
				t.Errorf("half a migration was applied")
			}
		})
	}
}

func queryRow(t *testing.T, path, query string, dest ...any) {
	t.Helper()
	raw := openRaw(t, path)
	defer raw.Close()
	if err := raw.QueryRow(query).Scan(dest...); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(path)+".copy")
	if err := os.WriteFile(dst, readFile(t, path), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
