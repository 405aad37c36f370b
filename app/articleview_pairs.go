package app

import (
	"github.com/go-text/typesetting/language"
	"golang.org/x/image/math/fixed"
)

// asciiPairs measures ASCII words the way a text editor does: the
// advance of each character and the kerning of each pair of characters,
// each shaped once per font, size and script, and summed in the shaper's
// fixed point, so a word's width is exactly its shaped width. A 100,000
// word article has some 10,000 distinct words but only a few hundred
// distinct pairs. A pair the font does more with than kerning (a ligature
// such as "fi", a contextual alternate: its glyphs are not the two
// characters' own) is marked, and a word holding one is shaped whole.
type asciiPairs struct {
	adv   [2][128]fixed.Int26_6
	glyph [2][128]uint32 // glyph id + 1; 0: not yet shaped
	kern  [2][128][128]fixed.Int26_6
	state [2][128][128]uint8 // 0: not yet shaped, 1: kerning only, 2: shape whole
}

const (
	pairUnknown = iota
	pairKern
	pairWhole
)

// width returns the width of ASCII word s (of script Latin or Common), or
// false when s must be shaped whole.
func (p *asciiPairs) width(t *textMeasurer, s string, script language.Script) (float32, bool) {
	k := 0
	if script == language.Latin {
		k = 1
	}
	var w fixed.Int26_6
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !p.char(t, k, c, script) {
			return 0, false
		}
		w += p.adv[k][c]
		if i == 0 {
			continue
		}
		a := s[i-1]
		if p.state[k][a][c] == pairUnknown {
			p.shapePair(t, k, a, c, script)
		}
		if p.state[k][a][c] != pairKern {
			return 0, false
		}
		w += p.kern[k][a][c]
	}
	return fixed266ToFloat32(w), true
}

// char shapes c alone once; it reports whether c maps to one real glyph.
func (p *asciiPairs) char(t *textMeasurer, k int, c byte, script language.Script) bool {
	if p.glyph[k][c] == 0 {
		adv, gs := t.shapeFixed(string(rune(c)), script)
		p.glyph[k][c] = ^uint32(0)
		if len(gs) == 1 && gs[0].GlyphID != 0 {
			p.glyph[k][c] = uint32(gs[0].GlyphID) + 1
			p.adv[k][c] = adv
		}
	}
	return p.glyph[k][c] != ^uint32(0)
}

func (p *asciiPairs) shapePair(t *textMeasurer, k int, a, c byte, script language.Script) {
	adv, gs := t.shapeFixed(string([]byte{a, c}), script)
	p.state[k][a][c] = pairWhole
	if len(gs) == 2 && uint32(gs[0].GlyphID)+1 == p.glyph[k][a] && uint32(gs[1].GlyphID)+1 == p.glyph[k][c] {
		p.state[k][a][c] = pairKern
		p.kern[k][a][c] = adv - p.adv[k][a] - p.adv[k][c]
	}
}
