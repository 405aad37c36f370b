package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/assets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file:\ngot  %s\nwant %s", name, got, want)
	}
}

func decodeAll(t *testing.T, data []byte) []*annotate.Record {
	t.Helper()
	dec := NewJSONLDecoder(bytes.NewReader(data), "in.jsonl")
	var out []*annotate.Record
	for {
		r, err := dec.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

func encodeAll(t *testing.T, recs []*annotate.Record) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := NewJSONLEncoder(&b)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// oddRecords hold every kind of text that shifts offsets in other tools.
func oddRecords() []*annotate.Record {
	var recs []*annotate.Record
	for i, tt := range storetest.Texts {
		if tt.Text == "" {
			continue
		}
		n := len([]rune(tt.Text))
		r := &annotate.Record{Annotator: "alice", Status: annotate.StatusDone}
		r.Article = annotate.Article{ExtID: tt.Name, Title: "t" + tt.Name, Source: "test", Text: tt.Text}
		if i%2 == 0 {
			r.Article.Meta = map[string]json.RawMessage{"lang": json.RawMessage(`"en"`), "n": json.RawMessage(`3`)}
		}
		r.Spans = []annotate.Span{
			{Start: 0, End: n, Label: "ORG", Note: "whole\ttext \"quoted\"", Canonical: "X", Annotator: "alice"},
			{Start: n / 2, End: n, Label: "JURISDICTION", Attrs: map[string]string{"role": "targeted"}, Annotator: "alice"},
		}
		recs = append(recs, r)
	}
	return recs
}

func TestJSONLRoundTrip(t *testing.T) {
	recs := oddRecords()
	out := encodeAll(t, recs)
	golden(t, "odd.golden.jsonl", out)
	back := decodeAll(t, out)
	if len(back) != len(recs) {
		t.Fatalf("got %d records want %d", len(back), len(recs))
	}
	s := annotate.DefaultSchema()
	for i := range recs {
		if err := back[i].Validate(s); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		for j := range back[i].Spans {
			back[i].Spans[j].Text = "" // filled on export only
		}
		if !reflect.DeepEqual(back[i], recs[i]) {
			t.Errorf("record %d:\ngot  %+v\nwant %+v", i, back[i], recs[i])
		}
	}
}

func TestJSONLSample(t *testing.T) {
	recs := decodeAll(t, assets.SampleSpans)
	if len(recs) != 1 || len(recs[0].Spans) != 52 {
		t.Fatalf("sample: got %d records", len(recs))
	}
	if err := recs[0].Validate(annotate.DefaultSchema()); err != nil {
		t.Fatal(err)
	}
	annotate.SortSpans(recs[0].Spans)
	golden(t, "sample.golden.jsonl", encodeAll(t, recs))
}

func TestJSONLProdigy(t *testing.T) {
	in := `{"text":"Wang Junzheng was sanctioned.","_input_hash":1,"_task_hash":2,"tokens":[{"text":"Wang","start":0,"end":4,"id":0}],"spans":[{"start":0,"end":13,"label":"PERSON","token_start":0,"token_end":1}],"meta":{"source":"wire","lang":"en"},"answer":"accept"}
{"text":"rejected","spans":[],"answer":"reject"}
{"text":"ignored","answer":"ignore"}
`
	dec := NewJSONLDecoder(strings.NewReader(in), "p.jsonl")
	r, err := dec.Next()
	if err != nil {
		t.Fatal(err)
	}
	if r.Article.ExtID != annotate.TextID(r.Article.Text) || r.Article.Source != "wire" || string(r.Article.Meta["lang"]) != `"en"` {
		t.Errorf("got %+v", r.Article)
	}
	if len(r.Spans) != 1 || r.Spans[0].Label != "PERSON" || r.Spans[0].End != 13 {
		t.Errorf("spans: got %+v", r.Spans)
	}
	if _, err := dec.Next(); err != io.EOF {
		t.Fatalf("got %v want EOF", err)
	}
	if dec.Skipped() != 2 {
		t.Errorf("skipped: got %d want 2", dec.Skipped())
	}
}

func TestJSONLErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ErrMalformed", `{"id":"a","text":"x"}` + "\n" + `{"id":`, "in.jsonl:2: invalid: malformed JSON"},
		{"ErrUTF8", "\n\n{\"id\":\"a\",\"text\":\"\xff\"}", "in.jsonl:3: invalid: line is not valid UTF-8"},
		{"ErrNoText", `{"id":"a"}`, `in.jsonl:1: invalid: record has no "text"`},
		{"ErrNoStart", `{"id":"a","text":"x","spans":[{"end":1,"label":"ORG"}]}`, "in.jsonl:1: invalid: span 1 has no start or end"},
		{"ErrEmptySpanText", `{"id":"a","text":"x","spans":[{"start":0,"end":1,"label":"ORG","text":""}]}`, `empty "text"`},
		{"ErrType", `{"id":"a","text":5}`, "in.jsonl:1: invalid: text must be a string, not number (column 18)"},
		{"ErrStatus", `{"id":"a","text":"x","status":"finished"}`, "unknown status"},
		{"ErrSpanType", `{"text":"x","spans":[{"start":"0","end":1,"label":"ORG"}]}`, `in.jsonl:1: invalid: spans[0].start must be an integer, not a string (column 31)`},
		{"ErrSpanFloat", `{"text":"x","spans":[{"start":0.5,"end":1,"label":"ORG"}]}`, `in.jsonl:1: invalid: spans[0].start must be an integer, not number 0.5`},
		{"ErrID", `{"text":"x","id":true}`, `in.jsonl:1: invalid: id must be a string or a number (column 18)`},
		{"ErrMetaTitle", `{"text":"x","meta":{"title":3}}`, `in.jsonl:1: invalid: meta.title must be a string, not number`},
		// Duplicate keys are refused: which of the two did the tool mean?
		{"ErrDuplicate", `{"text":"x","text":"y"}`, `in.jsonl:1: invalid: duplicate key "text" (column 13)`},
		{"ErrDuplicateFolded", `{"text":"x","Text":"y"}`, `in.jsonl:1: invalid: duplicate key "Text"`},
		{"ErrDuplicateMeta", `{"text":"x","meta":{"a":1,"a":2}}`, `in.jsonl:1: invalid: duplicate key "a" in meta`},
		{"ErrDuplicateAttr", `{"text":"x","spans":[{"start":0,"end":1,"label":"ORG","attrs":{"k":"a","k":"b"}}]}`, `duplicate key "k" in spans[0].attrs`},
		// Invalid UTF-8 is refused wherever it is, also in a key that is not read.
		{"ErrUTF8Ignored", "{\"text\":\"x\",\"_note\":\"a\xffb\"}", "in.jsonl:1: invalid: line is not valid UTF-8 (column 23)"},
		{"ErrUTF8BOMLine", "\ufeff{\"text\":\"x\"}\r\n{\"text\":\"\xc3(\"}\r\n", "in.jsonl:2: invalid: line is not valid UTF-8 (column 10)"},
		{"ErrLoneSurrogate", `{"text":"\ud800 lone"}`, "in.jsonl:1: invalid: malformed JSON: invalid surrogate"},
		{"ErrTrailing", `{"text":"x"} {"text":"y"}`, "in.jsonl:1: invalid: malformed JSON: "},
		{"ErrTruncated", `{"text":"x","spans":[`, "in.jsonl:1: invalid: malformed JSON: unexpected end of input in spans (column 22)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := NewJSONLDecoder(strings.NewReader(tt.in), "in.jsonl")
			var err error
			for err == nil {
				_, err = dec.Next()
			}
			var pe *annotate.PosError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v want a PosError containing %q", err, tt.want)
			}
		})
	}
}
