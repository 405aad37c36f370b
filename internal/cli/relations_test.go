package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/assets"
)

// relLine is one native JSONL record with three spans and two relations.
const relLine = `{"id":"r","text":"Canada froze the assets of Wang.","meta":{"title":"t","source":"","url":"","published":""},"annotator":"alice","status":"done",` +
	`"spans":[{"start":0,"end":6,"label":"JURISDICTION","text":"Canada","attrs":{},"note":"","canonical":""},` +
	`{"start":7,"end":23,"label":"MEASURE","text":"froze the assets","attrs":{},"note":"","canonical":""},` +
	`{"start":27,"end":31,"label":"PERSON","text":"Wang","attrs":{},"note":"","canonical":""}],` +
	`"relations":[{"head":1,"child":0,"label":"imposed_by","note":"by order"},{"head":1,"child":2,"label":"targets","note":""}]}` + "\n"

// TestRelationsCommands: relations in a native JSONL file import, are
// counted by stats and checked by check, export back as they came, and
// schema --set refuses a schema that drops a type in use.
func TestRelationsCommands(t *testing.T) {
	dir := t.TempDir()
	relationsRoundTrip(t, dir, filepath.Join(dir, "rel.db"))
}

// relationsRoundTrip runs TestRelationsCommands' steps on the database db
// (a file or a postgres:// URL), working in dir.
func relationsRoundTrip(t *testing.T, dir, db string) {
	t.Helper()
	line := relLine
	in := write(t, dir, "in.jsonl", []byte(line))
	if r := tagdesk(t, "import", "--db", db, in); r.code != 0 || !strings.Contains(r.stderr, "; 2 new relation(s)") {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	if r := tagdesk(t, "stats", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "relations by type (2)\n  imposed_by       1\n  targets          1\n") {
		t.Errorf("stats: exit %d: %s", r.code, r.stdout)
	}
	if r := tagdesk(t, "check", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "ok: 1 articles, 3 spans, 2 relations checked") {
		t.Errorf("check: exit %d: %s", r.code, r.stdout)
	}
	out := filepath.Join(dir, "out.jsonl")
	if r := tagdesk(t, "export", "--db", db, "-o", out); r.code != 0 {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	if got := string(mustRead(t, out)); got != line {
		t.Errorf("export:\ngot  %s\nwant %s", got, line)
	}
	schema := strings.Split(string(assets.SchemaTOML), "[[relations]]\nname = \"targets\"")[0]
	set := write(t, dir, "schema.toml", []byte(schema))
	if r := tagdesk(t, "schema", "--db", db, "--set", set); r.code != 1 || !strings.Contains(r.stderr, "relation type targets is used by 1 stored relation") {
		t.Errorf("schema --set without targets: exit %d: %s", r.code, r.stderr)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
