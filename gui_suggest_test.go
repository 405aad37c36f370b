package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/app"
)

// storeSuggestions stores sugs of source as one run.
func storeSuggestions(t testing.TB, db annotate.SuggestionStore, a *annotate.Article, source string, sugs ...annotate.Suggestion) {
	t.Helper()
	tx, err := db.BeginSuggestions(context.Background(), []string{source}, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range sugs {
		sugs[i].ArticleID, sugs[i].Source = a.ID, source
	}
	if err := tx.Put(context.Background(), a, sugs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// statusText returns the status bar's label that counts spans.
func statusText(w fyne.Window) string {
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "span") && strings.Contains(l.Text, "·") {
			return l.Text
		}
	}
	return ""
}

func shown(ui *app.UI) (int, int) {
	s, cur := ui.View().Suggestions()
	return len(s), cur
}

// TestGUISuggestions goes through an article's suggestions with the
// keyboard alone: next, accept, reject, undo, accept all, and sees label
// propagation.
func TestGUISuggestions(t *testing.T) {
	const text = "Canada and China. Canada again, Xinjiang and Xinjiang."
	db := mustStoreWith(t, text)
	ctx := context.Background()
	art, err := db.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	j := func(s, e int) annotate.Suggestion {
		return annotate.Suggestion{Start: s, End: e, Label: "JURISDICTION"}
	}
	storeSuggestions(t, db, art, "patterns:p", j(0, 6), j(11, 16), j(18, 24))
	a, ui := openGUI(t, db)
	w, v := ui.Window(), ui.View()
	if n, cur := shown(ui); n != 3 || cur != -1 {
		t.Fatalf("shown %d suggestions, current %d; want 3, none", n, cur)
	}
	if got := statusText(w); !strings.Contains(got, "3 suggestions") {
		t.Errorf("status bar %q does not count 3 suggestions", got)
	}

	// N, Enter: the first becomes alice's span.
	test.Type(v, "n")
	if _, cur := shown(ui); cur != 0 {
		t.Fatalf("N: current %d, want 0", cur)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(t, a, ui)
	spans, _ := db.Spans(ctx, 1, "alice")
	if len(spans) != 1 || spans[0].Start != 0 || spans[0].End != 6 {
		t.Fatalf("after Enter alice has %+v, want Canada [0,6)", spans)
	}
	// Label propagation: the other "Canada" [18,24) was a suggestion
	// already; it stays one, and two remain.
	if n, _ := shown(ui); n != 2 {
		t.Fatalf("after accepting, %d suggestions shown, want 2", n)
	}

	// The next one is current at once; X rejects China, and it stays so.
	if s, cur := ui.View().Suggestions(); cur < 0 || s[cur].Start != 11 {
		t.Fatalf("after Enter: current %v %d, want China", s, cur)
	}
	test.Type(v, "x")
	settle(t, a, ui)
	if n, _ := shown(ui); n != 1 {
		t.Fatalf("after X, %d suggestions shown, want 1", n)
	}
	if got, _ := db.Suggestions(ctx, 1, "alice"); len(got) != 1 || got[0].Start != 18 {
		t.Errorf("stored pending for alice: %+v, want only Canada [18,24)", got)
	}
	// Ctrl+Z brings it back.
	ui.Undo()
	settle(t, a, ui)
	if n, _ := shown(ui); n != 2 {
		t.Fatalf("after undo, %d suggestions shown, want 2", n)
	}
	ui.Undo() // and the acceptance: the span goes, its suggestion returns
	settle(t, a, ui)
	if spans, _ := db.Spans(ctx, 1, "alice"); len(spans) != 0 {
		t.Errorf("after undoing the acceptance alice has %+v", spans)
	}
	if n, _ := shown(ui); n != 3 {
		t.Fatalf("after two undos, %d suggestions shown, want 3", n)
	}

	// Label "Xinjiang" by hand: the other Xinjiang is proposed at once,
	// in the frame of the key, before the commit has come back (nothing
	// the commit queued has run yet), and the commit does not propose it twice.
	v.SetSelection(32, 40)
	test.Type(v, "4")
	xinjiang := func(when string) {
		t.Helper()
		s, _ := ui.View().Suggestions()
		other, self := 0, 0
		for _, x := range s {
			if x.Label == "JURISDICTION" && x.Start == 45 && x.End == 53 {
				other++
			}
			if x.Start == 32 {
				self++
			}
		}
		if other != 1 || self != 0 {
			t.Fatalf("%s: the other Xinjiang proposed %d times, the labelled one %d times; want 1, 0: %+v", when, other, self, s)
		}
	}
	xinjiang("at the key")
	settle(t, a, ui)
	xinjiang("after the commit")
	// A accepts every suggestion of that text and label in the article.
	for range 5 { // N cycles to Canada [0,6)
		if s, cur := ui.View().Suggestions(); cur >= 0 && s[cur].Start == 0 {
			break
		}
		test.Type(v, "n")
	}
	test.Type(v, "a")
	settle(t, a, ui)
	spans, _ = db.Spans(ctx, 1, "alice")
	if len(spans) != 3 { // Xinjiang, Canada, Canada
		t.Errorf("after A alice has %d spans, want 3: %+v", len(spans), spans)
	}
}

// TestGUICorpusPropagation: a string another annotator labelled, and one
// labelled in this window, are proposed in every article that opens.
func TestGUICorpusPropagation(t *testing.T) {
	db := mustStoreWith(t, "Sanctions on Xinjiang officials.", "Xinjiang and Tibet; OFAC acted.", "Nothing here.")
	ctx := context.Background()
	if err := db.AddSpan(ctx, &annotate.Span{ArticleID: 1, Start: 13, End: 21, Label: "JURISDICTION", Annotator: "bob"}); err != nil {
		t.Fatal(err)
	}
	a, ui := openGUI(t, db)
	ui.OpenArticle(2)
	a.WaitFor(t, "bob's Xinjiang proposed in article 2", func() bool {
		s, _ := ui.View().Suggestions()
		return len(s) == 1 && s[0].Start == 0 && s[0].End == 8
	})
	// alice labels OFAC here; article 1 has none, article 2's Tibet is
	// not proposed; a new article with OFAC would be.
	v := ui.View()
	v.SetSelection(20, 24)
	test.Type(v, "2")
	settle(t, a, ui)
	ui.OpenArticle(1)
	if s, _ := ui.View().Suggestions(); len(s) != 1 || s[0].Start != 13 {
		t.Errorf("article 1: %+v, want bob's Xinjiang only", s)
	}
	// Rejected in article 1, it stays rejected when the article opens again.
	test.Type(v, "n")
	test.Type(v, "x")
	settle(t, a, ui)
	ui.OpenArticle(3)
	ui.OpenArticle(1)
	if s, _ := ui.View().Suggestions(); len(s) != 0 {
		t.Errorf("a rejected suggestion came back: %+v", s)
	}
}

// tapDialogButton taps the button named text on the window's top overlay.
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q button on the dialog", text)
}

// TestGUIAcceptEverywhere: Shift+A counts, then accepts every occurrence
// of the suggestion's text and label in the corpus, as one undoable step.
func TestGUIAcceptEverywhere(t *testing.T) {
	db := mustStoreWith(t, "Xinjiang, then Xinjiang.", "In Xinjiang.", "Not here.")
	ctx := context.Background()
	art, _ := db.Article(ctx, 1)
	storeSuggestions(t, db, art, "patterns:p", annotate.Suggestion{Start: 0, End: 8, Label: "JURISDICTION"})
	a, ui := openGUI(t, db)
	ui.OpenArticle(1)
	w, v := ui.Window(), ui.View()
	test.Type(v, "n")
	test.Type(v, "A")
	a.WaitFor(t, "the count's dialog", func() bool { return w.Canvas().Overlays().Top() != nil })
	tapDialogButton(t, w, "Yes")
	settle(t, a, ui)
	n := 0
	for id := int64(1); id <= 3; id++ {
		sp, _ := db.Spans(ctx, id, "alice")
		n += len(sp)
	}
	if n != 3 {
		t.Fatalf("alice has %d spans, want 3 (every Xinjiang)", n)
	}
	ui.Undo()
	settle(t, a, ui)
	for id := int64(1); id <= 3; id++ {
		if sp, _ := db.Spans(ctx, id, "alice"); len(sp) != 0 {
			t.Errorf("after undo article %d has %+v", id, sp)
		}
	}
}

// TestGUIRejectEverywhere: Ctrl+Shift+X counts, then rejects every
// occurrence of the suggestion's text and label in the corpus, as one
// undoable step: none of them is proposed again. The keyboard alone:
// Enter answers the count's question.
func TestGUIRejectEverywhere(t *testing.T) {
	db := mustStoreWith(t, "Xinjiang, then Xinjiang.", "In Xinjiang.", "Not here.")
	ctx := context.Background()
	for id := int64(1); id <= 2; id++ {
		art, _ := db.Article(ctx, id)
		storeSuggestions(t, db, art, "patterns:p", annotate.Suggestion{Start: strings.Index(art.Text, "Xinjiang"), End: strings.Index(art.Text, "Xinjiang") + 8, Label: "JURISDICTION"})
	}
	a, ui := openGUI(t, db)
	ui.OpenArticle(1)
	w, v := ui.Window(), ui.View()
	test.Type(v, "n")
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyX, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	a.WaitFor(t, "the count's dialog", func() bool { return w.Canvas().Overlays().Top() != nil })
	if w.Canvas().Focused() != nil {
		t.Fatalf("%T has the focus, not the dialog", w.Canvas().Focused())
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(t, a, ui)
	for id := int64(1); id <= 2; id++ {
		if got, _ := db.Suggestions(ctx, id, "alice"); len(got) != 0 {
			t.Errorf("article %d still proposes %+v", id, got)
		}
		if sp, _ := db.Spans(ctx, id, "alice"); len(sp) != 0 {
			t.Errorf("a rejection labelled article %d: %+v", id, sp)
		}
	}
	ui.Undo()
	settle(t, a, ui)
	if got, _ := db.Suggestions(ctx, 2, "alice"); len(got) != 1 {
		t.Errorf("after undo article 2 proposes %+v, want its Xinjiang again", got)
	}
}

// TestGUIPatterns: File → Patterns… stores a pattern file and matches it
// against the corpus; the open article shows the suggestions.
func TestGUIPatterns(t *testing.T) {
	db := mustStoreWith(t, "The European Union and the EU.", "Nothing.")
	a, ui := openGUI(t, db)
	ui.OpenArticle(1)
	err := ui.StorePatterns("eu.jsonl", []byte(`{"label":"JURISDICTION","pattern":"European Union","id":"EU"}`+"\n"+`{"label":"JURISDICTION","pattern":[{"ORTH":"EU"}]}`+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	a.WaitFor(t, "the patterns' suggestions", func() bool { n, _ := shown(ui); return n == 2 })
	if err := ui.StorePatterns("bad.jsonl", []byte(`{"label":"NOPE","pattern":"x"}`)); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1:") {
		t.Errorf("a pattern with an unknown label: %v", err)
	}
}

// TestGUISuggestionsTakenBackWhenCommitFails: what a label proposed at
// its key goes again when the label's commit fails, and a suggestion the
// label's span covered shows again.
func TestGUISuggestionsTakenBackWhenCommitFails(t *testing.T) {
	const text = "Xinjiang and Xinjiang, and Canada."
	db := mustStoreWith(t, text)
	ctx := context.Background()
	art, err := db.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	storeSuggestions(t, db, art, "patterns:p", annotate.Suggestion{Start: 0, End: 8, Label: "JURISDICTION"})
	// Every span insert fails from now on, as on a full disk.
	other, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`CREATE TRIGGER full_disk BEFORE INSERT ON spans BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	a, ui := openGUI(t, db)
	v := ui.View()
	if n, _ := shown(ui); n != 1 {
		t.Fatalf("%d suggestions shown at the start, want 1", n)
	}
	v.SetSelection(0, 8)
	test.Type(v, "4")
	if s, _ := v.Suggestions(); len(s) != 1 || s[0].Start != 13 {
		t.Fatalf("at the key: %+v, want only the other Xinjiang [13,21) (the labelled one covered)", s)
	}
	settle(t, a, ui)
	if s, _ := v.Suggestions(); len(s) != 1 || s[0].Start != 0 {
		t.Errorf("after the failed commit: %+v, want the stored suggestion [0,8) back and nothing the label proposed", s)
	}
	if spans, _ := db.Spans(ctx, 1, "alice"); len(spans) != 0 {
		t.Errorf("stored %+v despite the failed commit", spans)
	}
}
