package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tagdesk/tagdesk/storage"
)

// cmdBackup writes a consistent copy of the database to OUT while windows
// and imports may be using it: `tagdesk backup [--db FILE] [--force] OUT`.
func cmdBackup(args []string, stderr io.Writer) error {
	fs := newFlags("backup")
	dbPath := fs.String("db", "", "database file")
	force := fs.Bool("force", false, "replace OUT if it exists")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("backup needs one OUT file")
	}
	if err := mustExist(*dbPath); err != nil {
		return err
	}
	path := *dbPath
	if path == "" {
		path = defaultDBPath()
	}
	if err := storage.Backup(context.Background(), path, pos[0], *force); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "backed up %s to %s\n", path, pos[0])
	return nil
}

// cmdCheck checks a database without changing it and prints each problem
// on a line of its own: `tagdesk check [--db FILE]`. Any problem is exit
// status 1.
func cmdCheck(args []string, stdout io.Writer) error {
	fs := newFlags("check")
	dbPath := fs.String("db", "", "database file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("check takes no arguments")
	}
	if err := mustExist(*dbPath); err != nil {
		return err
	}
	path := *dbPath
	if path == "" {
		path = defaultDBPath()
	}
	res, err := storage.Check(context.Background(), path, func(p string) { fmt.Fprintln(stdout, p) })
	if err != nil {
		return err
	}
	if res.Problems > 0 {
		return fmt.Errorf("%s: %d problem(s) in %d articles, %d spans; keep a copy (tagdesk backup) before changing anything, and see README, \"Your data\"", path, res.Problems, res.Articles, res.Spans)
	}
	_, err = fmt.Fprintf(stdout, "ok: %d articles, %d spans checked\n", res.Articles, res.Spans)
	return err
}
