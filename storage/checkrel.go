package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// checkRelations reports each relation whose type the schema lacks or no
// longer allows between its spans' labels (after one end was relabelled,
// or the schema changed), and to damage each that does not match its
// checksum; it returns how many relations it read. None on a database
// that predates relations.
func checkRelations(ctx context.Context, tx *sql.Tx, schema *annotate.Schema, report, damage func(string, ...any)) (int, error) {
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return 0, err
	}
	sumCol, err := relationSumColumn(ctx, tx)
	if err != nil {
		return 0, err
	}
	sumExpr := sumCol
	if sumCol != "NULL" {
		sumExpr = "r.sum"
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.article_id, a.ext_id, r.annotator, r.label, h.id, h.label, t.id, t.label,
		r.note, `+sumExpr+`
		FROM relations r JOIN articles a ON a.id = r.article_id
		JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id
		ORDER BY r.article_id, r.id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var s summer
	for rows.Next() {
		var id, article, head, tail int64
		var ext, annotator, label, headLabel, tailLabel, note string
		var stored sql.NullInt64
		if err := rows.Scan(&id, &article, &ext, &annotator, &label, &head, &headLabel, &tail, &tailLabel, &note, &stored); err != nil {
			return n, err
		}
		n++
		where := fmt.Sprintf("article %d (%s) relation %d (%s) from span %d to span %d", article, ext, id, annotatorName(annotator), head, tail)
		if sumCol != "NULL" && !stored.Valid {
			damage("%s: has no checksum", where)
		} else if sumCol != "NULL" && stored.Int64 != s.relation(article, annotator, head, tail, label, note) {
			damage("%s: does not match its checksum: damage to the file changed it", where)
		}
		if schema == nil {
			continue // reported as a schema problem
		}
		if err := schema.CheckRelation(label, headLabel, tailLabel); err != nil {
			report("%s: %v", where, err)
		}
	}
	return n, rows.Err()
}
