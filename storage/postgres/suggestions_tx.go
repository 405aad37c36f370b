package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage/internal/rowcodec"
)

// suggestLock is the advisory lock key that a suggestion run holds until
// it ends, so that two runs (two curators) do not interleave their
// replacements of the same rows: the second waits, as on SQLite.
const suggestLock = 0x54414753 // 'TAGS'

// A run's rows are sent in batches of this many articles (or this many
// bytes of items), as arrays for unnest: one round trip per batch
// instead of one per article and source.
const (
	suggestBatchRows  = 1000
	suggestBatchBytes = 4 << 20
)

// suggestionTx is one run of sources: see annotate.SuggestionTx.
type suggestionTx struct {
	db       *DB
	tx       pgx.Tx
	sources  []string
	acceptAs string
	schema   *annotate.Schema
	now      time.Time
	buf      []byte
	// The rows not sent yet: the (article, source) pairs of the batch,
	// and which of them hold suggestions (n > 0).
	ids      []int64
	srcs     []string
	ns       []int32
	items    []string
	size     int
	batched  map[int64]bool // the articles in the batch
	accepted map[int64]bool // with acceptAs: the articles that got spans
}

// BeginSuggestions starts an all-or-nothing run of sources; see
// annotate.SuggestionStore. The run holds an advisory lock that other
// runs wait for, and a shared lock on the schema, until it ends; the
// window's changes do not wait for it.
func (db *DB) BeginSuggestions(ctx context.Context, sources []string, acceptAs string) (annotate.SuggestionTx, error) {
	if err := rowcodec.CheckRun(sources, acceptAs); err != nil {
		return nil, err
	}
	if err := noNUL("the suggestion run", append([]string{acceptAs}, sources...)...); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx, pgx.TxOptions{})
	if err != nil {
		return nil, err
	}
	t := &suggestionTx{db: db, tx: tx, sources: slices.Clone(sources), acceptAs: acceptAs, now: db.now(),
		batched: map[int64]bool{}, accepted: map[int64]bool{}}
	if _, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, suggestLock); err == nil {
		t.schema, err = db.lockedSchema(ctx, tx)
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("begin suggestions: %w", db.lostErr(tx, err))
	}
	return t, nil
}

// Put stores one article's suggestions of the run's sources. The rows go
// to the server in batches: an absent article (ErrNotFound) may be
// reported by a later Put or by Commit.
func (t *suggestionTx) Put(ctx context.Context, a *annotate.Article, sugs []annotate.Suggestion) error {
	if err := t.check(a, sugs); err != nil {
		return err
	}
	if t.acceptAs != "" {
		if len(sugs) > 0 {
			t.accepted[a.ID] = true
		}
		if _, err := acceptSpans(ctx, t.tx, rowcodec.AcceptedSpans(sugs, t.acceptAs), t.now); err != nil {
			return t.db.lostErr(t.tx, err)
		}
		return nil
	}
	if t.batched[a.ID] { // an article put again: its earlier rows go first
		if err := t.flush(ctx); err != nil {
			return err
		}
	}
	t.batched[a.ID] = true
	var rows []rowcodec.SourceRow
	rows, t.buf = rowcodec.SourceRows(t.sources, sugs, t.buf)
	for _, r := range rows {
		t.ids, t.srcs, t.ns, t.items = append(t.ids, a.ID), append(t.srcs, r.Source), append(t.ns, int32(r.N)), append(t.items, string(r.Items))
		t.size += len(r.Items)
	}
	if len(t.batched) >= suggestBatchRows || t.size >= suggestBatchBytes {
		return t.flush(ctx)
	}
	return nil
}

// check refuses a put after the run ended, and suggestions that do not
// fit the article, the schema or PostgreSQL's text.
func (t *suggestionTx) check(a *annotate.Article, sugs []annotate.Suggestion) error {
	switch {
	case t.tx == nil:
		return rowcodec.ErrRunEnded
	case slices.ContainsFunc(sugs, func(s annotate.Suggestion) bool { return strings.IndexByte(s.Canonical, 0) >= 0 }):
		return fmt.Errorf("%w: article %q: a suggestion's canonical value holds U+0000, which PostgreSQL text cannot store", annotate.ErrInvalid, a.ExtID)
	}
	return rowcodec.CheckPut(a, sugs, t.sources, t.schema)
}

// flush sends the batch: one check that its articles exist, the rows of
// the sources that have suggestions upserted, those of the sources that
// have none any more deleted.
func (t *suggestionTx) flush(ctx context.Context) error {
	if len(t.ids) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT min(x) FROM unnest($1::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = x)`, t.ids)
	b.Queue(`DELETE FROM suggestions s USING unnest($1::bigint[], $2::text[], $3::int[]) AS r(article_id, source, n)
		WHERE r.n = 0 AND s.article_id = r.article_id AND s.source = r.source`, t.ids, t.srcs, t.ns)
	b.Queue(`INSERT INTO suggestions (article_id, source, n, items)
		SELECT r.article_id, r.source, r.n, r.items FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[]) AS r(article_id, source, n, items)
		WHERE r.n > 0
		ON CONFLICT (article_id, source) DO UPDATE SET n = excluded.n, items = excluded.items`, t.ids, t.srcs, t.ns, t.items)
	br := t.tx.SendBatch(ctx, b)
	var missing *int64
	err := br.QueryRow().Scan(&missing)
	if err == nil && missing != nil {
		err = fmt.Errorf("article %d: %w", *missing, annotate.ErrNotFound)
	}
	for i := 0; i < 2 && err == nil; i++ {
		_, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return t.db.lostErr(t.tx, err)
	}
	t.ids, t.srcs, t.ns, t.items, t.size = t.ids[:0], t.srcs[:0], t.ns[:0], t.items[:0], 0
	clear(t.batched)
	return nil
}

// Commit stores the run and notifies it: a run of sources changes what
// waits in every article it covered (ArticleID 0), one that accepts
// changes the spans of acceptAs.
func (t *suggestionTx) Commit() error {
	if t.tx == nil {
		return rowcodec.ErrRunEnded
	}
	ctx := context.Background()
	tx := t.tx
	err := t.flush(ctx)
	t.tx = nil
	defer tx.Rollback(ctx)
	if err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return t.db.lostErr(tx, err)
	}
	if err := tx.Commit(ctx); err != nil {
		if tx.Conn().IsClosed() {
			return fmt.Errorf("%s: the connection was lost while the suggestions were being committed, so whether they were saved is unknown (read them again): %w", t.db.name, err)
		}
		return mapErr(err)
	}
	changes := []annotate.Change{{Kind: annotate.ChangeSuggestions}}
	if len(t.accepted) > maxNotified {
		changes = []annotate.Change{{Kind: annotate.ChangeUnknown}}
	} else {
		for id := range t.accepted {
			changes = append(changes, annotate.Change{Kind: annotate.ChangeSpans, ArticleID: id, Annotator: t.acceptAs})
		}
	}
	t.db.notify(ctx, changes)
	return nil
}

// maxNotified bounds the articles a run that accepts notifies one by
// one; past it, one ChangeUnknown says that much changed.
const maxNotified = 100

// Rollback drops the run.
func (t *suggestionTx) Rollback() error {
	if t.tx == nil {
		return nil
	}
	err := t.tx.Rollback(context.Background())
	t.tx = nil
	return err
}
