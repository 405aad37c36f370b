package annotate

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Token is one token of a text, as the spacy and conll formats write it.
type Token struct {
	Text  string // a slice of the text
	Start int    // code point offset, inclusive
	End   int    // code point offset, exclusive
	WS    bool   // white space follows the token
	Sent  int    // index of the sentence the token starts in
}

// Tokenize splits text into tokens and sentences, deterministically and
// for every language the same way:
//
//   - tokens are the word segments of Unicode's default word boundaries
//     (UAX #29, as github.com/rivo/uniseg v0.4.7 implements them), trimmed
//     of white space (and U+FEFF, a byte order mark) at both ends;
//     segments that are only white space are dropped. So "U.S.-led" gives "U.S", ".", "-", "led"; a flag or an
//     emoji with a skin tone is one token; "加拿大" gives one token per
//     ideograph; a combining mark stays with its base letter.
//   - sentences are Unicode's default sentence boundaries (UAX #29); a
//     token belongs to the sentence it starts in.
//
// Offsets are code points, like spans'. The tokens' Text fields share the
// text's memory.
func Tokenize(text string) []Token { return AppendTokens(nil, text) }

// AppendTokens appends text's tokens (see Tokenize) to dst.
func AppendTokens(dst []Token, text string) []Token {
	// Sentence ends as byte offsets; a text of one sentence needs one.
	var sentEnds []int
	state := -1
	for rest, b := text, 0; rest != ""; {
		var s string
		s, rest, state = uniseg.FirstSentenceInString(rest, state)
		b += len(s)
		sentEnds = append(sentEnds, b)
	}
	sent := 0
	cp, b := 0, 0 // position of rest in code points and bytes
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
				r, _ := utf8.DecodeRuneInString(rest)
				t.WS = isSpace(r)
			}
			dst = append(dst, t)
		}
		cp += n
		b += len(w)
	}
	return dst
}

// isSpace reports white space between tokens: Unicode's, and U+FEFF.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }

func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// spacePrefix returns the length in bytes of s's leading white space.
func spacePrefix(s string) int {
	for i, r := range s {
		if !isSpace(r) {
			return i
		}
	}
	return len(s)
}

// spaceSuffix returns the length in bytes of s's trailing white space.
func spaceSuffix(s string) int {
	n := 0
	for len(s) > n {
		r, size := utf8.DecodeLastRuneInString(s[:len(s)-n])
		if !isSpace(r) {
			break
		}
		n += size
	}
	return n
}

// tokenRange returns the first and last (inclusive) token that the span
// [start, end) touches: the nearest enclosing tokens when the span does
// not align to token boundaries. ok is false when the span covers only
// white space between tokens.
func tokenRange(toks []Token, start, end int) (first, last int, ok bool) {
	// first token whose end is after start
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= start {
			lo = m + 1
		} else {
			hi = m
		}
	}
	first = lo
	if first == len(toks) || toks[first].Start >= end {
		return 0, 0, false
	}
	last = first
	lo, hi = first, len(toks)
	for lo < hi { // first token that starts at or after end
		m := (lo + hi) / 2
		if toks[m].Start < end {
			lo = m + 1
		} else {
			hi = m
		}
	}
	last = lo - 1
	return first, last, true
}
