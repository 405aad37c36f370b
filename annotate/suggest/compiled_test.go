package suggest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// compiledMatcher is mustMatcher through the compiled form.
func compiledMatcher(t testing.TB, patterns string) *Matcher {
	t.Helper()
	ps, err := ParsePatterns(strings.NewReader(patterns), "p.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(ps)
	if err != nil {
		t.Fatal(err)
	}
	var b Builder
	if err := b.AddCompiled("patterns:p.jsonl", c); err != nil {
		t.Fatal(err)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mixedPatterns is a pattern file of every kind: phrases sharing words,
// acronyms, the same phrase under two labels and twice under one,
// canonical ids, scripts beyond Latin, and token patterns.
func mixedPatterns(n int) string {
	var sb strings.Builder
	labels := []string{"ORG", "PERSON", "JURISDICTION", "MEASURE"}
	for i := range n {
		fmt.Fprintf(&sb, `{"label":%q,"pattern":"Word%d Union %d","id":"Q%d"}`+"\n", labels[i%4], i%97, i%13, i)
	}
	sb.WriteString(`{"label":"ORG","pattern":"European Union","id":"EU"}
{"label":"JURISDICTION","pattern":"European Union"}
{"label":"ORG","pattern":"european union","id":"second"}
{"label":"JURISDICTION","pattern":"EU"}
{"label":"ORG","pattern":"U.N."}
{"label":"JURISDICTION","pattern":"新疆"}
{"label":"PERSON","pattern":"José Núñez"}
{"label":"ORG","pattern":"ΟΗΕ"}
{"label":"MEASURE","pattern":[{"lower":"asset"},{"LOWER":"freeze","OP":"+"}],"id":7}
{"label":"MEASURE","pattern":[{"IS_DIGIT":true},{"ORTH":"%"}]}
{"label":"PERSON","pattern":[{"IS_TITLE":true,"LENGTH":5},{"TEXT":"Nelson"}]}
`)
	return sb.String()
}

const mixedText = "The European Union and the EU (not the eu) froze; the U.N. spoke of 新疆. José Núñez, ΟΗΕ. " +
	"An asset freeze freeze of 5 % ordered; Brian Nelson. Word3 Union 3 and word96 union 5 and Word0 Union 0."

// TestCompiledMatchesParsed: a set loaded from its compiled form matches
// exactly what the patterns it was compiled from match, alone, beside
// another set and before the corpus's phrases.
func TestCompiledMatchesParsed(t *testing.T) {
	one, two := mixedPatterns(3000), mixedPatterns(500)+`{"label":"ORG","pattern":"Brian Nelson"}`
	parse := func(s string) []Pattern {
		ps, err := ParsePatterns(strings.NewReader(s), "p.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	corpus := []Phrase{{Text: "Brian Nelson", Label: "PERSON"}, {Text: "European Union", Label: "ORG", Canonical: "EU"}, {Text: "freeze", Label: "MEASURE"}}
	var want, got Builder
	want.AddPatterns("patterns:one", parse(one))
	want.AddPatterns("patterns:two", parse(two))
	for _, s := range []struct{ src, body string }{{"patterns:one", one}, {"patterns:two", two}} {
		c, err := Compile(parse(s.body))
		if err != nil {
			t.Fatal(err)
		}
		if err := got.AddCompiled(s.src, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range corpus {
		want.AddPhrase(annotate.SourceCorpus, p)
		got.AddPhrase(annotate.SourceCorpus, p)
	}
	if got.Len() != want.Len() {
		t.Errorf("Len %d, want %d", got.Len(), want.Len())
	}
	wm, _ := want.Build()
	gm, _ := got.Build()
	w, g := wm.Match(mixedText), gm.Match(mixedText)
	if len(w) < 20 {
		t.Fatalf("the test finds too little: %s", found(mixedText, w))
	}
	if !slices.Equal(g, w) {
		t.Errorf("compiled:\n%s\nparsed:\n%s", found(mixedText, g), found(mixedText, w))
	}
}

// TestCompiledRefused: a form of another build, none, or a damaged one
// is refused and leaves the builder as it was; no damage panics.
func TestCompiledRefused(t *testing.T) {
	ps, err := ParsePatterns(strings.NewReader(mixedPatterns(50)), "p.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(ps)
	if err != nil {
		t.Fatal(err)
	}
	other := slices.Clone(c)
	other[len(compiledMagic)] ^= 1 // the fingerprint
	var b Builder
	b.AddPhrase(annotate.SourceCorpus, Phrase{Text: "Brian Nelson", Label: "PERSON"})
	for _, bad := range [][]byte{nil, {}, other, []byte("tdpm")} {
		if err := b.AddCompiled("patterns:p", bad); !errors.Is(err, ErrStaleCompiled) {
			t.Errorf("AddCompiled(%.12q) = %v, want ErrStaleCompiled", bad, err)
		}
	}
	for n := len(compiledMagic) + 8; n < len(c); n++ {
		if err := b.AddCompiled("patterns:p", c[:n]); err == nil || errors.Is(err, ErrStaleCompiled) {
			t.Fatalf("cut at %d of %d: %v, want a damaged form", n, len(c), err)
		}
	}
	if err := b.AddCompiled("patterns:p", append(slices.Clone(c), 0)); err == nil {
		t.Error("a trailing byte was taken")
	}
	if b.Len() != 1 {
		t.Errorf("the builder holds %d, want the 1 it held", b.Len())
	}
}

// TestFingerprintCoversWords: the fingerprint changes with the probes'
// keys, so that a build that splits or folds words otherwise refuses the
// forms an earlier one made.
func TestFingerprintCoversWords(t *testing.T) {
	if len(fingerprintProbes) < 20 {
		t.Fatal("too few probes")
	}
	seen := map[string]bool{}
	for _, p := range fingerprintProbes {
		key, _ := phraseKey(p)
		if key == "" || seen[key] {
			t.Errorf("probe %q adds nothing to the fingerprint", p)
		}
		seen[key] = true
	}
}

func FuzzAddCompiled(f *testing.F) {
	ps, err := ParsePatterns(strings.NewReader(mixedPatterns(20)), "p.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	c, err := Compile(ps)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(c[len(compiledMagic)+8:])
	f.Fuzz(func(t *testing.T, body []byte) {
		form := append(slices.Clone(c[:len(compiledMagic)+8]), body...)
		var b Builder
		if err := b.AddCompiled("patterns:p", form); err != nil {
			if b.Len() != 0 {
				t.Fatal("a refused form changed the builder")
			}
			return
		}
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		m.Match(mixedText)
	})
}

// TestCompiledMutations: forms damaged at random (bytes changed, cut out,
// put in, copied over) never panic; each is refused, leaving the builder
// empty, or loads a matcher that matches.
func TestCompiledMutations(t *testing.T) {
	ps, err := ParsePatterns(strings.NewReader(mixedPatterns(20)), "p.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(ps)
	if err != nil {
		t.Fatal(err)
	}
	head, body := c[:len(compiledMagic)+8], c[len(compiledMagic)+8:]
	r := rand.New(rand.NewPCG(3, 4))
	refused := 0
	for range 5000 {
		form := slices.Clone(body)
		for range 1 + r.IntN(6) {
			k := r.IntN(len(form))
			switch r.IntN(4) {
			case 0:
				form[k] = byte(r.IntN(256))
			case 1:
				form = slices.Delete(form, k, min(len(form), k+1+r.IntN(8)))
			case 2:
				form = slices.Insert(form, k, byte(r.IntN(256)), byte(r.IntN(256)))
			default:
				copy(form[k:], form[r.IntN(len(form)):])
			}
			if len(form) == 0 {
				form = []byte{0}
			}
		}
		var b Builder
		if err := b.AddCompiled("patterns:p", append(slices.Clone(head), form...)); err != nil {
			refused++
			if b.Len() != 0 {
				t.Fatal("a refused form changed the builder")
			}
			continue
		}
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		m.Match(mixedText)
	}
	if refused < 4000 {
		t.Errorf("only %d of 5,000 damaged forms refused", refused)
	}
}

// failingSets is a store whose pattern sets cannot be written.
type failingSets struct {
	annotate.SuggestionStore
	tried []string
}

func (f *failingSets) SetPatternSet(_ context.Context, ps annotate.PatternSet) error {
	f.tried = append(f.tried, ps.Name)
	if ps.Name == "b.jsonl" {
		return errors.New("read-only")
	}
	return nil
}

// TestStoreRecompiled: every set is tried; what could not be stored is
// said, by name, and the others are stored.
func TestStoreRecompiled(t *testing.T) {
	f := &failingSets{}
	err := StoreRecompiled(context.Background(), f, []annotate.PatternSet{{Name: "a.jsonl"}, {Name: "b.jsonl"}, {Name: "c.jsonl"}})
	if strings.Join(f.tried, ",") != "a.jsonl,b.jsonl,c.jsonl" {
		t.Errorf("tried %v", f.tried)
	}
	if err == nil || err.Error() != "patterns:b.jsonl: compiled for this run only, not stored: read-only" {
		t.Errorf("got %v", err)
	}
	if err := StoreRecompiled(context.Background(), f, nil); err != nil {
		t.Errorf("nothing to store: %v", err)
	}
}
