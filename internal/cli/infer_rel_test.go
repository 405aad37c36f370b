package cli

import (
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestInferRelations: relation types found in records join the schema
// with the labels they were met between, free keys and colours; the
// base schema's types keep theirs.
func TestInferRelations(t *testing.T) {
	b := newSchemaBuilder(annotate.DefaultSchema())
	rec := &annotate.Record{
		Spans: []annotate.Span{{Label: "PERSON"}, {Label: "ORG"}, {Label: "GPE"}},
		Relations: []annotate.RecordRelation{
			{Head: 0, Child: 1, Label: "works_for"}, {Head: 0, Child: 2, Label: "works_for"},
			{Head: 0, Child: 2, Label: "affiliated_with"}, {Head: 5, Child: 0, Label: "lost"},
		},
	}
	for _, sp := range rec.Spans {
		b.label(sp.Label)
	}
	b.recordRelations(rec)
	sch := b.schema()
	if err := sch.Validate(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range sch.Relations {
		names = append(names, r.Name)
	}
	if want := []string{"imposed_by", "targets", "affiliated_with", "works_for"}; !slices.Equal(names, want) {
		t.Fatalf("relations: got %v want %v", names, want)
	}
	if a := sch.Relation("affiliated_with"); a.Key != "a" || !slices.Equal(a.To, []string{"ORG", "JURISDICTION", "GPE"}) {
		t.Errorf("affiliated_with: %+v", a)
	}
	if w := sch.Relation("works_for"); w.Key != "b" || !slices.Equal(w.From, []string{"PERSON"}) || !slices.Equal(w.To, []string{"ORG", "GPE"}) || w.Color == "" {
		t.Errorf("works_for: %+v", w)
	}
}
