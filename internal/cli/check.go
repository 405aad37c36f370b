package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// cmdCheck checks a database without changing it and prints each problem
// on a line of its own: `tagdesk check [--db FILE]`. Any problem is exit
// status 1. Pairs of one annotator's spans with the same label that
// overlap are listed as notes: allowed, but usually slips.
func cmdCheck(args []string, stdout io.Writer) error {
	f := newFlags("check")
	if err := f.parseNone(args); err != nil {
		return err
	}
	pg := postgres.IsURL(resolve(f.db))
	if pg {
		// PostgreSQL keeps its own pages; what tagdesk checks (texts, offsets,
		// schema, statuses, relations) it checks on a copy: a snapshot in a
		// temporary file, whose row checksums the copy computes (pgChecked).
		dir, err := os.MkdirTemp("", "tagdesk-check-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		tmp := filepath.Join(dir, "check.db")
		if _, err := copyDatabases(context.Background(), resolve(f.db), tmp); err != nil {
			return err
		}
		f.db = tmp
	}
	path, err := existingPath(f.db)
	if err != nil {
		return err
	}
	res, err := storage.Check(context.Background(), path, func(p string) { fmt.Fprintln(stdout, p) },
		func(n string) { fmt.Fprintln(stdout, "note:", n) })
	if err != nil {
		return err
	}
	if res.Damaged > 0 {
		return &storage.DamagedError{Path: path, Err: fmt.Errorf("%d problem(s) above in %d articles, %d spans", res.Problems, res.Articles, res.Spans)}
	}
	if res.Problems > 0 {
		return fmt.Errorf("%s: %d problem(s) in %d articles, %d spans; keep a copy (tagdesk backup) before changing anything, and see README, \"Your data\"", path, res.Problems, res.Articles, res.Spans)
	}
	rels := ""
	if res.Relations > 0 {
		rels = fmt.Sprintf(", %d relations", res.Relations)
	}
	_, err = fmt.Fprintf(stdout, "ok: %d articles, %d spans%s checked", res.Articles, res.Spans, rels)
	if err == nil && res.Overlaps > 0 {
		_, err = fmt.Fprintf(stdout, "; %d pair(s) of spans with the same label overlap (see the notes above)", res.Overlaps)
	}
	if err == nil {
		_, err = fmt.Fprintln(stdout)
	}
	if err == nil && pg {
		_, err = fmt.Fprintln(stdout, pgChecked)
	}
	return err
}

// pgChecked says what check verifies of a PostgreSQL database.
const pgChecked = `PostgreSQL: checked on a snapshot: the texts, the spans' offsets, labels and attributes, the relations' types and spans, the statuses and the schema; ` +
	`not row checksums (the server keeps none: it guards its own pages; use data checksums and pg_amcheck)`
