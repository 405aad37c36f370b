package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/postgres"
)

// guiData connects the window to the damage check, recover and the
// everyday backups, as tagdesk check, recover, backups and restore do
// them.
var guiData = app.DataOptions{
	Check: func(ctx context.Context, s annotate.Store) error {
		if d, ok := s.(interface{ Damage() error }); ok {
			return d.Damage() // a file that could not be opened at all
		}
		if db, ok := s.(*storage.DB); ok {
			return db.QuickCheck(ctx)
		}
		return nil
	},
	Recover: func(ctx context.Context, src, dst string) (string, error) {
		if postgres.IsURL(src) {
			return "", errors.New("recover reads a damaged SQLite file; a PostgreSQL server guards its own pages")
		}
		// The file dialog has created dst, empty, and asked before
		// replacing a file: it is replaced.
		lost := false
		res, err := storage.Recover(ctx, src, dst, true, func(string) { lost = true })
		if err != nil {
			return "", err
		}
		msg := fmt.Sprintf("Recovered %s into %s:\n%s", src, dst, strings.Join(res.Lines(), "\n"))
		if lost {
			msg += fmt.Sprintf("\n(tagdesk recover --db %s -o OTHER.db lists each row it could not save.)", src)
		}
		return msg, nil
	},
	Backups: func(ctx context.Context, path string) ([]app.Backup, error) {
		if postgres.IsURL(path) {
			return nil, errors.New("tagdesk makes no everyday backups of a PostgreSQL database: use pg_dump (see the README)")
		}
		list, err := storage.Backups(ctx, path)
		if err != nil {
			return nil, err
		}
		out := make([]app.Backup, len(list))
		for i, b := range list {
			out[i] = app.Backup{Path: b.Path, Time: b.Time, Size: b.Size, Articles: b.Articles, Spans: b.Spans, Err: b.Err}
		}
		return out, nil
	},
	Restore: storage.Restore,
}
