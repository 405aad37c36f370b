package format

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/assets"
)

// exportBytes writes recs in format f (a file format) and returns the file.
func exportBytes(t testing.TB, f *Format, recs []*annotate.Record, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	w := f.NewWriter(&b, opt)
	for _, r := range recs {
		if err := w.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readAll reads every record of rd.
func readAll(t testing.TB, rd RecordReader) []*annotate.Record {
	t.Helper()
	var out []*annotate.Record
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

func importBytes(t testing.TB, f *Format, data []byte, opt Options) ([]*annotate.Record, []string) {
	t.Helper()
	rd, err := f.NewReader(bytes.NewReader(data), "in"+f.Ext, opt)
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, rd)
	return recs, rd.Warnings()
}

// exportDir writes recs as brat into a new folder and returns it.
func exportDir(t testing.TB, recs []*annotate.Record, opt Options) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "brat")
	f, _ := Lookup("brat")
	w, err := f.NewDirWriter(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// dirBytes lists a folder's files and contents in name order, for golden files.
func dirBytes(t testing.TB, dir string) []byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("=== " + e.Name() + " ===\n")
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteString("\n=== (no newline at end)\n")
		}
	}
	return b.Bytes()
}

// norm returns a copy of r as a reader gives it back, keeping only what
// a format holds.
type keep struct {
	meta, annotator, status, attrs, notes bool
	rels                                  relKeep
}

// relKeep is what a format keeps of relations.
type relKeep int

const (
	noRels        relKeep = iota
	relsNoNotes           // relations, without their notes
	relsWithNotes         // relations and their notes
)

func project(r *annotate.Record, k keep) *annotate.Record {
	c := &annotate.Record{Article: annotate.Article{ExtID: r.Article.ExtID, Text: r.Article.Text}}
	if k.meta {
		c.Article.Title, c.Article.Source, c.Article.URL, c.Article.Published = r.Article.Title, r.Article.Source, r.Article.URL, r.Article.Published
		if len(r.Article.Meta) > 0 {
			c.Article.Meta = r.Article.Meta
		}
	} else {
		c.Article.Title = annotate.TitleOf(r.Article.Text)
	}
	if k.annotator {
		c.Annotator = r.Annotator
	}
	if k.status && r.Status != annotate.StatusTodo {
		c.Status = r.Status
	}
	for _, sp := range r.Spans {
		s := annotate.Span{Start: sp.Start, End: sp.End, Label: sp.Label}
		if k.annotator {
			s.Annotator = c.Annotator
		}
		if k.attrs && len(sp.Attrs) > 0 {
			s.Attrs = sp.Attrs
		}
		if k.notes {
			s.Note, s.Canonical = sp.Note, sp.Canonical
		}
		c.Spans = append(c.Spans, s)
	}
	if k.rels != noRels {
		for _, r := range r.Relations {
			if k.rels != relsWithNotes {
				r.Note = ""
			}
			c.Relations = append(c.Relations, r)
		}
	}
	c.Sort()
	return c
}

func compareRecords(t *testing.T, got, want []*annotate.Record, k keep) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d records want %d", len(got), len(want))
	}
	for i := range want {
		g := project(got[i], k)
		w := project(want[i], k)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("record %d (%s):\ngot  %+v\nwant %+v", i, want[i].Article.ExtID, g, w)
		}
	}
}

// fixtureRecords are the odd texts (emoji, flags, skin tones, CJK,
// combining marks, CRLF, tabs, a BOM) and the sample article.
func fixtureRecords(t testing.TB) []*annotate.Record {
	recs := oddRecords()
	recs[0].Status = annotate.StatusSkipped
	recs[1].Article.Meta = map[string]json.RawMessage{"tags": json.RawMessage(`["a","b"]`)}
	recs[2].Spans = append(recs[2].Spans, annotate.Span{Start: 10, End: 11, Label: "MEASURE", Attrs: map[string]string{"type": "travel_ban"}, Note: "the emoji", Annotator: "alice"})
	sample := NewJSONLDecoder(bytes.NewReader(assets.SampleSpans), "sample")
	r, err := sample.Next()
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Spans {
		r.Spans[i].Text = ""
	}
	annotate.SortSpans(r.Spans)
	// spans 0 JURISDICTION Canada, 1 MEASURE sanctions, 8 MEASURE
	// sanctions on 24 officials, 9 JURISDICTION Hong Kong, 10 ORG White
	// House, 11 PERSON Jen Psaki
	r.Relations = []annotate.RecordRelation{{Head: 1, Child: 0, Label: "imposed_by", Note: `a "quoted" note`},
		{Head: 8, Child: 9, Label: "targets"}, {Head: 11, Child: 10, Label: "affiliated_with", Note: "press secretary"}}
	for _, rr := range recs {
		annotate.SortSpans(rr.Spans)
	}
	return append(recs, r)
}

func TestFormatRoundTrip(t *testing.T) {
	schema := annotate.DefaultSchema()
	tests := []struct {
		name, offsets, golden string
		keep                  keep
	}{
		{"jsonl", "", "formats.golden.jsonl", keep{true, true, true, true, true, relsWithNotes}},
		{"spacy", "", "formats.golden.spacy.jsonl", keep{true, true, true, true, true, relsWithNotes}},
		{"doccano", "", "formats.golden.doccano.jsonl", keep{true, true, true, false, false, relsNoNotes}},
		{"doccano", "codepoint", "formats.golden.doccano-cp.jsonl", keep{true, true, true, false, false, relsNoNotes}},
		{"labelstudio", "", "formats.golden.labelstudio.json", keep{true, true, true, true, true, relsNoNotes}},
		{"labelstudio", "utf16", "formats.golden.labelstudio-utf16.json", keep{true, true, true, true, true, relsNoNotes}},
	}
	recs := fixtureRecords(t)
	for _, tt := range tests {
		t.Run(tt.name+tt.offsets, func(t *testing.T) {
			f, err := Lookup(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Offsets: tt.offsets}
			out := exportBytes(t, f, recs, opt)
			golden(t, tt.golden, out)
			back, warns := importBytes(t, f, out, opt)
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			for _, r := range back {
				if err := r.Validate(schema); err != nil {
					t.Fatalf("%s: %v", r.Article.ExtID, err)
				}
			}
			compareRecords(t, back, recs, tt.keep)
			// a second export is the same file
			if again := exportBytes(t, f, back, opt); tt.keep.attrs && !bytes.Equal(again, out) {
				t.Errorf("export of the import differs:\n%s\n%s", again, out)
			}
		})
	}
	t.Run("brat", func(t *testing.T) {
		dir := exportDir(t, recs, Options{Schema: schema})
		golden(t, "formats.golden.brat.txt", dirBytes(t, dir))
		rd, err := NewBratDecoder(dir)
		if err != nil {
			t.Fatal(err)
		}
		back := readAll(t, rd)
		if len(rd.Warnings()) > 0 {
			t.Errorf("warnings: %v", rd.Warnings())
		}
		byID := map[string]*annotate.Record{}
		for _, r := range back {
			if err := r.Validate(schema); err != nil {
				t.Fatalf("%s: %v", r.Article.ExtID, err)
			}
			byID[r.Article.ExtID] = r
		}
		var ordered []*annotate.Record
		for _, r := range recs {
			ordered = append(ordered, byID[safeName(r.Article.ExtID)])
			r2 := *r
			r2.Article.ExtID = safeName(r.Article.ExtID)
		}
		want := make([]*annotate.Record, len(recs))
		for i, r := range recs {
			r2 := *r
			r2.Article.ExtID = safeName(r.Article.ExtID)
			want[i] = &r2
		}
		compareRecords(t, ordered, want, keep{attrs: true, notes: true, rels: relsWithNotes})
	})
	t.Run("conll", func(t *testing.T) {
		f, _ := Lookup("conll")
		var warns []string
		opt := Options{Warn: func(m string) { warns = append(warns, m) }}
		out := exportBytes(t, f, recs, opt)
		golden(t, "formats.golden.conll", out)
		// every odd record and the sample have overlapping spans: the inner
		// ones are left out; so are the sample's relations
		if len(warns) != 11 || !strings.Contains(warns[10], "3 relation(s) of 1 record(s) left out: CoNLL cannot hold relations") {
			t.Errorf("got %d warnings want 11: %v", len(warns), warns)
		}
		back, rw := importBytes(t, f, out, Options{})
		if len(back) != len(recs) || len(rw) != 1 {
			t.Fatalf("got %d records, warnings %v", len(back), rw)
		}
		for _, r := range back {
			if err := r.Validate(schema); err != nil {
				t.Fatalf("%s: %v", r.Article.ExtID, err)
			}
		}
		// the sample's spans all align to tokens: each comes back with its text
		sample, got := recs[len(recs)-1], back[len(back)-1]
		ix, gx := annotate.NewIndex(sample.Article.Text), annotate.NewIndex(got.Article.Text)
		var want, have []string
		outer := map[int]bool{}
		for _, sp := range sample.Spans {
			if !outer[sp.Start] {
				want = append(want, sp.Label+" "+strings.Join(strings.Fields(ix.Slice(sp.Start, sp.End)), " "))
			}
		}
		_ = outer
		for _, sp := range got.Spans {
			have = append(have, sp.Label+" "+gx.Slice(sp.Start, sp.End))
		}
		if len(have) > len(want) || len(have) < len(want)-3 {
			t.Errorf("sample: got %d spans want about %d", len(have), len(want))
		}
		// export ∘ import ∘ export = export
		again := exportBytes(t, f, back, Options{})
		if !bytes.Equal(again, out) {
			t.Errorf("conll export of its import differs")
		}
		strict := f.NewWriter(io.Discard, Options{Overlap: OverlapError})
		if err := strict.Encode(recs[0]); err == nil || !strings.Contains(err.Error(), "overlaps") {
			t.Errorf("--overlap error: got %v", err)
		}
	})
	t.Run("csv", func(t *testing.T) {
		f, _ := Lookup("csv")
		var warns []string
		out := exportBytes(t, f, recs, Options{Warn: func(m string) { warns = append(warns, m) }})
		golden(t, "formats.golden.csv", out)
		if len(warns) != 1 || !strings.Contains(warns[0], "3 relation(s) of 1 record(s) left out: CSV cannot hold relations") {
			t.Errorf("warnings: %q", warns)
		}
	})
}

// TestCrossFormat: a corpus imported from doccano and exported as spacy
// is the same file as the corpus imported from spacy.
func TestCrossFormat(t *testing.T) {
	recs := fixtureRecords(t)
	for _, r := range recs { // what doccano holds
		for i := range r.Spans {
			r.Spans[i].Attrs, r.Spans[i].Note, r.Spans[i].Canonical = nil, "", ""
		}
		for i := range r.Relations {
			r.Relations[i].Note = ""
		}
	}
	doccano, _ := Lookup("doccano")
	spacy, _ := Lookup("spacy")
	fromDoccano, _ := importBytes(t, doccano, exportBytes(t, doccano, recs, Options{}), Options{})
	fromSpacy, _ := importBytes(t, spacy, exportBytes(t, spacy, recs, Options{}), Options{})
	a := exportBytes(t, spacy, fromDoccano, Options{})
	b := exportBytes(t, spacy, fromSpacy, Options{})
	if !bytes.Equal(a, b) {
		t.Errorf("doccano→spacy differs from spacy→spacy:\n%s\n%s", a, b)
	}
}

// TestPythonSlices checks every exported offset with Python's own str and
// json: text[start:end] (and the UTF-16 slice for doccano and Label
// Studio) must be the span's text.
func TestPythonSlices(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	recs := fixtureRecords(t)
	expect := map[string][][2]string{}
	rels := map[string][]string{} // "LABEL text -type-> LABEL text"
	for _, r := range recs {
		ix := annotate.NewIndex(r.Article.Text)
		for _, sp := range r.Spans {
			expect[r.Article.ExtID] = append(expect[r.Article.ExtID], [2]string{sp.Label, ix.Slice(sp.Start, sp.End)})
		}
		for _, rel := range r.Relations {
			h, c := &r.Spans[rel.Head], &r.Spans[rel.Child]
			rels[r.Article.ExtID] = append(rels[r.Article.ExtID], fmt.Sprintf("%s %s -%s-> %s %s",
				h.Label, ix.Slice(h.Start, h.End), rel.Label, c.Label, ix.Slice(c.Start, c.End)))
		}
	}
	dir := t.TempDir()
	ej, _ := json.Marshal(expect)
	writeFile(t, dir, "expect.json", string(ej))
	rj, _ := json.Marshal(rels)
	writeFile(t, dir, "rels.json", string(rj))
	files := map[string]string{}
	for _, c := range []struct{ name, offsets, file string }{
		{"jsonl", "", "x.jsonl"}, {"spacy", "", "x.spacy.jsonl"},
		{"doccano", "", "x.doccano.jsonl"}, {"doccano", "codepoint", "x.doccano-cp.jsonl"},
		{"labelstudio", "", "x.labelstudio.json"}, {"labelstudio", "utf16", "x.labelstudio-utf16.json"},
		{"csv", "", "x.csv"}, {"csv", "utf16", "x.csv-utf16.csv"},
	} {
		f, _ := Lookup(c.name)
		files[c.name+c.offsets] = writeFile(t, dir, c.file, string(exportBytes(t, f, recs, Options{Offsets: c.offsets})))
	}
	files["brat"] = exportDir(t, recs, Options{Schema: annotate.DefaultSchema()})
	files["expect"] = filepath.Join(dir, "expect.json")
	files["rels"] = filepath.Join(dir, "rels.json")
	texts := map[string]string{}
	for _, r := range recs {
		texts[r.Article.ExtID] = r.Article.Text
	}
	tj, _ := json.Marshal(texts)
	files["texts"] = writeFile(t, dir, "texts.json", string(tj))
	fj, _ := json.Marshal(files)
	script := writeFile(t, dir, "check.py", pythonCheck)
	out, err := exec.Command(py, script, string(fj)).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	t.Logf("python: %s", out)
}

const pythonCheck = `
import csv, json, os, sys
HOLDS_RELATIONS = {"jsonl", "spacy"}
files = json.loads(sys.argv[1])
expect = {k: sorted(map(tuple, v)) for k, v in json.load(open(files["expect"], encoding="utf-8")).items()}
expect_rels = {k: sorted(v) for k, v in json.load(open(files["rels"], encoding="utf-8")).items()}
allowed = {"imposed_by": ({"MEASURE"}, {"JURISDICTION", "ORG"}), "targets": ({"MEASURE"}, {"PERSON", "ORG", "JURISDICTION"}),
           "affiliated_with": ({"PERSON"}, {"ORG", "JURISDICTION"})}
def check_rels(fmt, got):
    got = {k: sorted(v) for k, v in got.items() if v}
    if got != expect_rels:
        print(fmt, "relations: got", got, "want", expect_rels); sys.exit(1)
    print(fmt, "ok", sum(len(v) for v in got.values()), "relations")
def rel_of(fmt, spans, h, c, label, sl):
    # spans[i] = (label, covered); indexes in range, not equal, the type allowed
    assert 0 <= h < len(spans) and 0 <= c < len(spans) and h != c, (fmt, h, c, len(spans))
    assert spans[h][0] in allowed[label][0] and spans[c][0] in allowed[label][1], (fmt, label, spans[h], spans[c])
    return "%s %s -%s-> %s %s" % (spans[h][0], spans[h][1], label, spans[c][0], spans[c][1])
texts = json.load(open(files["texts"], encoding="utf-8"))
def u16(text, s, e):
    return text.encode("utf-16-le")[2*s:2*e].decode("utf-16-le")
def check(fmt, got, norm=lambda s: s):
    want = {k: sorted((l, norm(t)) for l, t in v) for k, v in expect.items()}
    got = {k: sorted(v) for k, v in got.items() if v}
    if got != want:
        for k in want:
            if got.get(k) != want[k]:
                print(fmt, k, "got", got.get(k), "want", want[k]); break
        sys.exit(1)
    print(fmt, "ok", sum(len(v) for v in got.values()), "spans")
for fmt in ("jsonl", "spacy"):
    got, rels = {}, {}
    for line in open(files[fmt], encoding="utf-8", newline=""):
        r = json.loads(line)
        text = r["text"]
        spans = [(s["label"], text[s["start"]:s["end"]]) for s in r["spans"]]
        for s in r["spans"]:
            got.setdefault(r["id"], []).append((s["label"], text[s["start"]:s["end"]]))
            if "text" in s: assert s["text"] == text[s["start"]:s["end"]]
        for tok in r.get("tokens", []):
            assert text[tok["start"]:tok["end"]] == tok["text"], tok
        for rel in r.get("relations", []):
            if fmt == "spacy":
                key = lambda s: (s["label"], text[s["start"]:s["end"]])
                h, c = spans.index(key(rel["head_span"])), spans.index(key(rel["child_span"]))
            else:
                h, c = rel["head"], rel["child"]
            rels.setdefault(r["id"], []).append(rel_of(fmt, spans, h, c, rel["label"], None))
    check(fmt, got)
    if fmt in HOLDS_RELATIONS: check_rels(fmt, rels)
for fmt, sl in (("doccano", u16), ("doccanocodepoint", lambda t, s, e: t[s:e])):
    got, rels = {}, {}
    for line in open(files[fmt], encoding="utf-8", newline=""):
        r = json.loads(line)
        spans = [(l, sl(r["text"], s, e)) for s, e, l in r.get("label", [])]
        ids = {}
        for en in r.get("entities", []):
            ids[en["id"]] = len(spans)
            spans.append((en["label"], sl(r["text"], en["start_offset"], en["end_offset"])))
        got.setdefault(r["id"], []).extend(spans)
        for rel in r.get("relations", []):
            rels.setdefault(r["id"], []).append(rel_of(fmt, spans, ids[rel["from_id"]], ids[rel["to_id"]], rel["type"], sl))
    check(fmt, got)
    check_rels(fmt, rels)
for fmt, sl in (("labelstudio", lambda t, s, e: t[s:e]), ("labelstudioutf16", u16)):
    got, rels = {}, {}
    for task in json.load(open(files[fmt], encoding="utf-8")):
        text = task["data"]["text"]
        for ann in task["annotations"]:
            regions = {}
            for res in ann["result"]:
                if res["type"] != "labels": continue
                v = res["value"]
                covered = sl(text, v["start"], v["end"])
                assert covered == v["text"], (covered, v["text"])
                got.setdefault(task["data"]["id"], []).append((v["labels"][0], covered))
                regions[res["id"]] = len(regions)
            spans = got.get(task["data"]["id"], [])[-len(regions):] if regions else []
            for res in ann["result"]:
                if res["type"] != "relation": continue
                assert res["direction"] == "right"
                rels.setdefault(task["data"]["id"], []).append(rel_of(fmt, spans, regions[res["from_id"]], regions[res["to_id"]], res["labels"][0], sl))
    check(fmt, got)
    check_rels(fmt, rels)
for fmt, sl in (("csv", lambda t, s, e: t[s:e]), ("csvutf16", u16)):
    got = {}
    with open(files[fmt], encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            s, e = int(row["start"]), int(row["end"])
            covered = sl(texts[row["article_id"]], s, e)
            assert covered == row["text"], (covered, row["text"])
            got.setdefault(row["article_id"], []).append((row["label"], covered))
    check(fmt, got)
# brat: read the .txt as brat's server does (universal newlines)
got, rels = {}, {}
d = files["brat"]
for name in sorted(os.listdir(d)):
    if not name.endswith(".ann"): continue
    doc = name[:-4]
    text = open(os.path.join(d, doc + ".txt"), encoding="utf-8").read()
    ts = {}
    for line in open(os.path.join(d, name), encoding="utf-8"):
        if line.startswith("R"):
            _, body = line.rstrip("\n").split("\t", 1)
            label, a1, a2 = body.split(" ")
            spans = list(ts.values())
            ids = list(ts)
            rels.setdefault(doc, []).append(rel_of("brat", spans, ids.index(a1.split(":")[1]), ids.index(a2.split(":")[1]), label, None))
        if not line.startswith("T"): continue
        tid, head, covered = line.rstrip("\n").split("\t", 2)
        label, s, e = head.split(" ")
        piece = text[int(s):int(e)]
        assert piece.replace("\n", " ") == covered, (piece, covered)
        got.setdefault(doc, []).append((label, piece))
        ts[tid] = (label, piece)
check("brat", got, norm=lambda s: s.replace("\r\n", "\n"))
check_rels("brat", rels)
`

func TestDetectFormat(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b/x.ann", "")
	tests := []struct{ path, head, want string }{
		{"a.txt", "anything", "text"},
		{"a.jsonl", `{"id":"1","text":"x","spans":[]}`, "jsonl"},
		{"a.jsonl", `{"text":"x","tokens":[],"spans":[]}`, "jsonl"},
		{"a.jsonl", "\ufeff" + `{"id":1,"text":"x","label":[[0,1,"ORG"]]}`, "doccano"},
		{"a.jsonl", `{"id":1,"text":"x","meta":{"label":1},"entities":[]}`, "doccano"},
		{"a.json", "  [\n{", "labelstudio"},
		{"a.json", `{"text":"x","label":[]}`, "doccano"},
		{"a.conll", "-DOCSTART- O", "conll"},
		{"a.iob", "", "conll"},
		{"noext", "[{}]", "labelstudio"},
		{"noext", `{"text":"x"}`, "jsonl"},
		{filepath.Join(dir, "b"), "", "brat"},
	}
	for _, tt := range tests {
		got, err := Detect(tt.path, []byte(tt.head))
		if err != nil || got != tt.want {
			t.Errorf("Detect(%s, %q): got %q, %v want %q", tt.path, tt.head, got, err, tt.want)
		}
	}
	if _, err := Detect("noext", []byte("plain words")); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("unknown: got %v", err)
	}
}

func TestImportFileFormats(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opt := ImportOptions{Schema: annotate.DefaultSchema()}
	recs := fixtureRecords(t)
	doccano, _ := Lookup("doccano")
	ls, _ := Lookup("labelstudio")
	conll, _ := Lookup("conll")
	files := map[string]string{
		"c.jsonl": string(exportBytes(t, doccano, recs, Options{})),
		"l.json":  string(exportBytes(t, ls, recs, Options{})),
		"n.conll": string(exportBytes(t, conll, recs, Options{})),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, dir, name, data)
			var tx memTx
			var warns []string
			o := opt
			o.Warn = func(m string) { warns = append(warns, m) }
			res, err := ImportFile(ctx, &tx, p, o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Records != len(recs) || res.Warnings != len(warns) {
				t.Errorf("got %+v, %d warnings", res, len(warns))
			}
			if strings.HasSuffix(name, ".conll") != (res.Warnings == 1) {
				t.Errorf("warnings: %v", warns)
			}
		})
	}
	t.Run("brat", func(t *testing.T) {
		bdir := exportDir(t, recs, Options{Schema: annotate.DefaultSchema()})
		paths, err := ExpandPaths([]string{bdir})
		if err != nil || len(paths) != 1 || paths[0] != bdir {
			t.Fatalf("ExpandPaths: %v, %v", paths, err)
		}
		var tx memTx
		res, err := ImportFile(ctx, &tx, bdir, opt)
		if err != nil || res.Records != len(recs) {
			t.Fatalf("got %+v, %v", res, err)
		}
	})
	t.Run("OffsetsFlag", func(t *testing.T) {
		p := writeFile(t, dir, "cp.jsonl", `{"id":"a","text":"🙂 Canada","label":[[2,8,"JURISDICTION"]]}`+"\n")
		var tx memTx
		o := opt
		o.Offsets = OffsetsCodepoint
		if _, err := ImportFile(ctx, &tx, p, o); err != nil {
			t.Fatal(err)
		}
		if sp := tx.recs[0].Spans[0]; sp.Start != 2 || sp.End != 8 {
			t.Errorf("got %+v", sp)
		}
		_, err := ImportFile(ctx, &memTx{}, p, opt) // read as UTF-16: [2,8) is "Canad"… and valid
		if err != nil {
			t.Fatal(err)
		}
		o.Format, o.Offsets = "conll", OffsetsUTF16
		if _, err := ImportFile(ctx, &memTx{}, p, o); err == nil || !strings.Contains(err.Error(), "counts offsets in codepoint") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrCSVImport", func(t *testing.T) {
		p := writeFile(t, dir, "x.csv", "a,b\n")
		o := opt
		o.Format = "csv"
		if _, err := ImportFile(ctx, &memTx{}, p, o); err == nil || !strings.Contains(err.Error(), "export only") {
			t.Errorf("got %v", err)
		}
	})
}

// TestImportErrors: each importer names the file and line of the first
// problem.
func TestImportErrors(t *testing.T) {
	ctx := context.Background()
	opt := ImportOptions{Schema: annotate.DefaultSchema()}
	tests := []struct{ name, file, data, want string }{
		{"DoccanoSurrogate", "d.jsonl", `{"text":"ok"}` + "\n" + `{"id":1,"text":"🙂 Canada","label":[[1,8,"JURISDICTION"]]}`, "d.jsonl:2: invalid: label 1 [1,8) JURISDICTION: UTF-16 offset 1 falls inside a surrogate pair"},
		{"DoccanoShape", "d2.jsonl", `{"text":"ok","label":["POSITIVE"]}`, `d2.jsonl:1: invalid: label must be a list of [start, end, "LABEL"]`},
		{"DoccanoMalformed", "d3.jsonl", `{"text":"ok","label":[]}` + "\n\n" + `{"text":`, "d3.jsonl:3: invalid: malformed JSON"},
		{"DoccanoEntity", "d4.jsonl", `{"text":"ok","entities":[{"label":"ORG","start_offset":0}]}`, "d4.jsonl:1: invalid: entity 1 has no start_offset or end_offset"},
		{"DoccanoLabel", "d5.jsonl", `{"text":"ok","label":[[0,2,"GPE"]]}`, `d5.jsonl:1: invalid: span [0,2): unknown label "GPE"`},
		{"LSNotArray", "l.json", `{"a":1}` + "\n", "l.json:1: invalid: "},
		{"LSMalformed", "l2.json", "[\n{\"data\":{\"text\":\"x\"}},\n{\"data\": ]", "l2.json:3: invalid: malformed JSON"},
		{"LSTruncated", "l3.json", "[\n{\"data\":{\"text\":\"x\"}}", "l3.json:2: invalid: the JSON array ends too early"},
		{"LSText", "l4.json", "[\n{\"data\":{\"text\":\"x\"}},\n\n  {\"data\":{\"text\":\"Canada\"},\"annotations\":[{\"result\":[{\"id\":\"a\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,\"text\":\"Can\",\"labels\":[\"ORG\"]}},{\"id\":\"b\",\"type\":\"labels\",\"value\":{\"start\":0,\"end\":3,\"text\":\"ada\",\"labels\":[\"ORG\"]}}]}]}]", `l4.json:4: invalid: task 2: annotation 1: result 2 [0,3) ORG: value.text "ada" does not match`},
		{"LSNoText", "l5.json", "[{\"data\":{\"html\":\"x\"}}]", `l5.json:1: invalid: task 1: data has no "text"`},
		{"LSType", "l6.json", "[\n{\"data\":{\"text\":\"x\"},\n\"annotations\":{}}]", "l6.json:3: invalid: task 1: annotations must be"},
		{"ConllTag", "c.conll", "-DOCSTART- O\n\nCanada B-ORG\nacts X\n", `c.conll:4: invalid: tag "X" is not O`},
		{"ConllColumns", "c2.conll", "Canada\n", "c2.conll:1: invalid: want TOKEN TAG"},
		{"ConllLabel", "c3.conll", "-DOCSTART- O\n\nA O\n\n-DOCSTART- O\n\nCanada B-GPE\n", `c3.conll:5: invalid: span [0,6): unknown label "GPE"`},
		{"ConllUTF8", "c4.conll", "A O\nB\xff O\n", "c4.conll:2: invalid: line is not valid UTF-8"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.file, tt.data)
			var tx memTx
			_, err := ImportFile(ctx, &tx, p, opt)
			var pe *annotate.PosError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
	brat := []struct{ name, txt, ann, want string }{
		{"Offsets", "Canada acts", "T1\tORG 0 6\tCanada\nT2\tORG 7 99\tacts\n", "x.ann:2: invalid: T2: offsets [7,99) are empty, reversed or outside"},
		{"Text", "Canada acts", "T1\tORG 0 6\tCanadx\n", `x.ann:1: invalid: T1: text "Canadx" does not match`},
		{"Ref", "Canada acts", "T1\tORG 0 6\tCanada\nA1\trole T9 imposing\n", "x.ann:2: invalid: A1 refers to T9"},
		{"Kind", "Canada acts", "T1\tORG 0 6\tCanada\n\nQ1\tfoo\n", `x.ann:3: invalid: unknown annotation "Q1"`},
		{"Label", "Canada acts", "T1\tGPE 0 6\tCanada\n", `x.ann:1: invalid: span [0,6): unknown label "GPE"`},
		{"NoTab", "Canada acts", "T1 ORG 0 6 Canada\n", "x.ann:1: invalid: want ID<TAB>annotation"},
		{"CRLF", "Line\r\nCanada", "T1\tJURISDICTION 5 11\tCanada\nT2\tORG 5 12\tCanada\n", "x.ann:2: invalid: T2: offsets [5,12) are empty, reversed or outside the text (11 characters"},
		{"NoReading", "🇨🇦\r\nCanada acts", "T1\tJURISDICTION 3 9\tCanada\nT2\tORG 9 13\tacts\n", `x.ann:2: invalid: T2: text "acts" does not match the .txt there, " act" (nor in any other reading`},
		{"Conf", "Canada acts", "T1\tORG 0 6\tCanada\n", "annotation.conf:2: invalid: attribute role: \"Arg\": want Arg:TYPES"},
	}
	for _, tt := range brat {
		t.Run("Brat"+tt.name, func(t *testing.T) {
			d := filepath.Join(dir, "brat-"+tt.name)
			writeFile(t, d, "x.txt", tt.txt)
			writeFile(t, d, "x.ann", tt.ann)
			if tt.name == "Conf" {
				writeFile(t, d, "annotation.conf", "[attributes]\nrole\tArg, Value:a\n")
			}
			var tx memTx
			_, err := ImportFile(ctx, &tx, d, opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
	t.Run("BratAnnWithoutTxt", func(t *testing.T) {
		d := filepath.Join(dir, "brat-orphan")
		writeFile(t, d, "a.txt", "x")
		writeFile(t, d, "b.ann", "")
		if _, err := ImportFile(ctx, &memTx{}, d, opt); err == nil || !strings.Contains(err.Error(), "b.ann: invalid: no .txt file beside it") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestBratImport(t *testing.T) {
	dir := t.TempDir()
	// CRLF text: brat counts "\r\n" as one character
	writeFile(t, dir, "doc.txt", "\ufeffTitle\r\nCanada bans 🇨🇦 trade\r\nWang Junzheng\r\n")
	writeFile(t, dir, "doc.ann", strings.Join([]string{
		"T1\tJURISDICTION 7 13\tCanada",
		"T2\tMEASURE 14 18;22 27\tbans trade",
		"A1\ttype T2 trade_restriction",
		"A2\trole T1 imposing",
		"N1\tReference T1 wikidata:Q16\tCanada",
		"T3\tPERSON 28 41\tWang Junzheng",
		"N2\tReference T3 tagdesk:Wang_Junzheng\tWang Junzheng (王君正)",
		"#1\tAnnotatorNotes T3\tParty secretary\tof XPCC",
		"R1\timposed_by Arg1:T2 Arg2:T1",
		"#2\tAnnotatorNotes R1\tby decree",
		"",
	}, "\r\n"))
	rd, err := NewBratDecoder(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs := readAll(t, rd)
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	r := recs[0]
	if err := r.Validate(annotate.DefaultSchema()); err != nil {
		t.Fatal(err)
	}
	ix := annotate.NewIndex(r.Article.Text)
	var got []string
	for _, sp := range r.Spans {
		got = append(got, sp.Label+"="+ix.Slice(sp.Start, sp.End)+"|"+sp.Canonical+"|"+sp.Note+"|"+sp.Attrs["type"]+sp.Attrs["role"])
	}
	want := []string{
		"JURISDICTION=Canada|wikidata:Q16||imposing",
		"MEASURE=bans|||trade_restriction",
		"MEASURE=trade|||trade_restriction",
		"PERSON=Wang Junzheng|Wang Junzheng (王君正)|Party secretary\tof XPCC|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if w := rd.Warnings(); len(w) != 1 || !strings.Contains(w[0], "discontinuous") {
		t.Errorf("warnings: %q", w)
	}
	// a discontinuous T's relation joins its first fragment
	if want := []string{`MEASURE[15,19) -imposed_by-> JURISDICTION[8,14) "by decree"`}; !reflect.DeepEqual(fixtureRelations(r), want) {
		t.Errorf("relations: got %q want %q", fixtureRelations(r), want)
	}
	// the export writes the same offsets back
	out := exportDir(t, recs, Options{})
	ann, _ := os.ReadFile(filepath.Join(out, "doc.ann"))
	if !strings.Contains(string(ann), "T1\tJURISDICTION 7 13\tCanada\n") || !strings.Contains(string(ann), "T4\tPERSON 28 41\tWang Junzheng\n") ||
		!strings.Contains(string(ann), "R1\timposed_by Arg1:T2 Arg2:T1\n#2\tAnnotatorNotes R1\tby decree\n") {
		t.Errorf("export:\n%s", ann)
	}
}

func TestLabelStudioImport(t *testing.T) {
	in := `[
  {
    "id": 7,
    "data": {"text": "🙂 Canada and 👍🏽 Wang", "lang": "en"},
    "annotations": [
      {"completed_by": 3, "result": [
        {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 2, "end": 8, "text": "Canada", "labels": ["JURISDICTION"]}},
        {"id": "r1", "type": "choices", "from_name": "role", "to_name": "text",
         "value": {"start": 2, "end": 8, "choices": ["imposing"]}},
        {"id": "c", "type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}
      ]},
      {"completed_by": {"id": 4, "email": "bob@example.org"}, "was_cancelled": true, "result": []}
    ],
    "predictions": [{"result": []}]
  },
  {"id": 8, "data": {"text": "🙂 Wang", "id": "art-8"},
   "annotations": [{"completed_by": {"id": 5}, "result": [
     {"id": "x", "type": "labels", "value": {"start": 3, "end": 7, "text": "Wang", "labels": ["PERSON"]}}]}]}
]`
	d := NewLabelStudioDecoder(strings.NewReader(in), "ls.json", false)
	recs := readAll(t, d)
	if len(recs) != 3 {
		t.Fatalf("got %d records", len(recs))
	}
	r := recs[0]
	if r.Article.ExtID != "7" || r.Annotator != "3" || r.Status != annotate.StatusDone || string(r.Article.Meta["lang"]) != `"en"` {
		t.Errorf("got %+v", r)
	}
	if len(r.Spans) != 1 || r.Spans[0].Start != 2 || r.Spans[0].Attrs["role"] != "imposing" {
		t.Errorf("spans: %+v", r.Spans)
	}
	if recs[1].Annotator != "bob@example.org" || recs[1].Status != annotate.StatusSkipped {
		t.Errorf("got %+v", recs[1])
	}
	// task 8 counts UTF-16 (an old Label Studio): value.text tells, with a warning
	if sp := recs[2].Spans[0]; recs[2].Article.ExtID != "art-8" || recs[2].Annotator != "5" || sp.Start != 2 || sp.End != 6 {
		t.Errorf("got %+v", recs[2])
	}
	w := d.Warnings()
	if len(w) != 3 || !strings.Contains(w[0], "ls.json:17: offsets match value.text only when counted in UTF-16") ||
		!strings.Contains(w[1], "1 prediction") || !strings.Contains(w[2], `1 result(s) of type "choices"`) {
		t.Errorf("warnings: %q", w)
	}
}

func TestConllImport(t *testing.T) {
	in := "\ufeff-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nbans VBZ B-VP O\nWang NNP B-NP I-PERSON\nJunzheng NNP I-NP E-PERSON\n. . O O\n\nS S-ORG\nA B-ORG\nB I-ORG\nC I-PERSON\r\n\r\n-DOCSTART- O\n\n-DOCSTART- O\n\nX U-ORG\n"
	d := NewConllDecoder(strings.NewReader(in), "x.conll")
	recs := readAll(t, d)
	if len(recs) != 2 {
		t.Fatalf("got %d records", len(recs))
	}
	r := recs[0]
	if r.Article.Text != "EU bans Wang Junzheng .\nS A B C" {
		t.Errorf("text %q", r.Article.Text)
	}
	ix := annotate.NewIndex(r.Article.Text)
	var got []string
	for _, sp := range r.Spans {
		got = append(got, sp.Label+"="+ix.Slice(sp.Start, sp.End))
	}
	want := []string{"ORG=EU", "PERSON=Wang Junzheng", "ORG=S", "ORG=A B", "PERSON=C"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q want %q", got, want)
	}
	if recs[1].Article.Text != "X" || len(recs[1].Spans) != 1 || d.Line() != 16 {
		t.Errorf("got %+v line %d", recs[1], d.Line())
	}
	if len(d.Warnings()) != 3 { // text rebuilt, POS and chunk columns, I- starts
		t.Errorf("warnings %q", d.Warnings())
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII", "Canada's U.S.-led ban, 2021.", "Canada's|U.S|.|-|led|ban|,|2021|."},
		{"Emoji", "Ban 🇨🇦 and 👍🏽! 👨‍👩‍👧", "Ban|🇨🇦|and|👍🏽|!|👨‍👩‍👧"},
		{"CJK", "加拿大制裁", "加|拿|大|制|裁"},
		{"Combining", "Cafe\u0301 Zu\u0308rich", "Cafe\u0301|Zu\u0308rich"},
		{"CRLFTabsBOM", "\ufeffTitle\tcol\r\nnext  line\r\n", "Title|col|next|line"},
		{"Sentences", "He left. She came! Why? Done", "He|left|.|/She|came|!|/Why|?|/Done"},
		{"Empty", " \r\n\t", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.in)
			ix := annotate.NewIndex(tt.in)
			var parts []string
			for i, tok := range toks {
				if ix.Slice(tok.Start, tok.End) != tok.Text {
					t.Fatalf("token %d %q: slice [%d,%d) is %q", i, tok.Text, tok.Start, tok.End, ix.Slice(tok.Start, tok.End))
				}
				if tt.name == "Sentences" && i > 0 && tok.Sent != toks[i-1].Sent {
					parts = append(parts, "/"+tok.Text)
					continue
				}
				parts = append(parts, tok.Text)
			}
			if got := strings.Join(parts, "|"); got != tt.want {
				t.Errorf("got %q want %q", got, tt.want)
			}
			for i, tok := range toks {
				next := ix.Len()
				if i+1 < len(toks) {
					next = toks[i+1].Start
				}
				if tok.WS != (tok.End < ix.Len() && next > tok.End) && tt.name != "Combining" {
					t.Errorf("token %q: ws %v", tok.Text, tok.WS)
				}
			}
		})
	}
	t.Run("Range", func(t *testing.T) {
		toks := Tokenize("Wang Junzheng, secretary")
		for _, c := range []struct{ s, e, f, l int }{{0, 13, 0, 1}, {2, 7, 0, 1}, {3, 5, 0, 0}, {13, 14, 2, 2}, {0, 24, 0, 3}} {
			f, l, ok := tokenRange(toks, c.s, c.e)
			if !ok || f != c.f || l != c.l {
				t.Errorf("[%d,%d): got %d..%d %v want %d..%d", c.s, c.e, f, l, ok, c.f, c.l)
			}
		}
		if _, _, ok := tokenRange(toks, 14, 15); ok {
			t.Errorf("a span over white space touches no token")
		}
	})
}

func sortedStrings(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
