package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The PostgreSQL store's suggestions and decisions can be copied whole
// (tagdesk copy).
var _ annotate.SuggestionCopier = (*DB)(nil)

// StoredSuggestions calls fn with each article's stored suggestions; see
// annotate.SuggestionCopier.
func (db *DB) StoredSuggestions(ctx context.Context, fn func(articleID int64, sugs []annotate.Suggestion) error) error {
	return db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT article_id, source, items FROM suggestions ORDER BY article_id, source`)
		if err != nil {
			return err
		}
		g := rowcodec.ByArticle{Fn: fn}
		var id int64
		var source, items string
		if _, err := pgx.ForEachRow(rows, []any{&id, &source, &items}, func() error { return g.Add(id, source, items) }); err != nil {
			return err
		}
		return g.Flush()
	})
}

// StoredDecisions calls fn with every decision the caller may read, in
// article order.
func (db *DB) StoredDecisions(ctx context.Context, fn func(annotate.StoredDecision) error) error {
	return db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT article_id, annotator, start, span_end, label, decision FROM suggestion_decisions
			ORDER BY article_id, annotator, start, span_end, label`)
		if err != nil {
			return err
		}
		var d annotate.StoredDecision
		var decision string
		_, err = pgx.ForEachRow(rows, []any{&d.ArticleID, &d.Annotator, &d.Start, &d.End, &d.Label, &decision}, func() error {
			d.Decision = annotate.Decision(decision)
			return fn(d)
		})
		return err
	})
}

// PutDecisions stores decisions as they are; see annotate.SuggestionCopier.
func (db *DB) PutDecisions(ctx context.Context, ds []annotate.StoredDecision) error {
	if err := rowcodec.CheckDecisions(ds); err != nil {
		return err
	}
	for _, d := range ds {
		if err := noNUL("a decision's annotator", d.Annotator); err != nil {
			return err
		}
	}
	now := db.now()
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		if len(ds) > maxNotified {
			note(annotate.Change{Kind: annotate.ChangeUnknown})
		}
		for _, d := range ds[:min(len(ds), maxNotified)] {
			note(annotate.Change{Kind: annotate.ChangeSuggestions, ArticleID: d.ArticleID, Annotator: d.Annotator})
		}
		return putDecisions(ctx, tx, ds, now)
	})
}

// putDecisions stores decisions with one statement, each key once (the
// last decision on it wins).
func putDecisions(ctx context.Context, tx pgx.Tx, ds []annotate.StoredDecision, now time.Time) error {
	type key struct {
		annotate.SuggestionKey
		annotator string
	}
	at := map[key]int{}
	var ids []int64
	var starts, ends []int32
	var labels, annotators, decisions []string
	for _, d := range ds {
		k := key{d.SuggestionKey, d.Annotator}
		if i, ok := at[k]; ok {
			decisions[i] = string(d.Decision)
			continue
		}
		at[k] = len(ids)
		ids, starts, ends = append(ids, d.ArticleID), append(starts, int32(d.Start)), append(ends, int32(d.End))
		labels, annotators, decisions = append(labels, d.Label), append(annotators, d.Annotator), append(decisions, string(d.Decision))
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO suggestion_decisions (article_id, annotator, start, span_end, label, decision, updated)
		SELECT k.article_id, k.annotator, k.start, k.span_end, k.label, k.decision, $7
		FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[]) AS k(article_id, annotator, start, span_end, label, decision)
		ON CONFLICT (article_id, annotator, start, span_end, label) DO UPDATE SET decision = excluded.decision, updated = excluded.updated`,
		ids, annotators, starts, ends, labels, decisions, ms(now))
	return err
}
