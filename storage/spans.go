package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Spans returns the annotator's spans of an article sorted by (start, end,
// label).
func (db *DB) Spans(ctx context.Context, articleID int64, annotator string) ([]annotate.Span, error) {
	var out []annotate.Span
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = findSpans(ctx, tx, articleID, annotator)
		return err
	})
	return out, err
}

const spanColumns = `id, article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated`

func scanSpan(sc interface{ Scan(...any) error }) (annotate.Span, error) {
	var sp annotate.Span
	var attrs string
	var created, updated int64
	if err := sc.Scan(&sp.ID, &sp.ArticleID, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical, &sp.Annotator, &created, &updated); err != nil {
		return sp, err
	}
	sp.Created, sp.Updated = fromMS(created), fromMS(updated)
	var err error
	sp.Attrs, err = parseAttrs(attrs)
	return sp, err
}

func findSpans(ctx context.Context, tx *sql.Tx, articleID int64, annotator string) ([]annotate.Span, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+spanColumns+` FROM spans
		WHERE article_id = ? AND annotator = ? ORDER BY start, span_end, label`, articleID, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []annotate.Span
	for rows.Next() {
		sp, err := scanSpan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

func findSpan(ctx context.Context, tx *sql.Tx, id int64) (*annotate.Span, error) {
	sp, err := scanSpan(tx.QueryRowContext(ctx, `SELECT `+spanColumns+` FROM spans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("span %d: %w", id, annotate.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

// validateSpan checks sp against its article's text and the stored schema.
func validateSpan(ctx context.Context, tx *sql.Tx, sp *annotate.Span) error {
	text, err := articleText(ctx, tx, sp.ArticleID)
	if err != nil {
		return err
	}
	schema, err := findSchema(ctx, tx)
	if err != nil {
		return err
	}
	return sp.Validate(annotate.NewIndex(text), schema)
}

// AddSpan stores a new span, sets its ID and timestamps, and moves its
// annotator's status of the article from todo to in_progress. ErrInvalid
// if it does not fit the text or schema, ErrNotFound if the article is
// absent, ErrConflict if the annotator has the same span already.
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
	now := db.now()
	stored := slices.Clone(spans)
	if err := db.update(ctx, func(tx *sql.Tx) error { return insertSpans(ctx, tx, stored, now) }); err != nil {
		return err
	}
	copy(spans, stored)
	return nil
}

// insertSpans validates and inserts spans, setting their IDs and
// timestamps, and moves each annotator's status of the article from todo
// to in_progress. The schema is read once and each article's text once.
func insertSpans(ctx context.Context, tx *sql.Tx, spans []annotate.Span, now time.Time) error {
	schema, err := findSchema(ctx, tx)
	if err != nil {
		return err
	}
	texts := map[int64]*annotate.Index{}
	var sum summer
	for i := range spans {
		sp := &spans[i]
		ix, ok := texts[sp.ArticleID]
		if !ok {
			text, err := articleText(ctx, tx, sp.ArticleID)
			if err != nil {
				return err
			}
			ix = annotate.NewIndex(text)
			texts[sp.ArticleID] = ix
		}
		if err := sp.Validate(ix, schema); err != nil {
			return err
		}
		attrs := string(appendAttrs(nil, sp.Attrs))
		res, err := tx.ExecContext(ctx, `
			INSERT INTO spans (article_id, start, span_end, label, attrs, note, canonical, annotator, created, updated, sum)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sp.ArticleID, sp.Start, sp.End, sp.Label, attrs, sp.Note, sp.Canonical, sp.Annotator, ms(now), ms(now),
			sum.span(sp.ArticleID, sp.Annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical))
		if err != nil {
			return spanErr(err, sp)
		}
		if sp.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO article_status (article_id, annotator, status, updated) VALUES (?, ?, 'in_progress', ?)
			ON CONFLICT (article_id, annotator) DO UPDATE SET status = 'in_progress', updated = excluded.updated
			WHERE status = 'todo'`, sp.ArticleID, sp.Annotator, ms(now)); err != nil {
			return err
		}
		sp.Created, sp.Updated = fromMS(ms(now)), fromMS(ms(now))
	}
	return nil
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

// DeleteSpanChecked removes sp as the caller read it; see
// annotate.CheckedSpans.
func (db *DB) DeleteSpanChecked(ctx context.Context, sp annotate.Span) error {
	if sp.Updated.IsZero() {
		return fmt.Errorf("%w: span %d: a checked delete needs the time the span was read (Updated)", annotate.ErrInvalid, sp.ID)
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := findSpan(ctx, tx, sp.ID)
		if err != nil {
			return err
		}
		if err := rowcodec.CheckRead(old, sp.Updated); err != nil {
			return err
		}
		return deleteSpan(ctx, tx, sp.ID)
	})
}

// updateSpan stores sp; a non-zero read is when the caller read it.
func (db *DB) updateSpan(ctx context.Context, sp *annotate.Span, read time.Time) error {
	now := db.now()
	return db.update(ctx, func(tx *sql.Tx) error {
		old, err := findSpan(ctx, tx, sp.ID)
		if err != nil {
			return err
		}
		if err := rowcodec.CheckRead(old, read); err != nil {
			return err
		}
		// The stored time grows with every change, so that it tells a
		// checked update or delete whether the span changed since it was read.
		now = fromMS(max(ms(now), ms(old.Updated)+1))
		sp.ArticleID, sp.Annotator, sp.Created = old.ArticleID, old.Annotator, old.Created
		if err := validateSpan(ctx, tx, sp); err != nil {
			return err
		}
		attrs := string(appendAttrs(nil, sp.Attrs))
		var sum summer
		if _, err := tx.ExecContext(ctx, `
			UPDATE spans SET start = ?, span_end = ?, label = ?, attrs = ?, note = ?, canonical = ?, updated = ?, sum = ?
			WHERE id = ?`,
			sp.Start, sp.End, sp.Label, attrs, sp.Note, sp.Canonical, ms(now),
			sum.span(sp.ArticleID, sp.Annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical), sp.ID); err != nil {
			return spanErr(err, sp)
		}
		sp.Updated = fromMS(ms(now))
		return nil
	})
}

// DeleteSpan removes a span and, in the same transaction, the relations
// it is the head or tail of (the foreign keys cascade). ErrNotFound if it
// is absent.
func (db *DB) DeleteSpan(ctx context.Context, id int64) error {
	return db.DeleteSpans(ctx, []int64{id})
}

// DeleteSpans removes spans, and their relations, all or nothing in one
// transaction. ErrNotFound if one is absent (or listed twice); then none
// is removed.
func (db *DB) DeleteSpans(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := deleteSpan(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

func deleteSpan(ctx context.Context, tx *sql.Tx, id int64) error {
	return deleteRow(ctx, tx, "spans", "span", id)
}

// deleteRow deletes row id of table; ErrNotFound, naming it what, if it
// is absent.
func deleteRow(ctx context.Context, tx *sql.Tx, table, what string, id int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, annotate.ErrNotFound)
	}
	return nil
}

func spanErr(err error, sp *annotate.Span) error {
	err = mapErr(err)
	if errors.Is(err, annotate.ErrConflict) {
		return fmt.Errorf("%w: %s already has a %s span at [%d,%d)", annotate.ErrConflict, annotatorName(sp.Annotator), sp.Label, sp.Start, sp.End)
	}
	return err
}
