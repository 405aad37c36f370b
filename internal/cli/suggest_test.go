package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// model is the stand-in model of the --cmd tests (see its doc string).
var model = "python3 " + filepath.Join("..", "..", "annotate", "suggest", "testdata", "model.py")

func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb, Env{Version: "test"})
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// suggestDB imports two articles, the first with a span of alice's and
// one imported without an annotator, and returns the database path.
func suggestDB(t *testing.T) string {
	t.Helper()
	return suggestDBAt(t, filepath.Join(t.TempDir(), "s.db"))
}

// suggestDBAt is suggestDB in db, an SQLite file or a PostgreSQL URL.
func suggestDBAt(t *testing.T, db string) string {
	t.Helper()
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", []byte(
		`{"id":"a1","text":"Canada sanctioned Xinjiang officials; the European Union followed.","annotator":"alice","spans":[{"start":18,"end":26,"label":"JURISDICTION"}]}`+"\n"+
			`{"id":"a1","text":"Canada sanctioned Xinjiang officials; the European Union followed.","spans":[{"start":0,"end":6,"label":"JURISDICTION"}]}`+"\n"+
			`{"id":"a2","text":"In XINJIANG, Canada and the EU acted.","spans":[]}`+"\n"))
	if r := runCLI(t, "import", "--no-backups", "--db", db, in); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	return db
}

// suggestions lists what waits for annotator in every article.
func suggestions(t *testing.T, path, annotator string) string {
	t.Helper()
	st, db, err := openSuggestionStore(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []string
	err = db.EachArticle(context.Background(), nil, "", func(a *annotate.Article) error {
		sugs, err := db.Suggestions(context.Background(), a.ID, annotator)
		r := []rune(a.Text)
		for _, s := range sugs {
			out = append(out, fmt.Sprintf("%s %s %s %s", a.ExtID, string(r[s.Start:s.End]), s.Label, s.Source))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

func TestSuggestPatternsAndCorpus(t *testing.T) { suggestPatternsAndCorpus(t, suggestDB(t)) }

// suggestPatternsAndCorpus: patterns --set stores a pattern set, suggest
// --patterns --corpus stores both sources' suggestions (the same again
// when run again), and stats counts them by source.
func suggestPatternsAndCorpus(t *testing.T, db string) {
	dir := t.TempDir()
	pf := write(t, dir, "eu.jsonl", []byte(`{"label":"JURISDICTION","pattern":"European Union","id":"EU"}`+"\n"+
		`{"label":"JURISDICTION","pattern":[{"ORTH":"EU"}],"id":"EU"}`+"\n"))
	if r := runCLI(t, "patterns", "--db", db, "--set", pf); r.code != 0 || !strings.Contains(r.stdout, "2 patterns (1 phrase, 1 token) stored as patterns:eu.jsonl") {
		t.Fatalf("patterns --set: %+v", r)
	}
	if r := runCLI(t, "patterns", "--db", db); r.code != 0 || r.stdout != "patterns:eu.jsonl\t2 patterns\n" {
		t.Fatalf("patterns: %+v", r)
	}
	r := runCLI(t, "suggest", "--db", db, "--patterns", "--corpus")
	if r.code != 0 || !strings.Contains(r.stderr, "patterns:eu.jsonl, corpus: 6 suggestions in 2 articles stored") {
		t.Fatalf("suggest: %+v", r)
	}
	want := strings.Join([]string{
		"a1 Canada JURISDICTION corpus",
		"a1 Canada JURISDICTION imported",
		"a1 European Union JURISDICTION patterns:eu.jsonl",
		"a2 XINJIANG JURISDICTION corpus",
		"a2 Canada JURISDICTION corpus",
		"a2 EU JURISDICTION patterns:eu.jsonl",
	}, "\n")
	if got := suggestions(t, db, "alice"); got != want {
		t.Errorf("alice's suggestions:\n%s\nwant\n%s", got, want)
	}
	// The same run again stores the same, no more.
	if r := runCLI(t, "suggest", "--db", db, "--patterns", "--corpus"); r.code != 0 {
		t.Fatalf("suggest again: %+v", r)
	}
	if got := suggestions(t, db, "alice"); got != want {
		t.Errorf("after a second run:\n%s\nwant\n%s", got, want)
	}
	st := runCLI(t, "stats", "--db", db)
	if !strings.Contains(st.stdout, "suggestions by source and label") || !strings.Contains(st.stdout, "patterns:eu.jsonl") {
		t.Errorf("stats: %s", st.stdout)
	}
}

func TestSuggestAccept(t *testing.T) { suggestAccept(t, suggestDB(t)) }

// suggestAccept: suggest --accept makes the suggestions an annotator's
// spans (a silver corpus), --imported --accept the imported spans.
func suggestAccept(t *testing.T, db string) {
	if r := runCLI(t, "suggest", "--db", db, "--corpus", "--accept", "--annotator", "silver"); r.code != 0 {
		t.Fatalf("suggest --accept: %+v", r)
	}
	if r := runCLI(t, "suggest", "--db", db, "--imported", "--accept", "--annotator", "bob"); r.code != 0 {
		t.Fatalf("suggest --imported --accept: %+v", r)
	}
	out := runCLI(t, "export", "--db", db, "--annotator", "silver")
	if n := strings.Count(out.stdout, `"label":"JURISDICTION"`); n != 4 {
		t.Errorf("silver spans: %d, want 4 (Canada, Xinjiang; XINJIANG, Canada):\n%s", n, out.stdout)
	}
	out = runCLI(t, "export", "--db", db, "--annotator", "bob")
	if !strings.Contains(out.stdout, `"text":"Canada"`) {
		t.Errorf("bob did not get the imported span: %s", out.stdout)
	}
	if got := suggestions(t, db, "bob"); strings.Contains(got, "imported") {
		t.Errorf("bob still sees the imported span he has: %s", got)
	}
}

func TestSuggestCmd(t *testing.T) { suggestCmd(t, suggestDB(t)) }

// suggestCmd: suggest --cmd stores a model's suggestions; a model that
// fails changes nothing.
func suggestCmd(t *testing.T, db string) {
	r := runCLI(t, "suggest", "--db", db, "--cmd", model+" ok")
	if r.code != 0 {
		t.Fatalf("suggest --cmd: %+v", r)
	}
	if got := suggestions(t, db, "alice"); strings.Count(got, "Canada JURISDICTION cmd:python3") != 2 {
		t.Errorf("got %s", got)
	}
	before := suggestions(t, db, "alice")
	for _, tt := range []struct{ mode, want string }{
		{"crash", "failed: exit status 3"},
		{"badjson", `model.py badjson":2: `},
		{"offsets", `model.py offsets":2: article "a2": span 1: invalid: span [5,99999) is outside the text`},
		{"hang", `model.py hang":2: no answer for 2s: stopped the command`},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			r := runCLI(t, "suggest", "--db", db, "--timeout", "2s", "--cmd", model+" "+tt.mode)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("got %d %q, want 1 and %q", r.code, r.stderr, tt.want)
			}
			if got := suggestions(t, db, "alice"); got != before {
				t.Errorf("a failed run changed the suggestions:\n%s\nwas\n%s", got, before)
			}
		})
	}
}

func TestSuggestUsage(t *testing.T) {
	db := suggestDB(t)
	for _, args := range [][]string{
		{"suggest", "--db", db},
		{"suggest", "--db", db, "--corpus", "--accept"},
		{"suggest", "--db", db, "--imported"},
		{"suggest", "--db", db, "--corpus", "--status", "nope"},
	} {
		if r := runCLI(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	dir := t.TempDir()
	bad := write(t, dir, "bad.jsonl", []byte(`{"label":"ORG","pattern":"A"}`+"\n"+`{"label":"NOPE","pattern":"B"}`+"\n"))
	if r := runCLI(t, "patterns", "--db", db, "--set", bad); r.code != 1 || !strings.Contains(r.stderr, "bad.jsonl:2: invalid: unknown label \"NOPE\"") {
		t.Errorf("bad pattern file: %+v", r)
	}
	if r := runCLI(t, "suggest", "--db", db, "--patterns"); r.code != 1 || !strings.Contains(r.stderr, "no pattern sets stored") {
		t.Errorf("no pattern sets: %+v", r)
	}
}
