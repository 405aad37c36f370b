package storetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// testAssign: Assigned reads back what Assign stored, a new plan replaces
// the old one, a plan naming a missing article changes nothing, and Stats
// counts each annotator's queue. Every store answers Assigned (none for
// an unknown annotator); stores without annotate.Assigner are asked only
// that.
func (c *contract) testAssign(t *testing.T) {
	t.Run("NoneAssigned", func(t *testing.T) {
		st := c.store(t)
		mustImport(t, st, &annotate.Record{Article: annotate.Article{ExtID: "a", Text: "One."}})
		if got, err := st.Assigned(ctx, "nobody"); err != nil || len(got) != 0 {
			t.Errorf("Assigned(nobody): got %v, %v; want none", got, err)
		}
	})
	assigner := func(t *testing.T) (annotate.Assigner, []int64) {
		st := c.store(t)
		as, ok := st.(annotate.Assigner)
		if !ok {
			t.Skipf("%T does not implement annotate.Assigner", st)
		}
		mustImport(t, st,
			&annotate.Record{Article: annotate.Article{ExtID: "a", Text: "One."}},
			&annotate.Record{Article: annotate.Article{ExtID: "b", Text: "Two."}, Annotator: "bob", Status: annotate.StatusDone})
		ids, err := as.ArticleIDs(ctx)
		if err != nil || len(ids) != 2 || ids[0] >= ids[1] {
			t.Fatalf("ArticleIDs: got %v, %v; want two, in order", ids, err)
		}
		return as, ids
	}
	t.Run("OK", func(t *testing.T) {
		as, ids := assigner(t)
		if err := as.Assign(ctx, map[int64][]string{ids[0]: {"alice", "bob"}, ids[1]: {"bob"}}); err != nil {
			t.Fatal(err)
		}
		if got, err := as.Assigned(ctx, "bob"); err != nil || !slices.Equal(got, ids) {
			t.Errorf("Assigned(bob): got %v, %v; want %v", got, err, ids)
		}
		s, err := as.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []annotate.Queue{{Annotator: "alice", Assigned: 1, Open: 1}, {Annotator: "bob", Assigned: 2, Open: 1}}
		if !slices.Equal(s.Queues, want) {
			t.Errorf("queues: got %+v, want %+v", s.Queues, want)
		}
		// The list's queue filter: alice's one article, with a status too.
		f := annotate.ArticleFilter{Annotator: "alice", Assigned: true}
		if rows, err := as.ListArticles(ctx, f); err != nil || len(rows) != 1 || rows[0].ID != ids[0] {
			t.Errorf("ListArticles(alice's queue): got %+v, %v; want article %d", rows, err, ids[0])
		}
		f = annotate.ArticleFilter{Annotator: "bob", Assigned: true, Status: []annotate.Status{annotate.StatusDone}}
		if n, err := as.CountArticles(ctx, f); err != nil || n != 1 {
			t.Errorf("CountArticles(bob's done queue): got %d, %v; want 1", n, err)
		}
	})
	t.Run("Replaces", func(t *testing.T) {
		as, ids := assigner(t)
		for _, plan := range []map[int64][]string{{ids[0]: {"bob"}}, {ids[1]: {"carol"}}} {
			if err := as.Assign(ctx, plan); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := as.Assigned(ctx, "bob"); len(got) != 0 {
			t.Errorf("an earlier plan kept: %v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		as, ids := assigner(t)
		if err := as.Assign(ctx, map[int64][]string{ids[0]: {"carol"}}); err != nil {
			t.Fatal(err)
		}
		if err := as.Assign(ctx, map[int64][]string{ids[1] + 1000: {"dave"}}); !errors.Is(err, annotate.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
		if got, _ := as.Assigned(ctx, "carol"); len(got) != 1 {
			t.Errorf("a failed plan changed the assignments: %v", got)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		as, ids := assigner(t)
		if err := as.Assign(ctx, map[int64][]string{ids[0]: {""}}); !errors.Is(err, annotate.ErrInvalid) {
			t.Errorf("got %v, want ErrInvalid", err)
		}
	})
}
