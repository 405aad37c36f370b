package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestJSONLSchema validates NewJSONLEncoder's output (the golden samples)
// against docs/tagdesk-jsonl.schema.json, and checks that the schema
// rejects what the encoder never writes.
func TestJSONLSchema(t *testing.T) {
	path, err := filepath.Abs(filepath.Join("..", "..", "docs", "tagdesk-jsonl.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.NewCompiler().Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(line []byte) error {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
		if err != nil {
			return err
		}
		return sch.Validate(v)
	}
	out := encodeAll(t, fixtureRecords(t))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		if err := validate(sc.Bytes()); err != nil {
			t.Errorf("line %d: %v", n, err)
		}
		if err := relationsInRange(sc.Bytes()); err != nil {
			t.Errorf("line %d: %v", n, err)
		}
	}
	if n == 0 {
		t.Fatal("no lines")
	}
	bad := []struct{ name, line string }{
		{"ErrNoSpans", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo"}`},
		{"ErrStatus", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"finished","spans":[]}`},
		{"ErrOffset", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[{"start":-1,"end":1,"label":"ORG","text":"x","attrs":{},"note":"","canonical":""}]}`},
		{"ErrRelationIndex", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[],"relations":[{"head":-1,"child":0,"label":"targets","note":""}]}`},
		{"ErrRelationKey", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[],"relations":[{"head":0,"tail":1,"label":"targets","note":""}]}`},
		{"ErrAttr", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[{"start":0,"end":1,"label":"ORG","text":"x","attrs":{"n":1},"note":"","canonical":""}]}`},
	}
	for _, tt := range bad {
		if err := validate([]byte(tt.line)); err == nil || !strings.Contains(err.Error(), "jsonschema") {
			t.Errorf("%s: got %v, want a validation error", tt.name, err)
		}
	}
	long := `{"spans":[{},{}],"relations":[{"head":0,"child":2}]}`
	if err := relationsInRange([]byte(long)); err == nil {
		t.Errorf("an index out of range passed")
	}
}

// relationsInRange checks what JSON Schema cannot say: every relation's
// head and child index the line's spans, and differ.
func relationsInRange(line []byte) error {
	var rec struct {
		Spans     []json.RawMessage           `json:"spans"`
		Relations []struct{ Head, Child int } `json:"relations"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return err
	}
	for i, r := range rec.Relations {
		if r.Head < 0 || r.Head >= len(rec.Spans) || r.Child < 0 || r.Child >= len(rec.Spans) || r.Head == r.Child {
			return fmt.Errorf("relation %d: head %d, child %d with %d spans", i, r.Head, r.Child, len(rec.Spans))
		}
	}
	return nil
}
