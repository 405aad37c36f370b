package storage

import (
	"context"
	"database/sql"

	"github.com/tagdesk/tagdesk/annotate"
)

// Stats counts what the database holds. ArticlesByStatus counts (article,
// annotator) pairs, an annotator being paired with an article when it has
// a status or a span there; an article nobody touched counts once as todo.
func (db *DB) Stats(ctx context.Context) (*annotate.Stats, error) {
	s := &annotate.Stats{ArticlesByStatus: map[annotate.Status]int{}, SpansByLabel: map[string]int{}, RelationsByType: map[string]int{}}
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM spans)`).Scan(&s.Articles, &s.Spans); err != nil {
			return err
		}
		if err := countInto(ctx, tx, `SELECT label, count(*) FROM spans GROUP BY label`, func(k string, n int) {
			s.SpansByLabel[k] = n
		}); err != nil {
			return err
		}
		if err := countInto(ctx, tx, `
			WITH pairs AS (
				SELECT article_id, annotator FROM article_status
				UNION
				SELECT article_id, annotator FROM spans
			)
			SELECT coalesce(st.status, 'todo'), count(*)
			FROM pairs p LEFT JOIN article_status st ON st.article_id = p.article_id AND st.annotator = p.annotator
			GROUP BY 1
			UNION ALL
			SELECT 'todo', count(*) FROM articles a
			WHERE NOT EXISTS (SELECT 1 FROM article_status st WHERE st.article_id = a.id)
			  AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id)`, func(k string, n int) {
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
		return countInto(ctx, tx, `
			SELECT annotator, 0 FROM article_status
			UNION
			SELECT annotator, 0 FROM spans
			ORDER BY 1`, func(k string, _ int) {
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
	rows, err := tx.QueryContext(ctx, `
		SELECT a.annotator, count(*), count(*) FILTER (WHERE coalesce(st.status, 'todo') IN ('todo', 'in_progress'))
		FROM assignments a LEFT JOIN article_status st ON st.article_id = a.article_id AND st.annotator = a.annotator
		GROUP BY a.annotator ORDER BY a.annotator`)
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
