package format

import (
	"strings"
	"testing"
)

// TestLabelStudioShapes: the first task tells the shape; errors in it and
// in later tasks name the same lines and paths as before; value.text that
// differs by more than white space is still an error.
func TestLabelStudioShapes(t *testing.T) {
	ls, _ := Lookup("labelstudio")
	tests := []struct {
		name, in, err string
	}{
		{"FirstTaskBadField", "[\n{\"id\":1,\n\"data\":{\"text\":\"Canada\"},\n\"annotations\":5}\n]", `in.json:4: invalid: task 1: annotations must be a list, not number`},
		{"LaterTaskBadField", "[\n{\"id\":1,\"data\":{\"text\":\"a\"}},\n{\"id\":2,\n\"data\":{\"text\":\"Canada\"},\n\"annotations\":5}\n]", `in.json:5: invalid: task 2: annotations must be a list, not number`},
		{"FirstTaskDuplicateKey", "[\n{\"id\":1,\n\"data\":{\"text\":\"a\",\n\"text\":\"b\"}}]", `in.json:4: invalid: duplicate key "text" in data`},
		{"NeitherShape", "[\n{\"id\":1,\"content\":\"Canada\"}]", `in.json:2: invalid: task 1: data has no "text"`},
		{"MinLaterTaskNoText", "[\n{\"text\":\"Canada\",\"id\":1},\n{\"data\":{\"text\":\"x\"},\"id\":2}]", `in.json:3: invalid: task 2: has no "text" (a JSON-MIN export`},
		{"MinBadOffset", "[\n{\"text\":\"Canada\",\"label\":[{\"start\":0,\"end\":9,\"labels\":[\"ORG\"]}]}]", `in.json:2: invalid: task 1: result 1 [0,9) ORG: offset 9 is outside the text`},
		{"NotOnlySpaces", "[\n{\"data\":{\"text\":\"Atlas  Shipping\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":15,\"text\":\"Atlas Shopping\",\"labels\":[\"ORG\"]}}]}]}]", `does not match the task's text there`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, _ := ls.NewReader(strings.NewReader(tt.in), "in.json", Options{})
			var err error
			for err == nil {
				_, err = rd.Next()
			}
			if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("got  %v\nwant %s", err, tt.err)
			}
		})
	}
}

// TestLabelStudioMin: a JSON-MIN task gives its spans, id and annotator;
// a single-region choice stays in meta, counted.
func TestLabelStudioMin(t *testing.T) {
	ls, _ := Lookup("labelstudio")
	in := "[{\"text\":\"Canada  bans\",\"id\":7,\"annotator\":3,\"title\":\"T\",\"role\":\"imposing\",\n\"label\":[{\"start\":0,\"end\":6,\"text\":\"Canada\",\"labels\":[\"JURISDICTION\",\"ORG\"]}],\"tags\":[\"a\",\"b\"]}]"
	recs, warns := importBytes(t, ls, []byte(in), Options{})
	r := recs[0]
	if r.Article.ExtID != "7" || r.Annotator != "3" || r.Article.Title != "T" || len(r.Spans) != 2 || string(r.Article.Meta["role"]) != `"imposing"` || string(r.Article.Meta["tags"]) != `["a","b"]` {
		t.Errorf("got %+v", r)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "has 2 labels") || !strings.Contains(warns[1], "in.json:1: 2 value(s) of JSON-MIN keys (role, tags)") {
		t.Errorf("warnings %q", warns)
	}
}
