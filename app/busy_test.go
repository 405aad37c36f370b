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

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestImportRefusesEdits: File → Import… saves the form first; while the
// import runs (it holds the store's only write connection), changes are
// refused with a hint instead of reaching the store; afterwards they work.
func TestImportRefusesEdits(t *testing.T) {
	m := newMemStore(art1)
	started, release := make(chan struct{}), make(chan struct{})
	u := New(test.NewTempApp(t), m, Options{Version: "test", Annotator: "alice", Poll: -1,
		Import: func(ctx context.Context, s annotate.Store, req ImportRequest, progress func(float64)) (format.ImportResult, error) {
			close(started)
			<-release
			return format.ImportResult{Files: 1}, nil
		}})
	u.win.Resize(fyne.NewSize(1280, 860))
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	u.form.note.SetText("typed just before") // not saved yet: the timer runs
	u.startImport(ImportRequest{Paths: []string{"/tmp/x.jsonl"}})
	<-started
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) note=typed just before" {
		t.Fatalf("the form was not saved before the import: %q", got)
	}
	m.mu.Lock()
	m.onWrite = func() { t.Error("the store was written while the import ran") }
	m.mu.Unlock()
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
	close(release)
	waitFor(t, "the import's end", func() bool { return !u.busy })
	if u.form.note.Disabled() {
		t.Error("the note stays read-only after the import")
	}
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) note=typed just before; PERSON[27,40)" {
		t.Errorf("after the import: %q", got)
	}
}

// TestOwnChangesDoNotReload: the window's own changes bump the store's
// generation, but only another process's change reloads the list.
func TestOwnChangesDoNotReload(t *testing.T) {
	m := newMemStore(art1, art2)
	a := test.NewTempApp(t)
	u := New(a, m, Options{Version: "test", Annotator: "alice", Poll: 10 * time.Millisecond})
	u.win.Resize(fyne.NewSize(1280, 860))
	t.Cleanup(u.win.Close)
	counts := func() int {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.counts
	}
	before := counts()
	fyne.DoAndWait(func() {
		u.view.SetSelection(0, 6)
		test.Type(u.view, "4")
		u.form.note.SetText("a note")
		u.form.flush()
		u.undo()
		u.redo()
		u.setStatus(annotate.StatusDone)
	})
	time.Sleep(100 * time.Millisecond) // ten polls
	if n := counts() - before; n != 0 {
		t.Errorf("the list was reloaded %d time(s) after the window's own changes", n)
	}
	m.addArticle("Fresh news from elsewhere.")
	waitFor(t, "the poll to see another process's article", func() bool { return counts() > before })
	var n int
	fyne.DoAndWait(func() { n = u.list.count })
	if n != 3 {
		t.Errorf("list count %d after another process's import, want 3", n)
	}
}
