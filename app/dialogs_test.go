package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// keyPress is one key a user types: a rune, a key or a shortcut.
type keyPress struct {
	name string
	r    rune
	key  fyne.KeyName
	sc   fyne.Shortcut
}

// deliver types p into the window the way Fyne's GLFW driver hands keys
// on (internal/driver/glfw/window.go: triggersShortcut, processKeyPressed,
// processCharInput): a shortcut goes to the main menu's item with that
// shortcut first, then to the focused widget when it takes shortcuts,
// else to the canvas; a key or a rune goes to the focused widget, else to
// the canvas's handler. While a dialog or a popup is open, the focused
// widget is the one focused in it, if any.
func deliver(u *UI, p keyPress) {
	c := u.win.Canvas()
	switch {
	case p.sc != nil:
		if menuShortcut(u.menus.main.Items, p.sc) {
			return
		}
		if f, ok := c.Focused().(fyne.Shortcutable); ok {
			f.TypedShortcut(p.sc)
			return
		}
		c.(fyne.Shortcutable).TypedShortcut(p.sc)
	case p.key != "":
		if f := c.Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: p.key})
		} else if h := c.OnTypedKey(); h != nil {
			h(&fyne.KeyEvent{Name: p.key})
		}
	default:
		if f := c.Focused(); f != nil {
			f.TypedRune(p.r)
		} else if h := c.OnTypedRune(); h != nil {
			h(p.r)
		}
	}
}

func menuShortcut(menus []*fyne.Menu, sc fyne.Shortcut) bool {
	for _, m := range menus {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && menuShortcut([]*fyne.Menu{it.ChildMenu}, sc) {
				return true
			}
		}
	}
	return false
}

// hotKeys are every key that changes the article or the window: the
// label keys, Delete and Backspace, and every shortcut of the window
// (not the keys that close a dialog: Enter, Esc, F1, Ctrl+/).
func hotKeys(u *UI) []keyPress {
	var keys []keyPress
	for _, l := range u.schema.Labels {
		keys = append(keys, keyPress{name: l.Key, r: []rune(l.Key)[0]})
	}
	keys = append(keys, keyPress{name: "Delete", key: fyne.KeyDelete}, keyPress{name: "Backspace", key: fyne.KeyBackspace})
	sheet := cs(fyne.KeySlash, ctrl).ShortcutName()
	for _, b := range bindings {
		for _, k := range b.keys {
			if k.ShortcutName() != sheet {
				keys = append(keys, keyPress{name: k.ShortcutName(), sc: k})
			}
		}
	}
	return keys
}

// menuAction returns the action of the main menu's item called label.
func menuAction(t *testing.T, u *UI, label string) func() {
	t.Helper()
	for _, m := range u.menus.main.Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it.Action
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

var (
	keyEnter = keyPress{name: "Enter", key: fyne.KeyReturn}
	keyEsc   = keyPress{name: "Esc", key: fyne.KeyEscape}
	keyF1    = keyPress{name: "F1", key: fyne.KeyF1}
)

// TestKeysStopAtDialogs opens each dialog of the window (and a popup)
// over an article marked done with a span chosen, types every hot key,
// and checks that nothing changed: the store, the status, the chosen
// span, the open article, the preferences. Then Enter closes a message
// and Esc closes a message or a question, not a progress dialog.
func TestKeysStopAtDialogs(t *testing.T) {
	m := newMemStore(art1+strings.Repeat(" EU.", labelAllAsk+1), art2)
	started, release := make(chan struct{}), make(chan struct{})
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1,
		OpenStore: func(string) (annotate.Store, error) { return nil, errors.New("not here") },
		Import: func(ctx context.Context, s annotate.Store, req ImportRequest, progress func(float64)) (format.ImportResult, error) {
			close(started)
			<-release
			return format.ImportResult{Files: 1}, nil
		},
		Export: func(context.Context, annotate.Store, ExportRequest, func(float64)) (int, error) { return 0, nil },
	})
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	u.setStatus(annotate.StatusDone, nil)
	settle(t, u)
	picked := u.picked
	if picked == 0 {
		t.Fatal("no span chosen")
	}
	const want = "JURISDICTION[0,6)"
	precise := u.app.Preferences().Bool(prefPrecise)

	popup := dialogKind(-1)
	cases := []struct {
		name string
		open func()
		kind dialogKind
		keep bool // leave it open for the next case
	}{
		{"About", menuAction(t, u, "About tagdesk"), dialogInfo, false},
		{"keyboard sheet", func() { deliver(u, keyF1) }, dialogCancel, false},
		{"guidelines", func() { deliver(u, keyF2) }, dialogCancel, false},
		{"error", func() { u.showError("save", errors.New("disk full")) }, dialogInfo, false},
		{"annotator name", menuAction(t, u, "Annotator name…"), dialogCancel, false},
		{"import", menuAction(t, u, "Import…"), dialogCancel, false},
		{"export", menuAction(t, u, "Export…"), dialogCancel, false},
		{"open database", menuAction(t, u, "Open database…"), dialogCancel, false},
		{"import progress", func() {
			u.startImport(ImportRequest{Paths: []string{"/tmp/x.jsonl"}})
			<-started
		}, dialogHold, true},
		{"import summary", func() {
			close(release)
			loop(u).WaitFor(t, "the import's summary", func() bool { return !u.busy })
		}, dialogInfo, false},
		{"Label all question", func() {
			u.find.show()
			u.find.entry.SetText("eu")
			u.find.labelAll()
		}, dialogCancel, false},
		{"select popup", func() {
			u.find.show()
			test.Tap(&u.find.label.Select)
		}, popup, false},
	}
	for _, tc := range cases {
		tc.open()
		if u.win.Canvas().Overlays().Top() == nil {
			t.Fatalf("%s: nothing covers the window", tc.name)
		}
		open := len(u.dialogs)
		for _, k := range hotKeys(u) {
			deliver(u, k)
			settle(t, u)
			switch {
			case stored(t, m, 1) != want || status(t, m, 1) != annotate.StatusDone:
				t.Fatalf("%s, %s: stored %q, status %s", tc.name, k.name, stored(t, m, 1), status(t, m, 1))
			case u.art.ID != 1 || u.picked != picked:
				t.Fatalf("%s, %s: open %d, chosen %d", tc.name, k.name, u.art.ID, u.picked)
			case u.app.Preferences().Bool(prefPrecise) != precise:
				t.Fatalf("%s, %s: precision switched", tc.name, k.name)
			case !u.covered() || len(u.dialogs) != open:
				t.Fatalf("%s, %s: %d dialog(s) open, want %d", tc.name, k.name, len(u.dialogs), open)
			}
		}
		if tc.keep {
			continue
		}
		if tc.kind == popup {
			u.win.Canvas().Overlays().Top().Hide()
			u.find.hide()
			continue
		}
		if u.win.Canvas().Focused() != nil {
			// An entry of it has the keys (what was typed is its text,
			// Enter would submit it); Esc still cancels a question.
			deliver(u, keyEsc)
			if top := u.topDialog(); top != nil {
				t.Errorf("%s: Esc in its focused field did not close it", tc.name)
				top.d.Hide()
			}
			continue
		}
		// Enter closes a message, and answers yes to a question whose yes
		// Ctrl+Z takes back (which this test does, to go on as it was).
		yes := u.topDialog().confirm != nil
		deliver(u, keyEnter)
		if closed := len(u.dialogs) < open; closed != (tc.kind == dialogInfo || yes) {
			t.Errorf("%s: Enter closed it: %v", tc.name, closed)
		}
		if yes {
			settle(t, u)
			if stored(t, m, 1) == want {
				t.Errorf("%s: Enter's yes changed nothing", tc.name)
			}
			u.undo()
			settle(t, u)
		}
		if top := u.topDialog(); top != nil {
			deliver(u, keyEsc)
			closed := u.topDialog() == nil
			if closed != (tc.kind != dialogHold) {
				t.Errorf("%s: Esc closed it: %v", tc.name, closed)
			}
			if !closed {
				top.d.Hide()
			}
		}
		if u.covered() {
			t.Fatalf("%s: still covered", tc.name)
		}
	}
	// Nothing covers the window: the keys act again.
	test.Type(u.view, "2")
	settle(t, u)
	if got := stored(t, m, 1); got != "ORG[0,6)" {
		t.Errorf("after the dialogs, key 2: %q", got)
	}
}

// TestKeySheetToggles: F1 and Ctrl+/ open the keyboard sheet and close
// it, never stacking a second copy; over another dialog they do nothing.
func TestKeySheetToggles(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	slash := keyPress{name: "Ctrl+/", sc: cs(fyne.KeySlash, ctrl)}
	for _, k := range []keyPress{keyF1, slash} {
		deliver(u, k)
		if len(u.dialogs) != 1 || !u.dialogs[0].sheet {
			t.Fatalf("%s: %d dialog(s), want the sheet", k.name, len(u.dialogs))
		}
		deliver(u, k)
		if len(u.dialogs) != 0 || u.covered() {
			t.Fatalf("%s again: %d dialog(s), want none", k.name, len(u.dialogs))
		}
	}
	u.showAbout()
	deliver(u, keyF1)
	deliver(u, slash)
	if len(u.dialogs) != 1 || u.dialogs[0].sheet {
		t.Errorf("over About: %d dialog(s)", len(u.dialogs))
	}
}
