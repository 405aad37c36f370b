package storage

import (
	"context"
	"fmt"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// merge puts rec into its article, which is stored already: the
// metadata fields rec carries replace the stored ones (see
// annotate.ImportTx.Put), and its spans and status are added.
func (t *importTx) merge(ctx context.Context, rec *annotate.Record) (int64, error) {
	a := &rec.Article
	var id int64
	var text, meta string
	old := annotate.Article{}
	if err := t.findArticle.QueryRowContext(ctx, a.ExtID).Scan(&id, &text, &old.Title, &old.Source, &old.URL, &old.Published, &meta); err != nil {
		return 0, err
	}
	if text != a.Text {
		return 0, fmt.Errorf("%w: article %q is already stored with a different text (%s)", annotate.ErrConflict, a.ExtID, textDiff(text, a.Text))
	}
	merged, changed, err := mergeArticle(old, meta, a)
	if err != nil {
		return 0, err
	}
	if len(changed) > 0 {
		sum := t.sum.article(a.ExtID, merged.Title, merged.Source, merged.URL, merged.Published, text, merged.meta)
		if _, err := t.updArticle.ExecContext(ctx, id, merged.Title, merged.Source, merged.URL, merged.Published, merged.meta, t.now, sum); err != nil {
			return 0, err
		}
		t.counts.UpdatedArticles++
		if t.counts.UpdatedFields == nil {
			t.counts.UpdatedFields = map[string]int{}
		}
		for _, f := range changed {
			t.counts.UpdatedFields[f]++
		}
	}
	var before, after int
	if err := t.countSpans.QueryRowContext(ctx, id, rec.Annotator).Scan(&before); err != nil {
		return 0, err
	}
	if err := t.raw(func(c *sqlite3.SQLiteConn) error { return t.putRest(c, id, rec) }); err != nil {
		return 0, err
	}
	if err := t.countSpans.QueryRowContext(ctx, id, rec.Annotator).Scan(&after); err != nil {
		return 0, err
	}
	added := after - before
	t.counts.NewSpans += added
	t.counts.UpdatedSpans += int(t.changed) - added
	t.counts.KeptSpans += max(len(rec.Spans)-int(t.changed), 0)
	return id, nil
}

// Counts returns what the import stored so far.
func (t *importTx) Counts() annotate.ImportCounts { return t.counts }
