package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

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
	_, err = fmt.Fprintln(stdout, strings.Join(res.Lines(), "\n"))
	return err
}
