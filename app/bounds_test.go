package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func altKey(v *ArticleView, k fyne.KeyName, shift bool) {
	mod := fyne.KeyModifierAlt
	if shift {
		mod |= fyne.KeyModifierShift
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: mod})
}

// boundStep is one step of a boundary test: what to do, and the store
// after it.
type boundStep struct {
	name string
	do   func()
	want string
}

// runBoundSteps runs the steps, checking the store, and that the view
// shows the chosen span as the window has it.
func runBoundSteps(t *testing.T, u *UI, m *memStore, steps []boundStep) {
	t.Helper()
	for _, s := range steps {
		s.do()
		settle(t, u)
		if got := stored(t, m, 1); got != s.want {
			t.Fatalf("%s: got %q want %q", s.name, got, s.want)
		}
		sp, _ := u.pickedSpan()
		if vs := u.view.Spans(); len(vs) != 1 || vs[0].Start != sp.Start || vs[0].End != sp.End {
			t.Fatalf("%s: view shows %v, window %v", s.name, vs, sp)
		}
		if a, b := u.view.Selection(); u.view.handle != noHandle || a != b {
			t.Fatalf("%s: a handle drag %v, selection %d,%d", s.name, u.view.handle, a, b)
		}
	}
}

// TestMoveSpanBoundaries: Alt+arrows move the chosen span's start,
// Alt+Shift+arrows its end, by word or (Ctrl+P) by character; each move
// is one undo step and keeps the canonical value.
func TestMoveSpanBoundaries(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(27, 31) // Wang
	test.Type(u.view, "1")
	settle(t, u)
	u.win.Canvas().Focus(u.form.canonical)
	test.Type(u.form.canonical, "WJ")
	u.win.Canvas().Focus(u.view)
	settle(t, u)
	if got := stored(t, m, 1); got != "PERSON[27,31) =WJ" {
		t.Fatalf("labelled: got %q", got)
	}
	runBoundSteps(t, u, m, []boundStep{
		{"end right", func() { altKey(u.view, fyne.KeyRight, true) }, "PERSON[27,40) =WJ"},
		{"start right", func() { altKey(u.view, fyne.KeyRight, false) }, "PERSON[32,40) =WJ"},
		{"start left", func() { altKey(u.view, fyne.KeyLeft, false) }, "PERSON[27,40) =WJ"},
		{"end left", func() { altKey(u.view, fyne.KeyLeft, true) }, "PERSON[27,31) =WJ"},
		{"end left again: not empty", func() { altKey(u.view, fyne.KeyLeft, true) }, "PERSON[27,31) =WJ"},
		{"precise end right", func() {
			u.togglePrecise()
			altKey(u.view, fyne.KeyRight, true)
		}, "PERSON[27,32) =WJ"},
		{"precise start right", func() { altKey(u.view, fyne.KeyRight, false) }, "PERSON[28,32) =WJ"},
		{"undo", u.undo, "PERSON[27,32) =WJ"},
		{"undo", u.undo, "PERSON[27,31) =WJ"},
		{"undo", u.undo, "PERSON[27,40) =WJ"},
		{"redo", u.redo, "PERSON[27,31) =WJ"},
	})

	// Without a chosen span, Alt+Right moves the caret by word.
	u.pick(0)
	u.view.PickSpan(0)
	u.view.SetSelection(0, 0)
	altKey(u.view, fyne.KeyRight, false)
	settle(t, u)
	if s, e := u.view.Selection(); s != 6 || e != 6 {
		t.Errorf("Alt+Right without a span: caret %d,%d want 6,6", s, e)
	}
	if got := stored(t, m, 1); got != "PERSON[27,31) =WJ" {
		t.Errorf("Alt+Right without a span changed %q", got)
	}
}

// TestDragSpanHandles: the chosen span has a handle at each end; dragging
// one moves that end, snapped to words, as one undo step, and a handle
// cannot be dragged past the other end.
func TestDragSpanHandles(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(27, 40) // Wang Junzheng
	test.Type(u.view, "1")
	settle(t, u)
	c := u.win.Canvas()
	drag := func(from, to fyne.Position) { test.Drag(c, to, to.X-from.X, to.Y-from.Y) }
	atStart := func(cp int) fyne.Position { return u.PointOf(cp).SubtractXY(4, 0) } // on the start handle
	atEnd := func(cp int) fyne.Position { return u.PointOf(cp).AddXY(1, 0) }        // on the end handle
	inView := func(p fyne.Position) fyne.Position {
		return p.Subtract(u.app.Driver().AbsolutePositionForObject(u.view))
	}
	if u.view.handleAt(inView(atStart(27))) != startHandle || u.view.handleAt(inView(atEnd(40))) != endHandle {
		t.Fatal("no handles at the chosen span's ends")
	}
	handles := 0
	rowsHave(u.view, func(o fyne.CanvasObject) bool {
		if r, ok := o.(*canvas.Rectangle); ok && r.Size().Width == handleW && r.FillColor != nil {
			handles++
		}
		return false
	})
	if handles != 2 {
		t.Fatalf("%d handles drawn, want 2", handles)
	}
	runBoundSteps(t, u, m, []boundStep{
		{"start into Junzheng", func() { drag(atStart(27), u.PointOf(34)) }, "PERSON[32,40)"},
		{"end over the full stop to China", func() { drag(atEnd(40), u.PointOf(44)) }, "PERSON[32,47)"},
		{"end before the start stays", func() { drag(atEnd(47), u.PointOf(20)) }, "PERSON[32,47)"},
		{"undo", u.undo, "PERSON[32,40)"},
		{"undo", u.undo, "PERSON[27,40)"},
	})
	if u.picked == 0 {
		t.Error("the span is no longer chosen")
	}
}
