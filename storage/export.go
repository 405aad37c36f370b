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
	id        int64
	attrs     string
	sum       sql.NullInt64
	sp        annotate.Span
}

func exportTx(ctx context.Context, tx *sql.Tx, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
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
		return r.Scan(&sr.articleID, &sr.id, &sr.sp.Annotator, &sr.sp.Start, &sr.sp.End, &sr.sp.Label, &sr.attrs, &sr.sp.Note, &sr.sp.Canonical, &sr.sum)
	}
	rels, scanRel, err := relationCursor(ctx, tx, annWhere, annArgs)
	if err != nil {
		return err
	}
	if rels.rows != nil {
		defer rels.rows.Close()
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
	var ids []int64           // their ids
	var statuses []statusRow  // one article's statuses, by annotator
	var relGroup []relRow     // one article's relations, by annotator
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
		if relGroup, err = rels.article(a.ID, relGroup[:0], scanRel); err != nil {
			return err
		}
		if why != "" {
			if f.SkipDamaged == nil {
				return &DamagedError{Err: &ChecksumError{ArticleID: a.ID, ExtID: a.ExtID, Why: why}}
			}
			f.SkipDamaged(a.ID, a.ExtID, why)
			continue
		}
		art := articleRows{spans: group, ids: ids, statuses: statuses, rels: relGroup}
		if err := art.emit(&a, f.Annotator, wantStatus, wantLabel, fn); err != nil {
			return err
		}
	}
	return arts.Err()
}

// articleRows are one article's rows: its spans (with their ids), status
// rows and relations, each sorted by annotator.
type articleRows struct {
	spans    []annotate.Span
	ids      []int64
	statuses []statusRow
	rels     []relRow
}

// emit hands fn the records of one article.
func (ar *articleRows) emit(a *annotate.Article, only string,
	wantStatus func(annotate.Status) bool, wantLabel func(string) bool, fn func(*annotate.Record) error) error {
	var ix *annotate.Index
	group, statuses := ar.spans, ar.statuses
	emit := func(annotator string, st annotate.Status, i, k int) error {
		if !wantStatus(st) {
			return nil
		}
		rec := &annotate.Record{Article: *a, Annotator: annotator, Status: st}
		rec.Spans = make([]annotate.Span, 0, k-i)
		for _, sp := range group[i:k] {
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
		rec.Relations = recordRelations(ar.rels, annotator, group[i:k], ar.ids[i:k], wantLabel)
		return fn(rec)
	}
	if only != "" {
		st := annotate.StatusTodo
		if len(statuses) > 0 {
			st = annotate.Status(statuses[0].status)
		}
		return emit(only, st, 0, len(group))
	}
	if len(group) == 0 && len(statuses) == 0 {
		return emit("", annotate.StatusTodo, 0, 0)
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
		if err := emit(name, st, i, k); err != nil {
			return err
		}
		i = k
	}
	return nil
}
