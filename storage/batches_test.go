package storage_test

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/storage"
)

// dumpRows prints every stored row of the tables an import writes, with
// the columns an undo must give back (ids, timestamps, checksums), not
// the batch columns: two dumps are equal when the data is.
func dumpRows(t *testing.T, db *storage.DB) string {
	t.Helper()
	c, err := sql.Open("sqlite3", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, ext_id, title, source, url, published, meta, created, updated, sum FROM articles ORDER BY id`,
		`SELECT id, article_id, annotator, start, span_end, label, attrs, note, canonical, created, updated, sum FROM spans ORDER BY id`,
		`SELECT id, head_id, tail_id, label, note, created, updated FROM relations ORDER BY id`,
		`SELECT article_id, annotator, status, updated FROM article_status ORDER BY 1, 2`,
	} {
		rows, err := c.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v\n", vals)
		}
		rows.Close()
	}
	return b.String()
}

// relatedRecord is sampleRecord with a relation between two of its spans.
func relatedRecord() *annotate.Record {
	rec := sampleRecord()
	var person, place int
	for i, sp := range rec.Spans {
		switch sp.Text {
		case "王君正":
			person = i
		case "Xinjiang":
			place = i
		}
	}
	rec.Relations = []annotate.RecordRelation{{Head: person, Child: place, Label: "affiliated_with", Note: "from the text"}}
	return rec
}

func mustUndo(t *testing.T, db *storage.DB, id int64, force bool) annotate.UndoResult {
	t.Helper()
	res, err := db.UndoImport(ctx, id, force)
	if err != nil {
		t.Fatalf("undo import %d: %v", id, err)
	}
	return res
}

func lastBatch(t *testing.T, db *storage.DB) annotate.ImportBatch {
	t.Helper()
	list, err := db.ImportBatches(ctx)
	if err != nil || len(list) == 0 {
		t.Fatalf("import batches: %v, %d", err, len(list))
	}
	return list[len(list)-1]
}

// An import into an empty database, undone, leaves it as it was; the
// batch says when, by whom, from which file and what it stored.
func TestUndoImportNew(t *testing.T) {
	db := mustOpenDB(t)
	before := dumpRows(t, db)
	b := &annotate.ImportBatch{Annotator: "alice"}
	tx, err := db.BeginImportBatch(ctx, b, "first.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ctx, relatedRecord()); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if b.ID == 0 || b.User == "" || len(b.Files) != 1 {
		t.Fatalf("batch after commit: %+v", b)
	}
	got := lastBatch(t, db)
	if got.ID != b.ID || got.Annotator != "alice" || got.User != b.User || strings.Join(got.Files, ",") != "first.jsonl" ||
		got.Counts.NewArticles != 1 || got.Counts.NewSpans != 5 || got.Counts.NewRelations != 1 || got.Started.IsZero() {
		t.Fatalf("recorded batch: %+v", got)
	}
	res := mustUndo(t, db, b.ID, false)
	if res.Articles != 1 || res.Spans != 5 || res.Relations != 1 || res.Statuses != 1 || res.Restored != 0 {
		t.Errorf("undo: %+v", res)
	}
	if after := dumpRows(t, db); after != before {
		t.Errorf("after undo:\n%s\nwant:\n%s", after, before)
	}
	if got := lastBatch(t, db); got.Undone.IsZero() {
		t.Errorf("batch not marked undone: %+v", got)
	}
	if _, err := db.UndoImport(ctx, b.ID, false); !errors.Is(err, annotate.ErrConflict) || !strings.Contains(err.Error(), "undone already") {
		t.Errorf("undo twice: %v", err)
	}
	if _, err := db.UndoImport(ctx, 999, false); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("undo of an unknown batch: %v", err)
	}
}

// An import that merges into stored articles (metadata, a span's
// attributes and note, a relation's note, a status changed; spans and a
// status added), undone, gives every changed row its values from before,
// timestamps and checksums included.
func TestUndoImportMerge(t *testing.T) {
	db := mustOpenDB(t)
	if err := importRecords(t, db, relatedRecord()); err != nil {
		t.Fatal(err)
	}
	first := lastBatch(t, db)
	before, beforeExport := dumpRows(t, db), exportString(t, db)

	rec := relatedRecord()
	rec.Article.Source = "AP"
	rec.Status = annotate.StatusSkipped
	rec.Spans[0].Note = "changed"
	rec.Spans[4].Attrs = map[string]string{"role": "imposing"}
	rec.Relations[0].Note = "changed too"
	rec.Spans = append(rec.Spans, span(hardText, "Canada", "ORG"))
	bob := sampleRecord()
	bob.Annotator = "bob"
	for i := range bob.Spans {
		bob.Spans[i].Annotator = "bob"
	}
	if err := importRecords(t, db, rec, bob); err != nil {
		t.Fatal(err)
	}
	second := lastBatch(t, db)
	if second.ID == first.ID || second.Counts.UpdatedArticles == 0 || second.Counts.NewSpans != 6 {
		t.Fatalf("second batch: %+v", second)
	}
	if dumpRows(t, db) == before {
		t.Fatal("the merge changed nothing")
	}
	res := mustUndo(t, db, second.ID, false)
	if res.Articles != 0 || res.Spans != 6 || res.Statuses != 1 || res.Restored != 5 {
		t.Errorf("undo: %+v, want 6 spans, bob's status and 5 rows restored (article, 2 spans, relation, status)", res)
	}
	if after := dumpRows(t, db); after != before {
		t.Errorf("after undo:\n%s\nwant:\n%s", after, before)
	}
	if got := exportString(t, db); got != beforeExport {
		t.Errorf("export after undo:\n%s\nwant:\n%s", got, beforeExport)
	}
	var problems []string
	if _, err := storage.Check(ctx, db.Path(), func(p string) { problems = append(problems, p) }, func(string) {}); err != nil || len(problems) > 0 {
		t.Errorf("check after undo: %v %q", err, problems)
	}
}

// Later work that depends on a batch stops its undo, which then changes
// nothing and names that work; force takes it away with the batch.
func TestUndoImportDepends(t *testing.T) {
	for _, tt := range []struct {
		name  string
		later func(t *testing.T, db *storage.DB, id int64)
		want  string
	}{
		{"SpanEdited", func(t *testing.T, db *storage.DB, id int64) {
			sp := mustSpans(t, db, id, "alice")[0]
			sp.Note = "mine"
			if err := db.UpdateSpan(ctx, &sp); err != nil {
				t.Fatal(err)
			}
		}, "was edited since"},
		{"SpanAdded", func(t *testing.T, db *storage.DB, id int64) {
			sp := span(hardText, "Canada", "ORG")
			sp.ArticleID, sp.Annotator = id, "carol"
			if err := db.AddSpan(ctx, &sp); err != nil {
				t.Fatal(err)
			}
		}, `of "carol" was added since`},
		{"RelationAdded", func(t *testing.T, db *storage.DB, id int64) {
			sps := mustSpans(t, db, id, "alice")
			r := annotate.Relation{Head: sps[2].ID, Tail: sps[0].ID, Label: "affiliated_with"}
			if err := db.AddRelation(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}, "on a span of the import was added since"},
		{"StatusSet", func(t *testing.T, db *storage.DB, id int64) {
			if err := db.SetStatus(ctx, id, "dave", annotate.StatusDone); err != nil {
				t.Fatal(err)
			}
		}, `status done of "dave" was set since`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenDB(t)
			before := dumpRows(t, db)
			id := importOne(t, db, relatedRecord())
			b := lastBatch(t, db)
			tt.later(t, db, id)
			changed := dumpRows(t, db)
			_, err := db.UndoImport(ctx, b.ID, false)
			var de *annotate.DependsError
			if !errors.As(err, &de) || !errors.Is(err, annotate.ErrConflict) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("undo: got %v, want a DependsError saying %q", err, tt.want)
			}
			if got := dumpRows(t, db); got != changed {
				t.Fatalf("a refused undo changed the database:\n%s\nwant:\n%s", got, changed)
			}
			res := mustUndo(t, db, b.ID, true)
			if len(res.Lost) == 0 {
				t.Errorf("forced undo: nothing listed as lost: %+v", res)
			}
			if got := dumpRows(t, db); got != before {
				t.Errorf("after the forced undo:\n%s\nwant:\n%s", got, before)
			}
		})
	}
}

// A batch that changed what a later batch added must be undone first:
// the later one's undo is refused until then, and both undo cleanly in
// that order.
func TestUndoImportOrder(t *testing.T) {
	db := mustOpenDB(t)
	empty := dumpRows(t, db)
	if err := importRecords(t, db, relatedRecord()); err != nil {
		t.Fatal(err)
	}
	first := lastBatch(t, db)
	afterFirst := dumpRows(t, db)
	rec := relatedRecord()
	rec.Spans[0].Note = "second"
	if err := importRecords(t, db, rec); err != nil {
		t.Fatal(err)
	}
	second := lastBatch(t, db)
	if _, err := db.UndoImport(ctx, first.ID, false); !strings.Contains(fmt.Sprint(err), "was edited since") {
		t.Fatalf("undo of the first batch under the second: %v", err)
	}
	mustUndo(t, db, second.ID, false)
	if got := dumpRows(t, db); got != afterFirst {
		t.Fatalf("after undoing the second:\n%s\nwant:\n%s", got, afterFirst)
	}
	mustUndo(t, db, first.ID, false)
	if got := dumpRows(t, db); got != empty {
		t.Fatalf("after undoing both:\n%s\nwant:\n%s", got, empty)
	}
}

// The files of one import command are one batch: a later file joins the
// batch of the first, and a file rolled back leaves it as it was.
func TestImportBatchFiles(t *testing.T) {
	db := mustOpenDB(t)
	b := &annotate.ImportBatch{}
	for i, file := range []string{"a.jsonl", "b.jsonl", "bad.jsonl"} {
		tx, err := db.BeginImportBatch(ctx, b, file)
		if err != nil {
			t.Fatal(err)
		}
		rec := sampleRecord()
		rec.Article.ExtID = fmt.Sprint("art-", i)
		if err := tx.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if file == "bad.jsonl" {
			tx.Rollback()
			continue
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.ImportBatches(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("batches: %v %+v", err, list)
	}
	if got := list[0]; strings.Join(got.Files, ",") != "a.jsonl,b.jsonl" || got.Counts.NewArticles != 2 || got.Counts.Records != 2 {
		t.Errorf("recorded: %+v", got)
	}
	if strings.Join(b.Files, ",") != "a.jsonl,b.jsonl" || b.Counts.NewArticles != 2 {
		t.Errorf("caller's batch: %+v", b)
	}
	res := mustUndo(t, db, b.ID, false)
	if res.Articles != 2 {
		t.Errorf("undo: %+v", res)
	}
}

func mustSpans(t *testing.T, db *storage.DB, id int64, annotator string) []annotate.Span {
	t.Helper()
	sps, err := db.Spans(ctx, id, annotator)
	if err != nil || len(sps) == 0 {
		t.Fatalf("spans: %v %d", err, len(sps))
	}
	return sps
}

// Recover keeps the relations whose spans it saved, with their notes.
func TestRecoverRelations(t *testing.T) {
	db := mustOpenDB(t)
	if err := importRecords(t, db, relatedRecord()); err != nil {
		t.Fatal(err)
	}
	want := exportString(t, db)
	dst := filepath.Join(t.TempDir(), "new.db")
	res, err := storage.Recover(ctx, db.Path(), dst, false, func(l string) { t.Errorf("lost: %s", l) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Relations != (storage.RecoverCounts{Claimed: 1, Saved: 1}) || !strings.Contains(strings.Join(res.Lines(), "\n"), "relations 1 of 1 saved, 0 lost") {
		t.Errorf("relations: %+v %q", res.Relations, res.Lines())
	}
	out := mustOpenPath(t, dst)
	if got := exportString(t, out); got != want {
		t.Errorf("recovered:\n%s\nwant:\n%s", got, want)
	}
}
