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

var _ annotate.CheckedSpans = (*DB)(nil)

// Spans returns the annotator's spans of an article sorted by (start, end,
// label).
func (db *DB) Spans(ctx context.Context, articleID int64, annotator string) ([]annotate.Span, error) {
	var out []annotate.Span
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+spanColumns+` FROM spans
			WHERE article_id = $1 AND annotator = $2 ORDER BY start, span_end, label`, articleID, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sp, err := scanSpan(rows)
			if err != nil {
				return err
			}
			out = append(out, sp)
		}
		return rows.Err()
	})
	return out, err
}

const spanColumns = `id, article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated`

func scanSpan(row pgx.Row) (annotate.Span, error) {
	var sp annotate.Span
	var attrs string
	var created, updated int64
	if err := row.Scan(&sp.ID, &sp.ArticleID, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical, &sp.Annotator, &created, &updated); err != nil {
		return sp, err
	}
	sp.Created, sp.Updated = fromMS(created), fromMS(updated)
	var err error
	sp.Attrs, err = rowcodec.ParseAttrs(attrs)
	return sp, err
}

// findSpan returns the span with id, locked for this transaction.
func findSpan(ctx context.Context, tx pgx.Tx, id int64) (*annotate.Span, error) {
	sp, err := scanSpan(tx.QueryRow(ctx, `SELECT `+spanColumns+` FROM spans WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("span %d: %w", id, annotate.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

// AddSpan stores a new span; see annotate.Store.
func (db *DB) AddSpan(ctx context.Context, sp *annotate.Span) error {
	spans := []annotate.Span{*sp}
	if err := db.AddSpans(ctx, spans); err != nil {
		return err
	}
	*sp = spans[0]
	return nil
}

// AddSpans stores new spans all or nothing in one transaction, as AddSpan
// stores one; on an error the slice is left as it was.
func (db *DB) AddSpans(ctx context.Context, spans []annotate.Span) error {
	if len(spans) == 0 {
		return nil
	}
	now := ms(db.now())
	stored := slices.Clone(spans)
	err := db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		schema, err := db.lockedSchema(ctx, tx)
		if err != nil {
			return err
		}
		texts := map[int64]*annotate.Index{}
		for i := range stored {
			sp := &stored[i]
			ix, ok := texts[sp.ArticleID]
			if !ok {
				if ix, err = db.textIndex(ctx, tx, sp.ArticleID); err != nil {
					return err
				}
				texts[sp.ArticleID] = ix
				note(annotate.Change{Kind: annotate.ChangeSpans, ArticleID: sp.ArticleID, Annotator: sp.Annotator})
			}
			if err := validSpan(sp, ix, schema); err != nil {
				return err
			}
			if err := insertSpan(ctx, tx, sp, now); err != nil {
				return err
			}
			sp.Created, sp.Updated = fromMS(now), fromMS(now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	copy(spans, stored)
	return nil
}

// insertSpan stores sp and moves its annotator's status of its article
// from todo to in_progress, in one round trip. The article is looked up
// again here: its text may have come from the cache, and spans have no
// foreign key (see migration 0001).
func insertSpan(ctx context.Context, tx pgx.Tx, sp *annotate.Span, now int64) error {
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO spans (article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $9 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1) RETURNING id`,
		sp.ArticleID, sp.Start, sp.End, sp.Label, string(rowcodec.AppendAttrs(nil, sp.Attrs)), sp.Note, sp.Canonical, sp.Annotator, now)
	b.Queue(`INSERT INTO article_status (article_id, annotator, status, updated) VALUES ($1, $2, 'in_progress', $3)
		ON CONFLICT (article_id, annotator) DO UPDATE SET status = 'in_progress', updated = excluded.updated
		WHERE article_status.status = 'todo'`, sp.ArticleID, sp.Annotator, now)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	err := br.QueryRow().Scan(&sp.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("article %d: %w", sp.ArticleID, annotate.ErrNotFound)
	}
	if err != nil {
		return spanErr(err, sp)
	}
	_, err = br.Exec()
	return err
}

func validSpan(sp *annotate.Span, ix *annotate.Index, schema *annotate.Schema) error {
	if err := sp.Validate(ix, schema); err != nil {
		return err
	}
	vals := []string{sp.Note, sp.Canonical, sp.Annotator}
	for k, v := range sp.Attrs {
		vals = append(vals, k, v)
	}
	return noNUL("the span", vals...)
}

// UpdateSpan stores a changed span: offsets, label, attrs, note and
// canonical (its article and annotator stay). ErrNotFound if it is absent,
// ErrInvalid if it does not fit, ErrConflict if it would duplicate another.
func (db *DB) UpdateSpan(ctx context.Context, sp *annotate.Span) error {
	return db.updateSpan(ctx, sp, time.Time{})
}

// UpdateSpanChecked is UpdateSpan for a span as the caller read it; see
// annotate.CheckedSpans.
func (db *DB) UpdateSpanChecked(ctx context.Context, sp *annotate.Span) error {
	if sp.Updated.IsZero() {
		return fmt.Errorf("%w: span %d: a checked update needs the time the span was read (Updated)", annotate.ErrInvalid, sp.ID)
	}
	return db.updateSpan(ctx, sp, sp.Updated)
}

func (db *DB) updateSpan(ctx context.Context, sp *annotate.Span, read time.Time) error {
	now := ms(db.now())
	next := *sp
	err := db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		old, err := findSpan(ctx, tx, sp.ID)
		if err != nil {
			return err
		}
		if err := rowcodec.CheckRead(old, read); err != nil {
			return err
		}
		next.ArticleID, next.Annotator, next.Created = old.ArticleID, old.Annotator, old.Created
		ix, err := db.textIndex(ctx, tx, next.ArticleID)
		if err != nil {
			return err
		}
		schema, err := db.lockedSchema(ctx, tx)
		if err != nil {
			return err
		}
		if err := validSpan(&next, ix, schema); err != nil {
			return err
		}
		// The stored time grows with every change, so that it tells a
		// checked update or delete whether the span changed since it was read.
		updated := max(now, ms(old.Updated)+1)
		if _, err := tx.Exec(ctx, `
			UPDATE spans SET start = $1, span_end = $2, label = $3, attrs = $4, note = $5, canonical = $6, updated = $7
			WHERE id = $8`,
			next.Start, next.End, next.Label, string(rowcodec.AppendAttrs(nil, next.Attrs)), next.Note, next.Canonical, updated, next.ID); err != nil {
			return spanErr(err, &next)
		}
		next.Updated = fromMS(updated)
		note(annotate.Change{Kind: annotate.ChangeSpans, ArticleID: next.ArticleID, Annotator: next.Annotator})
		return nil
	})
	if err != nil {
		return err
	}
	*sp = next
	return nil
}

// DeleteSpan removes a span. ErrNotFound if it is absent.
func (db *DB) DeleteSpan(ctx context.Context, id int64) error {
	return db.DeleteSpans(ctx, []int64{id})
}

// DeleteSpanChecked removes sp as the caller read it; see
// annotate.CheckedSpans.
func (db *DB) DeleteSpanChecked(ctx context.Context, sp annotate.Span) error {
	if sp.Updated.IsZero() {
		return fmt.Errorf("%w: span %d: a checked delete needs the time the span was read (Updated)", annotate.ErrInvalid, sp.ID)
	}
	return db.deleteSpans(ctx, []int64{sp.ID}, sp.Updated)
}

// DeleteSpans removes spans all or nothing in one transaction. ErrNotFound
// if one is absent (or listed twice); then none is removed.
func (db *DB) DeleteSpans(ctx context.Context, ids []int64) error {
	return db.deleteSpans(ctx, ids, time.Time{})
}

func (db *DB) deleteSpans(ctx context.Context, ids []int64, read time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		for _, id := range ids {
			old, err := findSpan(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := rowcodec.CheckRead(old, read); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM spans WHERE id = $1`, id); err != nil {
				return err
			}
			note(annotate.Change{Kind: annotate.ChangeSpans, ArticleID: old.ArticleID, Annotator: old.Annotator})
		}
		return nil
	})
}

func spanErr(err error, sp *annotate.Span) error {
	err = mapErr(err)
	if errors.Is(err, annotate.ErrConflict) {
		return rowcodec.SpanConflict(sp)
	}
	return err
}
