package app

import (
	"math"
	"sort"
	"unicode"
)

// Right-to-left text. Fyne shapes a text's right-to-left runs (Arabic
// letters joined, Hebrew and Arabic glyphs right to left) but places the
// runs of one text in the order of the text, left to right: it does not
// reorder them as the Unicode bidirectional algorithm would, and a run of
// several words would spread its glyphs over the words' measured places
// in mirror image. So the view draws every word that holds right-to-left
// letters in texts of its own (textRuns, pieces): its right-to-left core,
// from its first such letter to its last, and what stands before and
// after it (brackets, quotes, punctuation), each at the place the measure
// gives it in the line. The words of a line follow one another left to
// right in the order of the text, each shaped and joined as it should be.
// Within a core the code points run from its right edge to its left, as
// Fyne draws them: xOf, xRange and hit mirror positions there, so that
// highlights, the selection, the caret and clicks land on the glyphs they
// mean.

// rightToLeft reports whether word holds a letter of a right-to-left
// script (Arabic, Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic).
func rightToLeft(word string) bool {
	for _, r := range word {
		if isRTL(r) {
			return true
		}
	}
	return false
}

// isRTL reports whether r is a letter of a right-to-left script.
func isRTL(r rune) bool {
	return (r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF) &&
		unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Samaritan, unicode.Mandaic)
}

// rtlCore returns the code points [cs, ce) of word it from its first
// right-to-left letter to its last, drawn right to left; ok is false for
// a word without one. What comes before and after (brackets, quotes,
// punctuation, digits) is drawn left to right beside it.
func (m *viewModel) rtlCore(it *item) (cs, ce int, ok bool) {
	if it.kind != tokWord {
		return 0, 0, false
	}
	cs, ce = -1, -1
	cp := int(it.start)
	for _, r := range m.text[it.bs:it.be] {
		if isRTL(r) {
			if cs < 0 {
				cs = cp
			}
			ce = cp + 1
		}
		cp++
	}
	return cs, ce, cs >= 0
}

// pieces calls fn with word it cut where its drawing direction changes:
// the part before its right-to-left core, the core, the part after; a
// word without such a core is one piece. Each piece is an item of its
// own, placed where the model measures it.
func (m *viewModel) pieces(it item, fn func(item)) {
	cs, ce, ok := m.rtlCore(&it)
	if !ok {
		fn(it)
		return
	}
	cut := func(a, b int) {
		if a >= b {
			return
		}
		x0, x1 := it.x+m.itemWidthTo(&it, a), it.x+m.itemWidthTo(&it, b)
		fn(item{start: int32(a), end: int32(b), bs: int32(m.idx.Byte(a)), be: int32(m.idx.Byte(b)), x: x0, w: x1 - x0, kind: tokWord})
	}
	cut(int(it.start), cs)
	cut(cs, ce)
	cut(ce, int(it.end))
}

// partX returns where the part [p, q) of item it is drawn: from x0 to x1.
func (m *viewModel) partX(it *item, p, q int) (x0, x1 float32) {
	cs, ce, ok := m.rtlCore(it)
	if !ok {
		return it.x + m.itemWidthTo(it, p), it.x + m.itemWidthTo(it, q)
	}
	x0, x1 = float32(math.Inf(1)), float32(math.Inf(-1))
	for _, pc := range [3][3]int{{int(it.start), cs, 0}, {cs, ce, 1}, {ce, int(it.end), 0}} {
		a, b := max(p, pc[0]), min(q, pc[1])
		if a >= b {
			continue
		}
		l, r := it.x+m.itemWidthTo(it, a), it.x+m.itemWidthTo(it, b)
		if pc[2] == 1 { // the core, drawn right to left
			xs, xe := it.x+m.itemWidthTo(it, cs), it.x+m.itemWidthTo(it, ce)
			l, r = xs+xe-r, xs+xe-l
		}
		x0, x1 = min(x0, l), max(x1, r)
	}
	if x0 > x1 { // an empty part
		x := m.xIn(it, cs, ce, p)
		return x, x
	}
	return x0, x1
}

// xIn is the x of code point cp of word it whose core [cs, ce) is drawn
// right to left: mirrored inside the core, where cs is at its right edge.
func (m *viewModel) xIn(it *item, cs, ce, cp int) float32 {
	x := it.x + m.itemWidthTo(it, cp)
	if cp >= cs && cp < ce {
		xs, xe := it.x+m.itemWidthTo(it, cs), it.x+m.itemWidthTo(it, ce)
		return xs + xe - x
	}
	return x
}

// mirrorX maps x over word it to where it would be were the word's core
// drawn left to right (hit testing).
func (m *viewModel) mirrorX(it *item, x float32) float32 {
	cs, ce, ok := m.rtlCore(it)
	if !ok {
		return x
	}
	xs, xe := it.x+m.itemWidthTo(it, cs), it.x+m.itemWidthTo(it, ce)
	if x >= xs && x < xe {
		return xs + xe - x
	}
	return x
}

// xRange returns the left and right x of code points [a, b) of line li,
// a < b within the line: the words between a and b stand side by side,
// and the first and last may be covered in part, at either side of a
// right-to-left core.
func (m *viewModel) xRange(li, a, b int) (x0, x1 float32) {
	l := m.lines[li]
	items := m.items[l.i0:l.i1]
	if len(items) == 0 {
		return 0, 0
	}
	ka := min(sort.Search(len(items), func(i int) bool { return int(items[i].end) > a }), len(items)-1)
	kb := min(sort.Search(len(items), func(i int) bool { return int(items[i].end) >= b }), len(items)-1)
	first, last := &items[ka], &items[kb]
	if ka == kb {
		return m.partX(first, a, b)
	}
	x0, _ = m.partX(first, a, int(first.end))
	_, x1 = m.partX(last, int(last.start), b)
	return x0, x1
}
