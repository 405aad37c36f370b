package storage

import (
	"context"
	"database/sql"

	"github.com/tagdesk/tagdesk/annotate"
)

// relRow is one relation as export reads it.
type relRow struct {
	articleID  int64
	annotator  string
	head, tail int64
	label      string
	note       string
}

// relCursor walks the relations in article order, one row ahead.
type relCursor struct {
	exportCursor
	row relRow
}

// relationCursor opens export's relations cursor (where and args select
// the annotator); none on a database that predates relations.
func relationCursor(ctx context.Context, tx *sql.Tx, where string, args []any) (*relCursor, func(*sql.Rows) error, error) {
	c := &relCursor{}
	scan := func(r *sql.Rows) error {
		return r.Scan(&c.row.articleID, &c.row.annotator, &c.row.head, &c.row.tail, &c.row.label, &c.row.note)
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
func (c *relCursor) article(id int64, out []relRow, scan func(*sql.Rows) error) ([]relRow, error) {
	for c.ok && c.row.articleID < id {
		c.next(scan)
	}
	for c.ok && c.row.articleID == id {
		out = append(out, c.row)
		c.next(scan)
	}
	return out, c.err
}

// recordRelations returns the annotator's relations among rels as a
// record's, indexing the spans (ids holds their ids) that wantLabel keeps;
// a relation whose span is left out is left out too.
func recordRelations(rels []relRow, annotator string, spans []annotate.Span, ids []int64, wantLabel func(string) bool) []annotate.RecordRelation {
	var out []annotate.RecordRelation
	// index returns the record index of span id: its place among the
	// spans that wantLabel keeps. A linear search: an article holds tens
	// of spans, and a map would cost more to build.
	index := func(id int64) (int, bool) {
		n := 0
		for i, x := range ids {
			keep := wantLabel(spans[i].Label)
			if x == id {
				return n, keep
			}
			if keep {
				n++
			}
		}
		return 0, false
	}
	for _, r := range rels {
		if r.annotator != annotator {
			continue
		}
		h, okH := index(r.head)
		t, okT := index(r.tail)
		if okH && okT {
			out = append(out, annotate.RecordRelation{Head: h, Child: t, Label: r.label, Note: r.note})
		}
	}
	annotate.SortRelations(out)
	return out
}
