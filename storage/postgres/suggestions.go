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
		rows, err := tx.Query(ctx, `SELECT name, body, patterns FROM pattern_sets ORDER BY name`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (annotate.PatternSet, error) {
			var ps annotate.PatternSet
			err := row.Scan(&ps.Name, &ps.Body, &ps.Patterns)
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
		_, err := tx.Exec(ctx, `INSERT INTO pattern_sets (name, body, patterns, updated) VALUES ($1, $2, $3, $4)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, patterns = excluded.patterns, updated = excluded.updated`,
			ps.Name, ps.Body, ps.Patterns, now)
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
