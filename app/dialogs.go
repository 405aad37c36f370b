package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// While a dialog or a popup (a menu, a select's list) is open, no key
// reaches the article: not the label keys, Delete or Esc (the canvas's
// typed-key handlers), not the window's shortcuts (the canvas's, the main
// menu's and those the view and the form pass on). Only the open dialog
// hears keys: Enter and Esc close a message, Esc cancels a question,
// Enter answers yes to one whose yes Ctrl+Z takes back (askUndoable), F1
// and Ctrl+/ close the keyboard sheet, F2 the guidelines. Every dialog of the window is
// shown through showDialog, which keeps the stack of them that these keys
// act on; whether anything covers the window is told by the canvas's
// overlays, so popups that are not dialogs count too.

// dialogKind says which keys close a dialog.
type dialogKind int

const (
	dialogInfo   dialogKind = iota // a message: Enter and Esc close it
	dialogCancel                   // a question or a sheet with Cancel/Close: Esc closes it
	dialogHold                     // progress, or a question to answer: no key closes it
)

// shownDialog is a dialog of the window while it is open.
type shownDialog struct {
	d     dialog.Dialog
	kind  dialogKind
	sheet bool // the keyboard sheet
	guide bool // the guidelines panel
	// confirm answers yes (Enter) to a question whose yes can be taken
	// back; nil for any other dialog.
	confirm func()
}

// showDialog shows d and keeps it on the window's stack until it closes.
func (u *UI) showDialog(d dialog.Dialog, kind dialogKind) *shownDialog {
	sd := &shownDialog{d: d, kind: kind}
	// The keys that come up while it is open come up in the dialog: the
	// text is not to think Shift (of Ctrl+Shift+F) still held after it.
	if u.view != nil {
		u.view.shiftKey = false
	}
	u.dialogs = append(u.dialogs, sd)
	d.SetOnClosed(func() {
		for i, o := range u.dialogs {
			if o == sd {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				break
			}
		}
	})
	d.Show()
	return sd
}

// askUndoable shows a question whose yes Ctrl+Z takes back, or that
// changes nothing (Label all, a decision across the corpus): Enter
// answers yes, as its highlighted button, and Esc no.
func (u *UI) askUndoable(d *dialog.ConfirmDialog) {
	u.showDialog(d, dialogCancel).confirm = d.Confirm
}

// info shows a message (Enter or Esc closes it).
func (u *UI) info(title, msg string) {
	u.showDialog(dialog.NewInformation(title, msg, u.win), dialogInfo)
}

// alert shows an error (Enter or Esc closes it).
func (u *UI) alert(err error) {
	u.showDialog(dialog.NewError(err, u.win), dialogInfo)
}

// covered reports whether a dialog or a popup covers the window: then
// keys do not act on the article or the window.
func (u *UI) covered() bool {
	return u.win.Canvas().Overlays().Top() != nil
}

// topDialog is the dialog on top of the window's stack, nil if none.
func (u *UI) topDialog() *shownDialog {
	if len(u.dialogs) == 0 || !u.covered() {
		return nil
	}
	return u.dialogs[len(u.dialogs)-1]
}

// dialogKey is a key typed while the window is covered and no widget of
// the dialog has the focus; it reports whether the key closed a dialog.
func (u *UI) dialogKey(k fyne.KeyName) bool {
	top := u.topDialog()
	if top == nil {
		return false
	}
	switch {
	case (k == fyne.KeyReturn || k == fyne.KeyEnter) && top.confirm != nil:
		top.confirm()
		return true
	case k == fyne.KeyEscape && top.kind != dialogHold,
		(k == fyne.KeyReturn || k == fyne.KeyEnter) && top.kind == dialogInfo,
		k == fyne.KeyF1 && top.sheet,
		k == fyne.KeyF2 && top.guide:
		top.d.Hide()
		return true
	}
	return false
}

// dialogShortcut is a shortcut typed while the window is covered: it
// closes the keyboard sheet (Ctrl+/ like F1) and does nothing else.
func (u *UI) dialogShortcut(s fyne.Shortcut) {
	if top := u.topDialog(); top != nil && top.sheet && s.ShortcutName() == cs(fyne.KeySlash, ctrl).ShortcutName() {
		top.d.Hide()
	}
}

// unlessCovered wraps an action of a key or a menu item so that it does
// nothing while a dialog or a popup covers the window.
func (u *UI) unlessCovered(fn func()) func() {
	return func() {
		if !u.covered() {
			fn()
		}
	}
}

// A widget that has the focus takes every key, Esc too, so a dialog's
// entries and check boxes are these (escCheck is the find bar's), which
// hand Esc to the dialog.

// escEntry is an Entry of a dialog: Esc calls onEsc (cancels it).
type escEntry struct {
	widget.Entry
	onEsc func()
}

func newEscEntry(onEsc func()) *escEntry {
	e := &escEntry{onEsc: onEsc}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey cancels on Esc.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	escKey(k, e.onEsc, e.Entry.TypedKey)
}
