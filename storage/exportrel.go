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
	sum sql.NullInt64
	s   summer
	// sums is whether the rows carry checksums (not on a database from
	// before them, read as it is).
	sums bool
}

// relationCursor opens export's relations cursor (where and args select
// the annotator); none on a database that predates relations.
func relationCursor(ctx context.Context, tx *sql.Tx, where string, args []any) (*relCursor, func(*sql.Rows) error, error) {
	c := &relCursor{}
	scan := func(r *sql.Rows) error {
		return r.Scan(&c.row.ArticleID, &c.row.Annotator, &c.row.Head, &c.row.Tail, &c.row.Label, &c.row.Note, &c.sum)
	}
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return c, scan, err
	}
	sum, err := relationSumColumn(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	c.sums = sum != "NULL"
	rows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, head_id, tail_id, label, note, `+sum+`
		FROM relations `+where+` ORDER BY article_id, annotator`, args...)
	if err != nil {
		return nil, nil, err
	}
	c.rows = rows
	c.next(scan)
	return c, scan, nil
}

// article appends the relations of article id to out, and says why the
// first of them that does not match its checksum does not ("" when all
// do).
func (c *relCursor) article(id int64, out []rowcodec.RelationRow, scan func(*sql.Rows) error) ([]rowcodec.RelationRow, string, error) {
	for c.ok && c.row.ArticleID < id {
		c.next(scan)
	}
	why := ""
	for c.ok && c.row.ArticleID == id {
		if c.sums && why == "" {
			r := &c.row
			why = c.s.relationWhy(id, r.Annotator, r.Head, r.Tail, r.Label, r.Note, c.sum)
		}
		out = append(out, c.row)
		c.next(scan)
	}
	return out, why, c.err
}
