package storage

import (
	"context"
	"database/sql"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Stats counts what the database holds. ArticlesByStatus counts (article,
// annotator) pairs, an annotator being paired with an article when it has
// a status or a span there; an article nobody touched counts once as todo.
func (db *DB) Stats(ctx context.Context) (*annotate.Stats, error) {
	s := &annotate.Stats{ArticlesByStatus: map[annotate.Status]int{}, SpansByLabel: map[string]int{}, RelationsByType: map[string]int{}}
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, rowcodec.TotalsSQL).Scan(&s.Articles, &s.Spans); err != nil {
			return err
		}
		if err := countInto(ctx, tx, rowcodec.LabelCountsSQL, func(k string, n int) {
			s.SpansByLabel[k] = n
		}); err != nil {
			return err
		}
		if err := countInto(ctx, tx, rowcodec.StatusCountsSQL, func(k string, n int) {
			s.ArticlesByStatus[annotate.Status(k)] += n
		}); err != nil {
			return err
		}
		if err := queues(ctx, tx, s); err != nil {
			return err
		}
		if err := eachRelationUse(ctx, tx, func(label, _, _ string, n int) {
			s.Relations += n
			s.RelationsByType[label] += n
		}); err != nil {
			return err
		}
		return countInto(ctx, tx, rowcodec.AnnotatorsSQL, func(k string, _ int) {
			s.Annotators = append(s.Annotators, k)
		})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// countInto runs a query of (key, count) rows and hands each to fn.
func countInto(ctx context.Context, tx *sql.Tx, query string, fn func(string, int)) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		fn(k, n)
	}
	return rows.Err()
}

// Generation returns a number that grows with every committed change, by
// this process or another one.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT n FROM generation WHERE id = 1`).Scan(&n)
	})
	return n, err
}

// queues counts each annotator's assigned articles and the open ones. A
// database of version 1 opened read-only (OpenReadOnly) has no
// assignments table: no queues.
func queues(ctx context.Context, tx *sql.Tx, s *annotate.Stats) error {
	if ok, err := hasTable(ctx, tx, "assignments"); err != nil || !ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, rowcodec.QueuesSQL)
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
