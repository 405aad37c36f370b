package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// The SQLite store keeps suggestions (annotate.SuggestionStore).
var _ annotate.SuggestionStore = (*DB)(nil)

// PatternSets returns the stored pattern sets by name.
func (db *DB) PatternSets(ctx context.Context) ([]annotate.PatternSet, error) {
	var out []annotate.PatternSet
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, body, patterns FROM pattern_sets ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ps annotate.PatternSet
			if err := rows.Scan(&ps.Name, &ps.Body, &ps.Patterns); err != nil {
				return err
			}
			out = append(out, ps)
		}
		return rows.Err()
	})
	return out, err
}

// SetPatternSet stores a pattern set, replacing one of the same name.
func (db *DB) SetPatternSet(ctx context.Context, ps annotate.PatternSet) error {
	if ps.Name == "" {
		return fmt.Errorf("%w: a pattern set needs a name", annotate.ErrInvalid)
	}
	now := ms(db.now())
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pattern_sets (name, body, patterns, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, patterns = excluded.patterns, updated = excluded.updated`,
			ps.Name, ps.Body, ps.Patterns, now)
		return err
	})
}

// EachArticle calls fn with each article (ID, ExtID, Text) in article
// order; see annotate.SuggestionStore. With annotator "", an article's
// status is each of its annotators' (untouched: todo).
func (db *DB) EachArticle(ctx context.Context, statuses []annotate.Status, annotator string, fn func(*annotate.Article) error) error {
	q := `SELECT id, ext_id, text FROM articles a`
	var args []any
	if len(statuses) > 0 {
		in := strings.Repeat(", ?", len(statuses))[2:]
		for _, st := range statuses {
			args = append(args, string(st))
		}
		todo := slices.Contains(statuses, annotate.StatusTodo)
		if annotator != "" {
			q += ` WHERE coalesce((SELECT status FROM article_status WHERE article_id = a.id AND annotator = ?), 'todo') IN (` + in + `)`
			args = append([]any{annotator}, args...)
		} else {
			q += ` WHERE EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id AND status IN (` + in + `))`
			if todo {
				q += ` OR NOT EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id)`
			}
		}
	}
	q += ` ORDER BY id`
	return db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a := &annotate.Article{}
			if err := rows.Scan(&a.ID, &a.ExtID, &a.Text); err != nil {
				return err
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// Suggestions returns what waits for annotator in an article; see
// annotate.SuggestionStore.
func (db *DB) Suggestions(ctx context.Context, articleID int64, annotator string) ([]annotate.Suggestion, error) {
	var out []annotate.Suggestion
	err := db.view(ctx, func(tx *sql.Tx) error {
		if _, err := articleText(ctx, tx, articleID); err != nil {
			return err
		}
		const undecided = `NOT EXISTS (SELECT 1 FROM suggestion_decisions d WHERE d.article_id = s.article_id
			AND d.annotator = ? AND d.start = s.start AND d.span_end = s.span_end AND d.label = s.label)`
		rows, err := tx.QueryContext(ctx, `
			SELECT id, source, start, span_end, label, canonical FROM suggestions s
			WHERE article_id = ? AND `+undecided+`
			UNION ALL
			SELECT 0, 'imported', start, span_end, label, canonical FROM spans s
			WHERE article_id = ? AND annotator = '' AND ? <> '' AND `+undecided,
			articleID, annotator, articleID, annotator, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s := annotate.Suggestion{ArticleID: articleID}
			if err := rows.Scan(&s.ID, &s.Source, &s.Start, &s.End, &s.Label, &s.Canonical); err != nil {
				return err
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		own, err := findSpans(ctx, tx, articleID, annotator)
		if err != nil {
			return err
		}
		out = annotate.PendingSuggestions(out, own)
		return nil
	})
	return out, err
}

// Decide stores annotator's decision on suggestions; see
// annotate.SuggestionStore.
func (db *DB) Decide(ctx context.Context, annotator string, d annotate.Decision, sugs []annotate.Suggestion) ([]annotate.Span, error) {
	if d != annotate.Accepted && d != annotate.Rejected {
		return nil, fmt.Errorf("%w: decision %q", annotate.ErrInvalid, d)
	}
	now := db.now()
	var spans []annotate.Span
	err := db.update(ctx, func(tx *sql.Tx) error {
		spans = spans[:0]
		for _, s := range sugs {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO suggestion_decisions (article_id, annotator, start, span_end, label, decision, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (article_id, annotator, start, span_end, label) DO UPDATE SET decision = excluded.decision, updated = excluded.updated`,
				s.ArticleID, annotator, s.Start, s.End, s.Label, string(d), ms(now)); err != nil {
				return err
			}
		}
		if d != annotate.Accepted {
			return nil
		}
		var err error
		spans, err = acceptSpans(ctx, tx, sugs, annotator, now)
		return err
	})
	return spans, err
}

// Undecide forgets annotator's decisions on keys.
func (db *DB) Undecide(ctx context.Context, annotator string, keys []annotate.SuggestionKey) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM suggestion_decisions
				WHERE article_id = ? AND annotator = ? AND start = ? AND span_end = ? AND label = ?`,
				k.ArticleID, annotator, k.Start, k.End, k.Label); err != nil {
				return err
			}
		}
		return nil
	})
}

// SuggestionStats counts decisions per source and label.
func (db *DB) SuggestionStats(ctx context.Context) ([]annotate.SourceStats, error) {
	var out []annotate.SourceStats
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			WITH proposed (article_id, source, start, span_end, label) AS (
				SELECT article_id, source, start, span_end, label FROM suggestions
				UNION ALL
				SELECT article_id, 'imported', start, span_end, label FROM spans WHERE annotator = '')
			SELECT p.source, p.label,
				count(*) FILTER (WHERE d.decision IS NULL),
				count(*) FILTER (WHERE d.decision = 'accepted'),
				count(*) FILTER (WHERE d.decision = 'rejected')
			FROM proposed p LEFT JOIN suggestion_decisions d
				ON d.article_id = p.article_id AND d.start = p.start AND d.span_end = p.span_end AND d.label = p.label
			GROUP BY p.source, p.label ORDER BY p.source, p.label`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s annotate.SourceStats
			if err := rows.Scan(&s.Source, &s.Label, &s.Pending, &s.Accepted, &s.Rejected); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}
