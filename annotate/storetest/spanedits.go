package storetest

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// withSpans returns a store with one article of spanText, where carol has
// ORG[0,6), MEASURE[7,16) and PERSON[22,31), and the three spans.
func (c *contract) withSpans(t *testing.T) (annotate.Store, []annotate.Span) {
	t.Helper()
	st, ids := c.withArticles(t, "a")
	spans := []annotate.Span{
		{ArticleID: ids["a"], Start: 0, End: 6, Label: "ORG", Annotator: "carol"},
		{ArticleID: ids["a"], Start: 7, End: 16, Label: "MEASURE", Annotator: "carol"},
		{ArticleID: ids["a"], Start: 22, End: 31, Label: "PERSON", Annotator: "carol"},
	}
	if err := st.AddSpans(ctx, spans); err != nil {
		t.Fatal(err)
	}
	return st, spans
}

// absentSpan returns an id that none of spans has.
func absentSpan(spans []annotate.Span) int64 {
	id := int64(1)
	for _, sp := range spans {
		id = max(id, sp.ID+1)
	}
	return id + 1000
}

func (c *contract) testUpdateSpan(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, spans := c.withSpans(t)
		sp := spans[0]
		sp.Start, sp.End, sp.Label = 35, 43, "JURISDICTION"
		sp.Attrs, sp.Note, sp.Canonical = map[string]string{"role": "targeted"}, "moved", "Xinjiang"
		if err := st.UpdateSpan(ctx, &sp); err != nil {
			t.Fatal(err)
		}
		got, err := st.Spans(ctx, sp.ArticleID, "carol")
		if err != nil {
			t.Fatal(err)
		}
		want := spanList([]annotate.Span{spans[1], spans[2], sp}, false)
		if spanList(got, false) != want || got[2].ID != sp.ID {
			t.Errorf("after UpdateSpan:\n got %s (id %d)\nwant %s (id %d)", spanList(got, false), got[2].ID, want, sp.ID)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		st, spans := c.withSpans(t)
		before := state(t, st)
		sp := spans[0]
		sp.ID, sp.Note = absentSpan(spans), "changed"
		wantErr(t, "UpdateSpan of an absent span", st.UpdateSpan(ctx, &sp), annotate.ErrNotFound)
		unchanged(t, st, before, "a failed UpdateSpan")
	})
}

func (c *contract) testDeleteSpan(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, spans := c.withSpans(t)
		if err := st.DeleteSpan(ctx, spans[1].ID); err != nil {
			t.Fatal(err)
		}
		if got, want := spansOf(t, st, spans[0].ArticleID, "carol", false), spanList([]annotate.Span{spans[0], spans[2]}, false); got != want {
			t.Errorf("got %s want %s", got, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		st, spans := c.withSpans(t)
		if err := st.DeleteSpan(ctx, spans[1].ID); err != nil {
			t.Fatal(err)
		}
		before := state(t, st)
		wantErr(t, "DeleteSpan of a deleted span", st.DeleteSpan(ctx, spans[1].ID), annotate.ErrNotFound)
		wantErr(t, "DeleteSpan of an absent span", st.DeleteSpan(ctx, absentSpan(spans)), annotate.ErrNotFound)
		unchanged(t, st, before, "a failed DeleteSpan")
	})
}

func (c *contract) testDeleteSpans(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, spans := c.withSpans(t)
		if err := st.DeleteSpans(ctx, []int64{spans[2].ID, spans[0].ID}); err != nil {
			t.Fatal(err)
		}
		if got, want := spansOf(t, st, spans[0].ArticleID, "carol", false), spanList(spans[1:2], false); got != want {
			t.Errorf("got %s want %s", got, want)
		}
	})
	for _, tt := range []struct {
		name string
		ids  func(spans []annotate.Span) []int64
	}{
		{"Absent", func(s []annotate.Span) []int64 { return []int64{s[0].ID, absentSpan(s), s[2].ID} }},
		{"Twice", func(s []annotate.Span) []int64 { return []int64{s[0].ID, s[1].ID, s[0].ID} }},
	} {
		t.Run("AllOrNothing/ErrNotFound"+tt.name, func(t *testing.T) {
			st, spans := c.withSpans(t)
			before := state(t, st)
			wantErr(t, "DeleteSpans", st.DeleteSpans(ctx, tt.ids(spans)), annotate.ErrNotFound)
			unchanged(t, st, before, "a failed DeleteSpans")
		})
	}
	t.Run("Empty", func(t *testing.T) {
		st, _ := c.withSpans(t)
		before := snap(t, st)
		for _, ids := range [][]int64{nil, {}} {
			if err := st.DeleteSpans(ctx, ids); err != nil {
				t.Errorf("DeleteSpans(%#v): %v", ids, err)
			}
		}
		same(t, st, before, "DeleteSpans of no ids")
	})
}
