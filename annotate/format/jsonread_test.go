package format

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestJSONKeysFolded: keys match exactly or case-insensitively, as
// encoding/json v1 matched them and the readers always have; keys of free
// objects (meta, doccano's top level, Label Studio's data) match exactly.
func TestJSONKeysFolded(t *testing.T) {
	t.Run("OKJSONL", func(t *testing.T) {
		in := `{"ID":"a","Text":"tx","Meta":{"Title":"T","title":"x"},"STATUS":"done","Spans":[{"START":0,"End":1,"LABEL":"ORG","Attrs":{"Role":"r"}}]}`
		rec, _, err := decodeJSONRecord([]byte(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := &annotate.Record{Status: annotate.StatusDone, Article: annotate.Article{ExtID: "a", Text: "tx", Title: "x",
			Meta: map[string]json.RawMessage{"Title": json.RawMessage(`"T"`)}},
			Spans: []annotate.Span{{Start: 0, End: 1, Label: "ORG", Attrs: map[string]string{"Role": "r"}}}}
		if !reflect.DeepEqual(rec, want) {
			t.Errorf("got  %+v\nwant %+v", rec, want)
		}
	})
	t.Run("OKDoccanoEntity", func(t *testing.T) {
		d := &DoccanoDecoder{}
		rec, err := d.decode([]byte(`{"text":"ab","Text":"kept in meta","entities":[{"Label":"ORG","Start_Offset":0,"END_OFFSET":2}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Spans) != 1 || rec.Spans[0].End != 2 || rec.Article.Text != "ab" || string(rec.Article.Meta["Text"]) != `"kept in meta"` {
			t.Errorf("got %+v", rec)
		}
	})
	t.Run("ErrDoccanoDelimiter", func(t *testing.T) {
		// v1 did not fold "_" away: "startoffset" is not start_offset.
		d := &DoccanoDecoder{}
		_, err := d.decode([]byte(`{"text":"ab","entities":[{"label":"ORG","startoffset":0,"end_offset":2}]}`))
		if err == nil || !strings.Contains(err.Error(), "entity 1 has no start_offset") {
			t.Errorf("got %v", err)
		}
	})
}

func TestDoccanoLabels(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"OKIntegralFloat", `{"text":"abc","label":[[0,2.0,"ORG"]]}`, ""},
		{"OKNull", `{"text":"abc","label":null,"relations":null}`, ""},
		{"ErrFloat", `{"text":"abc","label":[[0,1.5,"ORG"]]}`, `label[0] must be [start, end, "LABEL"] (column 27)`},
		{"ErrShort", `{"text":"abc","label":[[0,1]]}`, `label[0] must be [start, end, "LABEL"]`},
		{"ErrLong", `{"text":"abc","label":[[0,1,"A","B"]]}`, `label[0] must be [start, end, "LABEL"]`},
		{"ErrName", `{"text":"abc","label":[[0,1,2]]}`, `label[0] must be [start, end, "LABEL"]`},
		{"ErrRelations", `{"text":"abc","relations":{}}`, `relations must be a list`},
		{"ErrDuplicate", `{"text":"abc","title":"a","title":"b"}`, `duplicate key "title"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &DoccanoDecoder{}
			_, err := d.decode([]byte(tt.in))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestLabelStudioErrorLines: the decoder's errors name the exact line of
// the bad byte in a file written with one key a line (json.dump(indent=2)),
// deep inside the array; errors found after decoding name the task's
// first line.
func TestLabelStudioErrorLines(t *testing.T) {
	task := func(start string) string {
		return "  {\n    \"id\": 7,\n    \"data\": {\n      \"text\": \"Canada acts\"\n    },\n    \"annotations\": [\n      {\n        \"result\": [\n          {\n            \"id\": \"a\",\n            \"type\": \"labels\",\n            \"value\": {\n              \"start\": " + start + ",\n              \"end\": 6,\n              \"labels\": [\"ORG\"]\n            }\n          }\n        ]\n      }\n    ]\n  }"
	}
	good := task("0")
	const n = 50                                    // tasks before the bad one
	before := "[\n" + strings.Repeat(good+",\n", n) // the bad task starts on line 2 + 21*n
	line0 := 2 + 21*n
	tests := []struct {
		name string
		in   string
		line int
		want string
	}{
		{"Type", before + task(`"x"`) + "\n]\n", line0 + 12, `task 51: annotations[0].result[0].value.start must be an integer, not a string`},
		{"Syntax", before + strings.Replace(task("0"), `"end": 6,`, `"end": 6`, 1) + "\n]\n", line0 + 14, "malformed JSON: invalid character '\"' after object value"},
		{"Truncated", before + task("0")[:200], line0 + strings.Count(task("0")[:200], "\n"), "the JSON array ends too early"},
		{"Offsets", before + task("20") + "\n]\n", line0, "task 51: annotation 1: result 1 [20,6) ORG: offset 20 is outside the text"},
		{"Duplicate", before + strings.Replace(task("0"), `"end": 6,`, `"end": 6, "end": 7,`, 1) + "\n]\n", line0 + 13, `duplicate key "end" in annotations[0].result[0].value`},
		{"AfterArray", before + good + "\n]\n\n[]", line0 + 23, "data after the end of the JSON array"},
		{"UTF8", before + strings.Replace(task("0"), "Canada", "Can\xffda", 1) + "\n]\n", line0 + 3, "malformed JSON: invalid UTF-8 in data.text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewLabelStudioDecoder(strings.NewReader(tt.in), "ls.json", false)
			var err error
			recs := 0
			for err == nil {
				_, err = d.Next()
				recs++
			}
			var pe *annotate.PosError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *PosError", err)
			}
			if pe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v (line %d), want line %d and %q", err, pe.Line, tt.line, tt.want)
			}
			if tt.name != "AfterArray" && recs != n+1 {
				t.Errorf("%d records before the error, want %d", recs-1, n)
			}
		})
	}
}

// TestLabelStudioStreams: the decoder holds one task, not the file: the
// bytes it has read stay within a small window of the task it returns.
func TestLabelStudioStreams(t *testing.T) {
	task := `{"data":{"text":"` + strings.Repeat("x", 1000) + `"}}`
	in := "[" + strings.Repeat(task+",\n", 5000) + task + "]"
	d := NewLabelStudioDecoder(strings.NewReader(in), "big.json", false)
	for i := 0; ; i++ {
		_, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if ahead := d.li.off - int64(i+1)*int64(len(task)+2); ahead > 1<<20 {
			t.Fatalf("task %d: read %d bytes ahead", i+1, ahead)
		}
		if len(d.li.nl) > 1000 {
			t.Fatalf("task %d: %d newlines remembered", i+1, len(d.li.nl))
		}
	}
}
