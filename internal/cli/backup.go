package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/storage"
)

// cmdBackup writes a consistent copy of the database to OUT while windows
// and imports may be using it: `tagdesk backup [--db FILE] [--force] OUT`.
func cmdBackup(args []string, stderr io.Writer) error {
	f := newFlags("backup")
	force := f.Bool("force", false, "replace OUT if it exists")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("backup needs one OUT file")
	}
	if err := mustExist(f.db); err != nil {
		return err
	}
	path := f.db
	if path == "" {
		path = DefaultDBPath()
	}
	if err := storage.Backup(context.Background(), path, pos[0], *force); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "backed up %s to %s\n", path, pos[0])
	return nil
}
