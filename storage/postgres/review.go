package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
)

// The PostgreSQL store keeps a curator's review decisions
// (annotate.ReviewStore) in review_decisions (migration
// review_decisions), as the SQLite store does. Every member of the team
// may read and write them (a review is run by whoever is its curator);
// they hold no annotator's work, so blind mode leaves them alone.
var _ annotate.ReviewStore = (*DB)(nil)

// ReviewDecisions returns the keys of the curator's decisions on an
// article, sorted.
func (db *DB) ReviewDecisions(ctx context.Context, articleID int64, curator string) ([]string, error) {
	var out []string
	err := db.view(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		rows, err := tx.Query(ctx, `SELECT key FROM review_decisions WHERE article_id = $1 AND curator = $2 ORDER BY key COLLATE "C"`,
			articleID, curator)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	return out, err
}

// SetReviewDecision keeps or forgets one of the curator's decisions.
func (db *DB) SetReviewDecision(ctx context.Context, articleID int64, curator, key string, decided bool) error {
	if err := noNUL("a review decision", curator, key); err != nil {
		return err
	}
	return db.update(ctx, func(tx pgx.Tx, _ func(annotate.Change)) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		if decided {
			_, err = tx.Exec(ctx, `INSERT INTO review_decisions (article_id, curator, key, decided) VALUES ($1, $2, $3, $4)
				ON CONFLICT DO NOTHING`, articleID, curator, key, ms(db.now()))
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM review_decisions WHERE article_id = $1 AND curator = $2 AND key = $3`,
				articleID, curator, key)
		}
		return err
	})
}
