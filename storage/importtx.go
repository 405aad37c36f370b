package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// maxSpanRows is the most spans one INSERT statement carries. A record's
// spans go in statements of this many rows and one for the rest; the
// statements are prepared once per import and row count.
const maxSpanRows = 32

// importTx is an all-or-nothing import: one SQLite write transaction.
type importTx struct {
	db     *DB
	tx     *sql.Tx
	schema *annotate.Schema
	now    int64
	err    error // set once the transaction is over

	insArticle, findArticle, updArticle *sql.Stmt
	setStatus, resetStatus              *sql.Stmt
	insSpans                            [maxSpanRows + 1]*sql.Stmt

	args []any
	buf  []byte
}

// BeginImport starts an all-or-nothing import. Its Put validates each
// record against the stored schema (ErrInvalid) before storing it. The
// import holds the database's write lock until Commit or Rollback.
func (db *DB) BeginImport(ctx context.Context) (annotate.ImportTx, error) {
	tx, err := db.beginWrite(ctx) // waits for another import, see writeWait
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	t := &importTx{db: db, tx: tx, now: ms(db.now())}
	if err := t.prepare(ctx); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("begin import: %w", err)
	}
	return t, nil
}

func (t *importTx) prepare(ctx context.Context) error {
	var err error
	if t.schema, err = findSchema(ctx, t.tx); err != nil {
		return err
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&t.insArticle, `INSERT INTO articles (ext_id, title, source, url, published, text, meta, created, updated)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) ON CONFLICT (ext_id) DO NOTHING`},
		{&t.findArticle, `SELECT id, text FROM articles WHERE ext_id = ?`},
		{&t.updArticle, `UPDATE articles SET title = ?2, source = ?3, url = ?4, published = ?5, meta = ?6, updated = ?7
			WHERE id = ?1 AND (title IS NOT ?2 OR source IS NOT ?3 OR url IS NOT ?4 OR published IS NOT ?5 OR meta IS NOT ?6)`},
		{&t.setStatus, `INSERT INTO article_status (article_id, annotator, status, updated) VALUES (?, ?, ?, ?)
			ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated
			WHERE status IS NOT excluded.status`},
		{&t.resetStatus, `UPDATE article_status SET status = 'todo', updated = ?3
			WHERE article_id = ?1 AND annotator = ?2 AND status <> 'todo'`},
	} {
		if *p.stmt, err = t.tx.PrepareContext(ctx, p.sql); err != nil {
			return err
		}
	}
	return nil
}

// spanStmt returns the statement that upserts n spans of one article and
// annotator: parameters ?1 article, ?2 annotator, ?3 time, then six per
// span (start, end, label, attrs, note, canonical).
func (t *importTx) spanStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if s := t.insSpans[n]; s != nil {
		return s, nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO spans (article_id, annotator, created, updated, start, span_end, label, attrs, note, canonical) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "(?1,?2,?3,?3,?%d,?%d,?%d,?%d,?%d,?%d)", 4+6*i, 5+6*i, 6+6*i, 7+6*i, 8+6*i, 9+6*i)
	}
	// A span already there keeps its id and creation time; only a real
	// change touches it, so importing the same file twice changes nothing.
	b.WriteString(` ON CONFLICT (article_id, annotator, start, span_end, label) DO UPDATE SET
		attrs = excluded.attrs, note = excluded.note, canonical = excluded.canonical, updated = excluded.updated
		WHERE attrs IS NOT excluded.attrs OR note IS NOT excluded.note OR canonical IS NOT excluded.canonical`)
	s, err := t.tx.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, err
	}
	t.insSpans[n] = s
	return s, nil
}

// Put validates and stores one record; see annotate.ImportTx. After an
// error the import is rolled back and every later call fails.
func (t *importTx) Put(ctx context.Context, rec *annotate.Record) error {
	if t.err != nil {
		return t.err
	}
	if err := rec.Validate(t.schema); err != nil {
		t.abort(err)
		return err
	}
	if err := t.put(ctx, rec); err != nil {
		err = mapErr(err)
		t.abort(err)
		return err
	}
	return nil
}

func (t *importTx) put(ctx context.Context, rec *annotate.Record) error {
	a := &rec.Article
	var err error
	t.buf, err = appendMeta(t.buf[:0], a.Meta)
	if err != nil {
		return err
	}
	meta := string(t.buf)
	res, err := t.insArticle.ExecContext(ctx, a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta, t.now)
	if err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	var id int64
	existed := n == 0
	if existed {
		var text string
		if err := t.findArticle.QueryRowContext(ctx, a.ExtID).Scan(&id, &text); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		if text != a.Text {
			return fmt.Errorf("%w: article %q is already stored with a different text (%s)", annotate.ErrConflict, a.ExtID, textDiff(text, a.Text))
		}
		if _, err := t.updArticle.ExecContext(ctx, id, a.Title, a.Source, a.URL, a.Published, meta, t.now); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
	} else if id, err = res.LastInsertId(); err != nil {
		return err
	}
	for sp := rec.Spans; len(sp) > 0; {
		k := min(len(sp), maxSpanRows)
		if err := t.putSpans(ctx, id, rec.Annotator, sp[:k]); err != nil {
			return fmt.Errorf("article %q: spans: %w", a.ExtID, err)
		}
		sp = sp[k:]
	}
	switch {
	case rec.Status == "":
	case rec.Status == annotate.StatusTodo && rec.Annotator == "":
		// The anonymous annotator's todo is what an untouched article
		// exports as: it needs no row unless one says otherwise.
		if existed {
			_, err = t.resetStatus.ExecContext(ctx, id, rec.Annotator, t.now)
		}
	default:
		_, err = t.setStatus.ExecContext(ctx, id, rec.Annotator, string(rec.Status), t.now)
	}
	if err != nil {
		return fmt.Errorf("article %q: status: %w", a.ExtID, err)
	}
	return nil
}

func (t *importTx) putSpans(ctx context.Context, articleID int64, annotator string, spans []annotate.Span) error {
	stmt, err := t.spanStmt(ctx, len(spans))
	if err != nil {
		return err
	}
	args := append(t.args[:0], articleID, annotator, t.now)
	// All attrs of the statement go in one buffer, sliced after it is full.
	buf := t.buf[:0]
	ends := make([]int, len(spans))
	for i := range spans {
		buf = appendAttrs(buf, spans[i].Attrs)
		ends[i] = len(buf)
	}
	t.buf = buf
	all := string(buf)
	prev := 0
	for i := range spans {
		sp := &spans[i]
		args = append(args, sp.Start, sp.End, sp.Label, all[prev:ends[i]], sp.Note, sp.Canonical)
		prev = ends[i]
	}
	t.args = args
	_, err = stmt.ExecContext(ctx, args...)
	return err
}

// textDiff describes where two texts first differ, in code points.
func textDiff(stored, got string) string {
	i := 0
	for i < len(stored) && i < len(got) && stored[i] == got[i] {
		i++
	}
	for i > 0 && i < len(stored) && !utf8.RuneStart(stored[i]) {
		i--
	}
	cp := utf8.RuneCountInString(stored[:i])
	return fmt.Sprintf("stored %d code points, imported %d; they first differ at code point %d",
		utf8.RuneCountInString(stored), utf8.RuneCountInString(got), cp)
}

func (t *importTx) abort(err error) {
	if t.err == nil {
		t.tx.Rollback()
		t.err = fmt.Errorf("import rolled back: %w", err)
	}
}

// Commit makes the import visible and bumps the generation.
func (t *importTx) Commit() error {
	if t.err != nil {
		return t.err
	}
	t.err = errors.New("import already committed")
	if err := bumpGeneration(context.Background(), t.tx); err != nil {
		t.tx.Rollback()
		return fmt.Errorf("commit import: %w", err)
	}
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", mapErr(err))
	}
	return nil
}

// Rollback discards the import. It is safe to call after Commit.
func (t *importTx) Rollback() error {
	if t.err != nil {
		return nil
	}
	t.err = errors.New("import rolled back")
	return t.tx.Rollback()
}
