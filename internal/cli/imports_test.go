package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestUndoImportCommand: every import is listed by `tagdesk imports`, one
// line each starting with its id, and `import --undo` takes back exactly
// one, in the order later work allows, through the binary.
func TestUndoImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	a := write(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"Canada froze assets of Wang.","spans":[{"start":0,"end":6,"label":"JURISDICTION"}]}`+"\n"))
	b := write(t, dir, "b.jsonl", []byte(`{"id":"b1","text":"Ottawa said so.","status":"done"}`+"\n"))
	c := write(t, dir, "c.jsonl", []byte(`{"id":"a1","text":"Canada froze assets of Wang.","meta":{"source":"AP"},"spans":[{"start":0,"end":6,"label":"JURISDICTION","note":"changed"},{"start":23,"end":27,"label":"PERSON"}]}`+"\n"))

	if r := tagdesk(t, "import", "--db", db, "--annotator", "alice", a, b); r.code != 0 || !strings.Contains(r.stderr, "recorded as import 1 (tagdesk import --undo 1 takes it back)") {
		t.Fatalf("import a, b: %d %s", r.code, r.stderr)
	}
	afterFirst := snapshot(t, db)
	if r := tagdesk(t, "import", "--db", db, "--annotator", "alice", c); r.code != 0 || !strings.Contains(r.stderr, "recorded as import 2") {
		t.Fatalf("import c: %d %s", r.code, r.stderr)
	}
	afterSecond := snapshot(t, db)

	r := tagdesk(t, "imports", "--db", db)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 {
		t.Fatalf("imports: %d %q %s", r.code, r.stdout, r.stderr)
	}
	for i, want := range []string{
		`^1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  by \S+ as alice  2 new article\(s\), 0 merged \(0 updated\), 1 new span\(s\), 0 updated, 0 new relation\(s\)  from a.jsonl, b.jsonl$`,
		`^2  .* as alice  0 new article\(s\), 1 merged \(1 updated\), 1 new span\(s\), 1 updated, 0 new relation\(s\)  from c.jsonl$`,
	} {
		if !regexp.MustCompile(want).MatchString(lines[i]) {
			t.Errorf("imports line %d: got %q, want %s", i+1, lines[i], want)
		}
	}

	// The first import's article has a span and a change of the second.
	r = tagdesk(t, "import", "--db", db, "--undo", "1")
	if r.code != 1 || !strings.Contains(r.stderr, "tagdesk: "+db+": import 1 cannot be undone: 2 later change(s) depend on it\n") ||
		!strings.Contains(r.stderr, `article 1 (a1): span PERSON [23,27) of "alice" was added since`) ||
		!strings.Contains(r.stderr, `span JURISDICTION [0,6) of "alice" was edited since`) ||
		!strings.HasSuffix(r.stderr, "nothing was changed. Undo the later work first, or use tagdesk import --undo 1 --force to take it away with the import\n") {
		t.Errorf("undo 1 under 2: %d %s", r.code, r.stderr)
	}
	if got := snapshot(t, db); got != afterSecond {
		t.Errorf("a refused undo changed the database")
	}
	r = tagdesk(t, "import", "--db", db, "--undo", "2")
	if r.code != 0 || r.stderr != "undid import 2: removed 0 article(s), 1 span(s), 0 relation(s), 0 status(es); restored 2 changed row(s)\n" {
		t.Errorf("undo 2: %d %q", r.code, r.stderr)
	}
	if got := snapshot(t, db); got != afterFirst {
		t.Errorf("after undo 2:\n%s\nwant:\n%s", got, afterFirst)
	}
	if r := tagdesk(t, "import", "--db", db, "--undo", "2"); r.code != 1 || !strings.Contains(r.stderr, "import 2 was undone already, at ") {
		t.Errorf("undo 2 twice: %d %s", r.code, r.stderr)
	}
	if r := tagdesk(t, "import", "--db", db, "--undo", "1"); r.code != 0 || !strings.Contains(r.stderr, "removed 2 article(s), 1 span(s)") {
		t.Errorf("undo 1: %d %s", r.code, r.stderr)
	}
	if r := tagdesk(t, "export", "--db", db); r.code != 0 || r.stdout != "" {
		t.Errorf("export after undoing both: %d %q", r.code, r.stdout)
	}
	if r := tagdesk(t, "check", "--db", db); r.code != 0 {
		t.Errorf("check after undoing both: %s%s", r.stdout, r.stderr)
	}
	if r := tagdesk(t, "imports", "--db", db); strings.Count(r.stdout, "(undone ") != 2 {
		t.Errorf("imports after undoing both: %s", r.stdout)
	}
	if r := tagdesk(t, "import", "--db", db, "--undo", "99"); r.code != 1 || r.stderr != "tagdesk: "+db+": not found: no import 99 is recorded (tagdesk imports lists them)\n" {
		t.Errorf("undo 99: %d %q", r.code, r.stderr)
	}
}

// --force takes the later work away with the import, and says what it was.
func TestUndoImportForce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	a := write(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"Canada froze assets of Wang."}`+"\n"))
	c := write(t, dir, "c.jsonl", []byte(`{"id":"a1","text":"Canada froze assets of Wang.","spans":[{"start":23,"end":27,"label":"PERSON"}]}`+"\n"))
	for _, f := range []string{a, c} {
		if r := tagdesk(t, "import", "--db", db, f); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	r := tagdesk(t, "import", "--db", db, "--undo", "1", "--force")
	if r.code != 0 || !strings.HasPrefix(r.stderr, `taken away (--force): article 1 (a1): span PERSON [23,27) of "" was added since`+"\n") ||
		!strings.HasSuffix(r.stderr, "undid import 1: removed 1 article(s), 0 span(s), 0 relation(s), 0 status(es); restored 0 changed row(s)\n") {
		t.Errorf("undo --force: %d %s", r.code, r.stderr)
	}
	if r := tagdesk(t, "stats", "--db", db); !strings.Contains(r.stdout, "articles  0") {
		t.Errorf("stats after the forced undo: %s", r.stdout)
	}
}

func TestUndoImportMessages(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	in := write(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"Canada."}`+"\n"))
	pg := "postgres://ann@localhost:1/corpus"
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"imports", "--db", db}, 1, "tagdesk: " + db + ": no such database"},
		{[]string{"import", "--db", db, "--undo", "1", in}, 2, "tagdesk: import --undo BATCH [--force] takes one batch id (tagdesk imports lists them) and no PATH\n"},
		{[]string{"import", "--db", db, "--undo", "x"}, 2, `tagdesk: import: invalid value "x" for flag -undo`},
		{[]string{"import", "--db", db, "--force", in}, 2, "tagdesk: import --undo BATCH [--force] takes one batch id"},
		{[]string{"imports", "--db", pg}, 1, "tagdesk: postgres://ann@localhost:1/corpus: tagdesk imports is not supported on PostgreSQL: imports into it are not recorded as batches, so they cannot be listed or undone; restore a backup made with pg_dump instead\n"},
		{[]string{"import", "--db", pg, "--undo", "3"}, 1, "tagdesk: postgres://ann@localhost:1/corpus: tagdesk import --undo is not supported on PostgreSQL"},
	} {
		r := tagdesk(t, c.args...)
		if r.code != c.code || !strings.HasPrefix(r.stderr, c.want) {
			t.Errorf("tagdesk %v: got %d %q, want %d %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := tagdesk(t, "import", "--db", db, "--undo", "1"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// A database from before batches were recorded (upgraded on opening,
	// see storage's TestOpenFixtures) has none.
	old := filepath.Join(dir, "v4.db")
	copyTo(t, filepath.Join("..", "..", "storage", "testdata", "v4.db"), old)
	if r := tagdesk(t, "imports", "--db", old); r.code != 0 || r.stdout != "no imports recorded in "+old+" yet\n" {
		t.Errorf("imports of an upgraded database: %d %q %s", r.code, r.stdout, r.stderr)
	}
}

// An undo is a change like any other: today's backup is made first.
func TestUndoImportBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "a.jsonl", []byte(`{"id":"a1","text":"Canada."}`+"\n"))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := tagdeskEnv(t, nil, "import", "--db", db, "--undo", "1")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "today's backup of "+db+": ") || len(backups(t, db)) != 1 {
		t.Errorf("undo with backups on: %d %q", r.code, r.stderr)
	}
}
