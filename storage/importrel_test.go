package storage_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/corpus"
)

// relationsOf lists the relations of the exported records as
// "article: head text > child text type note", sorted.
func relationsOf(recs []*annotate.Record) []string {
	var out []string
	for _, r := range recs {
		runes := []rune(r.Article.Text)
		for _, rel := range r.Relations {
			h, c := r.Spans[rel.Head], r.Spans[rel.Child]
			out = append(out, fmt.Sprintf("%s/%s: %s %s > %s %s %s %q", r.Article.ExtID, r.Annotator,
				string(runes[h.Start:h.End]), h.Label, string(runes[c.Start:c.End]), c.Label, rel.Label, rel.Note))
		}
	}
	slices.Sort(out)
	return out
}

// TestImportRelationsSpanIDs: a new article's relations are stored
// between the spans the import has just given ids, in a database whose
// span ids do not start at 1 and have a gap; a record with a span given
// twice, one with its spans out of order, a relation given twice, a
// merge into a stored article and one into an article of the same import
// all keep each relation between its own spans.
func TestImportRelationsSpanIDs(t *testing.T) {
	db := mustOpenPath(t, filepath.Join(t.TempDir(), "rel.db"))
	text := "Canada froze the assets of Wang Junzheng of the Xinjiang bureau."
	canada, froze, wang, bureau := span(text, "Canada", "JURISDICTION"), span(text, "froze the assets", "MEASURE"),
		span(text, "Wang Junzheng", "PERSON"), span(text, "Xinjiang bureau", "ORG")
	rec := func(id string, spans []annotate.Span, rels ...annotate.RecordRelation) *annotate.Record {
		return &annotate.Record{Article: annotate.Article{ExtID: id, Text: text}, Annotator: "alice", Spans: spans, Relations: rels}
	}
	imposed := func(h, c int) annotate.RecordRelation {
		return annotate.RecordRelation{Head: h, Child: c, Label: "imposed_by"}
	}
	targets := func(h, c int, note string) annotate.RecordRelation {
		return annotate.RecordRelation{Head: h, Child: c, Label: "targets", Note: note}
	}
	if err := importRecords(t, db, rec("first", []annotate.Span{canada, froze, wang, bureau}, imposed(1, 0))); err != nil {
		t.Fatal(err)
	}
	recs := []*annotate.Record{
		rec("sorted", []annotate.Span{canada, froze, wang, bureau}, imposed(1, 0), targets(1, 2, "")),
		rec("twice", []annotate.Span{canada, froze, froze, wang}, imposed(2, 0), targets(2, 3, "a")),
		rec("unsorted", []annotate.Span{wang, froze, canada}, imposed(1, 2), targets(1, 0, "")),
		rec("duplicate", []annotate.Span{canada, froze, wang}, targets(1, 2, ""), targets(1, 2, "kept")),
		rec("first", []annotate.Span{canada, froze, wang}, targets(1, 2, "merged")),
		// Merged into an article of this import whose relations wait.
		rec("sorted", []annotate.Span{froze, wang}, targets(0, 1, "later")),
	}
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	got := relationsOf(exportAll(t, db, annotate.ExportFilter{}))
	want := []string{
		`duplicate/alice: froze the assets MEASURE > Wang Junzheng PERSON targets "kept"`,
		`first/alice: froze the assets MEASURE > Canada JURISDICTION imposed_by ""`,
		`first/alice: froze the assets MEASURE > Wang Junzheng PERSON targets "merged"`,
		`sorted/alice: froze the assets MEASURE > Canada JURISDICTION imposed_by ""`,
		`sorted/alice: froze the assets MEASURE > Wang Junzheng PERSON targets "later"`,
		`twice/alice: froze the assets MEASURE > Canada JURISDICTION imposed_by ""`,
		`twice/alice: froze the assets MEASURE > Wang Junzheng PERSON targets "a"`,
		`unsorted/alice: froze the assets MEASURE > Canada JURISDICTION imposed_by ""`,
		`unsorted/alice: froze the assets MEASURE > Wang Junzheng PERSON targets ""`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("relations:\ngot  %q\nwant %q", got, want)
	}
}

// TestImportKeepsForeignKeys: the import checks no foreign key inside its
// transaction, but the write connection has them on again after it:
// deleting a span then deletes its relations.
func TestImportKeepsForeignKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fk.db")
	db := mustOpenPath(t, path)
	text := "Canada froze the assets."
	rec := &annotate.Record{Article: annotate.Article{ExtID: "fk", Text: text}, Annotator: "alice",
		Spans:     []annotate.Span{span(text, "Canada", "JURISDICTION"), span(text, "froze the assets", "MEASURE")},
		Relations: []annotate.RecordRelation{{Head: 1, Child: 0, Label: "imposed_by"}}}
	for _, commit := range []bool{true, false} {
		tx, err := db.BeginImport(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	spans, err := db.Spans(ctx, 1, "alice")
	if err != nil || len(spans) != 2 {
		t.Fatalf("spans: %v %v", spans, err)
	}
	if err := db.DeleteSpan(ctx, spans[0].ID); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM relations`).Scan(&n); err != nil || n != 0 {
		t.Errorf("after deleting a span of the relation: %d relations (%v), want 0", n, err)
	}
}

// TestImportManyRelations: an import of more new articles' relations than
// wait at once stores them all, each with its checksum.
func TestImportManyRelations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "many.db")
	db := mustOpenPath(t, path)
	var recs []*annotate.Record
	for i := range 600 {
		r := corpus.Record(i)
		corpus.AddRelations(r, corpus.RelationsPerArticle)
		recs = append(recs, r)
	}
	want := 0
	for _, r := range recs {
		want += len(r.Relations)
	}
	if want <= 4096 {
		t.Fatalf("only %d relations", want)
	}
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if res, problems := checkProblems(t, path); res.Problems != 0 || res.Relations != want {
		t.Errorf("check: %d relations, want %d; problems %q", res.Relations, want, problems)
	}
}
