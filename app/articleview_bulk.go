package app

// Bulk span changes ("Label all" and its undo): one index rebuild and one
// redraw for the lot, where a span at a time would rebuild the index and
// redraw once per span.

// AddSpans adds spans (those that do not fit the text are dropped; one
// already shown is updated) with one index rebuild and one redraw.
func (v *ArticleView) AddSpans(spans []ViewSpan) {
	shown := make(map[int64]bool, len(v.m.spans))
	for _, s := range v.m.spans {
		shown[s.ID] = true
	}
	add := append([]ViewSpan(nil), v.m.spans...)
	for _, s := range spans {
		switch {
		case shown[s.ID]:
			v.UpdateSpan(s)
		case s.Start >= 0 && s.Start < s.End && s.End <= v.m.n:
			add = append(add, s)
		}
	}
	v.m.setSpans(add)
	v.spansReplaced()
}

// RemoveSpans removes the spans with these ids, with one index rebuild
// and one redraw.
func (v *ArticleView) RemoveSpans(ids []int64) {
	gone := make(map[int64]bool, len(ids))
	for _, id := range ids {
		gone[id] = true
	}
	keep := v.m.spans[:0:0]
	for _, s := range v.m.spans {
		if !gone[s.ID] {
			keep = append(keep, s)
		}
	}
	if gone[v.picked] {
		v.picked = 0
	}
	v.m.setSpans(keep)
	v.spansReplaced()
}

func (v *ArticleView) spansReplaced() {
	v.updateMetrics()
	v.redrawAll()
}
