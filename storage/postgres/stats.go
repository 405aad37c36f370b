package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Stats counts what the database holds, as the SQLite store does (see
// storage.DB.Stats).
func (db *DB) Stats(ctx context.Context) (*annotate.Stats, error) {
	s := &annotate.Stats{ArticlesByStatus: map[annotate.Status]int{}, SpansByLabel: map[string]int{}, RelationsByType: map[string]int{}}
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, rowcodec.TotalsSQL).Scan(&s.Articles, &s.Spans); err != nil {
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
		if err := eachRelationUse(ctx, tx, func(label, _, _ string, n int) {
			s.Relations += n
			s.RelationsByType[label] += n
		}); err != nil {
			return err
		}
		if err := queues(ctx, tx, s); err != nil {
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

// Generation returns a number that grows with every committed change, by
// this process or another one.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT sum(n)::bigint FROM generation`).Scan(&n)
	})
	return n, err
}
