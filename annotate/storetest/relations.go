package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// relText is the text of the article that the relation tests label.
const relText = "Canada froze the assets of Wang Junzheng and the Xinjiang bureau."

// relRecord is relText labelled by annotator: spans (sorted) JURISDICTION
// 0, MEASURE 1, PERSON 2, ORG 3, and rels between them.
func relRecord(annotator string, rels ...annotate.RecordRelation) *annotate.Record {
	rec := plainRecord("rel", "Relations", relText)
	rec.Annotator = annotator
	for _, s := range [][2]string{{"Canada", "JURISDICTION"}, {"froze the assets", "MEASURE"}, {"Wang Junzheng", "PERSON"}, {"Xinjiang bureau", "ORG"}} {
		rec.Spans = append(rec.Spans, SpanOf(relText, s[0], s[1]))
	}
	rec.Relations = rels
	return rec
}

// relStore returns a store that keeps relations holding relRecord of
// alice (no relations), its spans and the article id; it skips the test
// for a store that does not keep relations.
func (c *contract) relStore(t *testing.T) (annotate.Store, annotate.RelationStore, []annotate.Span) {
	t.Helper()
	st := c.store(t)
	rs, ok := st.(annotate.RelationStore)
	if !ok {
		t.Skip("the store does not keep relations (annotate.RelationStore)")
	}
	ids := mustImport(t, st, relRecord("alice"))
	spans, err := st.Spans(ctx, ids["rel"], "alice")
	if err != nil || len(spans) != 4 {
		t.Fatalf("Spans: %v %v", spans, err)
	}
	return st, rs, spans
}

// relationList describes relations by their spans' labels, type and note.
func relationList(t *testing.T, rs annotate.RelationStore, spans []annotate.Span) string {
	t.Helper()
	got, err := rs.Relations(ctx, spans[0].ArticleID, spans[0].Annotator)
	if err != nil {
		t.Fatalf("Relations: %v", err)
	}
	label := map[int64]string{}
	for _, sp := range spans {
		label[sp.ID] = sp.Label
	}
	var out []string
	for _, r := range got {
		out = append(out, fmt.Sprintf("%s-%s->%s%q", label[r.Head], r.Label, label[r.Tail], r.Note))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func (c *contract) testRelations(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		_, rs, sp := c.relStore(t)
		r := annotate.Relation{Head: sp[1].ID, Tail: sp[0].ID, Label: "imposed_by", Note: "n"}
		if err := rs.AddRelation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || r.ArticleID != sp[0].ArticleID || r.Annotator != "alice" || r.Created.IsZero() {
			t.Errorf("AddRelation did not set the ID, article, annotator and timestamps: %+v", r)
		}
		if got := relationList(t, rs, sp); got != `MEASURE-imposed_by->JURISDICTION"n"` {
			t.Errorf("Relations: %s", got)
		}
		if got, err := rs.Relations(ctx, sp[0].ArticleID, "bob"); err != nil || len(got) != 0 {
			t.Errorf("another annotator's relations: %v %v", got, err)
		}
		r.Label, r.Note = "targets", "changed"
		if err := rs.UpdateRelation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if got := relationList(t, rs, sp); got != `MEASURE-targets->JURISDICTION"changed"` {
			t.Errorf("after UpdateRelation: %s", got)
		}
		if err := rs.DeleteRelation(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := relationList(t, rs, sp); got != "" {
			t.Errorf("after DeleteRelation: %s", got)
		}
		wantErr(t, "DeleteRelation of a deleted relation", rs.DeleteRelation(ctx, r.ID), annotate.ErrNotFound)
		wantErr(t, "UpdateRelation of a deleted relation", rs.UpdateRelation(ctx, &r), annotate.ErrNotFound)
	})
	t.Run("Errors", func(t *testing.T) {
		st, rs, sp := c.relStore(t)
		ok := annotate.Relation{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"}
		if err := rs.AddRelation(ctx, &ok); err != nil {
			t.Fatal(err)
		}
		bob := SpanOf(relText, "Wang Junzheng", "PERSON")
		bob.ArticleID, bob.Annotator = sp[0].ArticleID, "bob"
		if err := st.AddSpan(ctx, &bob); err != nil {
			t.Fatal(err)
		}
		before := relationList(t, rs, sp)
		for _, tt := range []struct {
			name string
			r    annotate.Relation
			want error
		}{
			{"ErrNotFoundSpan", annotate.Relation{Head: sp[1].ID, Tail: -1, Label: "targets"}, annotate.ErrNotFound},
			{"ErrInvalidSelf", annotate.Relation{Head: sp[1].ID, Tail: sp[1].ID, Label: "targets"}, annotate.ErrInvalid},
			{"ErrInvalidLabels", annotate.Relation{Head: sp[2].ID, Tail: sp[1].ID, Label: "targets"}, annotate.ErrInvalid},
			{"ErrInvalidType", annotate.Relation{Head: sp[1].ID, Tail: sp[2].ID, Label: "owns"}, annotate.ErrInvalid},
			{"ErrInvalidAnnotators", annotate.Relation{Head: sp[1].ID, Tail: bob.ID, Label: "targets"}, annotate.ErrInvalid},
			{"ErrConflict", annotate.Relation{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"}, annotate.ErrConflict},
		} {
			wantErr(t, tt.name, rs.AddRelation(ctx, &tt.r), tt.want)
		}
		other := annotate.Relation{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"}
		other.ID, other.Label = ok.ID, "imposed_by" // MEASURE imposed_by PERSON is not allowed
		wantErr(t, "UpdateRelation to a type not allowed", rs.UpdateRelation(ctx, &other), annotate.ErrInvalid)
		if got := relationList(t, rs, sp); got != before {
			t.Errorf("refused changes changed the relations: %s, want %s", got, before)
		}
	})
	t.Run("DeleteSpanCascades", func(t *testing.T) {
		st, rs, sp := c.relStore(t)
		for _, r := range []annotate.Relation{{Head: sp[1].ID, Tail: sp[0].ID, Label: "imposed_by"},
			{Head: sp[1].ID, Tail: sp[2].ID, Label: "targets"}, {Head: sp[2].ID, Tail: sp[3].ID, Label: "affiliated_with"}} {
			if err := rs.AddRelation(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.DeleteSpan(ctx, sp[1].ID); err != nil {
			t.Fatal(err)
		}
		if got := relationList(t, rs, sp); got != `PERSON-affiliated_with->ORG""` {
			t.Errorf("after deleting the MEASURE span: %s", got)
		}
		if err := st.DeleteSpans(ctx, []int64{sp[3].ID}); err != nil {
			t.Fatal(err)
		}
		if got := relationList(t, rs, sp); got != "" {
			t.Errorf("after deleting the ORG span: %s", got)
		}
	})
	t.Run("ImportExport", c.testRelationImport)
	t.Run("SetSchema", func(t *testing.T) {
		st, rs, sp := c.relStore(t)
		r := annotate.Relation{Head: sp[2].ID, Tail: sp[3].ID, Label: "affiliated_with"}
		if err := rs.AddRelation(ctx, &r); err != nil {
			t.Fatal(err)
		}
		s := annotate.DefaultSchema()
		s.Relations = slices.DeleteFunc(s.Relations, func(r annotate.RelationType) bool { return r.Name == "affiliated_with" })
		wantErr(t, "SetSchema without a relation type in use", st.SetSchema(ctx, s), annotate.ErrConflict)
		s = annotate.DefaultSchema()
		s.Relation("affiliated_with").To = []string{"JURISDICTION"}
		wantErr(t, "SetSchema that no longer allows a relation in use", st.SetSchema(ctx, s), annotate.ErrConflict)
		s = annotate.DefaultSchema()
		s.Relations = slices.DeleteFunc(s.Relations, func(r annotate.RelationType) bool { return r.Name == "targets" })
		if err := st.SetSchema(ctx, s); err != nil {
			t.Errorf("SetSchema without an unused relation type: %v", err)
		}
		stats, err := st.Stats(ctx)
		if err != nil || stats.Relations != 1 || stats.RelationsByType["affiliated_with"] != 1 {
			t.Errorf("Stats: %+v %v", stats, err)
		}
	})
}

// testRelationImport: an import stores a record's relations, merged by
// (head, tail, label, annotator); export gives them back as indexes into
// the sorted spans; a bad index rolls the import back.
func (c *contract) testRelationImport(t *testing.T) {
	st, rs, sp := c.relStore(t)
	rels := []annotate.RecordRelation{{Head: 1, Child: 0, Label: "imposed_by", Note: "by decree"}, {Head: 1, Child: 2, Label: "targets"}}
	n := putCounting(t, st, relRecord("alice", rels...))
	if n.NewRelations != 2 || n.KeptRelations != 0 {
		t.Errorf("first import: %+v", n)
	}
	want := `MEASURE-imposed_by->JURISDICTION"by decree" MEASURE-targets->PERSON""`
	if got := relationList(t, rs, sp); got != want {
		t.Errorf("imported: %s, want %s", got, want)
	}
	rels[0].Note = ""
	n = putCounting(t, st, relRecord("alice", append(rels, annotate.RecordRelation{Head: 2, Child: 3, Label: "affiliated_with", Note: "post"})...))
	if n.NewRelations != 1 || n.KeptRelations != 2 || n.UpdatedRelations != 0 {
		t.Errorf("second import: %+v", n)
	}
	rels[1].Note = "new note"
	if n = putCounting(t, st, relRecord("alice", rels...)); n.UpdatedRelations != 1 || n.KeptRelations != 1 {
		t.Errorf("third import: %+v", n)
	}
	want = `MEASURE-imposed_by->JURISDICTION"by decree" MEASURE-targets->PERSON"new note" PERSON-affiliated_with->ORG"post"`
	if got := relationList(t, rs, sp); got != want {
		t.Errorf("merged: %s, want %s", got, want)
	}
	recs := exportAll(t, st, annotate.ExportFilter{Annotator: "alice"})
	wantRels := []annotate.RecordRelation{{Head: 1, Child: 0, Label: "imposed_by", Note: "by decree"},
		{Head: 1, Child: 2, Label: "targets", Note: "new note"}, {Head: 2, Child: 3, Label: "affiliated_with", Note: "post"}}
	annotate.SortRelations(wantRels)
	if len(recs) != 1 || !slices.Equal(recs[0].Relations, wantRels) {
		t.Fatalf("export: %+v, want %+v", recs[0].Relations, wantRels)
	}
	// The export imports into a new store as the same relations.
	st2, rs2, _ := c.relStore(t)
	mustImport(t, st2, recs...)
	if got := relationList(t, rs2, sp); got != want {
		t.Errorf("re-imported: %s, want %s", got, want)
	}
	// Filtering out a label leaves out the relations of its spans.
	recs = exportAll(t, st, annotate.ExportFilter{Annotator: "alice", Labels: []string{"PERSON", "ORG"}})
	if want := []annotate.RecordRelation{{Head: 0, Child: 1, Label: "affiliated_with", Note: "post"}}; !slices.Equal(recs[0].Relations, want) {
		t.Errorf("export of PERSON and ORG: %+v, want %+v", recs[0].Relations, want)
	}
	before := state(t, st)
	bad := relRecord("alice", annotate.RecordRelation{Head: 1, Child: 4, Label: "targets"})
	wantErr(t, "import of a relation index out of range", importRecords(st, bad), annotate.ErrInvalid)
	bad = relRecord("alice", annotate.RecordRelation{Head: 0, Child: 1, Label: "targets"})
	wantErr(t, "import of a relation the schema does not allow", importRecords(st, bad), annotate.ErrInvalid)
	unchanged(t, st, before, "a refused import")
	if got := relationList(t, rs, sp); got != want {
		t.Errorf("after refused imports: %s", got)
	}
}
