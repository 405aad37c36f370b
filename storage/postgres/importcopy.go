package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// An import's new rows go to the server with COPY on a goroutine of its
// own, so that the next batch is validated and built while the server
// stores the last one: client and server work side by side instead of in
// turn. One COPY runs at a time, and nothing else uses the transaction
// meanwhile: every other use waits for it first (wait, drain).

// copyBatch is rows queued for COPY, by table.
type copyBatch struct {
	arts, spans, spansID, stats, rels [][]any // spansID: spans with the id taken for their relations
}

func (b *copyBatch) empty() bool {
	return len(b.arts) == 0 && len(b.spans) == 0 && len(b.spansID) == 0 && len(b.stats) == 0 && len(b.rels) == 0
}

// reset empties b, keeping its memory.
func (b *copyBatch) reset() {
	for _, rows := range []*[][]any{&b.arts, &b.spans, &b.spansID, &b.stats, &b.rels} {
		clear(*rows)
		*rows = (*rows)[:0]
	}
}

var spanCopyColumns = []string{"article_id", "annotator", "start", "span_end", "label", "attrs", "note", "canonical", "created", "updated"}

// nullID is id, or NULL for 0 (an id for the server to choose).
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// copyRows stores b with one COPY per table, articles first.
func copyRows(ctx context.Context, tx pgx.Tx, b *copyBatch) error {
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"articles", []string{"id", "ext_id", "title", "source", "url", "published", "text", "meta", "created", "updated"}, b.arts},
		{"spans", spanCopyColumns, b.spans},
		{"spans", append([]string{"id"}, spanCopyColumns...), b.spansID},
		{"article_status", []string{"article_id", "annotator", "status", "updated", "flagged", "comment"}, b.stats},
		{"relations", relColumns, b.rels},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("copy into %s: %w", c.table, err)
		}
	}
	return nil
}

// flush starts storing the queued rows in the background, once the COPY
// before has finished.
func (t *importTx) flush(ctx context.Context) error {
	if err := t.wait(); err != nil {
		return err
	}
	if t.q.empty() {
		return nil
	}
	b := t.q
	t.q, t.spare = t.spare, copyBatch{}
	t.inflight = &b
	done := make(chan error, 1)
	t.done = done
	tx := t.tx
	go func() { done <- copyRows(ctx, tx, &b) }()
	return nil
}

// wait waits for the background COPY, if one runs, and returns its error.
func (t *importTx) wait() error {
	if t.done == nil {
		return nil
	}
	err := <-t.done
	t.done = nil
	t.inflight.reset()
	t.spare, t.inflight = *t.inflight, nil
	return err
}

// drain stores every queued row and waits until they are stored.
func (t *importTx) drain(ctx context.Context) error {
	if err := t.flush(ctx); err != nil {
		return err
	}
	return t.wait()
}

// take returns a new id of table from its id sequence, which it reads
// into *ids a block at a time: first size ids, then twice as many each
// time (*next keeps count) up to 16 times size, so that a small import
// leaves few ids unused and a large one seldom stops the background COPY
// to ask for more.
func (t *importTx) take(ctx context.Context, table string, ids *[]int64, next *int, size int) (int64, error) {
	if len(*ids) == 0 {
		if err := t.wait(); err != nil {
			return 0, err
		}
		n := max(*next, size)
		*next = min(2*n, 16*size)
		rows, err := t.tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
		if err != nil {
			return 0, err
		}
		if *ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return 0, err
		}
	}
	id := (*ids)[0]
	*ids = (*ids)[1:]
	return id, nil
}
