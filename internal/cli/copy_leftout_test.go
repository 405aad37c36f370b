package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/storage"
)

// TestCopyNamesWhatItLeaves: a copy moves the records, not the pattern
// sets, suggestions, review decisions or import history of the source;
// it says so, with the counts, instead of dropping them silently.
func TestCopyNamesWhatItLeaves(t *testing.T) {
	src := suggestDB(t)
	dir := t.TempDir()
	pf := write(t, dir, "eu.jsonl", []byte(`{"label":"JURISDICTION","pattern":"Canada"}`+"\n"))
	if r := runCLI(t, "patterns", "--db", src, "--set", pf); r.code != 0 {
		t.Fatalf("patterns --set: %+v", r)
	}
	if r := runCLI(t, "suggest", "--db", src, "--patterns"); r.code != 0 {
		t.Fatalf("suggest: %+v", r)
	}
	db, err := storage.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetReviewDecision(context.Background(), 1, "alice", "0:6", true); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// The pattern "Canada" waits in both articles.
	r := runCLI(t, "copy", "--from", src, "--to", filepath.Join(dir, "copy.db"))
	if r.code != 0 {
		t.Fatalf("copy: %+v", r)
	}
	want := "not copied, kept only in " + src + ": 1 pattern set, 2 suggestions waiting, 1 review decision, 1 recorded import (the import history, for import --undo)\n"
	if !strings.HasSuffix(r.stderr, want) {
		t.Errorf("copy's report: %q, want it to end in %q", r.stderr, want)
	}

}

// TestCopyLeavesNothingElse: a copy of a copy holds the records only:
// the spans imported without an annotator (suggestions of source
// "imported") were copied, so all it leaves behind is the first copy's
// own recorded import.
func TestCopyLeavesNothingElse(t *testing.T) {
	dir := t.TempDir()
	src := suggestDB(t)
	first, second := filepath.Join(dir, "first.db"), filepath.Join(dir, "second.db")
	if r := runCLI(t, "copy", "--from", src, "--to", first); r.code != 0 {
		t.Fatalf("copy: %+v", r)
	}
	want := "not copied, kept only in " + first + ": 1 recorded import (the import history, for import --undo)\n"
	if r := runCLI(t, "copy", "--from", first, "--to", second); r.code != 0 || !strings.HasSuffix(r.stderr, want) {
		t.Errorf("copy of a copy: %+v, want its report to end in %q", r, want)
	}
}
