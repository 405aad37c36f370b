package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// testReviewDecisions: a store that keeps review decisions
// (annotate.ReviewStore) keeps each curator's keys per article, sorted,
// once each; forgetting one that is absent is no error; an absent
// article is ErrNotFound.
func (c *contract) testReviewDecisions(t *testing.T) {
	st := c.store(t)
	rs, ok := st.(annotate.ReviewStore)
	if !ok {
		t.Skip("the store does not keep review decisions (annotate.ReviewStore)")
	}
	ids := mustImport(t, st, plainRecord("a", "A", relText), plainRecord("b", "B", "XPCC said nothing."))
	a, b := ids["a"], ids["b"]
	for _, k := range []string{"span 7 12", `relation 7 12 "MEASURE" 0 6 "JURISDICTION"`, "span 0 6", "span 7 12"} {
		if err := rs.SetReviewDecision(ctx, a, "gold", k, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := rs.SetReviewDecision(ctx, a, "gold", "span 7 12", false); err != nil {
		t.Fatal(err)
	}
	if err := rs.SetReviewDecision(ctx, a, "gold", "span 99 100", false); err != nil {
		t.Errorf("forgetting an absent decision: %v", err)
	}
	if err := rs.SetReviewDecision(ctx, b, "carol", "span 0 4", true); err != nil {
		t.Fatal(err)
	}
	want := map[[2]any][]string{
		{a, "gold"}:  {`relation 7 12 "MEASURE" 0 6 "JURISDICTION"`, "span 0 6"},
		{a, "carol"}: nil,
		{b, "gold"}:  nil,
		{b, "carol"}: {"span 0 4"},
	}
	for k, w := range want {
		got, err := rs.ReviewDecisions(ctx, k[0].(int64), k[1].(string))
		if err != nil || !slices.Equal(got, w) {
			t.Errorf("ReviewDecisions(%v, %s) = %q, %v; want %q", k[0], k[1], got, err, w)
		}
	}
	if err := rs.SetReviewDecision(ctx, a+b+100, "gold", "span 0 6", true); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("a decision on an absent article: %v, want ErrNotFound", err)
	}
	if got, err := rs.ReviewDecisions(ctx, a+b+100, "gold"); err != nil || len(got) != 0 {
		t.Errorf("decisions of an absent article: %q, %v; want none", got, err)
	}
}
