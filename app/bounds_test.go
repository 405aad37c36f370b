package app

import (
	"testing"

	"fyne.io/fyne/v2"
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
	steps := []struct {
		name string
		do   func()
		want string
	}{
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
	}
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
	}

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
