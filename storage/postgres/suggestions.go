package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// The PostgreSQL store keeps suggestions (annotate.SuggestionStore) in
// pattern_sets, suggestions and suggestion_decisions (migration
// suggestions), as the SQLite store does, with the same rows and the same
// rules (storage/internal/rowcodec). The pattern sets and suggestions are
// the team's; each annotator's decisions are their own, and in blind mode
// no annotator sees another's (see blindTables).
var _ annotate.SuggestionStore = (*DB)(nil)

// PatternSets returns the stored pattern sets by name.
func (db *DB) PatternSets(ctx context.Context) ([]annotate.PatternSet, error) {
	var out []annotate.PatternSet
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT name, body, patterns, compiled FROM pattern_sets ORDER BY name`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (annotate.PatternSet, error) {
			var ps annotate.PatternSet
			err := row.Scan(&ps.Name, &ps.Body, &ps.Patterns, &ps.Compiled)
			return ps, err
		})
		return err
	})
	return out, err
}

// CompiledPatternSets returns the stored pattern sets' names and
// compiled forms by name; see annotate.SuggestionStore.
func (db *DB) CompiledPatternSets(ctx context.Context) ([]annotate.PatternSet, error) {
	var out []annotate.PatternSet
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT name, compiled FROM pattern_sets ORDER BY name`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (annotate.PatternSet, error) {
			var ps annotate.PatternSet
			err := row.Scan(&ps.Name, &ps.Compiled)
			return ps, err
		})
		return err
	})
	return out, err
}

// SetPatternSet stores a pattern set, replacing one of the same name.
func (db *DB) SetPatternSet(ctx context.Context, ps annotate.PatternSet) error {
	if err := rowcodec.CheckPatternSet(ps); err != nil {
		return err
	}
	if err := noNUL("the pattern set "+ps.Name, ps.Name, ps.Body); err != nil {
		return err
	}
	now := ms(db.now())
	return db.update(ctx, func(tx pgx.Tx, _ func(annotate.Change)) error {
		_, err := tx.Exec(ctx, `INSERT INTO pattern_sets (name, body, patterns, updated, compiled) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, patterns = excluded.patterns, updated = excluded.updated, compiled = excluded.compiled`,
			ps.Name, ps.Body, ps.Patterns, now, ps.Compiled)
		return err
	})
}

// EachArticle calls fn with each article (ID, ExtID, Text) in article
// order, from one snapshot; see annotate.SuggestionStore. With annotator
// "", an article's status is each of its annotators' (untouched: todo).
func (db *DB) EachArticle(ctx context.Context, statuses []annotate.Status, annotator string, fn func(*annotate.Article) error) error {
	q := `SELECT id, ext_id, text FROM articles a`
	var args []any
	if len(statuses) > 0 {
		sts := make([]string, len(statuses))
		for i, st := range statuses {
			sts[i] = string(st)
		}
		if annotator != "" {
			q += ` WHERE coalesce((SELECT status FROM article_status WHERE article_id = a.id AND annotator = $1), 'todo') = ANY($2)`
			args = []any{annotator, sts}
		} else {
			q += ` WHERE EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id AND status = ANY($1))`
			if slices.Contains(statuses, annotate.StatusTodo) {
				q += ` OR NOT EXISTS (SELECT 1 FROM article_status WHERE article_id = a.id)`
			}
			args = []any{sts}
		}
	}
	q += ` ORDER BY id`
	return db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		a := &annotate.Article{}
		_, err = pgx.ForEachRow(rows, []any{&a.ID, &a.ExtID, &a.Text}, func() error {
			next := *a
			return fn(&next)
		})
		return err
	})
}

// Suggestions returns what waits for annotator in an article; see
// annotate.SuggestionStore. One round trip: the article, its stored
// suggestions, its imported spans, the annotator's decisions and spans.
func (db *DB) Suggestions(ctx context.Context, articleID int64, annotator string) ([]annotate.Suggestion, error) {
	var out []annotate.Suggestion
	err := db.view(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		b := &pgx.Batch{}
		b.Queue(`SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)`, articleID)
		b.Queue(`SELECT source, items FROM suggestions WHERE article_id = $1`, articleID)
		b.Queue(`SELECT start, span_end, label, canonical FROM spans WHERE article_id = $1 AND annotator = '' AND $2 <> ''`, articleID, annotator)
		b.Queue(decisionsSQL, articleID, annotator)
		b.Queue(`SELECT start, span_end, label FROM spans WHERE article_id = $1 AND annotator = $2`, articleID, annotator)
		br := tx.SendBatch(ctx, b)
		defer br.Close()
		var ok bool
		if err := br.QueryRow().Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("article %d: %w", articleID, annotate.ErrNotFound)
		}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		var source, items string
		if _, err := pgx.ForEachRow(rows, []any{&source, &items}, func() error {
			var err error
			out, err = rowcodec.AppendParsedItems(out, articleID, source, items)
			return err
		}); err != nil {
			return err
		}
		rows, err = br.Query()
		if err != nil {
			return err
		}
		var imported []annotate.Span
		sp := annotate.Span{ArticleID: articleID}
		if _, err := pgx.ForEachRow(rows, []any{&sp.Start, &sp.End, &sp.Label, &sp.Canonical}, func() error {
			imported = append(imported, sp)
			return nil
		}); err != nil {
			return err
		}
		out = append(out, rowcodec.Imported(imported)...)
		decided, err := scanDecisions(br, articleID)
		if err != nil {
			return err
		}
		rows, err = br.Query()
		if err != nil {
			return err
		}
		var own []annotate.Span
		if _, err := pgx.ForEachRow(rows, []any{&sp.Start, &sp.End, &sp.Label}, func() error {
			own = append(own, sp)
			return nil
		}); err != nil {
			return err
		}
		out = rowcodec.Waiting(out, decided, own)
		return nil
	})
	return out, err
}

// LabelledStrings calls fn with each distinct labelled string; see
// annotate.SuggestionStore. The spans' offsets are read first, then the
// texts of their articles, once each, from the same snapshot, and
// sliced in Go as the SQLite store does.
func (db *DB) LabelledStrings(ctx context.Context, fn func(text, label, canonical string, n int) error) error {
	var c rowcodec.Strings
	err := db.view(ctx, func(tx pgx.Tx) error {
		type bound struct {
			id         int64
			start, end int
			label, can string
		}
		rows, err := tx.Query(ctx, `SELECT article_id, start, span_end, label, canonical FROM spans ORDER BY article_id, id`)
		if err != nil {
			return err
		}
		var spans []bound
		var b bound
		if _, err := pgx.ForEachRow(rows, []any{&b.id, &b.start, &b.end, &b.label, &b.can}, func() error {
			spans = append(spans, b)
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT id, text FROM articles WHERE id IN (SELECT article_id FROM spans) ORDER BY id`)
		if err != nil {
			return err
		}
		var id int64
		var text string
		i := 0
		_, err = pgx.ForEachRow(rows, []any{&id, &text}, func() error {
			ix := annotate.NewIndex(text)
			for ; i < len(spans) && spans[i].id <= id; i++ {
				if spans[i].id == id {
					c.Add(ix, spans[i].start, spans[i].end, spans[i].label, spans[i].can)
				}
			}
			return nil
		})
		return err
	})
	if err != nil {
		return err
	}
	return c.Each(fn)
}

// SuggestionStats counts decisions per source and label: every
// annotator's decision on a span (as far as the caller may see them: in
// blind mode an annotator's own) counts for each source that proposed it.
func (db *DB) SuggestionStats(ctx context.Context) ([]annotate.SourceStats, error) {
	var t rowcodec.Tally
	err := db.view(ctx, func(tx pgx.Tx) error {
		t = rowcodec.Tally{}
		rows, err := tx.Query(ctx, `SELECT article_id, start, span_end, label, decision FROM suggestion_decisions`)
		if err != nil {
			return err
		}
		var k annotate.SuggestionKey
		var d string
		if _, err := pgx.ForEachRow(rows, []any{&k.ArticleID, &k.Start, &k.End, &k.Label, &d}, func() error {
			t.Decision(k, d)
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT article_id, source, items FROM suggestions`)
		if err != nil {
			return err
		}
		var id int64
		var source, items string
		var buf []annotate.Suggestion
		if _, err := pgx.ForEachRow(rows, []any{&id, &source, &items}, func() error {
			var err error
			if buf, err = rowcodec.AppendParsedItems(buf[:0], id, source, items); err != nil {
				return err
			}
			for _, s := range buf {
				t.Suggestion(s)
			}
			return nil
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT article_id, start, span_end, label FROM spans WHERE annotator = ''`)
		if err != nil {
			return err
		}
		s := annotate.Suggestion{Source: annotate.SourceImported}
		_, err = pgx.ForEachRow(rows, []any{&s.ArticleID, &s.Start, &s.End, &s.Label}, func() error {
			t.Suggestion(s)
			return nil
		})
		return err
	})
	return t.Stats(), err
}
