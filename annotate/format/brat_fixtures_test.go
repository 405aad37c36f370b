package format

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// spanKey is what a fixture's expectation fixes of a span.
type spanKey struct {
	Start, End      int
	Label, Text     string
	Attrs           string
	Note, Canonical string
}

func fixtureSpans(r *annotate.Record) []spanKey {
	ix := annotate.NewIndex(r.Article.Text)
	var out []spanKey
	for _, sp := range r.Spans {
		var attrs []string
		for _, k := range sortedKeys(sp.Attrs) {
			attrs = append(attrs, k+"="+sp.Attrs[k])
		}
		out = append(out, spanKey{sp.Start, sp.End, sp.Label, ix.Slice(sp.Start, sp.End), strings.Join(attrs, ","), sp.Note, sp.Canonical})
	}
	return out
}

// readBratFixture reads one fixture folder of testdata/brat.
func readBratFixture(t *testing.T, name string) ([]*annotate.Record, []string) {
	t.Helper()
	rd, err := NewBratDecoder(filepath.Join("testdata", "brat", name))
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, rd), rd.Warnings()
}

// TestBratFixtures reads the brat collections that real tools wrote
// (testdata/README.md) and compares them with what they should give
// (testdata/brat-expected), and checks the warnings that say what was
// not imported as it was.
func TestBratFixtures(t *testing.T) {
	tests := []struct {
		name     string
		warnings []string // each a substring of one warning, in order
	}{
		{"standoff-full", []string{
			"consilium-2024-06.ann:5: T5 is discontinuous",
			"gac-2024-03-04.ann:18: 1 E line(s)",
			"gac-2024-03-04.ann:17: 1 * line(s)",
			"gac-2024-03-04.ann:7: 1 T line(s) of an event type",
			"treasury-jy0001.ann:11: 1 M line(s) (brat's old form of a binary attribute) imported as attributes",
		}},
		{"crlf-counted-once_universal-newlines", []string{"T5 is discontinuous"}},
		{"crlf-counted-twice_raw-codepoints", []string{"consilium-2024-06.ann: offsets read as raw code points", "T5 is discontinuous"}},
		{"inception-export_utf16-crlf-raw", []string{"consilium-2024-06.ann: offsets read as UTF-16 code units, \"\\r\\n\" counted as two", "T5 is discontinuous",
			"gac-2024-03-04.ann: offsets read as UTF-16 code units"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, warns := readBratFixture(t, tt.name)
			want := readExpected(t, filepath.Join("testdata", "brat-expected", tt.name))
			if len(recs) != len(want) {
				t.Fatalf("%d records, want %d", len(recs), len(want))
			}
			for i, r := range recs {
				w := want[i]
				if r.Article.ExtID != w.Article.ExtID || r.Article.Text != w.Article.Text {
					t.Errorf("record %d: id %q text %q\nwant id %q text %q", i, r.Article.ExtID, r.Article.Text, w.Article.ExtID, w.Article.Text)
				}
				if got, exp := fixtureSpans(r), fixtureSpans(w); !reflect.DeepEqual(got, exp) {
					t.Errorf("%s: spans\ngot  %+v\nwant %+v", r.Article.ExtID, got, exp)
				}
				if got, exp := fixtureRelations(r), fixtureRelations(w); !reflect.DeepEqual(got, exp) {
					t.Errorf("%s: relations\ngot  %q\nwant %q", r.Article.ExtID, got, exp)
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
		})
	}
}

// readExpected reads every .expected.jsonl file of dir, in name order.
func readExpected(t *testing.T, dir string) []*annotate.Record {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.expected.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no expectations in %s: %v", dir, err)
	}
	var out []*annotate.Record
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, readAll(t, NewJSONLDecoder(bytes.NewReader(data), f))...)
	}
	return out
}

// TestBratFixturesRoundTrip: import → native export → re-import →
// re-export is exact, and so is a brat export read back: text, offsets,
// labels, attributes, notes and canonical values.
func TestBratFixturesRoundTrip(t *testing.T) {
	jsonl, _ := Lookup("jsonl")
	sch := binarySchema()
	for _, name := range []string{"standoff-full", "crlf-counted-once_universal-newlines", "crlf-counted-twice_raw-codepoints", "inception-export_utf16-crlf-raw"} {
		t.Run(name, func(t *testing.T) {
			recs, _ := readBratFixture(t, name)
			first := exportBytes(t, jsonl, recs, Options{})
			again, _ := importBytes(t, jsonl, first, Options{})
			if second := exportBytes(t, jsonl, again, Options{}); !bytes.Equal(first, second) {
				t.Errorf("native round trip differs:\n%s\n%s", first, second)
			}
			dir := exportDir(t, recs, Options{Schema: sch})
			rd, err := NewBratDecoder(dir)
			if err != nil {
				t.Fatal(err)
			}
			back := readAll(t, rd)
			for i := range recs {
				if got, want := fixtureSpans(back[i]), fixtureSpans(recs[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: brat round trip\ngot  %+v\nwant %+v", recs[i].Article.ExtID, got, want)
				}
			}
			for _, w := range rd.Warnings() {
				if strings.Contains(w, "offsets read as") {
					t.Errorf("tagdesk's own export needed another reading: %s", w)
				}
			}
		})
	}
}

// binarySchema is the default schema with the fixtures' binary
// attributes, Negated and Uncertain, on PERSON.
func binarySchema() *annotate.Schema {
	sch := annotate.DefaultSchema()
	l := sch.Label("PERSON")
	l.Attrs = append(l.Attrs, annotate.Attr{Name: "Negated", Choices: []string{"true"}}, annotate.Attr{Name: "Uncertain", Choices: []string{"true"}})
	return sch
}

// TestBratBinaryAndNotes: a binary attribute is written as brat writes
// one; comments of other types, references and their display texts come
// back as they were.
func TestBratBinaryAndNotes(t *testing.T) {
	recs, _ := readBratFixture(t, "standoff-full")
	dir := exportDir(t, recs, Options{Schema: binarySchema()})
	for file, lines := range map[string][]string{
		"treasury-jy0001.ann": {"\tNegated T5\n", "\tUncertain T4\n"},
		"gac-2024-03-04.ann":  {"\tReference T1 Wikidata:Q16\tCanada\n", "\tReference T4 tagdesk:Wang_Junzheng\tWang Junzheng\n", "\tAnnotatorNotes T3\tParty secretary of the XPCC\n", "\tLemma T6\tpublic security bureau\n"},
		"annotation.conf":     {"Negated\tArg:PERSON\n"},
	} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if !strings.Contains(string(data), l) {
				t.Errorf("%s: no %q in\n%s", file, l, data)
			}
		}
	}
	// a second reference and its display text are kept in the note
	d := t.TempDir()
	writeFile(t, d, "x.txt", "Canada acts")
	writeFile(t, d, "x.ann", "T1\tJURISDICTION 0 6\tCanada\nN1\tReference T1 Wikidata:Q16\tCanada (country)\nN2\tReference T1 GeoNames:6251999\tCanada\n#1\tLemma T1\tcanada\n#2\tAnnotatorNotes T1\tthe state\n")
	rd, err := NewBratDecoder(d)
	if err != nil {
		t.Fatal(err)
	}
	r := readAll(t, rd)[0]
	sp := r.Spans[0]
	if want := "the state\nWikidata:Q16 = Canada (country)\nGeoNames:6251999 = Canada\nLemma: canada"; sp.Note != want || sp.Canonical != "Wikidata:Q16" {
		t.Errorf("note %q canonical %q, want %q and Wikidata:Q16", sp.Note, sp.Canonical, want)
	}
	if w := rd.Warnings(); len(w) != 1 || !strings.Contains(w[0], "x.ann:3: 1 further N line(s)") {
		t.Errorf("warnings %q", w)
	}
	back := readAll(t, mustBrat(t, exportDir(t, []*annotate.Record{r}, Options{})))[0]
	if !reflect.DeepEqual(fixtureSpans(back), fixtureSpans(r)) {
		t.Errorf("round trip: %+v, want %+v", fixtureSpans(back), fixtureSpans(r))
	}
}

func mustBrat(t *testing.T, dir string) *BratDecoder {
	t.Helper()
	rd, err := NewBratDecoder(dir)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}
