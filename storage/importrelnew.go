package storage

import (
	"cmp"
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/tagdesk/tagdesk/annotate"
)

// A new article's relations are not looked up by their spans' keys: the
// import gives each span it inserts its id itself (importTx.lastSpan), so
// it knows them. Nor are they inserted with their article: they wait in
// relStmts.pending and go in runs of relFlush. Interleaved with the
// articles and spans, the relations table and its three indexes are four
// more b-trees whose last pages compete for the import's page cache with
// the articles' and spans', and every page pushed out and changed again
// is written to the log again; in runs, each b-tree's pages are written
// together. An import of 10 relations an article took 1.4× the time of
// the same import without them interleaved (BenchmarkRelationsSideBySide).

// relFlush is how many new articles' relations wait before they are
// inserted: a few hundred KB at most.
const relFlush = 4096

// newRelParams is how many parameters each relation of a new articles'
// relation statement takes: article, annotator, head id, tail id, type,
// note, checksum.
const newRelParams = 7

// newRelRows is the most relations one of those statements carries.
const newRelRows = 128

// pendingRel is a new article's relation waiting to be inserted. Its
// article and annotator are the driver values the statement binds, made
// once for the record's relations.
type pendingRel struct {
	article, annotator driver.Value
	head, tail, sum    int64
	label, note        string
}

// putNewRelations stores the relations of rec, whose article id the
// import has just inserted with its spans, the first of them with id
// firstSpan and the others after it in the record's order. That holds
// when no two of the record's spans share a key (a second one would
// have merged into the first), which their strict export order shows;
// and then no relation can be stored already unless the record gives it
// twice, which the relations' strict order rules out. Otherwise
// putRelations finds the spans by their keys and merges.
func (t *importTx) putNewRelations(id int64, rec *annotate.Record, firstSpan int64) error {
	if len(rec.Relations) == 0 {
		return nil
	}
	for i := 1; i < len(rec.Spans); i++ {
		if annotate.CompareSpans(&rec.Spans[i-1], &rec.Spans[i]) >= 0 {
			return t.putRelations(context.Background(), id, rec)
		}
	}
	for i := 1; i < len(rec.Relations); i++ {
		a, b := &rec.Relations[i-1], &rec.Relations[i]
		if cmp.Or(cmp.Compare(a.Head, b.Head), cmp.Compare(a.Child, b.Child), cmp.Compare(a.Label, b.Label)) >= 0 {
			return t.putRelations(context.Background(), id, rec)
		}
	}
	article, annotator := driver.Value(id), driver.Value(rec.Annotator)
	for _, r := range rec.Relations {
		head, tail := firstSpan+int64(r.Head), firstSpan+int64(r.Child)
		t.rel.pending = append(t.rel.pending, pendingRel{article: article, head: head, tail: tail,
			sum: t.sum.relation(id, rec.Annotator, head, tail, r.Label, r.Note), annotator: annotator, label: r.Label, note: r.Note})
	}
	t.counts.NewRelations += len(rec.Relations)
	if len(t.rel.pending) >= relFlush {
		return t.flushRelations()
	}
	return nil
}

// flushRelations inserts the pending relations, in statements of up to
// newRelRows. They go through Query rather than Exec: the driver binds a
// query's parameters and takes its step in one call into SQLite, where
// Exec makes one call for each parameter (seven a relation), and the
// inserts need no count of changed rows.
func (t *importTx) flushRelations() error {
	if len(t.rel.pending) == 0 {
		return nil
	}
	err := t.raw(func(c *sqlite3.SQLiteConn) error {
		for rels := t.rel.pending; len(rels) > 0; {
			k := min(len(rels), newRelRows)
			s, err := t.newRelStmt(c, k)
			if err != nil {
				return err
			}
			t.args = append(t.args[:0], driver.NamedValue{Ordinal: 1, Value: t.now})
			for i := range rels[:k] {
				r, n := &rels[i], 2+newRelParams*i
				t.args = append(t.args,
					driver.NamedValue{Ordinal: n, Value: r.article},
					driver.NamedValue{Ordinal: n + 1, Value: r.annotator},
					driver.NamedValue{Ordinal: n + 2, Value: r.head},
					driver.NamedValue{Ordinal: n + 3, Value: r.tail},
					driver.NamedValue{Ordinal: n + 4, Value: r.label},
					driver.NamedValue{Ordinal: n + 5, Value: r.note},
					driver.NamedValue{Ordinal: n + 6, Value: r.sum})
			}
			rows, err := s.QueryContext(context.Background(), t.args)
			if err != nil {
				return err
			}
			if err := rows.Close(); err != nil {
				return err
			}
			rels = rels[k:]
		}
		return nil
	})
	clear(t.rel.pending) // let the strings go
	t.rel.pending = t.rel.pending[:0]
	if err != nil {
		return fmt.Errorf("relations: %w", err)
	}
	return nil
}

// newRelStmt returns the statement that inserts n relations whose span
// ids are known: ?1 time, then newRelParams per relation, every one bound
// (empty strings as they are).
func (t *importTx) newRelStmt(c *sqlite3.SQLiteConn, n int) (*sqlite3.SQLiteStmt, error) {
	if s := t.rel.insNew[n]; s != nil {
		return s, nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO relations (article_id, annotator, head_id, tail_id, label, note, created, updated, batch, sum) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		k := 2 + newRelParams*i
		fmt.Fprintf(&b, "(?%d,?%d,?%d,?%d,?%d,?%d,?1,?1,%s,?%d)", k, k+1, k+2, k+3, k+4, k+5, t.batchID(), k+6)
	}
	s, err := prepareRaw(c, b.String())
	if err != nil {
		return nil, err
	}
	t.rel.insNew[n] = s
	return s, nil
}
