package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// maxSpanRows is the most spans one INSERT statement carries. A record's
// spans go in statements of this many rows and one for the rest; the
// statements are prepared once per import and row count.
const maxSpanRows = 32

// spanParams is how many parameters each span of a span statement takes.
const spanParams = 8

// importTx is an all-or-nothing import: one SQLite write transaction on
// the write connection, held from BeginImport to Commit or Rollback.
//
// The statements run for every record (insert the article, its spans and
// its status) go straight to the driver (conn.Raw): database/sql's
// per-argument conversions and locking cost more than SQLite's own work
// for a span, and parameters left unbound are NULL, so empty values are
// not bound at all. The rest goes through tx. database/sql does not see
// the raw statements, so the transaction is begun with a context that is
// never cancelled (database/sql would otherwise roll it back on its own
// goroutine, and a raw statement after that would run outside it); Put
// checks the caller's context itself, and every raw call first checks that
// the connection is still inside the transaction.
type importTx struct {
	db     *DB
	conn   *sql.Conn
	tx     *sql.Tx
	schema *annotate.Schema
	now    int64
	err    error // set once the transaction is over

	findArticle, updArticle, countSpans, resetStatus *sql.Stmt

	// Driver statements on conn, used only inside conn.Raw.
	insArticle, setStatus *sqlite3.SQLiteStmt
	insSpans              [maxSpanRows + 1]*sqlite3.SQLiteStmt

	args []driver.NamedValue
	buf  []byte
	ends []int
	sum  summer

	// validSchema is the last schema given to PutValidated, sameSchema
	// whether it equals schema.
	validSchema *annotate.Schema
	sameSchema  bool

	counts  annotate.ImportCounts
	changed int64 // rows the span statements of the current record changed
	// lastSpan is the largest span id in the table: the import gives each
	// span it inserts the next id itself, so that a new article's
	// relations know their spans' ids without looking them up (putRelations).
	lastSpan int64
	rel      relStmts
	batch    *batchRec // the batch recorded (batches.go); nil records none
}

// errTxGone is returned when the import's transaction ended under it.
var errTxGone = errors.New("the import's transaction has ended")

// BeginImport starts an all-or-nothing import. Its Put validates each
// record against the stored schema (ErrInvalid) before storing it. The
// import holds the database's write lock until Commit or Rollback.
func (db *DB) BeginImport(ctx context.Context) (annotate.ImportTx, error) {
	return db.beginImport(ctx, &batchRec{})
}

func (db *DB) beginImport(ctx context.Context, batch *batchRec) (annotate.ImportTx, error) {
	if db.noBatches {
		batch = nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", mapErr(err))
	}
	// The import checks no foreign key: every row it inserts refers to a
	// row it has just inserted or found in its transaction (an article,
	// its spans, its batch), and it deletes nothing. SQLite would look
	// each parent up again: two spans for every relation. The pragma
	// cannot change inside a transaction; finish turns the checks back on.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin import: %w", mapErr(err))
	}
	// Waits for another import, see writeWait.
	tx, err := db.beginWriteWith(ctx, func(_ context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
		return conn.BeginTx(context.WithoutCancel(ctx), opts)
	})
	if err != nil {
		closeImportConn(conn)
		return nil, damaged(db.path, fmt.Errorf("begin import: %w", err))
	}
	t := &importTx{db: db, conn: conn, tx: tx, now: ms(db.now()), batch: batch}
	if err := t.prepare(ctx); err != nil {
		t.finish(tx.Rollback)
		return nil, damaged(db.path, fmt.Errorf("begin import: %w", mapErr(err)))
	}
	return t, nil
}

func (t *importTx) prepare(ctx context.Context) error {
	var err error
	if t.schema, err = findSchema(ctx, t.tx); err != nil {
		return err
	}
	if err := t.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM spans`).Scan(&t.lastSpan); err != nil {
		return err
	}
	if t.batch != nil {
		if err := t.startBatch(ctx); err != nil {
			return err
		}
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&t.findArticle, `SELECT id, text, title, source, url, published, meta FROM articles WHERE ext_id = ?`},
		{&t.updArticle, `UPDATE articles SET title = ?2, source = ?3, url = ?4, published = ?5, meta = ?6, updated = ?7, sum = ?8 WHERE id = ?1`},
		{&t.countSpans, `SELECT count(*) FROM spans WHERE article_id = ? AND annotator = ?`},
		{&t.resetStatus, `UPDATE article_status SET status = 'todo', updated = ?3
			WHERE article_id = ?1 AND annotator = ?2 AND status <> 'todo'`},
	} {
		if *p.stmt, err = t.tx.PrepareContext(ctx, p.sql); err != nil {
			return err
		}
	}
	// Parameters not bound are NULL: empty strings are sent as nothing.
	return t.raw(func(c *sqlite3.SQLiteConn) error {
		var err error
		if t.insArticle, err = prepareRaw(c, `INSERT INTO articles (ext_id, title, source, url, published, text, meta, created, updated, sum, batch)
			VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), coalesce(?4, ''), coalesce(?5, ''), coalesce(?6, ''), ?7, ?8, ?8, ?9, `+t.batchID()+`)
			ON CONFLICT (ext_id) DO NOTHING`); err != nil {
			return err
		}
		t.setStatus, err = prepareRaw(c, `INSERT INTO article_status (article_id, annotator, status, updated, batch)
			VALUES (?1, coalesce(?2, ''), ?3, ?4, `+t.batchID()+`)
			ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, updated = excluded.updated
			WHERE status IS NOT excluded.status`)
		return err
	})
}

func prepareRaw(c *sqlite3.SQLiteConn, query string) (*sqlite3.SQLiteStmt, error) {
	s, err := c.Prepare(query)
	if err != nil {
		return nil, err
	}
	return s.(*sqlite3.SQLiteStmt), nil
}

// raw runs fn on the import's SQLite connection, inside its transaction.
func (t *importTx) raw(fn func(c *sqlite3.SQLiteConn) error) error {
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("import: unexpected driver connection %T", dc)
		}
		if c.AutoCommit() {
			return errTxGone
		}
		return fn(c)
	})
}

// spanStmt returns the statement that upserts n spans of one article and
// annotator: parameters ?1 article, ?2 annotator, ?3 time, then eight per
// span (id, start, end, label, attrs, note, canonical, checksum; attrs,
// note and canonical NULL when empty). A span stored already keeps its id.
func (t *importTx) spanStmt(c *sqlite3.SQLiteConn, n int) (*sqlite3.SQLiteStmt, error) {
	if s := t.insSpans[n]; s != nil {
		return s, nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO spans (id, article_id, annotator, created, updated, start, span_end, label, attrs, note, canonical, sum, batch) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		n := 4 + spanParams*i
		fmt.Fprintf(&b, "(?%d,?1,coalesce(?2,''),?3,?3,?%d,?%d,?%d,coalesce(?%d,'{}'),coalesce(?%d,''),coalesce(?%d,''),?%d,%s)", n, n+1, n+2, n+3, n+4, n+5, n+6, n+7, t.batchID())
	}
	// A span already there keeps its id and creation time; only a real
	// change touches it, so importing the same file twice changes nothing.
	// What the file does not carry (an empty note or canonical value, an
	// attribute it lacks) keeps its stored value. A changed span's checksum
	// is computed at Commit (fillSpanSums): only SQL knows the merged attrs.
	b.WriteString(` ON CONFLICT (article_id, annotator, start, span_end, label) DO UPDATE SET
		attrs = json_patch(attrs, excluded.attrs), note = coalesce(nullif(excluded.note, ''), note),
		canonical = coalesce(nullif(excluded.canonical, ''), canonical), updated = excluded.updated, sum = NULL
		WHERE attrs IS NOT json_patch(attrs, excluded.attrs) OR (excluded.note <> '' AND note IS NOT excluded.note)
			OR (excluded.canonical <> '' AND canonical IS NOT excluded.canonical)`)
	s, err := prepareRaw(c, b.String())
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
	return t.store(ctx, rec)
}

// PutValidated is Put for a record already validated against s; see
// annotate.PrevalidatingTx. When s equals the stored schema, the record is
// not validated again.
func (t *importTx) PutValidated(ctx context.Context, rec *annotate.Record, s *annotate.Schema) error {
	if s != t.validSchema {
		t.validSchema, t.sameSchema = s, s != nil && reflect.DeepEqual(*s, *t.schema)
	}
	if !t.sameSchema {
		return t.Put(ctx, rec)
	}
	if t.err != nil {
		return t.err
	}
	return t.store(ctx, rec)
}

func (t *importTx) store(ctx context.Context, rec *annotate.Record) error {
	err := ctx.Err()
	if err == nil {
		err = t.put(ctx, rec)
	}
	if err != nil {
		err = damaged(t.db.path, mapErr(err))
		t.abort(err)
		return err
	}
	return nil
}

// str appends parameter n with value s to t.args, except an empty s,
// which is left unbound (NULL).
func (t *importTx) str(n int, s string) {
	if s != "" {
		t.args = append(t.args, driver.NamedValue{Ordinal: n, Value: s})
	}
}

func (t *importTx) put(ctx context.Context, rec *annotate.Record) error {
	a := &rec.Article
	var err error
	t.buf, err = appendMeta(t.buf[:0], a.Meta)
	if err != nil {
		return err
	}
	meta := string(t.buf)
	var id int64
	existed := false
	t.changed = 0
	firstSpan := t.lastSpan + 1
	err = t.raw(func(c *sqlite3.SQLiteConn) error {
		t.args = append(t.args[:0], driver.NamedValue{Ordinal: 1, Value: a.ExtID})
		t.str(2, a.Title)
		t.str(3, a.Source)
		t.str(4, a.URL)
		t.str(5, a.Published)
		t.str(6, a.Text)
		t.args = append(t.args, driver.NamedValue{Ordinal: 7, Value: meta}, driver.NamedValue{Ordinal: 8, Value: t.now},
			driver.NamedValue{Ordinal: 9, Value: t.sum.article(a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, meta)})
		res, err := t.insArticle.ExecContext(context.Background(), t.args)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		if existed = n == 0; !existed {
			id, _ = res.LastInsertId()
			return t.putRest(c, id, rec)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	t.counts.Records++
	if !existed {
		t.counts.NewArticles++
		t.counts.NewSpans += int(t.changed)
		if err := t.putNewRelations(id, rec, firstSpan); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		if err := t.putFlag(ctx, id, rec); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		return nil
	}
	t.counts.MergedArticles++
	if id, err = t.merge(ctx, rec); err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	if err := t.putRelations(ctx, id, rec); err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	if err := t.putFlag(ctx, id, rec); err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	if rec.Status == annotate.StatusTodo && rec.Annotator == "" {
		// The anonymous annotator's todo is what an untouched article
		// exports as: it needs no row unless one says otherwise.
		if _, err := t.resetStatus.ExecContext(ctx, id, rec.Annotator, t.now); err != nil {
			return fmt.Errorf("article %q: status: %w", a.ExtID, err)
		}
	}
	return nil
}

// putRest stores the spans and the status of rec, whose article is id.
func (t *importTx) putRest(c *sqlite3.SQLiteConn, id int64, rec *annotate.Record) error {
	for sp := rec.Spans; len(sp) > 0; {
		k := min(len(sp), maxSpanRows)
		if err := t.putSpans(c, id, rec.Annotator, sp[:k]); err != nil {
			return fmt.Errorf("spans: %w", err)
		}
		sp = sp[k:]
	}
	switch {
	case rec.Status == "":
	case rec.Status == annotate.StatusTodo && rec.Annotator == "":
		// See put: reset through tx when the article existed.
	default:
		t.args = t.args[:0]
		t.args = append(t.args, driver.NamedValue{Ordinal: 1, Value: id})
		t.str(2, rec.Annotator)
		t.args = append(t.args, driver.NamedValue{Ordinal: 3, Value: string(rec.Status)}, driver.NamedValue{Ordinal: 4, Value: t.now})
		if _, err := t.setStatus.ExecContext(context.Background(), t.args); err != nil {
			return fmt.Errorf("status: %w", err)
		}
	}
	return nil
}

func (t *importTx) putSpans(c *sqlite3.SQLiteConn, articleID int64, annotator string, spans []annotate.Span) error {
	stmt, err := t.spanStmt(c, len(spans))
	if err != nil {
		return err
	}
	// All attrs of the statement go in one buffer, sliced after it is full.
	buf := t.buf[:0]
	ends := t.ends[:0]
	for i := range spans {
		if len(spans[i].Attrs) > 0 {
			buf = appendAttrs(buf, spans[i].Attrs)
		}
		ends = append(ends, len(buf))
	}
	t.buf, t.ends = buf, ends
	all := string(buf)
	t.args = append(t.args[:0], driver.NamedValue{Ordinal: 1, Value: articleID})
	t.str(2, annotator)
	t.args = append(t.args, driver.NamedValue{Ordinal: 3, Value: t.now})
	prev := 0
	for i := range spans {
		sp := &spans[i]
		n := 4 + spanParams*i
		attrs := all[prev:ends[i]]
		t.lastSpan++
		t.args = append(t.args,
			driver.NamedValue{Ordinal: n, Value: t.lastSpan},
			driver.NamedValue{Ordinal: n + 1, Value: int64(sp.Start)},
			driver.NamedValue{Ordinal: n + 2, Value: int64(sp.End)},
			driver.NamedValue{Ordinal: n + 3, Value: sp.Label})
		t.str(n+4, attrs)
		t.str(n+5, sp.Note)
		t.str(n+6, sp.Canonical)
		if attrs == "" {
			attrs = "{}"
		}
		sum := t.sum.span(articleID, annotator, int64(sp.Start), int64(sp.End), sp.Label, attrs, sp.Note, sp.Canonical)
		t.args = append(t.args, driver.NamedValue{Ordinal: n + 7, Value: sum})
		prev = ends[i]
	}
	res, err := stmt.ExecContext(context.Background(), t.args)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	t.changed += n
	return nil
}
