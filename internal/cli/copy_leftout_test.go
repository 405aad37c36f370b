package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestCopyNamesWhatItLeaves: a copy carries the pattern sets, the
// suggestions waiting and the decisions on them (each annotator then sees
// the same suggestions in the copy), and says so with the counts; the
// review decisions and the import history it does not move, and it says
// so too instead of dropping them silently.
func TestCopyNamesWhatItLeaves(t *testing.T) {
	src := suggestDB(t)
	copySuggestionsFrom(t, src, filepath.Join(t.TempDir(), "copy.db"))
}

// copySuggestionsFrom gives src (made by suggestDB) a pattern set, its
// suggestions, a decision and a review decision, copies it into dst and
// checks what the copy carried and what it says it left.
func copySuggestionsFrom(t *testing.T, src, dst string) {
	t.Helper()
	dir := t.TempDir()
	pf := write(t, dir, "eu.jsonl", []byte(`{"label":"JURISDICTION","pattern":"Canada"}`+"\n"))
	if r := runCLI(t, "patterns", "--db", src, "--set", pf); r.code != 0 {
		t.Fatalf("patterns --set: %+v", r)
	}
	if r := runCLI(t, "suggest", "--db", src, "--patterns"); r.code != 0 {
		t.Fatalf("suggest: %+v", r)
	}
	st, ss, err := openSuggestionStore(src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	list, err := st.ListArticles(ctx, annotate.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	first := list[0].ID
	if _, err := ss.Decide(ctx, "bob", annotate.Rejected, []annotate.Suggestion{{ArticleID: first, Start: 0, End: 6, Label: "JURISDICTION"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.(annotate.ReviewStore).SetReviewDecision(ctx, first, "alice", "0:6", true); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The pattern "Canada" waits in both articles; bob rejected it in one.
	r := runCLI(t, "copy", "--from", src, "--to", dst)
	if r.code != 0 {
		t.Fatalf("copy: %+v", r)
	}
	for _, want := range []string{
		"also copied: 1 pattern set, 2 suggestions, 1 decision on suggestions; both count the same suggestions by source and label\n",
		"not copied, kept only in " + dbName(src) + ": 1 review decision",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("copy's report: %q, want it to hold %q", r.stderr, want)
		}
	}
	for _, who := range []string{"alice", "bob"} {
		if got, want := suggestions(t, dst, who), suggestions(t, src, who); got != want {
			t.Errorf("%s's suggestions in the copy:\n%s\nwant\n%s", who, got, want)
		}
	}
	if r := runCLI(t, "patterns", "--db", dst); r.code != 0 || r.stdout != "patterns:eu.jsonl\t1 patterns\n" {
		t.Errorf("the copy's pattern sets: %+v", r)
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
