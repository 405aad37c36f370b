package app

import (
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// Spans of the same label that overlap or nest ("Nelson" inside "Brian
// Nelson", both PERSON) are allowed but usually a slip: the status bar
// says so when one is made, and the span list marks each with ⚠ and
// what it overlaps. Nested spans of different labels are normal.

// sameLabelOther returns a span of the open article, other than sp, with
// sp's label that shares a code point with it (the first in text order).
func (u *UI) sameLabelOther(sp annotate.Span) (annotate.Span, bool) {
	all := make([]annotate.Span, 0, len(u.order))
	for _, id := range u.order {
		all = append(all, u.spans[id])
	}
	if is := annotate.SameLabelOverlapping(all, sp); len(is) > 0 {
		return all[is[0]], true
	}
	return annotate.Span{}, false
}

// sameLabelOverlaps maps each span of the open article that overlaps
// another of its label to one such span (the first in text order).
func (u *UI) sameLabelOverlaps() map[int64]int64 {
	all := make([]annotate.Span, len(u.order))
	for i, id := range u.order {
		all[i] = u.spans[id]
	}
	out := map[int64]int64{}
	for _, p := range annotate.SameLabelOverlaps(all) {
		a, b := all[p[0]].ID, all[p[1]].ID
		if _, ok := out[a]; !ok {
			out[a] = b
		}
		if _, ok := out[b]; !ok {
			out[b] = a
		}
	}
	return out
}

// overlapText says how sp lies on other: "inside PERSON “Brian Nelson”".
func (u *UI) overlapText(sp, other annotate.Span) string {
	how := "overlaps"
	switch {
	case sp.Start == other.Start && sp.End == other.End:
		how = "duplicates"
	case other.Start <= sp.Start && sp.End <= other.End:
		how = "inside"
	case sp.Start <= other.Start && other.End <= sp.End:
		how = "contains"
	}
	return fmt.Sprintf("%s %s “%s”", how, other.Label, clip(u.ix.Slice(other.Start, other.End), 40))
}

// warnOverlap tells in the status bar when sp, just made, overlaps a span
// of its label; it reports whether it did.
func (u *UI) warnOverlap(sp annotate.Span) bool {
	if u.art == nil || sp.ArticleID != u.art.ID {
		return false
	}
	other, ok := u.sameLabelOther(sp)
	if !ok {
		return false
	}
	u.bar.hint(fmt.Sprintf("⚠ %s “%s” %s: same label (Ctrl+Z takes it back).",
		sp.Label, clip(u.ix.Slice(sp.Start, sp.End), 40), u.overlapText(sp, other)))
	return true
}
