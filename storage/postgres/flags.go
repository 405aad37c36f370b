package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
)

// An annotator's flag on an article and its comment are two columns of
// article_status (migration article_flags), as in the SQLite store: a
// flag on an article the annotator has not touched gives it a status row,
// todo.

var _ annotate.FlagStore = (*DB)(nil)

// Flag returns the annotator's flag on an article; ErrNotFound if the
// article is absent.
func (db *DB) Flag(ctx context.Context, articleID int64, annotator string) (annotate.Flag, error) {
	var f annotate.Flag
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT flagged, comment FROM article_status WHERE article_id = $1 AND annotator = $2`,
			articleID, annotator).Scan(&f.Flagged, &f.Comment)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	return f, err
}

// SetFlag replaces the annotator's flag on an article; ErrNotFound if the
// article is absent.
func (db *DB) SetFlag(ctx context.Context, articleID int64, annotator string, f annotate.Flag) error {
	if err := noNUL("the flag", annotator, f.Comment); err != nil {
		return err
	}
	return db.update(ctx, func(tx pgx.Tx, note func(annotate.Change)) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		note(annotate.Change{Kind: annotate.ChangeStatus, ArticleID: articleID, Annotator: annotator})
		_, err := tx.Exec(ctx, `
			INSERT INTO article_status (article_id, annotator, status, updated, flagged, comment) VALUES ($1, $2, 'todo', $3, $4, $5)
			ON CONFLICT (article_id, annotator) DO UPDATE SET flagged = excluded.flagged, comment = excluded.comment, updated = excluded.updated
			WHERE article_status.flagged IS DISTINCT FROM excluded.flagged OR article_status.comment IS DISTINCT FROM excluded.comment`,
			articleID, annotator, ms(db.now()), f.Flagged, f.Comment)
		return err
	})
}

// importFlagSQL imports a record's flag into a stored article: Flagged
// sets the flag, a comment replaces the stored one; neither clears
// anything.
const importFlagSQL = `
	INSERT INTO article_status (article_id, annotator, status, updated, flagged, comment) VALUES ($1, $2, 'todo', $3, $4, $5)
	ON CONFLICT (article_id, annotator) DO UPDATE
	SET flagged = article_status.flagged OR excluded.flagged,
		comment = CASE WHEN excluded.comment = '' THEN article_status.comment ELSE excluded.comment END,
		updated = excluded.updated
	WHERE (excluded.flagged AND NOT article_status.flagged) OR (excluded.comment <> '' AND excluded.comment <> article_status.comment)`
