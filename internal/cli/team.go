package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/tagdesk/tagdesk/storage/postgres"
)

// passwordEnv is where `tagdesk team --add` reads a new member's password
// when no --password-file is given.
const passwordEnv = "TAGDESK_NEW_PASSWORD"

// cmdTeam manages the team of a PostgreSQL database: `tagdesk team --db
// URL` lists it, `--add NAME --role annotator|curator` adds a member (a
// new login role, its password read from --password-file or
// $TAGDESK_NEW_PASSWORD, never from the command line), `--blind on|off`
// turns blind mode on or off. Adding and blind mode are the owner's.
func cmdTeam(args []string, stdout, stderr io.Writer) error {
	f := newFlags("team")
	add := f.String("add", "", "a member to add: a new or existing PostgreSQL role")
	role := f.String("role", "", "the member's role: annotator or curator")
	pwFile := f.String("password-file", "", "a file whose first line is the new member's password (- reads standard input)")
	blind := f.String("blind", "", "on or off: annotators see only their own work")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if !postgres.IsURL(resolve(f.db)) {
		return usageErr("team needs --db postgres://…: a team shares a PostgreSQL database")
	}
	if *add == "" && (*role != "" || *pwFile != "") {
		return usageErr("team: --role and --password-file go with --add NAME")
	}
	if *add != "" && *role == "" {
		return usageErr("team --add %s needs --role annotator or --role curator", *add)
	}
	if *blind != "" && *blind != "on" && *blind != "off" {
		return usageErr("team --blind takes on or off, not %q", *blind)
	}
	ctx := context.Background()
	db, err := postgres.OpenExisting(ctx, resolve(f.db))
	if err != nil {
		return err
	}
	defer db.Close()
	if *add != "" {
		pw, err := newPassword(*pwFile)
		if err != nil {
			return err
		}
		if err := db.AddMember(ctx, *add, *role, pw); err != nil {
			return fmt.Errorf("%s: add %s: %w", db.Name(), *add, err)
		}
		how := "with the password given"
		if len(pw) == 0 {
			how = "without a password (set one with --password-file, or let the server's pg_hba.conf authenticate them otherwise)"
		}
		a := "a"
		if *role == postgres.RoleAnnotator {
			a = "an"
		}
		fmt.Fprintf(stderr, "%s: %s is %s %s, %s\n", db.Name(), *add, a, *role, how)
	}
	if *blind != "" {
		if err := db.SetBlind(ctx, *blind == "on"); err != nil {
			return fmt.Errorf("%s: %w", db.Name(), err)
		}
	}
	if *add != "" || *blind != "" {
		on, err := db.Blind(ctx)
		if err == nil {
			fmt.Fprintf(stderr, "%s: blind mode %s\n", db.Name(), onOff(on))
		}
		return err
	}
	return listTeam(ctx, db, stdout)
}

// listTeam prints the team: blind mode, then each person with their
// role, spans and done articles.
func listTeam(ctx context.Context, db *postgres.DB, stdout io.Writer) error {
	on, err := db.Blind(ctx)
	if err != nil {
		return err
	}
	team, err := db.Team(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "blind mode: %s\n", onOff(on))
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tSPANS\tDONE")
	for _, m := range team {
		r := m.Role
		if r == "" {
			r = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", annotatorLabel(m.Name), r, m.Spans, m.Done)
	}
	return tw.Flush()
}

func annotatorLabel(name string) string {
	if name == "" {
		return "(no name)"
	}
	return name
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// newPassword reads a new member's password: the first line of path (-
// for standard input), else $TAGDESK_NEW_PASSWORD, else none. It is
// never echoed, logged or put in a message.
func newPassword(path string) ([]byte, error) {
	if path == "" {
		return []byte(os.Getenv(passwordEnv)), nil
	}
	var r io.Reader = os.Stdin
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("password file: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("password file %s: %w", path, err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return nil, fmt.Errorf("password file %s:1: the first line is empty", path)
	}
	return []byte(pw), nil
}
