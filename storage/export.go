package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// Export calls fn for each record that f selects, in article order, from
// one read transaction: three cursors (articles, spans, statuses), all in
// article order, merged as they stream, so memory holds one article.
//
// Without f.Annotator, an article gives one record per annotator that has
// a status or a span there, or one record (annotator "", status todo)
// when it has neither. With f.Annotator, every article gives exactly one
// record: that annotator's status (todo if unset) and spans. f.Status
// keeps records whose status is listed; f.Labels keeps the spans with a
// listed label (a record whose spans are all filtered out is still
// written). Spans come with their Text filled in.
func (db *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	for _, st := range f.Status {
		if _, err := annotate.ParseStatus(string(st)); err != nil {
			return err
		}
	}
	return db.view(ctx, func(tx *sql.Tx) error {
		return exportTx(ctx, tx, f, fn)
	})
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

type statusRow struct {
	articleID int64
	annotator string
	status    string
}

type spanRow struct {
	articleID int64
	attrs     string
	sp        annotate.Span
}

func exportTx(ctx context.Context, tx *sql.Tx, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	var annArgs []any
	annWhere := ""
	if f.Annotator != "" {
		annWhere, annArgs = "WHERE annotator = ?", []any{f.Annotator}
	}
	arts, err := tx.QueryContext(ctx, `SELECT id, ext_id, title, source, url, published, text, meta FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	defer arts.Close()
	spanRows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, start, span_end, label, attrs, note, canonical
		FROM spans `+annWhere+` ORDER BY article_id, annotator, start, span_end, label`, annArgs...)
	if err != nil {
		return err
	}
	defer spanRows.Close()
	statRows, err := tx.QueryContext(ctx, `SELECT article_id, annotator, status
		FROM article_status `+annWhere+` ORDER BY article_id, annotator`, annArgs...)
	if err != nil {
		return err
	}
	defer statRows.Close()

	var sr spanRow
	spans := exportCursor{rows: spanRows}
	scanSpan := func(r *sql.Rows) error {
		sr = spanRow{}
		return r.Scan(&sr.articleID, &sr.sp.Annotator, &sr.sp.Start, &sr.sp.End, &sr.sp.Label, &sr.attrs, &sr.sp.Note, &sr.sp.Canonical)
	}
	var st statusRow
	stats := exportCursor{rows: statRows}
	scanStatus := func(r *sql.Rows) error { return r.Scan(&st.articleID, &st.annotator, &st.status) }
	spans.next(scanSpan)
	stats.next(scanStatus)

	wantLabel := func(string) bool { return true }
	if len(f.Labels) > 0 {
		wantLabel = func(l string) bool { return slices.Contains(f.Labels, l) }
	}
	wantStatus := func(annotate.Status) bool { return true }
	if len(f.Status) > 0 {
		wantStatus = func(s annotate.Status) bool { return slices.Contains(f.Status, s) }
	}

	attrs := attrsCache{}
	var group []annotate.Span // one article's spans, by annotator
	var statuses []statusRow  // one article's statuses, by annotator
	for arts.Next() {
		var a annotate.Article
		var meta string
		if err := arts.Scan(&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta); err != nil {
			return err
		}
		if a.Meta, err = parseMeta(meta); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		group = group[:0]
		for spans.ok && sr.articleID < a.ID { // orphans cannot exist with foreign keys on; skip them anyway
			spans.next(scanSpan)
		}
		for spans.ok && sr.articleID == a.ID {
			if sr.sp.Attrs, err = attrs.parse(sr.attrs); err != nil {
				return fmt.Errorf("article %q: %w", a.ExtID, err)
			}
			group = append(group, sr.sp)
			spans.next(scanSpan)
		}
		if spans.err != nil {
			return spans.err
		}
		statuses = statuses[:0]
		for stats.ok && st.articleID < a.ID {
			stats.next(scanStatus)
		}
		for stats.ok && st.articleID == a.ID {
			statuses = append(statuses, st)
			stats.next(scanStatus)
		}
		if stats.err != nil {
			return stats.err
		}
		if err := emitArticle(&a, group, statuses, f.Annotator, wantStatus, wantLabel, fn); err != nil {
			return err
		}
	}
	return arts.Err()
}

// emitArticle hands fn the records of one article: group holds its spans
// and statuses its status rows, both sorted by annotator.
func emitArticle(a *annotate.Article, group []annotate.Span, statuses []statusRow, only string,
	wantStatus func(annotate.Status) bool, wantLabel func(string) bool, fn func(*annotate.Record) error) error {
	var ix *annotate.Index
	emit := func(annotator string, st annotate.Status, spans []annotate.Span) error {
		if !wantStatus(st) {
			return nil
		}
		rec := &annotate.Record{Article: *a, Annotator: annotator, Status: st}
		rec.Spans = make([]annotate.Span, 0, len(spans))
		for _, sp := range spans {
			if !wantLabel(sp.Label) {
				continue
			}
			if ix == nil {
				ix = annotate.NewIndex(a.Text)
			}
			sp.ArticleID = a.ID
			sp.Text = ix.Slice(sp.Start, sp.End)
			rec.Spans = append(rec.Spans, sp)
		}
		return fn(rec)
	}
	if only != "" {
		st := annotate.StatusTodo
		if len(statuses) > 0 {
			st = annotate.Status(statuses[0].status)
		}
		return emit(only, st, group)
	}
	if len(group) == 0 && len(statuses) == 0 {
		return emit("", annotate.StatusTodo, nil)
	}
	// Merge the annotators of spans and statuses, both sorted.
	i, j := 0, 0
	for i < len(group) || j < len(statuses) {
		var name string
		switch {
		case j == len(statuses):
			name = group[i].Annotator
		case i == len(group):
			name = statuses[j].annotator
		default:
			name = min(group[i].Annotator, statuses[j].annotator)
		}
		st := annotate.StatusTodo
		if j < len(statuses) && statuses[j].annotator == name {
			st = annotate.Status(statuses[j].status)
			j++
		}
		k := i
		for k < len(group) && group[k].Annotator == name {
			k++
		}
		if err := emit(name, st, group[i:k]); err != nil {
			return err
		}
		i = k
	}
	return nil
}
