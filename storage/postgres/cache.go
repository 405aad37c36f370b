package postgres

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
)

// An action (add, change or delete a span) needs the schema and its
// article's text to validate the span. Reading them every time cost two
// round trips and, for a long article, tens of KB from the server and an
// index built anew; these caches keep them between actions.

// textCacheSize bounds the article texts a store keeps indexed: an
// annotator works on a few articles at a time.
const textCacheSize = 64

// cache holds what the store keeps between transactions.
type cache struct {
	mu      sync.Mutex
	texts   map[int64]*annotate.Index // article id → its text's index
	updated int64                     // the schema's updated column when read
	schema  *annotate.Schema          // the schema as of updated; shared, never changed
}

// textIndex returns the index of article id's text: from the cache (an
// article's text never changes once stored), else read in tx; ErrNotFound
// if the article is absent. A cached text's article may have been deleted
// since: a caller that adds rows to it checks that it exists in the same
// statement (see AddSpans).
func (db *DB) textIndex(ctx context.Context, tx pgx.Tx, id int64) (*annotate.Index, error) {
	db.cache.mu.Lock()
	ix := db.cache.texts[id]
	db.cache.mu.Unlock()
	if ix != nil {
		return ix, nil
	}
	text, err := articleText(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	ix = annotate.NewIndex(text)
	db.cache.mu.Lock()
	defer db.cache.mu.Unlock()
	if db.cache.texts == nil {
		db.cache.texts = map[int64]*annotate.Index{}
	}
	if len(db.cache.texts) >= textCacheSize {
		for k := range db.cache.texts { // any one: the map's order is random
			delete(db.cache.texts, k)
			break
		}
	}
	db.cache.texts[id] = ix
	return ix, nil
}

// lockedSchema reads the schema in a write transaction and keeps a
// concurrent SetSchema waiting until this transaction ends, so that what
// it validated against stays the schema in force. One round trip: the
// lock, then the schema's version, and its body only when that differs
// from the cached one (SetSchema moves updated on at every change).
func (db *DB) lockedSchema(ctx context.Context, tx pgx.Tx) (*annotate.Schema, error) {
	db.cache.mu.Lock()
	known, cached := db.cache.updated, db.cache.schema
	db.cache.mu.Unlock()
	if cached == nil {
		known = -1
	}
	b := &pgx.Batch{}
	// Two statements: the read's snapshot is taken after the lock is held.
	b.Queue(`SELECT pg_advisory_xact_lock_shared($1)`, schemaLock)
	b.Queue(`SELECT updated, CASE WHEN updated = $1 THEN NULL ELSE body END FROM schema WHERE id = 1`, known)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	var updated int64
	var body *string
	if err := br.QueryRow().Scan(&updated, &body); err != nil {
		return nil, err
	}
	if body == nil {
		return cached, nil
	}
	s, err := annotate.ParseSchema("stored schema", []byte(*body))
	if err != nil {
		return nil, err
	}
	db.cache.mu.Lock()
	db.cache.updated, db.cache.schema = updated, s
	db.cache.mu.Unlock()
	return s, nil
}
