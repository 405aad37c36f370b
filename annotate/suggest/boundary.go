package suggest

import (
	"sort"
	"unicode"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate/format"
)

// innerBoundary reports whether a phrase may start or end at code point
// cp inside a token: the tokenizer keeps "Union's" and "l'Union" whole
// (Unicode word boundaries), yet "Union" is a word of both. Such a place
// counts when it is a grapheme cluster boundary that does not fall
// between two word characters (letters, digits, marks, '_'), so "Union"
// is found in "Union's" but not in "Unionist", and never in the middle
// of "é" written as e + U+0301 or of a flag.
func innerBoundary(text string, toks []format.Token, cp int) bool {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].End > cp })
	if i == len(toks) || toks[i].Start >= cp {
		return false // not inside a token: at its edge, or in white space
	}
	t := toks[i]
	var prev rune = -1
	at := t.Start
	g := uniseg.NewGraphemes(t.Text)
	for g.Next() {
		rs := g.Runes()
		if at == cp {
			return !(isWordChar(prev) && isWordChar(rs[0]))
		}
		if at > cp {
			return false
		}
		at += len(rs)
		prev = rs[len(rs)-1]
	}
	return false
}

func isWordChar(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
