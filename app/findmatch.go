package app

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// findOptions are the find bar's toggles.
type findOptions struct {
	matchCase bool // "Match case": otherwise case is ignored
	wholeWord bool // "Whole word": a match starts and ends at word boundaries
}

// findMatches returns the code point ranges where q occurs in text,
// without overlaps; case is ignored unless matchCase. A match must start and end
// where boundary says (a grapheme cluster boundary, so that "e" does not
// match half of "é" written as e + U+0301; with whole words, a word
// boundary too, so that "EU" does not match in "European"); nil allows
// any code point.
func findMatches(text string, q []rune, matchCase bool, boundary func(cp int) bool) [][2]int {
	if len(q) == 0 {
		return nil
	}
	var out [][2]int
	for i, cp := 0, 0; i < len(text); cp++ {
		if n, ok := matchAt(text[i:], q, matchCase); ok && (boundary == nil || boundary(cp) && boundary(cp+len(q))) {
			out = append(out, [2]int{cp, cp + len(q)})
			i, cp = i+n, cp+len(q)-1
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return out
}

// matchAt reports whether s starts with q (ignoring case unless
// matchCase), and how many bytes of s that is.
func matchAt(s string, q []rune, matchCase bool) (int, bool) {
	i := 0
	for _, r := range q {
		if i >= len(s) {
			return 0, false
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c != r && (matchCase || !foldEq(c, r)) {
			return 0, false
		}
		i += size
	}
	return i, true
}

func foldEq(a, b rune) bool {
	return a == b || unicode.ToLower(a) == unicode.ToLower(b)
}

// wordBounds tells, for each code point offset 0..n of text, whether
// Unicode's word rules (UAX #29, as uniseg applies them; the same as
// selection snapping) put a word boundary there, or a possessive 's
// begins.
func wordBounds(text string) []bool {
	b := make([]bool, utf8.RuneCountInString(text)+1)
	b[0] = true
	cp, state := 0, -1
	for s := text; len(s) > 0; {
		var w string
		w, s, state = uniseg.FirstWordInString(s, state)
		cp += utf8.RuneCountInString(w)
		b[cp] = true
		if possessive(w) {
			b[cp-2] = true // "China's" holds the word "China", as tokenizers cut it
		}
	}
	return b
}

// possessive reports whether word w ends in 's or ’s after a letter.
func possessive(w string) bool {
	r := []rune(w)
	n := len(r)
	return n > 2 && (r[n-2] == '\'' || r[n-2] == '’') && (r[n-1] == 's' || r[n-1] == 'S') && unicode.IsLetter(r[n-3])
}
