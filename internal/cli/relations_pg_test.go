package cli

import (
	"path/filepath"
	"testing"

	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// TestRelationsPostgres: TestRelationsCommands' steps on a PostgreSQL
// database, then copy moves the relations to an SQLite file and from it
// into a second PostgreSQL database, each exporting the same line.
func TestRelationsPostgres(t *testing.T) {
	srv := pgtest.Shared(t)
	dir := t.TempDir()
	pg := srv.NewDB(t)
	relationsRoundTrip(t, dir, pg)

	lite := filepath.Join(dir, "back.db")
	if r := tagdesk(t, "copy", "--from", pg, "--to", lite); r.code != 0 {
		t.Fatalf("copy to SQLite: %+v", r)
	}
	pg2 := srv.NewDB(t)
	if r := tagdesk(t, "copy", "--from", lite, "--to", pg2); r.code != 0 {
		t.Fatalf("copy to PostgreSQL: %+v", r)
	}
	for _, db := range []string{lite, pg2} {
		out := filepath.Join(dir, "out.jsonl")
		if r := tagdesk(t, "export", "--db", db, "-o", out); r.code != 0 {
			t.Fatalf("export %s: %+v", db, r)
		}
		if got := string(mustRead(t, out)); got != relLine {
			t.Errorf("export of %s after the copies:\ngot  %s\nwant %s", db, got, relLine)
		}
	}
}
