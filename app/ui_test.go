package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app/apptest"
)

const (
	art1 = "Canada froze the assets of Wang Junzheng. China protested; China said Canada lied."
	art2 = "The EU banned travel for two officials."
)

// newTestUI opens a window on m as alice, with no poll.
func newTestUI(t *testing.T, m annotate.Store) *UI {
	t.Helper()
	return newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1})
}

// newTestUIWith opens a window on a new apptest app (fyne.Do queues for
// the test goroutine, see loop). Closing it when the test ends waits for
// its queued changes and stops its goroutines.
func newTestUIWith(t testing.TB, s annotate.Store, opt Options) *UI {
	t.Helper()
	u := New(apptest.NewApp(t), s, opt)
	u.win.Resize(fyne.NewSize(1280, 860))
	t.Cleanup(func() {
		closeTestUI(u)
		select {
		case <-u.w.done:
		default:
			t.Error("the window's writer outlived it")
		}
		if !u.life.enter() {
			return
		}
		u.life.leave()
		t.Error("the window's background goroutines were not ended")
	})
	return u
}

// closeTestUI closes u's window unless the test did (the test driver's
// window panics when closed twice).
func closeTestUI(u *UI) {
	if !u.closed {
		u.win.Close()
	}
}

// loop returns the window's app, which runs what fyne.Do queued when the
// test waits.
func loop(u *UI) *apptest.App { return u.app.(*apptest.App) }

// settle waits until the writer has nothing left to do and the window has
// shown every result: every change made so far is committed and shown.
func settle(t *testing.T, u *UI) {
	t.Helper()
	loop(u).WaitFor(t, "the queued changes", func() bool {
		if !u.w.idle() {
			return false
		}
		loop(u).Drain() // what the last job queued for the UI goroutine
		return u.pending == 0
	})
}

// stored prints alice's spans of article id as the store has them.
func stored(t *testing.T, m *memStore, id int64) string {
	t.Helper()
	spans, err := m.Spans(context.Background(), id, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, sp := range spans {
		s := fmt.Sprintf("%s[%d,%d)", sp.Label, sp.Start, sp.End)
		for _, k := range []string{"role", "type"} {
			if v := sp.Attrs[k]; v != "" {
				s += " " + k + "=" + v
			}
		}
		if sp.Canonical != "" {
			s += " =" + sp.Canonical
		}
		if sp.Note != "" {
			s += " note=" + sp.Note
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func status(t *testing.T, m *memStore, id int64) annotate.Status {
	t.Helper()
	st, _ := m.Status(context.Background(), id, "alice")
	return st
}

// walkObjects calls visit on o and on every object under it: a
// container's objects, a widget's renderer's.
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkObjects(c, visit)
		}
	}
}

func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}
