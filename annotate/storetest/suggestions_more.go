package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

func (c *contract) testPatternSets(t *testing.T) {
	db := c.suggestionStore(t)
	sets := []annotate.PatternSet{
		{Name: "b.jsonl", Body: "x", Patterns: 1, Compiled: []byte{1, 2}},
		{Name: "a.jsonl", Body: "y", Patterns: 2, Compiled: []byte{0, 255, 0}}, // kept byte for byte
		{Name: "b.jsonl", Body: "z", Patterns: 3},                              // a set stored again without one has none
	}
	for _, ps := range sets {
		if err := db.SetPatternSet(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.PatternSets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[{a.jsonl y 2 [0 255 0]} {b.jsonl z 3 []}]" || got[1].Compiled != nil {
		t.Errorf("got %v", got)
	}
	if got, err = db.CompiledPatternSets(ctx); err != nil || fmt.Sprint(got) != "[{a.jsonl  0 [0 255 0]} {b.jsonl  0 []}]" || got[1].Compiled != nil {
		t.Errorf("CompiledPatternSets: %v, %v", got, err)
	}
}

// testLabelledStrings: every annotator's spans, counted by (text, label,
// canonical).
func (c *contract) testLabelledStrings(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db) // Xinjiang imported, China by alice
	for _, sp := range []annotate.Span{
		{ArticleID: a.ID, Start: 11, End: 16, Label: "JURISDICTION", Annotator: "bob"},
		{ArticleID: a.ID, Start: 0, End: 6, Label: "JURISDICTION", Canonical: "CA", Annotator: "bob"},
	} {
		if err := db.AddSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	err := db.LabelledStrings(ctx, func(text, label, canonical string, n int) error {
		got[text+"|"+label+"|"+canonical] += n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"China|JURISDICTION|": 2, "Canada|JURISDICTION|CA": 1, "Xinjiang|JURISDICTION|": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// testSuggestionCopier: a store whose suggestions can be copied
// (annotate.SuggestionCopier) hands over each article's stored
// suggestions, every source's and not the imported spans, and every
// decision; PutDecisions stores decisions as they are, without spans,
// all or nothing.
func (c *contract) testSuggestionCopier(t *testing.T) {
	db := c.suggestionStore(t)
	cp, ok := db.SuggestionStore.(annotate.SuggestionCopier)
	if !ok {
		t.Skip("the store's suggestions cannot be copied (annotate.SuggestionCopier)")
	}
	a := suggestArticle(t, db)
	j := func(start, end int) annotate.Suggestion {
		return annotate.Suggestion{Start: start, End: end, Label: "JURISDICTION", Canonical: "x"}
	}
	if err := putRun(t, db, "patterns:p", "", a, j(18, 24), j(0, 6)); err != nil {
		t.Fatal(err)
	}
	if err := putRun(t, db, "corpus", "", a, j(0, 6)); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := cp.StoredSuggestions(ctx, func(id int64, sugs []annotate.Suggestion) error {
		for _, s := range sugs {
			got = append(got, fmt.Sprintf("%d %s %d-%d %s", id-a.ID, s.Source, s.Start, s.End, s.Canonical))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[0 corpus 0-6 x 0 patterns:p 0-6 x 0 patterns:p 18-24 x]"; fmt.Sprint(got) != want {
		t.Errorf("StoredSuggestions: %s, want %s", got, want)
	}
	k := annotate.SuggestionKey{ArticleID: a.ID, Start: 18, End: 24, Label: "JURISDICTION"}
	ds := []annotate.StoredDecision{
		{SuggestionKey: k, Annotator: "carol", Decision: annotate.Accepted},
		{SuggestionKey: k, Annotator: "dave", Decision: annotate.Rejected},
	}
	if err := cp.PutDecisions(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if spans, _ := db.Spans(ctx, a.ID, "carol"); len(spans) != 0 {
		t.Errorf("PutDecisions made spans: %+v", spans)
	}
	var back []annotate.StoredDecision
	if err := cp.StoredDecisions(ctx, func(d annotate.StoredDecision) error { back = append(back, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(ds) {
		t.Errorf("StoredDecisions: %v, want %v", back, ds)
	}
	before := fmt.Sprint(back)
	bad := append(ds[:1:1], annotate.StoredDecision{SuggestionKey: k, Annotator: "erin", Decision: "maybe"})
	if err := cp.PutDecisions(ctx, bad); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("a decision maybe: %v, want ErrInvalid", err)
	}
	gone := k
	gone.ArticleID += 1000
	if err := cp.PutDecisions(ctx, []annotate.StoredDecision{{SuggestionKey: k, Annotator: "erin", Decision: annotate.Rejected}, {SuggestionKey: gone, Annotator: "erin", Decision: annotate.Rejected}}); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("a decision on an absent article: %v, want ErrNotFound", err)
	}
	back = back[:0]
	if err := cp.StoredDecisions(ctx, func(d annotate.StoredDecision) error { back = append(back, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != before {
		t.Errorf("refused decisions changed the store: %v, want %s", back, before)
	}
}

// testSuggestionsTwoSources puts one article's suggestions of a run of two
// sources, out of order: each source keeps its own, in order, and the
// caller's slice is left as it was.
func (c *contract) testSuggestionsTwoSources(t *testing.T) {
	db := c.suggestionStore(t)
	a := suggestArticle(t, db)
	tx, err := db.BeginSuggestions(ctx, []string{"patterns:p", "corpus"}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	s := func(source string, start, end int) annotate.Suggestion {
		return annotate.Suggestion{ArticleID: a.ID, Source: source, Start: start, End: end, Label: "JURISDICTION"}
	}
	sugs := []annotate.Suggestion{s("corpus", 18, 24), s("patterns:p", 18, 24), s("patterns:p", 0, 6), s("corpus", 0, 6), s("patterns:p", 11, 16)}
	before := fmt.Sprint(sugs)
	if err := tx.Put(ctx, a, sugs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(sugs); got != before {
		t.Errorf("Put changed its argument: %s, was %s", got, before)
	}
	want := "0-6 JURISDICTION corpus|0-6 JURISDICTION patterns:p|11-16 JURISDICTION patterns:p|18-24 JURISDICTION corpus|18-24 JURISDICTION patterns:p|46-54 JURISDICTION imported|"
	if got := pending(t, db, a.ID, "bob"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
