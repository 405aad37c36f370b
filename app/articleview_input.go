package app

// Pointer input of the article view: mapping points to code points,
// taps, drags with auto-scroll, the wheel and focus (keys are in
// articleview_keys.go).

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// at maps a position in the widget to a line and an x on it.
func (v *ArticleView) at(p fyne.Position) (int, float32) {
	li := int((p.Y - viewPadY + v.offset) / v.lm.lineH)
	if p.Y-viewPadY+v.offset < 0 {
		li = -1
	}
	if li < 0 {
		return 0, -1
	}
	if li >= len(v.m.lines) {
		return len(v.m.lines) - 1, 1e9
	}
	return li, p.X - viewPadX
}

// caretAt is the cluster boundary nearest p.
func (v *ArticleView) caretAt(p fyne.Position) int {
	li, x := v.at(p)
	if x < 0 && p.Y-viewPadY+v.offset < 0 {
		return 0
	}
	return v.m.hit(li, x, true)
}

// clusterAt is the cluster under p, -1 if p is not over text.
func (v *ArticleView) clusterAt(p fyne.Position) int {
	li, x := v.at(p)
	return v.m.hit(li, x, false)
}

func (v *ArticleView) requestFocus() {
	if v.focused {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		c.Focus(v)
	}
}

// Tapped places the caret (Shift extends the selection) and picks the
// span under the pointer, cycling on repeated taps.
func (v *ArticleView) Tapped(ev *fyne.PointEvent) {
	v.requestFocus()
	if v.onBar(ev.Position) {
		v.barPage(ev.Position.Y)
		return
	}
	if v.tapArc(ev.Position) {
		return
	}
	v.goalX = -1
	cp := v.caretAt(ev.Position)
	if v.pressShift || v.shiftKey {
		v.pressShift = false
		v.setRaw(v.m.anchor, cp, true)
		return
	}
	v.setRaw(cp, cp, true)

	at := v.clusterAt(ev.Position)
	var ids []int64
	if at >= 0 {
		ids = v.m.spansAt(at)
	}
	id := int64(0)
	if len(ids) > 0 {
		id = ids[0]
		if at == v.lastTap {
			for k, x := range ids {
				if x == v.picked {
					id = ids[(k+1)%len(ids)]
				}
			}
		}
	}
	v.lastTap = at
	prev := v.picked
	v.setPicked(id)
	if v.OnPickSpan != nil && (id != 0 || prev != 0) {
		v.OnPickSpan(id)
	}
}

// DoubleTapped selects the word under the pointer.
func (v *ArticleView) DoubleTapped(ev *fyne.PointEvent) {
	v.requestFocus()
	if v.onBar(ev.Position) {
		return
	}
	at := v.clusterAt(ev.Position)
	if at < 0 {
		return
	}
	w := v.m.wordAt(at)
	v.goalX = -1
	v.setRaw(w.start, w.end, true)
}

// MouseDown records where a press started and whether Shift was held.
func (v *ArticleView) MouseDown(ev *desktop.MouseEvent) {
	v.pressPos, v.pressValid = ev.Position, true
	v.pressShift = ev.Modifier&fyne.KeyModifierShift != 0
}

// MouseUp implements desktop.Mouseable.
func (v *ArticleView) MouseUp(*desktop.MouseEvent) {}

// Cursor shows the text cursor over the view.
func (v *ArticleView) Cursor() desktop.Cursor { return desktop.TextCursor }

// Dragged extends the selection from where the drag started to the
// pointer, scrolling when the pointer is near the top or bottom edge; a
// drag on the scroll bar scrolls, one on a handle of the picked span
// moves that end of it (articleview_handles.go).
func (v *ArticleView) Dragged(ev *fyne.DragEvent) {
	if !v.dragging {
		v.dragging = true
		start := ev.Position.SubtractXY(ev.Dragged.DX, ev.Dragged.DY)
		if v.pressValid {
			start = v.pressPos
		}
		v.pressValid = false
		v.dragBar = v.onBar(start)
		if v.dragBar {
			_, ty, _ := v.thumb()
			v.barGrab = start.Y - ty
		} else {
			v.requestFocus()
			if h := v.handleAt(start); h != noHandle && !v.pressShift && !v.shiftKey {
				v.startHandleDrag(h)
			} else if !v.pressShift && !v.shiftKey {
				v.m.anchor = v.caretAt(start)
			}
			v.pressShift = false
		}
	}
	v.dragPos = ev.Position
	if v.dragBar {
		v.barDrag(ev.Position.Y)
		return
	}
	if v.handle != noHandle {
		v.dragHandle(ev.Position)
		if v.autoScrollSpeed() != 0 {
			v.startAutoScroll()
		}
		return
	}
	v.goalX = -1
	v.setRaw(v.m.anchor, v.caretAt(ev.Position), false)
	if v.autoScrollSpeed() != 0 {
		v.startAutoScroll()
	}
}

// DragEnd reports the selection the drag made.
func (v *ArticleView) DragEnd() {
	v.stopAutoScroll()
	if !v.dragging {
		return
	}
	v.dragging = false
	if v.dragBar {
		return
	}
	if v.handle != noHandle {
		v.endHandleDrag()
		return
	}
	if v.OnSelect != nil {
		v.OnSelect(v.selS, v.selE)
	}
}

// autoScrollSpeed is how far to scroll per tick while dragging near an
// edge: faster the further the pointer is past the edge zone.
func (v *ArticleView) autoScrollSpeed() float32 {
	edge := v.lm.lineH
	y, h := v.dragPos.Y, v.Size().Height
	switch {
	case y < edge:
		return -min(4+(edge-y)/2, 3*edge)
	case y > h-edge:
		return min(4+(y-h+edge)/2, 3*edge)
	}
	return 0
}

func (v *ArticleView) startAutoScroll() {
	if v.autoStop != nil {
		return
	}
	stop := make(chan struct{})
	v.autoStop = stop
	go func() {
		t := time.NewTicker(30 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() { v.autoScrollStep(stop) })
			}
		}
	}()
}

func (v *ArticleView) autoScrollStep(stop chan struct{}) {
	if v.autoStop != stop || !v.dragging {
		return
	}
	d := v.autoScrollSpeed()
	if d == 0 {
		v.stopAutoScroll()
		return
	}
	v.setOffset(v.offset + d)
	if v.handle != noHandle {
		v.dragHandle(v.dragPos)
		return
	}
	v.setRaw(v.m.anchor, v.caretAt(v.dragPos), false)
}

func (v *ArticleView) stopAutoScroll() {
	if v.autoStop != nil {
		close(v.autoStop)
		v.autoStop = nil
	}
}

// Scrolled scrolls by the mouse wheel.
func (v *ArticleView) Scrolled(ev *fyne.ScrollEvent) {
	v.setOffset(v.offset - ev.Scrolled.DY)
}

// thumb returns the scroll bar thumb's height and top, and whether the
// bar is shown at all.
func (v *ArticleView) thumb() (h, y float32, ok bool) {
	vh, ch := v.Size().Height, v.contentHeight()
	if ch <= vh || vh <= 0 {
		return 0, 0, false
	}
	h = max(vh*vh/ch, 24)
	y = v.offset / (ch - vh) * (vh - h)
	return h, y, true
}

func (v *ArticleView) onBar(p fyne.Position) bool {
	_, _, ok := v.thumb()
	return ok && p.X >= v.Size().Width-barArea
}

func (v *ArticleView) barDrag(y float32) {
	th, _, ok := v.thumb()
	if !ok {
		return
	}
	v.setOffset((y - v.barGrab) / (v.Size().Height - th) * v.maxOffset())
}

func (v *ArticleView) barPage(y float32) {
	th, ty, _ := v.thumb()
	page := v.Size().Height - v.lm.lineH
	if y < ty {
		v.setOffset(v.offset - page)
	} else if y > ty+th {
		v.setOffset(v.offset + page)
	}
}

// FocusGained implements fyne.Focusable.
func (v *ArticleView) FocusGained() {
	v.focused = true
	v.redraw(v.selS, v.selE)
}

// FocusLost implements fyne.Focusable.
func (v *ArticleView) FocusLost() {
	v.focused, v.shiftKey = false, false
	v.redraw(v.selS, v.selE)
}
