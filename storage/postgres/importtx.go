package postgres

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// importLock is the advisory lock key an import holds: imports run one at
// a time, as on SQLite, while windows keep labelling.
const importLock = 0x54414745

// Flush thresholds: new articles wait in memory until this many spans or
// articles are pending, then go to the server in three COPYs.
const (
	flushSpans    = 20000
	flushArticles = 1000
	idBlock       = 1000  // article ids first taken from the sequence at a time (see take)
	spanIDBlock   = 10000 // span ids likewise
)

// importTx is an all-or-nothing import: one transaction from BeginImport
// to Commit or Rollback.
//
// An article the database lacks is given an id from the articles'
// sequence (its spans too when it has relations, which name them) and
// queued; queued rows go in with COPY, in batches. An
// article stored already (before the import or earlier in it) is merged
// at once, with the queue flushed first: its Put reads the stored
// article, so a different text is refused by that Put.
type importTx struct {
	db     *DB
	tx     pgx.Tx
	schema *annotate.Schema
	now    int64
	err    error // set once the transaction is over

	known              map[string]int64 // ext_id → id of every stored or imported article
	ids, spanIDs       []int64          // ids taken from the sequences, not used yet
	idsNext, spansNext int              // how many to take next time

	q        copyBatch  // queued rows for COPY
	inflight *copyBatch // rows a background COPY is storing (importcopy.go)
	done     chan error // its outcome
	spare    copyBatch  // emptied rows, for reuse

	validSchema *annotate.Schema
	sameSchema  bool

	counts annotate.ImportCounts
}

// BeginImport starts an all-or-nothing import. Its Put validates each
// record against the stored schema (ErrInvalid) before storing it.
// Imports run one at a time: a second waits for the first to end.
func (db *DB) BeginImport(ctx context.Context) (annotate.ImportTx, error) {
	tx, err := db.begin(ctx, pgx.TxOptions{})
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", err)
	}
	t := &importTx{db: db, tx: tx, now: ms(db.now()), known: map[string]int64{}}
	if err := t.prepare(ctx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("begin import: %w", mapErr(err))
	}
	return t, nil
}

func (t *importTx) prepare(ctx context.Context) error {
	if _, err := t.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLock); err != nil {
		return err
	}
	var err error
	if t.schema, err = t.db.lockedSchema(ctx, t.tx); err != nil {
		return err
	}
	rows, err := t.tx.Query(ctx, `SELECT ext_id, id FROM articles`)
	if err != nil {
		return err
	}
	var ext string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&ext, &id}, func() error { t.known[ext] = id; return nil })
	return err
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
// annotate.PrevalidatingTx.
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
		err = mapErr(err)
		t.abort(err)
		return err
	}
	return nil
}

func (t *importTx) put(ctx context.Context, rec *annotate.Record) error {
	a := &rec.Article
	if err := recordNUL(rec); err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	meta, err := rowcodec.AppendMeta(nil, a.Meta)
	if err != nil {
		return fmt.Errorf("article %q: %w", a.ExtID, err)
	}
	t.counts.Records++
	if id, ok := t.known[a.ExtID]; ok {
		t.counts.MergedArticles++
		if err := t.drain(ctx); err != nil {
			return err
		}
		if err := t.merge(ctx, id, rec); err != nil {
			return fmt.Errorf("article %q: %w", a.ExtID, err)
		}
		return nil
	}
	id, err := t.take(ctx, "articles", &t.ids, &t.idsNext, idBlock)
	if err != nil {
		return err
	}
	t.known[a.ExtID] = id
	t.counts.NewArticles++
	t.q.arts = append(t.q.arts, []any{id, a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, string(meta), t.now, t.now})
	m := spanMerge{}
	t.counts.NewSpans += m.add(rec.Spans)
	for _, k := range m.order {
		s := m.spans[k]
		row := []any{id, rec.Annotator, k.start, k.end, k.label, string(rowcodec.AppendAttrs(nil, s.attrs)), s.note, s.canonical, t.now, t.now}
		if len(rec.Relations) == 0 { // the server numbers the span
			t.q.spans = append(t.q.spans, row)
			continue
		}
		if s.id, err = t.take(ctx, "spans", &t.spanIDs, &t.spansNext, spanIDBlock); err != nil {
			return err
		}
		t.q.spansID = append(t.q.spansID, append([]any{s.id}, row...))
	}
	if len(rec.Relations) > 0 {
		add, _ := t.mergeRelations(id, rec, &m, map[relKey]*mergeRel{})
		t.q.rels = append(t.q.rels, add...)
	}
	switch {
	case rec.Status != "" && (rec.Status != annotate.StatusTodo || rec.Annotator != ""):
		t.q.stats = append(t.q.stats, []any{id, rec.Annotator, string(rec.Status), t.now, rec.Flag.Flagged, rec.Flag.Comment})
	case !rec.Flag.IsZero():
		t.q.stats = append(t.q.stats, []any{id, rec.Annotator, string(annotate.StatusTodo), t.now, rec.Flag.Flagged, rec.Flag.Comment})
	}
	if len(t.q.spans)+len(t.q.spansID) >= flushSpans || len(t.q.arts) >= flushArticles {
		return t.flush(ctx)
	}
	return nil
}

// recordNUL refuses a record with text PostgreSQL cannot store.
func recordNUL(rec *annotate.Record) error {
	a := &rec.Article
	vals := []string{a.ExtID, a.Title, a.Source, a.URL, a.Published, a.Text, rec.Annotator, rec.Flag.Comment}
	for k, v := range a.Meta {
		vals = append(vals, k, string(v))
	}
	if err := noNUL("the article", vals...); err != nil {
		return err
	}
	for _, r := range rec.Relations {
		if err := noNUL("a relation", r.Label, r.Note); err != nil {
			return err
		}
	}
	for i := range rec.Spans {
		sp := &rec.Spans[i]
		vals = append(vals[:0], sp.Note, sp.Canonical)
		for k, v := range sp.Attrs {
			vals = append(vals, k, v)
		}
		if err := noNUL("a span", vals...); err != nil {
			return err
		}
	}
	return nil
}

// merge puts rec into its article id, which is stored already: the
// metadata fields rec carries replace the stored ones (see
// annotate.ImportTx.Put), and its spans and status are merged.
func (t *importTx) merge(ctx context.Context, id int64, rec *annotate.Record) error {
	a := &rec.Article
	var text, meta string
	old := annotate.Article{}
	if err := t.tx.QueryRow(ctx, `SELECT text, title, source, url, published, meta FROM articles WHERE id = $1`, id).
		Scan(&text, &old.Title, &old.Source, &old.URL, &old.Published, &meta); err != nil {
		return err
	}
	if text != a.Text {
		return fmt.Errorf("%w: article %q is already stored with a different text (%s)", annotate.ErrConflict, a.ExtID, rowcodec.TextDiff(text, a.Text))
	}
	merged, changed, err := rowcodec.MergeArticle(old, meta, a)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	if len(changed) > 0 {
		b.Queue(`UPDATE articles SET title = $2, source = $3, url = $4, published = $5, meta = $6, updated = $7 WHERE id = $1`,
			id, merged.Title, merged.Source, merged.URL, merged.Published, merged.Meta, t.now)
		t.counts.UpdatedArticles++
		if t.counts.UpdatedFields == nil {
			t.counts.UpdatedFields = map[string]int{}
		}
		for _, f := range changed {
			t.counts.UpdatedFields[f]++
		}
	}
	m, err := t.storedSpans(ctx, id, rec.Annotator)
	if err != nil {
		return err
	}
	n := m.add(rec.Spans)
	added := 0
	for _, k := range m.order {
		s := m.spans[k]
		attrs := string(rowcodec.AppendAttrs(nil, s.attrs))
		switch {
		case s.id == 0:
			added++
			if len(rec.Relations) > 0 { // they name it by id
				if s.id, err = t.take(ctx, "spans", &t.spanIDs, &t.spansNext, spanIDBlock); err != nil {
					return err
				}
			}
			b.Queue(`INSERT INTO spans (id, article_id, annotator, start, span_end, label, attrs, note, canonical, created, updated)
				VALUES (coalesce($10, nextval(pg_get_serial_sequence('spans', 'id'))), $1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
				id, rec.Annotator, k.start, k.end, k.label, attrs, s.note, s.canonical, t.now, nullID(s.id))
		case s.dirty:
			b.Queue(`UPDATE spans SET attrs = $2, note = $3, canonical = $4, updated = greatest($5, updated + 1) WHERE id = $1`,
				s.id, attrs, s.note, s.canonical, t.now)
		}
	}
	t.counts.NewSpans += added
	t.counts.UpdatedSpans += n - added
	t.counts.KeptSpans += len(rec.Spans) - n
	if err := t.queueRelations(ctx, b, id, rec, m); err != nil {
		return err
	}
	switch {
	case rec.Status == "":
	case rec.Status == annotate.StatusTodo && rec.Annotator == "":
		// The anonymous annotator's todo is what an untouched article
		// exports as: it needs no row unless one says otherwise.
		b.Queue(`UPDATE article_status SET status = 'todo', updated = $3 WHERE article_id = $1 AND annotator = $2 AND status <> 'todo'`,
			id, rec.Annotator, t.now)
	default:
		b.Queue(setStatusSQL, id, rec.Annotator, string(rec.Status), t.now)
	}
	if !rec.Flag.IsZero() {
		b.Queue(importFlagSQL, id, rec.Annotator, t.now, rec.Flag.Flagged, rec.Flag.Comment)
	}
	if b.Len() == 0 {
		return nil
	}
	return t.tx.SendBatch(ctx, b).Close()
}

// storedSpans returns the annotator's stored spans of an article, ready
// for spanMerge.add.
func (t *importTx) storedSpans(ctx context.Context, id int64, annotator string) (*spanMerge, error) {
	m := &spanMerge{}
	rows, err := t.tx.Query(ctx, `SELECT id, start, span_end, label, attrs, note, canonical FROM spans
		WHERE article_id = $1 AND annotator = $2`, id, annotator)
	if err != nil {
		return nil, err
	}
	var k spanKey
	var s mergeSpan
	var attrs string
	_, err = pgx.ForEachRow(rows, []any{&s.id, &k.start, &k.end, &k.label, &attrs, &s.note, &s.canonical}, func() error {
		var err error
		if s.attrs, err = rowcodec.ParseAttrs(attrs); err != nil {
			return err
		}
		m.put(k, s)
		return nil
	})
	return m, err
}

// Counts returns what the import stored so far.
func (t *importTx) Counts() annotate.ImportCounts { return t.counts }

func (t *importTx) abort(err error) {
	if t.err == nil {
		t.err = fmt.Errorf("import rolled back: %w", err)
		t.wait()
		t.tx.Rollback(context.Background())
	}
}

// Commit writes what is queued, makes the import visible, bumps the
// generation and then notifies the article list's change.
func (t *importTx) Commit() error {
	if t.err != nil {
		return t.err
	}
	ctx := context.Background()
	t.err = errors.New("import already committed")
	err := t.drain(ctx)
	if err == nil {
		err = bumpGeneration(ctx, t.tx)
	}
	if err != nil {
		t.tx.Rollback(ctx)
		return fmt.Errorf("commit import: %w", mapErr(err))
	}
	if err := t.tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit import: %w", mapErr(err))
	}
	t.db.notify(ctx, []annotate.Change{{Kind: annotate.ChangeArticles}})
	return nil
}

// Rollback discards the import. It is safe to call after Commit.
func (t *importTx) Rollback() error {
	if t.err != nil {
		return nil
	}
	t.err = errors.New("import rolled back")
	t.wait()
	return t.tx.Rollback(context.Background())
}
