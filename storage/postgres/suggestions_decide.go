package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Annotators' decisions on suggestions, and the spans an acceptance makes.

const decisionsSQL = `SELECT start, span_end, label, decision FROM suggestion_decisions WHERE article_id = $1 AND annotator = $2`

// scanDecisions reads the result of decisionsSQL.
func scanDecisions(br pgx.BatchResults, articleID int64) (map[annotate.SuggestionKey]annotate.Decision, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	out := map[annotate.SuggestionKey]annotate.Decision{}
	k := annotate.SuggestionKey{ArticleID: articleID}
	var d string
	_, err = pgx.ForEachRow(rows, []any{&k.Start, &k.End, &k.Label, &d}, func() error {
		out[k] = annotate.Decision(d)
		return nil
	})
	return out, err
}

// Decisions returns annotator's decisions in an article.
func (db *DB) Decisions(ctx context.Context, articleID int64, annotator string) (map[annotate.SuggestionKey]annotate.Decision, error) {
	var out map[annotate.SuggestionKey]annotate.Decision
	err := db.view(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(decisionsSQL, articleID, annotator)
		br := tx.SendBatch(ctx, b)
		defer br.Close()
		var err error
		out, err = scanDecisions(br, articleID)
		return err
	})
	return out, err
}

// keyArrays returns the columns of keys (each once) as arrays for unnest.
func keyArrays(keys []annotate.SuggestionKey) (ids []int64, starts, ends []int32, labels []string) {
	seen := make(map[annotate.SuggestionKey]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		ids, starts, ends, labels = append(ids, k.ArticleID), append(starts, int32(k.Start)), append(ends, int32(k.End)), append(labels, k.Label)
	}
	return ids, starts, ends, labels
}

// Decide stores annotator's decision on suggestions, in one statement;
// see annotate.SuggestionStore. ErrNotFound if an article is absent.
func (db *DB) Decide(ctx context.Context, annotator string, d annotate.Decision, sugs []annotate.Suggestion) ([]annotate.Span, error) {
	if err := rowcodec.CheckDecision(d); err != nil {
		return nil, err
	}
	if err := noNUL("the annotator", annotator); err != nil {
		return nil, err
	}
	keys := make([]annotate.SuggestionKey, len(sugs))
	for i, s := range sugs {
		keys[i] = s.Key()
	}
	now := db.now()
	var spans []annotate.Span
	err := db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		noteArticles(note, annotate.ChangeSuggestions, keys, annotator)
		if err := putDecisions(ctx, tx, rowcodec.Decisions(annotator, d, sugs), now); err != nil {
			return err
		}
		if d != annotate.Accepted || len(sugs) == 0 {
			return nil
		}
		noteArticles(note, annotate.ChangeSpans, keys, annotator)
		schema, err := db.lockedSchema(ctx, tx)
		if err != nil {
			return err
		}
		fresh := rowcodec.AcceptedSpans(sugs, annotator)
		for i := range fresh {
			ix, err := db.textIndex(ctx, tx, fresh[i].ArticleID)
			if err != nil {
				return err
			}
			if err := validSpan(&fresh[i], ix, schema); err != nil {
				return err
			}
		}
		spans, err = acceptSpans(ctx, tx, fresh, now)
		return err
	})
	return spans, err
}

// noteArticles notes a change of kind for each article of keys.
func noteArticles(note func(annotate.Change), kind annotate.ChangeKind, keys []annotate.SuggestionKey, annotator string) {
	var done []int64
	for _, k := range keys {
		if !slices.Contains(done, k.ArticleID) {
			done = append(done, k.ArticleID)
			note(annotate.Change{Kind: kind, ArticleID: k.ArticleID, Annotator: annotator})
		}
	}
}

// Undecide forgets annotator's decisions on keys.
func (db *DB) Undecide(ctx context.Context, annotator string, keys []annotate.SuggestionKey) error {
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		noteArticles(note, annotate.ChangeSuggestions, keys, annotator)
		ids, starts, ends, labels := keyArrays(keys)
		_, err := tx.Exec(ctx, `DELETE FROM suggestion_decisions d
			USING unnest($1::bigint[], $2::int[], $3::int[], $4::text[]) AS k(article_id, start, span_end, label)
			WHERE d.article_id = k.article_id AND d.annotator = $5 AND d.start = k.start AND d.span_end = k.span_end AND d.label = k.label`,
			ids, starts, ends, labels, annotator)
		return err
	})
}

// acceptSpansSQL stores spans ($1…$5: their columns as arrays) as
// annotator $6's at time $7, keeping those the annotator has already, and
// moves the annotator's status of each article that got a span from todo
// to in_progress. It returns the spans as stored: those already there,
// then the new ones. An absent article's spans are not stored (spans have
// no foreign key, see migration 0001): the caller counts the rows.
const acceptSpansSQL = `
	WITH input AS (
		SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::text[]) AS t(article_id, start, span_end, label, canonical)
	), ins AS (
		INSERT INTO spans (article_id, start, span_end, label, canonical, annotator, created, updated)
		SELECT i.article_id, i.start, i.span_end, i.label, i.canonical, $6, $7, $7 FROM input i
		WHERE EXISTS (SELECT 1 FROM articles WHERE id = i.article_id)
		ON CONFLICT (article_id, annotator, start, span_end, label) DO NOTHING
		RETURNING ` + spanColumns + `
	), st AS (
		INSERT INTO article_status (article_id, annotator, status, updated)
		SELECT DISTINCT article_id, $6, 'in_progress', $7::bigint FROM ins
		ON CONFLICT (article_id, annotator) DO UPDATE SET status = 'in_progress', updated = excluded.updated
		WHERE article_status.status = 'todo'
	)
	SELECT ` + spanColumns + ` FROM (
		SELECT 0 AS fresh, s.id, s.article_id, s.start, s.span_end, s.label, s.attrs, s.note, s.canonical, s.annotator, s.created, s.updated
		FROM spans s JOIN input i
			ON s.article_id = i.article_id AND s.annotator = $6 AND s.start = i.start AND s.span_end = i.span_end AND s.label = i.label
		UNION ALL
		SELECT 1, ins.* FROM ins
	) AS all_spans ORDER BY fresh`

// acceptSpans stores spans (validated, each once, all of one annotator)
// with one statement; see acceptSpansSQL. ErrNotFound if an article is
// absent.
func acceptSpans(ctx context.Context, tx pgx.Tx, spans []annotate.Span, now time.Time) ([]annotate.Span, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	n := len(spans)
	ids, starts, ends := make([]int64, n), make([]int32, n), make([]int32, n)
	labels, canon := make([]string, n), make([]string, n)
	for i, sp := range spans {
		ids[i], starts[i], ends[i], labels[i], canon[i] = sp.ArticleID, int32(sp.Start), int32(sp.End), sp.Label, sp.Canonical
	}
	rows, err := tx.Query(ctx, acceptSpansSQL, ids, starts, ends, labels, canon, spans[0].Annotator, ms(now))
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (annotate.Span, error) { return scanSpan(row) })
	if err != nil {
		return nil, err
	}
	if len(out) < n {
		for _, sp := range spans {
			if !slices.ContainsFunc(out, func(o annotate.Span) bool { return o.ArticleID == sp.ArticleID }) {
				return nil, fmt.Errorf("article %d: %w", sp.ArticleID, annotate.ErrNotFound)
			}
		}
		return nil, errors.New("accept suggestions: fewer spans stored than accepted")
	}
	return out, nil
}
