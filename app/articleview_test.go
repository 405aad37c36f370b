package app

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

var testColors = map[string]color.Color{
	"PERSON":       color.NRGBA{R: 0x1F, G: 0x77, B: 0xB4, A: 0xFF},
	"ORG":          color.NRGBA{R: 0x2C, G: 0xA0, B: 0x2C, A: 0xFF},
	"MEASURE":      color.NRGBA{R: 0xD6, G: 0x27, B: 0x28, A: 0xFF},
	"JURISDICTION": color.NRGBA{R: 0x94, G: 0x67, B: 0xBD, A: 0xFF},
}

const testText = "Canada sanctions four Chinese officials over Xinjiang rights violations.\n\nThe measures freeze assets."

func newTestView(t *testing.T, text string, spans ...ViewSpan) (*ArticleView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := NewArticleView()
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(700, 400))
	v.SetColors(testColors)
	v.SetArticle(text, spans)
	return v, w
}

// posOf returns the position, in the view, of the middle of the text
// height at code point cp (plus dx).
func posOf(v *ArticleView, cp int, dx float32) fyne.Position {
	li := v.m.lineOf(cp)
	y := viewPadY + float32(li)*v.lm.lineH - v.offset + v.lm.textTop + v.lm.textH/2
	return fyne.NewPos(viewPadX+v.m.xOf(li, cp)+dx, y)
}

func TestArticleViewDragSelectsWords(t *testing.T) {
	v, w := newTestView(t, testText)
	var got [][2]int
	v.OnSelect = func(s, e int) { got = append(got, [2]int{s, e}) }
	from, to := posOf(v, 9, 2), posOf(v, 18, 2) // inside "sanctions" .. inside "four"
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
	if len(got) != 1 || got[0] != [2]int{7, 21} {
		t.Fatalf("OnSelect: got %v want [[7 21]]", got)
	}
	if s, e := v.Selection(); s != 7 || e != 21 {
		t.Errorf("Selection: got %d,%d want 7,21", s, e)
	}
	if c := w.Canvas().Focused(); c != v {
		t.Errorf("drag did not focus the view")
	}

	// Backwards, from "Xinjiang" to the start of "Chinese", in precise mode.
	v.SetPrecise(true)
	from, to = posOf(v, 48, 0), posOf(v, 22, 0)
	test.Drag(w.Canvas(), to, to.X-from.X, 0)
	if s, e := v.Selection(); s != 22 || e != 48 {
		t.Errorf("precise Selection: got %d,%d want 22,48", s, e)
	}
}

func TestArticleViewDoubleTapSelectsWord(t *testing.T) {
	v, _ := newTestView(t, testText)
	var got [2]int
	v.OnSelect = func(s, e int) { got = [2]int{s, e} }
	v.DoubleTapped(&fyne.PointEvent{Position: posOf(v, 24, 3)})
	if got != [2]int{22, 29} {
		t.Errorf("got %v want [22 29] (Chinese)", got)
	}
}

func TestArticleViewTapPicksAndCycles(t *testing.T) {
	spans := []ViewSpan{
		{ID: 10, Start: 0, End: 39, Label: "MEASURE"},
		{ID: 11, Start: 0, End: 6, Label: "JURISDICTION"},
		{ID: 12, Start: 22, End: 29, Label: "JURISDICTION"},
	}
	v, w := newTestView(t, testText, spans...)
	var picks []int64
	var sel [][2]int
	v.OnPickSpan = func(id int64) { picks = append(picks, id) }
	v.OnSelect = func(s, e int) { sel = append(sel, [2]int{s, e}) }
	c := w.Canvas()
	p := posOf(v, 2, 3)
	test.TapCanvas(c, p)
	test.TapCanvas(c, p)
	test.TapCanvas(c, p)
	if want := []int64{10, 11, 10}; !equalIDs(picks, want) {
		t.Errorf("picks: got %v want %v", picks, want)
	}
	if v.SelectedSpan() != 10 {
		t.Errorf("SelectedSpan: got %d want 10", v.SelectedSpan())
	}
	if len(sel) == 0 || sel[0] != [2]int{2, 2} {
		t.Errorf("tap should place a caret at 2: got %v", sel)
	}
	if c.Focused() != v {
		t.Errorf("tap did not focus the view")
	}
	// A tap elsewhere in the outer span starts again from the outermost;
	// a tap on plain text clears the pick.
	test.TapCanvas(c, posOf(v, 24, 3))
	test.TapCanvas(c, posOf(v, 45, 3))
	if want := []int64{10, 11, 10, 10, 0}; !equalIDs(picks, want) {
		t.Errorf("picks: got %v want %v", picks, want)
	}
	v.PickSpan(12)
	if v.SelectedSpan() != 12 || len(picks) != 5 {
		t.Errorf("PickSpan: SelectedSpan %d, callbacks %v", v.SelectedSpan(), picks)
	}
	if !rowsHave(v, func(o fyne.CanvasObject) bool {
		r, ok := o.(*canvas.Rectangle)
		return ok && r.StrokeWidth == 2
	}) {
		t.Errorf("the picked span has no outline")
	}
	v.RemoveSpan(12)
	if v.SelectedSpan() != 0 {
		t.Errorf("removing the picked span should clear the pick")
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestArticleViewKeys(t *testing.T) {
	v, w := newTestView(t, testText)
	var keys []string
	deletes := 0
	v.OnLabelKey = func(k string) { keys = append(keys, k) }
	v.OnDelete = func() { deletes++ }
	var forwarded []fyne.Shortcut
	v.OnShortcut = func(s fyne.Shortcut) bool { forwarded = append(forwarded, s); return true }
	w.Canvas().Focus(v)

	test.Type(v, "1x4")
	if len(keys) != 2 || keys[0] != "1" || keys[1] != "4" {
		t.Errorf("OnLabelKey: got %v want [1 4]", keys)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if deletes != 2 {
		t.Errorf("OnDelete: got %d calls want 2", deletes)
	}

	shift := func(down bool) {
		if down {
			v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		} else {
			v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}
	}
	key := func(k fyne.KeyName) { v.TypedKey(&fyne.KeyEvent{Name: k}) }
	sel := func() [2]int { s, e := v.Selection(); return [2]int{s, e} }

	v.SetSelection(7, 7)
	key(fyne.KeyRight)
	if got := sel(); got != [2]int{8, 8} {
		t.Errorf("Right: got %v want caret at 8", got)
	}
	shift(true)
	key(fyne.KeyRight)
	if got := sel(); got != [2]int{7, 16} {
		t.Errorf("Shift+Right snaps to the word: got %v want [7 16]", got)
	}
	v.SetPrecise(true) // keeps the selection; keys go on from it
	if got := sel(); got != [2]int{7, 16} {
		t.Errorf("precise: got %v want [7 16] kept", got)
	}
	key(fyne.KeyRight)
	key(fyne.KeyLeft)
	key(fyne.KeyLeft)
	key(fyne.KeyLeft)
	if got := sel(); got != [2]int{7, 14} {
		t.Errorf("Shift+Right,Left x3: got %v want [7 14]", got)
	}
	shift(false)
	v.SetPrecise(false)
	v.SetSelection(0, 0)
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if got := sel(); got != [2]int{0, 16} {
		t.Errorf("Ctrl+Shift+Right x2: got %v want [0 16]", got)
	}
	key(fyne.KeyEscape)
	if s, e := v.Selection(); s != e {
		t.Errorf("Escape: selection %d,%d not cleared", s, e)
	}
	key(fyne.KeyDown)
	if s, _ := v.Selection(); v.m.lineOf(s) != 1 {
		t.Errorf("Down: caret %d on line %d want line 1", s, v.m.lineOf(s))
	}
	key(fyne.KeyEnd)
	if s, _ := v.Selection(); s != v.m.lines[1].end {
		t.Errorf("End: caret %d want %d", s, v.m.lines[1].end)
	}
	v.TypedShortcut(&fyne.ShortcutPaste{})
	if len(forwarded) != 1 {
		t.Errorf("unhandled shortcut not forwarded: %v", forwarded)
	}
}

func TestArticleViewSpansAPI(t *testing.T) {
	v, _ := newTestView(t, testText)
	v.AddSpan(ViewSpan{ID: 2, Start: 22, End: 29, Label: "JURISDICTION"})
	v.AddSpan(ViewSpan{ID: 1, Start: 0, End: 6, Label: "JURISDICTION"})
	v.AddSpan(ViewSpan{ID: 3, Start: 0, End: 39, Label: "MEASURE"})
	v.AddSpan(ViewSpan{ID: 4, Start: 5, End: 500, Label: "ORG"}) // out of range: ignored
	v.UpdateSpan(ViewSpan{ID: 2, Start: 22, End: 39, Label: "ORG"})
	got := v.Spans()
	want := []ViewSpan{{1, 0, 6, "JURISDICTION"}, {3, 0, 39, "MEASURE"}, {2, 22, 39, "ORG"}}
	if len(got) != len(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d: got %v want %v", i, got[i], want[i])
		}
	}
	v.RemoveSpan(3)
	if n := len(v.Spans()); n != 2 {
		t.Errorf("after RemoveSpan: %d spans want 2", n)
	}
	// The test theme's background is dark grey: the dark variant's alpha.
	if !rowsHave(v, isTextRect(v, 0x70, testColors["JURISDICTION"])) {
		t.Errorf("no translucent JURISDICTION background drawn")
	}
}

func isTextRect(v *ArticleView, alpha uint8, base color.Color) func(fyne.CanvasObject) bool {
	want := color.NRGBAModel.Convert(base).(color.NRGBA)
	want.A = alpha
	return func(o fyne.CanvasObject) bool {
		r, ok := o.(*canvas.Rectangle)
		return ok && r.FillColor == want
	}
}

// rowsHave reports whether any object drawn in a row matches.
func rowsHave(v *ArticleView, match func(fyne.CanvasObject) bool) bool {
	for _, o := range test.WidgetRenderer(v).Objects() {
		if c, ok := o.(*fyne.Container); ok {
			for _, co := range c.Objects {
				if match(co) {
					return true
				}
			}
		}
	}
	return false
}

func countObjects(v *ArticleView) (n int) {
	for _, o := range test.WidgetRenderer(v).Objects() {
		n++
		if c, ok := o.(*fyne.Container); ok {
			n += len(c.Objects)
		}
	}
	return n
}

func TestArticleViewRendersOnlyVisibleLines(t *testing.T) {
	text, spans := bigArticle(100000)
	v, _ := newTestView(t, text, spans...)
	n := countObjects(v)
	rows := len(test.WidgetRenderer(v).Objects()) - 1
	maxRows := int(400/v.lm.lineH) + 2
	if rows > maxRows || n > 40*maxRows {
		t.Errorf("%d rows, %d objects for a %d-line article: want at most %d rows", rows, n, len(v.m.lines), maxRows)
	}
	v.ScrollTo(len(text) / 2)
	li := v.m.lineOf(len(text) / 2)
	if li < 1000 {
		t.Fatalf("article too short: middle on line %d", li)
	}
	if got := len(test.WidgetRenderer(v).Objects()) - 1; got > maxRows {
		t.Errorf("after a jump: %d rows", got)
	}
	want := text[v.m.items[v.m.lines[li].i0].bs:v.m.items[v.m.lines[li].i0].be]
	if !rowsHave(v, func(o fyne.CanvasObject) bool {
		tx, ok := o.(*canvas.Text)
		return ok && strings.HasPrefix(tx.Text, want) && tx.Position().X == viewPadX
	}) {
		t.Errorf("the middle line's first word %q is not drawn after ScrollTo", want)
	}
}

func TestArticleViewHighlightsAndSelectionShow(t *testing.T) {
	v, _ := newTestView(t, testText)
	v.SetHighlights([][2]int{{45, 53}})
	if !rowsHave(v, func(o fyne.CanvasObject) bool {
		r, ok := o.(*canvas.Rectangle)
		return ok && r.StrokeColor == highlightStroke
	}) {
		t.Errorf("highlight not drawn")
	}
	v.SetHighlights(nil)
	if rowsHave(v, func(o fyne.CanvasObject) bool {
		r, ok := o.(*canvas.Rectangle)
		return ok && r.StrokeColor == highlightStroke
	}) {
		t.Errorf("highlight not cleared")
	}
	v.SetSelection(7, 16)
	selColor := v.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	if !rowsHave(v, func(o fyne.CanvasObject) bool {
		r, ok := o.(*canvas.Rectangle)
		return ok && r.FillColor == selColor
	}) {
		t.Errorf("selection not drawn")
	}
}

func TestArticleViewTextSize(t *testing.T) {
	text, _ := bigArticle(2000)
	v, _ := newTestView(t, text)
	lines := len(v.m.lines)
	v.SetTextSize(24)
	if len(v.m.lines) <= lines {
		t.Errorf("bigger text: %d lines, was %d", len(v.m.lines), lines)
	}
	v.Resize(fyne.NewSize(350, 400))
	if v.m.width > 350 {
		t.Errorf("not re-wrapped after resize: width %v", v.m.width)
	}
}
