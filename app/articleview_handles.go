package app

// Handles at the ends of the picked span: a drag that starts on one moves
// that end of the span, snapped like a selection (to words, or to grapheme
// clusters in precise mode). While it moves, the selection shows the span
// as it will be; when the drag ends, OnSpanBounds hears the new range.

import "fyne.io/fyne/v2"

const (
	handleW     = 4 // a handle's width, outside the span's outline
	handleReach = 6 // how far from a span's end a press takes its handle
)

// handleDrag is which end of the picked span a drag moves.
type handleDrag uint8

const (
	noHandle handleDrag = iota
	startHandle
	endHandle
)

// pickedRange returns the picked span's range.
func (v *ArticleView) pickedRange() (int, int, bool) {
	i := v.m.find(v.picked)
	if v.picked == 0 || i < 0 {
		return 0, 0, false
	}
	return v.m.spans[i].Start, v.m.spans[i].End, true
}

// endLine is the line that shows the end of span [s, e): the line of its
// last code point, not the next line a soft wrap starts at e.
func (v *ArticleView) endLine(s, e int) int { return v.m.lineOf(max(e-1, s)) }

// handleAt returns the handle of the picked span at p, if any.
func (v *ArticleView) handleAt(p fyne.Position) handleDrag {
	s, e, ok := v.pickedRange()
	if !ok {
		return noHandle
	}
	li, x := v.at(p)
	near := func(line, cp int) bool {
		d := x - v.m.xOf(line, cp)
		return li == line && d >= -handleReach && d <= handleReach
	}
	switch {
	case near(v.m.lineOf(s), s):
		return startHandle
	case near(v.endLine(s, e), e):
		return endHandle
	}
	return noHandle
}

// startHandleDrag begins moving an end of the picked span; the selection
// before it comes back when the drag ends.
func (v *ArticleView) startHandleDrag(h handleDrag) {
	v.handle = h
	s, e, _ := v.pickedRange()
	v.handleS, v.handleE = s, e
	v.handleSel = [2]int{v.m.anchor, v.m.caret}
	v.showHandleRange()
}

// dragHandle moves the dragged end to the pointer at p, snapped; an end
// that would pass the other one stays where it was.
func (v *ArticleView) dragHandle(p fyne.Position) {
	s, e, ok := v.pickedRange()
	if !ok {
		v.handle = noHandle
		return
	}
	cp := v.caretAt(p)
	if v.handle == startHandle {
		if a, _ := v.m.snap(cp, e, v.precise); cp < e && a < e {
			v.handleS, v.handleE = a, e
		}
	} else if _, b := v.m.snap(s, cp, v.precise); cp > s && b > s {
		v.handleS, v.handleE = s, b
	}
	v.showHandleRange()
}

func (v *ArticleView) showHandleRange() {
	v.redraw(v.selS, v.selE)
	v.selS, v.selE = v.handleS, v.handleE
	v.redraw(v.selS, v.selE)
}

// endHandleDrag restores the selection and reports a changed range.
func (v *ArticleView) endHandleDrag() {
	id := v.picked
	s, e, ok := v.pickedRange()
	ns, ne := v.handleS, v.handleE
	v.handle = noHandle
	v.setRaw(v.handleSel[0], v.handleSel[1], false)
	v.redraw(ns, ne)
	if ok && (ns != s || ne != e) && v.OnSpanBounds != nil {
		v.OnSpanBounds(id, ns, ne)
	}
}
