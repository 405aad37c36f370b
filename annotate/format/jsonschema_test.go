package format

import (
	"bufio"
	"bytes"
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
	}
	if n == 0 {
		t.Fatal("no lines")
	}
	bad := []struct{ name, line string }{
		{"ErrNoSpans", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo"}`},
		{"ErrStatus", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"finished","spans":[]}`},
		{"ErrOffset", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[{"start":-1,"end":1,"label":"ORG","text":"x","attrs":{},"note":"","canonical":""}]}`},
		{"ErrAttr", `{"id":"a","text":"x","meta":{"title":"","source":"","url":"","published":""},"annotator":"","status":"todo","spans":[{"start":0,"end":1,"label":"ORG","text":"x","attrs":{"n":1},"note":"","canonical":""}]}`},
	}
	for _, tt := range bad {
		if err := validate([]byte(tt.line)); err == nil || !strings.Contains(err.Error(), "jsonschema") {
			t.Errorf("%s: got %v, want a validation error", tt.name, err)
		}
	}
}
