package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// exportChunk is how many articles one round of the export reads.
const exportChunk = 500

// Export calls fn for each record that f selects, in article order, from
// one snapshot (a repeatable-read transaction), as the SQLite store does
// (see storage.DB.Export). It reads the articles a chunk at a time, each
// chunk's spans, relations and statuses with them, so memory holds one chunk.
func (db *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	if err := rowcodec.CheckFilter(f); err != nil {
		return err
	}
	return db.view(ctx, func(tx pgx.Tx) error {
		emit := rowcodec.NewEmitter(f, fn)
		var last int64
		for {
			n, err := exportChunkAfter(ctx, tx, f, emit, &last)
			if err != nil || n < exportChunk {
				return err
			}
		}
	})
}

// exportChunkAfter emits the records of the next chunk of articles after
// *last, moves *last on and returns how many articles it read.
func exportChunkAfter(ctx context.Context, tx pgx.Tx, f annotate.ExportFilter, emit *rowcodec.Emitter, last *int64) (int, error) {
	var arts []annotate.Article
	var metas []string
	rows, err := tx.Query(ctx, `SELECT id, ext_id, title, source, url, published, text, meta FROM articles
		WHERE id > $1 ORDER BY id LIMIT $2`, *last, exportChunk)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var a annotate.Article
		var meta string
		if err := rows.Scan(&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta); err != nil {
			rows.Close()
			return 0, err
		}
		arts, metas = append(arts, a), append(metas, meta)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(arts) == 0 {
		return 0, err
	}
	from, to := arts[0].ID, arts[len(arts)-1].ID
	*last = to
	args := []any{from, to}
	ann := ""
	if f.Annotator != "" {
		ann, args = " AND annotator = $3", append(args, f.Annotator)
	}
	spans := map[int64][]annotate.Span{}
	spanIDs := map[int64][]int64{}
	rows, err = tx.Query(ctx, `SELECT article_id, id, annotator, start, span_end, label, attrs, note, canonical
		FROM spans WHERE article_id BETWEEN $1 AND $2`+ann+` ORDER BY article_id, annotator, start, span_end, label`, args...)
	if err != nil {
		return 0, err
	}
	var id, spanID int64
	var attrs string
	var sp annotate.Span
	_, err = pgx.ForEachRow(rows, []any{&id, &spanID, &sp.Annotator, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical}, func() error {
		var err error
		if sp.Attrs, err = rowcodec.ParseAttrs(attrs); err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
		spans[id] = append(spans[id], sp)
		spanIDs[id] = append(spanIDs[id], spanID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	rels := map[int64][]rowcodec.RelationRow{}
	var rel rowcodec.RelationRow
	rows, err = tx.Query(ctx, `SELECT article_id, annotator, head_id, tail_id, label, note
		FROM relations WHERE article_id BETWEEN $1 AND $2`+ann, args...)
	if err != nil {
		return 0, err
	}
	if _, err = pgx.ForEachRow(rows, []any{&rel.ArticleID, &rel.Annotator, &rel.Head, &rel.Tail, &rel.Label, &rel.Note}, func() error {
		rels[rel.ArticleID] = append(rels[rel.ArticleID], rel)
		return nil
	}); err != nil {
		return 0, err
	}
	statuses := map[int64][]rowcodec.StatusRow{}
	var st rowcodec.StatusRow
	rows, err = tx.Query(ctx, `SELECT article_id, annotator, status
		FROM article_status WHERE article_id BETWEEN $1 AND $2`+ann+` ORDER BY article_id, annotator`, args...)
	if err != nil {
		return 0, err
	}
	if _, err = pgx.ForEachRow(rows, []any{&st.ArticleID, &st.Annotator, &st.Status}, func() error {
		statuses[st.ArticleID] = append(statuses[st.ArticleID], st)
		return nil
	}); err != nil {
		return 0, err
	}
	for i := range arts {
		a := &arts[i]
		if a.Meta, err = rowcodec.ParseMeta(metas[i]); err != nil {
			return 0, fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		group, ids, relGroup := spans[a.ID], spanIDs[a.ID], rels[a.ID]
		relsOf := func(annotator string, lo, hi int, wantLabel func(string) bool) []annotate.RecordRelation {
			return rowcodec.RecordRelations(relGroup, annotator, group[lo:hi], ids[lo:hi], wantLabel)
		}
		if err := emit.ArticleWith(a, group, statuses[a.ID], relsOf); err != nil {
			return 0, err
		}
	}
	return len(arts), nil
}
