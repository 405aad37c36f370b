package storage

import (
	"context"
	"database/sql"

	"github.com/tagdesk/tagdesk/annotate"
)

// The SQLite store keeps a curator's review decisions (annotate.ReviewStore)
// in review_decisions (migration review_decisions).
var _ annotate.ReviewStore = (*DB)(nil)

// ReviewDecisions returns the keys of the curator's decisions on an
// article, sorted.
func (db *DB) ReviewDecisions(ctx context.Context, articleID int64, curator string) ([]string, error) {
	var out []string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT key FROM review_decisions WHERE article_id = ? AND curator = ? ORDER BY key`,
			articleID, curator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			out = append(out, k)
		}
		return rows.Err()
	})
	return out, err
}

// SetReviewDecision keeps or forgets one of the curator's decisions.
func (db *DB) SetReviewDecision(ctx context.Context, articleID int64, curator, key string, decided bool) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := articleExists(ctx, tx, articleID)
		if err != nil {
			return err
		}
		if decided {
			_, err = tx.ExecContext(ctx, `INSERT INTO review_decisions (article_id, curator, key, decided) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, articleID, curator, key, ms(db.now()))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM review_decisions WHERE article_id = ? AND curator = ? AND key = ?`,
				articleID, curator, key)
		}
		return err
	})
}
