package app

import (
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
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
// selection, 1-9 call OnLabelKey, Delete and BackSpace call OnDelete;
// other keys go to OnKey.
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
	// OnRune receives the other characters typed (0, letters, /, …).
	OnRune func(r rune)
	// OnDelete is called when Delete or BackSpace is typed.
	OnDelete func()
	// OnKey receives the keys the view does not handle itself (F1, …),
	// and Esc when there is no selection to clear, so that a window can
	// act on them while the view has the keyboard focus.
	OnKey func(key fyne.KeyName)
	// OnShortcut receives the shortcuts the view does not handle itself;
	// it returns whether it handled them.
	OnShortcut func(s fyne.Shortcut) bool
	// OnBoundKey is called for Alt+Left/Right (move the chosen span's
	// start, end false) and Alt+Shift+Left/Right (its end), dir -1 or +1;
	// it returns whether it acted. When it did not, the key moves the
	// caret by word.
	OnBoundKey func(end bool, dir int) bool
	// OnSpanBounds is called when the user dragged a handle of the picked
	// span (id) to give it the range [start, end).
	OnSpanBounds func(id int64, start, end int)
	// OnPickRelation is called when a tap chose a relation's arc (arcs.go).
	OnPickRelation func(id int64)
	// OnRelationKey sees every typed key first; when it returns true the
	// view does nothing more with it (drawing a relation takes Tab, Enter,
	// Esc and the arrows).
	OnRelationKey func(key fyne.KeyName) bool

	m          *viewModel
	colors     map[string]color.Color
	textSize   float32 // 0: the theme's
	precise    bool
	selS, selE int // the snapped selection
	picked     int64
	highlights [][2]int // sorted by start
	sugg       suggestionLayer
	offset     float32 // scroll offset
	focused    bool
	shiftKey   bool
	goalX      float32 // x kept by Up/Down; <0 when unset

	lastTap    int // cluster of the last tap, for cycling picks
	pressPos   fyne.Position
	pressValid bool
	pressShift bool
	dragging   bool
	dragBar    bool
	handle     handleDrag // the end of the picked span a drag moves
	handleS    int        // the range the handle drag gives the span
	handleE    int
	handleSel  [2]int // the raw selection before the handle drag
	barGrab    float32
	dragPos    fyne.Position
	autoStop   chan struct{}

	arcs arcState // relations (arcs.go)

	lm     lineMetrics
	r      *articleRenderer
	warmed *viewModel // the text Warm laid out (articleview_warm.go)
	lanes  laneDrawer // lanes drawn under each line (review_lanes.go), nil for none
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
	slots   int     // underline slots below the text
	arcs    int     // arc levels above the text (arcs.go)
	extra   float32 // the lanes' height below the slots
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

// measureFunc measures text as the view's canvas.Text draws it, in the
// theme's regular font at the view's size (articleview_measure.go).
func (v *ArticleView) measureFunc() func(string) float32 {
	return newTextMeasurer(v.Theme().Font(fyne.TextStyle{}), v.fontSize()).measure
}

// updateMetrics recomputes the line height; it reports whether it changed
// (then every row must be redrawn).
func (v *ArticleView) updateMetrics() bool {
	size := v.fontSize()
	slots := min(max(v.m.nLanes-1, 2), 4)
	extra := v.lanesHeight()
	if v.lm.size == size && v.lm.slots == slots && v.lm.arcs == v.arcs.levels && v.lm.extra == extra {
		return false
	}
	textH := fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
	// Fyne's text height already leaves room under the descenders, so the
	// bands start right below it.
	top := float32(2) + v.arcRoom(size)
	lh := top + textH + 1 + float32(slots)*(bandH+bandGap) + 1 + extra
	v.lm = lineMetrics{size: size, textH: textH, textTop: top, lineH: float32(int(lh + 0.99)), slots: slots, arcs: v.arcs.levels, extra: extra}
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
	v.setText(text, spans)
	v.arcs.clear()
	v.offset, v.picked, v.highlights = 0, 0, nil
	v.selS, v.selE, v.lastTap, v.goalX = 0, 0, -1, -1
	v.updateMetrics()
	v.redrawAll()
}

// Index returns the code point index of the text shown (SetArticle's
// text), for callers that slice it.
func (v *ArticleView) Index() *annotate.Index { return v.m.idx }

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
	os, oe := v.selS, v.selE
	v.m.anchor, v.m.caret = start, end
	v.selS, v.selE = start, end
	v.redraw(os, oe) // after the change: the old lines are drawn without it
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
	old := v.picked
	v.picked = 0 // before the redraw, so that the old outline goes
	if i := v.m.find(old); i >= 0 {
		v.redraw(v.m.spans[i].Start, v.m.spans[i].End)
	}
	if i := v.m.find(id); i >= 0 {
		v.picked = id
		v.redraw(v.m.spans[i].Start, v.m.spans[i].End)
	}
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
	v.dropWarm() // laid out in the old size
	v.m.setMeasure(v.measureFunc())
	v.m.wrap(v.wrapWidth())
	v.updateMetrics()
	v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
	v.arcsRewrapped()
	v.redrawAll()
}

// SetPrecise switches between word snapping (false, the default) and
// character precision (true) for selections. The current selection stays
// as it is (it is not snapped again from where the mouse went), and
// becomes the raw selection that keys and Shift+click extend.
func (v *ArticleView) SetPrecise(precise bool) {
	v.precise = precise
	if v.m.anchor <= v.m.caret {
		v.m.anchor, v.m.caret = v.selS, v.selE
	} else {
		v.m.anchor, v.m.caret = v.selE, v.selS
	}
}

// MovedBound returns span [start, end) with one end moved one step the
// way the view moves boundaries: by word, or by grapheme cluster in
// precise mode (see viewModel.movedBound); ok is false when it cannot
// move.
func (v *ArticleView) MovedBound(start, end int, moveEnd bool, dir int) (int, int, bool) {
	return v.m.movedBound(start, end, moveEnd, dir, v.precise)
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
