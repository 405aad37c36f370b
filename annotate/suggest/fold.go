package suggest

import (
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

// foldString appends s case-folded (foldRune) to dst.
func foldString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				dst = utf8.AppendRune(dst, foldRune(r))
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
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
