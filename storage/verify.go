package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// verifyArticle checks the article a, just read in tx, its spans and
// its relations against the checksums stored with them, as export does: a *DamagedError
// naming the article when one does not match, so that the window refuses
// to show garbled text as if it were the article.
func verifyArticle(ctx context.Context, tx *sql.Tx, a *annotate.Article) error {
	var meta string
	var stored sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT meta, sum FROM articles WHERE id = ?`, a.ID).Scan(&meta, &stored); err != nil {
		return err
	}
	var sum summer
	fail := func(why string) error {
		return &DamagedError{Err: &ChecksumError{ArticleID: a.ID, ExtID: a.ExtID, Why: why}}
	}
	if !stored.Valid || stored.Int64 != sum.article(a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta) {
		return fail("its text or metadata does not match the checksum stored with it")
	}
	rows, err := tx.QueryContext(ctx, `SELECT annotator, start, span_end, label, attrs, note, canonical, sum FROM spans WHERE article_id = ?`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var annotator, label, attrs, note, canonical string
		var start, end int64
		if err := rows.Scan(&annotator, &start, &end, &label, &attrs, &note, &canonical, &stored); err != nil {
			return err
		}
		if !stored.Valid || stored.Int64 != sum.span(a.ID, annotator, start, end, label, attrs, note, canonical) {
			return fail(fmt.Sprintf("its %s span [%d,%d) of %s does not match the checksum stored with it", label, start, end, annotatorName(annotator)))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	if ok, err := hasTable(ctx, tx, "relations"); err != nil || !ok {
		return err
	}
	return verifyRelations(ctx, tx, a)
}
