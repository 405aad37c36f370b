package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// cmdRestore puts a backup back in the place of the database:
// `tagdesk restore [--db FILE] BACKUP`. BACKUP is a file, or the name of
// one of the database's everyday backups (tagdesk backups lists them).
// The current state is backed up first; other windows and commands on the
// database must be closed (it is refused while its write-ahead log shows
// another user).
func cmdRestore(args []string, stdout io.Writer) error {
	f := newFlags("restore")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("restore needs one BACKUP (tagdesk backups lists them)")
	}
	if p := resolve(f.db); postgres.IsURL(p) {
		return fmt.Errorf("%s: restore puts back an SQLite file; for PostgreSQL use pg_restore, or tagdesk copy --from BACKUP.db --to an empty database", dbName(f.db))
	}
	path := resolve(f.db)
	backup := pos[0]
	if _, err := os.Stat(backup); err != nil {
		if alt := filepath.Join(storage.BackupDir(path), backup); sizeOf(alt) >= 0 {
			backup = alt
		} else {
			return fmt.Errorf("%s: no such backup (tagdesk backups --db %s lists them)", backup, path)
		}
	}
	saved, err := storage.Restore(context.Background(), path, backup)
	switch {
	case strings.HasSuffix(saved, ".damaged.db"):
		fmt.Fprintf(stdout, "the state before (damaged, kept as it was): %s\n", saved)
	case saved != "":
		fmt.Fprintf(stdout, "the state before: %s\n", saved)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "restored %s from %s\n", path, backup)
	return err
}
