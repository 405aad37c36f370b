package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tagdesk/tagdesk/annotate"
)

// relKey is what an import merges relations by (with the annotator,
// which is the same for one record).
type relKey struct {
	head, tail int64
	label      string
}

// mergeRel is a relation as the merge leaves it: id 0 for one it adds,
// whose row (queued for COPY or an INSERT) is row.
type mergeRel struct {
	id   int64
	note string
	row  []any
}

// relRow's column of the note (see relColumns).
const relNoteCol = 5

var relColumns = []string{"article_id", "annotator", "head_id", "tail_id", "label", "note", "created", "updated"}

// mergeRelations applies annotate.ImportTx.Put's relation rules to rec's
// relations in article id: m holds the record's spans with their ids,
// stored the relations of rec's annotator stored already there (empty for
// a new article). It returns the rows of the relations to add and the
// stored relations whose note changed, and counts them.
func (t *importTx) mergeRelations(id int64, rec *annotate.Record, m *spanMerge, stored map[relKey]*mergeRel) (add [][]any, changed []*mergeRel) {
	for _, r := range rec.Relations {
		h, c := &rec.Spans[r.Head], &rec.Spans[r.Child]
		k := relKey{m.spans[spanKey{h.Start, h.End, h.Label}].id, m.spans[spanKey{c.Start, c.End, c.Label}].id, r.Label}
		old, ok := stored[k]
		if !ok {
			row := []any{id, rec.Annotator, k.head, k.tail, k.label, r.Note, t.now, t.now}
			stored[k] = &mergeRel{note: r.Note, row: row}
			add = append(add, row)
			t.counts.NewRelations++
			continue
		}
		if r.Note == "" || r.Note == old.note {
			t.counts.KeptRelations++
			continue
		}
		t.counts.UpdatedRelations++
		old.note = r.Note
		if old.row != nil {
			old.row[relNoteCol] = r.Note
		} else {
			changed = append(changed, old)
		}
	}
	return add, changed
}

// storedRelations returns the annotator's stored relations of an article.
func (t *importTx) storedRelations(ctx context.Context, id int64, annotator string) (map[relKey]*mergeRel, error) {
	stored := map[relKey]*mergeRel{}
	rows, err := t.tx.Query(ctx, `SELECT id, head_id, tail_id, label, note FROM relations WHERE article_id = $1 AND annotator = $2`, id, annotator)
	if err != nil {
		return nil, err
	}
	var k relKey
	var r mergeRel
	_, err = pgx.ForEachRow(rows, []any{&r.id, &k.head, &k.tail, &k.label, &r.note}, func() error {
		rr := r
		stored[k] = &rr
		return nil
	})
	return stored, err
}

// queueRelations merges rec's relations into the stored article id (see
// mergeRelations) and queues the changes on b.
func (t *importTx) queueRelations(ctx context.Context, b *pgx.Batch, id int64, rec *annotate.Record, m *spanMerge) error {
	if len(rec.Relations) == 0 {
		return nil
	}
	stored, err := t.storedRelations(ctx, id, rec.Annotator)
	if err != nil {
		return fmt.Errorf("relations: %w", err)
	}
	add, changed := t.mergeRelations(id, rec, m, stored)
	for _, row := range add {
		b.Queue(`INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, row...)
	}
	for _, r := range changed {
		b.Queue(`UPDATE relations SET note = $2, updated = $3 WHERE id = $1`, r.id, r.note, t.now)
	}
	return nil
}
