package suggest

import (
	"unicode"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// maxTokens is the longest token pattern: its states are bits of a uint64.
const maxTokens = 63

type tokenPattern struct {
	source, label, canonical string
	toks                     []Tok
	lower                    []string // each Tok's LOWER, folded
	first                    string   // the folded first token every match starts with, or ""
}

func newTokenPattern(source string, p Pattern) tokenPattern {
	t := tokenPattern{source: source, label: p.Label, canonical: p.ID, toks: p.Tokens, lower: make([]string, len(p.Tokens))}
	for i, tok := range p.Tokens {
		if tok.Lower != nil {
			t.lower[i] = string(foldString(nil, *tok.Lower))
		}
	}
	if f := p.Tokens[0]; f.Op == 0 || f.Op == '+' {
		switch {
		case f.Lower != nil:
			t.first = t.lower[0]
		case f.Orth != nil:
			t.first = string(foldString(nil, *f.Orth))
		}
	}
	return t
}

// holds reports whether word j of tx has every attribute of pattern
// token i.
func (t *tokenPattern) holds(i int, tx *Text, j int) bool {
	p := &t.toks[i]
	text := tx.written(j)
	if p.Orth != nil && text != *p.Orth {
		return false
	}
	if p.Lower != nil && string(tx.word(j)) != t.lower[i] {
		return false
	}
	if p.Len != nil && utf8.RuneCountInString(text) != *p.Len {
		return false
	}
	for k, want := range p.Flags {
		if flag(k, text) != want {
			return false
		}
	}
	return true
}

// flag computes a boolean token attribute as Python's str methods do.
func flag(name, s string) bool {
	switch name {
	case "IS_DIGIT":
		return all(s, unicode.IsDigit)
	case "IS_ALPHA":
		return all(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) })
	case "IS_PUNCT":
		return all(s, unicode.IsPunct)
	case "IS_UPPER", "IS_LOWER":
		cased := false
		for _, r := range s {
			if name == "IS_UPPER" && unicode.IsLower(r) || name == "IS_LOWER" && (unicode.IsUpper(r) || unicode.IsTitle(r)) {
				return false
			}
			cased = cased || unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
		}
		return cased
	case "IS_TITLE": // each word starts upper case, the rest lower
		prevCased, title := false, false
		for _, r := range s {
			switch {
			case unicode.IsUpper(r) || unicode.IsTitle(r):
				if prevCased {
					return false
				}
				prevCased, title = true, true
			case unicode.IsLower(r):
				if !prevCased {
					return false
				}
			default:
				prevCased = unicode.IsMark(r) && prevCased
			}
		}
		return title
	}
	return false
}

func all(s string, f func(rune) bool) bool {
	for _, r := range s {
		if !f(r) {
			return false
		}
	}
	return s != ""
}

// matchTokens appends to s.out the token patterns' matches: at each
// word, each pattern's longest match starting there; a pattern's match
// inside its longer match is left out.
func (m *Matcher) matchTokens(tx *Text, s *scratch) {
	ws := tx.words
	s.covered = append(s.covered[:0], make([]int, len(m.tokens))...)
	try := func(pi, i int) {
		t := &m.tokens[pi]
		if i < s.covered[pi] {
			return
		}
		if end := t.longest(tx, i); end > i {
			s.covered[pi] = end
			s.out = append(s.out, annotate.Suggestion{Source: t.source, Start: int(ws[i].start), End: int(ws[end-1].end), Label: t.label, Canonical: t.canonical})
		}
	}
	for i := range ws {
		for _, pi := range m.byFirst[string(tx.word(i))] {
			try(pi, i)
		}
		for _, pi := range m.anyFirst {
			try(pi, i)
		}
	}
}

// longest returns the end (exclusive word index) of the longest match
// of t starting at word i of tx, or i when there is none. The states are
// the pattern positions still possible, as bits.
func (t *tokenPattern) longest(tx *Text, i int) int {
	n := len(t.toks)
	accept := uint64(1) << n
	closure := func(set uint64) uint64 { // through the optional tokens
		for k := 0; k < n; k++ {
			if set&(1<<k) != 0 && (t.toks[k].Op == '?' || t.toks[k].Op == '*') {
				set |= 1 << (k + 1)
			}
		}
		return set
	}
	set := closure(1)
	best := i
	for j := i; j < len(tx.words) && set != 0; j++ {
		var next uint64
		for k := 0; k < n; k++ {
			if set&(1<<k) == 0 {
				continue
			}
			op := t.toks[k].Op
			if t.holds(k, tx, j) != (op == '!') {
				next |= 1 << (k + 1)
				if op == '*' || op == '+' {
					next |= 1 << k
				}
			}
		}
		set = closure(next)
		if set&accept != 0 {
			best = j + 1
		}
	}
	return best
}
