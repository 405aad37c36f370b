package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/annotate"
)

func rs(s, e int, label string, attrs ...string) annotate.Span {
	sp := annotate.Span{Start: s, End: e, Label: label}
	for i := 0; i+1 < len(attrs); i += 2 {
		if sp.Attrs == nil {
			sp.Attrs = map[string]string{}
		}
		sp.Attrs[attrs[i]] = attrs[i+1]
	}
	return sp
}

// describeModel prints a model's agreed spans and disagreements.
func describeModel(m *reviewModel) string {
	var b strings.Builder
	for _, sp := range m.agreed {
		fmt.Fprintf(&b, "=%s[%d,%d) ", sp.Label, sp.Start, sp.End)
	}
	for _, d := range m.dis {
		fmt.Fprintf(&b, "[%d,%d) %s:", d.Start, d.End, d.Kind)
		for _, v := range d.Versions {
			b.WriteString(" |")
			for _, sp := range v {
				fmt.Fprintf(&b, "%s%d-%d", sp.Label[:1], sp.Start, sp.End)
			}
		}
		b.WriteString("; ")
	}
	return strings.TrimSpace(b.String())
}

func TestBuildReview(t *testing.T) {
	tests := []struct {
		name  string
		spans [][]annotate.Span
		want  string
	}{
		{"all agree", [][]annotate.Span{{rs(0, 6, "ORG")}, {rs(0, 6, "ORG")}}, "=ORG[0,6)"},
		{"nothing", [][]annotate.Span{nil, nil, nil}, ""},
		{"missing in one", [][]annotate.Span{{rs(0, 6, "ORG")}, {rs(0, 6, "ORG")}, nil},
			"[0,6) missing in one: |O0-6 |O0-6 |;"},
		{"label", [][]annotate.Span{{rs(0, 6, "ORG")}, {rs(0, 6, "PERSON")}}, "[0,6) different label: |O0-6 |P0-6;"},
		{"bounds", [][]annotate.Span{{rs(0, 6, "ORG")}, {rs(2, 6, "ORG")}}, "[0,6) different boundaries: |O0-6 |O2-6;"},
		{"attrs", [][]annotate.Span{{rs(0, 6, "JURISDICTION", "role", "imposing")}, {rs(0, 6, "JURISDICTION", "role", "other")}},
			"[0,6) different attributes: |J0-6 |J0-6;"},
		{"agreed inside a disagreement stays agreed", [][]annotate.Span{
			{rs(0, 20, "MEASURE"), rs(5, 9, "ORG")}, {rs(5, 9, "ORG")}},
			"=ORG[5,9) [0,20) missing in one: |M0-20 |;"},
		{"a chain of overlaps is one disagreement, touching ones are two", [][]annotate.Span{
			{rs(0, 5, "ORG"), rs(8, 12, "ORG"), rs(12, 14, "PERSON")}, {rs(3, 9, "ORG")}},
			"[0,12) different boundaries: |O0-5O8-12 |O3-9; [12,14) missing in one: |P12-14 |;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := make([]string, len(tt.spans))
			for i := range names {
				names[i] = fmt.Sprint("a", i)
			}
			m := buildReview(names, tt.spans)
			if got := describeModel(m); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReviewDecision(t *testing.T) {
	m := buildReview([]string{"a", "b"}, [][]annotate.Span{
		{rs(0, 6, "ORG", "x", "1")}, {rs(0, 6, "ORG", "x", "2"), rs(2, 4, "PERSON")}})
	for _, tt := range []struct {
		choice int
		want   int
	}{{0, 1}, {1, 2}, {choiceBoth, 2}, {choiceNone, 0}} {
		if got := m.decision(0, tt.choice); len(got) != tt.want {
			t.Errorf("choice %d: %d spans %v, want %d", tt.choice, len(got), got, tt.want)
		}
	}
}

// reviewStore holds art1 labelled by alice, bob and carol: all agree on
// the first Canada; Wang Junzheng has other boundaries in bob's work; the
// first China is JURISDICTION for alice, ORG for bob and missing in
// carol's.
func reviewStore(t *testing.T) *memStore {
	m := newMemStore(art1)
	at := art1Span
	err := m.AddSpans(context.Background(), []annotate.Span{
		at("alice", "Canada", "JURISDICTION", 0), at("bob", "Canada", "JURISDICTION", 0), at("carol", "Canada", "JURISDICTION", 0),
		at("alice", "Wang Junzheng", "PERSON", 0), at("bob", "Junzheng", "PERSON", 0), at("carol", "Wang Junzheng", "PERSON", 0),
		at("alice", "China", "JURISDICTION", 0), at("bob", "China", "ORG", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// goldSpans lists the store's gold spans as LABEL text.
func goldSpans(t *testing.T, m *memStore) string {
	t.Helper()
	sp, err := m.Spans(context.Background(), 1, "gold")
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, s := range sp {
		parts = append(parts, s.Label+" "+art1[s.Start:s.End])
	}
	return strings.Join(parts, "; ")
}

// barButton finds the review bar's button with the label, or for the
// ones with an icon only, "prev", "next" and "end".
func barButton(t *testing.T, u *UI, label string) *widget.Button {
	t.Helper()
	icons := map[string]string{"prev": theme.NavigateBackIcon().Name(), "next": theme.NavigateNextIcon().Name(), "end": theme.CancelIcon().Name()}
	for _, o := range u.rv.bar.buttons.Objects {
		b, ok := o.(*widget.Button)
		if ok && (b.Text == label || b.Text == "" && b.Icon != nil && b.Icon.Name() == icons[label]) {
			return b
		}
	}
	t.Fatalf("no review button %q", label)
	return nil
}

// TestReviewMouse reviews with the mouse: the dialog's check boxes and
// button, the review bar's buttons, the Edit menu's Undo.
func TestReviewMouse(t *testing.T) {
	m := reviewStore(t)
	u := newTestUI(t, m)
	a := loop(u)
	settle := func() { a.WaitFor(t, "the changes", func() bool { return !u.Saving() }) }
	u.showReviewPicker()
	a.WaitFor(t, "the review dialog", func() bool { return u.ReviewPicker() != nil })
	p := u.rv.picker
	if len(p.checks) != 3 {
		t.Fatalf("%d annotators offered, want 3", len(p.checks))
	}
	test.Tap(p.checks[0])
	test.Tap(p.ok) // one is not enough
	if !u.covered() || u.rv.on {
		t.Fatal("the review started with one annotator")
	}
	test.Tap(p.checks[1])
	test.Tap(p.checks[2])
	test.Tap(p.ok)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	settle()
	if u.annotator != "gold" || u.covered() {
		t.Fatalf("annotator %q, covered %v; want gold and the dialog closed", u.annotator, u.covered())
	}
	if got := goldSpans(t, m); got != "JURISDICTION Canada" {
		t.Fatalf("gold %q, want the agreed Canada", got)
	}
	if want := "Accepted 1 span every annotator agrees on (Ctrl+Z takes it back)."; u.bar.msg.Text != want {
		t.Errorf("status bar %q, want %q", u.bar.msg.Text, want)
	}
	if u.ReviewOpen() != 2 {
		t.Fatalf("%d open, want 2", u.ReviewOpen())
	}
	test.Tap(barButton(t, u, "next"))
	if got, want := u.rv.bar.who[1].Text, "2 bob: PERSON “Junzheng”"; got != want {
		t.Fatalf("bob's line %q, want %q", got, want)
	}
	if got := u.rv.bar.progress.Text; got != "→ gold: 2 of 2 open" || u.rv.bar.at.Text != "1 of 2: different boundaries" {
		t.Fatalf("progress %q, at %q", got, u.rv.bar.at.Text)
	}
	test.Tap(barButton(t, u, "2"))
	settle()
	if got := goldSpans(t, m); got != "JURISDICTION Canada; PERSON Junzheng" {
		t.Fatalf("gold %q after bob's version", got)
	}
	test.Tap(barButton(t, u, "Both"))
	settle()
	if got := goldSpans(t, m); got != "JURISDICTION Canada; PERSON Junzheng; JURISDICTION China; ORG China" {
		t.Fatalf("gold %q after both", got)
	}
	if st, _ := m.Status(context.Background(), 1, "gold"); st != annotate.StatusDone {
		t.Fatalf("status %s, want done", st)
	}
	undo := u.menus.main.Items[1].Items[0]
	undo.Action()
	settle()
	if st, _ := m.Status(context.Background(), 1, "gold"); st == annotate.StatusDone || u.ReviewOpen() != 1 {
		t.Fatalf("after undo: status %s, %d open", st, u.ReviewOpen())
	}
	test.Tap(barButton(t, u, "None"))
	settle()
	if got := goldSpans(t, m); got != "JURISDICTION Canada; PERSON Junzheng" {
		t.Fatalf("gold %q after none", got)
	}
	if st, _ := m.Status(context.Background(), 1, "gold"); st != annotate.StatusDone {
		t.Fatalf("status %s, want done", st)
	}
	test.Tap(barButton(t, u, "end"))
	if u.rv.on || u.annotator != "alice" || u.view.lanes != nil {
		t.Fatalf("after End review: on %v, annotator %q", u.rv.on, u.annotator)
	}
}

// TestReviewDigitsLabelASelection: with text selected, digits label it
// as always; without, they take a version.
func TestReviewDigitsLabelASelection(t *testing.T) {
	m := reviewStore(t)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "carol"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	i := strings.Index(art1, "froze")
	u.view.SetSelection(i, i+5)
	test.Type(u.view, "3")
	a.WaitFor(t, "the changes", func() bool { return !u.Saving() })
	if got := goldSpans(t, m); got != "JURISDICTION Canada; MEASURE froze" {
		t.Fatalf("gold %q, want froze labelled with key 3", got)
	}
	// Labelling by hand in a disagreement decides it; the last one makes
	// the article done.
	for k, w := range []string{"Wang Junzheng", "China"} {
		i := strings.Index(art1, w)
		u.view.SetSelection(i, i+len(w))
		test.Type(u.view, "4")
		a.WaitFor(t, "the changes", func() bool { return !u.Saving() })
		if n := u.ReviewOpen(); n != 1-k {
			t.Fatalf("after labelling %s by hand %d open, want %d", w, n, 1-k)
		}
	}
	a.WaitFor(t, "done", func() bool {
		st, _ := m.Status(context.Background(), 1, "gold")
		return st == annotate.StatusDone && !u.Saving()
	})
}

// TestReviewSomeoneAbsent: when a reviewed annotator has not labelled
// the article, deciding everything does not make it done by itself.
func TestReviewSomeoneAbsent(t *testing.T) {
	m := reviewStore(t)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "dave"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	if got, want := u.rv.bar.who[2].Text, "3 dave has not labelled this article"; got != want {
		t.Fatalf("dave's line %q, want %q", got, want)
	}
	test.Type(u.view, "n")
	for u.ReviewOpen() > 0 {
		test.Type(u.view, "x")
		a.WaitFor(t, "the changes", func() bool { return !u.Saving() })
	}
	if st, _ := m.Status(context.Background(), 1, "gold"); st == annotate.StatusDone {
		t.Fatalf("status %s with dave absent", st)
	}
}

// TestReviewWalkLeavesOneCaret: N puts the caret at the disagreement and
// takes it from the line it left (the view redraws the old selection's
// lines after the change).
func TestReviewWalkLeavesOneCaret(t *testing.T) {
	m := reviewStore(t)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "carol"}})
	a := loop(u)
	u.win.Resize(fyne.NewSize(600, 600)) // the two disagreements on two lines
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	u.win.Canvas().Focus(u.view)
	caret := u.view.Theme().Color(theme.ColorNamePrimary, theme.VariantLight)
	carets := func() (lines []int) {
		for li, rw := range u.view.r.rows {
			for _, o := range rw.c.Objects {
				if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == caret && r.Size().Width <= 2 {
					lines = append(lines, li)
				}
			}
		}
		return lines
	}
	for _, k := range []string{"n", "n", "N", "n"} {
		test.Type(u.view, k)
		if c := carets(); len(c) != 1 || c[0] != u.view.m.lineOf(u.rv.m.dis[u.rv.cur].Start) {
			t.Fatalf("after %s: carets on lines %v, want one on the disagreement's line", k, c)
		}
	}
}

// TestReviewClickPicksDisagreement: a click on a disagreement's lanes
// makes it the one 1…n, B and X decide.
func TestReviewClickPicksDisagreement(t *testing.T) {
	m := reviewStore(t)
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "carol"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	v := u.view
	china := strings.Index(art1, "China")
	p := posOf(v, china+2, 0)
	p.Y += v.lm.textH/2 + float32(v.lm.slots)*(bandH+bandGap) + 2*laneStep // bob's lane
	v.Tapped(&fyne.PointEvent{Position: p})
	if u.rv.cur < 0 || u.rv.m.dis[u.rv.cur].Start != china {
		t.Fatalf("after a click on China's lanes the disagreement walked to is %d", u.rv.cur)
	}
	test.Type(v, "1")
	a.WaitFor(t, "the changes", func() bool { return !u.Saving() })
	if got, want := goldSpans(t, m), "JURISDICTION Canada; JURISDICTION China"; got != want {
		t.Fatalf("gold %q, want %q", got, want)
	}
}
