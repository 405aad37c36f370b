package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestConllFixtures imports the shapes that tools write
// (testdata/conll/README.md) and compares with the expected records:
// text, id (unless "*"), and each span's offsets, label and covered text.
func TestConllFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/conll/*.expected.jsonl")
	if len(files) != 7 {
		t.Fatalf("%d fixtures", len(files))
	}
	for _, exp := range files {
		base := strings.TrimSuffix(exp, ".expected.jsonl")
		in, _ := filepath.Glob(base + ".*")
		for _, p := range in {
			if p == exp {
				continue
			}
			t.Run(filepath.Base(p), func(t *testing.T) {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if f, err := Detect(p, data); err != nil || f != "conll" {
					t.Errorf("Detect: %q, %v", f, err)
				}
				fe, _ := os.Open(exp)
				defer fe.Close()
				want := readAll(t, NewJSONLDecoder(fe, exp))
				fi, _ := os.Open(p)
				defer fi.Close()
				d := NewConllDecoder(fi, p)
				got := readAll(t, d)
				if len(got) != len(want) {
					t.Fatalf("got %d articles want %d", len(got), len(want))
				}
				for i, w := range want {
					g := got[i]
					if g.Article.Text != w.Article.Text {
						t.Errorf("article %d: text\n%q want\n%q", i, g.Article.Text, w.Article.Text)
					}
					if w.Article.ExtID != "*" && g.Article.ExtID != w.Article.ExtID {
						t.Errorf("article %d: id %q want %q", i, g.Article.ExtID, w.Article.ExtID)
					}
					if gs, ws := spanList(g), spanList(w); gs != ws {
						t.Errorf("article %d:\ngot  %s\nwant %s", i, gs, ws)
					}
				}
				iob1 := false
				for _, w := range d.Warnings() {
					iob1 = iob1 || strings.Contains(w, "start with I-")
				}
				if iob1 != strings.Contains(p, "iob1") {
					t.Errorf("warnings %q", d.Warnings())
				}
			})
		}
	}
}

func spanList(r *annotate.Record) string {
	ix := annotate.NewIndex(r.Article.Text)
	var b strings.Builder
	for _, s := range r.Spans {
		fmt.Fprintf(&b, "%s[%s] %d,%d; ", s.Label, ix.Slice(s.Start, s.End), s.Start, s.End)
	}
	return b.String()
}

func TestConllWarnings(t *testing.T) {
	tests := []struct {
		name, file, in string
		want           []string // substrings, one per warning, in order
	}{
		{"IOB2", "a.conll", "-DOCSTART- O\n\nA B-ORG\nB I-ORG\n", []string{"rebuilt"}},
		{"IOB1Start", "a.conll", "A O\nB I-ORG\nC I-PERSON\n\nD B-ORG\n", []string{"rebuilt", "2 entit(ies) start with I-, E- or L- (IOB1, or a B- missing): read as the start of an entity (first at a.conll:2)"}},
		{"Columns", "a.conll", "-DOCSTART- -X- -X- O\n\nA NNP I-NP B-ORG\nB -X- _ O\nC NN _ O\n", []string{"rebuilt", "2 line(s) have columns besides the token and its tag (POS, chunk, lemma, …): not kept (first at a.conll:3)"}},
		{"HashToken", "a.conll", "# O\n#tag B-ORG\n", []string{"rebuilt"}},
		{"Comments", "a.conll", "# sent_id = 1\n# text = A B\nA O\nB O\n", []string{"rebuilt", "2 comment line(s) not kept"}},
		{"ConllU", "a.conllu", "# newdoc id = d1\n# text = Hi, Bo.\n1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No|NE=O\n2\t,\t,\tPUNCT\t_\t_\t1\tpunct\t_\t_\n3\tBo\tBo\tPROPN\t_\t_\t1\tvocative\t_\tNE=B-PERSON|SpaceAfter=No\n4\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n", []string{"4 line(s) have columns"}},
		{"ConllUNoText", "a.conllu", "1-2\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n1\tde\t_\t_\t_\t_\t_\t_\t_\t_\n2\tle\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n", []string{"1 multiword-token", "1 sentence(s) without a \"# text\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewConllDecoder(strings.NewReader(tt.in), tt.file)
			readAll(t, d)
			w := d.Warnings()
			ok := len(w) == len(tt.want)
			for i := 0; ok && i < len(w); i++ {
				ok = strings.Contains(w[i], tt.want[i])
			}
			if !ok {
				t.Errorf("got %q\nwant %q", w, tt.want)
			}
		})
	}
}

func TestConllUText(t *testing.T) {
	in := "# newdoc id = d1\n# text = Hi, Bo.\n1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No|NE=O\n2\t,\t,\tPUNCT\t_\t_\t1\tpunct\t_\t_\n3\tBo\tBo\tPROPN\t_\t_\t1\tvocative\t_\tNE=B-PERSON|SpaceAfter=No\n4\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n" +
		"# text = Second  one\n1\tSecond\t_\t_\t_\t_\t_\t_\t_\tNE=B-ORG\n2\tone\t_\t_\t_\t_\t_\t_\t_\tNE=I-ORG\n\n" +
		"# newdoc\n1\tde\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No|NE=S-ORG\n2\t.\t_\t_\t_\t_\t_\t_\t_\t_\n"
	d := NewConllDecoder(strings.NewReader(in), "u.conllu")
	recs := readAll(t, d)
	if len(recs) != 2 || recs[0].Article.ExtID != "d1" || recs[0].Article.Text != "Hi, Bo.\nSecond  one" || recs[1].Article.Text != "de." {
		t.Fatalf("got %+v", recs)
	}
	if got := spanList(recs[0]); got != "PERSON[Bo] 4,6; ORG[Second  one] 8,19; " {
		t.Errorf("spans %s", got)
	}
	if got := spanList(recs[1]); got != "ORG[de] 0,2; " {
		t.Errorf("spans %s", got)
	}
	if recs[1].Article.ExtID == "" || d.Line() != 12 {
		t.Errorf("id %q line %d", recs[1].Article.ExtID, d.Line())
	}
}

func TestConllErrors(t *testing.T) {
	tests := []struct{ name, file, in, want string }{
		{"Tag", "c.conll", "A O\nB X-ORG\n", `c.conll:2: invalid: tag "X-ORG" is not O or B-, I-`},
		{"EmptyLabel", "c.conll", "A O\n\nB B-\n", `c.conll:3: invalid: tag "B-"`},
		{"OneColumn", "c.tsv", "A\tO\nB\n", "c.tsv:2: invalid: want TOKEN TAG"},
		{"UColumns", "c.conllu", "# text = A\n1\tA\tO\n", "c.conllu:2: invalid: want 10 tab-separated columns"},
		{"UTag", "c.conllup", "# global.columns = ID FORM NE\n1\tA\tB-ORG\n2\tB\tBAD\n", `c.conllup:3: invalid: tag "BAD"`},
		{"UNoForm", "c.conllup", "# global.columns = ID NE\n", "c.conllup:1: invalid: global.columns names no FORM column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewConllDecoder(strings.NewReader(tt.in), tt.file)
			var err error
			for err == nil {
				_, err = d.Next()
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v want %s", err, tt.want)
			}
		})
	}
}

func TestSniffConll(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"The\tO\nU.S.\tB-ORG\n", true},
		{"\ufeff# comment\n\nA O\nB S-ORG", true},
		{"-DOCSTART- -X- -X- O\n", true},
		{"name\tage\nbob\t3\n", false},
		{"A O\nB I-ORG\nnot a tag line", true},
		{"single", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := sniffConll([]byte(tt.head)); got != tt.want {
			t.Errorf("sniffConll(%q) = %v", tt.head, got)
		}
	}
}

// FuzzConllU reads input as CoNLL-U (Plus): every record is valid, and
// every error names its line.
func FuzzConllU(f *testing.F) {
	seed, _ := os.ReadFile("testdata/conll/conllu-plus_text-comments.conllup")
	f.Add(seed)
	f.Add([]byte("# text = Hi, Bo.\n1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No|NE=O\n1-2\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n3\tBo\tBo\tPROPN\t_\t_\t1\tvocative\t_\tNE=B-PERSON\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		checkDecoded(t, NewConllDecoder(bytes.NewReader(data), "f.conllup"))
		checkDecoded(t, NewConllDecoder(bytes.NewReader(data), "f.conllu"))
	})
}
