package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// spanKey is a span's key within one article and annotator.
type spanKey struct {
	start, end int
	label      string
}

// relStmts are the import's relation statements, prepared at the first
// record that has relations.
type relStmts struct {
	spanIDs, insert, update *sql.Stmt
	ids                     map[spanKey]int64
}

func (t *importTx) prepareRelations(ctx context.Context) error {
	if t.rel.insert != nil {
		return nil
	}
	var err error
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&t.rel.spanIDs, `SELECT id, start, span_end, label FROM spans WHERE article_id = ? AND annotator = ?`},
		{&t.rel.insert, `INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (head_id, tail_id, label) DO NOTHING`},
		{&t.rel.update, `UPDATE relations SET note = ?4, updated = ?5
			WHERE head_id = ?1 AND tail_id = ?2 AND label = ?3 AND ?4 <> '' AND note <> ?4`},
	} {
		if *p.stmt, err = t.tx.PrepareContext(ctx, p.sql); err != nil {
			return err
		}
	}
	t.rel.ids = map[spanKey]int64{}
	return nil
}

// putRelations stores rec's relations into article id, whose spans are
// stored already, merged by (head, tail, label, annotator); see
// annotate.ImportTx.Put.
func (t *importTx) putRelations(ctx context.Context, id int64, rec *annotate.Record) error {
	if len(rec.Relations) == 0 {
		return nil
	}
	if err := t.prepareRelations(ctx); err != nil {
		return err
	}
	ids := t.rel.ids
	clear(ids)
	rows, err := t.rel.spanIDs.QueryContext(ctx, id, rec.Annotator)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		var k spanKey
		if err := rows.Scan(&sid, &k.start, &k.end, &k.label); err != nil {
			return err
		}
		ids[k] = sid
	}
	if err := rows.Err(); err != nil {
		return err
	}
	idOf := func(i int) int64 {
		sp := &rec.Spans[i]
		return ids[spanKey{sp.Start, sp.End, sp.Label}]
	}
	for _, r := range rec.Relations {
		head, tail := idOf(r.Head), idOf(r.Child)
		if head == 0 || tail == 0 {
			return fmt.Errorf("relation %s: a span is missing", r.Label)
		}
		res, err := t.rel.insert.ExecContext(ctx, id, rec.Annotator, head, tail, r.Label, r.Note, t.now)
		if err != nil {
			return fmt.Errorf("relation %s: %w", r.Label, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			t.counts.NewRelations++
			continue
		}
		if res, err = t.rel.update.ExecContext(ctx, head, tail, r.Label, r.Note, t.now); err != nil {
			return fmt.Errorf("relation %s: %w", r.Label, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			t.counts.UpdatedRelations++
		} else {
			t.counts.KeptRelations++
		}
	}
	return nil
}
