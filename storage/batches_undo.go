package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// dependentsSQL finds the later work that depends on batch ?1, whose
// last file committed at ?2: each row is (article id, ext id, kind,
// label or status, start, end, annotator). A row the batch inserted and
// that changed since has an updated unlike its created; a status has no
// created, so one changed in the very millisecond of the batch's commit
// is not told from the batch's own.
const dependentsSQL = `
SELECT s.article_id, a.ext_id, 'span edited', s.label, s.start, s.span_end, s.annotator
	FROM spans s JOIN articles a ON a.id = s.article_id WHERE s.batch = ?1 AND s.updated <> s.created
UNION ALL
SELECT s.article_id, a.ext_id, 'span added', s.label, s.start, s.span_end, s.annotator
	FROM articles a JOIN spans s ON s.article_id = a.id WHERE a.batch = ?1 AND s.batch IS NOT ?1
UNION ALL
SELECT r.article_id, a.ext_id, 'relation edited', r.label, 0, 0, r.annotator
	FROM relations r JOIN articles a ON a.id = r.article_id WHERE r.batch = ?1 AND r.updated <> r.created
UNION ALL
SELECT r.article_id, a.ext_id, 'relation added', r.label, 0, 0, r.annotator
	FROM relations r JOIN articles a ON a.id = r.article_id WHERE r.batch IS NOT ?1
	AND (EXISTS (SELECT 1 FROM spans s WHERE s.id = r.head_id AND s.batch = ?1) OR EXISTS (SELECT 1 FROM spans s WHERE s.id = r.tail_id AND s.batch = ?1))
UNION ALL
SELECT st.article_id, a.ext_id, 'status set', st.status, 0, 0, st.annotator
	FROM article_status st JOIN articles a ON a.id = st.article_id
	WHERE (st.batch = ?1 AND st.updated > ?2) OR (a.batch = ?1 AND st.batch IS NOT ?1)
UNION ALL
SELECT g.article_id, a.ext_id, 'assigned', '', 0, 0, g.annotator
	FROM assignments g JOIN articles a ON a.id = g.article_id WHERE a.batch = ?1
UNION ALL
SELECT x.id, x.ext_id, 'article changed', '', 0, 0, ''
	FROM import_changes c JOIN articles x ON x.id = c.row_id WHERE c.batch = ?1 AND c.tbl = 'articles' AND x.updated <> c.set_at
UNION ALL
SELECT x.article_id, a.ext_id, 'span changed', x.label, x.start, x.span_end, x.annotator
	FROM import_changes c JOIN spans x ON x.id = c.row_id JOIN articles a ON a.id = x.article_id
	WHERE c.batch = ?1 AND c.tbl = 'spans' AND x.updated <> c.set_at
UNION ALL
SELECT x.article_id, a.ext_id, 'relation changed', x.label, 0, 0, x.annotator
	FROM import_changes c JOIN relations x ON x.id = c.row_id JOIN articles a ON a.id = x.article_id
	WHERE c.batch = ?1 AND c.tbl = 'relations' AND x.updated <> c.set_at
UNION ALL
SELECT x.article_id, a.ext_id, 'status changed', x.status, 0, 0, x.annotator
	FROM import_changes c JOIN article_status x ON x.article_id = c.row_id AND x.annotator = c.annotator JOIN articles a ON a.id = x.article_id
	WHERE c.batch = ?1 AND c.tbl = 'article_status' AND x.updated <> c.set_at
ORDER BY 1, 3`

// restoreSQL gives the rows batch ?1 changed their values from before.
var restoreSQL = []string{
	`UPDATE articles SET title = json_extract(c.old, '$.title'), source = json_extract(c.old, '$.source'),
		url = json_extract(c.old, '$.url'), published = json_extract(c.old, '$.published'), meta = json_extract(c.old, '$.meta'),
		updated = json_extract(c.old, '$.updated'), sum = json_extract(c.old, '$.sum')
		FROM import_changes c WHERE c.batch = ?1 AND c.tbl = 'articles' AND articles.id = c.row_id`,
	`UPDATE spans SET attrs = json_extract(c.old, '$.attrs'), note = json_extract(c.old, '$.note'),
		canonical = json_extract(c.old, '$.canonical'), updated = json_extract(c.old, '$.updated'), sum = json_extract(c.old, '$.sum')
		FROM import_changes c WHERE c.batch = ?1 AND c.tbl = 'spans' AND spans.id = c.row_id`,
	`UPDATE relations SET note = json_extract(c.old, '$.note'), updated = json_extract(c.old, '$.updated'), sum = NULL
		FROM import_changes c WHERE c.batch = ?1 AND c.tbl = 'relations' AND relations.id = c.row_id`,
	`UPDATE article_status SET status = json_extract(c.old, '$.status'), updated = json_extract(c.old, '$.updated')
		FROM import_changes c WHERE c.batch = ?1 AND c.tbl = 'article_status'
		AND article_status.article_id = c.row_id AND article_status.annotator = c.annotator`,
}

// UndoImport takes back batch id in one transaction; see
// annotate.ImportRecorder.
func (db *DB) UndoImport(ctx context.Context, id int64, force bool) (annotate.UndoResult, error) {
	var res annotate.UndoResult
	err := db.update(ctx, func(tx *sql.Tx) error {
		res = annotate.UndoResult{}
		b, err := scanBatch(tx.QueryRowContext(ctx, `SELECT id, started, finished, os_user, annotator, files, counts, undone
			FROM import_batches WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: no import %d is recorded (tagdesk imports lists them)", annotate.ErrNotFound, id)
		}
		if err != nil {
			return err
		}
		if !b.Undone.IsZero() {
			return fmt.Errorf("%w: import %d was undone already, at %s", annotate.ErrConflict, id, b.Undone.Local().Format("2006-01-02 15:04:05"))
		}
		later, count, err := dependents(ctx, tx, id, ms(b.Finished), force)
		if err != nil {
			return err
		}
		if count > 0 && !force {
			return &annotate.DependsError{Batch: id, Later: later, Count: count}
		}
		res.Lost = later
		return undo(ctx, tx, id, ms(db.now()), &res)
	})
	return res, err
}

// dependents returns the later work that depends on batch id: the first
// annotate.MaxDependents of it (all when all is set) and how much there is.
func dependents(ctx context.Context, tx *sql.Tx, id, finished int64, all bool) ([]annotate.Dependent, int, error) {
	rows, err := tx.QueryContext(ctx, dependentsSQL, id, finished)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []annotate.Dependent
	n := 0
	for rows.Next() {
		var d annotate.Dependent
		var kind, label, annotator string
		var start, end int64
		if err := rows.Scan(&d.ArticleID, &d.ExtID, &kind, &label, &start, &end, &annotator); err != nil {
			return nil, 0, err
		}
		n++
		if all || len(out) < annotate.MaxDependents {
			d.What = dependentText(kind, label, start, end, annotator)
			out = append(out, d)
		}
	}
	return out, n, rows.Err()
}

func dependentText(kind, label string, start, end int64, annotator string) string {
	span := fmt.Sprintf("span %s [%d,%d) of %q", label, start, end, annotator)
	switch kind {
	case "span edited":
		return span + " was edited since"
	case "span added":
		return span + " was added since"
	case "relation edited":
		return fmt.Sprintf("relation %s of %q was edited since", label, annotator)
	case "relation added":
		return fmt.Sprintf("relation %s of %q on a span of the import was added since", label, annotator)
	case "status set":
		return fmt.Sprintf("status %s of %q was set since", label, annotator)
	case "assigned":
		return fmt.Sprintf("it was assigned to %q since", annotator)
	case "article changed":
		return "its metadata, which the import changed, was changed again since"
	case "span changed":
		return span + ", which the import changed, was changed again since"
	case "relation changed":
		return fmt.Sprintf("relation %s of %q, which the import changed, was changed again since", label, annotator)
	case "status changed":
		return fmt.Sprintf("status %s of %q, which the import set, was changed since", label, annotator)
	}
	return kind
}

// undo takes batch id back inside tx and counts what it did in res.
func undo(ctx context.Context, tx *sql.Tx, id, now int64, res *annotate.UndoResult) error {
	for _, q := range restoreSQL {
		r, err := tx.ExecContext(ctx, q, id)
		if err != nil {
			return fmt.Errorf("undo import %d: restore: %w", id, err)
		}
		n, _ := r.RowsAffected()
		res.Restored += int(n)
	}
	for _, d := range []struct {
		count *int
		sql   string
	}{
		{&res.Relations, `DELETE FROM relations WHERE batch = ?1`},
		{&res.Spans, `DELETE FROM spans WHERE batch = ?1`},
		{&res.Statuses, `DELETE FROM article_status WHERE batch = ?1`},
		{&res.Articles, `DELETE FROM articles WHERE batch = ?1`},
		{nil, `DELETE FROM import_changes WHERE batch = ?1`},
	} {
		r, err := tx.ExecContext(ctx, d.sql, id)
		if err != nil {
			return fmt.Errorf("undo import %d: %w", id, err)
		}
		if d.count != nil {
			n, _ := r.RowsAffected()
			*d.count = int(n)
		}
	}
	// A restored span whose checksum was not yet computed before the
	// import gets one now, as every written span does; so do the restored
	// relations, whose values from before hold no checksum.
	if err := fillSpanSums(ctx, tx); err != nil {
		return err
	}
	if err := fillRelationSums(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE import_batches SET undone = ?2 WHERE id = ?1`, id, now)
	return err
}
