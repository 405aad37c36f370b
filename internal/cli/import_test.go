package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReimportPlainText: a .txt file imported over an article that a JSONL
// file brought with a source leaves the source alone, and the summary says
// what was stored: no new article, one merged, nothing updated.
func TestReimportPlainText(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	text := "Canada acts\nCanada froze the assets of Wang Junzheng.\n"
	jsonl := write(t, dir, "seed.jsonl", []byte(`{"id":"000_a10bbe666cae4c60","text":"Canada acts\nCanada froze the assets of Wang Junzheng.\n","meta":{"source":"seed"}}`+"\n"))
	txt := write(t, dir, "000_a10bbe666cae4c60.txt", []byte(text))
	if r := tagdesk(t, "import", "--db", db, jsonl); r.code != 0 {
		t.Fatalf("import jsonl: %d %q", r.code, r.stderr)
	}
	r := tagdesk(t, "import", "--db", db, txt)
	if r.code != 0 || !strings.Contains(r.stderr, "imported 1 record(s) from 1 file(s): 0 new article(s), 1 merged into articles already there (same id); 0 new span(s)") {
		t.Fatalf("import txt: %d %q", r.code, r.stderr)
	}
	out := tagdesk(t, "export", "--db", db)
	if !strings.Contains(out.stdout, `"source":"seed"`) {
		t.Errorf("export after the .txt import lost the source: %s", out.stdout)
	}
	// A file that carries another source updates it, and says so.
	changed := strings.Replace(string(must(os.ReadFile(jsonl))), `"seed"`, `"wire"`, 1)
	r = tagdesk(t, "import", "--db", db, write(t, dir, "wire.jsonl", []byte(changed)))
	if r.code != 0 || !strings.Contains(r.stderr, "1 of them updated: meta.source") {
		t.Fatalf("import changed source: %d %q", r.code, r.stderr)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
