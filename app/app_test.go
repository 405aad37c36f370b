package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

const (
	art1 = "Canada froze the assets of Wang Junzheng. China protested; China said Canada lied."
	art2 = "The EU banned travel for two officials."
)

func newTestUI(t *testing.T, m *memStore) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, m, Options{Version: "test", Annotator: "alice", Poll: -1})
	u.win.Resize(fyne.NewSize(1280, 860))
	t.Cleanup(u.win.Close)
	return u
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

func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

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
			for u.hist.CanUndo() {
				u.undo()
			}
		}, "", annotate.StatusTodo},
	}
	for _, s := range steps {
		s.do()
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

	// Label again, then Ctrl+Enter marks it done and opens the next article.
	u.view.SetSelection(27, 40)
	test.Type(u.view, "1")
	if got := stored(t, m, 1); got != "PERSON[27,40)" {
		t.Fatalf("got %q", got)
	}
	if !strings.Contains(u.bar.mark.Text, "saved") {
		t.Errorf("status bar shows %q, want a saved mark", u.bar.mark.Text)
	}
	u.view.TypedShortcut(ctrlKey(fyne.KeyReturn))
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
	if status(t, m, 2) != annotate.StatusSkipped {
		t.Errorf("status %s, want skipped", status(t, m, 2))
	}
	if !strings.Contains(u.bar.msg.Text, "Every article") {
		t.Errorf("hint %q", u.bar.msg.Text)
	}
	u.undo() // undoes the skip of article 2
	if status(t, m, 2) != annotate.StatusTodo {
		t.Errorf("after undo: status %s, want todo", status(t, m, 2))
	}
}

func TestLabelButtonsAndPick(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	if len(u.form.buttons.Objects) != 4 {
		t.Fatalf("%d label buttons, want 4", len(u.form.buttons.Objects))
	}
	u.applyLabel("PERSON") // nothing selected
	if got := stored(t, m, 1); got != "" {
		t.Fatalf("labelled without a selection: %q", got)
	}
	u.view.SetSelection(27, 40)
	u.applyLabel("PERSON")
	u.view.SetSelection(0, 6)
	u.selected(0, 6) // a new selection drops the pick
	if u.picked != 0 {
		t.Fatal("new selection kept the pick")
	}
	u.applyLabel("JURISDICTION")
	// Pick the PERSON span from the span list and relabel it.
	u.spanList.list.Select(1)
	if sp, ok := u.pickedSpan(); !ok || sp.Label != "PERSON" || u.view.SelectedSpan() != sp.ID {
		t.Fatalf("span list click picked %+v (view %d)", sp, u.view.SelectedSpan())
	}
	u.applyLabel("ORG")
	if got := stored(t, m, 1); got != "JURISDICTION[0,6); ORG[27,40)" {
		t.Fatalf("got %q", got)
	}
	// A note saved on Enter.
	u.form.note.SetText("the party secretary")
	u.form.note.OnSubmitted(u.form.note.Text)
	if got := stored(t, m, 1); got != "JURISDICTION[0,6); ORG[27,40) note=the party secretary" {
		t.Fatalf("got %q", got)
	}
	// The store refuses a change: an error dialog, nothing lost, no crash.
	m.fail = fmt.Errorf("disk I/O error")
	u.deletePicked()
	m.fail = nil
	if got := stored(t, m, 1); !strings.Contains(got, "ORG") || !strings.HasPrefix(u.bar.msg.Text, "Not saved") {
		t.Fatalf("after a failed delete: %q, hint %q", got, u.bar.msg.Text)
	}
}

func TestFindAndLabelAll(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(42, 47) // the first "China", labelled already
	test.Type(u.view, "4")
	u.shortcut(ctrlKey(fyne.KeyF))
	if !u.find.visible() {
		t.Fatal("Ctrl+F did not open the find bar")
	}
	u.find.entry.SetText("china")
	u.find.search() // as typing stops
	if got := u.find.count.Text; got != "2 matches" {
		t.Fatalf("count %q", got)
	}
	u.find.label.SetSelected("JURISDICTION")
	u.find.labelAll()
	if got := stored(t, m, 1); got != "JURISDICTION[42,47); JURISDICTION[59,64)" {
		t.Fatalf("got %q", got)
	}
	u.undo() // one step takes back what Label all added
	if got := stored(t, m, 1); got != "JURISDICTION[42,47)" {
		t.Fatalf("after undo: %q", got)
	}
	u.find.step(1)
	if s, e := u.view.Selection(); s != 42 || e != 47 {
		t.Errorf("next match selected %d,%d", s, e)
	}
	u.typedKey(fyne.KeyEscape)
	if u.find.visible() {
		t.Error("Escape left the find bar open")
	}
}

func TestFindAll(t *testing.T) {
	tests := []struct {
		name, text, q string
		want          string
	}{
		{"case", "Aa aA", "aa", "[[0 2] [3 5]]"},
		{"no overlap", "aaaa", "aa", "[[0 2] [2 4]]"},
		{"code points", "é Ü ü", "ü", "[[2 3] [4 5]]"},
		{"empty", "abc", "", "[]"},
		{"combining mark", "Jose\u0301 e", "e", "[[6 7]]"},
		{"combining mark whole", "Jose\u0301 Jose", "Jose", "[[6 10]]"},
		{"combining mark included", "Jose\u0301 Jose", "jose\u0301", "[[0 5]]"},
		{"skipped match does not hide the next", "e\u0301e", "e", "[[2 3]]"},
		{"half flags", "🇨🇦🇫🇷", "🇦🇫", "[]"},
		{"flag", "🇨🇦🇫🇷 🇨🇦", "🇨🇦", "[[0 2] [5 7]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, 1000)
			got := fmt.Sprint(findAll(tt.text, []rune(tt.q), m.isBoundary))
			if got != tt.want {
				t.Errorf("got %s want %s", got, tt.want)
			}
		})
	}
}

// TestLabelAllKeepsClusters: "Label all" labels no half of a cluster.
func TestLabelAllKeepsClusters(t *testing.T) {
	m := newMemStore("Jose\u0301 met Jose in 🇨🇦🇫🇷.")
	u := newTestUI(t, m)
	u.find.show()
	u.find.entry.SetText("jose")
	u.find.label.SetSelected("PERSON")
	u.find.labelAll()
	if got := stored(t, m, 1); got != "PERSON[10,14)" {
		t.Errorf("jose: got %q", got)
	}
	u.find.entry.SetText("🇦🇫")
	u.find.label.SetSelected("JURISDICTION")
	u.find.labelAll()
	if got := stored(t, m, 1); got != "PERSON[10,14)" {
		t.Errorf("half flags: got %q", got)
	}
}

// TestFindSearchDebounced: typing in the find box searches once it stops.
func TestFindSearchDebounced(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	u.find.show()
	u.find.entry.SetText("chin")
	u.find.entry.SetText("china")
	if got := u.find.count.Text; got != "" {
		t.Errorf("count %q at once, want a search only after typing stops", got)
	}
	time.Sleep(3 * searchDelay)
	if got := u.find.count.Text; got != "2 matches" {
		t.Errorf("count %q after typing stopped", got)
	}
}

// TestFindStepDropsPick: stepping to a match drops the pick in the view
// too, as a click in the span list does.
func TestFindStepDropsPick(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	if u.view.SelectedSpan() == 0 || u.picked == 0 {
		t.Fatal("labelling did not pick the new span")
	}
	u.find.show()
	u.find.entry.SetText("china")
	u.find.step(1)
	if u.picked != 0 || u.view.SelectedSpan() != 0 {
		t.Errorf("after a step: form picks %d, view outlines %d; want neither", u.picked, u.view.SelectedSpan())
	}
	if s, e := u.view.Selection(); s != 42 || e != 47 {
		t.Errorf("selection %d,%d", s, e)
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
	a := test.NewTempApp(t)
	u := New(a, m, Options{Poll: -1})
	defer u.win.Close()
	if u.annotator != "" {
		t.Fatalf("annotator %q before asking", u.annotator)
	}
	u.setAnnotator("bob")
	if got := a.Preferences().String(prefAnnotator); got != "bob" {
		t.Errorf("preference %q", got)
	}
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	spans, _ := m.Spans(context.Background(), 1, "bob")
	if len(spans) != 1 {
		t.Errorf("bob has %d spans", len(spans))
	}
	u2 := New(a, m, Options{Poll: -1})
	defer u2.win.Close()
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
	if got := stored(t, m, 1); got != "COUNTRY[0,6)" {
		t.Fatalf("got %q", got)
	}
	e := u.form.entries["iso"]
	if e == nil {
		t.Fatal("no entry for the free-text attribute")
	}
	e.SetText("CA")
	e.OnSubmitted("CA")
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
	u := New(test.NewTempApp(t), m, Options{Version: "test", Annotator: "alice", Poll: -1})
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	u.win.Canvas().Focus(u.form.canonical)
	test.Type(u.form.canonical, "CA")
	closed := false
	u.win.SetOnClosed(func() { closed = true })
	m.fail = errors.New("disk full")
	u.requestClose()
	if closed || u.form.canonical.Text != "CA" {
		t.Fatalf("closed %v, canonical %q: want the window open with the text", closed, u.form.canonical.Text)
	}
	m.fail = nil
	u.requestClose()
	if !closed {
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
	u.shortcut(ctrlKey(fyne.KeyE))
	sel := u.form.selects["role"]
	if c.Focused() != fyne.Focusable(sel) {
		t.Fatalf("focus %T, want the role select", c.Focused())
	}
	sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // (none) → imposing
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
	m.failRead = errors.New("disk I/O error")
	if _, ok := u.list.row(0); ok {
		t.Fatal("row read despite the error")
	}
	if !strings.Contains(u.bar.msg.Text, "disk I/O error") {
		t.Errorf("status bar %q, want the error", u.bar.msg.Text)
	}
	m.failRead = nil
	if r, ok := u.list.row(1); !ok || r.ID != 2 {
		t.Errorf("after recovery: %+v %v", r, ok)
	}
}

// TestFindBarEscape: Esc closes the find bar from its entry and from its
// buttons and select, wherever the keyboard is in it.
func TestFindBarEscape(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	esc := &fyne.KeyEvent{Name: fyne.KeyEscape}
	for _, w := range []fyne.Focusable{u.find.entry, u.find.all, u.find.label} {
		u.find.show()
		if !u.find.visible() {
			t.Fatal("the find bar did not open")
		}
		w.TypedKey(esc)
		if u.find.visible() {
			t.Errorf("Esc in %T left the find bar open", w)
		}
		if u.win.Canvas().Focused() != u.view {
			t.Errorf("after Esc in %T: focus %T, want the view", w, u.win.Canvas().Focused())
		}
	}
}

// TestEscapeInView: Esc in the text first drops the selection, then the
// chosen span (view outline, form and list alike).
func TestEscapeInView(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4") // labels and picks the new span
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
