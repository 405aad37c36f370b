package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// suggestionTx is one run of a source: see annotate.SuggestionTx.
type suggestionTx struct {
	db       *DB
	conn     *sql.Conn
	tx       *sql.Tx
	sources  []string
	acceptAs string
	schema   *annotate.Schema
	now      time.Time
	del, put *sql.Stmt
	buf      []byte
	of       []annotate.Suggestion // one source's suggestions of an article
}

// BeginSuggestions starts an all-or-nothing run of sources; see
// annotate.SuggestionStore.
func (db *DB) BeginSuggestions(ctx context.Context, sources []string, acceptAs string) (annotate.SuggestionTx, error) {
	if len(sources) == 0 || slices.Contains(sources, "") || slices.Contains(sources, annotate.SourceImported) && acceptAs == "" {
		return nil, fmt.Errorf("%w: suggestion sources %q", annotate.ErrInvalid, sources)
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin suggestions: %w", mapErr(err))
	}
	tx, err := db.beginWriteWith(ctx, func(_ context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
		return conn.BeginTx(context.WithoutCancel(ctx), opts)
	})
	if err != nil {
		conn.Close()
		return nil, damaged(db.path, fmt.Errorf("begin suggestions: %w", err))
	}
	t := &suggestionTx{db: db, conn: conn, tx: tx, sources: slices.Clone(sources), acceptAs: acceptAs, now: db.now()}
	if err := t.prepare(ctx); err != nil {
		t.finish(tx.Rollback)
		return nil, damaged(db.path, fmt.Errorf("begin suggestions: %w", mapErr(err)))
	}
	return t, nil
}

func (t *suggestionTx) prepare(ctx context.Context) error {
	var err error
	if t.schema, err = findSchema(ctx, t.tx); err != nil {
		return err
	}
	if t.del, err = t.tx.PrepareContext(ctx, `DELETE FROM suggestions WHERE article_id = ? AND source = ?`); err != nil {
		return err
	}
	t.put, err = t.tx.PrepareContext(ctx, `INSERT INTO suggestions (article_id, source, n, items) VALUES (?, ?, ?, ?)
		ON CONFLICT (article_id, source) DO UPDATE SET n = excluded.n, items = excluded.items`)
	return err
}

var errSuggestionsGone = errors.New("the suggestions' transaction has ended")

// Put stores one article's suggestions of the run's source.
func (t *suggestionTx) Put(ctx context.Context, a *annotate.Article, sugs []annotate.Suggestion) error {
	if t.tx == nil {
		return errSuggestionsGone
	}
	ix := annotate.NewIndex(a.Text)
	for i := range sugs {
		s := &sugs[i]
		if s.ArticleID != a.ID {
			return fmt.Errorf("%w: a suggestion of article %d put with article %d", annotate.ErrInvalid, s.ArticleID, a.ID)
		}
		if !slices.Contains(t.sources, s.Source) {
			return fmt.Errorf("%w: a suggestion of source %q in a run of %q", annotate.ErrInvalid, s.Source, t.sources)
		}
		if err := s.Validate(ix, t.schema); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
	}
	if t.acceptAs != "" {
		_, err := acceptSpans(ctx, t.tx, sugs, t.acceptAs, t.now)
		return err
	}
	for _, src := range t.sources {
		of := sugs // a run of one source: all of them
		if len(t.sources) > 1 {
			t.of = t.of[:0]
			for _, s := range sugs {
				if s.Source == src {
					t.of = append(t.of, s)
				}
			}
			of = t.of
		}
		var err error
		if len(of) == 0 {
			_, err = t.del.ExecContext(ctx, a.ID, src)
		} else {
			if !slices.IsSortedFunc(of, annotate.CompareSuggestions) { // a matcher's are
				of = slices.Clone(of)
				slices.SortFunc(of, annotate.CompareSuggestions)
			}
			t.buf = appendItems(t.buf[:0], of)
			_, err = t.put.ExecContext(ctx, a.ID, src, len(of), string(t.buf))
		}
		if err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, mapErr(err))
		}
	}
	return nil
}

// Commit stores the run.
func (t *suggestionTx) Commit() error {
	if t.tx == nil {
		return errSuggestionsGone
	}
	tx := t.tx
	if err := bumpGeneration(context.Background(), tx); err != nil {
		t.finish(tx.Rollback)
		return damaged(t.db.path, mapErr(err))
	}
	return damaged(t.db.path, mapErr(t.finish(tx.Commit)))
}

// Rollback drops the run.
func (t *suggestionTx) Rollback() error {
	if t.tx == nil {
		return nil
	}
	return t.finish(t.tx.Rollback)
}

func (t *suggestionTx) finish(end func() error) error {
	for _, st := range []*sql.Stmt{t.del, t.put} {
		if st != nil {
			st.Close()
		}
	}
	err := end()
	t.tx = nil
	t.conn.Close()
	return err
}

// acceptSpans stores each suggestion as annotator's span, validated as
// AddSpans validates; a span the annotator has already is kept and
// returned as stored. The annotator's status of each article moves from
// todo to in_progress.
func acceptSpans(ctx context.Context, tx *sql.Tx, sugs []annotate.Suggestion, annotator string, now time.Time) ([]annotate.Span, error) {
	var fresh, out []annotate.Span
	for _, s := range sugs {
		sp := s.Span(annotator)
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM spans WHERE article_id = ? AND annotator = ? AND start = ? AND span_end = ? AND label = ?`,
			sp.ArticleID, sp.Annotator, sp.Start, sp.End, sp.Label).Scan(&id)
		switch {
		case err == nil:
			old, err := findSpan(ctx, tx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, *old)
		case errors.Is(err, sql.ErrNoRows):
			if !containsSpan(fresh, sp) {
				fresh = append(fresh, sp)
			}
		default:
			return nil, err
		}
	}
	if err := insertSpans(ctx, tx, fresh, now); err != nil {
		return nil, err
	}
	return append(out, fresh...), nil
}

func containsSpan(spans []annotate.Span, sp annotate.Span) bool {
	for _, o := range spans {
		if o.ArticleID == sp.ArticleID && o.Start == sp.Start && o.End == sp.End && o.Label == sp.Label {
			return true
		}
	}
	return false
}
