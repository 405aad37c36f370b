package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// TestImportRefusesEdits: File → Import… saves the form first; while the
// import runs (it holds the store's only write connection), changes are
// refused with a hint instead of reaching the store; afterwards they work.
func TestImportRefusesEdits(t *testing.T) {
	m := newMemStore(art1)
	started, release := make(chan struct{}), make(chan struct{})
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1,
		Import: func(ctx context.Context, s annotate.Store, req ImportRequest, progress func(float64)) (format.ImportResult, error) {
			close(started)
			<-release
			return format.ImportResult{Files: 1}, nil
		}})
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	u.form.note.SetText("typed just before") // not saved yet: the timer runs
	u.startImport(ImportRequest{Paths: []string{"/tmp/x.jsonl"}})
	<-started
	settle(t, u) // the note's save came back before the import started
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) note=typed just before" {
		t.Fatalf("the form was not saved before the import: %q", got)
	}
	m.mu.Lock()
	m.onWrite = func() { t.Error("the store was written while the import ran") }
	m.mu.Unlock()
	// The progress dialog covers the window, so keys do not reach it
	// (dialogs_test.go); the busy guard holds without it too.
	if !u.covered() {
		t.Fatal("no progress dialog")
	}
	ov := u.win.Canvas().Overlays()
	progress := ov.Top()
	ov.Remove(progress)
	tries := []struct {
		name string
		do   func()
	}{
		{"label key", func() { u.view.SetSelection(27, 40); test.Type(u.view, "1") }},
		{"undo", u.undo},
		{"delete", func() { u.typedKey(fyne.KeyDelete) }},
		{"Ctrl+Enter", func() { u.shortcut(ctrlKey(fyne.KeyReturn)) }},
		{"attribute", func() { u.form.setAttr("role", "imposing") }},
	}
	for _, tt := range tries {
		u.bar.hint("")
		tt.do()
		if !strings.Contains(u.bar.msg.Text, "Wait for the import to finish") {
			t.Errorf("%s: hint %q", tt.name, u.bar.msg.Text)
		}
		if u.pending != 0 {
			t.Errorf("%s: %d change(s) queued", tt.name, u.pending)
		}
	}
	if !u.form.note.Disabled() {
		t.Error("the note can be edited while the import runs")
	}
	if u.art.ID != 1 || status(t, m, 1) != annotate.StatusInProgress {
		t.Errorf("Ctrl+Enter moved on: open %d, status %s", u.art.ID, status(t, m, 1))
	}
	m.mu.Lock()
	m.onWrite = nil
	m.mu.Unlock()
	ov.Add(progress)
	close(release)
	loop(u).WaitFor(t, "the import's end", func() bool { return !u.busy })
	if top := u.topDialog(); top == nil || top.kind != dialogInfo {
		t.Fatal("no summary after the import")
	}
	u.typedKey(fyne.KeyReturn) // closes the summary
	if u.form.note.Disabled() {
		t.Error("the note stays read-only after the import")
	}
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	settle(t, u)
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) note=typed just before; PERSON[27,40)" {
		t.Errorf("after the import: %q", got)
	}
}

// TestOwnChangesDoNotReload: the window's own changes bump the store's
// generation, but only another process's change reloads the list. The
// test drives the poll's ticks itself: one comes while the changes are
// still queued (its question waits behind them), one once they are all
// saved; neither may reload. Then another process adds an article, and
// the next tick reloads.
func TestOwnChangesDoNotReload(t *testing.T) {
	m := newMemStore(art1, art2)
	u := newTestUI(t, m)
	tick := make(chan time.Time)
	u.watch(tick, func() {})
	counts := func() int {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.counts
	}
	poll := func() {
		t.Helper()
		n := u.polled
		tick <- time.Now()
		loop(u).WaitFor(t, "the poll's answer", func() bool { return u.polled > n })
	}
	before := counts()
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u) // the new span is picked
	u.form.note.SetText("a note")
	u.form.flush()
	u.undo()
	u.redo()
	u.setStatus(annotate.StatusDone, nil)
	if u.pending == 0 {
		t.Fatal("no change queued")
	}
	poll()
	settle(t, u)
	poll()
	if n := counts() - before; n != 0 {
		t.Errorf("the list was reloaded %d time(s) after the window's own changes", n)
	}
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) note=a note" || status(t, m, 1) != annotate.StatusDone {
		t.Errorf("stored %q, status %s", got, status(t, m, 1))
	}
	m.addArticle("Fresh news from elsewhere.")
	poll()
	if counts() == before {
		t.Error("another process's article did not reload the list")
	}
	if u.list.count != 3 {
		t.Errorf("list count %d after another process's import, want 3", u.list.count)
	}
}
