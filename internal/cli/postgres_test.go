package cli

import (
	"bytes"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// TestPostgresCommands: every command takes a postgres:// URL; init
// creates the tables, copy moves a corpus from SQLite to PostgreSQL and
// back with the same export, and a password in the URL is never printed.
func TestPostgresCommands(t *testing.T) {
	srv := pgtest.Shared(t)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := corpus.Write(&b, 40); err != nil {
		t.Fatal(err)
	}
	in := write(t, dir, "in.jsonl", b.Bytes())
	lite := filepath.Join(dir, "a.db")
	if r := tagdesk(t, "import", "--db", lite, in); r.code != 0 {
		t.Fatalf("import into SQLite: %+v", r)
	}

	// A password the server does not need (trust), to see it is hidden.
	u, _ := url.Parse(srv.NewDB(t))
	u.User = url.UserPassword("tagdesk", "s3cret-pw")
	pg := u.String()
	noSecret := func(r result) {
		t.Helper()
		if strings.Contains(r.stdout+r.stderr, "s3cret-pw") {
			t.Errorf("the password was printed: %+v", r)
		}
	}
	r := tagdesk(t, "stats", "--db", pg)
	noSecret(r)
	if r.code != 1 || !strings.Contains(r.stderr, "tagdesk init") {
		t.Errorf("stats on a database without tables: %+v, want exit 1 pointing at tagdesk init", r)
	}
	r = tagdesk(t, "init", "--db", pg)
	noSecret(r)
	if r.code != 0 || !strings.Contains(r.stderr, "xxxxx") {
		t.Fatalf("init: %+v", r)
	}
	r = tagdesk(t, "copy", "--from", lite, "--to", pg)
	noSecret(r)
	if r.code != 0 {
		t.Fatalf("copy to PostgreSQL: %+v", r)
	}
	if got, want := snapshot(t, pg), snapshot(t, lite); got != want {
		t.Errorf("PostgreSQL after copy:\n%s\nwant\n%s", got, want)
	}
	if r := tagdesk(t, "copy", "--from", lite, "--to", pg); r.code != 1 || !strings.Contains(r.stderr, "empty") {
		t.Errorf("copy into a database that is not empty: %+v, want refused", r)
	}
	back := filepath.Join(dir, "back.db")
	if r := tagdesk(t, "copy", "--from", pg, "--to", back); r.code != 0 {
		t.Fatalf("copy back to SQLite: %+v", r)
	}
	if got, want := snapshot(t, back), snapshot(t, lite); got != want {
		t.Errorf("SQLite after the copy back:\n%s\nwant\n%s", got, want)
	}
	for _, args := range [][]string{{"backup", "--db", pg, filepath.Join(dir, "bak.db")}, {"check", "--db", pg}, {"schema", "--db", pg}} {
		r := tagdesk(t, args...)
		noSecret(r)
		if r.code != 0 {
			t.Errorf("%s: %+v", args[0], r)
		}
		if args[0] == "check" && !(strings.Contains(r.stdout, "PostgreSQL: checked on a snapshot:") && strings.Contains(r.stdout, "not row checksums")) {
			t.Errorf("check of PostgreSQL does not say what it checks: %q", r.stdout)
		}
	}
	if r := tagdesk(t, "import", "--db", pg, in); r.code != 0 {
		t.Errorf("import of the same file again: %+v", r)
	}
}

// TestPostgresTeamCommands: assign, stats' queues, agree and the import
// of another tagdesk database work on a PostgreSQL database as on an
// SQLite file, and recover says what to do instead.
func TestPostgresTeamCommands(t *testing.T) {
	srv := pgtest.Shared(t)
	dir := t.TempDir()
	var data strings.Builder
	for _, id := range []string{"a1", "a2", "a3", "a4", "a5", "a6"} {
		data.WriteString(line(id, "alice", canada+","+wang))
		data.WriteString(line(id, "bob", canada+","+junz+","+eu))
	}
	lite := filepath.Join(dir, "other.db")
	if r := tagdesk(t, "import", "--db", lite, write(t, dir, "in.jsonl", []byte(data.String()))); r.code != 0 {
		t.Fatal(r.stderr)
	}
	pg := srv.NewDB(t)
	if r := tagdesk(t, "init", "--db", pg); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	if r := tagdesk(t, "import", "--db", pg, lite); r.code != 0 {
		t.Fatalf("import of an SQLite database into PostgreSQL: %+v", r)
	}
	if got, want := snapshot(t, pg), snapshot(t, lite); got != want {
		t.Errorf("PostgreSQL after import OTHER.db:\n%s\nwant\n%s", got, want)
	}
	args := []string{"--annotators", "alice,bob,carol", "--per-article", "2", "--seed", "7"}
	want := tagdesk(t, append([]string{"assign", "--db", lite}, args...)...)
	got := tagdesk(t, append([]string{"assign", "--db", pg}, args...)...)
	if got.code != 0 || got.stdout != want.stdout {
		t.Errorf("assign on PostgreSQL: %+v\nwant the plan of SQLite:\n%s", got, want.stdout)
	}
	for _, cmd := range [][]string{{"stats"}, {"agree", "--format", "json"}} {
		want := tagdesk(t, append(cmd, "--db", lite)...)
		got := tagdesk(t, append(cmd, "--db", pg)...)
		if got.code != 0 || got.stdout != want.stdout {
			t.Errorf("%s on PostgreSQL: %+v\nwant what SQLite gives:\n%s", cmd[0], got, want.stdout)
		}
	}
	if st := tagdesk(t, "stats", "--db", pg); !strings.Contains(st.stdout, "carol        4 / 4") {
		t.Errorf("stats shows no queues: %s", st.stdout)
	}
	if r := tagdesk(t, "recover", "--db", pg, "-o", filepath.Join(dir, "new.db")); r.code != 1 || !strings.Contains(r.stderr, "tagdesk backup") {
		t.Errorf("recover on PostgreSQL: %+v, want exit 1 pointing at tagdesk backup", r)
	}
}
