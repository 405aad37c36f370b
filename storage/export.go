package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// Export calls fn for each record that f selects, in article order, from
// one read transaction: four cursors (articles, spans, statuses,
// relations), all in article order, merged as they stream, so memory
// holds one article.
//
// Without f.Annotator, an article gives one record per annotator that has
// a status or a span there, or one record (annotator "", status todo)
// when it has neither. With f.Annotator, every article gives exactly one
// record: that annotator's status (todo if unset) and spans. f.Status
// keeps records whose status is listed; f.Labels keeps the spans with a
// listed label (a record whose spans are all filtered out is still
// written). Spans come with their Text filled in.
func (db *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	if err := rowcodec.CheckFilter(f); err != nil {
		return err
	}
	return damaged(db.path, db.exportView(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		return exportTx(ctx, conn, tx, f, fn)
	}))
}

// exportView is viewTx on a connection held for it, which the export's
// relations cursor reads from the driver directly (exportrel.go).
func (db *DB) exportView(ctx context.Context, fn func(*sql.Conn, *sql.Tx) error) error {
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(conn, tx); err != nil {
		return mapErr(err)
	}
	return mapErr(tx.Commit())
}

// exportCursor walks one ordered query, one row ahead.
type exportCursor struct {
	rows *sql.Rows
	ok   bool
	err  error
}

func (c *exportCursor) next(scan func(*sql.Rows) error) {
	if c.ok = c.rows.Next(); c.ok {
		if err := scan(c.rows); err != nil {
			c.ok, c.err = false, err
		}
	} else {
		c.err = c.rows.Err()
	}
}

type statusRow = rowcodec.StatusRow

type spanRow struct {
	articleID int64
	id        int64
	attrs     string
	sum       sql.NullInt64
	sp        annotate.Span
}

func exportTx(ctx context.Context, conn *sql.Conn, tx *sql.Tx, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	var annArgs []any
	annWhere := ""
	if f.Annotator != "" {
		annWhere, annArgs = "WHERE annotator = ?", []any{f.Annotator}
	}
	arts, err := tx.QueryContext(ctx, `SELECT id, ext_id, title, source, url, published, text, meta, sum FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	defer arts.Close()
	spanRows, err := tx.QueryContext(ctx, `SELECT article_id, id, annotator, start, span_end, label, attrs, note, canonical, sum
		FROM spans `+annWhere+` ORDER BY article_id, annotator, start, span_end, label`, annArgs...)
	if err != nil {
		return err
	}
	defer spanRows.Close()
	statRows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, status, flagged, comment
		FROM article_status `+annWhere+` ORDER BY article_id, annotator`, annArgs...)
	if err != nil {
		return err
	}
	defer statRows.Close()

	var sr spanRow
	spans := exportCursor{rows: spanRows}
	scanSpan := func(r *sql.Rows) error {
		sr = spanRow{}
		return r.Scan(&sr.articleID, &sr.id, &sr.sp.Annotator, &sr.sp.Start, &sr.sp.End, &sr.sp.Label, &sr.attrs, &sr.sp.Note, &sr.sp.Canonical, &sr.sum)
	}
	rels, err := relationCursor(ctx, conn, tx, f.Annotator)
	if err != nil {
		return err
	}
	defer rels.close()
	var st statusRow
	stats := exportCursor{rows: statRows}
	scanStatus := func(r *sql.Rows) error {
		return r.Scan(&st.ArticleID, &st.Annotator, &st.Status, &st.Flag.Flagged, &st.Flag.Comment)
	}
	spans.next(scanSpan)
	stats.next(scanStatus)

	emit := rowcodec.NewEmitter(f, fn)

	attrs := attrsCache{}
	var group []annotate.Span           // one article's spans, by annotator
	var ids []int64                     // their ids
	var statuses []statusRow            // one article's statuses, by annotator
	var relGroup []rowcodec.RelationRow // one article's relations, by annotator
	var sum summer
	for arts.Next() {
		var a annotate.Article
		var meta string
		var stored sql.NullInt64
		if err := arts.Scan(&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta, &stored); err != nil {
			return err
		}
		why := ""
		if !stored.Valid || stored.Int64 != sum.article(a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta) {
			why = "its text or metadata does not match the checksum stored with it"
		} else if a.Meta, err = parseMeta(meta); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		group, ids = group[:0], ids[:0]
		for spans.ok && sr.articleID < a.ID { // orphans cannot exist with foreign keys on; skip them anyway
			spans.next(scanSpan)
		}
		for spans.ok && sr.articleID == a.ID {
			if why == "" && (!sr.sum.Valid || sr.sum.Int64 != sum.span(a.ID, sr.sp.Annotator, int64(sr.sp.Start), int64(sr.sp.End), sr.sp.Label, sr.attrs, sr.sp.Note, sr.sp.Canonical)) {
				why = fmt.Sprintf("its %s span [%d,%d) of %s does not match the checksum stored with it", sr.sp.Label, sr.sp.Start, sr.sp.End, annotatorName(sr.sp.Annotator))
			}
			if sr.sp.Attrs, err = attrs.parse(sr.attrs); err != nil && why == "" {
				return fmt.Errorf("article %q: %w", a.ExtID, err)
			}
			group, ids = append(group, sr.sp), append(ids, sr.id)
			spans.next(scanSpan)
		}
		if spans.err != nil {
			return spans.err
		}
		statuses = statuses[:0]
		for stats.ok && st.ArticleID < a.ID {
			stats.next(scanStatus)
		}
		for stats.ok && st.ArticleID == a.ID {
			statuses = append(statuses, st)
			stats.next(scanStatus)
		}
		if stats.err != nil {
			return stats.err
		}
		var relWhy string
		if relGroup, relWhy, err = rels.article(a.ID, relGroup[:0]); err != nil {
			return err
		}
		if why == "" {
			why = relWhy
		}
		if why != "" {
			if f.SkipDamaged == nil {
				return &DamagedError{Err: &ChecksumError{ArticleID: a.ID, ExtID: a.ExtID, Why: why}}
			}
			f.SkipDamaged(a.ID, a.ExtID, why)
			continue
		}
		relsOf := func(annotator string, lo, hi int, wantLabel func(string) bool) []annotate.RecordRelation {
			return rowcodec.RecordRelations(relGroup, annotator, group[lo:hi], ids[lo:hi], wantLabel)
		}
		if err := emit.ArticleWith(&a, group, statuses, relsOf); err != nil {
			return err
		}
	}
	return arts.Err()
}
