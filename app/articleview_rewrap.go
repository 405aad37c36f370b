package app

import "slices"

// rewrapKeeps re-wraps the text for the view's width (rewrap) and reports
// whether lines l0 to l1-1 hold the same text as before: then their rows
// stay as they were drawn. A resize that moves no line break in view (a
// text of short lines, a small change of width) redraws no row, and Fyne
// makes no new text textures for it.
func (v *ArticleView) rewrapKeeps(l0, l1 int) bool {
	m := v.m
	var before []vline
	if l0 < l1 && l1 <= len(m.lines) {
		before = slices.Clone(m.lines[l0:l1])
	}
	v.rewrap()
	if before == nil || l1 > len(m.lines) {
		return false
	}
	for i, l := range before {
		if n := m.lines[l0+i]; n.start != l.start || n.end != l.end {
			return false
		}
	}
	return true
}
