package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps r to one representative of its simple case folding
// orbit, so that two runes are equal under strings.EqualFold exactly when
// their foldRune are equal.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return unicode.ToLower(m)
}

// folded is a text case-folded with its white space runs made one space,
// and where each of its bytes came from.
type folded struct {
	b  []byte  // the folded text
	cp []int32 // cp[i]: code point offset in the original of folded byte i; one more entry at the end
	ob []int32 // ob[i]: byte offset in the original of folded byte i; one more entry at the end
}

// fold case-folds text into f (reusing its memory), each run of white
// space one ' '.
func (f *folded) fold(text string) {
	f.b, f.cp, f.ob = f.b[:0], f.cp[:0], f.ob[:0]
	cp := int32(0)
	space := false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' {
				if !space {
					f.b = append(f.b, ' ')
					f.cp = append(f.cp, cp)
					f.ob = append(f.ob, int32(i-1))
				}
				space = true
				cp++
				continue
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			f.b = append(f.b, c)
			f.cp = append(f.cp, cp)
			f.ob = append(f.ob, int32(i-1))
			cp++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if unicode.IsSpace(r) {
			if !space {
				f.b = append(f.b, ' ')
				f.cp = append(f.cp, cp)
				f.ob = append(f.ob, int32(i-n))
			}
			space = true
			cp++
			continue
		}
		space = false
		at := len(f.b)
		f.b = utf8.AppendRune(f.b, foldRune(r))
		for range len(f.b) - at {
			f.cp = append(f.cp, cp)
			f.ob = append(f.ob, int32(i-n))
		}
		cp++
	}
	f.cp = append(f.cp, cp)
	f.ob = append(f.ob, int32(len(text)))
}

// normalize returns a phrase as the matcher stores it: trimmed, case
// folded, each white space run one space.
func normalize(phrase string) string {
	var f folded
	f.fold(strings.TrimFunc(phrase, unicode.IsSpace))
	return string(f.b)
}

// isAcronym reports whether s has an upper-case letter and no lower-case
// one: such a phrase matches only as written.
func isAcronym(s string) bool {
	upper := false
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper = true
		}
	}
	return upper
}

// sameWritten reports whether text is phrase as written, white space runs
// aside (the matcher has already found them equal under folding).
func sameWritten(text, phrase string) bool {
	return strings.Join(strings.Fields(text), " ") == strings.Join(strings.Fields(phrase), " ")
}
