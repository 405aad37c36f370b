package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The SQLite store keeps suggestions (annotate.SuggestionStore).
var _ annotate.SuggestionStore = (*DB)(nil)

// PatternSets returns the stored pattern sets by name.
func (db *DB) PatternSets(ctx context.Context) ([]annotate.PatternSet, error) {
	var out []annotate.PatternSet
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, body, patterns, form FROM pattern_sets LEFT JOIN compiled_patterns USING (name) ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ps annotate.PatternSet
			if err := rows.Scan(&ps.Name, &ps.Body, &ps.Patterns, &ps.Compiled); err != nil {
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
	if err := rowcodec.CheckPatternSet(ps); err != nil {
		return err
	}
	now := ms(db.now())
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO pattern_sets (name, body, patterns, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, patterns = excluded.patterns, updated = excluded.updated`,
			ps.Name, ps.Body, ps.Patterns, now)
		if err == nil && ps.Compiled == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM compiled_patterns WHERE name = ?`, ps.Name)
		} else if err == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO compiled_patterns (name, form) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET form = excluded.form`, ps.Name, ps.Compiled)
		}
		return err
	})
}

// CompiledPatternSets returns the stored pattern sets' names and
// compiled forms by name; see annotate.SuggestionStore.
func (db *DB) CompiledPatternSets(ctx context.Context) ([]annotate.PatternSet, error) {
	var out []annotate.PatternSet
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, form FROM pattern_sets LEFT JOIN compiled_patterns USING (name) ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ps annotate.PatternSet
			if err := rows.Scan(&ps.Name, &ps.Compiled); err != nil {
				return err
			}
			out = append(out, ps)
		}
		return rows.Err()
	})
	return out, err
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
		if _, err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		if out, err = articleSuggestions(ctx, tx, articleID, annotator != ""); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		decided, err := decisions(ctx, tx, articleID, annotator)
		if err != nil {
			return err
		}
		own, err := spanBounds(ctx, tx, articleID, annotator, out)
		if err != nil {
			return err
		}
		out = rowcodec.Waiting(out, decided, own)
		return nil
	})
	return out, err
}

// articleSuggestions returns an article's stored suggestions and, with
// imported, its spans imported without an annotator as suggestions.
func articleSuggestions(ctx context.Context, tx *sql.Tx, articleID int64, imported bool) ([]annotate.Suggestion, error) {
	var out []annotate.Suggestion
	rows, err := tx.QueryContext(ctx, `SELECT source, items FROM suggestions WHERE article_id = ?`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var source, items string
		if err := rows.Scan(&source, &items); err != nil {
			return nil, err
		}
		if out, err = rowcodec.AppendParsedItems(out, articleID, source, items); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !imported {
		return out, nil
	}
	spans, err := findSpans(ctx, tx, articleID, "")
	if err != nil {
		return nil, err
	}
	return append(out, rowcodec.Imported(spans)...), nil
}

// LabelledStrings calls fn with each distinct labelled string; see
// annotate.SuggestionStore. Each article's text is read once and sliced
// in Go (SQLite's substr would read a long text again for every span).
func (db *DB) LabelledStrings(ctx context.Context, fn func(text, label, canonical string, n int) error) error {
	var c rowcodec.Strings
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.article_id, s.start, s.span_end, s.label, s.canonical FROM spans s ORDER BY s.article_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ix *annotate.Index
		cur := int64(-1)
		for rows.Next() {
			var id int64
			var start, end int
			var label, canonical string
			if err := rows.Scan(&id, &start, &end, &label, &canonical); err != nil {
				return err
			}
			if id != cur {
				text, err := articleText(ctx, tx, id)
				if err != nil {
					return err
				}
				ix, cur = annotate.NewIndex(text), id
			}
			c.Add(ix, start, end, label, canonical)
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	return c.Each(fn)
}

// Decisions returns annotator's decisions in an article.
func (db *DB) Decisions(ctx context.Context, articleID int64, annotator string) (map[annotate.SuggestionKey]annotate.Decision, error) {
	var out map[annotate.SuggestionKey]annotate.Decision
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = decisions(ctx, tx, articleID, annotator)
		return err
	})
	return out, err
}

// decisions returns annotator's decisions in an article.
func decisions(ctx context.Context, tx *sql.Tx, articleID int64, annotator string) (map[annotate.SuggestionKey]annotate.Decision, error) {
	out := map[annotate.SuggestionKey]annotate.Decision{}
	rows, err := tx.QueryContext(ctx, `SELECT start, span_end, label, decision FROM suggestion_decisions
		WHERE article_id = ? AND annotator = ?`, articleID, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		k := annotate.SuggestionKey{ArticleID: articleID}
		var d string
		if err := rows.Scan(&k.Start, &k.End, &k.Label, &d); err != nil {
			return nil, err
		}
		out[k] = annotate.Decision(d)
	}
	return out, rows.Err()
}

// Decide stores annotator's decision on suggestions; see
// annotate.SuggestionStore.
func (db *DB) Decide(ctx context.Context, annotator string, d annotate.Decision, sugs []annotate.Suggestion) ([]annotate.Span, error) {
	if err := rowcodec.CheckDecision(d); err != nil {
		return nil, err
	}
	now := db.now()
	var spans []annotate.Span
	err := db.update(ctx, func(tx *sql.Tx) error {
		spans = spans[:0]
		if err := putDecisions(ctx, tx, rowcodec.Decisions(annotator, d, sugs), now); err != nil {
			return err
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

// SuggestionStats counts decisions per source and label: every
// annotator's decision on a span counts for each source that proposed it.
func (db *DB) SuggestionStats(ctx context.Context) ([]annotate.SourceStats, error) {
	var t rowcodec.Tally
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT article_id, start, span_end, label, decision FROM suggestion_decisions`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k annotate.SuggestionKey
			var d string
			if err := rows.Scan(&k.ArticleID, &k.Start, &k.End, &k.Label, &d); err != nil {
				return err
			}
			t.Decision(k, d)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT article_id, source, items FROM suggestions`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var buf []annotate.Suggestion
		for rows.Next() {
			var id int64
			var source, items string
			if err := rows.Scan(&id, &source, &items); err != nil {
				return err
			}
			if buf, err = rowcodec.AppendParsedItems(buf[:0], id, source, items); err != nil {
				return err
			}
			for _, s := range buf {
				t.Suggestion(s)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT article_id, start, span_end, label FROM spans WHERE annotator = ''`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s := annotate.Suggestion{Source: annotate.SourceImported}
			if err := rows.Scan(&s.ArticleID, &s.Start, &s.End, &s.Label); err != nil {
				return err
			}
			t.Suggestion(s)
		}
		return rows.Err()
	})
	return t.Stats(), err
}

// spanBounds returns the start, end and label of annotator's spans of an
// article of the labels of sugs: all that the overlap with suggestions
// needs, without reading and checking every span's attributes, note and
// checksum.
func spanBounds(ctx context.Context, tx *sql.Tx, articleID int64, annotator string, sugs []annotate.Suggestion) ([]annotate.Span, error) {
	args := []any{articleID, annotator}
	for _, s := range sugs {
		if !slices.Contains(args[2:], any(s.Label)) {
			args = append(args, s.Label)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT start, span_end, label FROM spans WHERE article_id = ? AND annotator = ? AND label IN (`+
		strings.Repeat(", ?", len(args)-2)[2:]+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Span
	for rows.Next() {
		var sp annotate.Span
		if err := rows.Scan(&sp.Start, &sp.End, &sp.Label); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}
