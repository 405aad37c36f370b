package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/internal/cli"
)

// TestGUIReview reviews alice's and bob's work on a real database with
// the keyboard only, from the menu's dialog to the article's done, and
// then exports the result and measures against it on the command line.
func TestGUIReview(t *testing.T) {
	const text = "Canada froze the assets of Wang Junzheng, party secretary of Xinjiang. The EU banned travel."
	db := mustStoreWith(t, text)
	ctx := context.Background()
	at := func(s string) (int, int) {
		i := len([]rune(text[:strings.Index(text, s)]))
		return i, i + len([]rune(s))
	}
	span := func(who, s, label string, attrs map[string]string) annotate.Span {
		a, b := at(s)
		return annotate.Span{ArticleID: 1, Start: a, End: b, Label: label, Attrs: attrs, Annotator: who}
	}
	role := func(r string) map[string]string { return map[string]string{"role": r} }
	work := []annotate.Span{
		span("alice", "Canada", "JURISDICTION", role("imposing")),
		span("alice", "Wang Junzheng", "PERSON", nil),
		span("alice", "Xinjiang", "JURISDICTION", role("targeted")),
		span("alice", "EU", "JURISDICTION", role("imposing")),
		span("bob", "Canada", "JURISDICTION", role("imposing")),
		span("bob", "Junzheng", "PERSON", nil),
		span("bob", "Xinjiang", "JURISDICTION", role("other")),
	}
	if err := db.AddSpans(ctx, work); err != nil {
		t.Fatal(err)
	}
	a, ui := openGUI(t, db)
	w := ui.Window()
	c := w.Canvas()
	gold := func() string {
		t.Helper()
		sp, err := db.Spans(ctx, 1, "gold")
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, s := range sp {
			p := s.Label + " " + text[byteAt(text, s.Start):byteAt(text, s.End)]
			if r := s.Attrs["role"]; r != "" {
				p += " " + r
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, "; ")
	}
	status := func() annotate.Status {
		st, err := db.Status(ctx, 1, "gold")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	typeKey := func(s string) {
		t.Helper()
		if f := c.Focused(); f != nil {
			test.Type(f, s)
		} else {
			test.TypeOnCanvas(c, s)
		}
		settle(t, a, ui)
	}

	// Review → Review article…: tick alice and bob with Space, Tab between.
	reviewItem := menuItem(t, w, "Review", "Review article…")
	reviewItem.Action()
	a.WaitFor(t, "the review dialog", func() bool { return ui.ReviewPicker() != nil })
	// The dialog's widgets embed widget.Check and widget.Entry (Esc
	// cancels from them).
	type check interface{ SetChecked(bool) }
	type entry interface{ SelectedText() string }
	if _, ok := c.Focused().(check); !ok {
		t.Fatalf("focus %T, want the first annotator's check box", c.Focused())
	}
	test.Type(c.Focused(), " ")
	c.FocusNext()
	test.Type(c.Focused(), " ")
	c.FocusNext()
	if _, ok := c.Focused().(entry); !ok {
		t.Fatalf("focus %T, want the result's name", c.Focused())
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	a.WaitFor(t, "the lanes", func() bool { return ui.ReviewOpen() >= 0 })
	settle(t, a, ui)
	if who, cur, ok := ui.Reviewing(); !ok || strings.Join(who, ",") != "alice,bob" || cur != "gold" {
		t.Fatalf("reviewing %v into %q (%v), want alice,bob into gold", who, cur, ok)
	}
	if got, want := gold(), "JURISDICTION Canada imposing"; got != want {
		t.Fatalf("gold after opening: %q, want the agreed span %q", got, want)
	}
	if n := ui.ReviewOpen(); n != 3 {
		t.Fatalf("%d disagreements open, want 3", n)
	}

	// A dialog on top: the review's keys do nothing.
	ui.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	typeKey("n")
	typeKey("1")
	if got := gold(); got != "JURISDICTION Canada imposing" {
		t.Fatalf("keys behind the keyboard sheet changed gold: %q", got)
	}
	ui.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	c.Focus(ui.View())

	steps := []struct {
		keys, want string
		open       int
		st         annotate.Status
	}{
		{"n2", "JURISDICTION Canada imposing; PERSON Junzheng", 2, annotate.StatusInProgress},
		{"b", "JURISDICTION Canada imposing; PERSON Junzheng; JURISDICTION Xinjiang targeted", 1, annotate.StatusInProgress},
		{"x", "JURISDICTION Canada imposing; PERSON Junzheng; JURISDICTION Xinjiang targeted", 0, annotate.StatusDone},
	}
	for _, s := range steps {
		for _, k := range s.keys {
			typeKey(string(k))
		}
		if got := gold(); got != s.want {
			t.Fatalf("after %q gold is %q, want %q", s.keys, got, s.want)
		}
		if n := ui.ReviewOpen(); n != s.open {
			t.Fatalf("after %q %d open, want %d", s.keys, n, s.open)
		}
		if st := status(); st != s.st {
			t.Fatalf("after %q status %s, want %s", s.keys, st, s.st)
		}
	}
	// Undo takes back the last decision and the done with it; N, Shift+N
	// walk back to it, 1 takes alice's EU.
	ui.Undo()
	settle(t, a, ui)
	if st, n := status(), ui.ReviewOpen(); st != annotate.StatusInProgress || n != 1 {
		t.Fatalf("after undo: status %s, %d open; want in_progress, 1", st, n)
	}
	typeKey("N")
	typeKey("n")
	typeKey("1")
	if got, want := gold(), "JURISDICTION Canada imposing; PERSON Junzheng; JURISDICTION Xinjiang targeted; JURISDICTION EU imposing"; got != want {
		t.Fatalf("gold %q, want %q", got, want)
	}
	if st := status(); st != annotate.StatusDone {
		t.Fatalf("status %s, want done", st)
	}

	// The result is an annotator like any other.
	var out, errb bytes.Buffer
	if rc := cli.Run([]string{"export", "--db", db.Path(), "--annotator", "gold"}, &out, &errb, cli.Env{}); rc != 0 {
		t.Fatalf("export: %d %s", rc, errb.String())
	}
	var rec struct {
		Annotator, Status string
		Spans             []struct{ Label, Text string }
	}
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		t.Fatalf("export: %v: %s", err, out.String())
	}
	if rec.Annotator != "gold" || rec.Status != "done" || len(rec.Spans) != 4 {
		t.Fatalf("export %s", out.String())
	}
	out.Reset()
	if rc := cli.Run([]string{"agree", "--db", db.Path(), "--annotators", "alice,gold", "--format", "json"}, &out, &errb, cli.Env{}); rc != 0 {
		t.Fatalf("agree: %d %s", rc, errb.String())
	}
	var rep struct {
		Pairs []struct {
			A, B  string
			Spans struct{ A, B, Exact, Overlap int }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("agree: %v: %s", err, out.String())
	}
	// Canada, Xinjiang and EU are alice's in gold; Wang Junzheng overlaps Junzheng.
	if len(rep.Pairs) != 1 || rep.Pairs[0].B != "gold" || rep.Pairs[0].Spans != (struct{ A, B, Exact, Overlap int }{4, 4, 3, 4}) {
		t.Fatalf("agree alice × gold: %+v", rep.Pairs)
	}
}

// byteAt is the byte offset of code point cp in s.
func byteAt(s string, cp int) int {
	for i := range s {
		if cp == 0 {
			return i
		}
		cp--
	}
	return len(s)
}

// menuItem finds an entry of the window's main menu.
func menuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu entry %s → %s", menu, label)
	return nil
}
