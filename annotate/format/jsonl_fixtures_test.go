package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// jsonFixtures are the files of testdata/{doccano,prodigy,labelstudio}
// (testdata/README.md): what each tool wrote over its versions, read with
// the offsets option the README gives, and the warnings each must give,
// in order (each a substring of one warning).
var jsonFixtures = []struct {
	file     string
	format   string
	offsets  string
	warnings []string
}{
	{"doccano/import_text-label-list.jsonl", "doccano", "", nil},
	{"doccano/v1.0-1.2_json1_text-label.jsonl", "doccano", OffsetsCodepoint, nil},
	{"doccano/v1.0-1.2_json_label-ids.jsonl", "doccano", OffsetsCodepoint, []string{
		"v1.0-1.2_json_label-ids.jsonl:1: 5 span(s) with a numeric label id",
		"v1.0-1.2_json_label-ids.jsonl:1: 5 span(s) with a doccano user id: not kept"}},
	{"doccano/v1.3_data-label_ascii-escaped.admin.jsonl", "doccano", OffsetsCodepoint, nil},
	{"doccano/v1.4_data-label_codepoints.admin.jsonl", "doccano", OffsetsCodepoint, nil},
	{"doccano/v1.5-1.6_data-label_utf16.admin.jsonl", "doccano", "", []string{
		`v1.5-1.6_data-label_utf16.admin.jsonl:1: 3 record(s) with the text under "data"`}},
	{"doccano/v1.6_relation_text-relations-entities.admin.jsonl", "doccano", "", nil},
	{"doccano/v1.7-1.8.0_text-label_pandas.all.jsonl", "doccano", "", nil},
	{"doccano/v1.8.1+_text-label-Comments.all.jsonl", "doccano", "", nil},
	{"doccano/v1.8.1+_relation_entities-relations-Comments.all.jsonl", "doccano", "", nil},
	{"labelstudio/v1.4+_json-export_codepoints.json", "labelstudio", "", []string{
		"v1.4+_json-export_codepoints.json:2: 1 prediction(s) not imported",
		"v1.4+_json-export_codepoints.json:2: 1 draft(s) not imported",
		"v1.4+_json-export_codepoints.json:794: 1 region(s) whose value.text matches the text only with runs of white space collapsed"}},
	{"labelstudio/v1.0-1.3_json-export_utf16.json", "labelstudio", OffsetsUTF16, nil},
	{"labelstudio/v0.x_completions_utf16.json", "labelstudio", OffsetsUTF16, nil},
	{"labelstudio/json-min_converter.json", "labelstudio", "", []string{
		"json-min_converter.json:2: 14 value(s) of JSON-MIN keys (annotation_id, canonical, created_at, lead_time, note, role, type, updated_at) kept in the article's meta"}},
	{"prodigy/ner.manual_db-out.jsonl", "jsonl", "", nil},
	{"prodigy/spans.manual_db-out.jsonl", "jsonl", "", nil},
	{"prodigy/rel.manual_db-out.jsonl", "jsonl", "", nil},
	{"prodigy/textcat.manual_choice_db-out.jsonl", "jsonl", "", []string{"textcat.manual_choice_db-out.jsonl:1: 2 accepted choice(s)"}},
}

// readFixture reads one fixture file with its format told from it, as
// an import does, and checks that it is the format the table says.
func readFixture(t *testing.T, file, format, offsets string) ([]*annotate.Record, []string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name, err := Detect(path, data)
	if err != nil || name != format {
		t.Fatalf("detected as %q (%v), want %s", name, err, format)
	}
	f, _ := Lookup(name)
	rd, err := f.NewReader(bytes.NewReader(data), path, Options{Offsets: offsets})
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, rd), rd.Warnings()
}

// TestJSONFixtures reads each fixture and compares it with its
// .expected.jsonl (id, where the file has one; text; annotator; status;
// spans with their offsets, labels, text, attributes, notes and canonical
// values; relations by their spans, type and note) and the warnings that say what was not kept; then the native
// export → re-import → re-export round trip gives the same bytes.
func TestJSONFixtures(t *testing.T) {
	jsonl, _ := Lookup("jsonl")
	for _, tt := range jsonFixtures {
		t.Run(tt.file, func(t *testing.T) {
			recs, warns := readFixture(t, tt.file, tt.format, tt.offsets)
			exp := strings.TrimSuffix(tt.file, filepath.Ext(tt.file)) + ".expected.jsonl"
			data, err := os.ReadFile(filepath.Join("testdata", exp))
			if err != nil {
				t.Fatal(err)
			}
			want := readAll(t, NewJSONLDecoder(bytes.NewReader(data), exp))
			if len(recs) != len(want) {
				t.Fatalf("%d records, want %d", len(recs), len(want))
			}
			for i, r := range recs {
				w := want[i]
				if w.Article.ExtID != "*" && r.Article.ExtID != w.Article.ExtID {
					t.Errorf("record %d: id %q, want %q", i, r.Article.ExtID, w.Article.ExtID)
				}
				if tt.format != "labelstudio" { // the others carry no status: a reader does not make one up
					w.Status = r.Status
				}
				if r.Article.Text != w.Article.Text || r.Annotator != w.Annotator || r.Status != w.Status {
					t.Errorf("record %d: text %q annotator %q status %q\nwant text %q annotator %q status %q", i,
						r.Article.Text, r.Annotator, r.Status, w.Article.Text, w.Annotator, w.Status)
				}
				if got, exp := fixtureSpans(r), fixtureSpans(w); !reflect.DeepEqual(got, exp) {
					t.Errorf("record %d (%s): spans\ngot  %+v\nwant %+v", i, r.Article.ExtID, got, exp)
				}
				if got, exp := fixtureRelations(r), fixtureRelations(w); !slices.Equal(got, exp) {
					t.Errorf("record %d (%s): relations\ngot  %q\nwant %q", i, r.Article.ExtID, got, exp)
				}
			}
			if len(warns) != len(tt.warnings) {
				t.Errorf("%d warnings, want %d:\n%s", len(warns), len(tt.warnings), strings.Join(warns, "\n"))
			}
			for i, w := range tt.warnings {
				if i >= len(warns) || !strings.Contains(warns[i], w) {
					t.Errorf("warning %d: want %q in\n%s", i, w, strings.Join(warns, "\n"))
				}
			}
			first := exportBytes(t, jsonl, recs, Options{})
			again, _ := importBytes(t, jsonl, first, Options{})
			if second := exportBytes(t, jsonl, again, Options{}); !bytes.Equal(first, second) {
				t.Errorf("native round trip differs:\n%s\n%s", first, second)
			}
		})
	}
}
