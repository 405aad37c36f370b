package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// QuickCheck runs SQLite's PRAGMA quick_check on the database, reading
// only: a *DamagedError naming what it found when the file is damaged.
// (It does not verify the checksums of the rows: tagdesk check does.)
func (db *DB) QuickCheck(ctx context.Context) error {
	return db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `PRAGMA quick_check(5)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var found []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			s = strings.ReplaceAll(strings.TrimSpace(strings.TrimPrefix(s, "*** in database main ***")), "\n", "; ")
			if s != "ok" && s != "" {
				found = append(found, s)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(found) > 0 {
			return &DamagedError{Path: db.path, Err: errors.New("quick_check: " + strings.Join(found, "; "))}
		}
		return nil
	})
}

// Lines says what a recovery saved against what the damaged file claims,
// a line for each kind of row, and the check of the new database.
func (r RecoverResult) Lines() []string {
	var out []string
	for _, c := range []struct {
		name string
		n    RecoverCounts
	}{{"articles", r.Articles}, {"spans", r.Spans}, {"relations", r.Relations}, {"statuses", r.Statuses}} {
		if c.name == "relations" && c.n.Claimed == 0 && c.n.Saved == 0 {
			continue // none, or a file from before relations
		}
		if c.n.Claimed < 0 {
			out = append(out, fmt.Sprintf("  %-9s %d saved (the damaged file's count cannot be read)", c.name, c.n.Saved))
			continue
		}
		out = append(out, fmt.Sprintf("  %-9s %d of %d saved, %d lost", c.name, c.n.Saved, c.n.Claimed, max(c.n.Claimed-c.n.Saved, 0)))
	}
	if r.DefaultSchema {
		out = append(out, "  the label schema could not be read: the default one is in force (tagdesk schema --set FILE)")
	}
	return append(out, fmt.Sprintf("check: ok: %d articles, %d spans checked", r.Check.Articles, r.Check.Spans))
}
