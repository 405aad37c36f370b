package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

func TestLabelEditDeleteUndo(t *testing.T) {
	m := newMemStore(art1, art2)
	u := newTestUI(t, m)
	if u.art == nil || u.art.ID != 1 {
		t.Fatalf("opened %v, want the first article", u.art)
	}
	steps := []struct {
		name   string
		do     func()
		want   string
		status annotate.Status
	}{
		{"label with key 4", func() {
			u.view.SetSelection(0, 6)
			test.Type(u.view, "4")
		}, "JURISDICTION[0,6)", annotate.StatusInProgress},
		{"choose an attribute", func() {
			u.form.selects["role"].SetSelected("imposing")
		}, "JURISDICTION[0,6) role=imposing", ""},
		{"type a canonical value", func() {
			u.win.Canvas().Focus(u.form.canonical)
			test.Type(u.form.canonical, "CA")
			u.win.Canvas().Unfocus() // saves on focus loss
		}, "JURISDICTION[0,6) role=imposing =CA", ""},
		{"relabel with key 2", func() {
			test.Type(u.view, "2")
		}, "ORG[0,6) =CA", ""},
		{"delete", func() {
			u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
		}, "", ""},
		{"undo delete", u.undo, "ORG[0,6) =CA", ""},
		{"undo relabel", func() { u.view.TypedShortcut(&fyne.ShortcutUndo{}) }, "JURISDICTION[0,6) role=imposing =CA", ""},
		{"undo canonical", u.undo, "JURISDICTION[0,6) role=imposing", ""},
		{"redo ×3", func() {
			for i := 0; i < 3; i++ {
				u.view.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
			}
		}, "", ""},
		{"undo all", func() {
			for i := 0; i < 5; i++ {
				u.undo()
			}
		}, "", annotate.StatusTodo},
	}
	for _, s := range steps {
		s.do()
		settle(t, u)
		if got := stored(t, m, 1); got != s.want {
			t.Fatalf("%s: got %q want %q", s.name, got, s.want)
		}
		if s.status != "" && status(t, m, 1) != s.status {
			t.Fatalf("%s: status %s want %s", s.name, status(t, m, 1), s.status)
		}
		if n := len(u.view.Spans()); n != len(u.spans) || n != len(u.order) {
			t.Fatalf("%s: view has %d spans, window %d, list %d", s.name, n, len(u.spans), len(u.order))
		}
	}

	u.undo()
	settle(t, u)
	if got := u.bar.msg.Text; got != "Nothing to undo in this article." {
		t.Errorf("a sixth undo: hint %q", got)
	}

	// Label again, then Ctrl+Enter marks it done and opens the next article.
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	settle(t, u)
	if got := stored(t, m, 1); got != "PERSON[27,40)" {
		t.Fatalf("got %q", got)
	}
	if !strings.Contains(u.bar.mark.Text, "saved") {
		t.Errorf("status bar shows %q, want a saved mark", u.bar.mark.Text)
	}
	u.view.TypedShortcut(ctrlKey(fyne.KeyReturn))
	settle(t, u)
	if status(t, m, 1) != annotate.StatusDone {
		t.Fatalf("status %s, want done", status(t, m, 1))
	}
	if u.art.ID != 2 {
		t.Fatalf("open article %d, want 2", u.art.ID)
	}
	if r, _ := u.list.row(0); r.Status != annotate.StatusDone || r.Spans != 1 {
		t.Errorf("list row 0: %+v", r)
	}
	if got := u.list.done.Text; got != "1 of 2 done" {
		t.Errorf("progress %q", got)
	}
	// Ctrl+K skips the second; the first is done, so nothing is left.
	u.shortcut(ctrlKey(fyne.KeyK))
	settle(t, u)
	if status(t, m, 2) != annotate.StatusSkipped {
		t.Errorf("status %s, want skipped", status(t, m, 2))
	}
	if !strings.Contains(u.bar.msg.Text, "Every article") {
		t.Errorf("hint %q", u.bar.msg.Text)
	}
	u.undo() // undoes the skip of article 2
	settle(t, u)
	if status(t, m, 2) != annotate.StatusTodo {
		t.Errorf("after undo: status %s, want todo", status(t, m, 2))
	}
}

func TestLabelButtonsAndPick(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	if len(u.form.buttons.Objects) != 5 {
		t.Fatalf("%d buttons, want 4 labels and the palette's", len(u.form.buttons.Objects))
	}
	u.applyLabel("PERSON") // nothing selected
	if got := stored(t, m, 1); got != "" {
		t.Fatalf("labelled without a selection: %q", got)
	}
	u.view.SetSelection(27, 40)
	u.applyLabel("PERSON")
	settle(t, u)
	u.view.SetSelection(0, 6)
	u.selected(0, 6) // a new selection drops the pick
	if u.picked != 0 {
		t.Fatal("new selection kept the pick")
	}
	u.applyLabel("JURISDICTION")
	settle(t, u)
	// Pick the PERSON span from the span list and relabel it.
	u.spanList.list.Select(1)
	if sp, ok := u.pickedSpan(); !ok || sp.Label != "PERSON" || u.view.SelectedSpan() != sp.ID {
		t.Fatalf("span list click picked %+v (view %d)", sp, u.view.SelectedSpan())
	}
	u.applyLabel("ORG")
	settle(t, u)
	if got := stored(t, m, 1); got != "JURISDICTION[0,6); ORG[27,40)" {
		t.Fatalf("got %q", got)
	}
	// A note saved on Enter.
	u.form.note.SetText("the party secretary")
	u.form.note.OnSubmitted(u.form.note.Text)
	settle(t, u)
	if got := stored(t, m, 1); got != "JURISDICTION[0,6); ORG[27,40) note=the party secretary" {
		t.Fatalf("got %q", got)
	}
	// The store refuses a change: an error dialog, nothing lost, no crash.
	m.setFail(fmt.Errorf("disk I/O error"))
	u.deletePicked()
	settle(t, u)
	m.setFail(nil)
	if got := stored(t, m, 1); !strings.Contains(got, "ORG") || !strings.HasPrefix(u.bar.msg.Text, "Not saved") {
		t.Fatalf("after a failed delete: %q, hint %q", got, u.bar.msg.Text)
	}
}

func TestArticleListPagesAndPoll(t *testing.T) {
	texts := make([]string, 2500)
	for i := range texts {
		texts[i] = fmt.Sprintf("Article %d about sanctions.", i)
	}
	texts[1700] = "A needle in the haystack."
	m := newMemStore(texts...)
	u := newTestUI(t, m)
	if u.list.count != 2500 {
		t.Fatalf("count %d", u.list.count)
	}
	if n := len(u.list.pages); n > 2 {
		t.Errorf("%d pages fetched for the first screen, want at most 2", n)
	}
	if r, ok := u.list.row(2499); !ok || r.ID != 2500 {
		t.Fatalf("last row %+v", r)
	}
	u.list.filter.SetText("needle")
	u.list.applyFilter()
	if u.list.count != 1 {
		t.Fatalf("filtered count %d", u.list.count)
	}
	u.list.list.Select(0)
	if u.art.ID != 1701 {
		t.Fatalf("open %d", u.art.ID)
	}
	u.list.filter.SetText("")
	u.list.applyFilter()
	// Another process imports an article: the poll notices.
	m.addArticle("Fresh news.")
	u.checkGeneration()
	if u.list.count != 2501 || u.art.ID != 1701 {
		t.Errorf("after an import: count %d, open %d", u.list.count, u.art.ID)
	}
	if got := u.list.done.Text; got != "0 of 2501 done" {
		t.Errorf("progress %q", got)
	}
	u.nextArticle()
	if u.art.ID != 1702 {
		t.Errorf("Ctrl+PageDown opened %d", u.art.ID)
	}
}

func TestAnnotatorAsked(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUIWith(t, m, Options{Poll: -1})
	a := u.app
	if u.annotator != "" {
		t.Fatalf("annotator %q before asking", u.annotator)
	}
	ee, ok := u.win.Canvas().Focused().(*escEntry)
	if !ok {
		t.Fatalf("focus %T, want the name's entry", u.win.Canvas().Focused())
	}
	// The first start cannot go on without a name: Esc does not close it.
	ee.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !u.covered() {
		t.Fatal("Esc closed the name's dialog at the first start")
	}
	e := &ee.Entry
	e.SetText("bob")
	e.OnSubmitted(e.Text)
	if u.covered() {
		t.Fatal("the name's dialog stays open")
	}
	if got := a.Preferences().String(prefAnnotator); got != "bob" {
		t.Errorf("preference %q", got)
	}
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	spans, _ := m.Spans(context.Background(), 1, "bob")
	if len(spans) != 1 {
		t.Errorf("bob has %d spans", len(spans))
	}
	u2 := New(a, m, Options{Poll: -1})
	t.Cleanup(func() { closeTestUI(u2) })
	if u2.annotator != "bob" || len(u2.spans) != 1 {
		t.Errorf("second start: annotator %q, %d spans", u2.annotator, len(u2.spans))
	}
}

func TestOtherSchema(t *testing.T) {
	m := newMemStore(art1)
	s, err := annotate.ParseSchema("s.toml", []byte(`
[[labels]]
name = "COUNTRY"
key = "7"
color = "#112233"
  [[labels.attrs]]
  name = "iso"
`))
	if err != nil {
		t.Fatal(err)
	}
	m.schema = s
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "7")
	settle(t, u)
	if got := stored(t, m, 1); got != "COUNTRY[0,6)" {
		t.Fatalf("got %q", got)
	}
	e := u.form.entries["iso"]
	if e == nil {
		t.Fatal("no entry for the free-text attribute")
	}
	e.SetText("CA")
	e.OnSubmitted("CA")
	settle(t, u)
	spans, _ := m.Spans(context.Background(), 1, "alice")
	if spans[0].Attrs["iso"] != "CA" {
		t.Errorf("attrs %v", spans[0].Attrs)
	}
}

// TestCloseKeepsUnsavedEdit: when the pending entry edit cannot be saved,
// closing the window is refused and the typed text stays; once the store
// works again, closing saves it.
func TestCloseKeepsUnsavedEdit(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	u.win.Canvas().Focus(u.form.canonical)
	test.Type(u.form.canonical, "CA")
	m.setFail(errors.New("disk full"))
	u.requestClose()
	settle(t, u)
	if u.closed || u.form.canonical.Text != "CA" {
		t.Fatalf("closed %v, canonical %q: want the window open with the text", u.closed, u.form.canonical.Text)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no error dialog")
	}
	m.setFail(nil)
	u.requestClose()
	settle(t, u)
	if !u.closed {
		t.Fatal("the window did not close once the edit was saved")
	}
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) =CA" {
		t.Errorf("stored %q want the edit", got)
	}
}

// TestKeyboardAttributes: Ctrl+E moves from the text to the chosen span's
// attribute, Right picks a choice (saved at once), Esc or Ctrl+E return.
func TestKeyboardAttributes(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	c := u.win.Canvas()
	c.Focus(u.view)
	u.shortcut(ctrlKey(fyne.KeyE))
	if c.Focused() != u.view || !strings.Contains(u.bar.msg.Text, "Ctrl+E") {
		t.Fatalf("with no span chosen: focus %T, hint %q", c.Focused(), u.bar.msg.Text)
	}
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
	u.shortcut(ctrlKey(fyne.KeyE))
	sel := u.form.selects["role"]
	if c.Focused() != fyne.Focusable(sel) {
		t.Fatalf("focus %T, want the role select", c.Focused())
	}
	sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // (none) → imposing
	settle(t, u)
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) role=imposing" {
		t.Fatalf("stored %q", got)
	}
	u.shortcut(ctrlKey(fyne.KeyE))
	if c.Focused() != u.view {
		t.Fatalf("focus %T, want the view", c.Focused())
	}
	c.Focus(u.form.note)
	test.Type(u.form.note, "seen")
	u.form.note.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	settle(t, u)
	if c.Focused() != u.view {
		t.Fatalf("after Esc: focus %T, want the view", c.Focused())
	}
	if got := stored(t, m, 1); got != "JURISDICTION[0,6) role=imposing note=seen" {
		t.Errorf("stored %q, want the note saved", got)
	}
}

// TestListReadError: a page of the list that cannot be read leaves blank
// rows and says why in the status bar; the next read that works shows them.
func TestListReadError(t *testing.T) {
	m := newMemStore(art1, art2)
	u := newTestUI(t, m)
	u.list.pages = map[int][]annotate.ArticleSummary{}
	m.setFailRead(errors.New("disk I/O error"))
	if _, ok := u.list.row(0); ok {
		t.Fatal("row read despite the error")
	}
	if !strings.Contains(u.bar.msg.Text, "disk I/O error") {
		t.Errorf("status bar %q, want the error", u.bar.msg.Text)
	}
	m.setFailRead(nil)
	if r, ok := u.list.row(1); !ok || r.ID != 2 {
		t.Errorf("after recovery: %+v %v", r, ok)
	}
}

// TestEscapeInView: Esc in the text first drops the selection, then the
// chosen span (view outline, form and list alike).
func TestEscapeInView(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4") // labels and picks the new span
	settle(t, u)
	if u.picked == 0 || u.view.SelectedSpan() == 0 {
		t.Fatal("the new span is not chosen")
	}
	u.view.SetSelection(7, 12)
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	u.view.TypedKey(esc)
	if s, e := u.view.Selection(); s != e {
		t.Fatalf("selection [%d,%d) after Esc, want none", s, e)
	}
	if u.picked == 0 {
		t.Fatal("the first Esc dropped the chosen span too")
	}
	u.view.TypedKey(esc)
	if u.picked != 0 || u.view.SelectedSpan() != 0 {
		t.Errorf("after the second Esc: picked %d, view %d, want none", u.picked, u.view.SelectedSpan())
	}
}

// TestAdviceBusy: a busy database is told by annotate.ErrBusy, not by
// words in the message.
func TestAdviceBusy(t *testing.T) {
	const busy = "Another program holds the database"
	if got := advice(fmt.Errorf("add span: %w", annotate.ErrBusy)); !strings.Contains(got, busy) {
		t.Errorf("ErrBusy: got %q", got)
	}
	if got := advice(errors.New("the disk is busy spinning")); strings.Contains(got, busy) {
		t.Errorf("a message with \"busy\": got %q", got)
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("word ", 100000)
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "Canada", 10, "Canada"},
		{"exact", "Canada", 6, "Canada"},
		{"one over", "Canadas", 6, "Canad…"},
		{"line breaks", "a\r\nb\tc", 10, "a  b c"},
		{"code points", "王君正 (Wang)", 4, "王君正…"},
		{"long", long, 12, "word word w…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clip(tt.in, tt.n); got != tt.want {
				t.Errorf("got %q want %q", got, tt.want)
			}
		})
	}
}
