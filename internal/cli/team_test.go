package cli

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/storage/postgres/pgtest"
)

// TestTeamCommand: team --add makes a member with a password from a file
// or the environment (never printed), team lists them, --blind turns
// blind mode on and off, and bad arguments are usage errors.
func TestTeamCommand(t *testing.T) {
	srv := pgtest.Shared(t)
	dir := t.TempDir()
	pg := srv.NewDB(t)
	if r := tagdesk(t, "init", "--db", pg); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	in := write(t, dir, "in.jsonl", []byte(relLine))
	if r := tagdesk(t, "import", "--db", pg, in); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	const secret = "tr0ub4dor&3"
	pwFile := write(t, dir, "pw", []byte(secret+"\n"))
	r := tagdesk(t, "team", "--db", pg, "--add", "cli_ann", "--role", "annotator", "--password-file", pwFile)
	if r.code != 0 || !strings.Contains(r.stderr, "cli_ann is an annotator, with the password given") {
		t.Fatalf("team --add: %+v", r)
	}
	r2 := tagdeskEnv(t, []string{"TAGDESK_NO_BACKUPS=1", "TAGDESK_NEW_PASSWORD=" + secret}, "team", "--db", pg, "--add", "cli_cur", "--role", "curator", "--blind", "on")
	if r2.code != 0 || !strings.Contains(r2.stderr, "blind mode on") {
		t.Fatalf("team --add --blind on: %+v", r2)
	}
	r3 := tagdesk(t, "team", "--db", pg)
	for _, r := range []result{r, r2, r3} {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("the password was printed: %+v", r)
		}
	}
	for _, want := range []string{"blind mode: on", "cli_ann", "annotator", "cli_cur", "curator", "alice", "owner"} {
		if !strings.Contains(r3.stdout, want) {
			t.Errorf("team lists no %q:\n%s", want, r3.stdout)
		}
	}
	// The annotator, connected as their role, sees only their own work:
	// alice's imported spans are not theirs.
	u, _ := url.Parse(pg)
	u.User = url.User("cli_ann")
	if r := tagdesk(t, "stats", "--db", u.String()); r.code != 0 || !regexp.MustCompile(`(?m)^spans +0$`).MatchString(r.stdout) {
		t.Errorf("stats as the annotator in blind mode: %+v", r)
	}
	if r := tagdesk(t, "team", "--db", pg, "--blind", "off"); r.code != 0 || !strings.Contains(r.stderr, "blind mode off") {
		t.Errorf("team --blind off: %+v", r)
	}
	for _, args := range [][]string{
		{"team", "--db", pg, "--add", "x"},
		{"team", "--db", pg, "--role", "curator"},
		{"team", "--db", pg, "--blind", "maybe"},
		{"team", "--db", filepath.Join(dir, "a.db")},
	} {
		if r := tagdesk(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage): %s", args, r.code, r.stderr)
		}
	}
	empty := write(t, dir, "empty", []byte("\n"))
	if r := tagdesk(t, "team", "--db", pg, "--add", "cli_x", "--role", "annotator", "--password-file", empty); r.code != 1 || !strings.Contains(r.stderr, empty+":1:") {
		t.Errorf("an empty password file: %+v", r)
	}
}
