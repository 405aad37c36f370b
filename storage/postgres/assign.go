package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// ArticleIDs returns the ids of every article, in article order.
func (db *DB) ArticleIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx pgx.Tx) error {
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
	return db.update(ctx, func(tx pgx.Tx, _ func(annotate.Change)) error {
		if _, err := tx.Exec(ctx, `DELETE FROM assignments`); err != nil {
			return err
		}
		now := ms(db.now())
		var rows [][]any
		for id, names := range plan {
			for _, name := range names {
				if name == "" {
					return fmt.Errorf("%w: an assignment needs an annotator name", annotate.ErrInvalid)
				}
				if err := noNUL("an annotator name", name); err != nil {
					return err
				}
				rows = append(rows, []any{id, name, now})
			}
		}
		// One COPY for the whole plan; a missing article fails it with a
		// foreign key violation, which update maps to ErrNotFound.
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"assignments"}, []string{"article_id", "annotator", "created"}, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("assign: %w", mapErr(err))
		}
		return nil
	})
}

// Assigned returns the ids of the articles assigned to annotator, in
// article order; none when nothing is assigned to them.
func (db *DB) Assigned(ctx context.Context, annotator string) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx pgx.Tx) error {
		var err error
		ids, err = queryIDs(ctx, tx, `SELECT article_id FROM assignments WHERE annotator = $1 ORDER BY article_id`, annotator)
		return err
	})
	return ids, err
}

func queryIDs(ctx context.Context, tx pgx.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// queues adds each annotator's share of the assigned articles to s.
func queues(ctx context.Context, tx pgx.Tx, s *annotate.Stats) error {
	rows, err := tx.Query(ctx, rowcodec.QueuesSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q annotate.Queue
		if err := rows.Scan(&q.Annotator, &q.Assigned, &q.Open); err != nil {
			return err
		}
		s.Queues = append(s.Queues, q)
	}
	return rows.Err()
}
