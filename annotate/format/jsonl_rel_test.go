package format

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestJSONLRelationsLineByLine: each line's relations are its own,
// though the decoder decodes them into the last line's: a line with
// fewer relations, a native relation where the last line had a Prodigy
// one (its head_span and child_span gone), a line without relations and
// one with null.
func TestJSONLRelationsLineByLine(t *testing.T) {
	spans := `"spans":[{"start":0,"end":1,"label":"MEASURE"},{"start":2,"end":3,"label":"ORG"},{"start":4,"end":5,"label":"PERSON"}]`
	lines := []string{
		`{"id":"1","text":"a b c","` + spans[1:] + `,"relations":[{"head":0,"child":1,"label":"imposed_by","note":"n"},` +
			`{"head":9,"child":9,"head_span":{"start":0,"end":1,"label":"MEASURE"},"child_span":{"start":4,"end":5,"label":"PERSON"},"label":"targets"},` +
			`{"head":0,"child":1,"label":"targets"}]}`,
		`{"id":"2","text":"a b c",` + spans + `,"relations":[{"head":0,"child":2,"label":"targets"},{"head":0,"child":1,"label":"imposed_by"}]}`,
		`{"id":"3","text":"a b c",` + spans + `}`,
		`{"id":"4","text":"a b c",` + spans + `,"relations":null}`,
		`{"id":"5","text":"a b c",` + spans + `,"relations":[{"head":2,"child":1,"label":"affiliated_with"}]}`,
	}
	want := [][]annotate.RecordRelation{
		{{Head: 0, Child: 1, Label: "imposed_by", Note: "n"}, {Head: 0, Child: 2, Label: "targets"}, {Head: 0, Child: 1, Label: "targets"}},
		{{Head: 0, Child: 2, Label: "targets"}, {Head: 0, Child: 1, Label: "imposed_by"}},
		nil,
		nil,
		{{Head: 2, Child: 1, Label: "affiliated_with"}},
	}
	dec := NewJSONLDecoder(strings.NewReader(strings.Join(lines, "\n")), "rels.jsonl")
	for i, w := range want {
		rec, err := dec.Next()
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if !slices.Equal(rec.Relations, w) {
			t.Errorf("line %d: got %v want %v", i+1, rec.Relations, w)
		}
	}
	if _, err := dec.Next(); err != io.EOF {
		t.Errorf("after the last line: %v, want EOF", err)
	}
}
