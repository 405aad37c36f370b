package app

import (
	"testing"

	"fyne.io/fyne/v2"
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
