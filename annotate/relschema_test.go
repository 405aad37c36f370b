package annotate

import (
	"slices"
	"strings"
	"testing"
)

func TestRelationSchema(t *testing.T) {
	s := DefaultSchema()
	for _, tt := range []struct{ name, head, tail string }{
		{"imposed_by", "MEASURE", "JURISDICTION"}, {"imposed_by", "MEASURE", "ORG"},
		{"targets", "MEASURE", "PERSON"}, {"targets", "MEASURE", "ORG"}, {"targets", "MEASURE", "JURISDICTION"},
		{"affiliated_with", "PERSON", "ORG"}, {"affiliated_with", "PERSON", "JURISDICTION"},
	} {
		if err := s.CheckRelation(tt.name, tt.head, tt.tail); err != nil {
			t.Errorf("%s %s→%s: %v", tt.name, tt.head, tt.tail, err)
		}
	}
	if err := s.CheckRelation("imposed_by", "PERSON", "ORG"); err == nil || !strings.Contains(err.Error(), "not from PERSON to ORG") {
		t.Errorf("imposed_by PERSON→ORG: got %v", err)
	}
	if err := s.CheckRelation("owns", "PERSON", "ORG"); err == nil || !strings.Contains(err.Error(), "unknown relation type") {
		t.Errorf("owns: got %v", err)
	}
	if got := s.RelationsBetween("MEASURE", "ORG"); len(got) != 2 || got[0].Name != "imposed_by" || got[1].Name != "targets" {
		t.Errorf("MEASURE→ORG: got %+v", got)
	}
	back, err := ParseSchema("roundtrip.toml", s.TOML())
	if err != nil || len(back.Relations) != 3 || back.Relation("targets").Key != "t" || len(back.Relation("targets").To) != 3 {
		t.Fatalf("TOML round trip: %v %+v", err, back)
	}
	const two = "[[labels]]\nname=\"A\"\nkey=\"1\"\ncolor=\"#000000\"\n[[labels]]\nname=\"B\"\nkey=\"2\"\ncolor=\"#000000\"\n"
	rel := func(body string) string { return two + "[[relations]]\n" + body }
	bad := []struct{ name, in, want string }{
		{"OK", rel(`name="r1"` + "\nkey=\"x\"\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\""), ""},
		{"OKJSON", `{"labels":[{"name":"A","key":"1","color":"#102030"}],"relations":[{"name":"self","key":"","from":["A"],"to":["A"],"color":"#102030"}]}`, ""},
		{"ErrUnknownLabel", rel(`name="r1"` + "\nfrom=[\"A\"]\nto=[\"C\"]\ncolor=\"#102030\""), `unknown label "C"`},
		{"ErrNoTo", rel(`name="r1"` + "\nfrom=[\"A\"]\ncolor=\"#102030\""), "at least one label"},
		{"ErrKeyR", rel(`name="r1"` + "\nkey=\"r\"\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\""), "a-z except r"},
		{"ErrKeyDigit", rel(`name="r1"` + "\nkey=\"1\"\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\""), "a-z except r"},
		{"ErrColour", rel(`name="r1"` + "\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"x\""), "#RRGGBB"},
		{"ErrLabelName", rel(`name="A"` + "\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\""), "also a label"},
		{"ErrDup", rel(`name="r1"`+"\nkey=\"x\"\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\"\n") + "[[relations]]\nname=\"r2\"\nkey=\"x\"\nfrom=[\"A\"]\nto=[\"B\"]\ncolor=\"#102030\"", "already used"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSchema("schema.toml", []byte(tt.in))
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v want %q", err, tt.want)
			}
		})
	}
}

func TestRecordRelations(t *testing.T) {
	s := DefaultSchema()
	text := "Canada froze the assets of Wang."
	spans := func() []Span {
		return []Span{{Start: 27, End: 31, Label: "PERSON"}, {Start: 0, End: 6, Label: "JURISDICTION"}, {Start: 7, End: 23, Label: "MEASURE"}}
	}
	rec := func(rels ...RecordRelation) Record {
		return Record{Article: Article{ExtID: "a", Text: text}, Spans: spans(), Relations: rels}
	}
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"OK", rec(RecordRelation{Head: 2, Child: 1, Label: "imposed_by"}, RecordRelation{Head: 2, Child: 0, Label: "targets", Note: "n"}), ""},
		{"ErrIndex", rec(RecordRelation{Head: 2, Child: 3, Label: "imposed_by"}), "not a span index"},
		{"ErrNegative", rec(RecordRelation{Head: -1, Child: 0, Label: "targets"}), "not a span index"},
		{"ErrSelf", rec(RecordRelation{Head: 2, Child: 2, Label: "targets"}), "to itself"},
		{"ErrLabels", rec(RecordRelation{Head: 0, Child: 2, Label: "targets"}), "not from PERSON to MEASURE"},
		{"ErrType", rec(RecordRelation{Head: 2, Child: 0, Label: "owns"}), "unknown relation type"},
		{"ErrNoSpans", Record{Article: Article{ExtID: "a", Text: text}, Relations: []RecordRelation{{Head: 0, Child: 1, Label: "targets"}}}, "not a span index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rec.Validate(s)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("got %v want %q", err, tt.want)
			}
		})
	}
	t.Run("Sort", func(t *testing.T) {
		r := rec(RecordRelation{Head: 2, Child: 0, Label: "targets"}, RecordRelation{Head: 2, Child: 1, Label: "imposed_by"})
		r.Sort()
		if r.Spans[0].Label != "JURISDICTION" || r.Spans[1].Label != "MEASURE" || r.Spans[2].Label != "PERSON" {
			t.Fatalf("spans not sorted: %+v", r.Spans)
		}
		want := []RecordRelation{{Head: 1, Child: 0, Label: "imposed_by"}, {Head: 1, Child: 2, Label: "targets"}}
		if !slices.Equal(r.Relations, want) {
			t.Fatalf("relations: got %+v want %+v", r.Relations, want)
		}
		if err := r.Validate(s); err != nil {
			t.Fatal(err)
		}
	})
}
