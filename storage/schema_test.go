package storage_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestSetSchemaUsedAttrs: a schema that drops an attribute or a choice
// that stored spans use is refused, naming the label, the attribute or
// value and how many spans use it; the schema in force stays. The sample
// record has JURISDICTION spans with role=imposing and role=targeted.
func TestSetSchemaUsedAttrs(t *testing.T) {
	jurisdiction := func(s *annotate.Schema) *annotate.Label { return s.Label("JURISDICTION") }
	tests := []struct {
		name   string
		change func(s *annotate.Schema)
		want   string // "" for accepted
	}{
		{"OK", func(s *annotate.Schema) {}, ""},
		{"OKUnusedChoiceDropped", func(s *annotate.Schema) { jurisdiction(s).Attrs[0].Choices = []string{"imposing", "targeted"} }, ""},
		{"OKFreeText", func(s *annotate.Schema) { jurisdiction(s).Attrs[0].Choices = nil }, ""},
		{"OKUnusedAttrDropped", func(s *annotate.Schema) { s.Label("MEASURE").Attrs = nil }, ""},
		{"ErrAttrDropped", func(s *annotate.Schema) { jurisdiction(s).Attrs = nil },
			"JURISDICTION attribute role is used by 2 stored spans and the new schema does not declare it"},
		{"ErrAttrRenamed", func(s *annotate.Schema) { jurisdiction(s).Attrs[0].Name = "side" },
			"JURISDICTION attribute role is used by 2 stored spans"},
		{"ErrChoiceDropped", func(s *annotate.Schema) { jurisdiction(s).Attrs[0].Choices = []string{"imposing", "other"} },
			`JURISDICTION role="targeted" is used by 1 stored span and is not among the new choices (imposing, other)`},
		{"ErrChoicesDropped", func(s *annotate.Schema) { jurisdiction(s).Attrs[0].Choices = []string{"other"} },
			`JURISDICTION role="imposing" is used by 1 stored span and is not among the new choices (other); JURISDICTION role="targeted" is used by 1 stored span`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenDB(t)
			importOne(t, db, sampleRecord())
			before, err := db.Schema(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s := annotate.DefaultSchema()
			tt.change(s)
			err = db.SetSchema(ctx, s)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want it accepted", err)
				}
				// Every stored span can still be changed.
				spans, err := db.Spans(ctx, list0(t, db), "alice")
				if err != nil {
					t.Fatal(err)
				}
				for i := range spans {
					spans[i].Note = "changed"
					if err := db.UpdateSpan(ctx, &spans[i]); err != nil {
						t.Errorf("UpdateSpan %s [%d,%d): %v", spans[i].Label, spans[i].Start, spans[i].End, err)
					}
				}
				return
			}
			if !errors.Is(err, annotate.ErrConflict) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want ErrConflict containing %q", err, tt.want)
			}
			if after, err := db.Schema(ctx); err != nil || !reflect.DeepEqual(after, before) {
				t.Errorf("the schema in force changed: %+v, %v", after, err)
			}
		})
	}
}
