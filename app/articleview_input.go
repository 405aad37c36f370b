package app

// Pointer and keyboard input of the article view: mapping points to
// code points, taps, drags with auto-scroll, the wheel, focus and keys.

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
// drag on the scroll bar scrolls.
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
			if !v.pressShift && !v.shiftKey {
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

// TypedRune sends the label keys 1-9 to OnLabelKey, other characters
// to OnRune.
func (v *ArticleView) TypedRune(r rune) {
	if r >= '1' && r <= '9' && v.OnLabelKey != nil {
		v.OnLabelKey(string(r))
	} else if v.OnRune != nil {
		v.OnRune(r)
	}
}

// KeyDown tracks Shift, which extends selections.
func (v *ArticleView) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftKey = true
	}
}

// KeyUp tracks Shift.
func (v *ArticleView) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftKey = false
	}
}

// TypedKey moves the caret, scrolls, deletes and clears; it passes other
// keys to OnKey.
func (v *ArticleView) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd:
		v.move(ev.Name, v.shiftKey, false)
	case fyne.KeyPageUp:
		v.setOffset(v.offset - (v.Size().Height - v.lm.lineH))
	case fyne.KeyPageDown:
		v.setOffset(v.offset + (v.Size().Height - v.lm.lineH))
	case fyne.KeyDelete, fyne.KeyBackspace:
		if v.OnDelete != nil {
			v.OnDelete()
		}
	case fyne.KeyEscape:
		if v.selS != v.selE {
			v.setRaw(v.m.caret, v.m.caret, true)
		} else if v.OnKey != nil {
			v.OnKey(ev.Name)
		}
	default:
		if v.OnKey != nil {
			v.OnKey(ev.Name)
		}
	}
}

// move moves the caret for a key; extend keeps the anchor; byWord moves
// Left/Right by word and Home/End to the text's ends.
func (v *ArticleView) move(key fyne.KeyName, extend, byWord bool) {
	m := v.m
	c := m.caret
	if !extend && v.selS != v.selE {
		switch key {
		case fyne.KeyLeft:
			v.goalX = -1
			v.setRaw(v.selS, v.selS, true)
			v.ScrollTo(v.selS)
			return
		case fyne.KeyRight:
			v.goalX = -1
			v.setRaw(v.selE, v.selE, true)
			v.ScrollTo(v.selE)
			return
		}
	}
	switch key {
	case fyne.KeyLeft:
		if byWord {
			c = m.prevWord(c)
		} else {
			c = m.prevCluster(c)
		}
	case fyne.KeyRight:
		if byWord {
			c = m.nextWord(c)
		} else {
			c = m.nextCluster(c)
		}
	case fyne.KeyUp, fyne.KeyDown:
		li := m.lineOf(c)
		if v.goalX < 0 {
			v.goalX = m.xOf(li, c)
		}
		if key == fyne.KeyUp && li > 0 {
			c = m.hit(li-1, v.goalX, true)
		} else if key == fyne.KeyDown && li+1 < len(m.lines) {
			c = m.hit(li+1, v.goalX, true)
		}
	case fyne.KeyHome:
		if byWord {
			c = 0
		} else {
			c = m.lines[m.lineOf(c)].start
		}
	case fyne.KeyEnd:
		if byWord {
			c = m.n
		} else {
			c = m.lines[m.lineOf(c)].end
		}
	}
	if key != fyne.KeyUp && key != fyne.KeyDown {
		v.goalX = -1
	}
	if extend {
		v.setRaw(m.anchor, c, true)
	} else {
		v.setRaw(c, c, true)
	}
	v.ScrollTo(c)
}

// TypedShortcut handles word moves (Ctrl/Cmd or Alt with arrows, Shift to
// extend; Alt+arrows go to OnBoundKey first), Ctrl+Home/End, copy and
// select all; it forwards the rest to OnShortcut.
func (v *ArticleView) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *desktop.CustomShortcut:
		mod := sc.Modifier &^ fyne.KeyModifierShift
		extend := sc.Modifier&fyne.KeyModifierShift != 0
		if mod == fyne.KeyModifierAlt && (sc.KeyName == fyne.KeyLeft || sc.KeyName == fyne.KeyRight) && v.OnBoundKey != nil {
			dir := 1
			if sc.KeyName == fyne.KeyLeft {
				dir = -1
			}
			if v.OnBoundKey(extend, dir) {
				return
			}
		}
		if mod == fyne.KeyModifierShortcutDefault || mod == fyne.KeyModifierAlt {
			switch sc.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
				v.move(sc.KeyName, extend, true)
				return
			}
		}
	case *fyne.ShortcutCopy:
		if v.selS != v.selE {
			fyne.CurrentApp().Clipboard().SetContent(v.m.idx.Slice(v.selS, v.selE))
			return
		}
	case *fyne.ShortcutSelectAll:
		v.setRaw(0, v.m.n, true)
		return
	}
	if v.OnShortcut != nil {
		v.OnShortcut(s)
	}
}
