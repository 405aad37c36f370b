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
// chunk's spans, relations and statuses with them, so memory holds two
// chunks: a goroutine reads the next chunk while fn is handed the records
// of the last, so that the server's work and fn's go side by side.
func (db *DB) Export(ctx context.Context, f annotate.ExportFilter, fn func(*annotate.Record) error) error {
	if err := rowcodec.CheckFilter(f); err != nil {
		return err
	}
	return db.view(ctx, func(tx pgx.Tx) error {
		chunks := make(chan *chunk, 1)
		stop := make(chan struct{}) // closed when fn fails: the reader stops after its query
		read := make(chan error, 1)
		go func() {
			defer close(chunks)
			read <- readChunks(ctx, tx, f, chunks, stop)
		}()
		emit := rowcodec.NewEmitter(f, fn)
		for c := range chunks {
			if err := c.emit(emit); err != nil {
				close(stop)
				for range chunks { // the transaction is the reader's until it ends
				}
				<-read
				return err
			}
		}
		return <-read
	})
}

// chunk is what the export reads of some articles: the articles, and by
// article id their spans (sorted by annotator, start, end, label) with
// the spans' ids, relations and statuses (sorted by annotator).
type chunk struct {
	arts     []annotate.Article
	metas    []string
	spans    map[int64][]annotate.Span
	spanIDs  map[int64][]int64
	rels     map[int64][]rowcodec.RelationRow
	statuses map[int64][]rowcodec.StatusRow
}

// readChunks reads the chunks of articles in order into out until none is
// left, stop is closed or ctx ends.
func readChunks(ctx context.Context, tx pgx.Tx, f annotate.ExportFilter, out chan<- *chunk, stop <-chan struct{}) error {
	var last int64
	for {
		c, err := readChunk(ctx, tx, f, last)
		if err != nil || len(c.arts) == 0 {
			return err
		}
		select {
		case out <- c:
		case <-stop:
			return nil
		}
		if len(c.arts) < exportChunk {
			return nil
		}
		last = c.arts[len(c.arts)-1].ID
	}
}

// readChunk reads the chunk of articles after article id last: the
// articles, then their spans, relations and statuses in one round trip.
func readChunk(ctx context.Context, tx pgx.Tx, f annotate.ExportFilter, last int64) (*chunk, error) {
	c := &chunk{spans: map[int64][]annotate.Span{}, spanIDs: map[int64][]int64{},
		rels: map[int64][]rowcodec.RelationRow{}, statuses: map[int64][]rowcodec.StatusRow{}}
	rows, err := tx.Query(ctx, `SELECT id, ext_id, title, source, url, published, text, meta FROM articles
		WHERE id > $1 ORDER BY id LIMIT $2`, last, exportChunk)
	if err != nil {
		return nil, err
	}
	var a annotate.Article
	var meta string
	if _, err := pgx.ForEachRow(rows, []any{&a.ID, &a.ExtID, &a.Title, &a.Source, &a.URL, &a.Published, &a.Text, &meta}, func() error {
		c.arts, c.metas = append(c.arts, a), append(c.metas, meta)
		return nil
	}); err != nil || len(c.arts) == 0 {
		return c, err
	}
	args := []any{c.arts[0].ID, c.arts[len(c.arts)-1].ID}
	ann := ""
	if f.Annotator != "" {
		ann, args = " AND annotator = $3", append(args, f.Annotator)
	}
	b := &pgx.Batch{}
	var id, spanID int64
	var attrs string
	var sp annotate.Span
	b.Queue(`SELECT article_id, id, annotator, start, span_end, label, attrs, note, canonical
		FROM spans WHERE article_id BETWEEN $1 AND $2`+ann+` ORDER BY article_id, annotator, start, span_end, label`, args...).
		Query(func(rows pgx.Rows) error {
			_, err := pgx.ForEachRow(rows, []any{&id, &spanID, &sp.Annotator, &sp.Start, &sp.End, &sp.Label, &attrs, &sp.Note, &sp.Canonical}, func() error {
				var err error
				if sp.Attrs, err = rowcodec.ParseAttrs(attrs); err != nil {
					return fmt.Errorf("article %d: %w", id, err)
				}
				c.spans[id] = append(c.spans[id], sp)
				c.spanIDs[id] = append(c.spanIDs[id], spanID)
				return nil
			})
			return err
		})
	var rel rowcodec.RelationRow
	b.Queue(`SELECT article_id, annotator, head_id, tail_id, label, note
		FROM relations WHERE article_id BETWEEN $1 AND $2`+ann, args...).
		Query(func(rows pgx.Rows) error {
			_, err := pgx.ForEachRow(rows, []any{&rel.ArticleID, &rel.Annotator, &rel.Head, &rel.Tail, &rel.Label, &rel.Note}, func() error {
				c.rels[rel.ArticleID] = append(c.rels[rel.ArticleID], rel)
				return nil
			})
			return err
		})
	var st rowcodec.StatusRow
	b.Queue(`SELECT article_id, annotator, status, flagged, comment
		FROM article_status WHERE article_id BETWEEN $1 AND $2`+ann+` ORDER BY article_id, annotator`, args...).
		Query(func(rows pgx.Rows) error {
			_, err := pgx.ForEachRow(rows, []any{&st.ArticleID, &st.Annotator, &st.Status, &st.Flag.Flagged, &st.Flag.Comment}, func() error {
				c.statuses[st.ArticleID] = append(c.statuses[st.ArticleID], st)
				return nil
			})
			return err
		})
	return c, tx.SendBatch(ctx, b).Close()
}

// emit hands emit the records of the chunk's articles.
func (c *chunk) emit(emit *rowcodec.Emitter) error {
	for i := range c.arts {
		a := &c.arts[i]
		var err error
		if a.Meta, err = rowcodec.ParseMeta(c.metas[i]); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		group, ids, relGroup := c.spans[a.ID], c.spanIDs[a.ID], c.rels[a.ID]
		relsOf := func(annotator string, lo, hi int, wantLabel func(string) bool) []annotate.RecordRelation {
			return rowcodec.RecordRelations(relGroup, annotator, group[lo:hi], ids[lo:hi], wantLabel)
		}
		if err := emit.ArticleWith(a, group, c.statuses[a.ID], relsOf); err != nil {
			return err
		}
	}
	return nil
}
