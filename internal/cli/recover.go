package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// cmdRecover saves what can be read of a damaged database into a new one:
// `tagdesk recover [--db FILE] [--force] -o NEW.db`. The damaged file is
// never modified.
func cmdRecover(args []string, stdout io.Writer) error {
	f := newFlags("recover")
	out := f.String("o", "", "the new database to write (must not exist)")
	force := f.Bool("force", false, "replace the -o file if it exists")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if *out == "" {
		return usageErr("recover needs -o NEW.db")
	}
	if postgres.IsURL(resolve(f.db)) {
		return fmt.Errorf("%s: recover reads a damaged SQLite file; a PostgreSQL server guards its own pages (data checksums, pg_amcheck, its backups), and tagdesk backup --db URL OUT.db saves what it can read", dbName(f.db))
	}
	path, err := existingPath(f.db)
	if err != nil {
		return err
	}
	res, err := storage.Recover(context.Background(), path, *out, *force, func(msg string) { fmt.Fprintln(stdout, "lost:", msg) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "recovered %s into %s:\n", path, *out)
	for _, c := range []struct {
		name string
		n    storage.RecoverCounts
	}{{"articles", res.Articles}, {"spans", res.Spans}, {"statuses", res.Statuses}} {
		if c.n.Claimed < 0 {
			fmt.Fprintf(stdout, "  %-9s %d saved (the damaged file's count cannot be read)\n", c.name, c.n.Saved)
			continue
		}
		fmt.Fprintf(stdout, "  %-9s %d of %d saved, %d lost\n", c.name, c.n.Saved, c.n.Claimed, max(c.n.Claimed-c.n.Saved, 0))
	}
	if res.DefaultSchema {
		fmt.Fprintln(stdout, "  the label schema could not be read: the default one is in force (tagdesk schema --set FILE)")
	}
	_, err = fmt.Fprintf(stdout, "check: ok: %d articles, %d spans checked\n", res.Check.Articles, res.Check.Spans)
	return err
}
