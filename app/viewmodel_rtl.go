package app

import (
	"sort"
	"unicode"
)

// Right-to-left text. Fyne shapes a text's right-to-left runs (Arabic
// letters joined, Hebrew and Arabic glyphs right to left) but places the
// runs of one text in the order of the text, left to right: it does not
// reorder them as the Unicode bidirectional algorithm would. So the view
// draws every word that holds right-to-left letters as a text of its own
// (textRuns), at the place its measure gives it in the line, and the
// words of a line follow one another left to right in the order of the
// text. Within such a word the code points run from its right edge to its
// left, as Fyne draws them: xOf, xRange and hit mirror positions inside
// it, so that highlights, the selection, the caret and clicks land on the
// glyphs they mean.

// rightToLeft reports whether word holds a letter of a right-to-left
// script (Arabic, Hebrew, Syriac, Thaana, N'Ko, Samaritan, Mandaic).
//
// Fyne draws a text as its direction runs in the order of the text, left
// to right, each right-to-left run with its glyphs right to left, but it
// does not reorder runs (no bidi reordering), and a run of several words
// would spread its glyphs over the words' measured places in mirror
// image. So the view draws each such word as a text of its own at its own
// place: every word is shaped and joined as it should be and stands
// exactly where its highlight, selection and caret are drawn, while the
// words of a right-to-left sentence follow one another from left to
// right, in the order of the text.
func rightToLeft(word string) bool {
	for _, r := range word {
		if r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF {
			if unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko, unicode.Samaritan, unicode.Mandaic) {
				return true
			}
		}
	}
	return false
}

// rtl reports whether item it is a word drawn right to left.
func (m *viewModel) rtl(it *item) bool {
	return it.kind == tokWord && rightToLeft(m.text[it.bs:it.be])
}

// partX returns where the part [p, q) of item it is drawn: from x0 to x1.
func (m *viewModel) partX(it *item, p, q int) (x0, x1 float32) {
	if m.rtl(it) {
		return it.x + it.w - m.itemWidthTo(it, q), it.x + it.w - m.itemWidthTo(it, p)
	}
	return it.x + m.itemWidthTo(it, p), it.x + m.itemWidthTo(it, q)
}

// xRange returns the left and right x of code points [a, b) of line li,
// a < b within the line: the words between a and b stand side by side,
// and the first and last may be covered in part, at either side when they
// are drawn right to left.
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
