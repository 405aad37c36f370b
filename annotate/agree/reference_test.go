package agree

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// The figures are checked against scikit-learn's cohen_kappa_score and
// NLTK's AnnotationTask (pi for Fleiss' κ, multi_kappa, alpha), which
// testdata/reference.py runs on the same annotations; `make test`
// installs them (python3-sklearn, python3-nltk).

var pyModules = "import sklearn, nltk"

// python returns a Python 3 that has scikit-learn and NLTK: the first
// python3 on PATH, else the system's /usr/bin/python3 (where the Debian
// packages put them), or fails the test saying how to get them.
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", pyModules).Run() == nil {
			return path
		}
	}
	t.Fatal("the agreement figures are checked against scikit-learn and NLTK, and no python3 here has both: " +
		"install python3-sklearn and python3-nltk (make test does: see TEST_PKGS in the Makefile)")
	return ""
}

var labelNames = []string{"PERSON", "ORG", "MEASURE", "JURISDICTION", "DATE", "MONEY", "LAW", "EVENT"}

var words = strings.Fields("Canada sanctions four Chinese officials over Xinjiang . The EU froze assets of " +
	"Wang Junzheng , and U.S.-led bans on 加拿大 trade followed Zürich café talks in 2021 ; Ministry of Foreign Affairs")

// genText returns a text of n words.
func genText(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// genSpans returns random spans over a text of n code points, mostly on
// token boundaries, some not, some nested.
func genSpans(r *rand.Rand, toks []format.Token, n, labels int) []annotate.Span {
	var out []annotate.Span
	seen := map[[3]int]bool{}
	for k := r.IntN(6); k > 0 && len(toks) > 0; k-- {
		t := r.IntN(len(toks))
		u := min(len(toks)-1, t+r.IntN(3))
		s, e := toks[t].Start, toks[u].End
		if r.IntN(5) == 0 && e-s > 2 {
			s++
		}
		l := r.IntN(labels)
		if !seen[[3]int{s, e, l}] {
			seen[[3]int{s, e, l}] = true
			out = append(out, annotate.Span{Start: s, End: e, Label: labelNames[l]})
		}
	}
	_ = n
	return out
}

// perturb returns a copy of sp changed as a second annotator might: a
// boundary moved, a label changed, a span dropped or added.
func perturb(r *rand.Rand, sp []annotate.Span, toks []format.Token, labels int) []annotate.Span {
	var out []annotate.Span
	seen := map[[3]any]bool{}
	add := func(s annotate.Span) {
		k := [3]any{s.Start, s.End, s.Label}
		if !seen[k] && s.Start < s.End {
			seen[k] = true
			out = append(out, s)
		}
	}
	for _, s := range sp {
		switch r.IntN(8) {
		case 0: // dropped
		case 1:
			s.Label = labelNames[r.IntN(labels)]
			add(s)
		case 2:
			if s.End-s.Start > 1 {
				s.End--
			}
			add(s)
		default:
			add(s)
		}
	}
	for _, s := range genSpans(r, toks, 0, labels) {
		if r.IntN(3) == 0 {
			add(s)
		}
	}
	return out
}

type refArticle struct {
	ID     int                 `json:"id"`
	Len    int                 `json:"len"`
	Tokens [][2]int            `json:"tokens"`
	Spans  map[string][][3]any `json:"spans"`
}

// genStudy makes articles labelled by alice, bob and carol in the way
// the case says, as records (one slice per article).
func genStudy(kind string, seed uint64) [][]*annotate.Record {
	r := rand.New(rand.NewPCG(seed, 1))
	labels := len(labelNames)
	var arts [][]*annotate.Record
	for i := 0; i < 30; i++ {
		text := genText(r, 3+r.IntN(25))
		if i%11 == 5 {
			text = "" // an empty article
		}
		toks := format.Tokenize(text)
		base := genSpans(r, toks, 0, labels)
		if i%7 == 3 {
			base = nil // nobody labelled anything
		}
		spans := map[string][]annotate.Span{"alice": base}
		switch kind {
		case "perfect":
			spans["bob"], spans["carol"] = base, base
		case "zero": // bob and carol label what alice left, with labels she never uses
			spans["bob"] = nil
			spans["carol"] = nil
			for _, t := range toks {
				if !covered(base, t) {
					spans["bob"] = append(spans["bob"], annotate.Span{Start: t.Start, End: t.End, Label: "LAW"})
					spans["carol"] = append(spans["carol"], annotate.Span{Start: t.Start, End: t.End, Label: "EVENT"})
				}
			}
			for k := range base {
				base[k].Label = labelNames[k%4]
			}
		default:
			spans["bob"] = perturb(r, base, toks, labels)
			spans["carol"] = perturb(r, base, toks, labels)
			if i%5 == 2 {
				delete(spans, "carol") // carol did not take part
			}
			if i%9 == 4 {
				delete(spans, "alice")
			}
		}
		var recs []*annotate.Record
		for _, who := range []string{"alice", "bob", "carol"} {
			sp, ok := spans[who]
			if !ok {
				continue
			}
			recs = append(recs, &annotate.Record{Article: annotate.Article{ID: int64(i + 1), ExtID: fmt.Sprint("a", i), Text: text},
				Annotator: who, Status: annotate.StatusDone, Spans: sp})
		}
		arts = append(arts, recs)
	}
	return arts
}

func covered(sp []annotate.Span, t format.Token) bool {
	for _, s := range sp {
		if s.Start < t.End && t.Start < s.End {
			return true
		}
	}
	return false
}

func writeReference(t *testing.T, arts [][]*annotate.Record) string {
	t.Helper()
	var in struct {
		Annotators []string     `json:"annotators"`
		Articles   []refArticle `json:"articles"`
	}
	in.Annotators = []string{"alice", "bob", "carol"}
	for i, recs := range arts {
		text := recs[0].Article.Text
		ra := refArticle{ID: i, Len: annotate.NewIndex(text).Len(), Tokens: [][2]int{}, Spans: map[string][][3]any{}}
		for _, tok := range format.Tokenize(text) {
			ra.Tokens = append(ra.Tokens, [2]int{tok.Start, tok.End})
		}
		for _, rec := range recs {
			ra.Spans[rec.Annotator] = [][3]any{}
			for _, s := range rec.Spans {
				ra.Spans[rec.Annotator] = append(ra.Spans[rec.Annotator], [3]any{s.Start, s.End, s.Label})
			}
		}
		in.Articles = append(in.Articles, ra)
	}
	path := filepath.Join(t.TempDir(), "study.json")
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAgainstReference(t *testing.T) {
	py := python(t)
	for _, kind := range []string{"many-labels", "perfect", "zero"} {
		t.Run(kind, func(t *testing.T) {
			arts := genStudy(kind, 7)
			path := writeReference(t, arts)
			cmd := exec.Command(py, filepath.Join("testdata", "reference.py"), path)
			cmd.Stderr = os.Stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("testdata/reference.py: %v", err)
			}
			var want map[string]*float64
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatalf("testdata/reference.py: %v\n%s", err, out)
			}
			st, err := New(Options{Annotators: []string{"alice", "bob", "carol"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, recs := range arts {
				st.Add(recs)
			}
			rep := st.Report()
			got := figures(rep)
			if len(want) < 20 {
				t.Fatalf("reference gave only %d figures", len(want))
			}
			for name, w := range want {
				g, ok := got[name]
				if !ok {
					t.Errorf("%s: not computed", name)
					continue
				}
				switch {
				case w == nil && math.IsNaN(g):
				case w == nil:
					t.Errorf("%s: got %v, want undefined (NaN)", name, g)
				case math.IsNaN(g) || math.Abs(g-*w) > 1e-9:
					t.Errorf("%s: got %.12f, want %.12f", name, g, *w)
				}
			}
			if kind == "perfect" {
				for _, f := range []Figure{rep.Overall.TokenFleiss, rep.Overall.CharFleiss, rep.Overall.TokenAlpha, rep.Overall.AlphaU, Figure(rep.Overall.Spans.F1(false))} {
					if f != 1 {
						t.Errorf("perfect agreement: got %v, want 1 (%+v)", f, rep.Overall)
					}
				}
			}
		})
	}
}

// figures names the report's figures as testdata/reference.py does.
func figures(rep *Report) map[string]float64 {
	got := map[string]float64{
		"token fleiss": float64(rep.Overall.TokenFleiss), "token multi-kappa": float64(rep.Overall.TokenMultiK),
		"char fleiss": float64(rep.Overall.CharFleiss), "token alpha": float64(rep.Overall.TokenAlpha),
	}
	for _, p := range rep.Pairs {
		k := p.A + "|" + p.B
		got[k+" token kappa"], got[k+" char kappa"] = float64(p.TokenKappa), float64(p.CharKappa)
		got[k+" exact"], got[k+" spans a"], got[k+" spans b"] = float64(p.Spans.Exact), float64(p.Spans.A), float64(p.Spans.B)
		for l, lp := range p.ByLabel {
			got[k+" "+l+" token kappa"], got[k+" "+l+" char kappa"] = float64(lp.TokenKappa), float64(lp.CharKappa)
		}
	}
	return got
}
