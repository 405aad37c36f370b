package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// ArticleIDs returns the ids of every article, in article order.
func (db *DB) ArticleIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = queryIDs(ctx, tx, `SELECT id FROM articles ORDER BY id`)
		return err
	})
	return ids, err
}

// Assign replaces every assignment with plan (article id → its
// annotators), in one transaction. ErrNotFound if an article is absent;
// ErrInvalid for an empty annotator name.
func (db *DB) Assign(ctx context.Context, plan map[int64][]string) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM assignments`); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO assignments (article_id, annotator, created) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := ms(db.now())
		for id, names := range plan {
			for _, name := range names {
				if name == "" {
					return fmt.Errorf("%w: an assignment needs an annotator name", annotate.ErrInvalid)
				}
				if _, err := stmt.ExecContext(ctx, id, name, now); err != nil {
					return fmt.Errorf("assign article %d to %q: %w", id, name, mapErr(err))
				}
			}
		}
		return nil
	})
}

// Assigned returns the ids of the articles assigned to annotator, in
// article order; none when nothing is assigned to them.
func (db *DB) Assigned(ctx context.Context, annotator string) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = queryIDs(ctx, tx, `SELECT article_id FROM assignments WHERE annotator = ? ORDER BY article_id`, annotator)
		return err
	})
	return ids, err
}

func queryIDs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
