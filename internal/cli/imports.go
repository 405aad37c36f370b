package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// cmdImports lists the recorded imports of a database, oldest first, one
// a line that starts with the import's id: `tagdesk imports [--db FILE]`.
func cmdImports(args []string, stdout io.Writer) error {
	f := newFlags("imports")
	if err := f.parseNone(args); err != nil {
		return err
	}
	rec, closeDB, err := openRecorder(f.db, "imports")
	if err != nil {
		return err
	}
	defer closeDB()
	list, err := rec.ImportBatches(context.Background())
	if err != nil {
		return err
	}
	if len(list) == 0 {
		_, err := fmt.Fprintf(stdout, "no imports recorded in %s yet\n", dbName(f.db))
		return err
	}
	for _, b := range list {
		if _, err := fmt.Fprintln(stdout, b.Line()); err != nil {
			return err
		}
	}
	return nil
}

// undoImport takes back one recorded import:
// `tagdesk import --undo BATCH [--force]`. Later work that depends on it
// stops it, named, unless force. Today's backup is made first, as for
// every change.
func undoImport(f *flags, id int64, force, noBackups bool, stderr io.Writer) error {
	rec, closeDB, err := openRecorder(f.db, "import --undo")
	if err != nil {
		return err
	}
	closeDB() // opened to tell the store; reopened after the backup
	if err := dailyBackup(f.db, noBackups, stderr); err != nil {
		return err
	}
	if rec, closeDB, err = openRecorder(f.db, "import --undo"); err != nil {
		return err
	}
	defer closeDB()
	res, err := rec.UndoImport(context.Background(), id, force)
	var de *annotate.DependsError
	if errors.As(err, &de) {
		return fmt.Errorf("%s: %w\nnothing was changed. Undo the later work first, or use tagdesk import --undo %d --force to take it away with the import", dbName(f.db), err, id)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", dbName(f.db), err)
	}
	for _, d := range res.Lost {
		fmt.Fprintf(stderr, "taken away (--force): article %d (%s): %s\n", d.ArticleID, d.ExtID, d.What)
	}
	_, err = fmt.Fprintf(stderr, "undid import %d: %s\n", id, res.Summary())
	return err
}

// openRecorder opens the database of a command that reads or undoes the
// recorded imports; a store that records none (PostgreSQL) is refused,
// saying so.
func openRecorder(dbFlag, cmd string) (annotate.ImportRecorder, func(), error) {
	notHere := fmt.Errorf("%s: tagdesk %s is not supported on PostgreSQL: imports into it are not recorded as batches, so they cannot be listed or undone; restore a backup made with pg_dump instead", dbName(dbFlag), cmd)
	if postgres.IsURL(resolve(dbFlag)) {
		return nil, nil, notHere
	}
	db, err := openExistingDB(dbFlag)
	if err != nil {
		return nil, nil, err
	}
	rec, ok := db.(annotate.ImportRecorder)
	if !ok {
		db.Close()
		return nil, nil, notHere
	}
	return rec, func() { db.Close() }, nil
}
