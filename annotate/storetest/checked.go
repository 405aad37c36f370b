package storetest

import (
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// testCheckedSpans: a store that implements annotate.CheckedSpans refuses
// a save or a delete of a span that someone changed after it was read,
// and changes nothing then. (Stores without it are not asked.)
func (c *contract) testCheckedSpans(t *testing.T) {
	checked := func(t *testing.T) (annotate.CheckedSpans, annotate.Store, []annotate.Span) {
		st, spans := c.withSpans(t)
		cs, ok := st.(annotate.CheckedSpans)
		if !ok {
			t.Skipf("%T does not implement annotate.CheckedSpans", st)
		}
		return cs, st, spans
	}
	t.Run("OK", func(t *testing.T) {
		cs, st, spans := checked(t)
		sp := spans[0]
		for i, note := range []string{"one", "two", "three"} { // each save is a new version, also within a millisecond
			sp.Note = note
			before := sp.Updated
			if err := cs.UpdateSpanChecked(ctx, &sp); err != nil {
				t.Fatalf("save %d: %v", i, err)
			}
			if !sp.Updated.After(before) {
				t.Fatalf("save %d: Updated %v, not after %v", i, sp.Updated, before)
			}
		}
		if err := cs.DeleteSpanChecked(ctx, sp); err != nil {
			t.Fatalf("DeleteSpanChecked of the span as last saved: %v", err)
		}
		if got := spansOf(t, st, sp.ArticleID, "carol", false); got != spanList(spans[1:], false) {
			t.Errorf("after the delete: %s", got)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		cs, st, spans := checked(t)
		mine, theirs := spans[0], spans[0]
		theirs.Note = "theirs"
		if err := cs.UpdateSpanChecked(ctx, &theirs); err != nil {
			t.Fatal(err)
		}
		before := snap(t, st)
		mine.Note = "mine"
		wantErr(t, "a save of a span changed since it was read", cs.UpdateSpanChecked(ctx, &mine), annotate.ErrConflict)
		wantErr(t, "a delete of a span changed since it was read", cs.DeleteSpanChecked(ctx, spans[0]), annotate.ErrConflict)
		same(t, st, before, "a refused save or delete")
		wantErr(t, "a save without the time it was read", cs.UpdateSpanChecked(ctx, &annotate.Span{ID: mine.ID}), annotate.ErrInvalid)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		cs, _, spans := checked(t)
		if err := cs.DeleteSpanChecked(ctx, spans[0]); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "a delete of a span deleted meanwhile", cs.DeleteSpanChecked(ctx, spans[0]), annotate.ErrNotFound)
		wantErr(t, "a save of a span deleted meanwhile", cs.UpdateSpanChecked(ctx, &spans[0]), annotate.ErrNotFound)
	})
}
