package suggest

import (
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/tagdesk/tagdesk/annotate/format"
)

// words appends the words that phrases and token patterns are matched
// on: the tokenizer's tokens (format.Tokenize: Unicode word boundaries),
// each split further between grapheme clusters where one that starts
// with a word character (letter, digit, mark, '_') meets one that does
// not, as spaCy splits "Union's" and "l'Union". So a word never splits a
// grapheme cluster ("é" written as e + U+0301, an emoji with its skin
// tone or variation selector, a flag).
func words(dst []format.Token, toks []format.Token) []format.Token {
	for _, t := range toks {
		if ascii(t.Text) {
			dst = splitASCII(dst, t)
			continue
		}
		startB, startCP, cp := 0, t.Start, t.Start
		prevWord := false
		rest, state := t.Text, -1
		for b := 0; rest != ""; {
			var cluster string
			cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			r, _ := utf8.DecodeRuneInString(cluster)
			w := isWordChar(r)
			if b > 0 && w != prevWord {
				dst = append(dst, format.Token{Text: t.Text[startB:b], Start: startCP, End: cp})
				startB, startCP = b, cp
			}
			prevWord = w
			b += len(cluster)
			cp += utf8.RuneCountInString(cluster)
		}
		dst = append(dst, format.Token{Text: t.Text[startB:], Start: startCP, End: cp, WS: t.WS, Sent: t.Sent})
	}
	return dst
}

// splitASCII is words for a token of ASCII only: a byte is a cluster.
func splitASCII(dst []format.Token, t format.Token) []format.Token {
	start := 0
	for i := 1; i < len(t.Text); i++ {
		if isWordChar(rune(t.Text[i])) != isWordChar(rune(t.Text[i-1])) {
			dst = append(dst, format.Token{Text: t.Text[start:i], Start: t.Start + start, End: t.Start + i})
			start = i
		}
	}
	return append(dst, format.Token{Text: t.Text[start:], Start: t.Start + start, End: t.End, WS: t.WS, Sent: t.Sent})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// phraseWords returns the words of a phrase (see words).
func phraseWords(phrase string) []format.Token {
	return words(nil, format.Tokenize(phrase))
}

// normalize returns the key under which two phrases match the same
// places: their folded words, space-separated.
func normalize(phrase string) string {
	var b []byte
	for i, w := range phraseWords(phrase) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = foldString(b, w.Text)
	}
	return string(b)
}
