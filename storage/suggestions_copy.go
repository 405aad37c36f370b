package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The SQLite store's suggestions and decisions can be copied whole
// (tagdesk copy).
var _ annotate.SuggestionCopier = (*DB)(nil)

// StoredSuggestions calls fn with each article's stored suggestions; see
// annotate.SuggestionCopier.
func (db *DB) StoredSuggestions(ctx context.Context, fn func(articleID int64, sugs []annotate.Suggestion) error) error {
	return db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id, source, items FROM suggestions ORDER BY article_id, source`)
		if err != nil {
			return err
		}
		defer rows.Close()
		g := rowcodec.ByArticle{Fn: fn}
		for rows.Next() {
			var id int64
			var source, items string
			if err := rows.Scan(&id, &source, &items); err != nil {
				return err
			}
			if err := g.Add(id, source, items); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return g.Flush()
	})
}

// StoredDecisions calls fn with every decision, in article order.
func (db *DB) StoredDecisions(ctx context.Context, fn func(annotate.StoredDecision) error) error {
	return db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, start, span_end, label, decision FROM suggestion_decisions
			ORDER BY article_id, annotator, start, span_end, label`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d annotate.StoredDecision
			if err := rows.Scan(&d.ArticleID, &d.Annotator, &d.Start, &d.End, &d.Label, &d.Decision); err != nil {
				return err
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// PutDecisions stores decisions as they are; see annotate.SuggestionCopier.
func (db *DB) PutDecisions(ctx context.Context, ds []annotate.StoredDecision) error {
	if err := rowcodec.CheckDecisions(ds); err != nil {
		return err
	}
	now := db.now()
	return db.update(ctx, func(tx *sql.Tx) error { return putDecisions(ctx, tx, ds, now) })
}

func putDecisions(ctx context.Context, tx *sql.Tx, ds []annotate.StoredDecision, now time.Time) error {
	for _, d := range ds {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO suggestion_decisions (article_id, annotator, start, span_end, label, decision, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (article_id, annotator, start, span_end, label) DO UPDATE SET decision = excluded.decision, updated = excluded.updated`,
			d.ArticleID, d.Annotator, d.Start, d.End, d.Label, string(d.Decision), ms(now)); err != nil {
			return err
		}
	}
	return nil
}
