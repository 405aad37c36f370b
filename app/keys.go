package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// ctrl is Ctrl (Cmd on macOS).
const ctrl = fyne.KeyModifierShortcutDefault

// binding is one keyboard shortcut of the window.
type binding struct {
	keys   []fyne.Shortcut
	action func(u *UI)
	help   string // for the keyboard sheet; "" to leave out
	label  string // key names as the sheet shows them
}

func cs(k fyne.KeyName, m fyne.KeyModifier) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: m}
}

// bindings are the window's shortcuts. A desktop.CustomShortcut needs a
// modifier other than Shift; bare keys (1-9, Delete) reach the view (or
// the canvas when nothing has focus) as typed keys. (Set in init: the
// actions refer back to the table through u.shortcut.)
var bindings []binding

func init() {
	bindings = []binding{
		{[]fyne.Shortcut{&fyne.ShortcutUndo{}, cs(fyne.KeyZ, ctrl)}, (*UI).undo, "Undo the last change of this article", "Ctrl+Z"},
		{[]fyne.Shortcut{cs(fyne.KeyZ, ctrl|fyne.KeyModifierShift), &fyne.ShortcutRedo{}, cs(fyne.KeyY, ctrl)}, (*UI).redo, "Redo", "Ctrl+Shift+Z, Ctrl+Y"},
		{[]fyne.Shortcut{cs(fyne.KeyReturn, ctrl), cs(fyne.KeyEnter, ctrl)}, (*UI).markDone, "Mark the article done, open the next one not done", "Ctrl+Enter"},
		{[]fyne.Shortcut{cs(fyne.KeyK, ctrl)}, (*UI).skip, "Skip the article (mark it skipped), open the next", "Ctrl+K"},
		{[]fyne.Shortcut{cs(fyne.KeyF, ctrl|fyne.KeyModifierShift)}, (*UI).flagArticle, "Flag the article for the curator, with a comment", "Ctrl+Shift+F"},
		{[]fyne.Shortcut{cs(fyne.KeyX, ctrl|fyne.KeyModifierShift)}, (*UI).rejectEverywhere, "Reject the current suggestion's text and label in the whole corpus (after a count)", "Ctrl+Shift+X"},
		{[]fyne.Shortcut{cs(fyne.KeyF, ctrl)}, func(u *UI) { u.find.show() }, "Find in the article", "Ctrl+F"},
		{[]fyne.Shortcut{cs(fyne.KeyG, ctrl)}, func(u *UI) { u.find.step(1) }, "Next match", "Ctrl+G, Enter in the find box"},
		{[]fyne.Shortcut{cs(fyne.KeyG, ctrl|fyne.KeyModifierShift)}, func(u *UI) { u.find.step(-1) }, "Previous match", "Ctrl+Shift+G"},
		{[]fyne.Shortcut{cs(fyne.KeyPageDown, ctrl)}, (*UI).nextArticle, "Next article in the list", "Ctrl+PageDown"},
		{[]fyne.Shortcut{cs(fyne.KeyPageUp, ctrl)}, (*UI).prevArticle, "Previous article in the list", "Ctrl+PageUp"},
		{[]fyne.Shortcut{cs(fyne.KeyEqual, ctrl), cs(fyne.KeyPlus, ctrl), cs(fyne.KeyEqual, ctrl|fyne.KeyModifierShift)}, func(u *UI) { u.zoom(+1) }, "Larger text", "Ctrl+="},
		{[]fyne.Shortcut{cs(fyne.KeyMinus, ctrl)}, func(u *UI) { u.zoom(-1) }, "Smaller text", "Ctrl+-"},
		{[]fyne.Shortcut{cs(fyne.KeyP, ctrl)}, (*UI).togglePrecise, "Character precision on/off (selection snaps to words when off)", "Ctrl+P"},
		{[]fyne.Shortcut{cs(fyne.KeyE, ctrl)}, (*UI).toggleForm, "Edit the chosen span's attributes / back to the text (also Esc)", "Ctrl+E"},
		{[]fyne.Shortcut{cs(fyne.KeyL, ctrl)}, func(u *UI) { u.win.Canvas().Focus(u.list.filter) }, "Filter the article list", "Ctrl+L"},
		{[]fyne.Shortcut{cs(fyne.KeySlash, ctrl)}, (*UI).showKeys, "This sheet", "Ctrl+/, F1"},
	}
}

// registerKeys puts the bindings on the canvas and the bare keys on the
// canvas's typed-key handlers (used when no widget has focus).
func (u *UI) registerKeys() {
	c := u.win.Canvas()
	for _, b := range bindings {
		act := b.action
		for _, k := range b.keys {
			c.AddShortcut(k, func(s fyne.Shortcut) {
				if u.covered() {
					u.dialogShortcut(s)
					return
				}
				act(u)
			})
		}
	}
	c.SetOnTypedRune(u.typedRune)
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { u.typedKey(e.Name) })
}

// typedKey handles a bare key that no widget took; while a dialog or a
// popup covers the window, only the dialog hears it.
func (u *UI) typedKey(k fyne.KeyName) {
	if u.covered() {
		u.dialogKey(k)
		return
	}
	if k == fyne.KeyEscape && u.cancelChord() {
		return
	}
	switch k {
	case fyne.KeyReturn, fyne.KeyEnter:
		u.acceptSuggestion("")
	case fyne.KeyDelete, fyne.KeyBackspace:
		if !u.rel.deleteChosen() {
			u.deletePicked()
		}
	case fyne.KeyEscape:
		if u.find.visible() {
			u.find.hide()
		} else {
			u.pick(0)
			u.view.PickSpan(0)
		}
	case fyne.KeyF1:
		u.showKeys()
	case fyne.KeyF2:
		u.showGuidelines()
	}
}

// shortcut runs the window's action for s; it is how the view and the
// form's entries pass on the shortcuts they do not handle themselves
// (a focused fyne.Shortcutable gets shortcuts instead of the canvas).
func (u *UI) shortcut(s fyne.Shortcut) bool {
	if u.covered() {
		u.dialogShortcut(s)
		return true
	}
	name := s.ShortcutName()
	for _, b := range bindings {
		for _, k := range b.keys {
			if k.ShortcutName() == name {
				b.action(u)
				return true
			}
		}
	}
	return false
}

// toggleForm moves the keyboard focus from the text to the chosen span's
// first field (an attribute, else canonical), and from the form back to
// the text, so that attributes are set without the mouse: Tab moves
// between fields, Left/Right change a choice.
func (u *UI) toggleForm() {
	c := u.win.Canvas()
	if u.form.holds(c.Focused()) || c.Focused() == fyne.Focusable(u.rel.panel.note) {
		c.Focus(u.view)
		return
	}
	if u.rel.chosen != 0 {
		c.Focus(u.rel.panel.note)
		return
	}
	if _, ok := u.pickedSpan(); !ok {
		u.bar.hint("Click a span (or label a selection) first, then Ctrl+E edits it.")
		return
	}
	c.Focus(u.form.firstField())
}

// nextArticle and prevArticle move through the list.
func (u *UI) nextArticle() { u.list.step(1) }
func (u *UI) prevArticle() { u.list.step(-1) }
