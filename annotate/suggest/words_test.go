package suggest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate/format"
)

// checkWords checks that text's words cut its tokens only on grapheme
// cluster boundaries (uniseg is the oracle) and cover them exactly.
func checkWords(t *testing.T, text string) {
	if !utf8.ValidString(text) {
		return
	}
	bounds := map[int]bool{0: true}
	cp := 0
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		cp += len(g.Runes())
		bounds[cp] = true
	}
	toks := format.Tokenize(text)
	for _, tk := range toks { // where the tokenizer cuts is its own rule
		bounds[tk.Start], bounds[tk.End] = true, true
	}
	ws := words(nil, toks)
	var joined, want strings.Builder
	for _, w := range ws {
		if !bounds[w.Start] || !bounds[w.End] {
			t.Errorf("%q: word %q [%d,%d) splits a grapheme cluster", text, w.Text, w.Start, w.End)
		}
		if w.End-w.Start != utf8.RuneCountInString(w.Text) || w.Text == "" {
			t.Errorf("%q: word %q has offsets [%d,%d)", text, w.Text, w.Start, w.End)
		}
		joined.WriteString(w.Text)
	}
	for _, tk := range toks {
		want.WriteString(tk.Text)
	}
	if joined.String() != want.String() {
		t.Errorf("%q: words %q do not cover the tokens %q", text, joined.String(), want.String())
	}
}

func TestWordsKeepGraphemes(t *testing.T) {
	for _, text := range []string{
		"Union's l'Union U.S.-led", "Jose\u0301's", "❤️Canada", "👍🏽!", "👨‍👩‍👧x", "🇨🇦🇫🇷", "1️⃣2",
		"가나다.", "e\u0301\u0301-a", "x\u200d!", "Côte d'Ivoire", "\u0301start", "a_b-c", "北京，中国",
	} {
		checkWords(t, text)
	}
	got := []string{}
	for _, w := range words(nil, format.Tokenize("the Union's l'Union")) {
		got = append(got, w.Text)
	}
	if strings.Join(got, "|") != "the|Union|'|s|l|'|Union" {
		t.Errorf("got %q", got)
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Union's", "👍🏽!", "e\u0301x", "🇨🇦a"} {
		f.Add(s)
	}
	f.Fuzz(checkWords)
}

func FuzzParsePatterns(f *testing.F) {
	f.Add(`{"label":"ORG","pattern":"European Union","id":"EU"}`)
	f.Add(`{"label":"ORG","pattern":[{"LOWER":"eu","OP":"?"},{"IS_TITLE":true,"OP":"+"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ParsePatterns(strings.NewReader(in), "f")
		if err != nil {
			return
		}
		var b Builder
		b.AddPatterns("patterns:f", ps)
		m, _ := b.Build()
		m.Match(in) // must not panic
	})
}
