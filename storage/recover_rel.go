package storage

import (
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// copyRelations saves the relations of a damaged file (one from before
// relations has none) whose two spans were saved, of the relation's
// article and annotator, and whose type the schema allows between their
// labels; lost receives a line for each other one.
func (r *recovery) copyRelations(tx *sql.Tx, schema *annotate.Schema) error {
	var tables int
	if err := r.in.QueryRowContext(r.ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'relations'`).Scan(&tables); err != nil || tables == 0 {
		r.res.Relations.Claimed = 0
		return nil
	}
	r.res.Relations.Claimed = r.claimed("relations")
	n, err := salvage(r.ctx, r.in, "relations", `article_id, annotator, head_id, tail_id, label, note, created, updated`,
		func(rows *sql.Rows, rowid *int64) error {
			var article, head, tail, created, updated int64
			var annotator, label, note string
			if err := rows.Scan(rowid, &article, &annotator, &head, &tail, &label, &note, &created, &updated); err != nil {
				r.lose("relation %d: unreadable (%v)", *rowid, err)
				return err
			}
			where := fmt.Sprintf("relation %d (article %d, %s)", *rowid, article, annotatorName(annotator))
			var headLabel, tailLabel string
			err := tx.QueryRowContext(r.ctx, `SELECT h.label, t.label FROM spans h, spans t
				WHERE h.id = ?1 AND t.id = ?2 AND h.article_id = ?3 AND t.article_id = ?3 AND h.annotator = ?4 AND t.annotator = ?4`,
				head, tail, article, annotator).Scan(&headLabel, &tailLabel)
			if err == sql.ErrNoRows {
				r.lose("%s: one of its spans was lost", where)
				return nil
			}
			if err != nil {
				return err
			}
			if err := schema.CheckRelation(label, headLabel, tailLabel); err != nil {
				r.lose("%s: %v", where, err)
				return nil
			}
			var sum summer
			if _, err := tx.ExecContext(r.ctx, `INSERT INTO relations (id, article_id, annotator, head_id, tail_id, label, note, created, updated, sum)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, *rowid, article, annotator, head, tail, label, note, created, updated,
				sum.relation(article, annotator, head, tail, label, note)); err != nil {
				r.lose("%s: %v", where, mapErr(err))
				return nil
			}
			r.res.Relations.Saved++
			return nil
		})
	r.res.Unreadable += n
	return err
}
