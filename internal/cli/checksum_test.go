package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
)

// garbleText overwrites 1 KB inside article i's text in the file with
// other valid text, as a bad sector or a sync tool might: SQLite's checks
// cannot see it.
func garbleText(t *testing.T, db string, i int) {
	t.Helper()
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	text := corpus.Record(i).Article.Text
	at := bytes.Index(data, []byte(text))
	if at < 0 || bytes.Index(data[at+1:], []byte(text)) >= 0 {
		t.Fatalf("article %d's text is not in the file once", i)
	}
	copy(data[at+200:at+1224], strings.Repeat("x", 1024))
	if err := os.WriteFile(db, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestChecksumDamage: damage inside an article's text passes SQLite's
// checks; check names it from its checksum, export refuses it and leaves
// the output as it was, --skip-damaged exports the rest and lists it, and
// recover leaves it out.
func TestChecksumDamage(t *testing.T) {
	dir := t.TempDir()
	db := corpusDB(t, dir, 400)
	garbleText(t, db, 199)
	prefix, suffix := damagedMsg(db)
	const art = "article 200 (bench-0000199)"

	r := tagdesk(t, "check", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout, art+": does not match its checksum: damage to the file changed its text or metadata\n") ||
		!strings.HasPrefix(r.stderr, prefix) || !strings.HasSuffix(r.stderr, suffix) {
		t.Errorf("check: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	out := filepath.Join(dir, "out.jsonl")
	r = tagdesk(t, "export", "--db", db, "-o", out)
	if r.code != 1 || !strings.HasPrefix(r.stderr, prefix+art+": its text or metadata does not match the checksum stored with it"+suffix) ||
		!strings.HasSuffix(r.stderr, "tagdesk: "+out+" is as it was; tagdesk export --skip-damaged exports the rest and lists what it leaves out\n") {
		t.Errorf("export: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("export wrote %s", out)
	}
	r = tagdesk(t, "export", "--db", db, "-o", out, "--skip-damaged")
	if r.code != 0 || !strings.Contains(r.stderr, "tagdesk: left out damaged "+art+": its text or metadata does not match the checksum stored with it\n") ||
		!strings.Contains(r.stderr, "tagdesk: 1 damaged article(s) left out") || !strings.Contains(r.stderr, "exported 399 record(s)") {
		t.Errorf("export --skip-damaged: %d %q", r.code, r.stderr)
	}

	r = tagdesk(t, "recover", "--db", db, "-o", filepath.Join(dir, "new.db"))
	if r.code != 0 || !strings.Contains(r.stdout, "lost: "+art+": it does not match its checksum\n") ||
		!strings.Contains(r.stdout, "  articles  399 of 400 saved, 1 lost\n") {
		t.Errorf("recover: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
