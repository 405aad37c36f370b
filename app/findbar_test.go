package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestFindAndLabelAll(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(42, 47) // the first "China", labelled already
	test.Type(u.view, "4")
	settle(t, u)
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
	settle(t, u)
	if got := stored(t, m, 1); got != "JURISDICTION[42,47); JURISDICTION[59,64)" {
		t.Fatalf("got %q", got)
	}
	u.undo() // one step takes back what Label all added
	settle(t, u)
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
		matchCase     bool
		want          string
	}{
		{"case", "Aa aA", "aa", false, "[[0 2] [3 5]]"},
		{"match case", "Aa aa", "aa", true, "[[3 5]]"},
		{"no overlap", "aaaa", "aa", false, "[[0 2] [2 4]]"},
		{"code points", "é Ü ü", "ü", false, "[[2 3] [4 5]]"},
		{"empty", "abc", "", false, "[]"},
		{"combining mark", "Jose\u0301 e", "e", false, "[[6 7]]"},
		{"combining mark whole", "Jose\u0301 Jose", "Jose", false, "[[6 10]]"},
		{"combining mark included", "Jose\u0301 Jose", "jose\u0301", false, "[[0 5]]"},
		{"skipped match does not hide the next", "e\u0301e", "e", false, "[[2 3]]"},
		{"half flags", "🇨🇦🇫🇷", "🇦🇫", false, "[]"},
		{"flag", "🇨🇦🇫🇷 🇨🇦", "🇨🇦", false, "[[0 2] [5 7]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, 1000)
			got := fmt.Sprint(findMatches(tt.text, []rune(tt.q), tt.matchCase, m.isBoundary))
			if got != tt.want {
				t.Errorf("got %s want %s", got, tt.want)
			}
		})
	}
}

// TestFindWholeWord: the find bar offers whole words unless "Whole word"
// is off; its toggles and label are remembered by the next window.
func TestFindWholeWord(t *testing.T) {
	// Unicode's word rules keep "L'EU" one word, and make each Han
	// character a word of its own.
	const text = "The EU and European states: constants, a constant. (EU) L'EU 王君正 and 王. China's, China’s, Chinas."
	m := newMemStore(text)
	u := newTestUI(t, m)
	u.find.show()
	if !u.find.wholeWord.Checked || u.find.matchCase.Checked {
		t.Fatalf("defaults: whole word %v, match case %v", u.find.wholeWord.Checked, u.find.matchCase.Checked)
	}
	tests := []struct {
		q, want          string
		matchCase, whole bool
	}{
		{"EU", "[[4 6] [52 54]]", false, true},
		{"eu", "[[4 6] [52 54]]", false, true},
		{"eu", "[]", true, true},
		{"EU", "[[4 6] [52 54] [58 60]]", true, false},
		{"eu", "[[4 6] [11 13] [52 54] [58 60]]", false, false},
		{"constant", "[[41 49]]", false, true},
		{"constant", "[[28 36] [41 49]]", false, false},
		{"王", "[[61 62] [69 70]]", false, true},
		{"china", "[[72 77] [81 86]]", false, true},
	}
	for _, tt := range tests {
		u.find.matchCase.SetChecked(tt.matchCase)
		u.find.wholeWord.SetChecked(tt.whole)
		u.find.entry.SetText(tt.q)
		u.find.search()
		if got := fmt.Sprint(u.find.matches); got != tt.want {
			t.Errorf("%q case %v whole %v: got %s want %s", tt.q, tt.matchCase, tt.whole, got, tt.want)
		}
	}
	u.find.matchCase.SetChecked(true)
	u.find.wholeWord.SetChecked(false)
	u.find.label.SetSelected("ORG")
	u2 := New(u.app, m, Options{Annotator: "alice", Poll: -1})
	t.Cleanup(func() { closeTestUI(u2) })
	if f := u2.find; f.wholeWord.Checked || !f.matchCase.Checked || f.label.Selected != "ORG" {
		t.Errorf("next window: whole word %v, match case %v, label %q", f.wholeWord.Checked, f.matchCase.Checked, f.label.Selected)
	}
}

// TestLabelAllAsks: Label all asks before adding more than labelAllAsk
// spans; Esc cancels, Enter (its highlighted Yes) adds them as one step.
func TestLabelAllAsks(t *testing.T) {
	m := newMemStore(strings.Repeat("The EU said so. ", labelAllAsk+1))
	u := newTestUI(t, m)
	u.find.show()
	u.find.entry.SetText("eu")
	u.find.label.SetSelected("ORG")
	u.find.labelAll()
	top := u.topDialog()
	if top == nil || top.kind != dialogCancel {
		t.Fatal("no question before adding 21 spans")
	}
	deliver(u, keyEsc)
	settle(t, u)
	if got := stored(t, m, 1); got != "" || u.covered() {
		t.Fatalf("after Esc: stored %q, covered %v", got, u.covered())
	}
	u.find.labelAll()
	deliver(u, keyEnter)
	settle(t, u)
	if u.covered() {
		t.Fatal("Enter left the question open")
	}
	if n := strings.Count(stored(t, m, 1), "ORG["); n != labelAllAsk+1 {
		t.Fatalf("%d spans added, want %d", n, labelAllAsk+1)
	}
	if want := fmt.Sprintf("Labelled %d matches ORG", labelAllAsk+1); !strings.Contains(u.bar.msg.Text, want) {
		t.Errorf("status %q, want %q", u.bar.msg.Text, want)
	}
	u.undo()
	settle(t, u)
	if got := stored(t, m, 1); got != "" {
		t.Errorf("one undo left %q", got)
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
	settle(t, u)
	if got := stored(t, m, 1); got != "PERSON[10,14)" {
		t.Errorf("jose: got %q", got)
	}
	u.find.entry.SetText("🇦🇫")
	u.find.label.SetSelected("JURISDICTION")
	u.find.labelAll()
	settle(t, u)
	if got := stored(t, m, 1); got != "PERSON[10,14)" {
		t.Errorf("half flags: got %q", got)
	}
}

// TestFindSearchDebounced: typing in the find box searches once it stops.
func TestFindSearchDebounced(t *testing.T) {
	u := newTestUI(t, newMemStore(art1))
	u.find.show()
	start := time.Now()
	u.find.entry.SetText("chin")
	u.find.entry.SetText("china")
	if got := u.find.count.Text; got != "" {
		t.Errorf("count %q at once, want a search only after typing stops", got)
	}
	loop(u).WaitFor(t, "the search after typing stopped", func() bool { return u.find.count.Text != "" })
	if got := u.find.count.Text; got != "2 matches" {
		t.Errorf("count %q after typing stopped", got)
	}
	if d := time.Since(start); d < searchDelay {
		t.Errorf("searched %v after the first keystroke, want at least %v", d, searchDelay)
	}
}

// TestFindStepDropsPick: stepping to a match drops the pick in the view
// too, as a click in the span list does.
func TestFindStepDropsPick(t *testing.T) {
	m := newMemStore(art1)
	u := newTestUI(t, m)
	u.view.SetSelection(0, 6)
	test.Type(u.view, "4")
	settle(t, u)
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
