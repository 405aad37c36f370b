package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// relParams is how many parameters each relation of a relation
// statement takes: head start, end, label, tail start, end, label, type,
// note (NULL when empty).
const relParams = 8

// relStmts are the import's relation statements: the raw inserts by
// relation count, prepared as needed (by span ids for new articles', see
// importrelnew.go, by span keys for the others), and the note update;
// and the new articles' relations not yet inserted.
type relStmts struct {
	insNew  [newRelRows + 1]*sqlite3.SQLiteStmt
	ins     [maxSpanRows + 1]*sqlite3.SQLiteStmt
	update  *sql.Stmt
	pending []pendingRel
}

// insertRelations runs the relation statements stmt gives for rec's
// relations, in statements of up to maxSpanRows with bind appending
// each relation's parameters from ordinal n on (per parameters each),
// then has a relation stored already, or given twice, merged: its note
// updated as a merge does.
func (t *importTx) insertRelations(id int64, rec *annotate.Record, stmt func(*sqlite3.SQLiteConn, int) (*sqlite3.SQLiteStmt, error),
	bind func(n int, r *annotate.RecordRelation), per int) error {
	var added int64
	err := t.raw(func(c *sqlite3.SQLiteConn) error {
		for rels := rec.Relations; len(rels) > 0; {
			k := min(len(rels), maxSpanRows)
			s, err := stmt(c, k)
			if err != nil {
				return err
			}
			t.args = append(t.args[:0], driver.NamedValue{Ordinal: 1, Value: id})
			t.str(2, rec.Annotator)
			t.args = append(t.args, driver.NamedValue{Ordinal: 3, Value: t.now})
			for i := range rels[:k] {
				bind(4+per*i, &rels[i])
			}
			res, err := s.ExecContext(context.Background(), t.args)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += n
			rels = rels[k:]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("relations: %w", err)
	}
	t.counts.NewRelations += int(added)
	if int(added) == len(rec.Relations) {
		return nil
	}
	// A relation given twice: stored once, with the note as a merge gives it.
	return t.updateRelationNotes(context.Background(), id, rec, len(rec.Relations)-int(added))
}

// relStmt returns the statement that inserts n relations of one article
// and annotator, finding their spans by (start, end, label): ?1 article,
// ?2 annotator, ?3 time, then relParams per relation. A relation stored
// already is left as it is (see putRelations for its note). The new
// relations' checksums are computed at Commit (fillRelationSums): only
// SQL knows their spans' ids.
func (t *importTx) relStmt(c *sqlite3.SQLiteConn, n int) (*sqlite3.SQLiteStmt, error) {
	if s := t.rel.ins[n]; s != nil {
		return s, nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated, batch)
		SELECT ?1, coalesce(?2, ''), h.id, t.id, v.column7, coalesce(v.column8, ''), ?3, ?3, ` + t.batchID() + ` FROM (VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		k := 4 + relParams*i
		fmt.Fprintf(&b, "(?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d)", k, k+1, k+2, k+3, k+4, k+5, k+6, k+7)
	}
	b.WriteString(`) v
		JOIN spans h ON h.article_id = ?1 AND h.annotator = coalesce(?2, '') AND h.start = v.column1 AND h.span_end = v.column2 AND h.label = v.column3
		JOIN spans t ON t.article_id = ?1 AND t.annotator = coalesce(?2, '') AND t.start = v.column4 AND t.span_end = v.column5 AND t.label = v.column6
		WHERE true ON CONFLICT (head_id, tail_id, label) DO NOTHING`)
	s, err := prepareRaw(c, b.String())
	if err != nil {
		return nil, err
	}
	t.rel.ins[n] = s
	return s, nil
}

// putRelations stores rec's relations into article id, whose spans are
// stored already, merged by (head, tail, label, annotator); see
// annotate.ImportTx.Put. The relations go in statements of up to
// maxSpanRows; only when some were stored already are their notes
// updated, one by one.
func (t *importTx) putRelations(ctx context.Context, id int64, rec *annotate.Record) error {
	if len(rec.Relations) == 0 {
		return nil
	}
	// A relation of a new article still pending could meet this one.
	if err := t.flushRelations(); err != nil {
		return err
	}
	return t.insertRelations(id, rec, t.relStmt, func(n int, r *annotate.RecordRelation) {
		h, c := &rec.Spans[r.Head], &rec.Spans[r.Child]
		t.args = append(t.args,
			driver.NamedValue{Ordinal: n, Value: int64(h.Start)}, driver.NamedValue{Ordinal: n + 1, Value: int64(h.End)},
			driver.NamedValue{Ordinal: n + 2, Value: h.Label}, driver.NamedValue{Ordinal: n + 3, Value: int64(c.Start)},
			driver.NamedValue{Ordinal: n + 4, Value: int64(c.End)}, driver.NamedValue{Ordinal: n + 5, Value: c.Label},
			driver.NamedValue{Ordinal: n + 6, Value: r.Label})
		t.str(n+7, r.Note)
	}, relParams)
}

// updateRelationNotes gives the relations of rec stored already (old of
// them) the record's note where it is not empty, and counts them.
func (t *importTx) updateRelationNotes(ctx context.Context, id int64, rec *annotate.Record, old int) error {
	if t.rel.update == nil {
		var err error
		if t.rel.update, err = t.tx.PrepareContext(ctx, `UPDATE relations SET note = ?8, updated = ?9, sum = NULL
			WHERE head_id = (SELECT id FROM spans WHERE article_id = ?1 AND annotator = ?2 AND start = ?3 AND span_end = ?4 AND label = ?5)
			  AND tail_id = (SELECT id FROM spans WHERE article_id = ?1 AND annotator = ?2 AND start = ?6 AND span_end = ?7 AND label = ?10)
			  AND label = ?11 AND ?8 <> '' AND note <> ?8`); err != nil {
			return err
		}
	}
	updated := 0
	for _, r := range rec.Relations {
		if r.Note == "" {
			continue
		}
		h, c := &rec.Spans[r.Head], &rec.Spans[r.Child]
		res, err := t.rel.update.ExecContext(ctx, id, rec.Annotator, h.Start, h.End, h.Label, c.Start, c.End, r.Note, t.now, c.Label, r.Label)
		if err != nil {
			return fmt.Errorf("relation %s: %w", r.Label, err)
		}
		n, _ := res.RowsAffected()
		updated += int(n)
	}
	t.counts.UpdatedRelations += updated
	t.counts.KeptRelations += old - updated
	return nil
}
