package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// TestReviewNextArticle: another article opened during a review gets its
// own lanes, agreed spans and disagreements; End review leaves it as the
// annotator before.
func TestReviewNextArticle(t *testing.T) {
	m := newMemStore(art1, "The EU froze assets.")
	err := m.AddSpans(context.Background(), []annotate.Span{
		{ArticleID: 2, Start: 4, End: 6, Label: "JURISDICTION", Annotator: "alice"},
		{ArticleID: 2, Start: 4, End: 6, Label: "ORG", Annotator: "bob"},
		{ArticleID: 2, Start: 7, End: 12, Label: "MEASURE", Annotator: "alice"},
		{ArticleID: 2, Start: 7, End: 12, Label: "MEASURE", Annotator: "bob"},
	})
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	u.OpenArticle(2)
	a.WaitFor(t, "the second article's lanes", func() bool { return u.ReviewOpen() == 1 && !u.Saving() })
	sp, _ := m.Spans(context.Background(), 2, "gold")
	if len(sp) != 1 || sp[0].Label != "MEASURE" {
		t.Fatalf("gold's spans of article 2: %v, want the agreed MEASURE", sp)
	}
	test.Type(u.view, "n")
	test.Type(u.view, "2")
	a.WaitFor(t, "done", func() bool {
		st, _ := m.Status(context.Background(), 2, "gold")
		return st == annotate.StatusDone && !u.Saving()
	})
	u.EndReview()
	if u.annotator != "alice" || u.art.ID != 2 || u.ReviewOpen() != -1 {
		t.Fatalf("after End review: %s on article %d", u.annotator, u.art.ID)
	}
}

// TestReviewWithoutAnnotator: a review asked for at the start works as
// its curator without asking who works; choosing an annotator ends it.
func TestReviewWithoutAnnotator(t *testing.T) {
	m := reviewStore(t)
	u := newTestUIWith(t, m, Options{Version: "test", Poll: -1, Review: []string{"alice", "bob"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 })
	if u.covered() || u.annotator != "gold" {
		t.Fatalf("covered %v, annotator %q; want no dialog and gold", u.covered(), u.annotator)
	}
	u.setAnnotator("carol")
	if _, _, on := u.Reviewing(); on || u.annotator != "carol" || u.view.lanes != nil {
		t.Fatalf("after choosing carol: review %v, annotator %q", on, u.annotator)
	}
}

// TestReviewKeepsTheCuratorsWork: agreed spans are accepted into an
// article the curator has not worked on, not again into one they have.
func TestReviewKeepsTheCuratorsWork(t *testing.T) {
	m := reviewStore(t)
	ctx := context.Background()
	err := m.AddSpans(ctx, []annotate.Span{{ArticleID: 1, Start: 0, End: 6, Label: "ORG", Annotator: "gold"}})
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUIWith(t, m, Options{Version: "test", Annotator: "alice", Poll: -1, Review: []string{"alice", "bob", "carol"}})
	a := loop(u)
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 && !u.Saving() })
	if got := goldSpans(t, m); got != "ORG Canada" {
		t.Fatalf("gold %q, want only the curator's own ORG Canada", got)
	}
}

// TestReviewAcceptAgreedOff: with Review → Accept agreed spans at once
// unticked, opening an article adds nothing to the curator's spans.
func TestReviewAcceptAgreedOff(t *testing.T) {
	m := reviewStore(t)
	u := newTestUI(t, m)
	a := loop(u)
	u.menus.acceptAgreed.Action()
	if u.menus.acceptAgreed.Checked {
		t.Fatal("the entry is still ticked")
	}
	if err := u.StartReview([]string{"alice", "bob", "carol"}, ""); err != nil {
		t.Fatal(err)
	}
	a.WaitFor(t, "the lanes", func() bool { return u.ReviewOpen() >= 0 && !u.Saving() })
	if got := goldSpans(t, m); got != "" {
		t.Fatalf("gold %q, want nothing accepted", got)
	}
}
