package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// An annotator's flag on an article and its comment are two columns of
// article_status (migration article_flags): a flag on an article the
// annotator has not touched gives it a status row, todo.

var _ annotate.FlagStore = (*DB)(nil)

// Flag returns the annotator's flag on an article; ErrNotFound if the
// article is absent.
func (db *DB) Flag(ctx context.Context, articleID int64, annotator string) (annotate.Flag, error) {
	var f annotate.Flag
	err := db.view(ctx, func(tx *sql.Tx) error {
		if _, err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT flagged, comment FROM article_status WHERE article_id = ? AND annotator = ?`,
			articleID, annotator).Scan(&f.Flagged, &f.Comment)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return f, err
}

// SetFlag replaces the annotator's flag on an article; ErrNotFound if the
// article is absent.
func (db *DB) SetFlag(ctx context.Context, articleID int64, annotator string, f annotate.Flag) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO article_status (article_id, annotator, status, updated, flagged, comment) VALUES (?, ?, 'todo', ?, ?, ?)
			ON CONFLICT (article_id, annotator) DO UPDATE SET flagged = excluded.flagged, comment = excluded.comment, updated = excluded.updated
			WHERE flagged IS NOT excluded.flagged OR comment IS NOT excluded.comment`,
			articleID, annotator, ms(db.now()), f.Flagged, f.Comment)
		return err
	})
}

// putFlag imports a record's flag, if it carries one: Flagged sets the
// flag, a comment replaces the stored one; neither clears anything.
func (t *importTx) putFlag(ctx context.Context, articleID int64, rec *annotate.Record) error {
	if rec.Flag.IsZero() {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, `
		INSERT INTO article_status (article_id, annotator, status, updated, flagged, comment) VALUES (?1, ?2, 'todo', ?3, ?4, ?5)
		ON CONFLICT (article_id, annotator) DO UPDATE
		SET flagged = max(flagged, excluded.flagged), comment = iif(excluded.comment = '', comment, excluded.comment), updated = excluded.updated
		WHERE excluded.flagged > flagged OR (excluded.comment <> '' AND excluded.comment IS NOT comment)`,
		articleID, rec.Annotator, t.now, rec.Flag.Flagged, rec.Flag.Comment)
	if err != nil {
		return fmt.Errorf("flag: %w", err)
	}
	return nil
}
