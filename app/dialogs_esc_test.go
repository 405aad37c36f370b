package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestEscCancelsFocusedDialog: Esc cancels a question whose field has
// the focus (a name, the flag's comment, a check box of the review's
// annotators), as it does one with nothing focused; a focused widget
// would otherwise swallow the key.
func TestEscCancelsFocusedDialog(t *testing.T) {
	cases := []struct {
		name string
		open func(u *UI)
	}{
		{"annotator name", func(u *UI) { menuAction(t, u, "Annotator name…")() }},
		{"flag", func(u *UI) { deliver(u, keyPress{name: "Ctrl+Shift+F", sc: cs(fyne.KeyF, ctrl|fyne.KeyModifierShift)}) }},
		{"review", func(u *UI) { u.pickReviewers([]string{"alice", "bob"}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFlagMemStore(art1)
			u := newTestUI(t, s)
			tc.open(u)
			if u.topDialog() == nil {
				t.Fatal("no dialog opened")
			}
			if u.win.Canvas().Focused() == nil {
				t.Fatal("nothing of the dialog has the focus")
			}
			deliver(u, keyEsc)
			settle(t, u)
			if u.covered() {
				t.Error("Esc did not cancel the dialog")
			}
			if f, _ := s.Flag(t.Context(), 1, "alice"); !f.IsZero() {
				t.Errorf("flag %+v after Esc", f)
			}
			if u.annotator != "alice" {
				t.Errorf("annotator %q after Esc", u.annotator)
			}
		})
	}
}

// TestShiftDoesNotOutliveDialog: the Shift of Ctrl+Shift+F comes up in
// the flag dialog, not in the text; once the dialog is gone, a click
// puts the caret rather than extending the selection as Shift+click.
func TestShiftDoesNotOutliveDialog(t *testing.T) {
	u := newTestUI(t, newFlagMemStore(art1))
	u.win.Canvas().Focus(u.view)
	test.TapAt(u.view, viewPoint(u, 2))
	u.view.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	deliver(u, keyPress{name: "Ctrl+Shift+F", sc: cs(fyne.KeyF, ctrl|fyne.KeyModifierShift)})
	if u.topDialog() == nil {
		t.Fatal("Ctrl+Shift+F opened no dialog")
	}
	if f, ok := u.win.Canvas().Focused().(desktop.Keyable); ok {
		f.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	deliver(u, keyEsc)
	if u.covered() {
		t.Fatal("Esc did not close the flag dialog")
	}
	test.TapAt(u.view, viewPoint(u, 30))
	if s, e := u.view.Selection(); s != e {
		t.Errorf("a click after the dialog selected [%d, %d): Shift stuck down", s, e)
	}
}

// TestReviewDialogEnter: Enter on a ticked check box of the review
// dialog starts the review, as Enter in the curator's name does.
func TestReviewDialogEnter(t *testing.T) {
	u := newTestUI(t, reviewStore(t))
	u.pickReviewers([]string{"alice", "bob", "carol"})
	p := u.rv.picker
	test.Tap(p.checks[0])
	test.Tap(p.checks[1])
	deliver(u, keyEnter) // the first check box has the focus
	loop(u).WaitFor(t, "the review", func() bool { return u.rv.on && !u.covered() })
}
