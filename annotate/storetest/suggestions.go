package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// The contract of annotate.SuggestionStore: runs replace a source's
// suggestions, the imported spans wait as source "imported", decisions
// are per annotator and hide the span from every source, accepting makes
// the annotator's span, stats count per source, a bad run stores nothing.
// Each group is skipped for a store that keeps no suggestions.

// suggestionStore opens a new store that keeps suggestions, or skips.
func (c *contract) suggestionStore(t *testing.T) suggestStore {
	t.Helper()
	st := c.store(t)
	ss, ok := st.(annotate.SuggestionStore)
	if !ok {
		t.Skip("the store does not keep suggestions (annotate.SuggestionStore)")
	}
	return suggestStore{st, ss}
}

// suggestStore is a Store and its SuggestionStore.
type suggestStore struct {
	annotate.Store
	annotate.SuggestionStore
}

func importOne(t *testing.T, db suggestStore, rec *annotate.Record) int64 {
	t.Helper()
	return mustImport(t, db, rec)[rec.Article.ExtID]
}

// suggestArticle imports one article, with one span imported without an
// annotator and one of alice's, and returns it.
func suggestArticle(t *testing.T, db suggestStore) *annotate.Article {
	t.Helper()
	text := "Canada and China: Canada imposed sanctions on Xinjiang."
	id := importOne(t, db, &annotate.Record{
		Article: annotate.Article{ExtID: "s1", Title: "suggest me", Text: text},
		Spans:   []annotate.Span{{Start: 46, End: 54, Label: "JURISDICTION"}},
	})
	if err := db.AddSpan(ctx, &annotate.Span{ArticleID: id, Start: 11, End: 16, Label: "JURISDICTION", Annotator: "alice"}); err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func putRun(t *testing.T, db suggestStore, source, acceptAs string, a *annotate.Article, sugs ...annotate.Suggestion) error {
	t.Helper()
	tx, err := db.BeginSuggestions(ctx, []string{source}, acceptAs)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range sugs {
		sugs[i].ArticleID, sugs[i].Source = a.ID, source
	}
	if err := tx.Put(ctx, a, sugs); err != nil {
		return err
	}
	return tx.Commit()
}

func pending(t *testing.T, db suggestStore, id int64, annotator string) string {
	t.Helper()
	sugs, err := db.Suggestions(ctx, id, annotator)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	for _, s := range sugs {
		out += fmt.Sprintf("%d-%d %s %s|", s.Start, s.End, s.Label, s.Source)
	}
	return out
}

func (c *contract) testSuggestions(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	j := func(start, end int) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: "JURISDICTION", Canonical: "x"}
	}
	if err := putRun(t, db, "patterns:p", "", a, j(0, 6), j(11, 16), j(18, 24)); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		// alice labelled China: that suggestion is not hers to see; the
		// span imported without an annotator is, as "imported".
		if got, want := pending(t, db, a.ID, "alice"), "0-6 JURISDICTION patterns:p|18-24 JURISDICTION patterns:p|46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if got, want := pending(t, db, a.ID, "bob"), "0-6 JURISDICTION patterns:p|11-16 JURISDICTION patterns:p|18-24 JURISDICTION patterns:p|46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("RunReplaces", func(t *testing.T) {
		if err := putRun(t, db, "corpus", "", a, j(0, 6)); err != nil {
			t.Fatal(err)
		}
		if err := putRun(t, db, "corpus", "", a, j(18, 24)); err != nil {
			t.Fatal(err)
		}
		if got, want := pending(t, db, a.ID, "alice"), "0-6 JURISDICTION patterns:p|18-24 JURISDICTION corpus|18-24 JURISDICTION patterns:p|46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("RejectionRemembered", func(t *testing.T) {
		if _, err := db.Decide(ctx, "alice", annotate.Rejected, []annotate.Suggestion{{ArticleID: a.ID, Start: 18, End: 24, Label: "JURISDICTION"}}); err != nil {
			t.Fatal(err)
		}
		// Run again: the rejected span comes back from no source.
		if err := putRun(t, db, "patterns:p", "", a, j(0, 6), j(18, 24)); err != nil {
			t.Fatal(err)
		}
		if got, want := pending(t, db, a.ID, "alice"), "0-6 JURISDICTION patterns:p|46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if got := pending(t, db, a.ID, "bob"); got == "" {
			t.Error("alice's rejection hid bob's suggestions")
		}
	})
	t.Run("AcceptMakesSpan", func(t *testing.T) {
		spans, err := db.Decide(ctx, "alice", annotate.Accepted, []annotate.Suggestion{
			{ArticleID: a.ID, Start: 0, End: 6, Label: "JURISDICTION", Canonical: "CA"},
			{ArticleID: a.ID, Start: 11, End: 16, Label: "JURISDICTION"}, // hers already
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(spans) != 2 || spans[0].ID == 0 || spans[1].ID == 0 {
			t.Fatalf("got %+v", spans)
		}
		own, _ := db.Spans(ctx, a.ID, "alice")
		if len(own) != 2 || own[0].Canonical != "CA" {
			t.Errorf("alice's spans: %+v", own)
		}
		if got, want := pending(t, db, a.ID, "alice"), "46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("Undecide", func(t *testing.T) {
		if err := db.Undecide(ctx, "alice", []annotate.SuggestionKey{{ArticleID: a.ID, Start: 18, End: 24, Label: "JURISDICTION"}}); err != nil {
			t.Fatal(err)
		}
		if got, want := pending(t, db, a.ID, "alice"), "18-24 JURISDICTION corpus|18-24 JURISDICTION patterns:p|46-54 JURISDICTION imported|"; got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
	t.Run("Stats", func(t *testing.T) {
		if _, err := db.Decide(ctx, "bob", annotate.Rejected, []annotate.Suggestion{{ArticleID: a.ID, Start: 46, End: 54, Label: "JURISDICTION"}}); err != nil {
			t.Fatal(err)
		}
		st, err := db.SuggestionStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(st)
		want := "[{corpus JURISDICTION 1 0 0} {imported JURISDICTION 0 0 1} {patterns:p JURISDICTION 1 1 0}]"
		if got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}

func (c *contract) testSuggestionsErrInvalid(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	bad := []annotate.Suggestion{
		{Start: 50, End: 999, Label: "JURISDICTION"},
		{Start: 3, End: 3, Label: "JURISDICTION"},
		{Start: 0, End: 6, Label: "NOPE"},
	}
	for _, s := range bad {
		if err := putRun(t, db, "cmd:x", "", a, annotate.Suggestion{Start: 0, End: 6, Label: "ORG"}, s); !errors.Is(err, annotate.ErrInvalid) {
			t.Errorf("%+v: got %v, want ErrInvalid", s, err)
		}
	}
	if got, want := pending(t, db, a.ID, "bob"), "46-54 JURISDICTION imported|"; got != want {
		t.Errorf("half a bad run stored: got %s, want %s", got, want)
	}
	if _, err := db.Suggestions(ctx, 9999, "bob"); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("absent article: got %v", err)
	}
}

func (c *contract) testSuggestionsAcceptAs(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	if err := putRun(t, db, "patterns:p", "patterns", a,
		annotate.Suggestion{Start: 0, End: 6, Label: "JURISDICTION"}, annotate.Suggestion{Start: 0, End: 6, Label: "JURISDICTION"}); err != nil {
		t.Fatal(err)
	}
	own, err := db.Spans(ctx, a.ID, "patterns")
	if err != nil || len(own) != 1 {
		t.Fatalf("got %+v, %v; want one span of annotator patterns", own, err)
	}
	if st, _ := db.Status(ctx, a.ID, "patterns"); st != annotate.StatusInProgress {
		t.Errorf("status %s", st)
	}
	if st, _ := db.SuggestionStats(ctx); len(st) != 1 || st[0].Source != "imported" {
		t.Errorf("a silver run counted as decisions or suggestions: %+v", st)
	}
}

func (c *contract) testEachArticleStatus(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	b := importOne(t, db, &annotate.Record{Article: annotate.Article{ExtID: "s2", Title: "two", Text: "Two."}})
	ids := func(st []annotate.Status, who string) string {
		var out []int64
		if err := db.EachArticle(ctx, st, who, func(x *annotate.Article) error { out = append(out, x.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(out)
	}
	todo := []annotate.Status{annotate.StatusTodo}
	for _, tt := range []struct {
		st   []annotate.Status
		who  string
		want string
	}{
		{nil, "", fmt.Sprint([]int64{a.ID, b})},
		{todo, "alice", fmt.Sprint([]int64{b})},
		{todo, "bob", fmt.Sprint([]int64{a.ID, b})},
		{todo, "", fmt.Sprint([]int64{b})},
	} {
		if got := ids(tt.st, tt.who); got != tt.want {
			t.Errorf("%v %q: got %s, want %s", tt.st, tt.who, got, tt.want)
		}
	}
}

func (c *contract) testHasSuggestionsFilter(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db) // one span imported without an annotator
	b := importOne(t, db, &annotate.Record{Article: annotate.Article{ExtID: "s2", Title: "two", Text: "Nothing to see."}})
	count := func(who string) int {
		n, err := db.CountArticles(ctx, annotate.ArticleFilter{Annotator: who, HasSuggestions: true})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("bob"); n != 1 {
		t.Errorf("bob: %d articles with suggestions, want 1 (the imported span)", n)
	}
	if _, err := db.Decide(ctx, "bob", annotate.Rejected, []annotate.Suggestion{{ArticleID: a.ID, Start: 46, End: 54, Label: "JURISDICTION"}}); err != nil {
		t.Fatal(err)
	}
	if n := count("bob"); n != 0 {
		t.Errorf("bob decided everything: %d articles, want 0", n)
	}
	other := &annotate.Article{ID: b, ExtID: "s2", Text: "Nothing to see."}
	if err := putRun(t, db, "corpus", "", other, annotate.Suggestion{Start: 0, End: 7, Label: "ORG"}); err != nil {
		t.Fatal(err)
	}
	if n := count("bob"); n != 1 {
		t.Errorf("after a run: %d articles, want 1", n)
	}
}

// testSuggestionDecisions: Decisions returns an annotator's own
// decisions only, deciding again replaces, a bad decision is ErrInvalid
// and changes nothing, and accepting returns the span as stored.
func (c *contract) testSuggestionDecisions(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	k := annotate.Suggestion{ArticleID: a.ID, Start: 0, End: 6, Label: "JURISDICTION"}
	if _, err := db.Decide(ctx, "alice", annotate.Rejected, []annotate.Suggestion{k}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Decide(ctx, "bob", annotate.Accepted, []annotate.Suggestion{k}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Decide(ctx, "alice", "maybe", []annotate.Suggestion{k}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("decision maybe: got %v, want ErrInvalid", err)
	}
	got, err := db.Decisions(ctx, a.ID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint(map[annotate.SuggestionKey]annotate.Decision{k.Key(): annotate.Rejected}); fmt.Sprint(got) != want {
		t.Errorf("alice's decisions: got %v, want %s", got, want)
	}
	spans, err := db.Decide(ctx, "alice", annotate.Accepted, []annotate.Suggestion{k, k})
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 1 || spans[0].ID == 0 || spans[0].Annotator != "alice" || spans[0].Start != 0 || spans[0].End != 6 {
		t.Errorf("accepting twice the same span: got %+v, want alice's one span", spans)
	}
	if got, _ := db.Decisions(ctx, a.ID, "alice"); got[k.Key()] != annotate.Accepted {
		t.Errorf("deciding again: got %v, want accepted", got)
	}
	if got, _ := db.Decisions(ctx, a.ID, "carol"); len(got) != 0 {
		t.Errorf("carol decided nothing: got %v", got)
	}
}
