package app

// Words as snapping sees them: Unicode's word segments (UAX #29), cut the
// way NLP tokenizers cut news text. A possessive 's or ’s is a token of
// its own ("United Kingdom's" → "United Kingdom" + "'s"), which snapping
// drops from the ends of a selection like punctuation; hyphenated names
// ("Jean-Pierre", "Bosnia-Herzegovina", "COVID-19") stay whole.

import (
	"unicode"
	"unicode/utf8"
)

// newsWords joins hyphenated words and splits off possessives in the word
// segments of one token.
func (m *viewModel) newsWords(segs []segment) []segment {
	out := make([]segment, 0, len(segs)+1)
	for i := 0; i < len(segs); i++ {
		sg := segs[i]
		for i+2 < len(segs) && m.alnumAt(sg.end-1) && m.hyphen(segs[i+1]) && m.alnumAt(segs[i+2].start) {
			sg.end = segs[i+2].end
			i += 2
		}
		if p := sg.end - 2; p > sg.start && m.possessive(segment{p, sg.end}) {
			out = append(out, segment{sg.start, p}, segment{p, sg.end})
			continue
		}
		out = append(out, sg)
	}
	return out
}

func (m *viewModel) runeAt(cp int) rune {
	if cp < 0 || cp >= m.n {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(m.text[m.idx.Byte(cp):])
	return r
}

func (m *viewModel) alnumAt(cp int) bool {
	r := m.runeAt(cp)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// hyphen reports whether sg is one hyphen (-, ‐ or the no-break ‑).
func (m *viewModel) hyphen(sg segment) bool {
	if sg.end-sg.start != 1 {
		return false
	}
	switch m.runeAt(sg.start) {
	case '-', '\u2010', '\u2011':
		return true
	}
	return false
}

// possessive reports whether sg is 's or ’s right after a letter.
func (m *viewModel) possessive(sg segment) bool {
	if sg.end-sg.start != 2 || !unicode.IsLetter(m.runeAt(sg.start-1)) {
		return false
	}
	a, s := m.runeAt(sg.start), m.runeAt(sg.start+1)
	return (a == '\'' || a == '\u2019') && (s == 's' || s == 'S')
}
