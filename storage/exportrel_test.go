package storage_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/corpus"
	"github.com/tagdesk/tagdesk/storage"
)

// TestExportRelationsMatchStore: the relations export reads with its own
// cursor are the relations the store gives article by article (Spans and
// Relations, the window's reads), indexed into each record's spans, for
// every filter: in a database with two annotators on one article, nested
// spans, a deleted span whose relations went with it, a relation added
// after the import (stored after other articles' relations), articles
// with spans and no relations and an article with neither.
func TestExportRelationsMatchStore(t *testing.T) {
	db := mustOpenPath(t, filepath.Join(t.TempDir(), "rel.db"))
	text := "Canada froze the assets of Wang Junzheng of the Xinjiang bureau."
	canada, froze, wang := span(text, "Canada", "JURISDICTION"), span(text, "froze the assets", "MEASURE"), span(text, "Wang Junzheng", "PERSON")
	bureau, xinjiang := span(text, "Xinjiang bureau", "ORG"), span(text, "Xinjiang", "JURISDICTION") // nested
	rel := func(h, c int, label, note string) annotate.RecordRelation {
		return annotate.RecordRelation{Head: h, Child: c, Label: label, Note: note}
	}
	var recs []*annotate.Record
	for i := range 30 {
		r := corpus.Record(i)
		if i%3 != 2 {
			corpus.AddRelations(r, corpus.RelationsPerArticle)
		}
		recs = append(recs, r)
	}
	nested := []annotate.Span{canada, froze, wang, xinjiang, bureau}
	recs = append(recs,
		&annotate.Record{Article: annotate.Article{ExtID: "nested", Text: text}, Annotator: "alice", Spans: nested,
			Relations: []annotate.RecordRelation{rel(1, 0, "imposed_by", ""), rel(2, 4, "affiliated_with", "nested"), rel(2, 3, "affiliated_with", "")}},
		&annotate.Record{Article: annotate.Article{ExtID: "nested", Text: text}, Annotator: "bob", Spans: nested,
			Relations: []annotate.RecordRelation{rel(1, 2, "targets", "bob's"), rel(1, 4, "imposed_by", "")}},
		&annotate.Record{Article: annotate.Article{ExtID: "empty", Text: text}})
	if err := importRecords(t, db, recs...); err != nil {
		t.Fatal(err)
	}
	// A span with relations deleted (they go with it), and a relation
	// added to the first article after all the others.
	first := articleID(t, db, corpus.Record(0).Article.ExtID)
	rels, err := db.Relations(ctx, first, corpus.Record(0).Annotator)
	if err != nil || len(rels) == 0 {
		t.Fatalf("relations of the first article: %v %v", rels, err)
	}
	if err := db.DeleteSpan(ctx, rels[0].Tail); err != nil {
		t.Fatal(err)
	}
	n := articleID(t, db, "nested")
	spans, err := db.Spans(ctx, n, "alice")
	if err != nil {
		t.Fatal(err)
	}
	byText := func(label string) int64 {
		i := slices.IndexFunc(spans, func(sp annotate.Span) bool { return sp.Label == label })
		return spans[i].ID
	}
	if err := db.AddRelation(ctx, &annotate.Relation{Head: byText("MEASURE"), Tail: byText("PERSON"), Label: "targets", Note: "added"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		f    annotate.ExportFilter
	}{
		{"All", annotate.ExportFilter{}},
		{"Annotator", annotate.ExportFilter{Annotator: "bob"}},
		{"Labels", annotate.ExportFilter{Labels: []string{"MEASURE", "ORG", "JURISDICTION"}}},
	} {
		f := tt.f
		t.Run(tt.name, func(t *testing.T) {
			got := exportAll(t, db, f)
			if len(got) == 0 {
				t.Fatal("nothing exported")
			}
			withRels := 0
			for _, r := range got {
				want := storedRelations(t, db, r, f.Labels)
				if !slices.Equal(r.Relations, want) {
					t.Errorf("%s/%s: relations\ngot  %v\nwant %v", r.Article.ExtID, r.Annotator, r.Relations, want)
				}
				if len(want) > 0 {
					withRels++
				}
			}
			if f.Annotator == "" && withRels < 20 {
				t.Errorf("only %d records with relations", withRels)
			}
		})
	}
}

// storedRelations gives the relations of r's article and annotator as
// the store gives them, indexed into r's spans (those whose label labels
// lists, all when it is empty), sorted as a record's.
func storedRelations(t *testing.T, db *storage.DB, r *annotate.Record, labels []string) []annotate.RecordRelation {
	t.Helper()
	spans, err := db.Spans(ctx, r.Article.ID, r.Annotator)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(spans, func(a, b annotate.Span) int { return annotate.CompareSpans(&a, &b) })
	index := map[int64]int{}
	for _, sp := range spans {
		if len(labels) == 0 || slices.Contains(labels, sp.Label) {
			k := len(index)
			if k >= len(r.Spans) || r.Spans[k].Start != sp.Start || r.Spans[k].End != sp.End || r.Spans[k].Label != sp.Label {
				t.Fatalf("%s/%s: span %d is not the store's %+v", r.Article.ExtID, r.Annotator, k, sp)
			}
			index[sp.ID] = k
		}
	}
	rels, err := db.Relations(ctx, r.Article.ID, r.Annotator)
	if err != nil {
		t.Fatal(err)
	}
	var out []annotate.RecordRelation
	for _, rel := range rels {
		h, okH := index[rel.Head]
		c, okC := index[rel.Tail]
		if okH && okC {
			out = append(out, annotate.RecordRelation{Head: h, Child: c, Label: rel.Label, Note: rel.Note})
		}
	}
	annotate.SortRelations(out)
	return out
}
