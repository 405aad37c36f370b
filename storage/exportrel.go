package storage

import (
	"context"
	"database/sql"

	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// relCursor walks the relations in article order, one row ahead.
type relCursor struct {
	exportCursor
	row rowcodec.RelationRow
}

// relationCursor opens export's relations cursor (where and args select
// the annotator); none on a database that predates relations.
func relationCursor(ctx context.Context, tx *sql.Tx, where string, args []any) (*relCursor, func(*sql.Rows) error, error) {
	c := &relCursor{}
	scan := func(r *sql.Rows) error {
		return r.Scan(&c.row.ArticleID, &c.row.Annotator, &c.row.Head, &c.row.Tail, &c.row.Label, &c.row.Note)
	}
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return c, scan, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, head_id, tail_id, label, note
		FROM relations `+where+` ORDER BY article_id, annotator`, args...)
	if err != nil {
		return nil, nil, err
	}
	c.rows = rows
	c.next(scan)
	return c, scan, nil
}

// article appends the relations of article id to out.
func (c *relCursor) article(id int64, out []rowcodec.RelationRow, scan func(*sql.Rows) error) ([]rowcodec.RelationRow, error) {
	for c.ok && c.row.ArticleID < id {
		c.next(scan)
	}
	for c.ok && c.row.ArticleID == id {
		out = append(out, c.row)
		c.next(scan)
	}
	return out, c.err
}
