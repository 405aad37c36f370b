package suggest

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate/format"
	"github.com/tagdesk/tagdesk/internal/corpus"
)

// oracleWord is a word as the plain Unicode path finds it.
type oracleWord struct {
	text, folded string
	start, end   int
}

// unicodeWords returns text's words the slow way, which Text must agree
// with: the tokenizer's tokens, every one cut cluster by cluster (uniseg)
// and folded rune by rune.
func unicodeWords(text string) []oracleWord {
	var out []oracleWord
	add := func(w string, start, end int) {
		var f []byte
		for _, r := range w {
			f = utf8.AppendRune(f, foldRune(r))
		}
		out = append(out, oracleWord{w, string(f), start, end})
	}
	for _, tk := range format.Tokenize(text) {
		startB, startCP, cp := 0, tk.Start, tk.Start
		prevWord := false
		g := uniseg.NewGraphemes(tk.Text)
		for g.Next() {
			b, _ := g.Positions()
			w := isWordChar(g.Runes()[0])
			if b > 0 && w != prevWord {
				add(tk.Text[startB:b], startCP, cp)
				startB, startCP = b, cp
			}
			prevWord = w
			cp += len(g.Runes())
		}
		add(tk.Text[startB:], startCP, cp)
	}
	return out
}

// checkWords checks text's words (Text) against unicodeWords, and that
// they cut its tokens only on grapheme cluster boundaries (uniseg is the
// oracle).
func checkWords(t *testing.T, text string) {
	t.Helper()
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
	for _, tk := range format.Tokenize(text) { // where the tokenizer cuts is its own rule
		bounds[tk.Start], bounds[tk.End] = true, true
	}
	tx := NewText(text)
	want := unicodeWords(text)
	if len(tx.words) != len(want) {
		t.Fatalf("%q: %d words, the Unicode path finds %d: %+v", text, len(tx.words), len(want), want)
	}
	for i, w := range tx.words {
		got := oracleWord{tx.written(i), string(tx.word(i)), int(w.start), int(w.end)}
		if got != want[i] {
			t.Errorf("%q: word %d is %+v, the Unicode path finds %+v", text, i, got, want[i])
		}
		if w.hash != hashWord(tx.word(i)) {
			t.Errorf("%q: word %q: hash %x, hashWord gives %x", text, got.text, w.hash, hashWord(tx.word(i)))
		}
		if !bounds[got.start] || !bounds[got.end] {
			t.Errorf("%q: word %q [%d,%d) splits a grapheme cluster", text, got.text, got.start, got.end)
		}
		if got.end-got.start != utf8.RuneCountInString(got.text) || got.text == "" {
			t.Errorf("%q: word %q has offsets [%d,%d)", text, got.text, got.start, got.end)
		}
	}
}

func TestWordsKeepGraphemes(t *testing.T) {
	for _, text := range []string{
		"Union's l'Union U.S.-led", "Jose\u0301's", "❤️Canada", "👍🏽!", "👨‍👩‍👧x", "🇨🇦🇫🇷", "1️⃣2",
		"가나다.", "e\u0301\u0301-a", "x\u200d!", "Côte d'Ivoire", "\u0301start", "a_b-c", "北京，中国",
	} {
		checkWords(t, text)
	}
	var got []string
	tx := NewText("the Union's l'Union")
	for i := range tx.words {
		got = append(got, tx.written(i))
	}
	if strings.Join(got, "|") != "the|Union|'|s|l|'|Union" {
		t.Errorf("got %q", got)
	}
}

// TestTextFastPath checks the fast paths (ASCII split, folded and hashed
// byte by byte; ASCII and Latin letters rune by rune) against the Unicode
// path on text that mixes ASCII with accents, combining marks, the
// Turkish dotted and dotless I, the Kelvin sign, the long s, title-case
// digraphs, CJK, emoji with skin tones and ZWJ, and flags.
func TestTextFastPath(t *testing.T) {
	pieces := []string{"Union", "EU", "u.s.", "U.S.-led", "don't", "3.5", "1,000", "a_b", "_", " ", "  ", "\t", "\n", "\r\n",
		".", ",", "'", "\"", "(", ")", "-", "é", "É", "e\u0301", "\u0301", "İstanbul", "ıI", "İ", "ı", "\u212Aelvin", "ß", "ẞ",
		"σίσυφος", "ΣΊΣΥΦΟΣ", "北京", "，", "。", "😟", "👍🏽", "👨\u200d👩\u200d👧", "❤️", "🇨🇦", "\u200d", "\u00a0", "\ufeff", "Zoë", "x", "7",
		"Société", "ſ", "ÿŸ", "Ǆǅǆ", "ɏ", "×", "÷", "Ā", "ª", "µ", "\u00ad", "—", "“", "”", "…"}
	rng := rand.New(rand.NewSource(1))
	for range 5000 {
		var b strings.Builder
		for n := rng.Intn(10); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		checkWords(t, b.String())
	}
	for i := range 50 {
		checkWords(t, corpus.Record(i).Article.Text)
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Union's", "👍🏽!", "e\u0301x", "🇨🇦a", "İstanbul ıI", "Ab\u212A"} {
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
