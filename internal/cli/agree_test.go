package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

const annText = "Canada sanctions Wang Junzheng and the EU."

// line is one native JSONL record of annText by who.
func line(id, who string, spans string) string {
	return `{"id":"` + id + `","text":"` + annText + `","annotator":"` + who + `","status":"done","spans":[` + spans + `]}` + "\n"
}

const (
	canada = `{"start":0,"end":6,"label":"JURISDICTION"}`
	wang   = `{"start":17,"end":30,"label":"PERSON"}`
	junz   = `{"start":22,"end":30,"label":"PERSON"}`
	eu     = `{"start":39,"end":41,"label":"ORG"}`
)

// TestImportDatabase merges annotators' own databases into one, and
// refuses what the import rules refuse, all or nothing, naming the file.
func TestImportDatabase(t *testing.T) {
	dir := t.TempDir()
	alice, bob, team := filepath.Join(dir, "alice.db"), filepath.Join(dir, "bob.sqlite"), filepath.Join(dir, "team.db")
	for _, c := range []struct{ db, data string }{
		{alice, line("a1", "alice", canada+","+wang) + line("a2", "alice", eu)},
		{bob, line("a1", "bob", canada+","+junz)},
	} {
		in := write(t, dir, filepath.Base(c.db)+".jsonl", []byte(c.data))
		if r := tagdesk(t, "import", "--db", c.db, in); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	t.Run("OK", func(t *testing.T) {
		bobBefore, _ := os.ReadFile(bob)
		r := tagdesk(t, "import", "--db", team, alice, bob)
		if r.code != 0 {
			t.Fatalf("import: %s", r.stderr)
		}
		if b, _ := os.ReadFile(bob); string(b) != string(bobBefore) {
			t.Error("the imported database changed")
		}
		st := tagdesk(t, "stats", "--db", team)
		if !strings.Contains(st.stdout, "articles  2\nspans     5") || !strings.Contains(st.stdout, "annotators: alice, bob") {
			t.Errorf("stats after merging:\n%s", st.stdout)
		}
		again := snapshot(t, team)
		tagdesk(t, "import", "--db", team, alice, bob)
		if snapshot(t, team) != again {
			t.Error("importing the same databases twice changed something")
		}
	})
	t.Run("ErrTextDiffers", func(t *testing.T) {
		other := filepath.Join(dir, "other.db")
		in := write(t, dir, "other.jsonl", []byte(strings.Replace(line("a1", "carol", ""), "EU.", "UN.", 1)))
		tagdesk(t, "import", "--db", other, in)
		before := snapshot(t, team)
		r := tagdesk(t, "import", "--db", team, other)
		if r.code != 1 || !strings.Contains(r.stderr, "other.db") || !strings.Contains(r.stderr, `"a1"`) {
			t.Errorf("got %d %q", r.code, r.stderr)
		}
		if snapshot(t, team) != before {
			t.Error("a refused database changed the target")
		}
	})
	t.Run("ErrNotTagdesk", func(t *testing.T) {
		foreign := filepath.Join(dir, "foreign.data")
		c, err := sql.Open("sqlite3", foreign)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(`CREATE TABLE t (x)`); err != nil {
			t.Fatal(err)
		}
		c.Close()
		r := tagdesk(t, "import", "--db", team, foreign)
		if r.code != 1 || !strings.Contains(r.stderr, "foreign.data") || !strings.Contains(r.stderr, "not a tagdesk database") {
			t.Errorf("got %d %q", r.code, r.stderr)
		}
		if r := tagdesk(t, "import", "--db", team, team); r.code != 1 || !strings.Contains(r.stderr, "being imported into") {
			t.Errorf("into itself: got %d %q", r.code, r.stderr)
		}
	})
	t.Run("FolderSkipsDatabases", func(t *testing.T) {
		folder := filepath.Join(dir, "handed-in")
		os.Mkdir(folder, 0o755)
		write(t, folder, "carol.jsonl", []byte(line("a3", "carol", canada)))
		data, _ := os.ReadFile(alice)
		write(t, folder, "alice.db", data)
		fresh := filepath.Join(dir, "fresh.db")
		if r := tagdesk(t, "import", "--db", fresh, folder); r.code != 0 || !strings.Contains(tagdesk(t, "stats", "--db", fresh).stdout, "articles  1\n") {
			t.Errorf("a folder's .db was imported: %d %s", r.code, r.stderr)
		}
	})
}

func TestAssignAndAgree(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	var data strings.Builder
	for _, id := range []string{"a1", "a2", "a3", "a4", "a5", "a6"} {
		data.WriteString(line(id, "alice", canada+","+wang))
		data.WriteString(line(id, "bob", canada+","+junz+","+eu))
	}
	if r := tagdesk(t, "import", "--db", db, write(t, dir, "in.jsonl", []byte(data.String()))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := tagdesk(t, "assign", "--db", db, "--annotators", "alice,bob,carol", "--per-article", "2", "--seed", "7")
	if r.code != 0 || !strings.Contains(r.stdout, "seed 7") || !strings.Contains(r.stdout, "alice + bob") {
		t.Fatalf("assign: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if again := tagdesk(t, "assign", "--db", db, "--annotators", "alice,bob,carol", "--per-article", "2", "--seed", "7"); again.stdout != r.stdout {
		t.Errorf("the same seed, another plan:\n%s\n%s", r.stdout, again.stdout)
	}
	st := tagdesk(t, "stats", "--db", db)
	if !strings.Contains(st.stdout, "queues") || !strings.Contains(st.stdout, "carol        4 / 4") {
		t.Errorf("stats: %s", st.stdout)
	}
	if r := tagdesk(t, "assign", "--db", db, "--annotators", "alice", "--per-article", "2"); r.code != 2 {
		t.Errorf("2 per article of 1: got %d", r.code)
	}

	tab := tagdesk(t, "agree", "--db", db)
	if tab.code != 0 || !strings.Contains(tab.stdout, "alice × bob") || !strings.Contains(tab.stdout, "α-U") {
		t.Fatalf("agree: %d %s %s", tab.code, tab.stdout, tab.stderr)
	}
	js := tagdesk(t, "agree", "--db", db, "--format", "json", "--label", "PERSON", "--status", "done")
	var rep struct {
		Pairs []struct {
			A, B  string
			Spans struct{ A, B, Exact, Overlap int }
		}
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil || len(rep.Pairs) != 1 {
		t.Fatalf("json: %v %s %s", err, js.stdout, js.stderr)
	}
	if s := rep.Pairs[0].Spans; s.A != 6 || s.B != 6 || s.Exact != 0 || s.Overlap != 6 {
		t.Errorf("PERSON spans: %+v", s)
	}
	if c := tagdesk(t, "agree", "--db", db, "--format", "csv"); c.code != 0 || !strings.HasPrefix(c.stdout, "scope,a,b,label") {
		t.Errorf("csv: %d %s", c.code, c.stderr)
	}
	if r := tagdesk(t, "agree", "--db", db, "--annotators", "alice"); r.code != 2 || !strings.Contains(r.stderr, "two annotators") {
		t.Errorf("one annotator: %d %s", r.code, r.stderr)
	}
}
