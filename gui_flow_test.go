package main

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
	"github.com/tagdesk/tagdesk/app/apptest"
	"github.com/tagdesk/tagdesk/storage"
	"github.com/tagdesk/tagdesk/storage/storagetest"
)

// mustStoreWith opens a new database in a temporary folder holding texts.
func mustStoreWith(tb testing.TB, texts ...string) *storage.DB {
	return storagetest.WithTexts(tb, texts...)
}

// openGUI opens the window on db as alice, on an apptest app (fyne.Do
// queues for the test goroutine); it is closed when the test ends, which
// waits for its queued changes.
func openGUI(tb testing.TB, db *storage.DB) (*apptest.App, *app.UI) {
	tb.Helper()
	a := apptest.NewApp(tb)
	ui := app.New(a, db, app.Options{Version: "test", Annotator: "alice", Poll: -1})
	ui.Window().Resize(fyne.NewSize(1280, 860))
	tb.Cleanup(func() {
		if err := ui.Wait(); err != nil {
			tb.Errorf("closing the window: %v", err)
		}
	})
	return a, ui
}

// settle waits until every change the window queued is committed and
// shown.
func settle(tb testing.TB, a *apptest.App, ui *app.UI) {
	tb.Helper()
	a.WaitFor(tb, "the window's changes", func() bool { return !ui.Saving() })
}

// findSelect returns the window's Select offering choice.
func findSelect(w fyne.Window, choice string) *widget.Select {
	for _, o := range test.LaidOutObjects(w.Content()) {
		if s, ok := o.(*widget.Select); ok && s.Visible() && slices.Contains(s.Options, choice) {
			return s
		}
	}
	return nil
}

// TestGUIFlow labels an article from start to finish on a real database
// with the mouse and the keyboard, as a person would, and checks the
// database after every step.
func TestGUIFlow(t *testing.T) {
	const text = "Canada froze the assets of Wang Junzheng, party secretary of Xinjiang."
	db := mustStoreWith(t, text, "The EU banned travel for two officials.")
	a, ui := openGUI(t, db)
	w := ui.Window()
	v := ui.View()
	ctx := context.Background()

	spans := func() []annotate.Span {
		t.Helper()
		sp, err := db.Spans(ctx, 1, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	status := func(id int64) annotate.Status {
		st, err := db.Status(ctx, id, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}

	// Drag over "Canada" (from inside its first letter to inside its last).
	from, to := ui.PointOf(0), ui.PointOf(5)
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
	if s, e := v.Selection(); s != 0 || e != 6 {
		t.Fatalf("drag selected [%d,%d), want [0,6)", s, e)
	}
	// Key 4 labels it JURISDICTION.
	test.Type(v, "4")
	settle(t, a, ui)
	sp := spans()
	if len(sp) != 1 || sp[0].Label != "JURISDICTION" || sp[0].Start != 0 || sp[0].End != 6 {
		t.Fatalf("after key 4: %+v", sp)
	}
	if st := status(1); st != annotate.StatusInProgress {
		t.Fatalf("status %s, want in_progress", st)
	}
	// The form offers the role; choosing it saves at once.
	sel := findSelect(w, "imposing")
	if sel == nil {
		t.Fatal("no role choice in the form")
	}
	sel.SetSelected("imposing")
	settle(t, a, ui)
	if sp = spans(); sp[0].Attrs["role"] != "imposing" {
		t.Fatalf("attrs %v", sp[0].Attrs)
	}
	// Label a second span by dragging over "Wang Junzheng" and key 1.
	from, to = ui.PointOf(27), ui.PointOf(39)
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
	test.Type(v, "1")
	settle(t, a, ui)
	if sp = spans(); len(sp) != 2 || sp[1].Label != "PERSON" || sp[1].Start != 27 || sp[1].End != 40 {
		t.Fatalf("after key 1: %+v", sp)
	}
	// Click "Canada" to pick it, then Delete.
	test.TapCanvas(w.Canvas(), ui.PointOf(2))
	if v.SelectedSpan() != sp[0].ID {
		t.Fatalf("tap picked %d, want %d", v.SelectedSpan(), sp[0].ID)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	settle(t, a, ui)
	if sp = spans(); len(sp) != 1 || sp[0].Label != "PERSON" {
		t.Fatalf("after delete: %+v", sp)
	}
	// Ctrl+Z brings it back, with its role; Ctrl+Shift+Z deletes it again,
	// Ctrl+Z once more restores it (a new ID each time).
	v.TypedShortcut(&fyne.ShortcutUndo{})
	settle(t, a, ui)
	if sp = spans(); len(sp) != 2 || sp[0].Attrs["role"] != "imposing" {
		t.Fatalf("after undo: %+v", sp)
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	settle(t, a, ui)
	if sp = spans(); len(sp) != 1 {
		t.Fatalf("after redo: %+v", sp)
	}
	v.TypedShortcut(&fyne.ShortcutUndo{})
	settle(t, a, ui)
	if sp = spans(); len(sp) != 2 || len(v.Spans()) != 2 {
		t.Fatalf("after the second undo: store %+v, view %d spans", sp, len(v.Spans()))
	}
	// Ctrl+Enter: done, and the next article opens.
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	settle(t, a, ui)
	if st := status(1); st != annotate.StatusDone {
		t.Fatalf("status %s, want done", st)
	}
	if got := len(v.Spans()); got != 0 {
		t.Fatalf("the next article shows %d spans", got)
	}
	from, to = ui.PointOf(4), ui.PointOf(5)
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y) // "EU"
	test.Type(v, "4")
	settle(t, a, ui)
	sp2, _ := db.Spans(ctx, 2, "alice")
	if len(sp2) != 1 || sp2[0].Start != 4 || sp2[0].End != 6 {
		t.Fatalf("article 2: %+v", sp2)
	}
	if st := status(2); st != annotate.StatusInProgress {
		t.Errorf("article 2 status %s", st)
	}
}
