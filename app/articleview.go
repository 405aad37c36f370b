package app

import (
	"image/color"
	"sort"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// ViewSpan is a span as the article view draws it: code point offsets,
// End exclusive, and the label that picks its colour.
type ViewSpan struct {
	ID         int64
	Start, End int
	Label      string
}

// ArticleView shows an article's text with its spans and lets the user
// select text and pick spans. It lays out and draws only the lines in
// view, so it opens a 100,000-word article in well under 100 ms; its model
// (wrap, hit testing, snapping, the span index) is in viewmodel.go and its
// drawing in articleview_render.go.
//
// Spans are drawn by nesting lane: an outermost span as a translucent band
// behind its text, each span nested in (or overlapping) another as a
// coloured underline one step lower, so three nested spans show three
// colours. The picked span is outlined; find matches (SetHighlights) get a
// yellow box.
//
// Selections snap to whole words and drop surrounding spaces and
// punctuation, unless SetPrecise(true); they never split a grapheme
// cluster. Keys: arrows move the caret (Shift extends, Ctrl/Cmd or Alt
// moves or extends by word), Home/End, PageUp/PageDown, Escape clears the
// selection, 1-9 call OnLabelKey, Delete and BackSpace call OnDelete.
//
// All methods and callbacks run on the UI goroutine.
type ArticleView struct {
	widget.BaseWidget

	// OnSelect is called when the user changed the selection (already
	// snapped); start == end is a caret. It is not called for SetSelection.
	OnSelect func(start, end int)
	// OnPickSpan is called when a click picked a span (id) or cleared the
	// pick (0). A second click at the same place cycles through the spans
	// there, outermost first.
	OnPickSpan func(id int64)
	// OnLabelKey is called with "1".."9" when such a key is typed.
	OnLabelKey func(key string)
	// OnDelete is called when Delete or BackSpace is typed.
	OnDelete func()
	// OnShortcut receives the shortcuts the view does not handle itself;
	// it returns whether it handled them.
	OnShortcut func(s fyne.Shortcut) bool

	m          *viewModel
	colors     map[string]color.Color
	textSize   float32 // 0: the theme's
	precise    bool
	selS, selE int // the snapped selection
	picked     int64
	highlights [][2]int // sorted by start
	offset     float32  // scroll offset
	focused    bool
	shiftKey   bool
	goalX      float32 // x kept by Up/Down; <0 when unset

	lastTap    int // cluster of the last tap, for cycling picks
	pressPos   fyne.Position
	pressValid bool
	pressShift bool
	dragging   bool
	dragBar    bool
	barGrab    float32
	dragPos    fyne.Position
	autoStop   chan struct{}

	lm lineMetrics
	r  *articleRenderer
}

// Layout constants of the view, in Fyne units.
const (
	viewPadX   = 10
	viewPadY   = 6
	barArea    = 14 // the scroll bar's strip on the right
	bandH      = 3  // an underline band
	bandGap    = 1
	defaultWid = 800 // wrap width before the first layout
)

// lineMetrics are the vertical measures every line shares.
type lineMetrics struct {
	size    float32 // text size
	textH   float32
	textTop float32
	lineH   float32
	slots   int // underline slots below the text
}

// NewArticleView returns an empty view.
func NewArticleView() *ArticleView {
	v := &ArticleView{goalX: -1, lastTap: -1}
	v.ExtendBaseWidget(v)
	v.m = newViewModel(v.measureFunc())
	v.updateMetrics()
	return v
}

func (v *ArticleView) fontSize() float32 {
	if v.textSize > 0 {
		return v.textSize
	}
	return v.Theme().Size("text")
}

func (v *ArticleView) measureFunc() func(string) float32 {
	size := v.fontSize()
	return func(s string) float32 {
		return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
	}
}

// updateMetrics recomputes the line height; it reports whether it changed
// (then every row must be redrawn).
func (v *ArticleView) updateMetrics() bool {
	size := v.fontSize()
	slots := min(max(v.m.nLanes-1, 2), 4)
	if v.lm.size == size && v.lm.slots == slots {
		return false
	}
	textH := fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
	top := float32(3)
	lh := top + textH + 2 + float32(slots)*(bandH+bandGap) + 2
	v.lm = lineMetrics{size: size, textH: textH, textTop: top, lineH: float32(int(lh + 0.99)), slots: slots}
	return true
}

func (v *ArticleView) wrapWidth() float32 {
	w := v.Size().Width
	if w <= 0 {
		return defaultWid
	}
	return max(w-2*viewPadX-barArea, 20)
}

// CreateRenderer implements fyne.Widget.
func (v *ArticleView) CreateRenderer() fyne.WidgetRenderer {
	r := newArticleRenderer(v)
	v.r = r
	return r
}

// SetArticle replaces the text and spans, scrolls to the top and clears the
// selection, the pick and the highlights.
func (v *ArticleView) SetArticle(text string, spans []ViewSpan) {
	v.m.setText(text, validSpans(spans, utf8.RuneCountInString(text)), v.wrapWidth())
	v.offset, v.picked, v.highlights = 0, 0, nil
	v.selS, v.selE, v.lastTap, v.goalX = 0, 0, -1, -1
	v.updateMetrics()
	v.redrawAll()
}

func validSpans(spans []ViewSpan, n int) []ViewSpan {
	out := make([]ViewSpan, 0, len(spans))
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= n {
			out = append(out, s)
		}
	}
	return out
}

// SetColors sets the base colour of each label; the view derives its
// translucent backgrounds and bands from them. Unknown labels are grey.
func (v *ArticleView) SetColors(colors map[string]color.Color) {
	v.colors = make(map[string]color.Color, len(colors))
	for k, c := range colors {
		v.colors[k] = c
	}
	v.redrawAll()
}

// AddSpan adds a span (a span with an ID already shown is updated).
// Spans outside the text or empty are ignored.
func (v *ArticleView) AddSpan(s ViewSpan) {
	if v.m.find(s.ID) >= 0 {
		v.UpdateSpan(s)
		return
	}
	if s.Start < 0 || s.Start >= s.End || s.End > v.m.n {
		return
	}
	a, b := v.m.addSpan(s)
	v.spansChanged(a, b)
}

// UpdateSpan changes the offsets or label of the span with s.ID.
func (v *ArticleView) UpdateSpan(s ViewSpan) {
	a, b, ok := v.m.removeSpan(s.ID)
	if !ok {
		a, b = s.Start, s.End
	}
	if s.Start >= 0 && s.Start < s.End && s.End <= v.m.n {
		c, d := v.m.addSpan(s)
		a, b = min(a, c), max(b, d)
	} else if v.picked == s.ID {
		v.picked = 0
	}
	v.spansChanged(a, b)
}

// RemoveSpan removes the span with id, if shown.
func (v *ArticleView) RemoveSpan(id int64) {
	a, b, ok := v.m.removeSpan(id)
	if !ok {
		return
	}
	if v.picked == id {
		v.picked = 0
	}
	v.spansChanged(a, b)
}

func (v *ArticleView) spansChanged(a, b int) {
	if v.updateMetrics() {
		v.redrawAll()
		return
	}
	v.redraw(a, b)
}

// Spans returns the spans shown, sorted by (Start, End, Label).
func (v *ArticleView) Spans() []ViewSpan { return v.m.sortedSpans() }

// Selection returns the selection (snapped); start == end is a caret.
func (v *ArticleView) Selection() (start, end int) { return v.selS, v.selE }

// SetSelection selects [start, end) as given (clamped to the text; not
// snapped), scrolls it into view and does not call OnSelect.
func (v *ArticleView) SetSelection(start, end int) {
	start, end = min(max(start, 0), v.m.n), min(max(end, 0), v.m.n)
	if start > end {
		start, end = end, start
	}
	v.redraw(v.selS, v.selE)
	v.m.anchor, v.m.caret = start, end
	v.selS, v.selE = start, end
	v.redraw(start, end)
	v.ScrollTo(start)
}

// SelectedSpan returns the picked span's id, 0 if none.
func (v *ArticleView) SelectedSpan() int64 { return v.picked }

// PickSpan marks the span with id as picked and scrolls to it; 0 clears the
// pick. It does not call OnPickSpan.
func (v *ArticleView) PickSpan(id int64) {
	v.setPicked(id)
	if i := v.m.find(id); i >= 0 {
		v.ScrollTo(v.m.spans[i].Start)
	}
}

func (v *ArticleView) setPicked(id int64) {
	if id == v.picked {
		return
	}
	if i := v.m.find(v.picked); i >= 0 {
		v.redraw(v.m.spans[i].Start, v.m.spans[i].End)
	}
	v.picked = 0
	if i := v.m.find(id); i >= 0 {
		v.picked = id
		v.redraw(v.m.spans[i].Start, v.m.spans[i].End)
	}
}

// ScrollTo scrolls so that code point cp is in view (centred when it was
// not in view; no scrolling when it was).
func (v *ArticleView) ScrollTo(cp int) {
	li := v.m.lineOf(min(max(cp, 0), v.m.n))
	top := viewPadY + float32(li)*v.lm.lineH
	h := v.Size().Height
	if h <= 0 {
		v.setOffset(top - viewPadY)
		return
	}
	if top >= v.offset && top+v.lm.lineH <= v.offset+h {
		return
	}
	v.setOffset(top - (h-v.lm.lineH)/2)
}

// SetHighlights marks find matches (code point ranges); nil clears them.
func (v *ArticleView) SetHighlights(ranges [][2]int) {
	hs := make([][2]int, 0, len(ranges))
	for _, r := range ranges {
		if r[0] < r[1] {
			hs = append(hs, r)
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i][0] < hs[j][0] })
	v.highlights = hs
	v.redrawAll()
}

// SetTextSize changes the text size and re-wraps, keeping the top line in
// view. 0 returns to the theme's size.
func (v *ArticleView) SetTextSize(size float32) {
	top := v.topCP()
	v.textSize = size
	v.m.setMeasure(v.measureFunc())
	v.m.wrap(v.wrapWidth())
	v.updateMetrics()
	v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
	v.redrawAll()
}

// SetPrecise switches between word snapping (false, the default) and
// character precision (true) for selections; the current selection is
// re-snapped.
func (v *ArticleView) SetPrecise(precise bool) {
	v.precise = precise
	v.setRaw(v.m.anchor, v.m.caret, false)
}

// topCP is the first code point of the top line in view.
func (v *ArticleView) topCP() int {
	li := int((v.offset) / v.lm.lineH)
	li = min(max(li, 0), len(v.m.lines)-1)
	return v.m.lines[li].start
}

// rewrap wraps for the current width, keeping the top line in view.
func (v *ArticleView) rewrap() {
	w := v.wrapWidth()
	if w == v.m.width {
		return
	}
	top := v.topCP()
	v.m.wrap(w)
	v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
	v.clampOffset()
}

func (v *ArticleView) contentHeight() float32 {
	return 2*viewPadY + float32(len(v.m.lines))*v.lm.lineH
}

func (v *ArticleView) maxOffset() float32 {
	return max(v.contentHeight()-v.Size().Height, 0)
}

func (v *ArticleView) clampOffset() {
	v.offset = min(max(v.offset, 0), v.maxOffset())
}

func (v *ArticleView) setOffset(o float32) {
	old := v.offset
	v.offset = o
	v.clampOffset()
	if v.offset != old && v.r != nil {
		v.r.sync()
	}
}

// redraw redraws the lines that show code points [a, b] (if in view).
func (v *ArticleView) redraw(a, b int) {
	if v.r == nil {
		return
	}
	v.r.invalidate(v.m.lineOf(a), v.m.lineOf(b))
	v.r.sync()
}

func (v *ArticleView) redrawAll() {
	if v.r == nil {
		return
	}
	v.clampOffset()
	v.r.invalidateAll()
	v.r.sync()
}

// setRaw sets the raw selection, snaps it, redraws what changed and, with
// notify, tells OnSelect.
func (v *ArticleView) setRaw(anchor, caret int, notify bool) {
	os, oe := v.selS, v.selE
	v.m.anchor, v.m.caret = anchor, caret
	v.selS, v.selE = v.m.snap(anchor, caret, v.precise)
	if os != v.selS || oe != v.selE {
		v.redraw(os, oe)
		v.redraw(v.selS, v.selE)
	}
	if notify && v.OnSelect != nil {
		v.OnSelect(v.selS, v.selE)
	}
}

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

// TypedRune sends the label keys 1-9 to OnLabelKey.
func (v *ArticleView) TypedRune(r rune) {
	if r >= '1' && r <= '9' && v.OnLabelKey != nil {
		v.OnLabelKey(string(r))
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

// TypedKey moves the caret, scrolls, deletes and clears.
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
// extend), Ctrl+Home/End, copy and select all; it forwards the rest to
// OnShortcut.
func (v *ArticleView) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *desktop.CustomShortcut:
		mod := sc.Modifier &^ fyne.KeyModifierShift
		extend := sc.Modifier&fyne.KeyModifierShift != 0
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
