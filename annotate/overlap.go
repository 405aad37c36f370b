package annotate

import (
	"cmp"
	"slices"
)

// Spans of one annotator with the same label that overlap or nest
// ("Nelson" inside "Brian Nelson", both PERSON) are allowed, but they are
// usually a slip: the window flags them when one is made and `tagdesk
// check` lists them. Nested spans of different labels are normal.

// SameLabelOverlaps returns the pairs {i, j}, i < j, of spans in sp that
// have the same annotator and label and share at least one code point,
// ordered by i, then j.
func SameLabelOverlaps(sp []Span) [][2]int {
	order := make([]int, len(sp))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(sp[a].Start, sp[b].Start) })
	type key struct{ annotator, label string }
	open := map[key][]int{} // spans begun so far that may still overlap the next
	var pairs [][2]int
	for _, j := range order {
		k := key{sp[j].Annotator, sp[j].Label}
		live := open[k][:0]
		for _, i := range open[k] {
			if sp[i].End > sp[j].Start {
				live = append(live, i)
				pairs = append(pairs, [2]int{min(i, j), max(i, j)})
			}
		}
		open[k] = append(live, j)
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return pairs
}

// SameLabelOverlapping returns the indexes of the spans in sp, other than
// s itself (by ID when s has one), that have s's annotator and label and
// share at least one code point with it.
func SameLabelOverlapping(sp []Span, s Span) []int {
	var out []int
	for i := range sp {
		o := &sp[i]
		if (s.ID != 0 && o.ID == s.ID) || o.Label != s.Label || o.Annotator != s.Annotator {
			continue
		}
		if o.Start < s.End && s.Start < o.End {
			out = append(out, i)
		}
	}
	return out
}
