package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"slices"
	"strconv"

	"github.com/tagdesk/tagdesk/annotate"
)

// Import batches (migration import_batches): every import is recorded
// as a batch, so that it can be taken back (batches_undo.go). Recording is
// kept cheap: the rows an import inserts carry its batch id in a column
// of their own, set by the insert statements themselves; the rows it
// changes (a merge: an article's metadata, a span's attributes, note or
// canonical value, a relation's note, a status) keep their values from
// before in import_changes, written by temporary triggers that exist only
// on the import's connection while it runs, so no other write pays for
// them and an import that changes nothing writes no row of them.

var _ annotate.ImportRecorder = (*DB)(nil)

// batchRec is the batch an importTx records into.
type batchRec struct {
	id  int64
	b   *annotate.ImportBatch // the caller's, updated after the commit; nil for BeginImport's own batch
	new bool                  // the transaction created the batch row
	// file is the file this transaction imports ("" when not known).
	file string
}

// changeTriggers are the temporary triggers that keep the values from
// before of what an import changes: one per table, %[1]d the batch. A row
// the batch inserted itself is not recorded (the undo deletes it), and
// only the first change of a row in a batch is (INSERT OR IGNORE).
var changeTriggers = []struct{ name, sql string }{
	{"import_batch_articles", `CREATE TEMP TRIGGER import_batch_articles AFTER UPDATE ON main.articles
		WHEN old.batch IS NOT %[1]d BEGIN
		INSERT OR IGNORE INTO import_changes (batch, tbl, row_id, annotator, old, set_at) VALUES (%[1]d, 'articles', old.id, '',
			json_object('title', old.title, 'source', old.source, 'url', old.url, 'published', old.published,
				'meta', old.meta, 'updated', old.updated, 'sum', old.sum), new.updated);
		END`},
	{"import_batch_spans", `CREATE TEMP TRIGGER import_batch_spans AFTER UPDATE ON main.spans
		WHEN old.batch IS NOT %[1]d BEGIN
		INSERT OR IGNORE INTO import_changes (batch, tbl, row_id, annotator, old, set_at) VALUES (%[1]d, 'spans', old.id, '',
			json_object('attrs', old.attrs, 'note', old.note, 'canonical', old.canonical, 'updated', old.updated, 'sum', old.sum), new.updated);
		END`},
	{"import_batch_relations", `CREATE TEMP TRIGGER import_batch_relations AFTER UPDATE ON main.relations
		WHEN old.batch IS NOT %[1]d BEGIN
		INSERT OR IGNORE INTO import_changes (batch, tbl, row_id, annotator, old, set_at) VALUES (%[1]d, 'relations', old.id, '',
			json_object('note', old.note, 'updated', old.updated), new.updated);
		END`},
	{"import_batch_status", `CREATE TEMP TRIGGER import_batch_status AFTER UPDATE ON main.article_status
		WHEN old.batch IS NOT %[1]d BEGIN
		INSERT OR IGNORE INTO import_changes (batch, tbl, row_id, annotator, old, set_at) VALUES (%[1]d, 'article_status', old.article_id, old.annotator,
			json_object('status', old.status, 'updated', old.updated), new.updated);
		END`},
}

// BeginImportBatch starts an all-or-nothing import of file into batch b;
// see annotate.ImportRecorder.
func (db *DB) BeginImportBatch(ctx context.Context, b *annotate.ImportBatch, file string) (annotate.ImportTx, error) {
	return db.beginImport(ctx, &batchRec{b: b, file: file})
}

// startBatch records the import's batch in its transaction: a new row,
// or for a later file of a batch its id, and creates the triggers that
// keep the values from before.
func (t *importTx) startBatch(ctx context.Context) error {
	r := t.batch
	if r.b != nil && r.b.ID != 0 {
		r.id = r.b.ID
		var n int
		if err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM import_batches WHERE id = ? AND undone IS NULL`, r.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: import %d is not recorded, or was undone", annotate.ErrNotFound, r.id)
		}
	} else {
		who, annotator := osUser(), ""
		if r.b != nil {
			annotator = r.b.Annotator
			if r.b.User != "" {
				who = r.b.User
			}
		}
		res, err := t.tx.ExecContext(ctx, `INSERT INTO import_batches (started, finished, os_user, annotator) VALUES (?1, ?1, ?2, ?3)`,
			t.now, who, annotator)
		if err != nil {
			return err
		}
		r.id, _ = res.LastInsertId()
		r.new = true
	}
	for _, tr := range changeTriggers {
		if _, err := t.tx.ExecContext(ctx, fmt.Sprintf(tr.sql, r.id)); err != nil {
			return fmt.Errorf("record import: %w", err)
		}
	}
	return nil
}

// endBatch adds the file and the transaction's counts to the batch's row,
// before the commit.
func (t *importTx) endBatch(ctx context.Context) error {
	var files, counts string
	if err := t.tx.QueryRowContext(ctx, `SELECT files, counts FROM import_batches WHERE id = ?`, t.batch.id).Scan(&files, &counts); err != nil {
		return err
	}
	var fl []string
	var c annotate.ImportCounts
	if err := json.Unmarshal([]byte(files), &fl); err != nil {
		return fmt.Errorf("import %d: files: %w", t.batch.id, err)
	}
	if err := json.Unmarshal([]byte(counts), &c); err != nil {
		return fmt.Errorf("import %d: counts: %w", t.batch.id, err)
	}
	if t.batch.file != "" {
		fl = append(fl, t.batch.file)
	}
	c.Add(t.counts)
	fb, err := json.Marshal(fl)
	if err != nil {
		return err
	}
	cb, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE import_batches SET files = ?2, counts = ?3, finished = ?4 WHERE id = ?1`, t.batch.id, string(fb), string(cb), t.now)
	return err
}

// batchCommitted tells the caller's batch what its commit recorded.
func (t *importTx) batchCommitted() {
	r := t.batch
	if r.b == nil {
		return
	}
	if r.new {
		r.b.ID = r.id
		r.b.Started = fromMS(t.now)
		if r.b.User == "" {
			r.b.User = osUser()
		}
	}
	r.b.Finished = fromMS(t.now)
	if r.file != "" {
		r.b.Files = append(slices.Clip(r.b.Files), r.file)
	}
	r.b.Counts.Add(t.counts)
}

// dropTriggers removes the import's triggers from its connection once its
// transaction is over (a rolled-back transaction took them with it).
func (t *importTx) dropTriggers() {
	for _, tr := range changeTriggers {
		t.conn.ExecContext(context.Background(), `DROP TRIGGER IF EXISTS temp.`+tr.name)
	}
}

// osUser is the name of the operating-system user running tagdesk.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// ImportBatches returns every recorded import, oldest first; see
// annotate.ImportRecorder.
func (db *DB) ImportBatches(ctx context.Context) ([]annotate.ImportBatch, error) {
	var out []annotate.ImportBatch
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, started, finished, os_user, annotator, files, counts, undone
			FROM import_batches ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBatch(rows)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}

func scanBatch(row interface{ Scan(...any) error }) (annotate.ImportBatch, error) {
	var b annotate.ImportBatch
	var started, finished int64
	var undone sql.NullInt64
	var files, counts string
	if err := row.Scan(&b.ID, &started, &finished, &b.User, &b.Annotator, &files, &counts, &undone); err != nil {
		return b, err
	}
	b.Started, b.Finished = fromMS(started), fromMS(finished)
	if undone.Valid {
		b.Undone = fromMS(undone.Int64)
	}
	if err := json.Unmarshal([]byte(files), &b.Files); err != nil {
		return b, fmt.Errorf("import %d: files: %w", b.ID, err)
	}
	if err := json.Unmarshal([]byte(counts), &b.Counts); err != nil {
		return b, fmt.Errorf("import %d: counts: %w", b.ID, err)
	}
	return b, nil
}

// batchID is the batch's id as an SQL literal for the import's insert
// statements (prepared once per import), or NULL when none is recorded.
func (t *importTx) batchID() string {
	if t.batch == nil {
		return "NULL"
	}
	return strconv.FormatInt(t.batch.id, 10)
}
