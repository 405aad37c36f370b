package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// relReviewStore holds art1 labelled by alice and bob. Both have Canada,
// froze, Wang Junzheng and the first China, and froze imposed_by Canada;
// alice has the last Canada too. Their relations differ: froze targets
// Wang Junzheng is alice's alone, froze → China is targets for alice and
// imposed_by for bob, froze targets the last Canada is alice's alone and
// its tail is in a span disagreement.
func relReviewStore(t *testing.T) *memStore {
	t.Helper()
	ctx := context.Background()
	m := newMemStore(art1)
	at := art1Span
	ids := map[string]int64{} // "who text#nth" → ID
	rels := map[string][][3]string{
		"alice": {{"froze", "imposed_by", "Canada"}, {"froze", "targets", "Wang Junzheng"}, {"froze", "targets", "China"}, {"froze", "targets", "Canada#2"}},
		"bob":   {{"froze", "imposed_by", "Canada"}, {"froze", "imposed_by", "China"}},
	}
	for _, who := range []string{"alice", "bob"} {
		spans := []annotate.Span{at(who, "Canada", "JURISDICTION", 0), at(who, "froze", "MEASURE", 0),
			at(who, "Wang Junzheng", "PERSON", 0), at(who, "China", "JURISDICTION", 0)}
		names := []string{"Canada", "froze", "Wang Junzheng", "China"}
		if who == "alice" {
			spans = append(spans, at(who, "Canada", "JURISDICTION", 2))
			names = append(names, "Canada#2")
		}
		if err := m.AddSpans(ctx, spans); err != nil {
			t.Fatal(err)
		}
		for i, sp := range spans {
			ids[who+" "+names[i]] = sp.ID
		}
		for _, r := range rels[who] {
			rel := annotate.Relation{Head: ids[who+" "+r[0]], Tail: ids[who+" "+r[2]], Label: r[1]}
			if err := m.AddRelation(ctx, &rel); err != nil {
				t.Fatal(err)
			}
		}
	}
	return m
}

// art1Span is who's span of the nth (from 0) s in art1.
func art1Span(who, s, label string, nth int) annotate.Span {
	i := -1
	for ; nth >= 0; nth-- {
		i += 1 + strings.Index(art1[i+1:], s)
	}
	return annotate.Span{ArticleID: 1, Start: i, End: i + len(s), Label: label, Annotator: who}
}

// goldRels lists the store's gold relations as `type head→tail`, sorted.
func goldRels(t *testing.T, m *memStore) string {
	t.Helper()
	ctx := context.Background()
	rels, err := m.Relations(ctx, 1, "gold")
	if err != nil {
		t.Fatal(err)
	}
	spans, err := m.Spans(ctx, 1, "gold")
	if err != nil {
		t.Fatal(err)
	}
	text := func(id int64) string {
		for _, sp := range spans {
			if sp.ID == id {
				return art1[sp.Start:sp.End] + strings.Repeat("'", sp.Start/60) // ' the last Canada
			}
		}
		return "?"
	}
	var out []string
	for _, r := range rels {
		out = append(out, r.Label+" "+text(r.Head)+"→"+text(r.Tail))
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

func reviewAliceBob(t *testing.T, m *memStore) *UI {
	t.Helper()
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob"}})
	loop(u).WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	settle(t, u)
	u.win.Canvas().Focus(u.view)
	return u
}

// TestReviewRelationsKeys reviews relations with the keyboard alone:
// the agreed one is accepted with its spans, the others are walked after
// the span disagreement and decided with 1, 2 and X; taking a relation
// whose tail the curator lacks takes the span too, and one undo takes
// both back.
func TestReviewRelationsKeys(t *testing.T) {
	m := relReviewStore(t)
	u := reviewAliceBob(t, m)
	key := func(k string) {
		t.Helper()
		typeKeys(u, k)
		settle(t, u)
	}
	if got, want := goldSpans(t, m), "JURISDICTION Canada; MEASURE froze; PERSON Wang Junzheng; JURISDICTION China"; got != want {
		t.Fatalf("gold spans %q, want the agreed ones %q", got, want)
	}
	if got, want := goldRels(t, m), "imposed_by froze→Canada"; got != want {
		t.Fatalf("gold relations %q, want the agreed one %q", got, want)
	}
	if n := u.ReviewOpen(); n != 4 {
		t.Fatalf("%d open, want 4 (a span, three relations)", n)
	}
	key("n")
	key("x") // the last Canada: none
	if got, want := u.rv.bar.at.Text, "2 of 4: relation missing in one"; got != want {
		t.Fatalf("review bar %q, want %q", got, want)
	}
	if a, b := u.rv.bar.who[0].Text, u.rv.bar.who[1].Text; a != "1 alice: targets “froze” → “Wang Junzheng”" || b != "2 bob: nothing" {
		t.Fatalf("the versions' lines %q, %q", a, b)
	}
	key("1")
	if got := u.rv.bar.who[1].Text; got != "2 bob: imposed_by “froze” → “China”" || !strings.Contains(u.rv.bar.at.Text, "different type") {
		t.Fatalf("at %q, bob's line %q", u.rv.bar.at.Text, got)
	}
	key("2")
	key("1") // froze targets the last Canada, which gold lacks
	const all = "imposed_by froze→Canada; imposed_by froze→China; targets froze→Canada'; targets froze→Wang Junzheng"
	if got := goldRels(t, m); got != all {
		t.Fatalf("gold relations %q, want %q", got, all)
	}
	if got, want := goldSpans(t, m), "JURISDICTION Canada; MEASURE froze; PERSON Wang Junzheng; JURISDICTION China; JURISDICTION Canada"; got != want {
		t.Fatalf("gold spans %q, want the last Canada taken with its relation: %q", got, want)
	}
	if st, _ := m.Status(context.Background(), 1, "gold"); st != annotate.StatusDone || u.ReviewOpen() != 0 {
		t.Fatalf("status %s, %d open; want done, 0", st, u.ReviewOpen())
	}
	u.Undo()
	settle(t, u)
	if got, want := goldRels(t, m), "imposed_by froze→Canada; imposed_by froze→China; targets froze→Wang Junzheng"; got != want {
		t.Fatalf("after undo gold relations %q, want %q", got, want)
	}
	if got := goldSpans(t, m); strings.Count(got, "Canada") != 1 {
		t.Fatalf("after undo gold spans %q: the last Canada stayed", got)
	}
	if st, _ := m.Status(context.Background(), 1, "gold"); st == annotate.StatusDone || u.ReviewOpen() != 1 {
		t.Fatalf("after undo status %s, %d open; want not done, 1", st, u.ReviewOpen())
	}
	key("N")
	key("n")
	key("x")
	if st, _ := m.Status(context.Background(), 1, "gold"); st != annotate.StatusDone || u.ReviewOpen() != 0 {
		t.Fatalf("after X status %s, %d open; want done, 0", st, u.ReviewOpen())
	}
	if got, want := goldRels(t, m), "imposed_by froze→Canada; imposed_by froze→China; targets froze→Wang Junzheng"; got != want {
		t.Fatalf("after X gold relations %q, want %q", got, want)
	}
}

// TestReviewNoneKeptOnRestart: a disagreement decided with X, which
// leaves nothing in gold, is still decided when the window opens again
// on the same store; one taken back with undo is open again.
func TestReviewNoneKeptOnRestart(t *testing.T) {
	m := relReviewStore(t)
	u := reviewAliceBob(t, m)
	typeKeys(u, "nxx") // the last Canada, then froze targets Wang Junzheng: none
	typeKeys(u, "x")   // froze → China: none, then taken back
	settle(t, u)
	u.Undo()
	settle(t, u)
	if n := u.ReviewOpen(); n != 2 {
		t.Fatalf("%d open before closing, want 2", n)
	}
	closeTestUI(u)
	if err := u.Wait(); err != nil {
		t.Fatal(err)
	}
	u = reviewAliceBob(t, m)
	if n := u.ReviewOpen(); n != 2 {
		t.Fatalf("%d open after opening again, want 2: the X decisions were not kept", n)
	}
	for i, want := range []bool{true, true, false, false} {
		if got := u.rv.decided(i); got != want {
			t.Errorf("after opening again disagreement %d decided %v, want %v", i+1, got, want)
		}
	}
}

// typeKeys types keys into the article view, one at a time.
func typeKeys(u *UI, keys string) { test.Type(u.view, keys) }

func TestBuildReviewRelations(t *testing.T) {
	sp := func(id int64, s, e int, label string) annotate.Span {
		return annotate.Span{ID: id, Start: s, End: e, Label: label}
	}
	rel := func(h, tl int64, label string) annotate.Relation {
		return annotate.Relation{Head: h, Tail: tl, Label: label}
	}
	spans := [][]annotate.Span{
		{sp(1, 0, 6, "JURISDICTION"), sp(2, 7, 12, "MEASURE"), sp(3, 20, 25, "ORG")},
		{sp(11, 0, 6, "JURISDICTION"), sp(12, 7, 12, "MEASURE"), sp(13, 20, 25, "ORG"), sp(14, 30, 35, "ORG")},
	}
	rels := [][]annotate.Relation{
		{rel(2, 1, "imposed_by"), rel(2, 3, "targets")},
		{rel(12, 11, "imposed_by"), rel(12, 13, "imposed_by"), rel(12, 14, "targets")},
	}
	m := buildReview([]string{"a", "b"}, spans)
	m.addRelations(spans, rels)
	if len(m.agreedRels) != 1 || m.agreedRels[0].Label != "imposed_by" || m.agreedRels[0].Tail.Start != 0 {
		t.Fatalf("agreed %+v, want imposed_by → [0,6)", m.agreedRels)
	}
	var got []string
	for _, d := range m.rdis {
		got = append(got, d.Kind.String()+" "+d.key())
	}
	want := []string{
		`relation different type relation 7 12 "MEASURE" 20 25 "ORG"`,
		`relation missing in one relation 7 12 "MEASURE" 30 35 "ORG"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("relation disagreements\n%q\nwant\n%q", got, want)
	}
	if d := m.relDecision(0, choiceBoth); len(d) != 2 {
		t.Errorf("both versions: %+v", d)
	}
	if d := m.relDecision(1, 0); len(d) != 0 {
		t.Errorf("a's version of the missing one: %+v, want none", d)
	}
	if n := m.items(); n != 3 { // [30,35) ORG is a span disagreement
		t.Errorf("%d items, want 3", n)
	}
}

// noDecisions hides the memStore's ReviewStore: the field shadows the
// method, as a store without the table would.
type noDecisions struct {
	*memStore
	ReviewDecisions struct{}
}

// TestReviewNoneWithoutStore: on a store that keeps no decisions, X
// decides for the window's session, and the review bar says so.
func TestReviewNoneWithoutStore(t *testing.T) {
	m := relReviewStore(t)
	u := newTestUIWith(t, noDecisions{memStore: m}, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob"}})
	loop(u).WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	settle(t, u)
	typeKeys(u, "nx")
	settle(t, u)
	if n := u.ReviewOpen(); n != 3 {
		t.Fatalf("%d open after X, want 3", n)
	}
	if got := u.rv.bar.progress.Text; got != "→ gold: 3 of 4 open · None lasts until the window closes" {
		t.Fatalf("review bar %q", got)
	}
	if len(m.decided) != 0 {
		t.Fatalf("decisions kept in a store without them: %v", m.decided)
	}
}
