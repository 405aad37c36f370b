package format

import (
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// appendTokensUniseg is Tokenize done by uniseg alone, word by word and
// sentence by sentence (less the boundaries after abbreviations): what
// AppendTokens must give.
func appendTokensUniseg(dst []Token, text string) []Token {
	var sentEnds []int
	state := -1
	for rest, b := text, 0; rest != ""; {
		var s string
		s, rest, state = uniseg.FirstSentenceInString(rest, state)
		b += len(s)
		if !abbrevBefore(text, b) {
			sentEnds = append(sentEnds, b)
		}
	}
	sent := 0
	cp, b := 0, 0
	state = -1
	for rest := text; rest != ""; {
		var w string
		w, rest, state = uniseg.FirstWordInString(rest, state)
		n := runeCount(w)
		lead, trail := spacePrefix(w), spaceSuffix(w)
		if lead < len(w) {
			word := w[lead : len(w)-trail]
			start := cp + runeCount(w[:lead])
			t := Token{Text: word, Start: start, End: start + runeCount(word)}
			tb := b + lead
			for sent < len(sentEnds)-1 && tb >= sentEnds[sent] {
				sent++
			}
			t.Sent = sent
			if trail > 0 {
				t.WS = true
			} else if rest != "" {
				t.WS = isSpaceAt(rest)
			}
			dst = append(dst, t)
		}
		cp += n
		b += len(w)
	}
	return dst
}

func checkTokens(t *testing.T, text string) {
	t.Helper()
	got, want := Tokenize(text), appendTokensUniseg(nil, text)
	if !reflect.DeepEqual(got, want) {
		for i := 0; i < len(got) && i < len(want); i++ {
			if got[i] != want[i] {
				t.Fatalf("text %q: token %d: got %+v, uniseg gives %+v", text, i, got[i], want[i])
			}
		}
		t.Fatalf("text %q: %d tokens, uniseg gives %d", text, len(got), len(want))
	}
	checkWords(t, text, want)
}

// checkWords checks that the Words reader gives text's tokens, want,
// without their sentences, and says ascii of ASCII tokens only.
func checkWords(t *testing.T, text string, want []Token) {
	t.Helper()
	w := NewWords(text)
	var tk Token
	for i := 0; ; i++ {
		at, ascii, ok := w.Next(&tk)
		if !ok {
			if i != len(want) {
				t.Fatalf("text %q: Words gives %d tokens, uniseg %d", text, i, len(want))
			}
			return
		}
		wt := Token{}
		if i < len(want) {
			wt = want[i]
			wt.Sent = 0
		}
		if tk != wt || text[at:at+len(tk.Text)] != tk.Text {
			t.Fatalf("text %q: Words token %d: got %+v at byte %d, uniseg gives %+v", text, i, tk, at, wt)
		}
		if ascii && strings.ContainsFunc(tk.Text, func(r rune) bool { return r >= utf8.RuneSelf || isSpace(r) }) {
			t.Fatalf("text %q: Words token %q is not ASCII without white space", text, tk.Text)
		}
	}
}

var tokenizeCases = []string{
	"", " ", "a", ".", "\r", "\n", "\r\n", "\n\r", "\t", "\v\f", "'", "_",
	"Canada's U.S.-led ban, 2021.", "U.N. e.g. i.e. Mr. Smith.", "3.5 3,5 3;5 3:5 3'5 3.a a.3 a:b a;b a,b a'b",
	"1,000,000.50 1.2.3 a.b.c a..b 1..2 a.'b 1.,2 .5 5. ,5 5,",
	"He left. She came! Why? Done", "end.\r\nNext line\n\nnew para", "\"Quoted.\" (Paren.) [x.] 'y.' he said.",
	"Dr. smith is here. ok.  Also: 1. item 2. item", "a.\u0301b a\u0301.b 3.\u03015",
	"Ban 🇨🇦 and 👍🏽! 👨‍👩‍👧 🇨🇦🇨🇦🇨 x🇨🇦y", "加拿大制裁。美国？是！", "Cafe\u0301 Zu\u0308rich naïve café's",
	"\ufeffTitle\tcol\r\nnext  line\r\n", "a \u0301 b  \u0301  c\u200dd \u200d\u2764", "x\u3000\u3000y  \u3000 z",
	"word_with_under __init__ a_1 _.a 1_2.3", "e-mail: x@y.com http://a.b/c?d=e&f=g#h",
	"\u05d0\"\u05d1 \u05d0'\u05d1 \u05d0.\u05d1", "ÀB.C Ü.S. a.Ü Ü.a 3.٣ ٣.3", "\x00\x01 \x1f\x7f", "tab\tsep\tvalues\t",
	"sentence one.Sentence two.3 four. five", "Mr. Wang Junzheng (Xinjiang) said: \"No.\" Then... left?!",
	"a\u2028b\u2029c\u0085d", "A.B. Smith", "x...y", "  lead and trail  ", "\r\r\n\n\r",
}

func TestTokenizeMatchesUniseg(t *testing.T) {
	for _, s := range tokenizeCases {
		checkTokens(t, s)
	}
	for _, r := range benchRecords(50) {
		checkTokens(t, r.Article.Text)
	}
	// random mixes of the pieces that the rules treat specially
	pieces := []string{"a", "Z", "ab", "3", "42", "_", ".", ",", ";", ":", "'", "\"", " ", "  ", "\t", "\r", "\n", "\r\n",
		"!", "?", "(", ")", "-", "é", "e\u0301", "—", "“", "”", "…", "😟", "👍", "ɏ", "ʃ", "Ā", "×", "\u0301", "\u200d", "\u00ad", "🇨🇦", "👍🏽", "加", "。", "\u3000", "ü", "٣", "\u05d0",
		"\ufeff", "U.S.", "3.5", "Mr.", "The", "x"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.Intn(12); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		checkTokens(t, b.String())
	}
}

// TestMaySentenceEnd checks that uniseg ends a sentence after no rune that
// maySentenceEnd leaves out, in the contexts that would show it.
func TestMaySentenceEnd(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if maySentenceEnd(r) || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		for _, ctx := range [][2]string{{"ab", " Cd"}, {"ab", "Cd"}, {"", "Cd"}, {"", " cd"}} {
			s := ctx[0] + string(r) + ctx[1]
			if first, _, _ := uniseg.FirstSentenceInString(s, -1); first != s {
				t.Fatalf("uniseg ends a sentence in %q (rune %U) but maySentenceEnd(%U) is false", s, r, r)
			}
		}
	}
}

// TestBreaksBefore checks the runes firstWord decides segments around:
// uniseg splits them from every ASCII character, Han ideograph and flag
// before and after them.
func TestBreaksBefore(t *testing.T) {
	var around []string
	for c := 0; c < utf8.RuneSelf; c++ {
		around = append(around, string(rune(c)))
	}
	around = append(around, "加", "\U0001F1E8\U0001F1E6")
	bounds := func(s string) map[int]bool {
		m := map[int]bool{}
		state, b := -1, 0
		for rest := s; rest != ""; {
			var w string
			w, rest, state = uniseg.FirstWordInString(rest, state)
			b += len(w)
			m[b] = true
		}
		return m
	}
	for r := rune(0x2000); r <= 0x1F64F; r++ {
		var rs string
		switch {
		case isRI(r):
			rs = string(r) + "\U0001F1E6"
		case isHan(r) && (r%61 == 0 || !isHan(r-1) || !isHan(r+1)), isLone(r):
			rs = string(r)
		default:
			continue
		}
		if !breaksBefore(rs) {
			t.Fatalf("breaksBefore(%U) is false", r)
		}
		for _, a := range around {
			for _, pre := range []string{"", "a", "1", "a.", "1,", "\u05d0", " ", "\u200d"} {
				s := pre + a + rs + a
				if m := bounds(s); !m[len(pre+a)] || !m[len(pre+a+rs)] {
					t.Fatalf("uniseg does not split %q from what is around it in %q", rs, s)
				}
			}
		}
	}
}

// TestLatinLetters checks every Latin letter that firstWord takes for a
// letter (isLatinLetter), and its neighbours, against uniseg in the
// contexts where a letter joins or splits.
func TestLatinLetters(t *testing.T) {
	for r := rune(0xA0); r <= 0x2AF; r++ {
		l := string(r)
		for _, s := range []string{l, "a" + l + "b", l + "a", "1" + l + "2", l + "'s", "d'" + l, l + ".b", "a." + l, l + ":" + l,
			l + "_", "_" + l, l + "\u0301x", "x\u0301" + l, l + "加", "加" + l, l + "🇨🇦", l + "“", "“" + l + "”", l + " " + l, l + "\u200d" + l,
			l + "😟", "😟" + l, l + "\U0001F3FD", l + "—" + l, "x" + l + l + "y.z" + l} {
			checkTokens(t, s)
		}
	}
}

func TestAppendInt(t *testing.T) {
	for _, n := range []int{-12345, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456789} {
		if got, want := string(appendInt(nil, n)), strconv.Itoa(n); got != want {
			t.Errorf("appendInt(%d) = %q", n, got)
		}
	}
}
